/* SPDX-License-Identifier: BSD-2-Clause */
/* Tables the firmware publishes in its EFI configuration table. */
#ifndef EFI_CONFIG_TABLE_H
#define EFI_CONFIG_TABLE_H

#include <efi.h>

/* The table registered under guid, or NULL. */
const void *config_table_find(const EFI_GUID *guid);

#endif
