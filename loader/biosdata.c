// SPDX-License-Identifier: BSD-2-Clause
#include "biosdata.h"

#include "bytes.h"
#include "sizes.h"

#define KIB 1024

/* Available KiB contiguous from base, below limit. */
static uint64_t contiguous_kib(const struct multiboot_mmap_entry *mmap, uint32_t count,
			       uint64_t base, uint64_t limit)
{
	uint64_t at = base;

	for (uint32_t i = 0; i < count; i++)
		if (mmap[i].type == MULTIBOOT_MEMORY_AVAILABLE && mmap[i].addr <= at &&
		    mmap[i].addr + mmap[i].len > at)
			at = mmap[i].addr + mmap[i].len;
	return ((at < limit ? at : limit) - base) / KIB;
}

void bios_memory_from_map(struct bios_memory *m, const struct multiboot_mmap_entry *mmap,
			  uint32_t count, uint32_t base_kib)
{
	uint64_t ext = contiguous_kib(mmap, count, ONE_MIB, FOUR_GIB);
	uint64_t low = contiguous_kib(mmap, count, ONE_MIB, SIXTEEN_MIB);
	uint64_t high = low == BIOS_E801_LOW_MAX_KIB ?
		contiguous_kib(mmap, count, SIXTEEN_MIB, FOUR_GIB) / 64 : 0;

	*m = (struct bios_memory){
		.base_kib = (uint16_t)base_kib,
		.ext_kib = (uint16_t)(ext < BIOS_EXT_KIB_MAX ? ext : BIOS_EXT_KIB_MAX),
		.e801_low_kib = (uint16_t)low,
		.e801_high_64k = (uint16_t)high,  /* below 4 GiB: at most 0xff00 */
	};
}

uint32_t bios_e820_encode(uint8_t *out, uint32_t capacity,
			  const struct multiboot_mmap_entry *mmap, uint32_t count)
{
	uint32_t stored = count < capacity ? count : capacity;

	for (uint32_t i = 0; i < stored; i++) {
		uint8_t *e = out + i * BIOS_E820_ENTRY_SIZE;

		put_le64(e, mmap[i].addr);
		put_le64(e + 8, mmap[i].len);
		put_le32(e + 16, mmap[i].type);
	}
	return stored;
}

int bios_shim_data_write(uint8_t *block, size_t block_size,
			 const struct multiboot_mmap_entry *mmap, uint32_t count,
			 uint32_t base_kib)
{
	struct bios_memory m;

	if (block_size < SHIM_E820 || count > SHIM_E820_ROOM(block_size))
		return -1;
	bios_memory_from_map(&m, mmap, count, base_kib);
	put_le16(block + SHIM_BASE_KIB, m.base_kib);
	put_le16(block + SHIM_EXT_KIB, m.ext_kib);
	put_le16(block + SHIM_E801_LOW, m.e801_low_kib);
	put_le16(block + SHIM_E801_HIGH, m.e801_high_64k);
	put_le32(block + SHIM_E820_COUNT, bios_e820_encode(block + SHIM_E820, count, mmap, count));
	return 0;
}
