/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Multiboot 2 header: found in the first 32 KiB, 8-byte aligned,
 * checksummed, then its tag list validated in full. What the loader needs
 * from the tags is kept; unknown required tags and unknown required
 * information requests refuse the kernel, as the specification demands.
 */
#ifndef LOADER_MB2HEADER_H
#define LOADER_MB2HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "multiboot2.h"

struct mb2_header {
	uint32_t offset;            /* in the file */
	uint32_t length;
	bool has_address;           /* the address tag: a.out-kludge style loading */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	bool has_entry;
	uint32_t entry;
	bool has_efi32_entry, has_efi64_entry;
	uint32_t efi32_entry, efi64_entry;
	bool efi_boot_services;     /* the kernel can start with boot services up */
	bool module_align;
	uint32_t console_flags;
	bool has_framebuffer;
	uint32_t fb_width, fb_height, fb_depth;
	bool relocatable;
	uint32_t reloc_min, reloc_max, reloc_align, reloc_preference;
	uint32_t requested;         /* bit n: information tag n asked for */
	uint32_t required;          /* bit n: asked for, not optional */
};

/*
 * Search buf. Returns 1 with *h filled, 0 when there is no Multiboot 2
 * header, -1 with a reason in why when there is one that is invalid.
 */
int mb2header_find(const uint8_t *buf, size_t len, struct mb2_header *h,
		   char *why, size_t why_size);

/* A short name of an information tag type ("memory map"), or "unknown". */
const char *mb2_info_tag_name(uint32_t type);

#endif
