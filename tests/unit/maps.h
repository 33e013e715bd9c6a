/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Firmware memory maps for the tests: UEFI descriptor arrays encoded with a
 * firmware's stride, the OVMF q35 1 GiB map of the facts file, and a
 * test-side "paint" to make variants of a neutral map.
 */
#ifndef UNIT_MAPS_H
#define UNIT_MAPS_H

#include <stddef.h>
#include <stdint.h>

#include "loader/memmap.h"

struct efi_spec {
	uint32_t type;
	uint64_t start;
	uint64_t end;  /* exclusive, page-aligned */
};

/* OVMF q35, -m 1024, OVMF_CODE_4M.fd, as listed by GetMemoryMap. */
extern const struct efi_spec ovmf_q35_1g[];
extern const size_t ovmf_q35_1g_count;
/* The same with -m 6144's RAM above 4 GiB listed before MMCONFIG and flash. */
extern const struct efi_spec ovmf_q35_6g[];
extern const size_t ovmf_q35_6g_count;

/* Encode as firmware does, with stride-byte descriptors; free() the result. */
void *efi_encode(const struct efi_spec *specs, size_t count, size_t stride,
		 size_t *size);

/* A neutral map (malloc'd, capacity count + spare) via memmap_from_efi. */
struct mem_map *map_new(const struct efi_spec *specs, size_t count, size_t spare);
struct mem_map *map_ovmf(void);
struct mem_map *map_copy(const struct mem_map *m, size_t spare);
void map_free(struct mem_map *m);

/* Give [start, end) a kind (kind < 0: remove it, making a hole); re-merge. */
void map_paint(struct mem_map *m, uint64_t start, uint64_t end, int kind);

/* Whether [start, end) lies in ranges of the given kind (test-side check). */
int map_all(const struct mem_map *m, uint64_t start, uint64_t end, enum mem_kind kind);

#endif
