/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BIOS tables a BIOS-era kernel scans 0xE0000-0xFFFFF for, laid out
 * as one image for a region of that range: the ACPI RSDP, the SMBIOS entry
 * points and the MP floating pointer with its configuration table. The
 * RSDP and the entry points are copies: they hold absolute addresses of
 * tables that stay where the firmware put them.
 */
#ifndef LOADER_FSEGMENT_H
#define LOADER_FSEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "fwtables.h"
#include "madt.h"
#include "mptable.h"

/* Scanners step 16 bytes: every structure starts on a paragraph. */
#define FSEG_ALIGN 16
#define FSEG_ALIGN_UP(n) (((n) + FSEG_ALIGN - 1) / FSEG_ALIGN * FSEG_ALIGN)
/* A region this large holds every structure at its longest. */
#define FSEG_MAX_SIZE \
	(FSEG_ALIGN_UP(ACPI_RSDP_V2_SIZE) + 2 * FSEG_ALIGN_UP(SMBIOS2_ENTRY_SIZE) + \
	 FSEG_ALIGN_UP(MP_FLOATING_SIZE) + FSEG_ALIGN_UP(MP_CONFIG_MAX_SIZE))

/**
 * struct fseg_input - What goes into the image; each part is optional.
 * @rsdp: the firmware's RSDP, or NULL
 * @rsdp_size: bytes readable at @rsdp (the RSDP's own size is copied)
 * @smbios2: the firmware's "_SM_" entry point, or NULL
 * @smbios2_size: bytes readable at @smbios2
 * @smbios3: the firmware's "_SM3_" entry point, or NULL
 * @smbios3_size: bytes readable at @smbios3
 * @madt: the parsed MADT the MP tables are built from, or NULL for none
 * @cpu: the BSP and processor identification, with @madt
 */
struct fseg_input {
	const uint8_t *rsdp;
	size_t rsdp_size;
	const uint8_t *smbios2;
	size_t smbios2_size;
	const uint8_t *smbios3;
	size_t smbios3_size;
	const struct madt *madt;
	const struct mptable_cpu_info *cpu;
};

/**
 * struct fseg_layout - Where each structure went: physical addresses, 0
 * for a part left out.
 * @rsdp: the RSDP copy
 * @smbios3: the "_SM3_" entry point copy
 * @smbios2: the "_SM_" entry point copy
 * @mp_floating: the MP floating pointer
 * @mp_config: the MP configuration table
 * @mp_config_size: its size in bytes
 * @end: the end of the image; [base, @end) holds it, the rest is zero
 */
struct fseg_layout {
	uint32_t rsdp;
	uint32_t smbios3;
	uint32_t smbios2;
	uint32_t mp_floating;
	uint32_t mp_config;
	uint32_t mp_config_size;
	uint32_t end;
};

/**
 * fseg_build() - Lay out the BIOS tables for the region [base, base + size).
 * @dest: the region's bytes as they will be at @base
 * @base: the region's physical address, 16-byte aligned
 * @size: the region's size; the region ends below 4 GiB (at 0xFFFFFFFF at most)
 * @in: what goes in
 * @out: where it went
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * The region is zeroed, then the parts go in this order from @base, each
 * 16-byte aligned: RSDP, SMBIOS 3, SMBIOS 2, MP floating pointer, MP
 * configuration table. Each copied part is validated first.
 *
 * Return: 0, or -1 with a reason in @why (a bad region, an invalid part,
 * MP tables that cannot be built, too little room).
 */
int fseg_build(uint8_t *dest, uint32_t base, uint32_t size, const struct fseg_input *in,
	       struct fseg_layout *out, char *why, size_t why_size);

#endif
