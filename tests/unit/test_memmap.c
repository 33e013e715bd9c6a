// SPDX-License-Identifier: BSD-2-Clause
/* loader/memmap.c: UEFI memory map to the sorted neutral map. */
#include <stdlib.h>

#include "check.h"
#include "maps.h"

#include <multiboot/multiboot.h>

/* memmap_from_efi on specs encoded with stride, into a map of capacity. */
static int from_specs(struct mem_map *m, const struct efi_spec *specs, size_t count,
		      size_t stride, size_t capacity, char *why, size_t why_size)
{
	size_t size;
	void *efi = efi_encode(specs, count, stride, &size);
	int rc;

	m->capacity = capacity;
	m->count = 0;
	m->ranges = tcalloc(capacity ? capacity : 1, sizeof(*m->ranges));
	CHECK(m->ranges);
	why[0] = '\0';
	rc = memmap_from_efi(m, efi, size, stride, why, why_size);
	tfree(efi);
	return rc;
}

static void check_range(const struct mem_map *m, size_t i, uint64_t start, uint64_t end,
			enum mem_kind kind, int line)
{
	if (i >= m->count)
		check_fail(__FILE__, line, "range %zu exists (count %zu)", i, m->count);
	const struct mem_range *r = &m->ranges[i];
	if (r->start != start || r->end != end || r->kind != kind)
		check_fail(__FILE__, line,
			   "range %zu is 0x%llx-0x%llx %s, expected 0x%llx-0x%llx %s", i,
			   (unsigned long long)r->start, (unsigned long long)r->end,
			   memmap_kind_name(r->kind), (unsigned long long)start,
			   (unsigned long long)end, memmap_kind_name(kind));
}
#define CHECK_RANGE(m, i, s, e, k) check_range((m), (i), (s), (e), (k), __LINE__)

/* Sorted, non-overlapping, non-empty, same-kind neighbours merged. */
static void check_canonical(const struct mem_map *m, int line)
{
	for (size_t i = 0; i < m->count; i++) {
		const struct mem_range *r = &m->ranges[i];

		if (r->start >= r->end)
			check_fail(__FILE__, line, "range %zu is not empty", i);
		if (i && r->start < r[-1].end)
			check_fail(__FILE__, line, "range %zu starts after range %zu ends", i, i - 1);
		if (i && r->start == r[-1].end && r->kind == r[-1].kind)
			check_fail(__FILE__, line, "ranges %zu and %zu (same kind, adjacent) are merged",
				   i - 1, i);
	}
}
#define CHECK_CANONICAL(m) check_canonical((m), __LINE__)

TEST(memmap_kind_from_efi_every_type)
{
	static const enum mem_kind expect[] = {
		[EFI_RESERVED_MEMORY] = MEM_RESERVED,
		[EFI_LOADER_CODE] = MEM_BOOT,
		[EFI_LOADER_DATA] = MEM_BOOT,
		[EFI_BOOT_SERVICES_CODE] = MEM_BOOT,
		[EFI_BOOT_SERVICES_DATA] = MEM_BOOT,
		[EFI_RUNTIME_SERVICES_CODE] = MEM_RUNTIME,
		[EFI_RUNTIME_SERVICES_DATA] = MEM_RUNTIME,
		[EFI_CONVENTIONAL_MEMORY] = MEM_FREE,
		[EFI_UNUSABLE_MEMORY] = MEM_UNUSABLE,
		[EFI_ACPI_RECLAIM_MEMORY] = MEM_ACPI_RECLAIM,
		[EFI_ACPI_MEMORY_NVS] = MEM_ACPI_NVS,
		[EFI_MEMORY_MAPPED_IO] = MEM_RESERVED,
		[EFI_MEMORY_MAPPED_IO_PORT_SPACE] = MEM_RESERVED,
		[EFI_PAL_CODE] = MEM_RESERVED,
		[EFI_PERSISTENT_MEMORY] = MEM_RESERVED,
		[EFI_UNACCEPTED_MEMORY] = MEM_RESERVED,
	};

	for (uint32_t t = 0; t < 16; t++) {
		if (memmap_kind_from_efi(t) != expect[t])
			check_fail(__FILE__, __LINE__, "EFI type %u is %s, expected %s", t,
				   memmap_kind_name(memmap_kind_from_efi(t)),
				   memmap_kind_name(expect[t]));
	}
	/* Unknown types (OEM 0x70000000+, OS 0x80000000+, 16): reserved. */
	CHECK_EQ(memmap_kind_from_efi(16), MEM_RESERVED);
	CHECK_EQ(memmap_kind_from_efi(0x70000000), MEM_RESERVED);
	CHECK_EQ(memmap_kind_from_efi(0x80000001), MEM_RESERVED);
	CHECK_EQ(memmap_kind_from_efi(0xFFFFFFFF), MEM_RESERVED);
}

