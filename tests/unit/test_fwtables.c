// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/fwtables.c: the ACPI RSDP and SMBIOS entry point checks, and the
 * walk from the RSDP through the RSDT or XSDT to a table.
 */
#include "biostables.h"
#include "check.h"
#include "loader/bytes.h"
#include "loader/checksum.h"
#include "loader/fwtables.h"

#define MEM_BASE 0x7FFE0000u
#define MEM_SIZE 0x1000

static char why[256];

/* A v1 RSDP is 20 bytes, whatever follows it. */
TEST(rsdp_revision0_is_20_bytes)
{
	uint8_t r[ACPI_RSDP_V2_SIZE];
	size_t size = 0;

	rsdp_make(r, 0, 0x7FFE1000, 0);
	memset(r + 20, 0xA5, 16);
	CHECK_OK(acpi_rsdp_check(r, ACPI_RSDP_V2_SIZE, &size, why, sizeof(why)), why);
	CHECK_EQ(size, 20);
	/* Only 20 bytes readable is enough. */
	CHECK_OK(acpi_rsdp_check(r, ACPI_RSDP_V1_SIZE, &size, why, sizeof(why)), why);
	CHECK_EQ(size, 20);
}

/* Revision 2: its length, and the extended checksum over it. */
TEST(rsdp_revision2_is_its_length)
{
	uint8_t r[ACPI_RSDP_V2_SIZE];
	size_t size = 0;

	rsdp_make(r, 2, 0x7FFE1000, 0x7FFE2000);
	CHECK_OK(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 36);
	/* The same bytes as revision 0 are only checked for 20 bytes... */
	r[15] = 0;
	checksum_fix(r, 20, 8);
	r[33] ^= 1;
	CHECK_OK(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 20);
	/* ...as revision 2 the extended checksum is wrong. */
	r[15] = 2;
	checksum_fix(r, 20, 8);
	CHECK_REFUSED(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why,
		      "wrong extended checksum over 36 bytes");
}

TEST(rsdp_refused)
{
	uint8_t r[ACPI_RSDP_V2_SIZE];
	size_t size = 0;

	rsdp_make(r, 2, 0x7FFE1000, 0x7FFE2000);
	r[3] = 'd';
	CHECK_REFUSED(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why,
		      "no \"RSD PTR \" signature");

	rsdp_make(r, 0, 0x7FFE1000, 0);
	r[16]++;
	CHECK_REFUSED(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why,
		      "wrong checksum over its first 20 bytes");

	rsdp_make(r, 0, 0x7FFE1000, 0);
	CHECK_REFUSED(acpi_rsdp_check(r, 19, &size, why, sizeof(why)), why,
		      "19 bytes, shorter than its 20");

	/* Revision 2 needs its length field, and that many bytes. */
	rsdp_make(r, 2, 0x7FFE1000, 0x7FFE2000);
	CHECK_REFUSED(acpi_rsdp_check(r, 20, &size, why, sizeof(why)), why,
		      "too short for its length field");
	CHECK_REFUSED(acpi_rsdp_check(r, 35, &size, why, sizeof(why)), why,
		      "length 36 is not within 20-36 bytes (35 readable)");
	CHECK_EQ(size, 0);
}

/* Lengths of 20-36 are accepted, others refused. */
TEST(rsdp_length_bounds)
{
	static const uint32_t bad[] = { 0, 19, 37, 0x10000, 0xFFFFFFFF };
	uint8_t r[ACPI_RSDP_V2_SIZE];
	size_t size = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rsdp_make(r, 2, 0x7FFE1000, 0x7FFE2000);
		put_le32(r + 20, bad[i]);
		checksum_fix(r, 20, 8);
		CHECK_REFUSED(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why,
			      "is not within 20-36 bytes");
	}
	rsdp_make(r, 2, 0x7FFE1000, 0);
	put_le32(r + 20, 20);
	checksum_fix(r, 20, 8);
	CHECK_OK(acpi_rsdp_check(r, sizeof(r), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 20);
}

TEST(smbios2_entry_point)
{
	uint8_t e[SMBIOS2_ENTRY_SIZE];
	size_t size = 0;

	smbios2_make(e, 0xBFF00000, 0x1234);
	CHECK_OK(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 31);
	/* SMBIOS 2.1's own length, 0x1E: still 31 bytes, the "_DMI_" part included. */
	e[5] = 0x1E;
	checksum_fix(e, 0x1E, 4);
	CHECK_OK(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 31);
}

