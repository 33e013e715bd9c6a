// SPDX-License-Identifier: BSD-2-Clause
/* loader/madt.c: the MADT as QEMU writes it, and hostile ones refused. */
#include <stdio.h>

#include "biostables.h"
#include "check.h"
#include "loader/bytes.h"
#include "loader/checksum.h"
#include "loader/madt.h"

static char why[256];

static struct madt_buf *buf_new(void)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));

	madt_begin(t, QEMU_LAPIC_ADDR);
	return t;
}

static int parse(struct madt_buf *t, struct madt *m)
{
	return madt_parse(t->b, t->len, m, why, sizeof(why));
}

/* QEMU's ISA routing: IRQ 0 to GSI 2, the PCI IRQs level/high, the rest identity. */
static void check_qemu_isa(const struct madt *m)
{
	for (unsigned irq = 0; irq < MADT_ISA_IRQS; irq++) {
		bool pci = irq == 5 || irq == 9 || irq == 10 || irq == 11;

		CHECK_EQ(m->isa[irq].gsi, irq == 0 ? 2 : irq);
		CHECK_EQ(m->isa[irq].flags, pci ? INTI_LEVEL_HIGH : 0);
		CHECK_EQ(m->isa[irq].overridden, irq == 0 || pci);
	}
}

TEST(madt_qemu_smp1)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_qemu(t, 1, 1);
	madt_parse_ok(t, m);
	CHECK_EQ(m->lapic_addr, QEMU_LAPIC_ADDR);
	CHECK_EQ(m->flags, MADT_PCAT_COMPAT);
	CHECK_EQ(m->cpu_count, 1);
	CHECK_EQ(m->cpus[0].apic_id, 0);
	CHECK_EQ(m->cpus[0].uid, 0);
	CHECK(!m->cpus[0].x2apic);
	CHECK_EQ(m->cpus_disabled, 0);
	CHECK_EQ(m->cpus_id_too_high, 0);
	CHECK_EQ(m->ioapic_count, 1);
	CHECK_EQ(m->ioapics[0].id, 0);
	CHECK_EQ(m->ioapics[0].addr, QEMU_IOAPIC_ADDR);
	CHECK_EQ(m->ioapics[0].gsi_base, 0);
	check_qemu_isa(m);
	CHECK_EQ(m->nmi_count, 1);
	CHECK_EQ(m->nmis[0].uid, MADT_ALL_PROCESSORS);
	CHECK_EQ(m->nmis[0].lint, 1);
	CHECK_EQ(m->nmis[0].flags, 0);
	CHECK_EQ(m->nmi_sources, 0);
	tfree(m);
	tfree(t);
}

/* -smp 4,maxcpus=8: four enabled, four possible ones disabled (for hotplug). */
TEST(madt_qemu_smp4_maxcpus8)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_qemu(t, 8, 4);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 4);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(m->cpus[i].apic_id, i);
		CHECK_EQ(m->cpus[i].uid, i);
	}
	CHECK_EQ(m->cpus_disabled, 4);
	check_qemu_isa(m);
	tfree(m);
	tfree(t);
}

/* QEMU lists APIC ids above 254 as local x2APIC entries: counted, not listed. */
TEST(madt_x2apic_ids_above_254_counted)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_qemu(t, 288, 260);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 255);
	CHECK_EQ(m->cpus[254].apic_id, 254);
	CHECK_EQ(m->cpus_id_too_high, 5);        /* 255-259 */
	CHECK_EQ(m->cpus_disabled, 28);
	tfree(m);
	tfree(t);
}

/* Small x2APIC ids are processors like any other; an enabled xAPIC 255 is not. */
TEST(madt_x2apic_small_ids_listed)
{
	struct madt_buf *t = buf_new();
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_lapic(t, 0, 0, 1);
	madt_x2apic(t, 7, 1, 1000);
	madt_x2apic(t, 254, 1, 1001);
	madt_x2apic(t, 255, 1, 1002);
	madt_lapic(t, 3, 255, 1);
	madt_x2apic(t, 0x10000, 0, 1003);
	madt_end(t);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 3);
	CHECK_EQ(m->cpus[1].apic_id, 7);
	CHECK_EQ(m->cpus[1].uid, 1000);
	CHECK(m->cpus[1].x2apic);
	CHECK_EQ(m->cpus[2].apic_id, 254);
	CHECK_EQ(m->cpus_id_too_high, 2);
	CHECK_EQ(m->cpus_disabled, 1);
	tfree(m);
	tfree(t);
}

