/* The multiboot payload QEMU left in fw_cfg, read and validated. */
#ifndef EFI_SOURCE_H
#define EFI_SOURCE_H

#include <efi.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/payload.h"

/*
 * EFI_NOT_FOUND: no fw_cfg or no -kernel; EFI_UNSUPPORTED: a -kernel QEMU did
 * not load as Multiboot; EFI_LOAD_ERROR: a malformed payload. why says which.
 */
EFI_STATUS source_read_payload(struct fwcfg *fw, struct payload *p, uint8_t *meta,
			       char *why, size_t why_size);

/* Options given on QEMU's command line: -fw_cfg name=<this>,string=... */
#define SOURCE_OPTIONS_FILE "opt/multiboot.efi/options"

/* 0 and the options (or ""), -1 when present but unreadable or too long. */
int source_read_options(struct fwcfg *fw, char *out, size_t size);

/* Look a file up in fw_cfg's directory: 0 found, 1 absent, -1 error. */
int source_find_file(struct fwcfg *fw, const char *name, struct fwcfg_file_info *info);

/* Free the file directory read on the way. */
void source_release(void);

/* Read a piece of the kernel blob to dest. */
int source_read_blob(struct fwcfg *fw, const struct payload *p, uint32_t offset,
		     void *dest, uint32_t len);

#endif
