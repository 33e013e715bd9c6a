// SPDX-License-Identifier: BSD-2-Clause
#include "cksum.h"

/* CRC-32 as POSIX specifies it: polynomial 0x04C11DB7, most significant
 * bit first, initial value 0, the length appended, result inverted. */
#define CRC_POLY     0x04C11DB7u
#define BYTE_VALUES  256

static uint32_t table[BYTE_VALUES];

static void build_table(void)
{
	for (uint32_t i = 0; i < BYTE_VALUES; i++) {
		uint32_t c = i << 24;

		for (int bit = 0; bit < 8; bit++)
			c = (c & 0x80000000u) ? (c << 1) ^ CRC_POLY : c << 1;
		table[i] = c;
	}
}

static uint32_t crc_byte(uint32_t crc, uint8_t byte)
{
	return (crc << 8) ^ table[(crc >> 24) ^ byte];
}

uint32_t posix_cksum(const uint8_t *data, uint32_t len)
{
	uint32_t crc = 0;

	if (!table[1])
		build_table();
	for (uint32_t i = 0; i < len; i++)
		crc = crc_byte(crc, data[i]);
	/* The length goes in too, least significant byte first, without
	 * leading zero bytes. */
	for (uint32_t n = len; n; n >>= 8)
		crc = crc_byte(crc, (uint8_t)n);
	return ~crc;
}
