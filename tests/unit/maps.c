// SPDX-License-Identifier: BSD-2-Clause
#include "maps.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define SPEC_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * OVMF q35 1 GiB (ovmf-qemu-facts.md): the low layout as measured; the top
 * of RAM abbreviated to one run of each kind OVMF puts there.
 */
#define OVMF_LOW \
	{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xA0000 }, \
	{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x806000 }, \
	{ EFI_ACPI_MEMORY_NVS, 0x806000, 0x808000 }, \
	{ EFI_CONVENTIONAL_MEMORY, 0x808000, 0x810000 }, \
	{ EFI_ACPI_MEMORY_NVS, 0x810000, 0x900000 }, \
	{ EFI_BOOT_SERVICES_DATA, 0x900000, 0x1500000 }, \
	{ EFI_CONVENTIONAL_MEMORY, 0x1500000, 0x3DEC4000 }, \
	{ EFI_LOADER_CODE, 0x3DEC4000, 0x3DF00000 }, \
	{ EFI_LOADER_DATA, 0x3DF00000, 0x3DF40000 }, \
	{ EFI_BOOT_SERVICES_DATA, 0x3DF40000, 0x3E700000 }, \
	{ EFI_BOOT_SERVICES_CODE, 0x3E700000, 0x3EB00000 }, \
	{ EFI_ACPI_RECLAIM_MEMORY, 0x3EB00000, 0x3EB10000 }, \
	{ EFI_ACPI_MEMORY_NVS, 0x3EB10000, 0x3EB80000 }, \
	{ EFI_BOOT_SERVICES_DATA, 0x3EB80000, 0x3EC00000 }, \
	{ EFI_RUNTIME_SERVICES_DATA, 0x3EC00000, 0x3ED00000 }, \
	{ EFI_RUNTIME_SERVICES_CODE, 0x3ED00000, 0x3EE00000 }, \
	{ EFI_BOOT_SERVICES_DATA, 0x3EE00000, 0x3F700000 }, \
	{ EFI_ACPI_MEMORY_NVS, 0x3F700000, 0x3F780000 }, \
	{ EFI_ACPI_RECLAIM_MEMORY, 0x3F780000, 0x3F800000 }, \
	{ EFI_RESERVED_MEMORY, 0x3F800000, 0x3FC00000 }, \
	{ EFI_RUNTIME_SERVICES_DATA, 0x3FC00000, 0x40000000 }

const struct efi_spec ovmf_q35_1g[] = {
	OVMF_LOW,
	{ EFI_RESERVED_MEMORY, 0xB0000000, 0xC0000000 },
	{ EFI_MEMORY_MAPPED_IO, 0xFFC00000, 0x100000000 },
};
const size_t ovmf_q35_1g_count = SPEC_COUNT(ovmf_q35_1g);

const struct efi_spec ovmf_q35_6g[] = {
	OVMF_LOW,
	{ EFI_CONVENTIONAL_MEMORY, 0x100000000, 0x200000000 },
	{ EFI_RESERVED_MEMORY, 0xB0000000, 0xC0000000 },
	{ EFI_MEMORY_MAPPED_IO, 0xFFC00000, 0x100000000 },
};
const size_t ovmf_q35_6g_count = SPEC_COUNT(ovmf_q35_6g);

void *efi_encode(const struct efi_spec *specs, size_t count, size_t stride,
		 size_t *size)
{
	/* uint64_t-aligned, like the firmware's pool buffers. */
	uint64_t *buf = tcalloc(count ? count : 1, stride);
	uint8_t *p = (uint8_t *)buf;

	CHECK(buf);
	CHECK(stride >= sizeof(struct efi_memory_descriptor));
	memset(buf, 0xEE, count * stride);  /* the stride's tail is junk */
	for (size_t i = 0; i < count; i++) {
		struct efi_memory_descriptor d = {
			.type = specs[i].type,
			.pad = 0,
			.physical_start = specs[i].start,
			.virtual_start = 0,
			.pages = (specs[i].end - specs[i].start) / 4096,
			.attribute = 0xF,
		};

		memcpy(p + i * stride, &d, sizeof(d));
	}
	*size = count * stride;
	return buf;
}

struct mem_map *map_new(const struct efi_spec *specs, size_t count, size_t spare)
{
	struct mem_map *m = tcalloc(1, sizeof(*m));
	size_t size;
	void *efi = efi_encode(specs, count, 48, &size);
	char why[200] = "";

	CHECK(m);
	m->capacity = count + spare;
	m->ranges = tcalloc(m->capacity ? m->capacity : 1, sizeof(*m->ranges));
	CHECK(m->ranges);
	CHECK_OK(memmap_from_efi(m, efi, size, 48, why, sizeof(why)), why);
	tfree(efi);
	return m;
}

struct mem_map *map_ovmf(void)
{
	return map_new(ovmf_q35_1g, ovmf_q35_1g_count, 8);
}

struct mem_map *map_copy(const struct mem_map *src, size_t spare)
{
	struct mem_map *m = tcalloc(1, sizeof(*m));

	CHECK(m);
	m->capacity = src->count + spare;
	m->count = src->count;
	m->ranges = tcalloc(m->capacity ? m->capacity : 1, sizeof(*m->ranges));
	CHECK(m->ranges);
	memcpy(m->ranges, src->ranges, src->count * sizeof(*m->ranges));
	return m;
}

void map_free(struct mem_map *m)
{
	if (!m)
		return;
	tfree(m->ranges);
	tfree(m);
}

void map_paint(struct mem_map *m, uint64_t start, uint64_t end, int kind)
{
	size_t cap = m->count + 3, n = 0, out = 0;
	struct mem_range *tmp = tcalloc(cap, sizeof(*tmp));

	CHECK(tmp);
	for (size_t i = 0; i < m->count; i++) {
		const struct mem_range *r = &m->ranges[i];

		if (r->end <= start || r->start >= end) {
			tmp[n++] = *r;
			continue;
		}
		if (r->start < start)
			tmp[n++] = (struct mem_range){ r->start, start, r->kind };
		if (r->end > end)
			tmp[n++] = (struct mem_range){ end, r->end, r->kind };
	}
	if (kind >= 0)
		tmp[n++] = (struct mem_range){ start, end, (enum mem_kind)kind };
	/* Sort (insertion) and merge same-kind neighbours. */
	for (size_t i = 1; i < n; i++) {
		struct mem_range key = tmp[i];
		size_t j = i;

		for (; j && tmp[j - 1].start > key.start; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = key;
	}
	for (size_t i = 0; i < n; i++) {
		if (out && tmp[out - 1].end == tmp[i].start && tmp[out - 1].kind == tmp[i].kind)
			tmp[out - 1].end = tmp[i].end;
		else
			tmp[out++] = tmp[i];
	}
	CHECK(out <= m->capacity);
	memcpy(m->ranges, tmp, out * sizeof(*tmp));
	m->count = out;
	tfree(tmp);
}

int map_all(const struct mem_map *m, uint64_t start, uint64_t end, enum mem_kind kind)
{
	uint64_t at = start;

	for (size_t i = 0; i < m->count && at < end; i++) {
		const struct mem_range *r = &m->ranges[i];

		if (r->end <= at)
			continue;
		if (r->start > at || r->kind != kind)
			return 0;
		at = r->end;
	}
	return at >= end;
}
