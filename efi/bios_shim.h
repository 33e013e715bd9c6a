/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BIOS calls for kernels that drop back to real mode: under UEFI the
 * real-mode interrupt table is garbage and such kernels hang. A small shim
 * in the EBDA answers int 12h and int 15h E820/E801/88h from the map handed
 * to the kernel; every other software interrupt returns "unsupported"
 * (CF set, AH = 86h) so the kernel's own fallback runs.
 */
#ifndef EFI_BIOS_SHIM_H
#define EFI_BIOS_SHIM_H

/* Layout of the 1 KiB EBDA at 0x9FC00 (segment 0x9FC0). */
#define EBDA_SHIM_CODE      0x040   /* after the size byte and the RSDP copy */
#define EBDA_SHIM_CODE_MAX  0x0c0
#define EBDA_SHIM_BASE_KIB  0x100   /* u16: int 12h */
#define EBDA_SHIM_EXT_KIB   0x102   /* u16: int 15h AH=88h */
#define EBDA_SHIM_E801_LOW  0x104   /* u16: KiB from 1 MiB to 16 MiB */
#define EBDA_SHIM_E801_HIGH 0x106   /* u16: 64 KiB blocks from 16 MiB */
#define EBDA_SHIM_E820_COUNT 0x108  /* u32 */
#define EBDA_SHIM_E820      0x10c   /* 20-byte E820 entries */
#define EBDA_SHIM_E820_MAX  ((0x400 - EBDA_SHIM_E820) / 20)  /* BIOS_E820_ENTRY_SIZE */

#define IVT_ENTRIES 256
#define IVT_SIZE    (IVT_ENTRIES * 4)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

/* Whether the shim's code fits its place in the EBDA (checked once, here). */
bool bios_shim_fits(void);

/* Copy the shim's code into the EBDA (ebda: the EBDA's first byte). */
void bios_shim_install(uint8_t *ebda);

/* Its data, from the Multiboot map; returns the E820 entries stored. */
uint32_t bios_shim_set_map(uint8_t *ebda, const struct multiboot_mmap_entry *mmap,
			   uint32_t count, uint32_t base_kib);

/* The real-mode interrupt table pointing at the shim, to copy to 0. */
void bios_shim_ivt(uint32_t ivt[IVT_ENTRIES], uint16_t ebda_segment);
#endif

#endif
