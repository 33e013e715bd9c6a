// SPDX-License-Identifier: BSD-2-Clause
/* loader/checksum.h: the byte-sum checksum of BIOS-era tables. */
#include "check.h"
#include "loader/checksum.h"

TEST(checksum_sum_wraps_mod_256)
{
	static const uint8_t bytes[] = { 0xff, 0x02, 0x80, 0x80 };

	CHECK_EQ(byte_sum(bytes, 0), 0);
	CHECK_EQ(byte_sum(bytes, 1), 0xff);
	CHECK_EQ(byte_sum(bytes, 2), 0x01);
	CHECK_EQ(byte_sum(bytes, 4), 0x01);
}

/* The fixed byte makes the whole sum 0, wherever it is, whatever it held. */
TEST(checksum_fix_makes_sum_zero)
{
	uint8_t b[20];

	for (size_t at = 0; at < sizeof(b); at++) {
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)(i * 37 + at);
		checksum_fix(b, sizeof(b), at);
		CHECK_EQ(byte_sum(b, sizeof(b)), 0);
	}
	/* Bytes after n are not part of it. */
	memset(b, 0x11, sizeof(b));
	checksum_fix(b, 8, 3);
	CHECK_EQ(b[3], (uint8_t)-(7 * 0x11));
	CHECK_EQ(b[8], 0x11);
}
