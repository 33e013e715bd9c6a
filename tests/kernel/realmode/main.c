// SPDX-License-Identifier: BSD-2-Clause
/*
 * mbreal: a Multiboot kernel that drops back to real mode and calls the
 * BIOS, as some kernels do, then checks the answers against the MBI.
 *
 * int 12h and int 15h E820/E801/88h must agree with the MBI under any
 * loader (QEMU's BIOS path answers from SeaBIOS). Under multiboot.efi,
 * whose real-mode shim answers everything else "unsupported", int 10h,
 * int 13h and an unknown int 15h must return CF set and AH = 86h.
 * Prints "mbreal: ..." lines on COM1, then "mbreal: PASS" (and exits
 * with QEMU status 1) or "mbreal: FAIL ...".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "realmode.h"
#include "serial.h"

#define MBI_MMAP_MAX E820_MAX
#define LOADER_NAME_MAX 80
/* The loader whose shim answers "unsupported" (any version). */
#define APP_LOADER_PREFIX "multiboot.efi"

#define KIB 1024ull
#define ONE_MIB (1ull << 20)
#define SIXTEEN_MIB (16ull << 20)
#define FOUR_GIB (1ull << 32)
#define E801_BLOCK (64 * KIB)
#define E801_LOW_MAX_KIB 0x3c00   /* AX covers 1 MiB to 16 MiB at most */
#define E801_HIGH_MAX 0xffff
#define EXT_KIB_MAX 0xfc00        /* AH=88h's conventional cap (63 MiB) */

/* Real-mode vectors worth printing, and the BDA's EBDA segment word. */
#define IVT ((const volatile uint32_t *)0)
#define BDA_EBDA_SEGMENT ((const volatile uint16_t *)0x40e)

struct rm_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint16_t flags, ds, es, ss, sp, pad;
} __attribute__((packed));

_Static_assert(offsetof(struct rm_regs, ebx) == R_EBX, "layout");
_Static_assert(offsetof(struct rm_regs, ebp) == R_EBP, "layout");
_Static_assert(offsetof(struct rm_regs, flags) == R_FLAGS, "layout");
_Static_assert(offsetof(struct rm_regs, sp) == R_SP, "layout");
_Static_assert(sizeof(struct rm_regs) == R_SIZE, "layout");
_Static_assert(sizeof(struct multiboot_mmap_entry) == 4 + E820_ENTRY_SIZE, "layout");

struct map_entry {
	uint64_t addr, len;
	uint32_t type;
};

/* What the MBI said, saved before real mode (nothing may move it). */
static struct {
	uint32_t flags, mem_lower, mem_upper, count;
	struct map_entry map[MBI_MMAP_MAX];
	char loader[LOADER_NAME_MAX];
	bool app;
} mbi;

static unsigned failures;

static void line(const char *s)
{
	serial_puts("mbreal: ");
	serial_puts(s);
}

static void fail(const char *what)
{
	failures++;
	line("FAIL ");
	serial_puts(what);
	serial_puts("\n");
}

/* expect_eq: one value; a mismatch prints WHAT, what it was and should be. */
static void expect_eq(const char *call, const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return;
	failures++;
	line("FAIL ");
	serial_puts(call);
	serial_puts(": ");
	serial_puts(what);
	serial_puts("=");
	serial_hex(got);
	serial_puts(", want ");
	serial_hex(want);
	serial_puts("\n");
}

static const struct rm_regs *regs_at(uint32_t offset)
{
	return (const struct rm_regs *)(uintptr_t)(RM_BASE + offset);
}

static bool carry(const struct rm_regs *r)
{
	return r->flags & FLAG_CF;
}

