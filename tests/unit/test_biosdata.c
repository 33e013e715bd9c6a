// SPDX-License-Identifier: BSD-2-Clause
/* loader/biosdata.c: what the real-mode shim answers about memory. */
#include "check.h"
#include "loader/biosdata.h"
#include "loader/bytes.h"

#define AVAIL MULTIBOOT_MEMORY_AVAILABLE
#define RESV MULTIBOOT_MEMORY_RESERVED
#define NVS MULTIBOOT_MEMORY_NVS
#define MIB(n) ((uint64_t)(n) << 20)

#define ENTRY(a, l, t) { 20, (a), (l), (t) }

/* OVMF on q35 with 1 GiB: NVS at 8 MiB cuts the RAM above 1 MiB short. */
static const struct multiboot_mmap_entry ovmf_map[] = {
	ENTRY(0, 0x9fc00, AVAIL), ENTRY(0x9fc00, 0x400, RESV),
	ENTRY(MIB(1), 0x706000, AVAIL), ENTRY(0x806000, 0x2000, NVS),
	ENTRY(0x808000, 0x8000, AVAIL), ENTRY(0x810000, 0xf0000, NVS),
	ENTRY(0x900000, MIB(1023) - 0x900000 + MIB(1), AVAIL),
};

TEST(biosdata_stops_at_the_first_hole)
{
	struct bios_memory m;

	bios_memory_from_map(&m, ovmf_map, 7, 639);
	CHECK_EQ(m.base_kib, 639);
	/* 1 MiB to 0x806000: 7192 KiB, both for AH=88h and E801's first count. */
	CHECK_EQ(m.ext_kib, 7192);
	CHECK_EQ(m.e801_low_kib, 7192);
	/* E801's second count only when the first reaches 16 MiB. */
	CHECK_EQ(m.e801_high_64k, 0);
}

TEST(biosdata_contiguous_ram_past_16mib)
{
	static const struct multiboot_mmap_entry map[] = {
		ENTRY(0, 0x9fc00, AVAIL), ENTRY(0x9fc00, 0x400, RESV),
		/* Two adjacent available ranges count as one run. */
		ENTRY(MIB(1), MIB(7), AVAIL), ENTRY(MIB(8), MIB(120), AVAIL),
	};
	struct bios_memory m;

	bios_memory_from_map(&m, map, 4, 639);
	CHECK_EQ(m.e801_low_kib, BIOS_E801_LOW_MAX_KIB);
	CHECK_EQ(m.e801_high_64k, (MIB(128) - MIB(16)) / (64 * 1024));
	/* 127 MiB from 1 MiB, capped at 63 MiB for AH=88h's 16 bits. */
	CHECK_EQ(m.ext_kib, BIOS_EXT_KIB_MAX);
}

/* RAM on past 4 GiB: the counts stop there (E801 is 32-bit). */
TEST(biosdata_counts_stop_at_4gib)
{
	static const struct multiboot_mmap_entry map[] = {
		ENTRY(MIB(1), MIB(8191), AVAIL),
	};
	struct bios_memory m;

	bios_memory_from_map(&m, map, 1, 0);
	CHECK_EQ(m.e801_high_64k, (MIB(4096) - MIB(16)) / (64 * 1024));
	/* Nothing at 1 MiB: every count is 0. */
	bios_memory_from_map(&m, ovmf_map + 3, 1, 0);
	CHECK_EQ(m.ext_kib, 0);
	CHECK_EQ(m.e801_low_kib, 0);
}

TEST(biosdata_e820_entries)
{
	uint8_t out[3 * BIOS_E820_ENTRY_SIZE + 1];

	memset(out, 0xCC, sizeof(out));
	CHECK_EQ(bios_e820_encode(out, 3, ovmf_map, 7), 3);
	CHECK_EQ(get_le64(out), 0);
	CHECK_EQ(get_le64(out + 8), 0x9fc00);
	CHECK_EQ(get_le32(out + 16), AVAIL);
	CHECK_EQ(get_le64(out + 40), MIB(1));
	CHECK_EQ(get_le64(out + 48), 0x706000);
	CHECK_EQ(out[3 * BIOS_E820_ENTRY_SIZE], 0xCC);
	/* Fewer entries than room: all of them. */
	CHECK_EQ(bios_e820_encode(out, 3, ovmf_map, 2), 2);
	/* Above 4 GiB, whole 64-bit fields. */
	static const struct multiboot_mmap_entry high[] = { ENTRY(0x100000000ull, MIB(4096), AVAIL) };
	CHECK_EQ(bios_e820_encode(out, 3, high, 1), 1);
	CHECK_EQ(get_le64(out), 0x100000000ull);
	CHECK_EQ(get_le64(out + 8), MIB(4096));
}

/* A map of 50 entries: more than the EBDA's block holds, not the F segment's. */
TEST(biosdata_shim_block_holds_long_maps_or_says_no)
{
	struct multiboot_mmap_entry map[50];
	size_t ebda = 0x400, fseg = 0x4000;
	uint8_t *block = tmalloc(fseg);

	for (uint32_t i = 0; i < 50; i++)
		map[i] = (struct multiboot_mmap_entry)ENTRY(MIB(2 * i + 1), MIB(1),
							    i % 2 ? AVAIL : RESV);
	CHECK(SHIM_E820_ROOM(ebda) < 50);
	CHECK_EQ(bios_shim_data_write(block, ebda, map, 50, 639), -1);
	CHECK_EQ(bios_shim_data_write(block, ebda, map, SHIM_E820_ROOM(ebda), 639), 0);
	memset(block, 0xCC, fseg);
	CHECK_EQ(bios_shim_data_write(block, fseg, map, 50, 639), 0);
	CHECK_EQ(get_le32(block + SHIM_E820_COUNT), 50);
	CHECK_EQ(get_le16(block + SHIM_BASE_KIB), 639);
	CHECK_EQ(get_le64(block + SHIM_E820 + 49 * BIOS_E820_ENTRY_SIZE), MIB(99));
	CHECK_EQ(get_le32(block + SHIM_E820 + 49 * BIOS_E820_ENTRY_SIZE + 16), AVAIL);
	/* Nothing past the last entry is touched. */
	CHECK_EQ(block[SHIM_E820 + 50 * BIOS_E820_ENTRY_SIZE], 0xCC);
	/* The code's part is the caller's. */
	CHECK_EQ(block[SHIM_CODE], 0xCC);
	tfree(block);
}
