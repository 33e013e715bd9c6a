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

/* Read a piece of the kernel blob to dest. */
int source_read_blob(struct fwcfg *fw, const struct payload *p, uint32_t offset,
		     void *dest, uint32_t len);

#endif
