// SPDX-License-Identifier: BSD-2-Clause
#include "memmap.h"

#include <multiboot/multiboot.h>

#include "fmt.h"
#include "sort.h"

#define EFI_PAGE_SIZE 4096ull

enum mem_kind memmap_kind_from_efi(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_CONVENTIONAL_MEMORY:
		return MEM_FREE;
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return MEM_BOOT;
	case EFI_ACPI_RECLAIM_MEMORY:
		return MEM_ACPI_RECLAIM;
	case EFI_ACPI_MEMORY_NVS:
		return MEM_ACPI_NVS;
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
		return MEM_RUNTIME;
	case EFI_UNUSABLE_MEMORY:
		return MEM_UNUSABLE;
	default:
		return MEM_RESERVED;
	}
}

const char *memmap_kind_name(enum mem_kind kind)
{
	static const char *const names[MEM_KINDS] = {
		[MEM_FREE] = "free",
		[MEM_BOOT] = "boot-services",
		[MEM_ACPI_RECLAIM] = "ACPI-tables",
		[MEM_ACPI_NVS] = "ACPI-NVS",
		[MEM_RUNTIME] = "runtime-services",
		[MEM_RESERVED] = "reserved",
		[MEM_UNUSABLE] = "unusable",
	};

	return kind < MEM_KINDS ? names[kind] : "?";
}

uint32_t memmap_multiboot_type(enum mem_kind kind)
{
	switch (kind) {
	case MEM_FREE:
	case MEM_BOOT:
		return MULTIBOOT_MEMORY_AVAILABLE;
	case MEM_ACPI_RECLAIM:
		return MULTIBOOT_MEMORY_ACPI_RECLAIMABLE;
	case MEM_ACPI_NVS:
		return MULTIBOOT_MEMORY_NVS;
	case MEM_UNUSABLE:
		return MULTIBOOT_MEMORY_BADRAM;
	default:
		return MULTIBOOT_MEMORY_RESERVED;
	}
}

_Static_assert(sizeof(struct mem_range) <= SORT_MAX_ELEMENT, "sortable");

static uint64_t range_start(const void *range)
{
	return ((const struct mem_range *)range)->start;
}

int memmap_from_efi(struct mem_map *map, const void *efi_map, size_t map_size,
		    size_t desc_size, char *why, size_t why_size)
{
	const uint8_t *p = efi_map;
	size_t n = 0;

	if (desc_size < sizeof(struct efi_memory_descriptor) || desc_size % 8)
		return fmt_fail(why, why_size,
				"the firmware's memory descriptors are %llu bytes, not a valid size",
				(unsigned long long)desc_size);
	for (size_t off = 0; off + desc_size <= map_size; off += desc_size) {
		const struct efi_memory_descriptor *d = (const void *)(p + off);
		uint64_t start = d->physical_start;

		if (!d->pages)
			continue;
		if (d->pages > (UINT64_MAX - start) / EFI_PAGE_SIZE)
			return fmt_fail(why, why_size,
					"the firmware's memory map has a range at 0x%llx that wraps around",
					(unsigned long long)start);
		if (n == map->capacity)
			return fmt_fail(why, why_size,
					"the firmware's memory map has more than %llu ranges",
					(unsigned long long)map->capacity);
		map->ranges[n++] = (struct mem_range){
			start, start + d->pages * EFI_PAGE_SIZE,
			memmap_kind_from_efi(d->type),
		};
	}
	sort_by_key(map->ranges, n, sizeof(map->ranges[0]), range_start);

	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		struct mem_range *r = &map->ranges[i];
		struct mem_range *last = out ? &map->ranges[out - 1] : NULL;

		if (last && r->start < last->end)
			return fmt_fail(why, why_size,
					"the firmware's memory map has overlapping ranges at 0x%llx-0x%llx and 0x%llx-0x%llx",
					(unsigned long long)last->start, (unsigned long long)last->end,
					(unsigned long long)r->start, (unsigned long long)r->end);
		if (last && r->start == last->end && r->kind == last->kind)
			last->end = r->end;
		else
			map->ranges[out++] = *r;
	}
	map->count = out;
	return 0;
}

const struct mem_range *memmap_find(const struct mem_map *map, uint64_t addr,
				    uint64_t *gap_end)
{
	*gap_end = UINT64_MAX;
	for (size_t i = 0; i < map->count; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (addr < r->start) {
			*gap_end = r->start;
			return NULL;
		}
		if (addr < r->end)
			return r;
	}
	return NULL;
}

int memmap_all_kind(const struct mem_map *map, uint64_t start, uint64_t end,
		    enum mem_kind kind)
{
	uint64_t gap_end;

	while (start < end) {
		const struct mem_range *r = memmap_find(map, start, &gap_end);

		if (!r || r->kind != kind)
			return 0;
		start = r->end;
	}
	return 1;
}
