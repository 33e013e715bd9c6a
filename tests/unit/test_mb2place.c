// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/mb2place.c: where a relocatable Multiboot 2 kernel goes, on maps
 * written out range by range.
 */
#include "check.h"
#include "loader/mb2place.h"

#define MAP(r) { (r), sizeof(r) / sizeof((r)[0]), sizeof(r) / sizeof((r)[0]) }

static struct mb2_header reloc(uint32_t min, uint32_t max, uint32_t align, uint32_t pref)
{
	return (struct mb2_header){ .relocatable = true, .reloc_min = min, .reloc_max = max,
				    .reloc_align = align, .reloc_preference = pref };
}

struct pick {
	int rc;
	uint32_t base;
	char why[256];
};

static struct pick pick(const struct mem_map *m, struct mb2_header h, uint32_t size)
{
	struct pick p = { .base = 0xDEADBEEF };

	p.rc = mb2_place(m, &h, size, &p.base, p.why, sizeof(p.why));
	return p;
}

#define CHECK_BASE(p, want)                                   \
	do {                                                  \
		struct pick p_ = (p);                         \
		CHECK_OK(p_.rc, p_.why);                      \
		CHECK_EQ(p_.base, (want));                    \
	} while (0)

#define CHECK_NO_BASE(p, keyword)                             \
	do {                                                  \
		struct pick p_ = (p);                         \
		CHECK_REFUSED(p_.rc, p_.why, (keyword));      \
		CHECK_EQ(p_.base, 0xDEADBEEF);                \
	} while (0)

/* Low memory, 1-8 MiB free, boot services data, 16-64 MiB free. */
static struct mem_range typical[] = {
	{ 0x0, 0xA0000, MEM_FREE },
	{ 0x100000, 0x800000, MEM_FREE },
	{ 0x800000, 0x1000000, MEM_BOOT },
	{ 0x1000000, 0x4000000, MEM_FREE },
	{ 0x4000000, 0x4100000, MEM_RUNTIME },
};

TEST(mb2place_lowest)
{
	struct mem_map m = MAP(typical);

	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x3000), 0x100000);
	/* No preference: lowest too. */
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_NONE), 0x3000), 0x100000);
	/* An unknown preference: not "highest". */
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, 7), 0x3000), 0x100000);
	/* Too big for 1-8 MiB: the next free range. */
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x700001), 0x1000000);
	/* Exactly 1-8 MiB. */
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x700000), 0x100000);
}

TEST(mb2place_highest)
{
	struct mem_map m = MAP(typical);

	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x3000),
		   0x4000000 - 0x3000);
	/* Unaligned size: rounded up to pages. */
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x2001),
		   0x4000000 - 0x3000);
	/* max_addr below the high range: the end of 1-8 MiB. */
	CHECK_BASE(pick(&m, reloc(0, 0x7FFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x3000),
		   0x800000 - 0x3000);
}

TEST(mb2place_alignment)
{
	struct mem_map m = MAP(typical);

	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x200000, MB2_RELOC_LOWEST), 0x3000), 0x200000);
	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x200000, MB2_RELOC_HIGHEST), 0x3000), 0x3E00000);
	CHECK_BASE(pick(&m, reloc(0, 0x7FFFFF, 0x200000, MB2_RELOC_HIGHEST), 0x3000), 0x600000);
	/* 4 MiB alignment: 4 MiB fits in 1-8 MiB only at 4 MiB. */
	CHECK_BASE(pick(&m, reloc(0, 0x7FFFFF, 0x400000, MB2_RELOC_LOWEST), 0x400000), 0x400000);
	CHECK_NO_BASE(pick(&m, reloc(0, 0x7FFFFF, 0x400000, MB2_RELOC_LOWEST), 0x400001),
		      "alignment 0x400000");

	/* Alignment 0 and less than a page: a page. */
	struct mem_range odd[] = { { 0x100800, 0x200000, MEM_FREE } };
	struct mem_map o = MAP(odd);

	CHECK_BASE(pick(&o, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_LOWEST), 0x1000), 0x101000);
	CHECK_BASE(pick(&o, reloc(0, 0xFFFFFFFF, 16, MB2_RELOC_LOWEST), 0x1000), 0x101000);
	CHECK_BASE(pick(&o, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_HIGHEST), 0x1000), 0x1FF000);
	struct pick p = pick(&o, reloc(0, 0xFFFFFFFF, 1, MB2_RELOC_LOWEST), 0x1000);

	CHECK_OK(p.rc, p.why);
	CHECK_EQ(p.base % 0x1000, 0);
}

