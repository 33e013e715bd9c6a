// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/sigdb.c: EFI_SIGNATURE_LIST sequences as db and dbx hold them
 * (UEFI 2.10, 32.4.1), built here byte by byte: SHA-256 lists with and
 * without the digest, X.509 lists around them, and malformed ones.
 * Every database is copied to an exactly sized allocation first, so a read
 * past its end is an AddressSanitizer or valgrind error.
 */
#include <stdio.h>

#include "check.h"
#include "loader/bytes.h"
#include "loader/sigdb.h"

/* EFI_CERT_SHA256_GUID c1c41626-504c-4092-aca9-41f936934328, as stored. */
static const uint8_t guid_sha256[16] = {
	0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
	0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28,
};
/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072. */
static const uint8_t guid_x509[16] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};
/* A signature owner (any GUID will do). */
static const uint8_t owner[16] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x0f,
};

#define DB_MAX 8192

struct db {
	uint8_t bytes[DB_MAX];
	size_t size;
};

static uint8_t *db_grow(struct db *db, size_t n)
{
	uint8_t *p = db->bytes + db->size;

	CHECK(db->size + n <= DB_MAX);
	db->size += n;
	return p;
}

/* A list header with explicit sizes (which may lie). */
static void db_header(struct db *db, const uint8_t type[16], uint32_t list_size,
		      uint32_t header_size, uint32_t sig_size)
{
	uint8_t *p = db_grow(db, 28);

	memcpy(p, type, 16);
	put_le32(p + 16, list_size);
	put_le32(p + 20, header_size);
	put_le32(p + 24, sig_size);
}

static void db_bytes(struct db *db, const void *data, size_t n)
{
	memcpy(db_grow(db, n), data, n);
}

static void db_fill(struct db *db, uint8_t value, size_t n)
{
	memset(db_grow(db, n), value, n);
}

/* A well-formed SHA-256 list of count digests (and a header_size header). */
static void db_sha256_list(struct db *db, const uint8_t (*digests)[SHA256_DIGEST_SIZE],
			   uint32_t count, uint32_t header_size)
{
	db_header(db, guid_sha256, 28 + header_size + 48 * count, header_size, 48);
	db_fill(db, 0x5A, header_size);
	for (uint32_t i = 0; i < count; i++) {
		db_bytes(db, owner, 16);
		db_bytes(db, digests[i], SHA256_DIGEST_SIZE);
	}
}

/* A well-formed X.509 list of one "certificate" of cert_size bytes. */
static void db_x509_list(struct db *db, const uint8_t *cert, uint32_t cert_size)
{
	db_header(db, guid_x509, 28 + 16 + cert_size, 0, 16 + cert_size);
	db_bytes(db, owner, 16);
	db_bytes(db, cert, cert_size);
}

static void digest_n(uint8_t d[SHA256_DIGEST_SIZE], uint8_t seed)
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		d[i] = (uint8_t)(seed * 31 + i * 7 + 1);
}

/* Look the digest up in an exact copy of the database. */
static enum sigdb_result lookup(const struct db *db, const uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint8_t *copy = tmalloc(db->size);
	enum sigdb_result r;

	memcpy(copy, db->bytes, db->size);
	r = sigdb_has_sha256(copy, db->size, digest);
	tfree(copy);
	return r;
}

static struct db *db_new(void)
{
	struct db *db = tcalloc(1, sizeof(*db));

	return db;
}

TEST(sigdb_found)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE];

	digest_n(d[0], 1);
	db_sha256_list(db, d, 1, 0);
	CHECK_EQ(lookup(db, d[0]), SIGDB_FOUND);
	tfree(db);
}

TEST(sigdb_absent)
{
	struct db *db = db_new();
	uint8_t d[3][SHA256_DIGEST_SIZE], other[SHA256_DIGEST_SIZE];

	for (int i = 0; i < 3; i++)
		digest_n(d[i], (uint8_t)(i + 1));
	db_sha256_list(db, d, 3, 0);
	digest_n(other, 9);
	CHECK_EQ(lookup(db, other), SIGDB_ABSENT);
	/* Differing in the last byte only. */
	memcpy(other, d[2], sizeof(other));
	other[SHA256_DIGEST_SIZE - 1] ^= 1;
	CHECK_EQ(lookup(db, other), SIGDB_ABSENT);
	/* Differing in the first byte only. */
	memcpy(other, d[1], sizeof(other));
	other[0] ^= 0x80;
	CHECK_EQ(lookup(db, other), SIGDB_ABSENT);
	tfree(db);
}

