// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "check.h"
#include "fseg.h"
#include "memory_map.h"
#include "print.h"
#include "rsdp.h"

/* Where BIOS-era kernels scan, 16 bytes at a time (ACPI 5.2.5.1, SMBIOS
 * 5.2, MP 4.1 all say paragraph boundaries in 0xE0000-0xFFFFF). The BIOS
 * path reports the F segment reserved and leaves 0xE0000-0xEFFFF out. */
#define SCAN_START      0xE0000u
#define SCAN_END        0x100000u
#define F_SEGMENT       0xF0000u
#define PARAGRAPH       16

/* SMBIOS entry points (DSP0134 5.2.1 and 5.2.2). */
#define SM2_LENGTH      5
#define SM2_MAJOR       6
#define SM2_MINOR       7
/* 0x1F by the structure; SMBIOS 2.1 documented 0x1E and firmware still
 * writes that. */
#define SM2_MIN_SIZE    0x1E
#define SM2_MAX_SIZE    0x20
#define SM2_DMI         16
#define SM2_DMI_SIZE    15
#define SM2_TABLE_LEN   0x16
#define SM2_TABLE_ADDR  0x18
#define SM2_STRUCTURES  0x1C
#define SM3_LENGTH      6
#define SM3_MAJOR       7
#define SM3_MINOR       8
#define SM3_DOCREV      9
#define SM3_MIN_SIZE    0x18
#define SM3_MAX_SIZE    0x20
#define SM3_TABLE_MAX   0x0C
#define SM3_TABLE_ADDR  0x10
#define RSDP_REVISION   15
#define SMBIOS_HEADER   4      /* type, length, handle */
#define SMBIOS_LENGTH   1      /* of the formatted part, header included */
#define SMBIOS_END_TYPE 127
/* Far above QEMU's few KiB; small enough to rule out garbage. */
#define SMBIOS_TABLE_MAX (1u << 20)

/* MP floating pointer and configuration table (MP 1.4, 4.1 and 4.2). */
#define MPF_SIZE        16
#define MPF_CONFIG      4
#define MPF_LENGTH      8      /* in paragraphs: 1 */
#define MPF_SPEC        9
#define MPF_FEATURE1    11     /* nonzero: a default configuration, no table */
#define MPC_HEADER      44
#define MPC_BASE_LENGTH 4
#define MPC_SPEC        6
#define MPC_ENTRIES     34
#define MPC_LAPIC       36
#define MPC_EXT_LENGTH  40
#define MPC_EXT_SUM     42
#define MP_SPEC_1_1     1
#define MP_SPEC_1_4     4
enum mp_entry_type { MP_PROCESSOR, MP_BUS, MP_IOAPIC, MP_IOINT, MP_LINT, MP_ENTRY_TYPES };
#define MP_PROCESSOR_SIZE 20
#define MP_ENTRY_SIZE   8
/* Processor, bus and I/O APIC entries: the id at 1, their flags at 3. */
#define MP_ENTRY_ID     1
#define MP_ENTRY_FLAGS  3
#define MP_CPU_ENABLED  1
#define MP_CPU_BSP      2
#define MP_IOAPIC_ENABLED 1
#define MP_BUS_TYPE     2
#define MP_BUS_TYPE_SIZE 6
#define MP_IOINT_SRC_BUS 4
#define NO_BUS          0x100

#define CPUID_APIC_ID_SHIFT 24

enum kind { RSDP, SM2, SM3, MP, KINDS };

static const char *const kind_name[KINDS] = { "RSD PTR ", "_SM_", "_SM3_", "_MP_" };
static const uint32_t kind_sig_len[KINDS] = { 8, 4, 5, 4 };

/* The first valid structure of each kind (0: none), and how many. */
static uint32_t found[KINDS], found_count[KINDS];

static uint8_t read8(uint32_t addr)
{
	return *(const volatile uint8_t *)addr;
}

static uint16_t read16(uint32_t addr)
{
	return *(const volatile uint16_t *)addr;
}

static uint32_t read32(uint32_t addr)
{
	return *(const volatile uint32_t *)addr;
}

static uint8_t sum_bytes(uint32_t addr, uint32_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += read8(addr++);
	return sum;
}

static int has_signature(uint32_t addr, const char *sig, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (read8(addr + i) != (uint8_t)sig[i])
			return 0;
	return 1;
}

static int sm2_valid(uint32_t addr)
{
	uint8_t len = read8(addr + SM2_LENGTH);

	return len >= SM2_MIN_SIZE && len <= SM2_MAX_SIZE && !sum_bytes(addr, len) &&
	       has_signature(addr + SM2_DMI, "_DMI_", 5) && !sum_bytes(addr + SM2_DMI, SM2_DMI_SIZE);
}

