// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for the BIOS tables: acpi_rsdp_check, the SMBIOS entry
 * point checks, acpi_find_table over a fuzzed physical memory, madt_parse,
 * and fseg_build with the MP tables (loader/fwtables.c, madt.c, mptable.c,
 * fsegment.c).
 *
 * Input: [flags][BSP APIC id][LAPIC version][CPUID signature: 4][features: 4]
 *        [RSDP: 36][SMBIOS 2 entry point: 31][SMBIOS 3 entry point: 31]
 *        [memory: the rest, at physical MEM_BASE]
 *   flags bit 0: the RSDP goes into the image    bit 1: SMBIOS 2 does
 *         bit 2: SMBIOS 3 does
 *         bit 3: fix checksums: the RSDP's, the entry points' (and the
 *                "_DMI_" part's), the root table's and every table's it
 *                lists (or the MADT's, with bit 4)
 *         bit 4: the memory is the MADT; else the MADT is found from the
 *                RSDP through the RSDT or XSDT in memory
 *         bits 5-7: the region's size (region_sizes), ending at 1 MiB
 * The memory is a heap block of exactly its size, so that ASan sees any
 * read past a table; the region too.
 *
 * Checked: every accepted structure is within its bytes and checksums to 0;
 * a found table is an "APIC" table inside memory; a parsed MADT lists no
 * more processors than enabled entries, with distinct ids up to 254; a
 * built image has every part 16-byte aligned inside the region, copies
 * equal to their inputs, zeros after its end, and MP tables a kernel
 * accepts (checksums, lengths, entry order and count, one BSP, the BSP
 * given, as many processors as the MADT lists); with valid inputs and a
 * region of FSEG_MAX_SIZE the image is built. A refusal has a one-line
 * reason.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/bytes.h"
#include "loader/checksum.h"
#include "loader/fsegment.h"
#include "loader/fwtables.h"
#include "loader/madt.h"
#include "loader/mptable.h"

#include "fuzz_common.h"

#define MEM_BASE 0x7FFE0000u
#define ONE_MIB 0x100000u
#define ENTRY_BUF 31

static const uint32_t region_sizes[8] = {
	0x10000, FSEG_MAX_SIZE, 0x2000, 0x400, 0x200, 0x100, 0x41, 0,
};

struct phys {
	uint8_t *buf;
	size_t size;
};

static const uint8_t *phys_bytes(void *ctx, uint64_t addr, size_t size)
{
	const struct phys *m = ctx;

	if (addr < MEM_BASE || addr - MEM_BASE > m->size || size > m->size - (addr - MEM_BASE))
		return NULL;
	return m->buf + (addr - MEM_BASE);
}

static struct madt madt;

FUZZ_REFERENCE static void check_why(int rc, const char *why, size_t why_size)
{
	FUZZ_CHECK(rc == 0 || rc == -1, "return %d", rc);
	if (!rc)
		return;
	FUZZ_CHECK(memchr(why, 0, why_size), "why not terminated");
	FUZZ_CHECK(why[0], "a refusal without a reason");
	FUZZ_CHECK(!strchr(why, '\n'), "a reason of more than one line: %s", why);
}

/* The table's checksum byte set, if its length is within memory. */
FUZZ_REFERENCE static void fix_table(struct phys *m, uint64_t addr)
{
	uint8_t *t = (uint8_t *)phys_bytes(m, addr, ACPI_SDT_HEADER_SIZE);
	uint32_t length = t ? get_le32(t + ACPI_SDT_LENGTH) : 0;

	if (t && length >= ACPI_SDT_HEADER_SIZE && phys_bytes(m, addr, length))
		checksum_fix(t, length, ACPI_SDT_CHECKSUM);
}

FUZZ_REFERENCE static void fix_checksums(uint8_t *rsdp, uint8_t *smbios2, uint8_t *smbios3,
					 struct phys *m, bool direct)
{
	uint32_t rsdp_length = get_le32(rsdp + 20);

	/* The extended checksum (byte 32) after the first one, which it covers. */
	checksum_fix(rsdp, ACPI_RSDP_V1_SIZE, 8);
	if (rsdp[15] >= 2 && rsdp_length > 32 && rsdp_length <= ACPI_RSDP_V2_SIZE)
		checksum_fix(rsdp, rsdp_length, 32);
	/* The "_DMI_" part first: the whole covers it. */
	checksum_fix(smbios2 + 0x10, 15, 5);
	if (smbios2[5] > 4)
		checksum_fix(smbios2, smbios2[5] < ENTRY_BUF ? smbios2[5] : ENTRY_BUF, 4);
	if (smbios3[6] > 5)
		checksum_fix(smbios3, smbios3[6] < ENTRY_BUF ? smbios3[6] : ENTRY_BUF, 5);
	if (direct) {
		if (m->size >= ACPI_SDT_HEADER_SIZE)
			fix_table(m, MEM_BASE);
		return;
	}
	bool xsdt = rsdp[15] >= 2 && rsdp_length > ACPI_RSDP_V1_SIZE;
	uint64_t root = xsdt ? get_le64(rsdp + 24) : get_le32(rsdp + 16);
	const uint8_t *r = phys_bytes(m, root, ACPI_SDT_HEADER_SIZE);
	uint32_t length = r ? get_le32(r + ACPI_SDT_LENGTH) : 0;
	size_t entry = xsdt ? 8 : 4;

	if (!r || length < ACPI_SDT_HEADER_SIZE || !phys_bytes(m, root, length))
		return;
	for (size_t at = ACPI_SDT_HEADER_SIZE; at + entry <= length; at += entry)
		fix_table(m, xsdt ? get_le64(r + at) : get_le32(r + at));
	fix_table(m, root);
}

/* Enabled local APIC and x2APIC entries, by a walk as long as lengths hold. */
FUZZ_REFERENCE static unsigned enabled_entries(const uint8_t *t, uint32_t length)
{
	unsigned n = 0;

	for (uint32_t at = 44; at + 2 <= length && t[at + 1] >= 2 && t[at + 1] <= length - at;
	     at += t[at + 1]) {
		if (t[at] == 0 && t[at + 1] >= 8 && (get_le32(t + at + 4) & 1))
			n++;
		if (t[at] == 9 && t[at + 1] >= 16 && (get_le32(t + at + 8) & 1))
			n++;
	}
	return n;
}

FUZZ_REFERENCE static void check_madt(const uint8_t *t, size_t size)
{
	uint32_t length = get_le32(t + ACPI_SDT_LENGTH);

	FUZZ_CHECK(length <= size && !byte_sum(t, length), "MADT length %u of %zu, checksum", length,
		   size);
	FUZZ_CHECK(madt.cpu_count + madt.cpus_id_too_high <= enabled_entries(t, length),
		   "%u processors (+%u with high ids), %u enabled entries", madt.cpu_count,
		   madt.cpus_id_too_high, enabled_entries(t, length));
	FUZZ_CHECK(madt.ioapic_count <= MADT_MAX_IOAPICS && madt.nmi_count <= MADT_MAX_LAPIC_NMIS,
		   "counts");
	for (unsigned i = 0; i < madt.cpu_count; i++) {
		FUZZ_CHECK(madt.cpus[i].apic_id <= MADT_MAX_APIC_ID, "APIC id %u",
			   madt.cpus[i].apic_id);
		for (unsigned j = 0; j < i; j++)
			FUZZ_CHECK(madt.cpus[i].apic_id != madt.cpus[j].apic_id, "APIC id %u twice",
				   madt.cpus[i].apic_id);
	}
}

static const size_t mp_entry_size[5] = { 20, 8, 8, 8, 8 };

/* The MP tables at floating as a kernel reads them; region holds [base, base + size). */
FUZZ_REFERENCE static void check_mp(const uint8_t *region, uint32_t base,
				    const struct fseg_layout *out, uint8_t bsp)
{
	const uint8_t *f = region + (out->mp_floating - base);
	const uint8_t *c = region + (out->mp_config - base);

	FUZZ_CHECK(!memcmp(f, "_MP_", 4) && f[8] == 1 && f[9] == 4 && !byte_sum(f, 16) && !f[11],
		   "floating pointer");
	FUZZ_CHECK(get_le32(f + 4) == out->mp_config, "floating pointer to 0x%x, table at 0x%x",
		   get_le32(f + 4), out->mp_config);
	FUZZ_CHECK(out->mp_config_size <= MP_CONFIG_MAX_SIZE, "table size %u", out->mp_config_size);
	FUZZ_CHECK(!memcmp(c, "PCMP", 4) && get_le16(c + 4) == out->mp_config_size && c[6] == 4,
		   "table header");
	FUZZ_CHECK(!byte_sum(c, out->mp_config_size), "table checksum");
	FUZZ_CHECK(get_le32(c + 36) && !get_le16(c + 40), "LAPIC address, extended table");

	unsigned count = 0, processors = 0, bsps = 0;
	uint8_t last = 0;
	size_t at = MP_CONFIG_HEADER_SIZE;

	while (at < out->mp_config_size) {
		FUZZ_CHECK(c[at] <= 4 && c[at] >= last, "entry type %u after %u", c[at], last);
		FUZZ_CHECK(at + mp_entry_size[c[at]] <= out->mp_config_size, "entry past the table");
		if (c[at] == 0) {
			processors++;
			FUZZ_CHECK(c[at + 3] & 1, "processor not enabled");
			if (c[at + 3] & 2) {
				bsps++;
				FUZZ_CHECK(c[at + 1] == bsp && processors == 1, "BSP %u at %u",
					   c[at + 1], processors);
			}
		}
		last = c[at];
		at += mp_entry_size[c[at]];
		count++;
	}
	FUZZ_CHECK(at == out->mp_config_size && count == get_le16(c + 34), "%u entries, %u said",
		   count, get_le16(c + 34));
	FUZZ_CHECK(bsps == 1 && processors == madt.cpu_count, "%u BSPs, %u of %u processors",
		   bsps, processors, madt.cpu_count);
}

/* A part of n bytes at addr: aligned, within [base, end). */
FUZZ_REFERENCE static void check_place(uint32_t base, uint32_t end, uint32_t addr, size_t n)
{
	FUZZ_CHECK(addr % FSEG_ALIGN == 0 && addr >= base && addr + n <= end,
		   "part at 0x%x (%zu bytes) in 0x%x-0x%x", addr, n, base, end);
}

/* A copy: placed, the same n bytes as src, its first sum_n summing to 0. */
FUZZ_REFERENCE static void check_copy(const uint8_t *region, uint32_t base, uint32_t end,
				      uint32_t addr, const uint8_t *src, size_t n, size_t sum_n)
{
	check_place(base, end, addr, n);
	FUZZ_CHECK(!memcmp(region + (addr - base), src, n), "copy at 0x%x differs", addr);
	FUZZ_CHECK(!byte_sum(src, sum_n), "copy at 0x%x does not checksum", addr);
}

FUZZ_REFERENCE static void check_image(const uint8_t *region, uint32_t base, uint32_t size,
				       const struct fseg_input *in, const struct fseg_layout *out)
{
	size_t n;

	FUZZ_CHECK(out->end >= base && out->end <= base + size, "end 0x%x", out->end);
	for (uint32_t a = out->end; a < base + size; a++)
		FUZZ_CHECK(!region[a - base], "byte at 0x%x after the end", a);
	if (in->rsdp) {
		FUZZ_CHECK(!acpi_rsdp_check(in->rsdp, in->rsdp_size, &n, NULL, 0), "RSDP");
		check_copy(region, base, out->end, out->rsdp, in->rsdp, n, n);
		FUZZ_CHECK(!byte_sum(in->rsdp, ACPI_RSDP_V1_SIZE), "RSDP v1 checksum");
	}
	if (in->smbios2) {
		FUZZ_CHECK(!smbios2_entry_check(in->smbios2, in->smbios2_size, &n, NULL, 0), "SMBIOS 2");
		check_copy(region, base, out->end, out->smbios2, in->smbios2, n, in->smbios2[5]);
		FUZZ_CHECK(!byte_sum(region + (out->smbios2 - base) + 0x10, 15), "_DMI_ checksum");
	}
	if (in->smbios3) {
		FUZZ_CHECK(!smbios3_entry_check(in->smbios3, in->smbios3_size, &n, NULL, 0), "SMBIOS 3");
		check_copy(region, base, out->end, out->smbios3, in->smbios3, n, n);
	}
	if (in->madt) {
		check_place(base, out->end, out->mp_floating, MP_FLOATING_SIZE);
		check_place(base, out->end, out->mp_config, out->mp_config_size);
		check_mp(region, base, out, in->cpu->bsp_apic_id);
	}
}

/* Valid parts, a buildable MADT and FSEG_MAX_SIZE bytes: the image must be built. */
FUZZ_REFERENCE static bool must_build(const struct fseg_input *in, const struct mptable_cpu_info *cpu,
				      uint32_t size)
{
	size_t n;
	bool bsp = false;

	if (size < FSEG_MAX_SIZE)
		return false;
	if ((in->rsdp && acpi_rsdp_check(in->rsdp, in->rsdp_size, &n, NULL, 0)) ||
	    (in->smbios2 && smbios2_entry_check(in->smbios2, in->smbios2_size, &n, NULL, 0)) ||
	    (in->smbios3 && smbios3_entry_check(in->smbios3, in->smbios3_size, &n, NULL, 0)))
		return false;
	if (!in->madt)
		return true;
	for (unsigned i = 0; i < madt.cpu_count; i++)
		bsp |= madt.cpus[i].apic_id == cpu->bsp_apic_id;
	return bsp && madt.ioapic_count && madt.lapic_addr && madt.lapic_addr <= UINT32_MAX;
}

/* The MADT: the memory itself, or found through the RSDP. NULL if none. */
static const uint8_t *get_madt(const uint8_t *rsdp, struct phys *m, bool direct,
			       uint32_t *length)
{
	struct acpi_memory mem = { phys_bytes, m };
	const uint8_t *t = NULL;
	size_t rsdp_size;
	char why[160];
	int rc;

	if (direct) {
		*length = (uint32_t)m->size;
		return m->buf;
	}
	rc = acpi_rsdp_check(rsdp, ACPI_RSDP_V2_SIZE, &rsdp_size, why, sizeof(why));
	check_why(rc, why, sizeof(why));
	if (rc)
		return NULL;
	FUZZ_CHECK(rsdp_size >= ACPI_RSDP_V1_SIZE && rsdp_size <= ACPI_RSDP_V2_SIZE &&
		   !byte_sum(rsdp, rsdp_size), "RSDP size %zu", rsdp_size);
	rc = acpi_find_table(&mem, rsdp, rsdp_size, "APIC", &t, length, why, sizeof(why));
	check_why(rc, why, sizeof(why));
	if (rc)
		return NULL;
	FUZZ_CHECK(t >= m->buf && *length <= m->size - (size_t)(t - m->buf) &&
		   *length >= ACPI_SDT_HEADER_SIZE && !memcmp(t, "APIC", 4) && !byte_sum(t, *length),
		   "found table at offset %td, %u bytes", t - m->buf, *length);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t flags = get8(&c);
	struct mptable_cpu_info cpu;
	uint8_t rsdp[ACPI_RSDP_V2_SIZE], smbios2[ENTRY_BUF], smbios3[ENTRY_BUF];

	cpu.bsp_apic_id = get8(&c);
	cpu.lapic_version = get8(&c);
	cpu.cpuid_signature = get32(&c);
	cpu.cpuid_features = get32(&c);
	for (size_t i = 0; i < sizeof(rsdp); i++)
		rsdp[i] = get8(&c);
	for (size_t i = 0; i < sizeof(smbios2); i++)
		smbios2[i] = get8(&c);
	for (size_t i = 0; i < sizeof(smbios3); i++)
		smbios3[i] = get8(&c);

	struct phys m = { malloc(c.n ? c.n : 1), c.n };
	bool direct = flags & 16;

	FUZZ_CHECK(m.buf, "malloc");
	memcpy(m.buf, c.p, c.n);
	if (flags & 8)
		fix_checksums(rsdp, smbios2, smbios3, &m, direct);

	uint32_t madt_length = 0;
	const uint8_t *t = get_madt(rsdp, &m, direct, &madt_length);
	char why[160];
	int rc = -1;

	if (t) {
		why[0] = 0;
		rc = madt_parse(t, madt_length, &madt, why, sizeof(why));
		check_why(rc, why, sizeof(why));
		FUZZ_LOG("MADT: %s%s\n", rc ? "refused: " : "parsed", rc ? why : "");
		if (!rc)
			check_madt(t, madt_length);
	}

	uint32_t region_size = region_sizes[flags >> 5];
	uint32_t base = (ONE_MIB - region_size) & ~(uint32_t)(FSEG_ALIGN - 1);
	uint8_t *region = malloc(region_size ? region_size : 1);
	struct fseg_input in = {
		flags & 1 ? rsdp : NULL, sizeof(rsdp),
		flags & 2 ? smbios2 : NULL, sizeof(smbios2),
		flags & 4 ? smbios3 : NULL, sizeof(smbios3),
		rc ? NULL : &madt, &cpu,
	};
	struct fseg_layout out;

	FUZZ_CHECK(region, "malloc");
	why[0] = 0;
	rc = fseg_build(region, base, region_size, &in, &out, why, sizeof(why));
	check_why(rc, why, sizeof(why));
	FUZZ_LOG("flags 0x%02x, region %u: %s%s\n", flags, region_size, rc ? "refused: " : "built",
		 rc ? why : "");
	FUZZ_CHECK(!rc || !must_build(&in, &cpu, region_size), "not built: %s", why);
	if (!rc)
		check_image(region, base, region_size, &in, &out);
	free(region);
	free(m.buf);
	return 0;
}
