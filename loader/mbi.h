/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Multiboot information handed to the kernel: the module list rebased to
 * where the plan put things, the memory map from the final firmware map, and
 * the MBI itself. Nothing here allocates: the map is built between the last
 * GetMemoryMap and ExitBootServices.
 */
#ifndef LOADER_MBI_H
#define LOADER_MBI_H

#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "memmap.h"
#include "payload.h"
#include "plan.h"
#include "video.h"

/* Entries to reserve for the Multiboot map of this firmware map. */
uint32_t mbi_mmap_bound(const struct mem_map *map);

/*
 * Copy the metadata (module list and strings) to meta_out, which will live
 * at plan->meta_addr, with every module entry pointing where the plan put it.
 */
void mbi_write_meta(const struct payload *p, const struct plan *plan,
		    void *meta_out);

/* Spare ranges mbi_build_mmap needs in the final map: two per range it paints. */
#define MBI_PAINT_SPARE_RANGES 6

/*
 * Turn the final firmware map (changed in place; it needs
 * MBI_PAINT_SPARE_RANGES spare ranges) into the Multiboot map: the kernel
 * image's range available, the EBDA and the F segment (when used) reserved,
 * sorted, same-type neighbours merged. Returns the number of entries, or -1
 * with a reason in why if they do not fit in capacity.
 */
int mbi_build_mmap(const struct plan *plan, struct mem_map *final,
		   struct multiboot_mmap_entry *out, uint32_t capacity,
		   char *why, size_t why_size);

/*
 * Write the MBI (and the loader name after it) to mbi_out, which will live at
 * plan->mbi_addr. The map has already been written at plan->mmap_addr.
 */
void mbi_write(const struct payload *p, const struct plan *plan,
	       const struct multiboot_mmap_entry *mmap, uint32_t mmap_count,
	       const char *loader_name, void *mbi_out);

/*
 * The MBI as written: struct multiboot_info whole (QEMU's 88 bytes, then the
 * framebuffer fields), then the loader name.
 */
#define MBI_SIZE sizeof(struct multiboot_info)

/* Report a framebuffer in an MBI already written (flags bit 12). */
void mbi_set_framebuffer(void *mbi_out, const struct framebuffer *fb);

/* KiB of available memory from 0 (at most 640) and from 1 MiB. */
uint32_t mbi_mem_lower(const struct multiboot_mmap_entry *mmap, uint32_t count);
uint32_t mbi_mem_upper(const struct multiboot_mmap_entry *mmap, uint32_t count);

#endif
