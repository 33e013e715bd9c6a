// SPDX-License-Identifier: BSD-2-Clause
#include "config_table.h"

#include <stddef.h>

#include "firmware.h"

static int guid_equal(const EFI_GUID *a, const EFI_GUID *b)
{
	const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;

	for (size_t i = 0; i < sizeof(*a); i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

const void *config_table_find(const EFI_GUID *guid)
{
	for (UINTN i = 0; i < system_table->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &system_table->ConfigurationTable[i];

		if (guid_equal(&t->VendorGuid, guid))
			return t->VendorTable;
	}
	return NULL;
}
