/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What differs between Multiboot 1 and Multiboot 2 in the boot pipeline,
 * chosen once (efi/mb1.c, efi/mb2.c) so that efi/main.c has one path:
 * how large the information is, its parts written before and at
 * ExitBootServices, the magic and the entry.
 */
#ifndef EFI_PROTOCOL_H
#define EFI_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../loader/plan.h"
#include "../loader/video.h"
#include "exit.h"

struct protocol {
	const char *name;             /* "Multiboot" or "Multiboot 2" */
	uint32_t magic;               /* EAX at the kernel's entry */
	uint32_t entry;               /* where the kernel is entered */
	/* A Multiboot 2 EFI entry: no ExitBootServices, no hand-off. */
	bool keep_boot_services;
	/*
	 * Bytes the information needs at most, for this many Multiboot map
	 * entries and an EFI map this large (the plan reserves them).
	 */
	uint32_t (*info_size)(void *ctx, uint32_t mmap_entries, size_t efi_map_size);
	/* The information's first part, at the planned address. */
	void (*write_before_exit)(void *ctx, const struct plan *plan,
				  const struct framebuffer *fb);
	/* The rest, for the final map; must not allocate (exit.h). */
	write_info_fn write_at_exit;
	void *ctx;
};

#endif
