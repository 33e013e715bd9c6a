// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/sha256.c: the FIPS 180-4 example messages against their published
 * digests, padding at every length around a block edge, incremental
 * updates split anywhere, and the hex form sha256sum prints.
 */
#include <stdio.h>

#include "check.h"
#include "loader/sha256.h"

/* The digest of len bytes at data, in hex. */
static void hex_of(const void *data, size_t len, char out[SHA256_HEX_SIZE])
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256(data, len, digest);
	sha256_hex(digest, out);
}

#define CHECK_SHA256(data, len, want)                                     \
	do {                                                              \
		char hex_[SHA256_HEX_SIZE];                               \
		hex_of((data), (len), hex_);                              \
		CHECK_STR(hex_, (want));                                  \
	} while (0)

/* FIPS 180-4 / NIST CSRC "SHA256.pdf" example: one block. */
TEST(sha256_nist_abc)
{
	CHECK_SHA256("abc", 3,
		     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(sha256_nist_empty)
{
	CHECK_SHA256("", 0,
		     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* No bytes are read for an empty message. */
	CHECK_SHA256(NULL, 0,
		     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* 448 bits: the padding needs a second block. */
TEST(sha256_nist_448_bits)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	CHECK_EQ(sizeof(msg) - 1, 56);
	CHECK_SHA256(msg, sizeof(msg) - 1,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(sha256_nist_896_bits)
{
	static const char msg[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	CHECK_EQ(sizeof(msg) - 1, 112);
	CHECK_SHA256(msg, sizeof(msg) - 1,
		     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

#define MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

TEST(sha256_nist_million_a)
{
	uint8_t *a = tmalloc(1000000);

	memset(a, 'a', 1000000);
	CHECK_SHA256(a, 1000000, MILLION_A);
	tfree(a);
}

/* The same million bytes in chunks that never line up with a block. */
TEST(sha256_million_a_in_odd_chunks)
{
	static const size_t chunks[] = { 1, 997, 63, 65, 4096, 7 };
	uint8_t *a = tmalloc(8192);
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	struct sha256 ctx;
	size_t done = 0;

	memset(a, 'a', 8192);
	sha256_init(&ctx);
	for (size_t i = 0; done < 1000000; i++) {
		size_t n = chunks[i % (sizeof(chunks) / sizeof(chunks[0]))];

		if (n > 1000000 - done)
			n = 1000000 - done;
		sha256_update(&ctx, a, n);
		done += n;
	}
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	CHECK_STR(hex, MILLION_A);
	tfree(a);
}

/*
 * Lengths where the padding is tight: 55 bytes fit one block with the
 * length, 56 do not. Digests from coreutils' sha256sum.
 */
TEST(sha256_padding_edges)
{
	static const struct {
		size_t len;
		const char *hex;
	} cases[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Exactly sized, so that a read past the end is caught. */
		uint8_t *a = tmalloc(cases[i].len);

		memset(a, 'a', cases[i].len);
		CHECK_SHA256(a, cases[i].len, cases[i].hex);
		tfree(a);
	}
}

static void message_200(uint8_t msg[200])
{
	for (int i = 0; i < 200; i++)
		msg[i] = (uint8_t)(i * 37 + 11);
}

/* Two updates split at every offset 0..130 give the one-shot digest. */
TEST(sha256_split_anywhere)
{
	uint8_t msg[200], want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];

	message_200(msg);
	sha256(msg, sizeof(msg), want);
	for (size_t split = 0; split <= 130; split++) {
		struct sha256 ctx;

		sha256_init(&ctx);
		sha256_update(&ctx, msg, split);
		sha256_update(&ctx, msg + split, sizeof(msg) - split);
		sha256_final(&ctx, got);
		if (memcmp(got, want, sizeof(want)))
			check_fail(__FILE__, __LINE__, "split at %zu gives the one-shot digest", split);
	}
}

/* Three pieces, with empty updates in between, and one byte at a time. */
TEST(sha256_three_pieces_and_bytewise)
{
	uint8_t msg[200], want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	struct sha256 ctx;

	message_200(msg);
	sha256(msg, sizeof(msg), want);
	for (size_t a = 0; a <= 130; a += 13) {
		for (size_t b = a; b <= 200; b += 29) {
			sha256_init(&ctx);
			sha256_update(&ctx, msg, a);
			sha256_update(&ctx, msg + a, 0);
			sha256_update(&ctx, msg + a, b - a);
			sha256_update(&ctx, msg + b, sizeof(msg) - b);
			sha256_final(&ctx, got);
			if (memcmp(got, want, sizeof(want)))
				check_fail(__FILE__, __LINE__, "pieces %zu/%zu give the one-shot digest",
					   a, b);
		}
	}
	sha256_init(&ctx);
	for (size_t i = 0; i < sizeof(msg); i++)
		sha256_update(&ctx, msg + i, 1);
	sha256_final(&ctx, got);
	CHECK(!memcmp(got, want, sizeof(want)));
}

/* A context can be reused after sha256_init. */
TEST(sha256_reinit)
{
	uint8_t got[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	struct sha256 ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, "something else entirely", 23);
	sha256_init(&ctx);
	sha256_update(&ctx, "ab", 2);
	sha256_update(&ctx, "c", 1);
	sha256_final(&ctx, got);
	sha256_hex(got, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(sha256_hex_format)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE + 1];

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		digest[i] = (uint8_t)(i * 8 + (i & 7));
	memset(hex, 'X', sizeof(hex));
	sha256_hex(digest, hex);
	CHECK_STR(hex, "0009121b242d363f4049525b646d767f8089929ba4adb6bfc0c9d2dbe4edf6ff");
	CHECK_EQ(hex[SHA256_HEX_SIZE], 'X');  /* nothing past the NUL */

	memset(digest, 0, sizeof(digest));
	sha256_hex(digest, hex);
	CHECK_STR(hex, "0000000000000000000000000000000000000000000000000000000000000000");
	memset(digest, 0xff, sizeof(digest));
	sha256_hex(digest, hex);
	CHECK_STR(hex, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
}
