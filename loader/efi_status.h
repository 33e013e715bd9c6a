/* SPDX-License-Identifier: BSD-2-Clause */
/* The names of UEFI status codes, for one-line errors people can look up. */
#ifndef LOADER_EFI_STATUS_H
#define LOADER_EFI_STATUS_H

#include <stdint.h>

/**
 * efi_error_name() - the UEFI specification's name of an error code
 * @code: the status without its error bit (EFI_NOT_FOUND is 14)
 *
 * Return: "EFI_NOT_FOUND" and the like (UEFI 2.10 appendix D), or NULL for
 * a code the specification does not name.
 */
const char *efi_error_name(uint64_t code);

#endif
