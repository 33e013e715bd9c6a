/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UEFI signature databases (db, dbx): a sequence of EFI_SIGNATURE_LISTs
 * (UEFI 2.10, 32.4.1). Only EFI_CERT_SHA256_GUID entries matter here.
 */
#ifndef LOADER_SIGDB_H
#define LOADER_SIGDB_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

enum sigdb_result {
	SIGDB_ABSENT = 0,
	SIGDB_FOUND = 1,
	SIGDB_MALFORMED = -1,
};

/* Whether the digest is listed as an EFI_CERT_SHA256_GUID signature. */
enum sigdb_result sigdb_has_sha256(const void *db, size_t size,
				   const uint8_t digest[SHA256_DIGEST_SIZE]);

/**
 * sigdb_hex_listed() - whether a digest is in a list of hex digests
 * @list: digests as lowercase hex, separated by blanks (make ALLOW_SHA256)
 * @hex: the digest as sha256_hex() writes it
 *
 * Return: SIGDB_FOUND or SIGDB_ABSENT.
 */
enum sigdb_result sigdb_hex_listed(const char *list, const char hex[SHA256_HEX_SIZE]);

#endif
