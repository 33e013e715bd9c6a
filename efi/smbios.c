// SPDX-License-Identifier: BSD-2-Clause
#include "smbios.h"

#include "../loader/fwtables.h"
#include "config_table.h"

_Static_assert(SMBIOS_ENTRY_MAX_SIZE >= SMBIOS2_ENTRY_SIZE, "the copy holds either entry point");

/* A validated copy of the entry point in table GUID's entry; its size, or 0. */
static size_t copy_entry(EFI_GUID *guid, uint8_t out[SMBIOS_ENTRY_MAX_SIZE],
			 int (*check)(const uint8_t *, size_t, size_t *, char *, size_t))
{
	const uint8_t *p = config_table_find(guid);
	size_t size = 0;

	/* The firmware's entry points are readable up to the longest size. */
	if (!p || check(p, SMBIOS_ENTRY_MAX_SIZE, &size, NULL, 0))
		return 0;
	for (size_t i = 0; i < size; i++)
		out[i] = p[i];
	return size;
}

void smbios_find_each(uint8_t v2[SMBIOS_ENTRY_MAX_SIZE], size_t *v2_size,
		      uint8_t v3[SMBIOS_ENTRY_MAX_SIZE], size_t *v3_size)
{
	EFI_GUID guid2 = SMBIOS_TABLE_GUID, guid3 = SMBIOS3_TABLE_GUID;

	*v2_size = copy_entry(&guid2, v2, smbios2_entry_check);
	*v3_size = copy_entry(&guid3, v3, smbios3_entry_check);
}

size_t smbios_find(uint8_t out[SMBIOS_ENTRY_MAX_SIZE])
{
	EFI_GUID guid2 = SMBIOS_TABLE_GUID, guid3 = SMBIOS3_TABLE_GUID;
	size_t size = copy_entry(&guid2, out, smbios2_entry_check);

	return size ? size : copy_entry(&guid3, out, smbios3_entry_check);
}