TEST(memmap_kind_names_and_multiboot_types)
{
	CHECK_STR(memmap_kind_name(MEM_FREE), "free");
	CHECK_STR(memmap_kind_name(MEM_BOOT), "boot-services");
	CHECK_STR(memmap_kind_name(MEM_ACPI_RECLAIM), "ACPI-tables");
	CHECK_STR(memmap_kind_name(MEM_ACPI_NVS), "ACPI-NVS");
	CHECK_STR(memmap_kind_name(MEM_RUNTIME), "runtime-services");
	CHECK_STR(memmap_kind_name(MEM_RESERVED), "reserved");
	CHECK_STR(memmap_kind_name(MEM_UNUSABLE), "unusable");
	CHECK_STR(memmap_kind_name(MEM_KINDS), "?");
	CHECK_STR(memmap_kind_name((enum mem_kind)1000), "?");

	CHECK_EQ(memmap_multiboot_type(MEM_FREE), MULTIBOOT_MEMORY_AVAILABLE);
	CHECK_EQ(memmap_multiboot_type(MEM_BOOT), MULTIBOOT_MEMORY_AVAILABLE);
	CHECK_EQ(memmap_multiboot_type(MEM_ACPI_RECLAIM), MULTIBOOT_MEMORY_ACPI_RECLAIMABLE);
	CHECK_EQ(memmap_multiboot_type(MEM_ACPI_NVS), MULTIBOOT_MEMORY_NVS);
	CHECK_EQ(memmap_multiboot_type(MEM_RUNTIME), MULTIBOOT_MEMORY_RESERVED);
	CHECK_EQ(memmap_multiboot_type(MEM_RESERVED), MULTIBOOT_MEMORY_RESERVED);
	CHECK_EQ(memmap_multiboot_type(MEM_UNUSABLE), MULTIBOOT_MEMORY_BADRAM);
}

/* The whole OVMF 1 GiB map, with the stride of real firmware (48). */
TEST(memmap_ovmf_map)
{
	struct mem_map *m = map_ovmf();

	CHECK_CANONICAL(m);
	CHECK_RANGE(m, 0, 0x0, 0xA0000, MEM_FREE);
	CHECK_RANGE(m, 1, 0x100000, 0x806000, MEM_FREE);
	CHECK_RANGE(m, 2, 0x806000, 0x808000, MEM_ACPI_NVS);
	CHECK_RANGE(m, 3, 0x808000, 0x810000, MEM_FREE);
	CHECK_RANGE(m, 4, 0x810000, 0x900000, MEM_ACPI_NVS);
	CHECK_RANGE(m, 5, 0x900000, 0x1500000, MEM_BOOT);
	CHECK_RANGE(m, 6, 0x1500000, 0x3DEC4000, MEM_FREE);
	/* Loader code/data and boot-services code/data merge into one range. */
	CHECK_RANGE(m, 7, 0x3DEC4000, 0x3EB00000, MEM_BOOT);
	CHECK_RANGE(m, 8, 0x3EB00000, 0x3EB10000, MEM_ACPI_RECLAIM);
	/* Runtime data then runtime code: one runtime range. */
	CHECK_RANGE(m, 11, 0x3EC00000, 0x3EE00000, MEM_RUNTIME);
	CHECK_RANGE(m, m->count - 2, 0xB0000000, 0xC0000000, MEM_RESERVED);
	CHECK_RANGE(m, m->count - 1, 0xFFC00000, 0x100000000, MEM_RESERVED);
	CHECK_EQ(m->count, 19);
	map_free(m);
}