TEST(smbios2_entry_point_refused)
{
	uint8_t e[SMBIOS2_ENTRY_SIZE];
	size_t size = 0;

	smbios2_make(e, 0xBFF00000, 0x1234);
	CHECK_REFUSED(smbios2_entry_check(e, 30, &size, why, sizeof(why)), why,
		      "30 bytes, shorter than its 31");
	e[0] = '-';
	CHECK_REFUSED(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "no \"_SM_\" anchor");

	smbios2_make(e, 0xBFF00000, 0x1234);
	e[5] = 0x20;
	CHECK_REFUSED(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "length 0x20, not 0x1f (or 0x1e)");

	smbios2_make(e, 0xBFF00000, 0x1234);
	e[6] = 3;
	CHECK_REFUSED(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "wrong checksum over 0x1f bytes");

	/* The intermediate part: its anchor, and its own checksum. */
	smbios2_make(e, 0xBFF00000, 0x1234);
	e[0x12] = 'm';
	checksum_fix(e, sizeof(e), 4);
	CHECK_REFUSED(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "no \"_DMI_\" anchor at offset 0x10");

	smbios2_make(e, 0xBFF00000, 0x1234);
	e[0x18]++;
	e[0x06]--;   /* the whole still sums to 0, the "_DMI_" part does not */
	CHECK_REFUSED(smbios2_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "wrong intermediate (\"_DMI_\") checksum");
	CHECK_EQ(size, 0);
}

TEST(smbios3_entry_point)
{
	uint8_t e[SMBIOS2_ENTRY_SIZE];
	size_t size = 0;

	smbios3_make(e, 0x7FE00000, 0x2000);
	CHECK_OK(smbios3_entry_check(e, SMBIOS3_ENTRY_SIZE, &size, why, sizeof(why)), why);
	CHECK_EQ(size, 24);
	/* A longer one (a later revision, say) up to 31 bytes. */
	memset(e + 24, 0, 7);
	e[6] = 31;
	checksum_fix(e, 31, 5);
	CHECK_OK(smbios3_entry_check(e, sizeof(e), &size, why, sizeof(why)), why);
	CHECK_EQ(size, 31);
	CHECK_REFUSED(smbios3_entry_check(e, 30, &size, why, sizeof(why)), why,
		      "length 0x1f is not within 0x18-0x1f bytes (0x1e readable)");
}

TEST(smbios3_entry_point_refused)
{
	uint8_t e[SMBIOS3_ENTRY_SIZE];
	size_t size = 0;

	smbios3_make(e, 0x7FE00000, 0x2000);
	CHECK_REFUSED(smbios3_entry_check(e, 23, &size, why, sizeof(why)), why,
		      "23 bytes, shorter than its 24");
	e[3] = '2';
	CHECK_REFUSED(smbios3_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "no \"_SM3_\" anchor");
	smbios3_make(e, 0x7FE00000, 0x2000);
	e[6] = 23;
	checksum_fix(e, 23, 5);
	CHECK_REFUSED(smbios3_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "length 0x17 is not within");
	smbios3_make(e, 0x7FE00000, 0x2000);
	e[20] = 1;
	CHECK_REFUSED(smbios3_entry_check(e, sizeof(e), &size, why, sizeof(why)), why,
		      "wrong checksum over 0x18 bytes");
	/* A 2.x entry point is not a 3.0 one, and the other way round. */
	uint8_t e2[SMBIOS2_ENTRY_SIZE];

	smbios2_make(e2, 0xBFF00000, 0x1234);
	CHECK_REFUSED(smbios3_entry_check(e2, sizeof(e2), &size, why, sizeof(why)), why, "anchor");
	smbios3_make(e2, 0x7FE00000, 0x2000);
	CHECK_REFUSED(smbios2_entry_check(e2, sizeof(e2), &size, why, sizeof(why)), why, "anchor");
}

/* The app's mapping: 0, wrapping ranges and (ia32) addresses above 4 GiB are not memory. */
TEST(acpi_identity_mapping)
{
	uint8_t byte = 7;
	uint64_t addr = (uintptr_t)&byte;

	CHECK(acpi_identity_bytes(NULL, addr, 1) == &byte);
	CHECK(acpi_identity_bytes(NULL, 0, 1) == NULL);
	CHECK(acpi_identity_bytes(NULL, UINTPTR_MAX, 2) == NULL);
	CHECK(acpi_identity_bytes(NULL, UINTPTR_MAX, 1) != NULL);
	CHECK(acpi_identity_bytes(NULL, (uint64_t)UINTPTR_MAX - 15, 16) != NULL);
	CHECK(acpi_identity_bytes(NULL, (uint64_t)UINTPTR_MAX - 15, 17) == NULL);
	if (UINTPTR_MAX == UINT32_MAX) {
		CHECK(acpi_identity_bytes(NULL, 0x100000000ull, 1) == NULL);
		CHECK(acpi_identity_bytes(NULL, 0xFFFFF000ull, 0x2000) == NULL);
	}
}

