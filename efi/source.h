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
 * Either way the result is a validated struct payload (source_lay_out)
 * whose blob is read through source_read.
 */
#ifndef EFI_SOURCE_H
#define EFI_SOURCE_H

#include <efi.h>
#include <stdbool.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/kernel_file.h"
#include "../loader/options.h"
#include "../loader/payload.h"

#define SOURCE_FWCFG_KERNEL "opt/multiboot/kernel"
#define SOURCE_FWCFG_CMDLINE "opt/multiboot/cmdline"
#define SOURCE_FWCFG_MODULE "opt/multiboot/module/"

struct kernel_files;

/*
 * The payload's origin and, once laid out, the validated payload itself,
 * with its metadata (module list, command lines) and the loader name the
 * MBI carries.
 */
struct source {
	struct fwcfg *fw;
	struct payload *payload;
	uint8_t *meta;              /* PAYLOAD_MAX_META bytes */
	const char *loader_name;
	uint32_t blob_size;
	struct blob_source blob;
	struct kernel_files *files;  /* NULL for QEMU's -kernel blob */
};

/**
 * source_open() - read the kernel and know the modules
 * @s: the source, set up here
 * @image: this app (its file system holds ESP kernels)
 * @fw: QEMU's fw_cfg, or NULL
 * @opt: the options (ESP files named there; --multiboot1)
 * @payload: where source_lay_out() puts the validated payload
 * @meta: its metadata buffer, PAYLOAD_MAX_META bytes
 * @loader_name: the loader name the information carries
 * @why: the reason on failure
 * @why_size: its size
 *
 * A kernel file (fw_cfg files, ESP) is read whole and its header parsed;
 * modules are only opened. QEMU's -kernel blob is already laid out: it is
 * validated here.
 *
 * Return: EFI_SUCCESS; EFI_NOT_FOUND: no kernel at all; EFI_UNSUPPORTED: a
 * -kernel QEMU did not load as Multiboot; EFI_LOAD_ERROR: malformed; or the
 * failing firmware call's status. @why says which.
 */
EFI_STATUS source_open(struct source *s, EFI_HANDLE image, struct fwcfg *fw,
		       const struct options *opt, struct payload *payload, uint8_t *meta,
		       const char *loader_name, char *why, size_t why_size);

/* The kernel file as parsed, when the loader read it itself, else NULL. */
const struct kernel_file *source_kernel(const struct source *s);

/**
 * source_lay_out() - lay the payload out for the kernel at base, validated
 * @s: an open source
 * @base: where a kernel file's image starts (its link address, or where a
 *        relocatable kernel goes); ignored for QEMU's blob, laid out by QEMU
 * @why: the reason on failure
 * @why_size: its size
 *
 * Return: EFI_SUCCESS, or EFI_LOAD_ERROR with the reason in @why.
 */
EFI_STATUS source_lay_out(struct source *s, uint32_t base, char *why, size_t why_size);

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
