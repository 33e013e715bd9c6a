/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BIOS calls for kernels that drop back to real mode: under UEFI the
 * real-mode interrupt table is garbage and such kernels hang. A small shim
 * answers int 12h and int 15h E820/E801/88h from the map handed to the
 * kernel, counts timer ticks in the BDA and acknowledges hardware
 * interrupts as a BIOS does; every other software interrupt returns
 * "unsupported" (CF set, AH = 86h) so the kernel's own fallback runs.
 *
 * The shim is a block that runs with CS = its segment, its data at fixed
 * offsets: in the F segment when that can be made RAM (room for any memory
 * map), else in the 1 KiB EBDA, whose first 0x40 bytes stay the EBDA's own
 * (its size word, the RSDP copy).
 */
#ifndef EFI_BIOS_SHIM_H
#define EFI_BIOS_SHIM_H

#include "../loader/biosdata.h"

#define IVT_ENTRIES 256
#define IVT_SIZE    (IVT_ENTRIES * 4)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the shim's code fits its place in the block (checked once, here). */
bool bios_shim_fits(void);

/* Copy the shim's code into a block (its first byte). */
void bios_shim_install(uint8_t *block);

/* The real-mode interrupt table pointing at the shim, to copy to 0. */
void bios_shim_ivt(uint32_t ivt[IVT_ENTRIES], uint16_t shim_segment);
#endif

#endif
