// SPDX-License-Identifier: BSD-2-Clause
#include "sigdb.h"

#include "bytes.h"

#include <stdbool.h>

#define GUID_SIZE 16
/* Header of an EFI_SIGNATURE_LIST: type GUID, then three 32-bit sizes. */
#define LIST_HEADER_SIZE (GUID_SIZE + 12)

/* EFI_CERT_SHA256_GUID c1c41626-504c-4092-aca9-41f936934328, as stored. */
static const uint8_t cert_sha256_guid[GUID_SIZE] = {
	0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
	0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28,
};

static bool bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	while (n--)
		if (*a++ != *b++)
			return false;
	return true;
}

enum sigdb_result sigdb_has_sha256(const void *db, size_t size,
				   const uint8_t digest[SHA256_DIGEST_SIZE])
{
	const uint8_t *p = db;
	enum sigdb_result result = SIGDB_ABSENT;

	while (size) {
		if (size < LIST_HEADER_SIZE)
			return SIGDB_MALFORMED;
		uint32_t list_size = get_le32(p + GUID_SIZE);
		uint32_t header_size = get_le32(p + GUID_SIZE + 4);
		uint32_t sig_size = get_le32(p + GUID_SIZE + 8);

		if (list_size < LIST_HEADER_SIZE || list_size > size ||
		    header_size > list_size - LIST_HEADER_SIZE || sig_size < GUID_SIZE ||
		    (list_size - LIST_HEADER_SIZE - header_size) % sig_size)
			return SIGDB_MALFORMED;
		if (bytes_equal(p, cert_sha256_guid, GUID_SIZE)) {
			if (sig_size != GUID_SIZE + SHA256_DIGEST_SIZE)
				return SIGDB_MALFORMED;
			for (uint32_t off = LIST_HEADER_SIZE + header_size; off < list_size;
			     off += sig_size)
				if (bytes_equal(p + off + GUID_SIZE, digest, SHA256_DIGEST_SIZE))
					result = SIGDB_FOUND;
		}
		p += list_size;
		size -= list_size;
	}
	return result;
}

enum sigdb_result sigdb_hex_listed(const char *list, const char hex[SHA256_HEX_SIZE])
{
	for (const char *p = list; *p;) {
		size_t i = 0;

		while (*p == ' ')
			p++;
		while (i < 2 * SHA256_DIGEST_SIZE && p[i] == hex[i])
			i++;
		if (i == 2 * SHA256_DIGEST_SIZE && (p[i] == ' ' || !p[i]))
			return SIGDB_FOUND;
		while (*p && *p != ' ')
			p++;
	}
	return SIGDB_ABSENT;
}