/* Every entry of a list is looked at, the last one included. */
TEST(sigdb_found_in_any_entry)
{
	struct db *db = db_new();
	uint8_t d[5][SHA256_DIGEST_SIZE];

	for (int i = 0; i < 5; i++)
		digest_n(d[i], (uint8_t)(i + 20));
	db_sha256_list(db, d, 5, 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(lookup(db, d[i]), SIGDB_FOUND);
	tfree(db);
}

/* An X.509 list first (as OVMF's db has): skipped by its size. */
TEST(sigdb_x509_list_before)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE], cert[907];

	for (size_t i = 0; i < sizeof(cert); i++)
		cert[i] = (uint8_t)(i ^ 0x3c);
	digest_n(d[0], 4);
	db_x509_list(db, cert, sizeof(cert));
	db_sha256_list(db, d, 1, 0);
	CHECK_EQ(lookup(db, d[0]), SIGDB_FOUND);
	tfree(db);
}

/* The digest's bytes inside a certificate are not a SHA-256 entry. */
TEST(sigdb_x509_holding_the_bytes_is_not_a_match)
{
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE], cert[16 + SHA256_DIGEST_SIZE];

	digest_n(d, 5);
	/* Laid out exactly as a SHA-256 entry would be, under the X.509 GUID. */
	memcpy(cert, owner, 16);
	memcpy(cert + 16, d, SHA256_DIGEST_SIZE);
	db_header(db, guid_x509, 28 + 48, 0, 48);
	db_bytes(db, cert, sizeof(cert));
	CHECK_EQ(lookup(db, d), SIGDB_ABSENT);
	tfree(db);
}

TEST(sigdb_several_lists)
{
	struct db *db = db_new();
	uint8_t a[2][SHA256_DIGEST_SIZE], b[3][SHA256_DIGEST_SIZE], c[1][SHA256_DIGEST_SIZE];
	uint8_t cert[100], missing[SHA256_DIGEST_SIZE];

	memset(cert, 0x42, sizeof(cert));
	digest_n(a[0], 1);
	digest_n(a[1], 2);
	digest_n(b[0], 3);
	digest_n(b[1], 4);
	digest_n(b[2], 5);
	digest_n(c[0], 6);
	digest_n(missing, 7);
	db_sha256_list(db, a, 2, 0);
	db_x509_list(db, cert, sizeof(cert));
	db_sha256_list(db, b, 3, 0);
	db_x509_list(db, cert, 37);
	db_sha256_list(db, c, 1, 0);
	CHECK_EQ(lookup(db, a[1]), SIGDB_FOUND);
	CHECK_EQ(lookup(db, b[2]), SIGDB_FOUND);
	CHECK_EQ(lookup(db, c[0]), SIGDB_FOUND);
	CHECK_EQ(lookup(db, missing), SIGDB_ABSENT);
	tfree(db);
}

/* A SignatureHeader between the list header and the entries is skipped. */
TEST(sigdb_header_size)
{
	struct db *db = db_new();
	uint8_t d[2][SHA256_DIGEST_SIZE], in_header[SHA256_DIGEST_SIZE];

	digest_n(d[0], 8);
	digest_n(d[1], 9);
	db_sha256_list(db, d, 2, 20);
	CHECK_EQ(lookup(db, d[0]), SIGDB_FOUND);
	CHECK_EQ(lookup(db, d[1]), SIGDB_FOUND);

	/* Bytes in the header that look like an entry do not count. */
	db->size = 0;
	memset(in_header, 0x5A, sizeof(in_header));  /* what db_sha256_list puts there */
	db_sha256_list(db, d, 2, 16 + SHA256_DIGEST_SIZE);
	CHECK_EQ(lookup(db, in_header), SIGDB_ABSENT);
	CHECK_EQ(lookup(db, d[1]), SIGDB_FOUND);
	tfree(db);
}

