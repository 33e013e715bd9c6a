/* SPDX-License-Identifier: BSD-2-Clause */
/* Files on the file system the app itself was loaded from (the ESP). */
#ifndef EFI_ESP_FILES_H
#define EFI_ESP_FILES_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>

EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_PROTOCOL **root);

/*
 * Open path ("\boot\kernel" or "/boot/kernel"; blanks are part of it):
 * EFI_INVALID_PARAMETER for a directory or a path too long.
 */
EFI_STATUS esp_open(EFI_FILE_PROTOCOL *root, const char *path, EFI_FILE_PROTOCOL **file,
		    uint64_t *size);

/* Read exactly len bytes at offset; 0 or -1. */
int esp_read(EFI_FILE_PROTOCOL *file, uint64_t offset, void *dest, uint32_t len);

#endif
