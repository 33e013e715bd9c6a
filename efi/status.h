/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The firmware glue's one way to refuse: write the reason, return the
 * status (as loader/fmt.h's fmt_fail is the pure code's); and the names of
 * statuses, for reasons that quote what the firmware answered.
 */
#ifndef EFI_STATUS_H
#define EFI_STATUS_H

#include <efi.h>
#include <stddef.h>

/**
 * efi_fail() - write a one-line reason, and return a status
 * @why: where the reason goes
 * @why_size: its size
 * @status: what to return (an error)
 * @format: the reason, printf-style (loader/fmt.h)
 *
 * Return: @status.
 */
EFI_STATUS efi_fail(char *why, size_t why_size, EFI_STATUS status, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * efi_status_name() - a status as the UEFI specification names it
 * @status: an error status, e.g. from a firmware call
 *
 * Return: "EFI_NOT_FOUND" and the like, or "status 0x..." for a code the
 * specification does not name (then in a buffer the next call reuses).
 */
const char *efi_status_name(EFI_STATUS status);

#endif