/* A list with no entries, and an empty database (absent variable). */
TEST(sigdb_empty)
{
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE];

	digest_n(d, 1);
	CHECK_EQ(sigdb_has_sha256(NULL, 0, d), SIGDB_ABSENT);
	CHECK_EQ(lookup(db, d), SIGDB_ABSENT);
	db_sha256_list(db, NULL, 0, 0);
	CHECK_EQ(db->size, 28);
	CHECK_EQ(lookup(db, d), SIGDB_ABSENT);
	tfree(db);
}

/* What OVMF_VARS_4M.snakeoil.fd's dbx holds: the empty file's digest. */
TEST(sigdb_ovmf_snakeoil_dbx_shape)
{
	static const uint8_t empty[SHA256_DIGEST_SIZE] = {
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
		0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
		0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
	};
	struct db *db = db_new();
	uint8_t digest[SHA256_DIGEST_SIZE], other[SHA256_DIGEST_SIZE];

	db_sha256_list(db, &empty, 1, 0);
	CHECK_EQ(db->size, 76);
	sha256("", 0, digest);
	CHECK_EQ(lookup(db, digest), SIGDB_FOUND);
	sha256("x", 1, other);
	CHECK_EQ(lookup(db, other), SIGDB_ABSENT);
	tfree(db);
}

/* Malformed: each is MALFORMED, never FOUND or ABSENT. */

TEST(sigdb_malformed_short_header)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE];

	digest_n(d[0], 1);
	for (size_t n = 1; n < 28; n++) {
		db->size = 0;
		db_fill(db, 0, n);
		if (lookup(db, d[0]) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "%zu bytes are malformed", n);
	}
	/* Trailing bytes after a good list. */
	db->size = 0;
	db_sha256_list(db, d, 1, 0);
	db_fill(db, 0, 27);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);
	tfree(db);
}

TEST(sigdb_malformed_list_size_below_header)
{
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE];

	digest_n(d, 1);
	for (uint32_t size = 0; size < 28; size++) {
		db->size = 0;
		db_header(db, guid_sha256, size, 0, 48);
		db_fill(db, 0, 48);
		if (lookup(db, d) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "list_size %u is malformed", size);
	}
	tfree(db);
}

TEST(sigdb_malformed_list_size_past_end)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE];

	digest_n(d[0], 1);
	db_header(db, guid_sha256, 28 + 48 * 2, 0, 48);  /* says two entries */
	db_bytes(db, owner, 16);
	db_bytes(db, d[0], SHA256_DIGEST_SIZE);          /* holds one */
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);

	db->size = 0;
	db_header(db, guid_sha256, 0xFFFFFFFFu, 0, 48);
	db_bytes(db, owner, 16);
	db_bytes(db, d[0], SHA256_DIGEST_SIZE);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);

	/* The second list runs past the end. */
	db->size = 0;
	db_sha256_list(db, d, 1, 0);
	db_header(db, guid_x509, 28 + 16 + 100, 0, 116);
	db_fill(db, 0x77, 50);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);
	tfree(db);
}

TEST(sigdb_malformed_header_size)
{
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE];

	digest_n(d, 1);
	db_header(db, guid_sha256, 28 + 48, 49, 48);
	db_fill(db, 0, 48);
	CHECK_EQ(lookup(db, d), SIGDB_MALFORMED);

	db->size = 0;
	db_header(db, guid_sha256, 28 + 48, 0xFFFFFFFFu, 48);
	db_fill(db, 0, 48);
	CHECK_EQ(lookup(db, d), SIGDB_MALFORMED);
	tfree(db);
}

TEST(sigdb_malformed_sig_size_too_small)
{
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE];

	digest_n(d, 1);
	/* 0 would divide by zero; 1..15 cannot hold an owner GUID. */
	for (uint32_t sig = 0; sig < 16; sig++) {
		db->size = 0;
		db_header(db, guid_x509, 28 + 240, 0, sig);
		db_fill(db, 0, 240);
		if (lookup(db, d) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "X.509 sig_size %u is malformed", sig);
		db->size = 0;
		db_header(db, guid_sha256, 28 + 240, 0, sig);
		db_fill(db, 0, 240);
		if (lookup(db, d) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "SHA-256 sig_size %u is malformed", sig);
	}
	tfree(db);
}