TEST(mb2place_floor_and_min)
{
	struct mem_map m = MAP(typical);

	/* Low memory is never used, whatever min says. */
	struct mem_range low_only[] = { { 0x1000, 0x9F000, MEM_FREE } };
	struct mem_map l = MAP(low_only);

	CHECK_NO_BASE(pick(&l, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000),
		      "no free memory");
	/* A range that straddles 1 MiB starts at 1 MiB. */
	struct mem_range across[] = { { 0x80000, 0x200000, MEM_FREE } };
	struct mem_map a = MAP(across);

	CHECK_BASE(pick(&a, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000), 0x100000);
	CHECK_BASE(pick(&a, reloc(0x1000, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000),
		   MB2_RELOC_FLOOR);
	/* min above the floor, unaligned: the next aligned address. */
	CHECK_BASE(pick(&m, reloc(0x123456, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000),
		   0x124000);
	CHECK_BASE(pick(&m, reloc(0x123456, 0xFFFFFFFF, 0x100000, MB2_RELOC_LOWEST), 0x1000),
		   0x200000);
	/* min past the first free range. */
	CHECK_BASE(pick(&m, reloc(0x900000, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000),
		   0x1000000);
}

TEST(mb2place_max_is_the_end)
{
	struct mem_range big[] = { { 0x100000, 0x10000000, MEM_FREE } };
	struct mem_map m = MAP(big);

	/* max_addr 0x1FFFFF: the image may end at 0x200000. */
	CHECK_BASE(pick(&m, reloc(0, 0x1FFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x100000), 0x100000);
	CHECK_BASE(pick(&m, reloc(0, 0x1FFFFF, 0x1000, MB2_RELOC_LOWEST), 0x100000), 0x100000);
	CHECK_BASE(pick(&m, reloc(0, 0x200FFF, 0x1000, MB2_RELOC_HIGHEST), 0x100000), 0x101000);
	/* One byte less: it does not fit. */
	CHECK_NO_BASE(pick(&m, reloc(0, 0x1FFFFE, 0x1000, MB2_RELOC_HIGHEST), 0x100000),
		      "0x100000-0x1fffff");
	/* min == max: nothing of a page fits. */
	CHECK_NO_BASE(pick(&m, reloc(0x400000, 0x400000, 0, MB2_RELOC_LOWEST), 1), "no free");
}

/* max_addr 0xFFFFFFFF: up to 4 GiB, never above. */
TEST(mb2place_below_4gib)
{
	struct mem_range r[] = {
		{ 0x100000, 0x200000, MEM_FREE },
		{ 0xFFF00000, 0x100000000, MEM_FREE },
		{ 0x100000000, 0x200000000, MEM_FREE },
	};
	struct mem_map m = MAP(r);

	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x2000), 0xFFFFE000);
	CHECK_BASE(pick(&m, reloc(0xFFF00000, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x2000),
		   0xFFF00000);
	/* Above 4 GiB only: nothing. */
	struct mem_range high[] = { { 0x100000000, 0x200000000, MEM_FREE } };
	struct mem_map h = MAP(high);

	CHECK_NO_BASE(pick(&h, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_HIGHEST), 0x1000),
		      "no free memory");
}

TEST(mb2place_only_free_memory)
{
	static const enum mem_kind kinds[] = { MEM_BOOT, MEM_ACPI_RECLAIM, MEM_ACPI_NVS,
					       MEM_RUNTIME, MEM_RESERVED, MEM_UNUSABLE };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct mem_range r[] = {
			{ 0x100000, 0x10000000, kinds[i] },
			{ 0x10000000, 0x10002000, MEM_FREE },
			{ 0x10002000, 0x20000000, kinds[i] },
		};
		struct mem_map m = MAP(r);

		CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_LOWEST), 0x2000), 0x10000000);
		CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_HIGHEST), 0x2000), 0x10000000);
		CHECK_NO_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_LOWEST), 0x2001),
			      "8193 bytes");
	}
	/* Two free ranges touching do not make one (the map merges them itself). */
	struct mem_range split[] = {
		{ 0x100000, 0x101000, MEM_FREE },
		{ 0x101000, 0x102000, MEM_BOOT },
		{ 0x102000, 0x103000, MEM_FREE },
	};
	struct mem_map s = MAP(split);

	CHECK_NO_BASE(pick(&s, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_LOWEST), 0x2000), "no free");
}

TEST(mb2place_nothing_fits)
{
	struct mem_map m = MAP(typical);
	struct mem_map empty = { typical, 0, 0 };

	CHECK_NO_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x3000001),
		      "50331649 bytes");
	CHECK_NO_BASE(pick(&empty, reloc(0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST), 0x1000),
		      "no free memory");
	/* The reason names the range and alignment. */
	struct pick p = pick(&m, reloc(0x5000000, 0x6000000, 0x200000, MB2_RELOC_LOWEST), 0x1000);

	CHECK_REFUSED(p.rc, p.why, "0x5000000-0x6000001");
	CHECK_CONTAINS(p.why, "alignment 0x200000");
	/* A small why buffer: terminated, not overrun. */
	struct mb2_header h = reloc(0, 0xFFFFFFFF, 0, 0);
	char why[16];
	uint32_t base = 0;

	memset(why, 'X', sizeof(why));
	CHECK_EQ(mb2_place(&empty, &h, 0x1000, &base, why, 8), -1);
	CHECK_EQ(strlen(why), 7);
	CHECK_EQ(why[8], 'X');
}

/* The biggest image: all of the range below 4 GiB. */
TEST(mb2place_huge_image)
{
	struct mem_range r[] = { { 0x100000, 0x100000000, MEM_FREE } };
	struct mem_map m = MAP(r);

	CHECK_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_HIGHEST), 0xFFF00000), 0x100000);
	CHECK_NO_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_HIGHEST), 0xFFF00001), "no free");
	CHECK_NO_BASE(pick(&m, reloc(0, 0xFFFFFFFF, 0, MB2_RELOC_LOWEST), 0xFFFFFFFF), "no free");
}
