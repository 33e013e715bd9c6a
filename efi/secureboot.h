/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secure Boot for what the app loads: a signed multiboot.efi must not boot
 * any unsigned kernel. When Secure Boot is enforcing, the kernel image and
 * every module must have their SHA-256 in db (and not in dbx) or in the
 * allowlist built into the binary.
 */
#ifndef EFI_SECUREBOOT_H
#define EFI_SECUREBOOT_H

#include <efi.h>
#include <stdbool.h>
#include <stddef.h>

#include "../loader/plan.h"
#include "source.h"

struct secureboot {
	bool enforcing;
	void *db;
	UINTN db_size;
	void *dbx;
	UINTN dbx_size;
};

/* Read SecureBoot, SetupMode, db and dbx. */
EFI_STATUS secureboot_init(struct secureboot *sb, char *why, size_t why_size);
void secureboot_release(struct secureboot *sb);

/*
 * Authorise len bytes in memory named what ("kernel image", "module 2").
 * Returns EFI_SUCCESS, or EFI_SECURITY_VIOLATION with the hash in why.
 */
EFI_STATUS secureboot_authorise(const struct secureboot *sb, const void *data,
				uint64_t len, const char *what, char *why, size_t why_size);

/*
 * Authorise the kernel file and every module as they landed (plan's
 * addresses), before anything runs them. A -kernel payload has no file to
 * hash: the caller refuses it under Secure Boot before loading.
 */
EFI_STATUS secureboot_authorise_payload(const struct secureboot *sb, const struct source *src,
					const struct plan *plan, char *why, size_t why_size);

#endif