static size_t string_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* Registers a call must hand back as it got them (DI: EDI's value then). */
static void expect_kept(const char *call, const struct rm_regs *r, uint32_t edi)
{
	expect_eq(call, "esi", r->esi, SENTINEL_ESI);
	expect_eq(call, "edi", r->edi, edi);
	expect_eq(call, "ebp", r->ebp, SENTINEL_EBP);
	expect_eq(call, "ds", r->ds, RM_SEGMENT);
	expect_eq(call, "es", r->es, RM_SEGMENT);
	expect_eq(call, "ss", r->ss, 0);
	expect_eq(call, "sp", r->sp, RM_STACK_TOP);
}

/* ... and, for calls that return only AX, the other general registers. */
static void expect_kept_bcd(const char *call, const struct rm_regs *r)
{
	expect_eq(call, "ebx", r->ebx, SENTINEL_EBX);
	expect_eq(call, "ecx", r->ecx, SENTINEL_ECX);
	expect_eq(call, "edx", r->edx, SENTINEL_EDX);
}

static void print_regs(const char *call, const struct rm_regs *r)
{
	line(call);
	serial_puts(" cf=");
	serial_dec(carry(r));
	serial_puts(" eax=");
	serial_hex(r->eax);
	serial_puts(" ebx=");
	serial_hex(r->ebx);
	serial_puts(" ecx=");
	serial_hex(r->ecx);
	serial_puts(" edx=");
	serial_hex(r->edx);
	serial_puts("\n");
}

/* Does [addr, addr + len) touch the low memory real mode uses? */
static bool in_real_mode_area(uint64_t addr, uint64_t len)
{
	return len && addr < RM_END && addr + len > RM_STACK_LOW;
}

static void expect_clear_of_real_mode_area(const char *what, uint64_t addr, uint64_t len)
{
	if (in_real_mode_area(addr, len))
		fail(what);
}

/* The MBI, copied; and nothing of it where real mode will write. */
static bool save_mbi(uint32_t magic, const struct multiboot_info *info)
{
	uintptr_t at;

	expect_eq("boot", "magic", magic, MULTIBOOT_BOOTLOADER_MAGIC);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		return false;
	mbi.flags = info->flags;
	if (!(mbi.flags & MULTIBOOT_INFO_MEMORY) || !(mbi.flags & MULTIBOOT_INFO_MEM_MAP)) {
		fail("MBI without mem_lower/mem_upper or memory map");
		return false;
	}
	mbi.mem_lower = info->mem_lower;
	mbi.mem_upper = info->mem_upper;
	if (mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
		const char *name = (const char *)(uintptr_t)info->boot_loader_name;
		size_t n = string_len(name);

		expect_clear_of_real_mode_area("loader name in 0x7000-0x8fff", (uintptr_t)name, n + 1);
		for (size_t i = 0; i < n && i < LOADER_NAME_MAX - 1; i++)
			mbi.loader[i] = name[i];
	}
	mbi.app = starts_with(mbi.loader, APP_LOADER_PREFIX);
	expect_clear_of_real_mode_area("MBI in 0x7000-0x8fff", (uintptr_t)info, sizeof(*info));
	expect_clear_of_real_mode_area("memory map in 0x7000-0x8fff", info->mmap_addr,
				       info->mmap_length);
	if (mbi.flags & MULTIBOOT_INFO_CMDLINE) {
		const char *cmdline = (const char *)(uintptr_t)info->cmdline;

		expect_clear_of_real_mode_area("command line in 0x7000-0x8fff", info->cmdline,
					       string_len(cmdline) + 1);
	}
	if (mbi.flags & MULTIBOOT_INFO_MODS) {
		const struct multiboot_mod_list *mods = (const void *)(uintptr_t)info->mods_addr;

		expect_clear_of_real_mode_area("module list in 0x7000-0x8fff", info->mods_addr,
					       info->mods_count * sizeof(*mods));
		for (uint32_t i = 0; i < info->mods_count; i++)
			expect_clear_of_real_mode_area("a module in 0x7000-0x8fff", mods[i].mod_start,
						       mods[i].mod_end - mods[i].mod_start);
	}

	for (at = info->mmap_addr; at < info->mmap_addr + info->mmap_length;) {
		const struct multiboot_mmap_entry *e = (const void *)at;

		if (mbi.count == MBI_MMAP_MAX) {
			fail("more memory map entries than this test takes");
			return false;
		}
		mbi.map[mbi.count].addr = e->addr;
		mbi.map[mbi.count].len = e->len;
		mbi.map[mbi.count].type = e->type;
		mbi.count++;
		at += e->size + sizeof(e->size);
	}
	return failures == 0;
}

/* Bytes of available RAM contiguous from base (in any entry order), to limit. */
static uint64_t contiguous_from(uint64_t base, uint64_t limit)
{
	uint64_t at = base;
	bool grew = true;

	while (grew && at < limit) {
		grew = false;
		for (uint32_t i = 0; i < mbi.count; i++) {
			const struct map_entry *e = &mbi.map[i];

			if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= at &&
			    e->addr + e->len > at) {
				at = e->addr + e->len;
				grew = true;
			}
		}
	}
	return (at < limit ? at : limit) - base;
}

