// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "check.h"
#include "expect.h"
#include "fb.h"
#include "fseg.h"
#include "memory_map.h"
#include "pic.h"
#include "rsdp.h"
#include "text.h"

#define KERNEL_PATH_WORDS 1

/* What a PC BIOS leaves for a 1 KiB EBDA just below 640 KiB. */
#define BDA_EBDA_SEGMENT   0x40E
#define BDA_BASE_MEM_KIB   0x413
#define EBDA_SEGMENT       0x9FC0
#define EBDA_START         0x9FC00u
#define EBDA_END           0xA0000u
#define BASE_MEM_KIB       639

/* Reads a numeric expectation; returns 0 if absent or malformed (the
 * latter is a test bug and counts as a failure). */
static int expected_number(const char *cmdline, const char *key, uint32_t *value)
{
	uint32_t len;
	const char *text = text_find_value(cmdline, KERNEL_PATH_WORDS, key, &len);

	if (!text)
		return 0;
	if (!text_parse_number(text, len, value)) {
		fail("cmdline %s= is not a number", key);
		return 0;
	}
	return 1;
}

static uint16_t read_bda_word(uint32_t addr)
{
	return *(const volatile uint16_t *)addr;
}

static void check_ebda(const multiboot_info_t *mbi)
{
	uint16_t segment = read_bda_word(BDA_EBDA_SEGMENT);
	uint16_t base_kib = read_bda_word(BDA_BASE_MEM_KIB);

	if (segment != EBDA_SEGMENT)
		fail("ebda: BDA 0x%x=0x%x want 0x%x", BDA_EBDA_SEGMENT, segment, EBDA_SEGMENT);
	if (base_kib != BASE_MEM_KIB)
		fail("ebda: BDA 0x%x=%u want %u", BDA_BASE_MEM_KIB, base_kib, BASE_MEM_KIB);
	if (mbi->mem_lower != BASE_MEM_KIB)
		fail("ebda: mem_lower=%u want %u", mbi->mem_lower, BASE_MEM_KIB);
	if (mmap_any_available(EBDA_START, EBDA_END))
		fail("ebda: the map calls part of [0x%x,0x%x) available", EBDA_START, EBDA_END);
}

/* fbw= and fbh=: the size of the framebuffer (a mode the kernel asked for). */
static void check_fb_size(const multiboot_info_t *mbi, const char *cmdline)
{
	uint32_t width, height;
	int want_width = expected_number(cmdline, "fbw", &width);
	int want_height = expected_number(cmdline, "fbh", &height);

	if (!want_width && !want_height)
		return;
	if (!(mbi->flags & MULTIBOOT_INFO_FRAMEBUFFER_INFO)) {
		fail("fb: no framebuffer to have a size");
		return;
	}
	if (want_width && mbi->framebuffer_width != width)
		fail("fb: width=%u want %u", mbi->framebuffer_width, width);
	if (want_height && mbi->framebuffer_height != height)
		fail("fb: height=%u want %u", mbi->framebuffer_height, height);
}

int expect_draw(const char *cmdline)
{
	uint32_t value;

	return expected_number(cmdline, "fbdraw", &value) && value;
}

void expectations_check(const multiboot_info_t *mbi, const char *cmdline)
{
	uint32_t value, len;
	const char *loader;

	if (expected_number(cmdline, "mbi", &value) && value != (uint32_t)mbi)
		fail("mbi=0x%x want 0x%x", (uint32_t)mbi, value);
	if (expected_number(cmdline, "mmap", &value) && value != mbi->mmap_addr)
		fail("mmap_addr=0x%x want 0x%x", mbi->mmap_addr, value);
	if (expected_number(cmdline, "mods", &value) && value != mbi->mods_count)
		fail("mods_count=%u want %u", mbi->mods_count, value);
	if (expected_number(cmdline, "ebda", &value) && value)
		check_ebda(mbi);
	if (expected_number(cmdline, "fb", &value))
		fb_check(mbi, value);
	check_fb_size(mbi, cmdline);
	if (expected_number(cmdline, "rsdp", &value))
		rsdp_check(value != 0);
	if (expected_number(cmdline, "pic", &value) && value)
		pic_check();
	if (expected_number(cmdline, "fseg", &value)) {
		uint32_t cpus, rsdp;
		/* rsdp=0 says there is no RSDP anywhere, the F segment included. */
		int want_rsdp = !expected_number(cmdline, "rsdp", &rsdp) || rsdp;

		fseg_check(value != 0, want_rsdp,
			   expected_number(cmdline, "cpus", &cpus) ? (int32_t)cpus : -1);
	}

	loader = text_find_value(cmdline, KERNEL_PATH_WORDS, "loader", &len);
	if (loader) {
		const char *name = text_length(mbi->boot_loader_name) < 0
				   ? "" : (const char *)mbi->boot_loader_name;

		for (uint32_t i = 0; i < len; i++)
			if (name[i] != loader[i]) {
				fail("loader name \"%s\" does not start with the expected prefix", name);
				break;
			}
	}
}
