// SPDX-License-Identifier: BSD-2-Clause
/*
 * mbreal: a Multiboot kernel that drops back to real mode and calls the
 * BIOS, as some kernels do, then checks the answers against the MBI.
 * Built twice: mbreal.elf with a Multiboot 1 header, mbreal-mb2.elf with a
 * Multiboot 2 one (i386 entry), whose answers are checked against the
 * basic memory information and memory map tags instead.
 *
 * int 12h and int 15h E820/E801/88h must agree with the MBI under any
 * loader (QEMU's BIOS path answers from SeaBIOS). Under multiboot.efi,
 * whose real-mode shim answers everything else "unsupported", int 10h,
 * int 13h and an unknown int 15h must return CF set and AH = 86h.
 * With "rmtimer=1" on its command line it also enables interrupts in real
 * mode and waits for the BIOS's timer interrupt to raise the BDA tick
 * count at 0x46C; "bioscalls=0" leaves the calls out (for a loader that
 * has no EBDA to keep a BIOS-call shim in, but still takes the timer
 * interrupt in real mode). Prints "mbreal: ..." lines on COM1, then
 * "mbreal: PASS" (and exits with QEMU status 1) or "mbreal: FAIL ...".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "multiboot2.h"
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
/* The BDA tick count goes back to 0 at midnight, after this many. */
#define TICKS_PER_DAY 0x1800b0
#define TIMER_WORD "rmtimer=1"
#define NO_CALLS_WORD "bioscalls=0"
#define MB2_TAG_ALIGN_MASK (MB2_TAG_ALIGN - 1)
/* The 24-byte entry of the Multiboot 2 map's version 0. */
#define MB2_MMAP_ENTRY_VERSION 0

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
	bool rmtimer;   /* the command line asks for the real-mode timer check */
	bool no_calls;  /* ... and for no BIOS calls */
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

/* Whether the space-separated words of s include word. */
static bool has_word(const char *s, const char *word)
{
	while (*s) {
		const char *w = word;

		while (*s == ' ')
			s++;
		while (*w && *s == *w) {
			s++;
			w++;
		}
		if (!*w && (*s == ' ' || !*s))
			return true;
		while (*s && *s != ' ')
			s++;
	}
	return false;
}

static void save_loader_name(const char *name)
{
	size_t n = string_len(name);

	expect_clear_of_real_mode_area("loader name in 0x7000-0x8fff", (uintptr_t)name, n + 1);
	for (size_t i = 0; i < n && i < LOADER_NAME_MAX - 1; i++)
		mbi.loader[i] = name[i];
}

static void save_cmdline(const char *cmdline)
{
	expect_clear_of_real_mode_area("command line in 0x7000-0x8fff", (uintptr_t)cmdline,
				       string_len(cmdline) + 1);
	mbi.rmtimer = has_word(cmdline, TIMER_WORD);
	mbi.no_calls = has_word(cmdline, NO_CALLS_WORD);
}

static bool save_map_entry(uint64_t addr, uint64_t len, uint32_t type)
{
	if (mbi.count == MBI_MMAP_MAX) {
		fail("more memory map entries than this test takes");
		return false;
	}
	mbi.map[mbi.count].addr = addr;
	mbi.map[mbi.count].len = len;
	mbi.map[mbi.count].type = type;
	mbi.count++;
	return true;
}

/* The MBI, copied; and nothing of it where real mode will write. */
static bool save_mbi(const struct multiboot_info *info)
{
	uintptr_t at;

	mbi.flags = info->flags;
	if (!(mbi.flags & MULTIBOOT_INFO_MEMORY) || !(mbi.flags & MULTIBOOT_INFO_MEM_MAP)) {
		fail("MBI without mem_lower/mem_upper or memory map");
		return false;
	}
	mbi.mem_lower = info->mem_lower;
	mbi.mem_upper = info->mem_upper;
	if (mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		save_loader_name((const char *)(uintptr_t)info->boot_loader_name);
	expect_clear_of_real_mode_area("MBI in 0x7000-0x8fff", (uintptr_t)info, sizeof(*info));
	expect_clear_of_real_mode_area("memory map in 0x7000-0x8fff", info->mmap_addr,
				       info->mmap_length);
	if (mbi.flags & MULTIBOOT_INFO_CMDLINE)
		save_cmdline((const char *)(uintptr_t)info->cmdline);
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

		if (!save_map_entry(e->addr, e->len, e->type))
			return false;
		at += e->size + sizeof(e->size);
	}
	return failures == 0;
}

static bool save_mb2_map(const struct mb2_tag_mmap *tag)
{
	if (tag->size < sizeof(*tag) || tag->entry_size != sizeof(struct mb2_mmap_entry) ||
	    tag->entry_version != MB2_MMAP_ENTRY_VERSION) {
		fail("memory map tag with an entry size or version this test does not take");
		return false;
	}
	for (uint32_t i = 0; i < (tag->size - sizeof(*tag)) / tag->entry_size; i++)
		if (!save_map_entry(tag->entries[i].addr, tag->entries[i].len, tag->entries[i].type))
			return false;
	return true;
}

/* The same from Multiboot 2 tags: basic memory information (4) for
 * mem_lower and mem_upper, the memory map (6). */
