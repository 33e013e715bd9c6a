/* SPDX-License-Identifier: BSD-2-Clause */
/* The firmware's SMBIOS entry point, for the Multiboot 2 SMBIOS tag. */
#ifndef EFI_SMBIOS_H
#define EFI_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

/* The longest entry point: SMBIOS 2.1's 31 bytes ("_SM_"); 3.0's is 24. */
#define SMBIOS_ENTRY_MAX_SIZE 31

/*
 * A validated copy of the entry point in out (the 32-bit "_SM_" one
 * preferred, which 32-bit kernels can follow); its size, or 0 if none.
 */
size_t smbios_find(uint8_t out[SMBIOS_ENTRY_MAX_SIZE]);

/*
 * Each entry point the firmware has, validated: the 2.x "_SM_" one in v2,
 * the 3.0 "_SM3_" one in v3; their sizes, 0 for one it lacks.
 */
void smbios_find_each(uint8_t v2[SMBIOS_ENTRY_MAX_SIZE], size_t *v2_size,
		      uint8_t v3[SMBIOS_ENTRY_MAX_SIZE], size_t *v3_size);

#endif