/* Real mode's stack, code and results must be RAM the map hands over. */
static bool real_mode_area_available(void)
{
	return contiguous_from(RM_STACK_LOW, RM_END) == RM_END - RM_STACK_LOW;
}

static void print_vector(const char *name, unsigned v)
{
	serial_puts(name);
	serial_hex(IVT[v] >> 16);
	serial_puts(":");
	serial_hex(IVT[v] & 0xffff);
}

static void print_mbi(void)
{
	line("loader \"");
	serial_puts(mbi.loader);
	serial_puts(mbi.app ? "\": unsupported calls checked\n"
			    : "\": unsupported calls not checked\n");
	line("mbi mem_lower=");
	serial_dec(mbi.mem_lower);
	serial_puts(" mem_upper=");
	serial_dec(mbi.mem_upper);
	serial_puts(" mmap entries=");
	serial_dec(mbi.count);
	serial_puts("\n");
	line("bda ebda=");
	serial_hex(*BDA_EBDA_SEGMENT);
	print_vector(" ivt 10h=", 0x10);
	print_vector(" 12h=", 0x12);
	print_vector(" 13h=", 0x13);
	print_vector(" 15h=", 0x15);
	serial_puts("\n");
}

static void check_int12(void)
{
	const struct rm_regs *r = regs_at(RES_INT12);

	line("int12 ax=");
	serial_dec(r->eax & 0xffff);
	serial_puts(" mem_lower=");
	serial_dec(mbi.mem_lower);
	serial_puts("\n");
	expect_eq("int12", "ax", r->eax & 0xffff, mbi.mem_lower);
	expect_kept("int12", r, SENTINEL_EDI);
	expect_kept_bcd("int12", r);
}

static void print_e820(uint32_t i, const struct rm_regs *r, const uint8_t *buf)
{
	const struct multiboot_mmap_entry *e = (const void *)(buf - sizeof(e->size));

	line("e820 ");
	serial_dec(i);
	serial_puts(" addr=");
	serial_hex(e->addr);
	serial_puts(" len=");
	serial_hex(e->len);
	serial_puts(" type=");
	serial_dec(e->type);
	serial_puts(" cf=");
	serial_dec(carry(r));
	serial_puts(" ebx=");
	serial_hex(r->ebx);
	serial_puts("\n");
}

static void check_e820(void)
{
	uint32_t calls = *(const uint16_t *)(uintptr_t)(RM_BASE + RES_E820_CALLS);

	for (uint32_t i = 0; i < calls; i++) {
		const struct rm_regs *r = regs_at(RES_E820_REGS + i * R_SIZE);
		const uint8_t *buf = (const uint8_t *)(uintptr_t)(RM_BASE + RES_E820_BUF +
								  i * E820_ENTRY_SIZE);
		const struct multiboot_mmap_entry *e = (const void *)(buf - sizeof(e->size));
		const struct map_entry *want = &mbi.map[i];
		bool last = i + 1 == mbi.count;

		print_e820(i, r, buf);
		expect_eq("e820", "cf", carry(r), 0);
		if (carry(r))
			break;
		expect_eq("e820", "eax", r->eax, SMAP_SIGNATURE);
		expect_eq("e820", "ecx", r->ecx, E820_ENTRY_SIZE);
		expect_kept("e820", r, RES_E820_BUF + i * E820_ENTRY_SIZE);
		if (i >= mbi.count)
			continue;
		expect_eq("e820", "addr", e->addr, want->addr);
		expect_eq("e820", "len", e->len, want->len);
		expect_eq("e820", "type", e->type, want->type);
		if (last)
			expect_eq("e820 last", "ebx", r->ebx, 0);
		else if (r->ebx == 0)
			fail("e820: ebx=0 before the last entry");
	}
	line("e820 entries=");
	serial_dec(calls);
	serial_puts(" mbi=");
	serial_dec(mbi.count);
	serial_puts("\n");
	expect_eq("e820", "entries", calls, mbi.count);
}

