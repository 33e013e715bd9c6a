// SPDX-License-Identifier: BSD-2-Clause
/* Multiboot v1 test kernel: checks what the loader handed over, prints it
 * all on COM1, and ends QEMU with pass or fail. It doubles as the demo
 * kernel, since what it prints is what it received. */
#include <stddef.h>
#include <stdint.h>
#include <multiboot/multiboot.h>
#include "check.h"
#include "cpu_checks.h"
#include "entry_state.h"
#include "exit.h"
#include "fb.h"
#include "expect.h"
#include "mmap.h"
#include "modules.h"
#include "print.h"
#include "regions.h"
#include "serial.h"
#include "text.h"

#define REQUIRED_FLAGS (MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS | \
			MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME)
/* The 88 bytes QEMU and GRUB fill; the framebuffer fields after them exist
 * only with flag bit 12 (a loader that found a framebuffer). */
#define MBI_SIZE offsetof(multiboot_info_t, framebuffer_addr)
#define MBI_SIZE_FB sizeof(multiboot_info_t)
/* A value the loader must copy from the image: proves .data arrived. */
#define DATA_PATTERN 0x5EED1234u

struct entry_state entry_state __attribute__((section(".bss.entry")));

static volatile uint32_t data_pattern = DATA_PATTERN;

/* From the linker script. */
extern char __kernel_start[], __kernel_end[], __bss_check_start[];

/* Returns the address of the first nonzero byte of the checked .bss, or 0.
 * Must run before any C global in .bss is written. */
static uint32_t first_dirty_bss(void)
{
	for (const volatile char *p = __bss_check_start; p < __kernel_end; p++)
		if (*p)
			return (uint32_t)p;
	return 0;
}

static void check_image(uint32_t dirty_bss)
{
	report("kernel start=0x%x end=0x%x", (uint32_t)__kernel_start, (uint32_t)__kernel_end);
	if (dirty_bss)
		fail(".bss not zeroed: byte at 0x%x is 0x%x", dirty_bss, *(const uint8_t *)dirty_bss);
	if (data_pattern != DATA_PATTERN)
		fail(".data pattern=0x%x want 0x%x", data_pattern, DATA_PATTERN);
	region_add("kernel", REGION_SINGLE, (uint32_t)__kernel_start, (uint32_t)__kernel_end);
}

/* Prints and records a loader string; returns it, or "" if unusable. */
static const char *loader_string(const char *name, uint32_t flag, uint32_t flags, uint32_t addr)
{
	int32_t len;

	if (!(flags & flag))
		return "";
	len = text_length(addr);
	if (len < 0) {
		fail("%s=0x%x missing or unterminated", name, addr);
		return "";
	}
	report("%s=\"%s\"", name, (const char *)addr);
	region_add(name, REGION_SINGLE, addr, addr + (uint64_t)len + 1);
	return (const char *)addr;
}

/* Checks everything; returns whether the command line asks for a drawing. */
static int check_mbi(const multiboot_info_t *mbi)
{
	const char *cmdline;
	uint32_t mbi_size = mbi->flags & MULTIBOOT_INFO_FRAMEBUFFER_INFO ? MBI_SIZE_FB : MBI_SIZE;

	report("flags=0x%x mem_lower=%u mem_upper=%u boot_device=0x%x",
	       mbi->flags, mbi->mem_lower, mbi->mem_upper, mbi->boot_device);
	if ((mbi->flags & REQUIRED_FLAGS) != REQUIRED_FLAGS)
		fail("flags=0x%x missing 0x%x", mbi->flags, REQUIRED_FLAGS & ~mbi->flags);
	region_add("mbi", REGION_SINGLE, (uint32_t)mbi, (uint32_t)mbi + (uint64_t)mbi_size);

	cmdline = loader_string("cmdline", MULTIBOOT_INFO_CMDLINE, mbi->flags, mbi->cmdline);
	loader_string("loader", MULTIBOOT_INFO_BOOT_LOADER_NAME, mbi->flags, mbi->boot_loader_name);
	if (mbi->flags & MULTIBOOT_INFO_MODS)
		modules_check(mbi);
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		mmap_check(mbi);
		region_add("mmap", REGION_SINGLE, mbi->mmap_addr,
			   mbi->mmap_addr + (uint64_t)mbi->mmap_length);
		regions_check();
	}
	expectations_check(mbi, cmdline);
	return expect_draw(cmdline);
}

__attribute__((noreturn)) void kmain(void)
{
	uint32_t dirty_bss = first_dirty_bss();
	const multiboot_info_t *mbi = (const multiboot_info_t *)entry_state.ebx;
	int draw = 0;

	serial_init();
	report("multiboot test kernel");
	check_cpu_state();
	check_image(dirty_bss);
	if (entry_state.eax == MULTIBOOT_BOOTLOADER_MAGIC)
		draw = check_mbi(mbi);

	if (failure_count()) {
		report("FAILED %u checks", failure_count());
		qemu_exit(EXIT_FAIL);
	}
	report("PASS");
	/* Only a checked framebuffer is drawn on (fb=1 or 2 comes with fbdraw=1). */
	if (draw && (mbi->flags & MULTIBOOT_INFO_FRAMEBUFFER_INFO))
		fb_draw_and_wait(mbi);
	qemu_exit(EXIT_PASS);
}