/* -m 6144: the range above 4 GiB comes before MMCONFIG and flash. */
TEST(memmap_sorts_unsorted_map)
{
	struct mem_map *m = map_new(ovmf_q35_6g, ovmf_q35_6g_count, 0);

	CHECK_CANONICAL(m);
	CHECK_RANGE(m, m->count - 3, 0xB0000000, 0xC0000000, MEM_RESERVED);
	CHECK_RANGE(m, m->count - 2, 0xFFC00000, 0x100000000, MEM_RESERVED);
	CHECK_RANGE(m, m->count - 1, 0x100000000, 0x200000000, MEM_FREE);
	map_free(m);

	/* Fully reversed. */
	struct efi_spec rev[8];
	struct mem_map mm;
	char why[200];
	for (int i = 0; i < 8; i++)
		rev[i] = (struct efi_spec){ i % 2 ? EFI_CONVENTIONAL_MEMORY : EFI_ACPI_MEMORY_NVS,
					    (uint64_t)(7 - i) * 0x10000, (uint64_t)(8 - i) * 0x10000 };
	CHECK_OK(from_specs(&mm, rev, 8, 40, 8, why, sizeof(why)), why);
	CHECK_CANONICAL(&mm);
	CHECK_EQ(mm.count, 8);
	for (size_t i = 0; i < 8; i++)
		CHECK_EQ(mm.ranges[i].start, i * 0x10000);
	tfree(mm.ranges);
}

TEST(memmap_merges_adjacent_same_kind)
{
	static const struct efi_spec specs[] = {
		{ EFI_BOOT_SERVICES_CODE, 0x100000, 0x200000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0x1000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9F000 },
		{ EFI_BOOT_SERVICES_DATA, 0x200000, 0x300000 },
		{ EFI_LOADER_DATA, 0x300000, 0x301000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x302000, 0x400000 },  /* after a gap */
		{ EFI_CONVENTIONAL_MEMORY, 0x9F000, 0xA0000 },
		{ EFI_RUNTIME_SERVICES_CODE, 0x400000, 0x401000 },
		{ EFI_RESERVED_MEMORY, 0x401000, 0x402000 },      /* both "reserved" to Multiboot */
	};
	struct mem_map m;
	char why[200];

	CHECK_OK(from_specs(&m, specs, 9, 48, 9, why, sizeof(why)), why);
	CHECK_CANONICAL(&m);
	CHECK_EQ(m.count, 5);
	CHECK_RANGE(&m, 0, 0x0, 0xA0000, MEM_FREE);
	CHECK_RANGE(&m, 1, 0x100000, 0x301000, MEM_BOOT);
	CHECK_RANGE(&m, 2, 0x302000, 0x400000, MEM_FREE);
	CHECK_RANGE(&m, 3, 0x400000, 0x401000, MEM_RUNTIME);
	CHECK_RANGE(&m, 4, 0x401000, 0x402000, MEM_RESERVED);
	tfree(m.ranges);
}

TEST(memmap_refuses_overlap)
{
	static const struct efi_spec partial[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x200000 },
		{ EFI_BOOT_SERVICES_DATA, 0x1FF000, 0x300000 },
	};
	static const struct efi_spec same_start[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x101000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x101000 },
	};
	static const struct efi_spec inside[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0x400000 },
		{ EFI_ACPI_MEMORY_NVS, 0x800000, 0x900000 },
		{ EFI_RUNTIME_SERVICES_DATA, 0x100000, 0x101000 },
	};
	/* Contained in an earlier range, but after a range in between. */
	static const struct efi_spec nested[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0x400000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x2000 },
		{ EFI_CONVENTIONAL_MEMORY, 0x3000, 0x4000 },
	};
	struct mem_map m;
	char why[200];

	CHECK_REFUSED(from_specs(&m, partial, 2, 48, 2, why, sizeof(why)), why, "overlapping");
	tfree(m.ranges);
	CHECK_REFUSED(from_specs(&m, same_start, 2, 48, 2, why, sizeof(why)), why, "overlapping");
	tfree(m.ranges);
	CHECK_REFUSED(from_specs(&m, inside, 3, 48, 3, why, sizeof(why)), why, "0x100000");
	tfree(m.ranges);
	CHECK_REFUSED(from_specs(&m, nested, 3, 48, 3, why, sizeof(why)), why, "overlapping");
	tfree(m.ranges);
}

