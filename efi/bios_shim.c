// SPDX-License-Identifier: BSD-2-Clause
#include "bios_shim.h"

#include <stddef.h>

#include "../loader/biosdata.h"
#include "../loader/bytes.h"

extern const uint8_t bios_shim_code_start[], bios_shim_code_end[];
extern const uint8_t bios_shim_unsupported[], bios_shim_ignore[];
extern const uint8_t bios_shim_int12[], bios_shim_int15[];

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

uint32_t bios_shim_set_map(uint8_t *ebda, const struct multiboot_mmap_entry *mmap,
			   uint32_t count, uint32_t base_kib)
{
	struct bios_memory m;
	uint32_t stored = bios_e820_encode(ebda + EBDA_SHIM_E820, EBDA_SHIM_E820_MAX, mmap, count);

	bios_memory_from_map(&m, mmap, count, base_kib);
	put_le16(ebda + EBDA_SHIM_BASE_KIB, m.base_kib);
	put_le16(ebda + EBDA_SHIM_EXT_KIB, m.ext_kib);
	put_le16(ebda + EBDA_SHIM_E801_LOW, m.e801_low_kib);
	put_le16(ebda + EBDA_SHIM_E801_HIGH, m.e801_high_64k);
	put_le32(ebda + EBDA_SHIM_E820_COUNT, stored);
	return stored;
}
