/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a BIOS answers about memory, from the Multiboot map the kernel gets:
 * the data of the real-mode BIOS-call shim (efi/bios_shim.c), which answers
 * int 12h and int 15h E820, E801 and AH=88h for kernels that drop back to
 * real mode.
 */
#ifndef LOADER_BIOSDATA_H
#define LOADER_BIOSDATA_H

#include <stdint.h>

#include <multiboot/multiboot.h>

/* One E820 entry as int 15h returns it: base, length, type (20 bytes). */
#define BIOS_E820_ENTRY_SIZE 20
/* What AH=88h's 16 bits conventionally cap at (63 MiB). */
#define BIOS_EXT_KIB_MAX 0xfc00
/* E801's first count stops at 15 MiB (1 MiB to 16 MiB). */
#define BIOS_E801_LOW_MAX_KIB 0x3c00

struct bios_memory {
	uint16_t base_kib;       /* int 12h: conventional memory */
	uint16_t ext_kib;        /* AH=88h: contiguous KiB from 1 MiB, capped */
	uint16_t e801_low_kib;   /* E801: contiguous KiB from 1 MiB to 16 MiB */
	uint16_t e801_high_64k;  /* E801: 64 KiB blocks from 16 MiB, when the first is full */
};

/**
 * bios_memory_from_map() - int 12h, AH=88h and E801 answers
 * @m: the answers
 * @mmap: the Multiboot map (sorted, as mbi_build_mmap makes it)
 * @count: its entries
 * @base_kib: conventional memory, as the MBI's mem_lower says
 */
void bios_memory_from_map(struct bios_memory *m, const struct multiboot_mmap_entry *mmap,
			  uint32_t count, uint32_t base_kib);

/**
 * bios_e820_encode() - the map as int 15h E820 returns it
 * @out: room for @capacity entries of BIOS_E820_ENTRY_SIZE bytes
 * @capacity: entries that fit
 * @mmap: the Multiboot map
 * @count: its entries
 *
 * Return: the entries written: min(@count, @capacity).
 */
uint32_t bios_e820_encode(uint8_t *out, uint32_t capacity,
			  const struct multiboot_mmap_entry *mmap, uint32_t count);

#endif