TEST(sigdb_malformed_not_a_multiple)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE];

	digest_n(d[0], 1);
	db_header(db, guid_sha256, 28 + 48 + 1, 0, 48);
	db_bytes(db, owner, 16);
	db_bytes(db, d[0], SHA256_DIGEST_SIZE);
	db_fill(db, 0, 1);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);

	/* The same for a list of another type. */
	db->size = 0;
	db_header(db, guid_x509, 28 + 100, 0, 30);
	db_fill(db, 0, 100);
	db_sha256_list(db, d, 1, 0);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);
	tfree(db);
}

/* SHA-256 entries are an owner GUID and 32 bytes: 48, nothing else. */
TEST(sigdb_malformed_sha256_sig_size)
{
	static const uint32_t sizes[] = { 16, 32, 47, 49, 64, 96 };
	struct db *db = db_new();
	uint8_t d[SHA256_DIGEST_SIZE];

	digest_n(d, 1);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		db->size = 0;
		db_header(db, guid_sha256, 28 + sizes[i] * 2, 0, sizes[i]);
		for (int k = 0; k < 2; k++) {
			db_bytes(db, owner, 16);
			db_fill(db, 0, sizes[i] - 16);
		}
		/* The digest where a 48-byte layout would have it. */
		if (sizes[i] >= 48)
			memcpy(db->bytes + 28 + 16, d, SHA256_DIGEST_SIZE);
		if (lookup(db, d) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "SHA-256 sig_size %u is malformed", sizes[i]);
	}
	tfree(db);
}

/* A good database cut anywhere is malformed, never read past its end. */
TEST(sigdb_malformed_truncated)
{
	struct db *db = db_new(), *cut = db_new();
	uint8_t d[2][SHA256_DIGEST_SIZE], cert[64];

	memset(cert, 0x99, sizeof(cert));
	digest_n(d[0], 1);
	digest_n(d[1], 2);
	db_x509_list(db, cert, sizeof(cert));
	db_sha256_list(db, d, 2, 4);
	CHECK_EQ(lookup(db, d[1]), SIGDB_FOUND);
	for (size_t n = 1; n < db->size; n++) {
		/* Cuts at a list boundary leave a shorter, valid database. */
		if (n == 28 + 16 + sizeof(cert))
			continue;
		memcpy(cut->bytes, db->bytes, n);
		cut->size = n;
		if (lookup(cut, d[1]) != SIGDB_MALFORMED)
			check_fail(__FILE__, __LINE__, "cut at %zu is malformed", n);
	}
	cut->size = 28 + 16 + sizeof(cert);
	CHECK_EQ(lookup(cut, d[1]), SIGDB_ABSENT);
	tfree(cut);
	tfree(db);
}

/* A malformed list anywhere makes the whole database malformed. */
TEST(sigdb_malformed_after_a_match)
{
	struct db *db = db_new();
	uint8_t d[1][SHA256_DIGEST_SIZE];

	digest_n(d[0], 1);
	db_sha256_list(db, d, 1, 0);
	db_header(db, guid_x509, 20, 0, 16);
	CHECK_EQ(lookup(db, d[0]), SIGDB_MALFORMED);
	tfree(db);
}

/* The allowlist built into the app: blank-separated hex digests. */
TEST(sigdb_hex_listed_whole_digests_only)
{
	char a[SHA256_HEX_SIZE], b[SHA256_HEX_SIZE], list[3 * SHA256_HEX_SIZE + 8];

	memset(a, 'a', 64);
	a[64] = '\0';
	memcpy(b, a, sizeof(b));
	b[63] = 'b';
	CHECK_EQ(sigdb_hex_listed("", a), SIGDB_ABSENT);
	CHECK_EQ(sigdb_hex_listed(a, a), SIGDB_FOUND);
	snprintf(list, sizeof(list), "  %s   %s ", b, a);
	CHECK_EQ(sigdb_hex_listed(list, a), SIGDB_FOUND);
	CHECK_EQ(sigdb_hex_listed(list, b), SIGDB_FOUND);
	/* A prefix or a longer word is not the digest. */
	snprintf(list, sizeof(list), "%.63s %sc", a, a);
	CHECK_EQ(sigdb_hex_listed(list, a), SIGDB_ABSENT);
	snprintf(list, sizeof(list), "%s", b);
	CHECK_EQ(sigdb_hex_listed(list, a), SIGDB_ABSENT);
}
