// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "memory_map.h"
#include "regions.h"

/* Kernel, MBI, map, module list, command line, loader name, and for every
 * checked module its data and its command line (Multiboot 2: kernel, MBI,
 * modules and the ELF section copies a loader placed). */
#define MAX_REGIONS (6 + 2 * 128)
#define NAME_SIZE   32

struct region {
	char name[NAME_SIZE];
	uint64_t start, end;
};

static struct region regions[MAX_REGIONS];
static uint32_t region_count;

/* "name" or "name N": built once so failure lines can name two regions. */
static void set_name(char *out, const char *name, uint32_t index)
{
	char digits[10];
	uint32_t n = 0, d = 0;

	while (*name && n < NAME_SIZE - sizeof(digits) - 2)
		out[n++] = *name++;
	if (index != REGION_SINGLE) {
		out[n++] = ' ';
		do {
			digits[d++] = (char)('0' + index % 10);
			index /= 10;
		} while (index);
		while (d)
			out[n++] = digits[--d];
	}
	out[n] = '\0';
}

void region_add(const char *name, uint32_t index, uint64_t start, uint64_t end)
{
	struct region *r = &regions[region_count];

	if (region_count == MAX_REGIONS) {
		fail("more than %u regions to check; %s not checked", MAX_REGIONS, name);
		return;
	}
	set_name(r->name, name, index);
	r->start = start;
	r->end = end;
	region_count++;
}

static int overlaps(const struct region *a, const struct region *b)
{
	/* Empty regions (zero-length modules) hold nothing to clobber. */
	if (a->start == a->end || b->start == b->end)
		return 0;
	return a->start < b->end && b->start < a->end;
}

void regions_check(void)
{
	for (uint32_t i = 0; i < region_count; i++) {
		const struct region *r = &regions[i];

		unsigned long long start = r->start, end = r->end;

		if (end < start)
			fail("%s [0x%llx,0x%llx) ends before it starts", r->name, start, end);
		else if (!mmap_is_available(start, end))
			fail("%s [0x%llx,0x%llx) is not all in available memory", r->name, start, end);
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(r, &regions[j]))
				fail("%s [0x%llx,0x%llx) overlaps %s [0x%llx,0x%llx)", r->name, start,
				     end, regions[j].name, (unsigned long long)regions[j].start,
				     (unsigned long long)regions[j].end);
	}
}