static int sm3_valid(uint32_t addr)
{
	uint8_t len = read8(addr + SM3_LENGTH);

	return len >= SM3_MIN_SIZE && len <= SM3_MAX_SIZE && !sum_bytes(addr, len);
}

static int mp_valid(uint32_t addr)
{
	return read8(addr + MPF_LENGTH) == MPF_SIZE / PARAGRAPH && !sum_bytes(addr, MPF_SIZE);
}

static int valid(enum kind kind, uint32_t addr)
{
	switch (kind) {
	case RSDP:
		return rsdp_valid(addr);
	case SM2:
		return sm2_valid(addr);
	case SM3:
		return sm3_valid(addr);
	default:
		return mp_valid(addr);
	}
}

/* Every paragraph, every kind, as a kernel would look; an anchor whose
 * structure does not check out is skipped (a BIOS's own code may hold the
 * bytes), but said. */
static void scan(void)
{
	for (uint32_t addr = SCAN_START; addr < SCAN_END; addr += PARAGRAPH) {
		for (enum kind k = RSDP; k < KINDS; k++) {
			if (!has_signature(addr, kind_name[k], kind_sig_len[k]))
				continue;
			if (!valid(k, addr)) {
				report("note: fseg \"%s\" at 0x%x fails its checks: skipped", kind_name[k],
				       addr);
				continue;
			}
			if (found_count[k]++)
				report("note: fseg another valid \"%s\" at 0x%x (using 0x%x)", kind_name[k],
				       addr, found[k]);
			else
				found[k] = addr;
		}
	}
}

/* A table the kernel reads must be in memory the map does not hand out. */
static void check_not_available(const char *what, uint32_t addr, uint32_t len)
{
	if (mmap_any_available(addr, (uint64_t)addr + len))
		fail("fseg: the map calls part of %s [0x%x,+0x%x) available", what, addr, len);
}

/* Walks SMBIOS structures from addr within len bytes until count of them
 * (0: no limit), the end-of-table structure or the end of the table, and
 * sets *n to how many; returns 0 (having failed) if one runs past len. */
static int smbios_walk(const char *what, uint32_t addr, uint32_t len, uint32_t count,
		       uint32_t *n, int *saw_end)
{
	uint32_t off = 0;

	*n = 0;
	*saw_end = 0;
	while (off < len && (!count || *n < count) && !*saw_end) {
		uint32_t start = off;
		uint8_t hlen = off + SMBIOS_HEADER <= len ? read8(addr + off + SMBIOS_LENGTH) : 0;

		if (hlen < SMBIOS_HEADER || off + hlen > len) {
			fail("fseg: %s structure %u at 0x%x has header length %u, or runs past the "
			     "table's %u bytes", what, *n, addr + off, hlen, len);
			return 0;
		}
		*saw_end = read8(addr + off) == SMBIOS_END_TYPE;
		/* The formatted part, then strings up to a double NUL. */
		off += hlen;
		while (off + 1 < len && (read8(addr + off) || read8(addr + off + 1)))
			off++;
		if (off + 1 >= len) {
			fail("fseg: %s structure %u at 0x%x: its strings run past the table's %u bytes",
			     what, *n, addr + start, len);
			return 0;
		}
		off += 2;
		(*n)++;
	}
	return 1;
}

static void check_sm2(uint32_t eps)
{
	uint32_t table = read32(eps + SM2_TABLE_ADDR);
	uint16_t len = read16(eps + SM2_TABLE_LEN), count = read16(eps + SM2_STRUCTURES);
	uint32_t walked;
	int saw_end;

	report("fseg smbios _SM_ at 0x%x version=%u.%u table=0x%x length=%u structures=%u", eps,
	       read8(eps + SM2_MAJOR), read8(eps + SM2_MINOR), table, len, count);
	if (!table || !len || !count) {
		fail("fseg: _SM_ at 0x%x names no structure table", eps);
		return;
	}
	check_not_available("the SMBIOS 2 structure table", table, len);
	if (smbios_walk("_SM_", table, len, count, &walked, &saw_end) && walked != count)
		fail("fseg: _SM_ says %u structures, the table ends after %u", count, walked);
}

