// SPDX-License-Identifier: BSD-2-Clause
#include "bios_shim.h"

#include <stddef.h>

#include "../loader/bytes.h"

extern const uint8_t bios_shim_code_start[], bios_shim_code_end[];
extern const uint8_t bios_shim_unsupported[], bios_shim_ignore[];
extern const uint8_t bios_shim_int12[], bios_shim_int15[];

#define ONE_MIB (1ull << 20)
#define SIXTEEN_MIB (16ull << 20)
#define FOUR_GIB (1ull << 32)
#define E801_LOW_MAX_KIB 0x3c00   /* 15 MiB */
#define EXT_KIB_MAX 0xfc00        /* what AH=88h's 16 bits conventionally cap at */

/* Vectors the CPU or the (masked) PICs raise: a plain iret. */
static int is_hardware_vector(unsigned v)
{
	return v < 0x10 || (v >= 0x70 && v < 0x78);
}

/* The assembler cannot check the code's size against the layout, so this
 * does, and the IVT is only installed when the code is. */
bool bios_shim_fits(void)
{
	return bios_shim_code_end - bios_shim_code_start <= EBDA_SHIM_CODE_MAX;
}

void bios_shim_install(uint8_t *ebda)
{
	_Static_assert(EBDA_SHIM_CODE + EBDA_SHIM_CODE_MAX <= EBDA_SHIM_BASE_KIB, "layout");
	if (bios_shim_fits())
		__builtin_memcpy(ebda + EBDA_SHIM_CODE, bios_shim_code_start,
				 (size_t)(bios_shim_code_end - bios_shim_code_start));
}

static uint16_t offset_of(const uint8_t *handler)
{
	return (uint16_t)(EBDA_SHIM_CODE + (handler - bios_shim_code_start));
}

void bios_shim_ivt(uint32_t ivt[IVT_ENTRIES], uint16_t ebda_segment)
{
	for (unsigned v = 0; v < IVT_ENTRIES; v++) {
		const uint8_t *handler = is_hardware_vector(v) ? bios_shim_ignore
								: bios_shim_unsupported;

		if (v == 0x12)
			handler = bios_shim_int12;
		else if (v == 0x15)
			handler = bios_shim_int15;
		ivt[v] = (uint32_t)ebda_segment << 16 | offset_of(handler);
	}
}

/* Available KiB contiguous from base, below limit. */
static uint64_t contiguous_kib(const struct multiboot_mmap_entry *mmap, uint32_t count,
			       uint64_t base, uint64_t limit)
{
	uint64_t at = base;

	for (uint32_t i = 0; i < count; i++)
		if (mmap[i].type == MULTIBOOT_MEMORY_AVAILABLE && mmap[i].addr <= at &&
		    mmap[i].addr + mmap[i].len > at)
			at = mmap[i].addr + mmap[i].len;
	return ((at < limit ? at : limit) - base) / 1024;
}

uint32_t bios_shim_set_map(uint8_t *ebda, const struct multiboot_mmap_entry *mmap,
			   uint32_t count, uint32_t base_kib)
{
	uint32_t stored = count < EBDA_SHIM_E820_MAX ? count : EBDA_SHIM_E820_MAX;
	uint64_t ext = contiguous_kib(mmap, count, ONE_MIB, FOUR_GIB);
	uint64_t low = contiguous_kib(mmap, count, ONE_MIB, SIXTEEN_MIB);
	uint64_t high = low == E801_LOW_MAX_KIB ?
		contiguous_kib(mmap, count, SIXTEEN_MIB, FOUR_GIB) / 64 : 0;

	put_le16(ebda + EBDA_SHIM_BASE_KIB, (uint16_t)base_kib);
	put_le16(ebda + EBDA_SHIM_EXT_KIB, (uint16_t)(ext < EXT_KIB_MAX ? ext : EXT_KIB_MAX));
	put_le16(ebda + EBDA_SHIM_E801_LOW, (uint16_t)low);
	put_le16(ebda + EBDA_SHIM_E801_HIGH, (uint16_t)(high < 0xffff ? high : 0xffff));
	put_le32(ebda + EBDA_SHIM_E820_COUNT, stored);
	for (uint32_t i = 0; i < stored; i++) {
		uint8_t *e = ebda + EBDA_SHIM_E820 + i * 20;

		put_le32(e, (uint32_t)mmap[i].addr);
		put_le32(e + 4, (uint32_t)(mmap[i].addr >> 32));
		put_le32(e + 8, (uint32_t)mmap[i].len);
		put_le32(e + 12, (uint32_t)(mmap[i].len >> 32));
		put_le32(e + 16, mmap[i].type);
	}
	return stored;
}
