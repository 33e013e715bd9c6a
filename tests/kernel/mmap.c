// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "memory_map.h"
#include "mmap.h"
#include "print.h"

/* Field "size" counts the bytes after itself; the spec's entry has 20. */
#define ENTRY_SIZE       20
#define ENTRY_STRIDE     (ENTRY_SIZE + sizeof(uint32_t))
#define LOW_MEMORY_KIB   640

static void parse(const multiboot_info_t *mbi)
{
	uint32_t offset = 0;

	report("mmap_addr=0x%x mmap_length=%u", mbi->mmap_addr, mbi->mmap_length);
	mmap_begin();
	for (uint32_t index = 0; offset < mbi->mmap_length; index++) {
		const multiboot_memory_map_t *e = (const void *)(mbi->mmap_addr + offset);

		if (e->size != ENTRY_SIZE || mbi->mmap_length - offset < ENTRY_STRIDE) {
			fail("mmap entry %u at offset %u size=%u (%u bytes left) want %u",
			     index, offset, e->size, mbi->mmap_length - offset, ENTRY_SIZE);
			return;
		}
		if (!mmap_add(e->addr, e->len, e->type))
			return;
		offset += ENTRY_STRIDE;
	}
}

void mmap_check(const multiboot_info_t *mbi)
{
	parse(mbi);
	mmap_check_entries();
	if (!(mbi->flags & MULTIBOOT_INFO_MEMORY))
		return;
	mmap_check_mem_upper(mbi->mem_upper);
	if (mbi->mem_lower > LOW_MEMORY_KIB)
		fail("mem_lower=%u above %u", mbi->mem_lower, LOW_MEMORY_KIB);
}
