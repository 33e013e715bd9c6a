/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernels the loader reads itself (raw fw_cfg files, ESP files) are laid out
 * exactly as QEMU lays out a -kernel payload: a virtual blob (kernel image,
 * module list and command lines, page-aligned modules) and QEMU's 88-byte
 * MBI. Validation, placement, loading and the MBI then need no second path.
 */
#ifndef LOADER_SYNTH_H
#define LOADER_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "kernel_file.h"
#include "payload.h"

struct synth_module {
	uint32_t size;
	const char *cmdline;
};

struct synth {
	const struct kernel_file *kernel;
	struct payload_input input;
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	uint32_t image_size;      /* page-aligned */
	uint32_t meta_size;       /* page-aligned; at image_size */
	uint8_t *meta;
	uint32_t mod_count;
	uint32_t mod_offset[PAYLOAD_MAX_MODULES];
	uint32_t mod_size[PAYLOAD_MAX_MODULES];
};

/* Where the bytes of the virtual blob come from. */
struct synth_readers {
	void (*image)(void *ctx, uint32_t offset, void *dest, uint32_t len);
	int (*module)(void *ctx, uint32_t index, uint32_t offset, void *dest, uint32_t len);
	void *ctx;
};

/*
 * Lay out the blob for kernel k with the given command line and modules;
 * meta is a PAYLOAD_MAX_META-byte buffer for the module list and strings.
 * Returns 0, or -1 with a reason in why.
 */
int synth_build(struct synth *s, const struct kernel_file *k, const char *cmdline,
		const struct synth_module *mods, uint32_t count, const char *loader_name,
		uint8_t *meta, char *why, size_t why_size);

/* Read [offset, offset + len) of the virtual blob. Returns 0 or -1. */
int synth_read(const struct synth *s, const struct synth_readers *r,
	       uint32_t offset, void *dest, uint32_t len);

#endif
