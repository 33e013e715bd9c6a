/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a relocatable Multiboot 2 kernel goes: free memory within the
 * range its header allows, at its alignment, lowest or highest as it
 * prefers. Only memory free now: it is loaded in place, never staged.
 */
#ifndef LOADER_MB2PLACE_H
#define LOADER_MB2PLACE_H

#include <stddef.h>
#include <stdint.h>

#include "mb2header.h"
#include "memmap.h"

/* Nothing of the kernel goes below 1 MiB: the BIOS data and EBDA live there. */
#define MB2_RELOC_FLOOR 0x100000ull

/* Returns 0 with *base set, or -1 with a reason in why. */
int mb2_place(const struct mem_map *map, const struct mb2_header *h,
		  uint32_t image_size, uint32_t *base, char *why, size_t why_size);

#endif
