/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A firmware-neutral memory map: sorted, non-overlapping ranges of one kind,
 * made from the UEFI memory map, and the Multiboot memory map made from it.
 */
#ifndef LOADER_MEMMAP_H
#define LOADER_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

/* UEFI memory types (UEFI 2.10, 7.2, EFI_MEMORY_TYPE). */
enum efi_memory_type {
	EFI_RESERVED_MEMORY = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_MEMORY_MAPPED_IO = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT_MEMORY = 14,
	EFI_UNACCEPTED_MEMORY = 15,
};

/* The layout of EFI_MEMORY_DESCRIPTOR; the firmware's stride may be larger. */
struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t pages;
	uint64_t attribute;
};

enum mem_kind {
	MEM_FREE,          /* conventional: ours to allocate now */
	MEM_BOOT,          /* boot-services/loader memory: free after ExitBootServices */
	MEM_ACPI_RECLAIM,  /* ACPI tables */
	MEM_ACPI_NVS,      /* firmware state kept across S3 */
	MEM_RUNTIME,       /* runtime services: must never be touched */
	MEM_RESERVED,      /* reserved, MMIO, PAL, persistent, unaccepted */
	MEM_UNUSABLE,      /* errors detected */
	MEM_KINDS
};

struct mem_range {
	uint64_t start;
	uint64_t end;  /* exclusive */
	enum mem_kind kind;
};

struct mem_map {
	struct mem_range *ranges;
	size_t count;
	size_t capacity;
};

enum mem_kind memmap_kind_from_efi(uint32_t efi_type);
const char *memmap_kind_name(enum mem_kind kind);
/* The Multiboot type a kind is reported as once the kernel runs. */
uint32_t memmap_multiboot_type(enum mem_kind kind);

/*
 * Fill map (whose ranges/capacity the caller set) from a UEFI memory map of
 * map_size bytes with desc_size-byte descriptors: sorted, adjacent ranges of
 * the same kind merged. Returns 0, or -1 with a reason in why (overlapping
 * descriptors, too many, a bad descriptor size).
 */
int memmap_from_efi(struct mem_map *map, const void *efi_map, size_t map_size,
		    size_t desc_size, char *why, size_t why_size);

/*
 * The range of the map that holds addr, or NULL. Where addr lies in no
 * range (no RAM, a hole), *gap_end is set to where the next range starts.
 */
const struct mem_range *memmap_find(const struct mem_map *map, uint64_t addr,
				    uint64_t *gap_end);

/* Whether [start, end) lies entirely in ranges of the given kind. */
int memmap_all_kind(const struct mem_map *map, uint64_t start, uint64_t end,
		    enum mem_kind kind);

#endif