static bool save_mb2(const struct mb2_info_header *info)
{
	uintptr_t at = (uintptr_t)info + sizeof(*info), end = (uintptr_t)info + info->total_size;
	bool meminfo = false, map = false;

	expect_clear_of_real_mode_area("MBI in 0x7000-0x8fff", (uintptr_t)info, info->total_size);
	while (at + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *tag = (const void *)at;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || tag->size > end - at) {
			fail("a Multiboot 2 tag runs past the information's total size");
			return false;
		}
		if (tag->type == MB2_TAG_CMDLINE) {
			save_cmdline(((const struct mb2_tag_string *)tag)->string);
		} else if (tag->type == MB2_TAG_BOOT_LOADER_NAME) {
			save_loader_name(((const struct mb2_tag_string *)tag)->string);
		} else if (tag->type == MB2_TAG_MODULE) {
			const struct mb2_tag_module *mod = (const void *)tag;

			expect_clear_of_real_mode_area("a module in 0x7000-0x8fff", mod->mod_start,
						       mod->mod_end - mod->mod_start);
		} else if (tag->type == MB2_TAG_BASIC_MEMINFO) {
			const struct mb2_tag_basic_meminfo *m = (const void *)tag;

			mbi.mem_lower = m->mem_lower;
			mbi.mem_upper = m->mem_upper;
			meminfo = true;
		} else if (tag->type == MB2_TAG_MMAP) {
			if (!save_mb2_map((const void *)tag))
				return false;
			map = true;
		}
		at += (tag->size + MB2_TAG_ALIGN_MASK) & ~(uintptr_t)MB2_TAG_ALIGN_MASK;
	}
	if (!meminfo || !map) {
		fail("Multiboot 2 information without the basic memory information or memory map tag");
		return false;
	}
	return failures == 0;
}

/* The information in the format the header asked for (want_magic says
 * which), saved; the loader's magic must match it. */
static bool save_info(uint32_t magic, uintptr_t info, uint32_t want_magic)
{
	bool ok;

	expect_eq("boot", "magic", magic, want_magic);
	if (magic != want_magic)
		return false;
	if (magic == MB2_BOOTLOADER_MAGIC)
		ok = save_mb2((const void *)info);
	else
		ok = save_mbi((const void *)info);
	mbi.app = starts_with(mbi.loader, APP_LOADER_PREFIX);
	return ok;
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

static uint32_t result32(uint32_t offset)
{
	return *(const volatile uint32_t *)(uintptr_t)(RM_BASE + offset);
}

static uint16_t result16(uint32_t offset)
{
	return *(const volatile uint16_t *)(uintptr_t)(RM_BASE + offset);
}

/*
 * rmtimer=1: with interrupts on in real mode, the BIOS's IRQ 0 handler
 * (IVT 08h) raised the BDA tick count at least TIMER_WANT_TICKS times
 * before the trampoline gave up, and acknowledged each (more than one
 * could not have come otherwise, and nothing is left in service).
 */
static void check_timer(void)
{
	uint32_t start = result32(RES_TICKS_START), end = result32(RES_TICKS_END);
	uint32_t isr = result16(RES_TIMER_ISR), timeout = result16(RES_TIMER_TIMEOUT);
	uint32_t ticks = end >= start ? end - start : end + TICKS_PER_DAY - start;

	line("rmtimer");
	print_vector(" ivt 08h=", 0x08);
	serial_puts(" ticks ");
	serial_hex(start);
	serial_puts(" -> ");
	serial_hex(end);
	serial_puts(" (+");
	serial_dec(ticks);
	serial_puts(") isr=");
	serial_hex(isr);
	serial_puts(timeout ? " gave up\n" : "\n");
	if (timeout || ticks < TIMER_WANT_TICKS)
		expect_eq("rmtimer", "BDA ticks within 2^33 TSC cycles", ticks, TIMER_WANT_TICKS);
	expect_eq("rmtimer", "PIC in-service registers after the wait", isr, 0);
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
	*(volatile uint16_t *)(uintptr_t)(RM_BASE + RES_REQUEST) =
		(mbi.rmtimer ? REQ_TIMER : 0) | (mbi.no_calls ? REQ_NO_CALLS : 0);
	line("entering real mode\n");
	realmode_run();
	line("back in protected mode\n");
}

void kmain(uint32_t magic, uintptr_t info, uint32_t want_magic);

/* entry.S passes the loader's EAX and EBX, and the magic its header's
 * Multiboot version wants. */
void kmain(uint32_t magic, uintptr_t info, uint32_t want_magic)
{
	line("start\n");
	if (!save_info(magic, info, want_magic))
		goto out;
	print_mbi();
	if (!real_mode_area_available()) {
		fail("0x7000-0x8fff is not available RAM in the memory map");
		goto out;
	}
	/* Interrupts through a null vector would run the IVT itself as code:
	 * say so, rather than crash or hang. */
	if (mbi.rmtimer && !IVT[0x08]) {
		fail("rmtimer: IVT 08h is 0000:0000, no timer handler");
		mbi.rmtimer = false;
	}
	run_real_mode();
	if (failures)
		goto out;
	if (mbi.no_calls) {
		line("no BIOS calls (bioscalls=0)\n");
	} else {
		check_int12();
		check_e820();
		check_e801();
		check_88();
		check_unsupported("int10/0fh", RES_INT10);
		check_unsupported("int13/41h", RES_INT13);
		check_unsupported("e980", RES_E980);
	}
	if (mbi.rmtimer)
		check_timer();
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
