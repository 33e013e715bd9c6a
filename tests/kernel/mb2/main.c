// SPDX-License-Identifier: BSD-2-Clause
/* Multiboot 2 test kernels: check what the loader handed over, print it
 * all on COM1 (one line per tag), and end QEMU with pass or fail. The same
 * file builds the 32-bit kernels and the relocatable 64-bit one. */
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "exit.h"
#include "expect_mb2.h"
#include "mb2test.h"
#ifndef __x86_64__
#include "fseg.h"
#include "pic.h"
#endif
#include "print.h"
#include "regions.h"
#include "serial.h"
#include "text.h"

/* A value the loader must copy from the image: proves .data arrived. */
#define DATA_PATTERN 0x5EED1234u

/* Written by the entry code before the .bss zero-fill check runs. */
uint32_t entry_kind __attribute__((section(".bss.entry")));

static volatile uint32_t data_pattern = DATA_PATTERN;
static struct mb2_info info;

/* From the linker script and the entry code. In the 64-bit kernel the
 * compiler reaches them RIP-relative: their addresses are the runtime ones. */
extern char __kernel_start[], __kernel_end[], __bss_check_start[];
#ifdef __x86_64__
extern char entry_efi64[];
#define KERNEL_BITS 64
#define LINK_BASE   MB2TEST64_LINK_BASE
#else
extern char _start[], _start_efi32[];
#define KERNEL_BITS 32
#define LINK_BASE   ((uintptr_t)__kernel_start)  /* never moved */
#endif

const char *entry_name(uint32_t kind)
{
	switch (kind) {
	case ENTRY_KIND_I386:
		return "i386";
	case ENTRY_KIND_EFI32:
		return "efi32";
	case ENTRY_KIND_EFI64:
		return "efi64";
	default:
		return "none";
	}
}

/* The runtime address of the entry code that ran. */
static uintptr_t entry_address(void)
{
#ifdef __x86_64__
	return (uintptr_t)entry_efi64;
#else
	return (uintptr_t)(entry_kind == ENTRY_KIND_EFI32 ? _start_efi32 : _start);
#endif
}

/* Returns the address of the first nonzero byte of the checked .bss, or 0.
 * Must run before any C global in .bss is written. */
static uintptr_t first_dirty_bss(void)
{
	for (const volatile char *p = __bss_check_start; p < __kernel_end; p++)
		if (*p)
			return (uintptr_t)p;
	return 0;
}

void place(const char *name, uint32_t index, uint64_t start, uint64_t end)
{
	region_add(name, index, start, end);
	efimap_require_loader(name, index, start, end);
}

static void check_image(uintptr_t dirty_bss)
{
	report("kernel start=0x%llx end=0x%llx linked at 0x%llx",
	       (unsigned long long)(uintptr_t)__kernel_start,
	       (unsigned long long)(uintptr_t)__kernel_end, (unsigned long long)LINK_BASE);
	if (dirty_bss)
		fail(".bss not zeroed: byte at 0x%llx is 0x%x", (unsigned long long)dirty_bss,
		     *(const uint8_t *)dirty_bss);
	if (data_pattern != DATA_PATTERN)
		fail(".data pattern=0x%x want 0x%x", data_pattern, DATA_PATTERN);
}

/* Tag 21 is the truth about where the image went whenever it is there;
 * reloc=1 demands it. The 64-bit kernel must also sit where its
 * relocatable tag allows. */
static void check_load_base(int want)
{
	const struct mb2_tag_load_base_addr *tag = (const void *)info.tag[MB2_TAG_LOAD_BASE_ADDR];
	uintptr_t base = (uintptr_t)__kernel_start;

	if (tag) {
		report("tag 21 load-base=0x%x", tag->load_base_addr);
		if (tag->size < sizeof(*tag))
			fail("tag 21 size=%u too small", tag->size);
		else if (tag->load_base_addr != base)
			fail("load-base=0x%x but the kernel runs at 0x%llx", tag->load_base_addr,
			     (unsigned long long)base);
	} else if (want) {
		fail("reloc=1: no load-base tag (21)");
	}
#ifdef __x86_64__
	report("relocated from 0x%x to 0x%llx", MB2TEST64_LINK_BASE, (unsigned long long)base);
	if (base % MB2TEST64_ALIGN || base < MB2TEST64_MIN_ADDR ||
	    (uintptr_t)__kernel_end > MB2TEST64_MAX_ADDR)
		fail("kernel [0x%llx,0x%llx) not %u-aligned within [0x%x,0x%x]",
		     (unsigned long long)base, (unsigned long long)(uintptr_t)__kernel_end,
		     MB2TEST64_ALIGN, MB2TEST64_MIN_ADDR, MB2TEST64_MAX_ADDR);
#endif
}

