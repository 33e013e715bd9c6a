// SPDX-License-Identifier: BSD-2-Clause
#include "smbios.h"

#include "../loader/checksum.h"
#include "config_table.h"

#define SMBIOS2_LENGTH_AT 5
#define SMBIOS3_LENGTH_AT 6

static size_t entry_size(const uint8_t *p, const char *anchor, size_t anchor_len,
			 size_t length_at)
{
	for (size_t i = 0; i < anchor_len; i++)
		if (p[i] != (uint8_t)anchor[i])
			return 0;
	size_t length = p[length_at];

	if (length < length_at + 1 || length > SMBIOS_ENTRY_MAX_SIZE)
		return 0;
	return byte_sum(p, length) ? 0 : length;
}

size_t smbios_find(uint8_t out[SMBIOS_ENTRY_MAX_SIZE])
{
	EFI_GUID v2 = SMBIOS_TABLE_GUID, v3 = SMBIOS3_TABLE_GUID;
	const uint8_t *p = config_table_find(&v2);
	size_t size = p ? entry_size(p, "_SM_", 4, SMBIOS2_LENGTH_AT) : 0;

	if (!size) {
		p = config_table_find(&v3);
		size = p ? entry_size(p, "_SM3_", 5, SMBIOS3_LENGTH_AT) : 0;
	}
	for (size_t i = 0; i < size; i++)
		out[i] = p[i];
	return size;
}
