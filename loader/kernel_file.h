/*
 * A Multiboot kernel file as the loader reads it itself (kernels QEMU's
 * -kernel refuses, kernels from the ESP): the Multiboot header, then either
 * the a.out-kludge address fields or the ELF32/ELF64 program headers, by
 * physical address, as GRUB and QEMU do.
 */
#ifndef LOADER_KERNEL_FILE_H
#define LOADER_KERNEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "mbheader.h"

#define KERNEL_FILE_MAX_SEGMENTS 16

enum kernel_format { KERNEL_AOUT_KLUDGE, KERNEL_ELF32, KERNEL_ELF64 };

struct kernel_segment {
	uint32_t file_offset;
	uint32_t file_size;
	uint32_t addr;      /* physical */
	uint32_t mem_size;  /* >= file_size; the rest is zero */
};

struct kernel_file {
	enum kernel_format format;
	struct mb_header header;  /* offset in the file */
	uint32_t load_addr;   /* lowest segment address */
	uint32_t image_size;  /* up to the end of the highest segment */
	uint32_t entry;       /* physical */
	size_t segment_count;
	struct kernel_segment segments[KERNEL_FILE_MAX_SEGMENTS];
};

/* Returns 0, or -1 with a one-line reason in why. */
int kernel_file_parse(struct kernel_file *k, const uint8_t *file, size_t size,
		      char *why, size_t why_size);

const char *kernel_format_name(enum kernel_format format);

/*
 * The loaded image's bytes [offset, offset + len): file bytes where segments
 * have them, zero in bss and gaps.
 */
void kernel_file_image(const struct kernel_file *k, const uint8_t *file,
		       uint32_t offset, void *dest, uint32_t len);

#endif