/* "Online capable" (flags bit 1) without "enabled" is not a processor now. */
TEST(madt_online_capable_is_disabled)
{
	struct madt_buf *t = buf_new();
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_lapic(t, 0, 0, 1);
	madt_lapic(t, 1, 1, 2);
	madt_lapic(t, 2, 2, 3);
	madt_lapic(t, 3, 3, 0);
	/* Disabled entries may repeat an id: nothing is made of them. */
	madt_lapic(t, 4, 3, 0);
	madt_end(t);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 2);
	CHECK_EQ(m->cpus[0].apic_id, 0);
	CHECK_EQ(m->cpus[1].apic_id, 2);
	CHECK_EQ(m->cpus_disabled, 3);
	tfree(m);
	tfree(t);
}

/* Two I/O APICs (QEMU's -M ...,x-ioapic2 style), NMI sources, a LAPIC address override. */
TEST(madt_other_entries)
{
	struct madt_buf *t = buf_new();
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_lapic(t, 0, 0, 1);
	madt_ioapic(t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_ioapic(t, 1, QEMU_IOAPIC2_ADDR, QEMU_IOAPIC2_GSI_BASE);
	madt_nmi_source(t, 0xD, 23);
	madt_lapic_nmi(t, 0, 5, 0);
	madt_lapic_addr(t, 0xFEE10000);
	madt_override(t, 0, 4, 30, 0xF);
	madt_end(t);
	madt_parse_ok(t, m);
	CHECK_EQ(m->ioapic_count, 2);
	CHECK_EQ(m->ioapics[1].id, 1);
	CHECK_EQ(m->ioapics[1].addr, QEMU_IOAPIC2_ADDR);
	CHECK_EQ(m->ioapics[1].gsi_base, QEMU_IOAPIC2_GSI_BASE);
	CHECK_EQ(m->nmi_sources, 1);
	CHECK_EQ(m->nmi_count, 1);
	CHECK_EQ(m->nmis[0].uid, 0);
	CHECK_EQ(m->nmis[0].lint, 0);
	CHECK_EQ(m->nmis[0].flags, 5);
	CHECK_EQ(m->lapic_addr, 0xFEE10000);
	CHECK_EQ(m->isa[4].gsi, 30);
	CHECK_EQ(m->isa[4].flags, 0xF);
	CHECK(m->isa[4].overridden);
	CHECK_EQ(m->isa[3].gsi, 3);
	CHECK(!m->isa[3].overridden);
	tfree(m);
	tfree(t);
}

/* Unknown types (newer ACPI, other architectures) are stepped over; longer known ones too. */
TEST(madt_unknown_and_longer_entries)
{
	struct madt_buf *t = buf_new();
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_raw(t, 0x7F, 2, 0);
	madt_raw(t, 0x0B, 80, 0xFF);             /* a GIC CPU interface */
	madt_raw(t, 6, 2, 0);                    /* I/O SAPIC, shorter than real ones */
	uint8_t *e = t->b + t->len;

	madt_raw(t, 0, 9, 0);                    /* a local APIC entry, a byte longer */
	e[3] = 6;
	put_le32(e + 4, 1);
	madt_end(t);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 1);
	CHECK_EQ(m->cpus[0].apic_id, 6);
	tfree(m);
	tfree(t);
}

TEST(madt_header_refused)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_qemu(t, 2, 2);
	CHECK_REFUSED(madt_parse(t->b, 43, m, why, sizeof(why)), why,
		      "MADT: 43 bytes, shorter than its 44-byte header");
	CHECK_REFUSED(madt_parse(t->b, t->len - 1, m, why, sizeof(why)), why,
		      "is not within 44-");
	t->b[0] = 'X';
	CHECK_REFUSED(parse(t, m), why, "no \"APIC\" signature");
	madt_qemu(t, 2, 2);
	t->b[50]++;
	CHECK_REFUSED(parse(t, m), why, "MADT: wrong checksum over");
	madt_qemu(t, 2, 2);
	sdt_finish(t->b, "APIC", 40);
	CHECK_REFUSED(parse(t, m), why, "MADT: length 40 is not within 44-");
	tfree(m);
	tfree(t);
}

