/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The multiboot payload QEMU puts into fw_cfg for its option ROM
 * (hw/i386/multiboot.c), described and validated.
 *
 * The "kernel" item is one blob meant to be copied to KERNEL_ADDR:
 *   kernel image (bss included, page-aligned size)
 *   | module list (16 bytes each) | command lines | "qemu" | (page-aligned)
 *   | module 0 (page-aligned size) | module 1 | ...
 * The "initrd" item is the 88-byte Multiboot information (MBI) meant for
 * INITRD_ADDR. Every pointer in the MBI and the module list is an absolute
 * physical address inside the blob, except mmap_addr, which the ROM fills.
 */
#ifndef LOADER_PAYLOAD_H
#define LOADER_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "mbheader.h"
#include "sizes.h"

/* QEMU's MBI: struct multiboot_info up to and including the VBE fields. */
#define PAYLOAD_MBI_SIZE 88
/* Sanity bounds: far above what a QEMU command line produces. */
#define PAYLOAD_MAX_MODULES 1024
#define PAYLOAD_MAX_META (1u << 20)

struct blob_source {
	/* Read len bytes at offset of the kernel blob (already bounds-checked). */
	int (*read)(void *ctx, uint32_t offset, void *dest, uint32_t len);
	void *ctx;
};

/* What fw_cfg says, before any validation. */
struct payload_input {
	uint32_t blob_addr;  /* FW_CFG_KERNEL_ADDR */
	uint32_t blob_size;  /* FW_CFG_KERNEL_SIZE */
	uint32_t entry;      /* FW_CFG_KERNEL_ENTRY */
	uint32_t mbi_addr;   /* FW_CFG_INITRD_ADDR */
	uint32_t mbi_size;   /* FW_CFG_INITRD_SIZE */
	const uint8_t *mbi;  /* FW_CFG_INITRD_DATA, mbi_size bytes */
	/*
	 * Set when the loader parsed the kernel file itself (the header may
	 * then lie outside the image's first 8 KiB): its header flags.
	 */
	bool header_known;
	struct mb_header header;
};

/* Where QEMU's BIOS path puts the memory map and the MBI. */
#define QEMU_MMAP_ADDR 0x9000u
#define QEMU_MBI_ADDR  0x9500u
#define QEMU_BOOT_DEVICE 0x8000ffffu

struct payload_module {
	uint32_t offset;   /* in the blob */
	uint32_t size;
	uint32_t cmdline;  /* offset of its string in the metadata */
};

/* Offsets "in the metadata" are relative to meta_offset. */
struct payload {
	uint32_t blob_addr;
	uint32_t blob_size;
	uint32_t entry;
	uint32_t image_size;     /* the kernel image is blob [0, image_size) */
	struct mb_header header; /* offset in the image, unless header_known */
	uint32_t meta_offset;    /* blob range of module list and strings */
	uint32_t meta_size;
	uint8_t *meta;           /* caller's PAYLOAD_MAX_META-byte buffer */
	uint32_t mbi_addr;
	struct multiboot_info mbi;  /* QEMU's 88 bytes, the rest zero */
	bool has_cmdline;
	uint32_t cmdline;        /* offset in the metadata */
	uint32_t mod_count;
	struct payload_module mods[PAYLOAD_MAX_MODULES];
};

/*
 * Validate the payload and read its metadata through src into meta (a
 * PAYLOAD_MAX_META-byte buffer). Returns 0, or -1 with a one-line reason in
 * why.
 */
int payload_load(struct payload *p, const struct payload_input *in,
		 const struct blob_source *src, uint8_t *meta,
		 char *why, size_t why_size);

/* The string at an offset in the metadata (validated NUL-terminated). */
const char *payload_string(const struct payload *p, uint32_t meta_offset);

/* Bytes a load moves: the kernel image and every module. */
uint64_t payload_total_bytes(const struct payload *p);

#endif
