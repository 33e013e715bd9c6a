/* SPDX-License-Identifier: BSD-2-Clause */
/* Reasons that name the firmware's status, and the status returned with them. */
#ifndef EFI_STATUS_H
#define EFI_STATUS_H

#include <efi.h>
#include <stddef.h>

/**
 * efi_fail() - write a reason naming a status, and return that status
 * @why: where the one-line reason goes
 * @why_size: its size
 * @status: the status to name and return (EFI_NOT_FOUND and the like)
 * @format: the reason, printf-style (loader/fmt.h), without the status
 *
 * The reason ends with the status's name in parentheses, e.g.
 * "cannot open \boot\k on this file system (EFI_NOT_FOUND)".
 *
 * Return: @status.
 */
EFI_STATUS efi_fail(char *why, size_t why_size, EFI_STATUS status, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

#endif
