/* SPDX-License-Identifier: BSD-2-Clause */
/* The last firmware step: final map, boot information, ExitBootServices. */
#ifndef EFI_EXIT_H
#define EFI_EXIT_H

#include <efi.h>
#include <stdbool.h>

#include <multiboot/multiboot.h>

#include "../loader/plan.h"
#include "firmware_map.h"

/*
 * Writes the kernel's boot information for the final map: the firmware's
 * (raw and neutral) and the Multiboot map built from it (NULL while boot
 * services stay up). Must not allocate. Returns 0, or -1 with a reason.
 */
typedef int (*write_info_fn)(void *ctx, const struct efi_map *map,
			     const struct multiboot_mmap_entry *mmap, uint32_t count,
			     char *why, size_t why_size);

/*
 * With exit_boot_services, on success boot services are gone; on failure
 * *committed says whether ExitBootServices was already tried (then nothing
 * may be printed). Without, the information is written for the map as it
 * is now and boot services stay up (the Multiboot 2 EFI entries).
 */
EFI_STATUS exit_firmware(EFI_HANDLE image, struct efi_map *map, const struct plan *plan,
			 bool strict, bool exit_boot_services, write_info_fn write_info,
			 void *ctx, bool *committed, char *why, size_t why_size);

#endif
