// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/fsegment.c: the BIOS tables' image, found again the way BIOS-era
 * kernels scan for them (16-byte steps, signature and checksum).
 */
#include "biostables.h"
#include "check.h"
#include "loader/bytes.h"
#include "loader/checksum.h"
#include "loader/fsegment.h"

/* The whole F segment; the tables go in its last part, as the app will put them. */
#define SEG_BASE 0xF0000u
#define SEG_SIZE 0x10000u
#define REGION_SIZE 0x2000u
#define REGION_BASE (SEG_BASE + SEG_SIZE - REGION_SIZE)

static const struct mptable_cpu_info qemu_cpu = { 0, 0x14, 0x663, 0x0783FBFD };

struct fs_fixture {
	uint8_t seg[SEG_SIZE];
	struct phys_mem pm;
	uint8_t rsdp[ACPI_RSDP_V2_SIZE];
	uint8_t smbios2[SMBIOS2_ENTRY_SIZE];
	uint8_t smbios3[SMBIOS3_ENTRY_SIZE];
	struct madt_buf t;
	struct madt m;
	struct fseg_input in;
	struct fseg_layout out;
	char why[256];
};

/* Everything QEMU q35 -smp 4 gives, through OVMF. */
static struct fs_fixture *fx(void)
{
	struct fs_fixture *f = tcalloc(1, sizeof(*f));

	f->pm = (struct phys_mem){ SEG_BASE, f->seg, sizeof(f->seg) };
	rsdp_make(f->rsdp, 2, 0x7FFE14A1, 0x7FFE1565);
	smbios2_make(f->smbios2, 0x7F6B5000, 0x1A3);
	smbios3_make(f->smbios3, 0x7F6B4000, 0x1A3);
	madt_qemu(&f->t, 4, 4);
	madt_parse_ok(&f->t, &f->m);
	f->in = (struct fseg_input){
		f->rsdp, sizeof(f->rsdp), f->smbios2, sizeof(f->smbios2),
		f->smbios3, sizeof(f->smbios3), &f->m, &qemu_cpu,
	};
	memset(f->seg, 0xEE, sizeof(f->seg));
	return f;
}

static int build(struct fs_fixture *f, uint32_t base, uint32_t size)
{
	f->why[0] = 0;
	return fseg_build(f->seg + (base - SEG_BASE), base, size, &f->in, &f->out, f->why,
			  sizeof(f->why));
}

/* The first 16-byte aligned offset in the segment with this signature, or -1. */
static long scan(const struct fs_fixture *f, const char *signature)
{
	size_t n = strlen(signature);

	for (size_t at = 0; at + n <= SEG_SIZE; at += 16)
		if (!memcmp(f->seg + at, signature, n))
			return (long)at;
	return -1;
}

static uint32_t found(const struct fs_fixture *f, const char *signature)
{
	long at = scan(f, signature);

	CHECK(at >= 0);
	return SEG_BASE + (uint32_t)at;
}

/* The copy at addr is the input, byte for byte. */
static void check_copy(const struct fs_fixture *f, uint32_t addr, const uint8_t *src, size_t n)
{
	CHECK(addr >= SEG_BASE && addr - SEG_BASE + n <= SEG_SIZE);
	CHECK(!memcmp(f->seg + (addr - SEG_BASE), src, n));
}