/* Which tags the entry that ran implies: the EFI entries are taken only
 * with boot services kept (tag 18); after the i386 entry they are gone and
 * the memory tags the kernel requested must be there. */
static void check_entry_tags(const struct expectations *want)
{
	int bs = info.tag[MB2_TAG_EFI_BS] != 0;

	report("entry=%s", entry_name(entry_kind));
	if (want->entry != WANT_ANY && (uint32_t)want->entry != entry_kind)
		fail("entry=%s want %s", entry_name(entry_kind), entry_name((uint32_t)want->entry));
	if (entry_kind == ENTRY_KIND_I386) {
		if (bs)
			fail("i386 entry but tag 18 (boot services not terminated)");
		if (!info.tag[MB2_TAG_BASIC_MEMINFO] || !info.tag[MB2_TAG_MMAP])
			fail("i386 entry: requested tags 4 (meminfo) and 6 (mmap) missing");
	} else if (!bs) {
		fail("%s entry without tag 18 (boot services terminated)", entry_name(entry_kind));
	}
}

static void check_expectations(const struct expectations *want, uint32_t loader_len,
			       const char *loader)
{
	if (want->mods != WANT_ANY && info.count[MB2_TAG_MODULE] != (uint32_t)want->mods)
		fail("module tags=%u want %u", info.count[MB2_TAG_MODULE], (unsigned)want->mods);
	if (want->loader) {
		for (uint32_t i = 0; i < want->loader_len; i++)
			if (i >= loader_len || loader[i] != want->loader[i]) {
				fail("loader name \"%s\" does not start with the expected prefix",
				     loader);
				break;
			}
	}
}

static void check_mbi(uintptr_t addr)
{
	struct expectations want;
	const char *cmdline = "", *loader = "";
	uint32_t loader_len = 0;
	uintptr_t entry = entry_address();

	if (!tags_parse(addr, &info))
		return;
	if (!info.tag[MB2_TAG_CMDLINE])
		fail("no cmdline tag (1), which the kernel requires");
	else if (!(cmdline = tag_string(info.tag[MB2_TAG_CMDLINE], "cmdline")))
		cmdline = "";
	if (!info.tag[MB2_TAG_BOOT_LOADER_NAME])
		fail("no boot loader name tag (2), which the kernel requires");
	else if (!(loader = tag_string(info.tag[MB2_TAG_BOOT_LOADER_NAME], "loader")))
		loader = "";
	while (loader[loader_len])
		loader_len++;
	/* The line tests/boot/expect.sh matches. */
	report("cmdline=\"%s\"", cmdline);
	report("loader=\"%s\"", loader);
	expect_parse(cmdline, &want);
	check_entry_tags(&want);

	memmap_check(&info);
	efimap_check(&info);
	place("kernel", REGION_SINGLE, (uintptr_t)__kernel_start, (uintptr_t)__kernel_end);
	place("mbi", REGION_SINGLE, addr, addr + (uint64_t)info.total_size);
	modules_check_mb2(&info, 1);
	elfsec_check(&info, entry, (uintptr_t)__kernel_start - LINK_BASE, want.shaddr_link);
	regions_check();

	framebuffer_check(&info, want.fb);
	efi_tables_check(&info, want.efi_bits);
	if (!acpi_check(&info) && want.acpi == 1)
		fail("acpi=1: no RSDP tag (14/15) leading to a valid FADT");
	if (want.acpi == 0 && (info.tag[MB2_TAG_ACPI_OLD] || info.tag[MB2_TAG_ACPI_NEW]))
		fail("acpi=0: an RSDP tag (14/15) is present");
	if (!smbios_check(&info) && want.smbios)
		fail("smbios=1: no valid SMBIOS tag (13)");
	check_load_base(want.reloc);
	check_expectations(&want, loader_len, loader);
#ifndef __x86_64__
	/* The BIOS-era machine state, which only a kernel entered after
	 * ExitBootServices gets (the 64-bit kernel has only an EFI entry). */
	if (want.pic)
		pic_check();
	if (want.fseg != WANT_ANY)
		fseg_check(want.fseg != 0, want.acpi != 0, want.cpus);
#endif
}

__attribute__((noreturn)) void kmain(void)
{
	uintptr_t dirty_bss = first_dirty_bss();

	serial_init();
	report("multiboot2 test kernel (%u-bit)", KERNEL_BITS);
	cpu_check();
	check_image(dirty_bss);
	/* cpu_check has already failed a wrong magic: then EBX means nothing. */
	if (entry_magic() == MB2_BOOTLOADER_MAGIC)
		check_mbi((uintptr_t)entry_mbi());
	else
		report("entry=%s", entry_name(entry_kind));

	if (failure_count()) {
		report("FAILED %u checks", failure_count());
		qemu_exit(EXIT_FAIL);
	}
	report("PASS");
	qemu_exit(EXIT_PASS);
}
