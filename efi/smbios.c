// SPDX-License-Identifier: BSD-2-Clause
#include "smbios.h"

#include "../loader/fwtables.h"
#include "config_table.h"

_Static_assert(SMBIOS_ENTRY_MAX_SIZE >= SMBIOS2_ENTRY_SIZE, "the copy holds either entry point");

size_t smbios_find(uint8_t out[SMBIOS_ENTRY_MAX_SIZE])
{
	EFI_GUID v2 = SMBIOS_TABLE_GUID, v3 = SMBIOS3_TABLE_GUID;
	const uint8_t *p = config_table_find(&v2);
	size_t size = 0;

	/* The firmware's entry points are readable up to the longest size. */
	if (!p || smbios2_entry_check(p, SMBIOS_ENTRY_MAX_SIZE, &size, NULL, 0)) {
		p = config_table_find(&v3);
		if (!p || smbios3_entry_check(p, SMBIOS_ENTRY_MAX_SIZE, &size, NULL, 0))
			return 0;
	}
	for (size_t i = 0; i < size; i++)
		out[i] = p[i];
	return size;
}
