/* SPDX-License-Identifier: BSD-2-Clause */
/* fw_cfg's file directory, read once, and named files read from it. */
#ifndef EFI_FWCFG_DIR_H
#define EFI_FWCFG_DIR_H

#include <stddef.h>

#include "../fwcfg/fwcfg.h"

/* 0 found, 1 absent, -1 the directory cannot be read. */
int fwcfg_dir_lookup(struct fwcfg *fw, const char *name, struct fwcfg_file_info *info);

/*
 * A text file as a NUL-terminated string: 1 read, 0 absent, -1 unreadable
 * or larger than size - 1 bytes.
 */
int fwcfg_dir_read_string(struct fwcfg *fw, const char *name, char *out, size_t size);

void fwcfg_dir_release(void);

#endif
