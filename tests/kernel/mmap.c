#include "check.h"
#include "mmap.h"
#include "print.h"

/* Field "size" counts the bytes after itself; the spec's entry has 20. */
#define ENTRY_SIZE       20
#define ENTRY_STRIDE     (ENTRY_SIZE + sizeof(uint32_t))
/* OVMF's map has about 120 descriptors; leave plenty of room. */
#define MAX_ENTRIES      512
#define KIB_SHIFT        10
#define LOW_MEMORY_KIB   640
#define UPPER_MEMORY     0x100000ull

struct range {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
};

static struct range entries[MAX_ENTRIES];
static uint32_t entry_count;

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

			if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= end &&
			    end < e->addr + e->len) {
				end = e->addr + e->len;
				grew = 1;
			}
		}
	}
	return end;
}

int mmap_is_available(uint64_t start, uint64_t end)
{
	return start == end || available_run_end(start) >= end;
}

int mmap_any_available(uint64_t start, uint64_t end)
{
	const struct range r = { start, end - start, 0 };

	for (uint32_t i = 0; i < entry_count; i++)
		if (entries[i].type == MULTIBOOT_MEMORY_AVAILABLE && overlaps(&entries[i], &r))
			return 1;
	return 0;
}

static void parse(const multiboot_info_t *mbi)
{
	uint32_t offset = 0;

	report("mmap_addr=0x%x mmap_length=%u", mbi->mmap_addr, mbi->mmap_length);
	while (offset < mbi->mmap_length) {
		const multiboot_memory_map_t *e = (const void *)(mbi->mmap_addr + offset);
		struct range *r = &entries[entry_count];

		if (e->size != ENTRY_SIZE || mbi->mmap_length - offset < ENTRY_STRIDE) {
			fail("mmap entry %u at offset %u size=%u (%u bytes left) want %u",
			     entry_count, offset, e->size, mbi->mmap_length - offset, ENTRY_SIZE);
			return;
		}
		if (entry_count == MAX_ENTRIES) {
			fail("mmap has more than %u entries", MAX_ENTRIES);
			return;
		}
		r->addr = e->addr;
		r->len = e->len;
		r->type = e->type;
		report("mmap %u addr=0x%llx len=0x%llx type=%u", entry_count, r->addr, r->len, r->type);
		entry_count++;
		offset += ENTRY_STRIDE;
	}
}

static void check_entries(void)
{
	for (uint32_t i = 0; i < entry_count; i++) {
		const struct range *e = &entries[i];

		if (!e->len)
			fail("mmap %u addr=0x%llx has length 0", i, e->addr);
		if (e->addr + e->len < e->addr)
			fail("mmap %u addr=0x%llx len=0x%llx wraps past 2^64", i, e->addr, e->len);
		if (e->type < MULTIBOOT_MEMORY_AVAILABLE || e->type > MULTIBOOT_MEMORY_BADRAM)
			report("note: mmap %u has type %u outside the spec's 1..5", i, e->type);
		if (i && e->addr < entries[i - 1].addr)
			fail("mmap %u addr=0x%llx unsorted (previous 0x%llx)", i, e->addr, entries[i - 1].addr);
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(e, &entries[j]))
				fail("mmap %u [0x%llx,+0x%llx) overlaps mmap %u [0x%llx,+0x%llx)",
				     i, e->addr, e->len, j, entries[j].addr, entries[j].len);
	}
}

static void check_memory_sizes(const multiboot_info_t *mbi)
{
	uint64_t upper_kib = (available_run_end(UPPER_MEMORY) - UPPER_MEMORY) >> KIB_SHIFT;

	if (mbi->mem_upper != upper_kib)
		fail("mem_upper=%u but the map has %u KiB available from 1 MiB",
		     mbi->mem_upper, (uint32_t)upper_kib);
	if (mbi->mem_lower > LOW_MEMORY_KIB)
		fail("mem_lower=%u above %u", mbi->mem_lower, LOW_MEMORY_KIB);
}

void mmap_check(const multiboot_info_t *mbi)
{
	parse(mbi);
	check_entries();
	if (mbi->flags & MULTIBOOT_INFO_MEMORY)
		check_memory_sizes(mbi);
}
