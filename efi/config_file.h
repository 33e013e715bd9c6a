/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * multiboot.cfg (loader/config.h) beside the app: what it boots when
 * nothing else names a kernel. Precedence: a kernel on the app's command
 * line (shell or load options), then QEMU's payload, then this file. The
 * app's own options (fw_cfg's opt/multiboot.efi/options, the load options)
 * still apply, before the entry's.
 *
 * In the boot pipeline, once the app's command line is parsed:
 *
 *	if (config_file_wanted(fw, &opt)) {
 *		status = config_file_options(image, fw, &opt, cmdline, files,
 *					     CMDLINE_SIZE, why, sizeof(why));
 *		if (EFI_ERROR(status) && status != EFI_NOT_FOUND)
 *			fail with why and status;
 *	}
 *
 * and boot opt as if its files had been on the command line.
 */
#ifndef EFI_CONFIG_FILE_H
#define EFI_CONFIG_FILE_H

#include <efi.h>
#include <stdbool.h>
#include <stddef.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/options.h"

/**
 * config_file_wanted() - whether the app boots what multiboot.cfg says
 * @fw: QEMU's fw_cfg, or NULL when there is none
 * @opt: the app's own command line, parsed
 *
 * Return: true when nothing else names a kernel: no kernel file on the
 * command line, no -kernel payload, no fw_cfg file opt/multiboot/kernel;
 * and not for --help or --version.
 */
bool config_file_wanted(struct fwcfg *fw, const struct options *opt);

/**
 * config_file_read() - multiboot.cfg from the directory the app was loaded from
 * @image: this app
 * @buf: where the file goes
 * @size: room there: a larger file is refused
 * @len: set to the file's length
 * @path: set to the file's path on its file system, as messages name it
 *        (e.g. "\EFI\BOOT\multiboot.cfg")
 * @path_size: its size
 * @why: the reason when it cannot be read
 * @why_size: its size
 *
 * The app's own path is its loaded image's file path (as the boot manager
 * or the shell started it), on the file system of its DeviceHandle.
 *
 * Return: EFI_SUCCESS; EFI_NOT_FOUND when there is no such file, or no
 * file system or file path to find it by (@why says which); else an error
 * with @why: larger than @size, unreadable, or the app's path unusable.
 */
EFI_STATUS config_file_read(EFI_HANDLE image, char *buf, size_t size, size_t *len, char *path,
			    size_t path_size, char *why, size_t why_size);

/**
 * config_file_options() - the options of the multiboot.cfg entry to boot
 * @image: this app
 * @fw: QEMU's fw_cfg, or NULL when there is none
 * @opt: set to the app's own options followed by the chosen entry's
 * @cmdline: room for that command line (what it held is lost)
 * @files: room for options_parse's file list, which @opt points into
 * @size: the size of each
 * @why: the reason when it fails: one line naming the file and the line
 * @why_size: its size
 *
 * Reads and parses the file, lets the user pick an entry (menu_choose:
 * the default after the timeout), parses the app's own command line again
 * (cmdline_get) with the entry's after it, and checks that every file the
 * entry names opens, so that an error can name the line naming it.
 *
 * Return: EFI_SUCCESS; EFI_NOT_FOUND only when there is no multiboot.cfg
 * (@opt unchanged: the caller goes on as before); EFI_LOAD_ERROR for a
 * file that is unreadable or does not parse, or names a file that does not
 * open (@why names the file system's status); EFI_INVALID_PARAMETER for an
 * entry whose options are refused; EFI_OUT_OF_RESOURCES.
 */
EFI_STATUS config_file_options(EFI_HANDLE image, struct fwcfg *fw, struct options *opt,
			       char *cmdline, char *files, size_t size, char *why,
			       size_t why_size);

#endif
