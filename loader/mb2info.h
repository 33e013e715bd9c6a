/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Multiboot 2 information, written in two steps. What is known before
 * the final memory map (strings, modules, framebuffer, ELF sections, EFI
 * and ACPI pointers) is written once, before ExitBootServices is near; the
 * memory maps and the end tag are appended between the last GetMemoryMap
 * and ExitBootServices, which must not allocate.
 */
#ifndef LOADER_MB2INFO_H
#define LOADER_MB2INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "kernel_file.h"
#include "multiboot2.h"
#include "payload.h"
#include "plan.h"
#include "video.h"

struct mb2_info_input {
	const struct payload *payload;     /* command lines and modules */
	const struct plan *plan;           /* where the modules went */
	const char *loader_name;
	const struct kernel_file *kernel;  /* ELF sections from file, if ELF */
	const uint8_t *file;
	size_t file_size;
	const struct framebuffer *fb;      /* NULL: none */
	bool efi64;                        /* the firmware's word size */
	uint64_t system_table;
	uint64_t image_handle;
	const uint8_t *rsdp;               /* the firmware's RSDP, rsdp_size bytes */
	uint32_t rsdp_size;
	const uint8_t *smbios;             /* an SMBIOS entry point, smbios_size bytes */
	uint32_t smbios_size;
	bool boot_services_kept;
};

/* Bytes of the first part (8-byte aligned). */
size_t mb2_info_static_size(const struct mb2_info_input *in);

/*
 * Write the first part to out, which lives at physical out_addr (section
 * contents the ELF-sections tag carries point there). Returns its size.
 */
size_t mb2_info_write_static(void *out, uint64_t out_addr, const struct mb2_info_input *in);

/* Room the second part needs at most: these Multiboot map entries, an EFI map this large. */
size_t mb2_info_final_bound(uint32_t mmap_entries, size_t efi_map_size);

struct mb2_final_maps {
	const struct multiboot_mmap_entry *mmap;  /* NULL while boot services stay up */
	uint32_t mmap_count;
	const void *efi_map;
	size_t efi_map_size;
	uint32_t efi_desc_size;
	uint32_t efi_desc_version;
};

/*
 * Append basic memory information, the memory map, the EFI memory map and
 * the end tag after used bytes, within capacity. Returns the total size,
 * or -1 with a reason in why.
 */
int mb2_info_finish(void *out, size_t used, size_t capacity, const struct mb2_final_maps *maps,
		    char *why, size_t why_size);

#endif
