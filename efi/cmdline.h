/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The app's arguments as one ASCII line: options QEMU passed in fw_cfg
 * first, then the shell's arguments (without the program's name) or, when
 * started by the boot manager, the boot option's load options.
 */
#ifndef EFI_CMDLINE_H
#define EFI_CMDLINE_H

#include <efi.h>
#include <stddef.h>

#include "../fwcfg/fwcfg.h"

/* Options given on QEMU's command line: -fw_cfg name=<this>,string=... */
#define CMDLINE_FWCFG_FILE "opt/multiboot.efi/options"

/**
 * cmdline_get() - the app's arguments, as options_parse reads them
 * @image: this app
 * @fw: QEMU's fw_cfg, or NULL when there is none
 * @out: the line
 * @size: its size
 * @why: the reason on failure
 * @why_size: its size
 *
 * Return: EFI_SUCCESS, or EFI_INVALID_PARAMETER (not ASCII, too long).
 */
EFI_STATUS cmdline_get(EFI_HANDLE image, struct fwcfg *fw, char *out, size_t size,
		       char *why, size_t why_size);

#endif
