#include "check.h"
#include "mb2test.h"
#include "mmap.h"
#include "print.h"

/* The spec's entry: u64 base, u64 length, u32 type, u32 reserved. */
#define ENTRY_SIZE      24
#define ENTRY_VERSION   0
#define MMAP_HEADER     16  /* type, size, entry_size, entry_version */
/* OVMF's map has about 120 descriptors; leave plenty of room. */
#define MAX_ENTRIES     512
#define TYPE_AVAILABLE  1
#define TYPE_BADRAM     5
#define KIB_SHIFT       10
#define LOW_MEMORY      0xA0000ull    /* 640 KiB */
#define UPPER_MEMORY    0x100000ull

struct range {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
};

static struct range entries[MAX_ENTRIES];
static uint32_t entry_count;
static int have_map;

static int overlaps(const struct range *a, const struct range *b)
{
	return a->addr < b->addr + b->len && b->addr < a->addr + a->len;
}

/* Walks available entries from start for as long as they chain without a
 * hole; returns where the chain ends (start itself if nothing covers it). */
static uint64_t available_run_end(uint64_t start)
{
	uint64_t end = start;
	int grew = 1;

	while (grew) {
		grew = 0;
		for (uint32_t i = 0; i < entry_count; i++) {
			const struct range *e = &entries[i];

			if (e->type == TYPE_AVAILABLE && e->addr <= end && end < e->addr + e->len) {
				end = e->addr + e->len;
				grew = 1;
			}
		}
	}
	return end;
}

int memmap_present(void)
{
	return have_map;
}

/* ../mmap.h, for regions.c and the ACPI/framebuffer checks. Without a map
 * (boot services kept) there is nothing to hold a region against. */
int mmap_is_available(uint64_t start, uint64_t end)
{
	return !have_map || start == end || available_run_end(start) >= end;
}

int mmap_any_available(uint64_t start, uint64_t end)
{
	const struct range r = { start, end - start, 0 };

	for (uint32_t i = 0; i < entry_count; i++)
		if (entries[i].type == TYPE_AVAILABLE && overlaps(&entries[i], &r))
			return 1;
	return 0;
}

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
	have_map = 1;
	for (uint32_t off = 0; off + ENTRY_SIZE <= bytes; off += ENTRY_SIZE) {
		const struct mb2_mmap_entry *e = (const void *)((uintptr_t)tag->entries + off);
		struct range *r = &entries[entry_count];

		if (entry_count == MAX_ENTRIES) {
			fail("mmap has more than %u entries", MAX_ENTRIES);
			return;
		}
		r->addr = e->addr;
		r->len = e->len;
		r->type = e->type;
		report("mmap %u addr=0x%llx len=0x%llx type=%u", entry_count,
		       (unsigned long long)r->addr, (unsigned long long)r->len, r->type);
		if (e->zero)
			fail("mmap %u reserved field=0x%x want 0", entry_count, e->zero);
		entry_count++;
	}
}

static void check_entries(void)
{
	for (uint32_t i = 0; i < entry_count; i++) {
		const struct range *e = &entries[i];

		if (!e->len)
			fail("mmap %u addr=0x%llx has length 0", i, (unsigned long long)e->addr);
		if (e->addr + e->len < e->addr)
			fail("mmap %u addr=0x%llx len=0x%llx wraps past 2^64", i,
			     (unsigned long long)e->addr, (unsigned long long)e->len);
		if (e->type < TYPE_AVAILABLE || e->type > TYPE_BADRAM)
			report("note: mmap %u has type %u outside the spec's 1..5", i, e->type);
		if (i && e->addr < entries[i - 1].addr)
			fail("mmap %u addr=0x%llx unsorted (previous 0x%llx)", i,
			     (unsigned long long)e->addr, (unsigned long long)entries[i - 1].addr);
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(e, &entries[j]))
				fail("mmap %u [0x%llx,+0x%llx) overlaps mmap %u [0x%llx,+0x%llx)", i,
				     (unsigned long long)e->addr, (unsigned long long)e->len, j,
				     (unsigned long long)entries[j].addr,
				     (unsigned long long)entries[j].len);
	}
}

/* mem_lower: the available memory from 0, at most 640 KiB; mem_upper: the
 * available memory from 1 MiB up to the first hole (spec 3.6.8). */
static void check_meminfo(const struct mb2_tag_basic_meminfo *tag)
{
	uint64_t lower_end = available_run_end(0);
	uint32_t lower_kib, upper_kib;

	if (tag->size < sizeof(*tag)) {
		fail("tag 4 meminfo size=%u want %u", tag->size, (unsigned)sizeof(*tag));
		return;
	}
	report("tag 4 meminfo mem_lower=%u mem_upper=%u", tag->mem_lower, tag->mem_upper);
	if (!have_map)
		return;
	lower_kib = (uint32_t)((lower_end < LOW_MEMORY ? lower_end : LOW_MEMORY) >> KIB_SHIFT);
	upper_kib = (uint32_t)((available_run_end(UPPER_MEMORY) - UPPER_MEMORY) >> KIB_SHIFT);
	if (tag->mem_lower != lower_kib)
		fail("mem_lower=%u but the map has %u KiB available from 0 (at most 640)",
		     tag->mem_lower, lower_kib);
	if (tag->mem_upper != upper_kib)
		fail("mem_upper=%u but the map has %u KiB available from 1 MiB",
		     tag->mem_upper, upper_kib);
}

void memmap_check(const struct mb2_info *info)
{
	if (info->tag[MB2_TAG_MMAP]) {
		parse((const void *)info->tag[MB2_TAG_MMAP]);
		check_entries();
	}
	if (info->tag[MB2_TAG_BASIC_MEMINFO])
		check_meminfo((const void *)info->tag[MB2_TAG_BASIC_MEMINFO]);
}
