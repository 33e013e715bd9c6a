/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Synthetic fw_cfg payloads laid out exactly as QEMU's hw/i386/multiboot.c
 * (load_multiboot) lays them out for its option ROM:
 *
 *   kernel image, size page-aligned            KERNEL_DATA starts here
 *   module list, 16 bytes per module           = MBI mods_addr
 *   command lines: each module's "file args", then "<kernel path> <append>"
 *   "qemu"                                     = MBI boot_loader_name
 *   (page-aligned)
 *   module 0, size page-aligned; module 1; ...
 *
 * and QEMU's 88-byte MBI (flags 0x24F, boot_device 0x8000ffff, mmap_addr
 * 0x9000, every other pointer absolute inside the blob) for INITRD_ADDR
 * 0x9500. Only the first 64 KiB of the image and the metadata are kept in
 * memory; the rest of the image (bss) reads as zeros and module contents are
 * generated on read, so kernels and modules of any size cost nothing.
 */
#ifndef UNIT_BLOB_H
#define UNIT_BLOB_H

#include <stdbool.h>
#include <stdint.h>

#include "loader/payload.h"

#define BLOB_MAX_MODS 1100
#define QEMU_MBI_FLAGS 0x24Fu
/* payload.h has these too (since the fw_cfg-file kernels). */
#ifndef QEMU_MBI_ADDR
#define QEMU_MBI_ADDR 0x9500u
#endif
#ifndef QEMU_MMAP_ADDR
#define QEMU_MMAP_ADDR 0x9000u
#endif
#ifndef QEMU_BOOT_DEVICE
#define QEMU_BOOT_DEVICE 0x8000ffffu
#endif

/* Offsets of the MBI fields QEMU fills (struct multiboot_info). */
#define MBI_FLAGS 0
#define MBI_BOOT_DEVICE 12
#define MBI_CMDLINE 16
#define MBI_MODS_COUNT 20
#define MBI_MODS_ADDR 24
#define MBI_MMAP_ADDR 48
#define MBI_BOOT_LOADER_NAME 64

struct blob_spec {
	uint32_t load_addr;      /* KERNEL_ADDR; default 0x100000 */
	uint32_t kernel_size;    /* image bytes, bss included, before page alignment */
	uint32_t header_offset;  /* of the Multiboot header in the image */
	uint32_t header_flags;
	bool no_header;
	uint32_t entry;          /* absolute; 0: load_addr + 0x40 */
	const char *kernel_path; /* default "/boot/kernel.elf" */
	const char *append;      /* default "console=ttyS0 quiet" */
	uint32_t mod_count;
	const uint32_t *mod_sizes;    /* NULL: 0x1234 + i bytes each */
	const char *const *mod_args;  /* NULL: "/boot/mod<i>.bin arg<i>" */
};

struct blob {
	struct blob_spec spec;
	uint32_t addr, size, entry;
	uint32_t image_size;        /* page-aligned */
	uint32_t list_offset;       /* = image_size */
	uint32_t cmdlines_offset;
	uint32_t kcmdline_offset;
	uint32_t loader_name_offset;
	uint32_t meta_end;          /* page-aligned; the first module's offset */
	uint32_t mod_count;
	uint32_t mod_offset[BLOB_MAX_MODS];
	uint32_t mod_size[BLOB_MAX_MODS];
	uint32_t mod_cmdline_offset[BLOB_MAX_MODS];
	char mod_arg[BLOB_MAX_MODS][40];
	char kcmdline[256];

	/* Stored bytes: the image's head and the metadata; the rest reads as 0. */
	uint8_t *head;              /* blob [0, head_end) */
	uint32_t head_end;
	uint8_t *meta;              /* blob [list_offset, meta_end) */
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	uint8_t *meta_buffer;       /* PAYLOAD_MAX_META bytes for payload_load */
	struct payload_input in;
	struct blob_source src;

	/* Read hooks and what the reads did. */
	int fail_read;              /* fail the n-th read (1-based); 0: never */
	int reads;
	bool read_out_of_bounds;
};

/* The default spec: a 0x7000-byte kernel at 1 MiB, header at 0, flags 0x3. */
struct blob_spec blob_default_spec(void);
struct blob *blob_new(const struct blob_spec *spec);
void blob_free(struct blob *b);

/* The stored bytes [offset, offset + len): in the image's head or the metadata. */
uint8_t *blob_bytes(const struct blob *b, uint32_t offset, uint32_t len);
uint32_t blob_get32(const struct blob *b, uint32_t offset);
void blob_put32(struct blob *b, uint32_t offset, uint32_t value);
uint32_t blob_mbi_get32(const struct blob *b, unsigned field);
void blob_mbi_put32(struct blob *b, unsigned field, uint32_t value);
/* Absolute address of a blob offset. */
uint32_t blob_abs(const struct blob *b, uint32_t offset);
/* A module list entry's field (0 start, 4 end, 8 cmdline, 12 pad). */
uint32_t blob_mod_field(const struct blob *b, uint32_t i, unsigned field);
void blob_set_mod_field(struct blob *b, uint32_t i, unsigned field, uint32_t value);

/*
 * payload_load on this blob into p (allocated by the caller). CHECKs that
 * payload_load read nothing outside the blob.
 */
int blob_load(struct blob *b, struct payload *p, char *why, size_t why_size);

/* Load, CHECKing success and that p describes the blob exactly. */
void blob_load_ok(struct blob *b, struct payload *p);

#endif
