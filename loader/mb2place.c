// SPDX-License-Identifier: BSD-2-Clause
#include "mb2place.h"

#include <stdbool.h>

#include "fmt.h"
#include "payload.h"

int mb2_place(const struct mem_map *map, const struct mb2_header *h,
		  uint32_t image_size, uint32_t *base, char *why, size_t why_size)
{
	/* At least page-aligned: the image is allocated in pages. */
	uint64_t align = h->reloc_align > PAGE_SIZE ? h->reloc_align : PAGE_SIZE;
	uint64_t low = h->reloc_min > MB2_RELOC_FLOOR ? h->reloc_min : MB2_RELOC_FLOOR;
	/* max_addr is where the image may end at the latest. */
	uint64_t high = (uint64_t)h->reloc_max + 1 < FOUR_GIB ? (uint64_t)h->reloc_max + 1 : FOUR_GIB;
	uint64_t size = page_round_up(image_size);
	bool highest = h->reloc_preference == MB2_RELOC_HIGHEST;
	bool found = false;
	uint64_t best = 0;

	for (size_t i = 0; i < map->count; i++) {
		const struct mem_range *r = &map->ranges[i];
		uint64_t start = r->start > low ? r->start : low;
		uint64_t end = r->end < high ? r->end : high;

		if (r->kind != MEM_FREE || end <= start || end - start < size)
			continue;
		uint64_t first = (start + align - 1) / align * align;
		uint64_t last = (end - size) / align * align;

		if (first > last)
			continue;
		uint64_t pick = highest ? last : first;

		if (!found || (highest ? pick > best : pick < best))
			best = pick;
		found = true;
	}
	if (!found)
		return fmt_fail(why, why_size,
				"no free memory for the relocatable kernel's %u bytes within 0x%llx-0x%llx at alignment 0x%llx",
				image_size, (unsigned long long)low, (unsigned long long)high,
				(unsigned long long)align);
	*base = (uint32_t)best;
	return 0;
}
