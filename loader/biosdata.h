/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a BIOS answers about memory, from the Multiboot map the kernel gets:
 * the data of the real-mode BIOS-call shim (efi/bios_shim.c), which answers
 * int 12h and int 15h E820, E801 and AH=88h for kernels that drop back to
 * real mode.
 */
#ifndef LOADER_BIOSDATA_H
#define LOADER_BIOSDATA_H

/*
 * The shim's block (efi/bios_shim.h), which its real-mode code reads through
 * %cs: code, then the answers below, then the E820 entries to its end.
 */
#define SHIM_CODE        0x040   /* after the EBDA's size word and RSDP copy */
#define SHIM_CODE_MAX    0x160
#define SHIM_BASE_KIB    0x1a0   /* u16: int 12h */
#define SHIM_EXT_KIB     0x1a2   /* u16: int 15h AH=88h */
#define SHIM_E801_LOW    0x1a4   /* u16: KiB from 1 MiB to 16 MiB */
#define SHIM_E801_HIGH   0x1a6   /* u16: 64 KiB blocks from 16 MiB */
#define SHIM_E820_COUNT  0x1a8   /* u32 */
#define SHIM_E820        0x1ac   /* 20-byte E820 entries, to the block's end */
#define SHIM_E820_ENTRY_SIZE 20
/* How many E820 entries a block of this size holds. */
#define SHIM_E820_ROOM(block_size) (((block_size) - SHIM_E820) / SHIM_E820_ENTRY_SIZE)

/* The BIOS data area's timer tick count and midnight flag (int 1Ah's). */
#define BDA_SEGMENT      0x40
#define BDA_TICKS        0x6c    /* u32, 18.2 a second */
#define BDA_MIDNIGHT     0x70    /* u8, set when the count wraps at 24 h */
#define TICKS_PER_DAY    0x1800b0

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

/* One E820 entry as int 15h returns it: base, length, type. */
#define BIOS_E820_ENTRY_SIZE SHIM_E820_ENTRY_SIZE
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

/**
 * bios_shim_data_write() - the shim's answers, from the Multiboot map
 * @block: the shim's block
 * @block_size: its size (the E820 entries fill it to its end)
 * @mmap: the map the kernel gets
 * @count: its entries
 * @base_kib: conventional memory, as the MBI's mem_lower says
 *
 * Return: 0, or -1 when the map has more entries than the block holds.
 */
int bios_shim_data_write(uint8_t *block, size_t block_size,
			 const struct multiboot_mmap_entry *mmap, uint32_t count,
			 uint32_t base_kib);
#endif

#endif