/* Entry lengths: at least 2, within the table, at least what the type needs. */
TEST(madt_entry_lengths_refused)
{
	static const struct {
		uint8_t type, length;
	} short_entries[] = {
		{ 0, 7 }, { 1, 11 }, { 2, 9 }, { 3, 7 }, { 4, 5 }, { 5, 11 }, { 9, 15 },
	};
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	for (size_t i = 0; i < sizeof(short_entries) / sizeof(short_entries[0]); i++) {
		char want[64];

		madt_begin(t, QEMU_LAPIC_ADDR);
		madt_lapic(t, 0, 0, 1);
		madt_raw(t, short_entries[i].type, short_entries[i].length, 0);
		madt_end(t);
		snprintf(want, sizeof(want), "at offset 52 (type %u): length %u, shorter than its %u",
			 short_entries[i].type, short_entries[i].length, short_entries[i].length + 1);
		CHECK_REFUSED(parse(t, m), why, want);
	}
	for (uint8_t n = 0; n < 2; n++) {
		madt_begin(t, QEMU_LAPIC_ADDR);
		t->b[t->len++] = 0x7F;
		t->b[t->len++] = n;
		madt_end(t);
		CHECK_REFUSED(parse(t, m), why, "(type 127): length");
		CHECK_CONTAINS(why, "is not within 2-");
	}
	/* Running past the table's length, even when more bytes are readable. */
	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_ioapic(t, 0, QEMU_IOAPIC_ADDR, 0);
	t->len -= 2;
	madt_end(t);
	CHECK_REFUSED(madt_parse(t->b, sizeof(t->b), m, why, sizeof(why)), why,
		      "MADT entry at offset 44 (type 1): length 12 is not within 2-10 bytes");
	/* One stray byte: not even an entry header. */
	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_lapic(t, 0, 0, 1);
	t->b[t->len++] = 0;
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "MADT: 1 stray bytes at offset 52");
	tfree(m);
	tfree(t);
}

/* Contradictions a MADT cannot mean. */
TEST(madt_contradictions_refused)
{
	struct madt_buf *t = tcalloc(1, sizeof(*t));
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_lapic(t, 0, 3, 1);
	madt_x2apic(t, 3, 1, 9);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "offset 52: a second enabled processor with APIC id 3");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_ioapic(t, 2, QEMU_IOAPIC_ADDR, 0);
	madt_ioapic(t, 2, QEMU_IOAPIC2_ADDR, 24);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "a second I/O APIC with id 2");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_ioapic(t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_ioapic(t, 1, QEMU_IOAPIC2_ADDR, 0);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "I/O APICs 0 and 1 both start at GSI 0");

	madt_begin(t, QEMU_LAPIC_ADDR);
	for (unsigned i = 0; i <= MADT_MAX_IOAPICS; i++)
		madt_ioapic(t, (uint8_t)i, QEMU_IOAPIC_ADDR + 0x1000 * i, 24 * i);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "more than 16 I/O APICs");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_override(t, 1, 0, 2, 0);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "interrupt source override of bus 1, not ISA (0)");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_override(t, 0, 16, 16, 0);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "override of IRQ 16; ISA has IRQs 0-15");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_override(t, 0, 9, 9, INTI_LEVEL_HIGH);
	madt_override(t, 0, 9, 20, 0);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "a second interrupt source override of IRQ 9");

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_lapic_nmi(t, 0xFF, 0, 2);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "local APIC NMI on LINT2");

	madt_begin(t, QEMU_LAPIC_ADDR);
	for (unsigned i = 0; i <= MADT_MAX_LAPIC_NMIS; i++)
		madt_lapic_nmi(t, (uint8_t)i, 0, 1);
	madt_end(t);
	CHECK_REFUSED(parse(t, m), why, "more than 256 local APIC NMI entries");
	tfree(m);
	tfree(t);
}

/* No entries at all: a valid, empty MADT (the MP table builder refuses it later). */
TEST(madt_empty)
{
	struct madt_buf *t = buf_new();
	struct madt *m = tcalloc(1, sizeof(*m));

	madt_end(t);
	madt_parse_ok(t, m);
	CHECK_EQ(m->cpu_count, 0);
	CHECK_EQ(m->ioapic_count, 0);
	for (unsigned irq = 0; irq < MADT_ISA_IRQS; irq++)
		CHECK_EQ(m->isa[irq].gsi, irq);
	tfree(m);
	tfree(t);
}
