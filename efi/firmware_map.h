/* SPDX-License-Identifier: BSD-2-Clause */
/* The firmware's memory map, fetched into buffers allocated up front. */
#ifndef EFI_FIRMWARE_MAP_H
#define EFI_FIRMWARE_MAP_H

#include <efi.h>

#include "../loader/memmap.h"

struct efi_map {
	void *buffer;          /* raw descriptors */
	UINTN buffer_size;
	UINTN size;            /* of the last map */
	UINTN key;
	UINTN desc_size;
	UINT32 desc_version;
	struct mem_map neutral;
};

/*
 * Allocate buffers with room for the current map and some growth (the
 * allocations that follow split ranges), then fetch and translate the map.
 */
EFI_STATUS efi_map_init(struct efi_map *m, char *why, size_t why_size);
/* Fetch and translate again into the same buffers; allocates nothing. */
EFI_STATUS efi_map_refresh(struct efi_map *m, char *why, size_t why_size);
void efi_map_free(struct efi_map *m);

#endif
