// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "memory_map.h"
#include "print.h"

/* OVMF's map has about 120 descriptors; leave plenty of room. */
#define MAX_ENTRIES     512
#define TYPE_AVAILABLE  1
#define TYPE_BADRAM     5
#define KIB_SHIFT       10
#define UPPER_MEMORY    0x100000ull

struct range {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
};

static struct range entries[MAX_ENTRIES];
static uint32_t entry_count;
static int have_map;

/* Printed through %llx, which is unsigned long long on both word sizes
 * (uint64_t is unsigned long in the 64-bit kernel). */
typedef unsigned long long ull;

static int overlaps(const struct range *a, const struct range *b)
{
	return a->addr < b->addr + b->len && b->addr < a->addr + a->len;
}

void mmap_begin(void)
{
	have_map = 1;
}

int mmap_present(void)
{
	return have_map;
}

int mmap_add(uint64_t addr, uint64_t len, uint32_t type)
{
	struct range *r = &entries[entry_count];

	if (entry_count == MAX_ENTRIES) {
		fail("mmap has more than %u entries", MAX_ENTRIES);
		return 0;
	}
	r->addr = addr;
	r->len = len;
	r->type = type;
	report("mmap %u addr=0x%llx len=0x%llx type=%u", entry_count, (ull)addr, (ull)len, type);
	entry_count++;
	return 1;
}

void mmap_check_entries(void)
{
	for (uint32_t i = 0; i < entry_count; i++) {
		const struct range *e = &entries[i];

		if (!e->len)
			fail("mmap %u addr=0x%llx has length 0", i, (ull)e->addr);
		if (e->addr + e->len < e->addr)
			fail("mmap %u addr=0x%llx len=0x%llx wraps past 2^64", i, (ull)e->addr,
			     (ull)e->len);
		if (e->type < TYPE_AVAILABLE || e->type > TYPE_BADRAM)
			report("note: mmap %u has type %u outside the spec's 1..5", i, e->type);
		if (i && e->addr < entries[i - 1].addr)
			fail("mmap %u addr=0x%llx unsorted (previous 0x%llx)", i, (ull)e->addr,
			     (ull)entries[i - 1].addr);
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(e, &entries[j]))
				fail("mmap %u [0x%llx,+0x%llx) overlaps mmap %u [0x%llx,+0x%llx)", i,
				     (ull)e->addr, (ull)e->len, j, (ull)entries[j].addr,
				     (ull)entries[j].len);
	}
}

/* Where the run of entries of this type from start ends (start if none
 * covers it). */
static uint64_t type_end(uint64_t start, uint32_t type)
{
	uint64_t end = start;
	int grew = 1;

	/* Entries need not come sorted: rescan until nothing extends the run. */
	while (grew) {
		grew = 0;
		for (uint32_t i = 0; i < entry_count; i++) {
			const struct range *e = &entries[i];

			if (e->type == type && e->addr <= end && end < e->addr + e->len) {
				end = e->addr + e->len;
				grew = 1;
			}
		}
	}
	return end;
}

uint64_t mmap_available_end(uint64_t start)
{
	return type_end(start, TYPE_AVAILABLE);
}

void mmap_check_mem_upper(uint32_t mem_upper)
{
	uint64_t upper_kib = (mmap_available_end(UPPER_MEMORY) - UPPER_MEMORY) >> KIB_SHIFT;

	if (mem_upper != upper_kib)
		fail("mem_upper=%u but the map has %u KiB available from 1 MiB", mem_upper,
		     (uint32_t)upper_kib);
}

int mmap_is_available(uint64_t start, uint64_t end)
{
	return !have_map || start == end || mmap_available_end(start) >= end;
}

int mmap_is_type(uint64_t start, uint64_t end, uint32_t type)
{
	return start == end || type_end(start, type) >= end;
}

int mmap_any_available(uint64_t start, uint64_t end)
{
	const struct range r = { start, end - start, 0 };

	for (uint32_t i = 0; i < entry_count; i++)
		if (entries[i].type == TYPE_AVAILABLE && overlaps(&entries[i], &r))
			return 1;
	return 0;
}