/*
 * Physical memory at MEM_BASE: RSDT at +0x100, XSDT at +0x200, tables
 * from +0x400 every 0x100 bytes.
 */
struct acpi_fixture {
	uint8_t buf[MEM_SIZE];
	struct phys_mem pm;
	struct acpi_memory mem;
	uint8_t rsdp1[ACPI_RSDP_V2_SIZE], rsdp2[ACPI_RSDP_V2_SIZE];
};

#define RSDT_AT 0x100
#define XSDT_AT 0x200
#define TABLE_AT(i) (0x400 + 0x100 * (i))

static void put_table(struct acpi_fixture *f, unsigned i, const char *signature, uint32_t length)
{
	for (uint32_t j = 36; j < length; j++)
		f->buf[TABLE_AT(i) + j] = (uint8_t)(j * 7 + i);
	sdt_finish(f->buf + TABLE_AT(i), signature, length);
}

/* Both roots list the tables at these indexes; more entries point elsewhere. */
static void put_roots(struct acpi_fixture *f, const unsigned *idx, size_t n,
		      const uint64_t *extra, size_t extra_n)
{
	uint32_t rlen = 36, xlen = 36;

	for (size_t i = 0; i < n; i++) {
		put_le32(f->buf + RSDT_AT + rlen, MEM_BASE + TABLE_AT(idx[i]));
		put_le64(f->buf + XSDT_AT + xlen, MEM_BASE + TABLE_AT(idx[i]));
		rlen += 4;
		xlen += 8;
	}
	for (size_t i = 0; i < extra_n; i++) {
		put_le32(f->buf + RSDT_AT + rlen, (uint32_t)extra[i]);
		put_le64(f->buf + XSDT_AT + xlen, extra[i]);
		rlen += 4;
		xlen += 8;
	}
	sdt_finish(f->buf + RSDT_AT, "RSDT", rlen);
	sdt_finish(f->buf + XSDT_AT, "XSDT", xlen);
}

static struct acpi_fixture *acpi_fixture(void)
{
	struct acpi_fixture *f = tcalloc(1, sizeof(*f));

	f->pm = (struct phys_mem){ MEM_BASE, f->buf, sizeof(f->buf) };
	f->mem = phys_acpi(&f->pm);
	rsdp_make(f->rsdp1, 0, MEM_BASE + RSDT_AT, 0);
	rsdp_make(f->rsdp2, 2, MEM_BASE + RSDT_AT, MEM_BASE + XSDT_AT);
	return f;
}

static int find(struct acpi_fixture *f, const uint8_t *rsdp, size_t rsdp_size,
		const char *signature, uint64_t *addr)
{
	const uint8_t *t = NULL;
	uint32_t length = 0;
	int rc = acpi_find_table(&f->mem, rsdp, rsdp_size, signature, &t, &length, why, sizeof(why));

	*addr = rc ? 0 : MEM_BASE + (uint64_t)(t - f->buf);
	if (!rc)
		CHECK_EQ(length, get_le32(t + 4));
	return rc;
}

/* An ACPI 1.0 RSDP walks the RSDT, a 2.0 one the XSDT. */
TEST(acpi_find_table_rsdt_and_xsdt)
{
	static const unsigned idx[] = { 0, 1, 2 };
	struct acpi_fixture *f = acpi_fixture();
	uint64_t addr;

	put_table(f, 0, "FACP", 0xF4);
	put_table(f, 1, "APIC", 0x78);
	put_table(f, 2, "HPET", 0x38);
	put_roots(f, idx, 3, NULL, 0);
	CHECK_OK(find(f, f->rsdp1, 20, "APIC", &addr), why);
	CHECK_EQ(addr, MEM_BASE + TABLE_AT(1));
	CHECK_OK(find(f, f->rsdp2, 36, "HPET", &addr), why);
	CHECK_EQ(addr, MEM_BASE + TABLE_AT(2));
	/* The XSDT, not the RSDT: break the RSDT and still find it. */
	f->buf[RSDT_AT + 40]++;
	CHECK_OK(find(f, f->rsdp2, 36, "APIC", &addr), why);
	CHECK_REFUSED(find(f, f->rsdp1, 20, "APIC", &addr), why,
		      "ACPI table \"RSDT\" at 0x7ffe0100: wrong checksum");
	CHECK_REFUSED(find(f, f->rsdp2, 36, "SSDT", &addr), why,
		      "no valid ACPI table \"SSDT\" among the 3 entries of the XSDT");
	tfree(f);
}

