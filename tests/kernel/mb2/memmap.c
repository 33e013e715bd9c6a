// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "memory_map.h"
#include "print.h"

/* The spec's entry: u64 base, u64 length, u32 type, u32 reserved. */
#define ENTRY_SIZE      24
#define ENTRY_VERSION   0
#define MMAP_HEADER     16  /* type, size, entry_size, entry_version */
#define KIB_SHIFT       10
#define LOW_MEMORY      0xA0000ull    /* 640 KiB */

static void parse(const struct mb2_tag_mmap *tag)
{
	uint32_t bytes = tag->size - MMAP_HEADER;

	if (tag->size < MMAP_HEADER) {
		fail("tag 6 mmap size=%u too small", tag->size);
		return;
	}
	report("tag 6 mmap entries=%u entry_size=%u version=%u",
	       tag->entry_size ? bytes / tag->entry_size : 0, tag->entry_size, tag->entry_version);
	if (tag->entry_size != ENTRY_SIZE || tag->entry_version != ENTRY_VERSION) {
		fail("mmap entry_size=%u version=%u want %u, %u", tag->entry_size,
		     tag->entry_version, ENTRY_SIZE, ENTRY_VERSION);
		return;
	}
	if (bytes % ENTRY_SIZE)
		fail("mmap holds %u bytes, not a whole number of entries", bytes);
	mmap_begin();
	for (uint32_t i = 0, off = 0; off + ENTRY_SIZE <= bytes; i++, off += ENTRY_SIZE) {
		const struct mb2_mmap_entry *e = (const void *)((uintptr_t)tag->entries + off);

		if (!mmap_add(e->addr, e->len, e->type))
			return;
		if (e->zero)
			fail("mmap %u reserved field=0x%x want 0", i, e->zero);
	}
}

/* mem_lower: the available memory from 0, at most 640 KiB; mem_upper: the
 * available memory from 1 MiB up to the first hole (spec 3.6.8). */
static void check_meminfo(const struct mb2_tag_basic_meminfo *tag)
{
	uint64_t lower_end = mmap_available_end(0);
	uint32_t lower_kib;

	if (tag->size < sizeof(*tag)) {
		fail("tag 4 meminfo size=%u want %u", tag->size, (unsigned)sizeof(*tag));
		return;
	}
	report("tag 4 meminfo mem_lower=%u mem_upper=%u", tag->mem_lower, tag->mem_upper);
	if (!mmap_present())
		return;
	lower_kib = (uint32_t)((lower_end < LOW_MEMORY ? lower_end : LOW_MEMORY) >> KIB_SHIFT);
	if (tag->mem_lower != lower_kib)
		fail("mem_lower=%u but the map has %u KiB available from 0 (at most 640)",
		     tag->mem_lower, lower_kib);
	mmap_check_mem_upper(tag->mem_upper);
}

void memmap_check(const struct mb2_info *info)
{
	if (info->tag[MB2_TAG_MMAP]) {
		parse((const void *)info->tag[MB2_TAG_MMAP]);
		mmap_check_entries();
	}
	if (info->tag[MB2_TAG_BASIC_MEMINFO])
		check_meminfo((const void *)info->tag[MB2_TAG_BASIC_MEMINFO]);
}