TEST(memmap_skips_zero_pages)
{
	static const struct efi_spec specs[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xA0000 },
		{ EFI_RUNTIME_SERVICES_DATA, 0x5000, 0x5000 },   /* empty, inside */
		{ EFI_RESERVED_MEMORY, 0xFFFFFFFFFFFFF000ull, 0xFFFFFFFFFFFFF000ull },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x200000 },
	};
	struct mem_map m;
	char why[200];

	/* Capacity 2: the empty descriptors take none. */
	CHECK_OK(from_specs(&m, specs, 4, 48, 2, why, sizeof(why)), why);
	CHECK_EQ(m.count, 2);
	CHECK_RANGE(&m, 0, 0x0, 0xA0000, MEM_FREE);
	CHECK_RANGE(&m, 1, 0x100000, 0x200000, MEM_FREE);
	tfree(m.ranges);
}

TEST(memmap_descriptor_stride)
{
	struct mem_map m;
	char why[200];

	/* 40 (the struct), 48 (OVMF), 56, 64: the same map. */
	static const size_t strides[] = { 40, 48, 56, 64, 4096 };
	for (size_t i = 0; i < sizeof(strides) / sizeof(strides[0]); i++) {
		CHECK_OK(from_specs(&m, ovmf_q35_1g, ovmf_q35_1g_count, strides[i],
				    ovmf_q35_1g_count, why, sizeof(why)), why);
		CHECK_EQ(m.count, 19);
		CHECK_RANGE(&m, 2, 0x806000, 0x808000, MEM_ACPI_NVS);
		tfree(m.ranges);
	}

	/* A trailing partial descriptor is not read. */
	size_t size;
	void *efi = efi_encode(ovmf_q35_1g, 3, 48, &size);
	m.capacity = 3;
	m.ranges = tcalloc(3, sizeof(*m.ranges));
	CHECK_OK(memmap_from_efi(&m, efi, size - 8, 48, why, sizeof(why)), why);
	CHECK_EQ(m.count, 2);
	CHECK_OK(memmap_from_efi(&m, efi, 0, 48, why, sizeof(why)), why);
	CHECK_EQ(m.count, 0);
	tfree(m.ranges);
	tfree(efi);
}

TEST(memmap_refuses_bad_desc_size)
{
	static const size_t bad[] = { 0, 8, 32, 39, 44, 41, 47, 52 };
	uint64_t buf[64] = { 0 };
	struct mem_range r[4];
	struct mem_map m = { r, 0, 4 };
	char why[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		CHECK_REFUSED(memmap_from_efi(&m, buf, sizeof(buf), bad[i], why, sizeof(why)),
			      why, "descriptors");
	}
}

TEST(memmap_refuses_capacity_exceeded)
{
	struct mem_map m;
	char why[200];

	CHECK_REFUSED(from_specs(&m, ovmf_q35_1g, ovmf_q35_1g_count, 48,
				 ovmf_q35_1g_count - 1, why, sizeof(why)),
		      why, "more than 22 ranges");
	tfree(m.ranges);
	CHECK_REFUSED(from_specs(&m, ovmf_q35_1g, 1, 48, 0, why, sizeof(why)), why, "more than 0");
	tfree(m.ranges);
	/* Exactly enough. */
	CHECK_OK(from_specs(&m, ovmf_q35_1g, ovmf_q35_1g_count, 48, ovmf_q35_1g_count,
			    why, sizeof(why)), why);
	tfree(m.ranges);
}

TEST(memmap_refuses_wrap_around)
{
	uint64_t buf[6] = { 0 };
	struct efi_memory_descriptor d = {
		.type = EFI_CONVENTIONAL_MEMORY,
		.physical_start = 0xFFFFFFFFFFF00000ull,
		.pages = 0x101,
	};
	struct mem_range r[2];
	struct mem_map m = { r, 0, 2 };
	char why[200];

	memcpy(buf, &d, sizeof(d));
	CHECK_REFUSED(memmap_from_efi(&m, buf, 48, 48, why, sizeof(why)), why, "wraps");
	/* Pages so many that pages * 4096 itself overflows. */
	d.physical_start = 0x1000;
	d.pages = 0x0010000000000001ull;
	memcpy(buf, &d, sizeof(d));
	CHECK_REFUSED(memmap_from_efi(&m, buf, 48, 48, why, sizeof(why)), why, "wraps");
	/* Ending exactly at 2^64 cannot be represented (end exclusive). */
	d.physical_start = 0xFFFFFFFFFFFFF000ull;
	d.pages = 1;
	memcpy(buf, &d, sizeof(d));
	CHECK_REFUSED(memmap_from_efi(&m, buf, 48, 48, why, sizeof(why)), why, "wraps");
	/* One page less is fine. */
	d.physical_start = 0xFFFFFFFFFFFFE000ull;
	memcpy(buf, &d, sizeof(d));
	CHECK_OK(memmap_from_efi(&m, buf, 48, 48, why, sizeof(why)), why);
	CHECK_EQ(m.ranges[0].end, 0xFFFFFFFFFFFFF000ull);
}

