/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Low memory as a BIOS leaves it, for kernels entered in 32-bit protected
 * mode (plan->ebda): SeaBIOS's 1 KiB EBDA at 0x9FC00 with a copy of the
 * firmware's RSDP where BIOS-style ACPI scans look first, and the real-mode
 * BIOS-call shim (efi/bios_shim.h), whose data comes from the final map.
 * The BDA words and the interrupt table are written at hand-off.
 */
#ifndef EFI_BIOS_AREA_H
#define EFI_BIOS_AREA_H

#include <stdint.h>

#include <multiboot/multiboot.h>

#include "../loader/options.h"

/* Write the EBDA and its RSDP copy, install the shim (before exit). */
void bios_area_write(const struct options *opt);

/* The shim's answers from the Multiboot map (at exit: allocates nothing). */
void bios_area_finish(const struct multiboot_mmap_entry *mmap, uint32_t count);

#endif