TEST(fseg_qemu_everything)
{
	struct fs_fixture *f = fx();
	size_t size;

	CHECK_OK(build(f, REGION_BASE, REGION_SIZE), f->why);
	/* In order, each on a paragraph. */
	CHECK_EQ(f->out.rsdp, REGION_BASE);
	CHECK_EQ(f->out.smbios3, REGION_BASE + 0x30);
	CHECK_EQ(f->out.smbios2, REGION_BASE + 0x50);
	CHECK_EQ(f->out.mp_floating, REGION_BASE + 0x70);
	CHECK_EQ(f->out.mp_config, REGION_BASE + 0x80);
	CHECK_EQ(f->out.mp_config_size, 44 + 4 * 20 + 8 * (2 + 1 + 15 + 2));
	CHECK_EQ(f->out.end, REGION_BASE + 0x80 + 0x120);
	/* What a kernel's scan finds is what was laid out, and valid. */
	CHECK_EQ(found(f, "RSD PTR "), f->out.rsdp);
	CHECK_OK(acpi_rsdp_check(f->seg + (f->out.rsdp - SEG_BASE), 36, &size, f->why,
				 sizeof(f->why)), f->why);
	check_copy(f, f->out.rsdp, f->rsdp, 36);
	CHECK_EQ(found(f, "_SM3_"), f->out.smbios3);
	check_copy(f, f->out.smbios3, f->smbios3, SMBIOS3_ENTRY_SIZE);
	CHECK_EQ(found(f, "_SM_"), f->out.smbios2);
	check_copy(f, f->out.smbios2, f->smbios2, SMBIOS2_ENTRY_SIZE);
	CHECK_OK(smbios2_entry_check(f->seg + (f->out.smbios2 - SEG_BASE), 31, &size, f->why,
				     sizeof(f->why)), f->why);
	CHECK_EQ(found(f, "_MP_"), f->out.mp_floating);

	struct mp_seen *s = tcalloc(1, sizeof(*s));

	mp_read(f->seg + (f->out.mp_floating - SEG_BASE), &f->pm, s);
	CHECK_EQ(s->config_addr, f->out.mp_config);
	CHECK_EQ(s->processors, 4);
	/* The region is zero beyond the image; nothing outside it was touched. */
	for (uint32_t a = f->out.end; a < REGION_BASE + REGION_SIZE; a++)
		CHECK_EQ(f->seg[a - SEG_BASE], 0);
	CHECK_EQ(f->seg[REGION_BASE - SEG_BASE - 1], 0xEE);
	tfree(s);
	tfree(f);
}

/* Each part is optional; an ACPI 1.0 RSDP is copied as its 20 bytes. */
TEST(fseg_parts_optional)
{
	struct fs_fixture *f = fx();

	rsdp_make(f->rsdp, 0, 0x7FFE14A1, 0);
	memset(f->rsdp + 20, 0xA5, 16);
	f->in.smbios2 = NULL;
	f->in.smbios3 = NULL;
	f->in.madt = NULL;
	CHECK_OK(build(f, REGION_BASE, REGION_SIZE), f->why);
	CHECK_EQ(f->out.rsdp, REGION_BASE);
	CHECK_EQ(f->out.end, REGION_BASE + 0x20);
	CHECK_EQ(f->out.smbios2 | f->out.smbios3 | f->out.mp_floating | f->out.mp_config, 0);
	check_copy(f, f->out.rsdp, f->rsdp, 20);
	CHECK_EQ(f->seg[REGION_BASE - SEG_BASE + 20], 0);

	/* Only the MP tables. */
	f->in = (struct fseg_input){ .madt = &f->m, .cpu = &qemu_cpu };
	CHECK_OK(build(f, REGION_BASE, REGION_SIZE), f->why);
	CHECK_EQ(f->out.mp_floating, REGION_BASE);
	CHECK_EQ(f->out.mp_config, REGION_BASE + 16);
	CHECK_EQ(scan(f, "RSD PTR "), -1);

	/* Nothing: an all-zero region. */
	f->in = (struct fseg_input){ 0 };
	CHECK_OK(build(f, REGION_BASE, REGION_SIZE), f->why);
	CHECK_EQ(f->out.end, REGION_BASE);
	for (uint32_t i = 0; i < REGION_SIZE; i++)
		CHECK_EQ(f->seg[REGION_BASE - SEG_BASE + i], 0);
	tfree(f);
}

/* Copies are validated first: an invalid part is a reason, not a table. */
TEST(fseg_invalid_parts_refused)
{
	struct fs_fixture *f = fx();

	f->rsdp[9]++;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why, "ACPI RSDP: wrong checksum");
	rsdp_make(f->rsdp, 2, 0x7FFE14A1, 0x7FFE1565);
	f->in.rsdp_size = 30;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why, "(30 readable)");
	f->in.rsdp_size = sizeof(f->rsdp);
	f->smbios2[0x11]++;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why, "SMBIOS 2 entry point");
	smbios2_make(f->smbios2, 0x7F6B5000, 0x1A3);
	f->smbios3[6] = 0x10;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why, "SMBIOS 3 entry point");
	smbios3_make(f->smbios3, 0x7F6B4000, 0x1A3);
	f->in.cpu = NULL;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why,
		      "MP tables need the processors' identification");
	struct mptable_cpu_info cpu = qemu_cpu;

	cpu.bsp_apic_id = 9;
	f->in.cpu = &cpu;
	CHECK_REFUSED(build(f, REGION_BASE, REGION_SIZE), f->why, "BSP's APIC id 9");
	tfree(f);
}

