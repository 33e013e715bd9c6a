/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory map as both kernels see it once parsed: entries of base,
 * length and type, the same in Multiboot 1 and 2 (type 1 available, 5 bad
 * RAM). mmap.c and mb2/memmap.c only parse their own entry formats into it;
 * the checks and the queries other checks ask are here. */
#ifndef MBTEST_MEMORY_MAP_H
#define MBTEST_MEMORY_MAP_H

#include <stdint.h>

/* The entry type firmware-owned memory gets (E820 and both Multiboots). */
#define MMAP_TYPE_RESERVED 2

/* A map is there (possibly empty): from now on the queries answer from it.
 * Before, mmap_is_available says yes, there being nothing to hold a region
 * against (a Multiboot 2 loader that kept boot services passes no map). */
void mmap_begin(void);
int mmap_present(void);

/* Records and prints one entry; returns 0 (and fails) if the table is full. */
int mmap_add(uint64_t addr, uint64_t len, uint32_t type);

/* Fails empty, wrapping, unsorted and overlapping entries; notes unknown types. */
void mmap_check_entries(void);

/* Where the available memory from start ends, chaining adjacent or
 * overlapping available entries (start itself if none covers it). */
uint64_t mmap_available_end(uint64_t start);

/* mem_upper: the available KiB from 1 MiB up to the first hole. */
void mmap_check_mem_upper(uint32_t mem_upper);

/* Whether [start, end) lies entirely in available (type 1) entries,
 * possibly spanning several adjacent ones. */
int mmap_is_available(uint64_t start, uint64_t end);

/* Whether [start, end) lies entirely in entries of this type (2 is
 * reserved), possibly spanning several adjacent ones. Without a map: no. */
int mmap_is_type(uint64_t start, uint64_t end, uint32_t type);

/* Whether any available entry overlaps [start, end). */
int mmap_any_available(uint64_t start, uint64_t end);

#endif