/*
 * E801: AX = CX = KiB of RAM from 1 MiB (up to 16 MiB), BX = DX = 64 KiB
 * blocks from 16 MiB (below 4 GiB), counting RAM contiguous in the map,
 * and nothing above 16 MiB unless RAM reaches it unbroken. multiboot.efi
 * answers so; SeaBIOS does too (from its RAM size, which is what its map
 * says), so one expectation serves both.
 */
static void check_e801(void)
{
	const struct rm_regs *r = regs_at(RES_E801);
	uint64_t low = contiguous_from(ONE_MIB, SIXTEEN_MIB) / KIB;
	uint64_t high = low == E801_LOW_MAX_KIB ?
		contiguous_from(SIXTEEN_MIB, FOUR_GIB) / E801_BLOCK : 0;

	if (high > E801_HIGH_MAX)
		high = E801_HIGH_MAX;
	print_regs("e801", r);
	line("e801 want ax=cx=");
	serial_hex(low);
	serial_puts(" bx=dx=");
	serial_hex(high);
	serial_puts("\n");
	expect_eq("e801", "cf", carry(r), 0);
	expect_eq("e801", "ax", r->eax & 0xffff, low);
	expect_eq("e801", "bx", r->ebx & 0xffff, high);
	expect_eq("e801", "cx", r->ecx & 0xffff, low);
	expect_eq("e801", "dx", r->edx & 0xffff, high);
	expect_kept("e801", r, SENTINEL_EDI);
}

/* AH=88h: KiB contiguous from 1 MiB, capped at 0xfc00 (SeaBIOS too). */
static void check_88(void)
{
	const struct rm_regs *r = regs_at(RES_88);
	uint64_t ext = contiguous_from(ONE_MIB, FOUR_GIB) / KIB;
	uint64_t want = ext < EXT_KIB_MAX ? ext : EXT_KIB_MAX;

	print_regs("88h", r);
	line("88h want ax=");
	serial_hex(want);
	serial_puts("\n");
	expect_eq("88h", "cf", carry(r), 0);
	expect_eq("88h", "ax", r->eax & 0xffff, want);
	expect_kept("88h", r, SENTINEL_EDI);
	expect_kept_bcd("88h", r);
}

/* What multiboot.efi's shim answers every call it does not implement. */
static void check_unsupported(const char *call, uint32_t offset)
{
	const struct rm_regs *r = regs_at(offset);

	print_regs(call, r);
	if (!mbi.app)
		return;
	expect_eq(call, "cf", carry(r), 1);
	expect_eq(call, "ah", (r->eax >> 8) & 0xff, BIOS_UNSUPPORTED);
	expect_kept(call, r, SENTINEL_EDI);
}

/* Copy the trampoline below 1 MiB and run it. */
static void run_real_mode(void)
{
	size_t size = (size_t)(rm_blob_end - rm_blob_start);
	uint8_t *low = (uint8_t *)(uintptr_t)RM_BASE;

	/* The results follow the code at RES_BASE. */
	if (size > RM_CODE_MAX) {
		fail("trampoline larger than RM_CODE_MAX");
		return;
	}
	/* A pattern in the results, so nothing unwritten reads as an answer. */
	for (size_t i = RES_BASE; i < RES_END; i++)
		low[i] = 0xee;
	for (size_t i = 0; i < size; i++)
		low[i] = rm_blob_start[i];
	line("entering real mode\n");
	realmode_run();
	line("back in protected mode\n");
}

void kmain(uint32_t magic, const struct multiboot_info *info);

void kmain(uint32_t magic, const struct multiboot_info *info)
{
	line("start\n");
	if (!save_mbi(magic, info))
		goto out;
	print_mbi();
	if (!real_mode_area_available()) {
		fail("0x7000-0x8fff is not available RAM in the memory map");
		goto out;
	}
	run_real_mode();
	if (failures)
		goto out;
	check_int12();
	check_e820();
	check_e801();
	check_88();
	check_unsupported("int10/0fh", RES_INT10);
	check_unsupported("int13/41h", RES_INT13);
	check_unsupported("e980", RES_E980);
out:
	if (failures) {
		line("FAIL (");
		serial_dec(failures);
		serial_puts(" failed checks)\n");
		debug_exit(EXIT_FAIL);
	}
	line("PASS\n");
	debug_exit(EXIT_PASS);
}