TEST(memmap_find_ranges_and_gaps)
{
	struct mem_map *m = map_ovmf();
	const struct mem_range *r;
	uint64_t gap = 0;

	r = memmap_find(m, 0, &gap);
	CHECK(r && r->start == 0 && r->end == 0xA0000);
	r = memmap_find(m, 0x9FFFF, &gap);
	CHECK(r && r->start == 0);
	/* The legacy hole: no range, the next one starts at 1 MiB. */
	r = memmap_find(m, 0xA0000, &gap);
	CHECK(!r);
	CHECK_EQ(gap, 0x100000);
	r = memmap_find(m, 0xFFFFF, &gap);
	CHECK(!r);
	CHECK_EQ(gap, 0x100000);
	r = memmap_find(m, 0x100000, &gap);
	CHECK(r && r->kind == MEM_FREE && r->end == 0x806000);
	r = memmap_find(m, 0x806000, &gap);
	CHECK(r && r->kind == MEM_ACPI_NVS);
	r = memmap_find(m, 0x807FFF, &gap);
	CHECK(r && r->kind == MEM_ACPI_NVS && r->end == 0x808000);
	/* Between the top of RAM and MMCONFIG. */
	r = memmap_find(m, 0x40000000, &gap);
	CHECK(!r);
	CHECK_EQ(gap, 0xB0000000);
	r = memmap_find(m, 0xFFFFFFFF, &gap);
	CHECK(r && r->kind == MEM_RESERVED);
	/* Past the last range: the gap never ends. */
	r = memmap_find(m, 0x100000000, &gap);
	CHECK(!r);
	CHECK_EQ(gap, UINT64_MAX);

	struct mem_map empty = { NULL, 0, 0 };
	CHECK(!memmap_find(&empty, 0x1000, &gap));
	CHECK_EQ(gap, UINT64_MAX);
	map_free(m);
}

TEST(memmap_all_kind)
{
	struct mem_map *m = map_ovmf();

	CHECK(memmap_all_kind(m, 0x100000, 0x806000, MEM_FREE));
	CHECK(memmap_all_kind(m, 0x805000, 0x806000, MEM_FREE));
	CHECK(!memmap_all_kind(m, 0x805000, 0x806001, MEM_FREE));
	CHECK(!memmap_all_kind(m, 0x100000, 0x1100000, MEM_FREE));
	CHECK(memmap_all_kind(m, 0x806000, 0x808000, MEM_ACPI_NVS));
	CHECK(!memmap_all_kind(m, 0x806000, 0x810001, MEM_ACPI_NVS));
	/* Through a hole: no. */
	CHECK(!memmap_all_kind(m, 0x9F000, 0x101000, MEM_FREE));
	CHECK(!memmap_all_kind(m, 0xA0000, 0xA1000, MEM_FREE));
	/* Beyond the map: no. */
	CHECK(!memmap_all_kind(m, 0x100000000, 0x100001000, MEM_FREE));
	/* An empty range is trivially of any kind. */
	CHECK(memmap_all_kind(m, 0xA0000, 0xA0000, MEM_FREE));
	/* Across two adjacent ranges of the same kind (not merged here). */
	struct mem_range r[2] = {
		{ 0x1000, 0x2000, MEM_BOOT },
		{ 0x2000, 0x3000, MEM_BOOT },
	};
	struct mem_map two = { r, 2, 2 };
	CHECK(memmap_all_kind(&two, 0x1800, 0x2800, MEM_BOOT));
	CHECK(!memmap_all_kind(&two, 0x1800, 0x3001, MEM_BOOT));
	map_free(m);
}
