/* SPDX-License-Identifier: BSD-2-Clause */
/* The firmware's tables, set once at entry. */
#ifndef EFI_FIRMWARE_H
#define EFI_FIRMWARE_H

#include <efi.h>

extern EFI_SYSTEM_TABLE *system_table;
extern EFI_BOOT_SERVICES *boot_services;

#endif