static void check_sm3(uint32_t eps)
{
	uint32_t table_low = read32(eps + SM3_TABLE_ADDR);
	uint32_t table_high = read32(eps + SM3_TABLE_ADDR + 4);
	uint32_t max = read32(eps + SM3_TABLE_MAX);
	uint32_t walked;
	int saw_end;

	report("fseg smbios _SM3_ at 0x%x version=%u.%u.%u table=0x%llx max=%u", eps,
	       read8(eps + SM3_MAJOR), read8(eps + SM3_MINOR), read8(eps + SM3_DOCREV),
	       (unsigned long long)table_high << 32 | table_low, max);
	if (table_high) {
		report("note: fseg the SMBIOS 3 table is above 4 GiB: not walked");
		return;
	}
	if (!table_low || !max || max > SMBIOS_TABLE_MAX) {
		fail("fseg: _SM3_ at 0x%x names table 0x%x of at most %u bytes", eps, table_low, max);
		return;
	}
	check_not_available("the SMBIOS 3 structure table", table_low, max);
	if (!smbios_walk("_SM3_", table_low, max, 0, &walked, &saw_end))
		return;
	if (!saw_end)
		fail("fseg: _SM3_ table at 0x%x has no end-of-table structure", table_low);
	else
		report("fseg smbios _SM3_ table has %u structures", walked);
}

static uint32_t bsp_apic_id(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;

	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ebx >> CPUID_APIC_ID_SHIFT;
}

struct mp_tally {
	uint32_t by_type[MP_ENTRY_TYPES];
	uint32_t enabled_cpus, bsps, bsp_id, ioapics, isa_bus, isa_ints;
};

/* Walks the base table's entries, which come sorted by type (MP 4.3);
 * returns where they end, or 0 (having failed). */
static uint32_t mp_walk(uint32_t config, uint32_t base_len, uint32_t entries, struct mp_tally *t)
{
	uint32_t off = MPC_HEADER, last_type = 0;

	t->isa_bus = NO_BUS;
	for (uint32_t i = 0; i < entries; i++) {
		uint32_t at = config + off, type, size;

		if (off >= base_len) {
			fail("fseg: PCMP entry %u of %u at 0x%x is past the table's %u bytes", i, entries,
			     at, base_len);
			return 0;
		}
		type = read8(at);
		if (type >= MP_ENTRY_TYPES) {
			fail("fseg: PCMP entry %u at 0x%x has type %u, not a base table type", i, at,
			     type);
			return 0;
		}
		if (type < last_type)
			fail("fseg: PCMP entry %u at 0x%x has type %u after type %u (unsorted)", i, at,
			     type, last_type);
		last_type = type;
		size = type == MP_PROCESSOR ? MP_PROCESSOR_SIZE : MP_ENTRY_SIZE;
		if (off + size > base_len) {
			fail("fseg: PCMP entry %u at 0x%x runs past the table's %u bytes", i, at,
			     base_len);
			return 0;
		}
		t->by_type[type]++;
		if (type == MP_PROCESSOR && (read8(at + MP_ENTRY_FLAGS) & MP_CPU_ENABLED)) {
			t->enabled_cpus++;
			if (read8(at + MP_ENTRY_FLAGS) & MP_CPU_BSP) {
				t->bsps++;
				t->bsp_id = read8(at + MP_ENTRY_ID);
			}
		} else if (type == MP_BUS && has_signature(at + MP_BUS_TYPE, "ISA   ", MP_BUS_TYPE_SIZE)) {
			t->isa_bus = read8(at + MP_ENTRY_ID);
		} else if (type == MP_IOAPIC && (read8(at + MP_ENTRY_FLAGS) & MP_IOAPIC_ENABLED)) {
			t->ioapics++;
		} else if (type == MP_IOINT && read8(at + MP_IOINT_SRC_BUS) == t->isa_bus) {
			t->isa_ints++;
		}
		off += size;
	}
	return off;
}