/* Entries that are not a valid table of that name are skipped, as the app always did. */
TEST(acpi_find_table_skips_bad_entries)
{
	static const unsigned idx[] = { 0, 1, 2, 3, 4 };
	static const uint64_t far[] = { 0, 0x100000000ull, MEM_BASE + MEM_SIZE - 8 };
	struct acpi_fixture *f = acpi_fixture();
	uint64_t addr;

	put_table(f, 0, "APIC", 0x50);
	f->buf[TABLE_AT(0) + 0x40]++;                           /* bad checksum */
	put_table(f, 1, "APIC", 0x50);
	put_le32(f->buf + TABLE_AT(1) + 4, 35);                 /* shorter than a header */
	put_table(f, 2, "APIC", 0x50);
	put_le32(f->buf + TABLE_AT(2) + 4, MEM_SIZE);           /* runs past memory */
	put_table(f, 3, "APIX", 0x50);
	put_table(f, 4, "APIC", 0x50);
	put_roots(f, idx, 5, far, 3);
	CHECK_OK(find(f, f->rsdp2, 36, "APIC", &addr), why);
	CHECK_EQ(addr, MEM_BASE + TABLE_AT(4));
	CHECK_OK(find(f, f->rsdp1, 20, "APIC", &addr), why);
	CHECK_EQ(addr, MEM_BASE + TABLE_AT(4));
	/* Without the good one: none, and the reason says how many there were. */
	put_roots(f, idx, 4, far, 3);
	CHECK_REFUSED(find(f, f->rsdp2, 36, "APIC", &addr), why,
		      "no valid ACPI table \"APIC\" among the 7 entries of the XSDT");
	tfree(f);
}

/* A root table that is not there, or half there, is a reason. */
TEST(acpi_find_table_bad_root)
{
	struct acpi_fixture *f = acpi_fixture();
	uint8_t rsdp[ACPI_RSDP_V2_SIZE];
	uint64_t addr;

	rsdp_make(rsdp, 2, 0, 0);
	CHECK_REFUSED(find(f, rsdp, 36, "APIC", &addr), why,
		      "ACPI table \"XSDT\": no readable memory at 0x0");
	rsdp_make(rsdp, 2, 0, MEM_BASE + RSDT_AT);
	put_roots(f, NULL, 0, NULL, 0);
	CHECK_REFUSED(find(f, rsdp, 36, "APIC", &addr), why,
		      "ACPI table at 0x7ffe0100: not \"XSDT\"");
	rsdp_make(rsdp, 2, 0, MEM_BASE + MEM_SIZE - 8);
	put_le32(f->buf + MEM_SIZE - 8, 0x54445358);           /* "XSDT" */
	put_le32(f->buf + MEM_SIZE - 4, 36);
	CHECK_REFUSED(find(f, rsdp, 36, "APIC", &addr), why, "its 36 bytes are not all readable");
	put_le32(f->buf + MEM_SIZE - 4, 8);
	CHECK_REFUSED(find(f, rsdp, 36, "APIC", &addr), why, "length 8, shorter than its header");
	/* An empty root lists nothing. */
	put_roots(f, NULL, 0, NULL, 0);
	CHECK_REFUSED(find(f, f->rsdp2, 36, "APIC", &addr), why, "among the 0 entries of the XSDT");
	tfree(f);
}

/* The app's own mapping: XSDT entries that are host pointers. */
TEST(acpi_find_table_identity)
{
	struct madt_buf *madt = tcalloc(1, sizeof(*madt));
	uint8_t xsdt[44], rsdp[ACPI_RSDP_V2_SIZE];
	const struct acpi_memory mem = { acpi_identity_bytes, NULL };
	const uint8_t *t = NULL;
	uint32_t length = 0;

	madt_qemu(madt, 2, 2);
	put_le64(xsdt + 36, (uintptr_t)madt->b);
	sdt_finish(xsdt, "XSDT", sizeof(xsdt));
	rsdp_make(rsdp, 2, 0, (uintptr_t)xsdt);
	CHECK_OK(acpi_find_table(&mem, rsdp, 36, "APIC", &t, &length, why, sizeof(why)), why);
	CHECK(t == madt->b);
	CHECK_EQ(length, madt->len);
	tfree(madt);
}