TEST(fseg_region_refused)
{
	struct fs_fixture *f = fx();
	uint8_t small[64];

	CHECK_REFUSED(build(f, REGION_BASE + 8, 0x100), f->why,
		      "the region 0xfe008-0xfe108 is not 16-byte aligned below 4 GiB");
	f->in = (struct fseg_input){ 0 };
	CHECK_REFUSED(fseg_build(small, 0xFFFFFFC0, 64, &f->in, &f->out, f->why, sizeof(f->why)),
		      f->why, "0xffffffc0-0x100000000 is not");
	CHECK_OK(fseg_build(small, 0xFFFFFFC0, 63, &f->in, &f->out, f->why, sizeof(f->why)),
		 f->why);
	CHECK_EQ(f->out.end, 0xFFFFFFC0);
	tfree(f);
}

/* Exactly the image's size is enough; each part that does not fit is named. */
TEST(fseg_room)
{
	struct fs_fixture *f = fx();
	uint32_t need;

	CHECK_OK(build(f, REGION_BASE, REGION_SIZE), f->why);
	need = f->out.end - REGION_BASE;
	memset(f->seg, 0xEE, sizeof(f->seg));
	CHECK_OK(build(f, REGION_BASE, need), f->why);
	CHECK_EQ(f->seg[REGION_BASE - SEG_BASE + need], 0xEE);
	/* The table's size is not a multiple of 16: its last bytes are the end. */
	CHECK_OK(build(f, REGION_BASE, 0x80 + f->out.mp_config_size), f->why);
	CHECK_REFUSED(build(f, REGION_BASE, 0x80 + f->out.mp_config_size - 1), f->why,
		      "MP table: the configuration table needs 284 bytes, 283 given");
	CHECK_REFUSED(build(f, REGION_BASE, 0x80), f->why, "needs 284 bytes, 0 given");
	CHECK_REFUSED(build(f, REGION_BASE, 0x7F), f->why,
		      "BIOS tables: the MP floating pointer (16 bytes) does not fit in 0xfe000-0xfe07f");
	CHECK_REFUSED(build(f, REGION_BASE, 0x6E), f->why,
		      "the SMBIOS 2 entry point (31 bytes) does not fit");
	CHECK_REFUSED(build(f, REGION_BASE, 0x40), f->why,
		      "the SMBIOS 3 entry point (24 bytes) does not fit");
	CHECK_REFUSED(build(f, REGION_BASE, 0x23), f->why, "the ACPI RSDP (36 bytes) does not fit");
	CHECK_REFUSED(build(f, REGION_BASE, 0), f->why, "does not fit in 0xfe000-0xfe000");
	tfree(f);
}

/* FSEG_MAX_SIZE holds the largest tables there can be. */
TEST(fseg_max_size_is_enough)
{
	struct fs_fixture *f = fx();
	struct madt_buf *t = &f->t;
	uint8_t smbios3[SMBIOS2_ENTRY_SIZE] = { 0 };

	madt_largest(t);
	madt_parse_ok(t, &f->m);
	smbios3_make(smbios3, 0x7F6B4000, 0x1A3);
	smbios3[6] = sizeof(smbios3);
	checksum_fix(smbios3, sizeof(smbios3), 5);
	f->in.smbios3 = smbios3;
	f->in.smbios3_size = sizeof(smbios3);
	CHECK_OK(build(f, SEG_BASE + SEG_SIZE - FSEG_MAX_SIZE, FSEG_MAX_SIZE), f->why);
	CHECK_EQ(f->out.end, SEG_BASE + SEG_SIZE);
	CHECK_EQ(f->out.mp_config_size, MP_CONFIG_MAX_SIZE);
	tfree(f);
}