static void check_mp(uint32_t fp, int32_t cpus)
{
	uint32_t config = read32(fp + MPF_CONFIG), base_len, ext_len, entries, end, apic_id;
	struct mp_tally t = { 0 };

	report("fseg mp _MP_ at 0x%x spec=1.%u config=0x%x", fp, read8(fp + MPF_SPEC), config);
	if (read8(fp + MPF_SPEC) != MP_SPEC_1_1 && read8(fp + MPF_SPEC) != MP_SPEC_1_4)
		fail("fseg: _MP_ spec revision %u, want 1 or 4", read8(fp + MPF_SPEC));
	if (read8(fp + MPF_FEATURE1) || !config) {
		fail("fseg: _MP_ at 0x%x names a default configuration (feature byte 0x%x), no table",
		     fp, read8(fp + MPF_FEATURE1));
		return;
	}
	if (!has_signature(config, "PCMP", 4)) {
		fail("fseg: no \"PCMP\" at 0x%x, where _MP_ points", config);
		return;
	}
	base_len = read16(config + MPC_BASE_LENGTH);
	ext_len = read16(config + MPC_EXT_LENGTH);
	entries = read16(config + MPC_ENTRIES);
	if (base_len < MPC_HEADER) {
		fail("fseg: PCMP at 0x%x has base length %u", config, base_len);
		return;
	}
	check_not_available("the MP configuration table", config, base_len + ext_len);
	if (sum_bytes(config, base_len))
		fail("fseg: PCMP at 0x%x has a bad base table checksum", config);
	if ((uint8_t)(sum_bytes(config + base_len, ext_len) + read8(config + MPC_EXT_SUM)))
		fail("fseg: PCMP at 0x%x has a bad extended table checksum", config);
	if (read8(config + MPC_SPEC) != MP_SPEC_1_1 && read8(config + MPC_SPEC) != MP_SPEC_1_4)
		fail("fseg: PCMP spec revision %u, want 1 or 4", read8(config + MPC_SPEC));
	end = mp_walk(config, base_len, entries, &t);
	if (!end)
		return;
	if (end != base_len)
		fail("fseg: PCMP's %u entries end at %u bytes, its base length is %u", entries, end,
		     base_len);
	report("fseg mp PCMP at 0x%x length=%u entries=%u lapic=0x%x processors=%u enabled=%u "
	       "bsp=%u buses=%u ioapics=%u ioints=%u isa=%u lints=%u", config, base_len, entries,
	       read32(config + MPC_LAPIC), t.by_type[MP_PROCESSOR], t.enabled_cpus, t.bsp_id,
	       t.by_type[MP_BUS], t.ioapics, t.by_type[MP_IOINT], t.isa_ints, t.by_type[MP_LINT]);
	if (cpus >= 0 && t.enabled_cpus != (uint32_t)cpus)
		fail("fseg: PCMP lists %u enabled processors, want %u", t.enabled_cpus,
		     (uint32_t)cpus);
	if (t.bsps != 1)
		fail("fseg: PCMP flags %u enabled processors as the BSP, want 1", t.bsps);
	apic_id = bsp_apic_id();
	if (t.bsps == 1 && t.bsp_id != apic_id)
		fail("fseg: PCMP's BSP has APIC id %u, the kernel runs on %u", t.bsp_id, apic_id);
	if (!t.ioapics)
		fail("fseg: PCMP lists no enabled I/O APIC");
	if (t.isa_bus == NO_BUS || !t.isa_ints)
		fail("fseg: PCMP lists no ISA bus or no interrupt from it");
}

static void check_map(void)
{
	if (!mmap_present())
		return;
	if (!mmap_is_type(F_SEGMENT, SCAN_END, MMAP_TYPE_RESERVED))
		fail("fseg: the map does not report 0x%x-0x%x reserved", F_SEGMENT, SCAN_END - 1);
	if (mmap_any_available(SCAN_START, SCAN_END))
		fail("fseg: the map calls part of 0x%x-0x%x available", SCAN_START, SCAN_END - 1);
}

void fseg_check(int want, int want_rsdp, int32_t cpus)
{
	scan();
	if (!want) {
		int any = 0;

		for (enum kind k = RSDP; k < KINDS; k++)
			if (found[k]) {
				fail("fseg: a valid \"%s\" at 0x%x, want none", kind_name[k], found[k]);
				any = 1;
			}
		if (!any)
			report("fseg none");
		return;
	}

	if (found[RSDP]) {
		report("fseg rsdp at 0x%x revision=%u", found[RSDP], read8(found[RSDP] + RSDP_REVISION));
		if (want_rsdp)
			rsdp_follow(found[RSDP]);
		else
			fail("fseg: an RSDP at 0x%x, want none", found[RSDP]);
	} else {
		report("fseg rsdp none");
		if (want_rsdp)
			fail("fseg: no valid RSDP in 0x%x-0x%x", SCAN_START, SCAN_END - 1);
	}

	if (found[SM2])
		check_sm2(found[SM2]);
	if (found[SM3])
		check_sm3(found[SM3]);
	if (!found[SM2] && !found[SM3])
		fail("fseg: no valid SMBIOS entry point (\"_SM_\" or \"_SM3_\") in 0x%x-0x%x",
		     SCAN_START, SCAN_END - 1);

	if (found[MP])
		check_mp(found[MP], cpus);
	else
		fail("fseg: no valid MP floating pointer (\"_MP_\") in 0x%x-0x%x", SCAN_START,
		     SCAN_END - 1);
	check_map();
}
