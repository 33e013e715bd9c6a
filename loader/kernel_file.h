/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A Multiboot kernel file as the loader reads it itself (kernels QEMU's
 * -kernel refuses, kernels from the ESP): the Multiboot header, then either
 * the a.out-kludge address fields or the ELF32/ELF64 program headers, by
 * physical address, as GRUB and QEMU do.
 */
#ifndef LOADER_KERNEL_FILE_H
#define LOADER_KERNEL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mb2header.h"
#include "mbheader.h"

#define KERNEL_FILE_MAX_SEGMENTS 16

enum kernel_format { KERNEL_AOUT_KLUDGE, KERNEL_ELF32, KERNEL_ELF64 };

struct kernel_segment {
	uint32_t file_offset;
	uint32_t file_size;
	uint32_t addr;      /* physical */
	uint32_t mem_size;  /* >= file_size; the rest is zero */
};

/* The ELF section header table, for the Multiboot 2 ELF-sections tag. */
struct elf_sections {
	uint64_t offset;      /* in the file; 0: none */
	uint32_t count;
	uint32_t entry_size;
	uint32_t names;       /* index of the section-name string table */
};

struct kernel_file {
	enum kernel_format format;
	/*
	 * With a Multiboot 2 header (preferred when a file has both), header
	 * holds what the Multiboot 1 path reads, from its tags: module page
	 * alignment and the video mode the framebuffer tag asks for.
	 */
	bool mb2;
	struct mb2_header mb2_header;
	struct mb_header header;  /* offset in the file */
	uint32_t link_addr;   /* load_addr before any relocation */
	struct elf_sections sections;
	uint32_t load_addr;   /* lowest segment address */
	uint32_t image_size;  /* up to the end of the highest segment */
	uint32_t entry;       /* physical */
	size_t segment_count;
	struct kernel_segment segments[KERNEL_FILE_MAX_SEGMENTS];
};

/*
 * A file with both headers loads by its Multiboot 2 one unless prefer_mb1.
 * Returns 0, or -1 with a one-line reason in why.
 */
int kernel_file_parse(struct kernel_file *k, const uint8_t *file, size_t size,
		      bool prefer_mb1, char *why, size_t why_size);

const char *kernel_format_name(enum kernel_format format);

/* Move every address of a relocatable kernel so that it loads at base. */
void kernel_file_relocate(struct kernel_file *k, uint32_t base);

/*
 * The loaded image's bytes [offset, offset + len): file bytes where segments
 * have them, zero in bss and gaps.
 */
void kernel_file_image(const struct kernel_file *k, const uint8_t *file,
		       uint32_t offset, void *dest, uint32_t len);

#endif
