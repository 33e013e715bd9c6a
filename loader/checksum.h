/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The byte-sum checksum of the BIOS-era tables (ACPI RSDP and tables,
 * SMBIOS entry points, MP floating pointer and configuration table): a
 * structure is valid when its bytes add up to 0 modulo 256.
 */
#ifndef LOADER_CHECKSUM_H
#define LOADER_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/**
 * byte_sum() - The sum of a structure's bytes, modulo 256.
 * @p: the structure
 * @n: its size in bytes
 *
 * Return: 0 when the structure's checksum is right.
 */
static inline uint8_t byte_sum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

/**
 * checksum_fix() - Set a structure's checksum byte so that its bytes sum to 0.
 * @p: the structure, every other byte already final
 * @n: its size in bytes
 * @at: the offset of its checksum byte, below @n
 */
static inline void checksum_fix(uint8_t *p, size_t n, size_t at)
{
	p[at] = 0;
	p[at] = (uint8_t)-byte_sum(p, n);
}

#endif
