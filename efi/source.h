/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the payload comes from: files named on the app's command line, read
 * from its own file system (ESP); else QEMU's -kernel multiboot blob in
 * fw_cfg, or a kernel file and modules the loader reads itself from fw_cfg
 * files (for kernels QEMU's -kernel refuses, such as x86-64 ELF):
 *   -fw_cfg name=opt/multiboot/kernel,file=K
 *   -fw_cfg name=opt/multiboot/cmdline,string="K args"
 *   -fw_cfg name=opt/multiboot/module/0,file=M  (then /1, /2, ...)
 *   -fw_cfg name=opt/multiboot/module/0.cmdline,string="M args"
 * Either way the result is a validated struct payload whose blob is read
 * through source_read.
 */
#ifndef EFI_SOURCE_H
#define EFI_SOURCE_H

#include <efi.h>
#include <stdbool.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/kernel_file.h"
#include "../loader/options.h"
#include "../loader/payload.h"

#define SOURCE_RAW_KERNEL "opt/multiboot/kernel"
#define SOURCE_RAW_CMDLINE "opt/multiboot/cmdline"
#define SOURCE_RAW_MODULE "opt/multiboot/module/"

struct raw_files;

struct source {
	struct fwcfg *fw;
	uint32_t blob_size;
	struct blob_source blob;
	struct raw_files *raw;  /* NULL for QEMU's -kernel blob */
};

/*
 * EFI_NOT_FOUND: no kernel at all; EFI_UNSUPPORTED: a -kernel QEMU did not
 * load as Multiboot; EFI_LOAD_ERROR: a malformed payload. why says which.
 */
EFI_STATUS source_open(struct source *s, EFI_HANDLE image, struct fwcfg *fw,
		       const struct options *opt, struct payload *p, uint8_t *meta,
		       const char *loader_name, char *why, size_t why_size);

/* The kernel file as parsed, when the loader read it itself, else NULL. */
const struct kernel_file *source_kernel(const struct source *s);

/*
 * Move a relocatable kernel (read by the loader itself) to base and lay
 * out the payload again.
 */
EFI_STATUS source_relocate(struct source *s, uint32_t base, struct payload *p, uint8_t *meta,
			   const char *loader_name, char *why, size_t why_size);

/* How the bytes move: "DMA", "port I/O" or "file reads". */
const char *source_transfer_name(const struct source *s);

/* Read [offset, offset + len) of the payload's blob. Returns 0 or -1. */
int source_read(struct source *s, uint32_t offset, void *dest, uint32_t len);

/* One line on where the kernel came from. */
void source_describe(const struct source *s, char *out, size_t size);

/* The kernel file as read, when the loader read it itself, else NULL. */
const uint8_t *source_kernel_file(const struct source *s, uint32_t *size);

void source_close(struct source *s);

#endif
