// SPDX-License-Identifier: BSD-2-Clause
#include "madt.h"

#include "bytes.h"
#include "checksum.h"
#include "fmt.h"
#include "fwtables.h"

/* After the common header: the local APIC address and the flags. */
#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44

/* Every entry starts with its type and its length. */
#define ENTRY_TYPE 0
#define ENTRY_LENGTH 1
#define ENTRY_HEADER_SIZE 2

enum madt_entry_type {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDR_OVERRIDE = 5,
	MADT_X2APIC = 9,
	MADT_KNOWN_TYPES = 10,
};

/* The shortest entry of each type parsed here (ACPI 6.5, 5.2.12). */
static const uint8_t min_length[MADT_KNOWN_TYPES] = {
	[MADT_LAPIC] = 8,
	[MADT_IOAPIC] = 12,
	[MADT_OVERRIDE] = 10,
	[MADT_NMI_SOURCE] = 8,
	[MADT_LAPIC_NMI] = 6,
	[MADT_LAPIC_ADDR_OVERRIDE] = 12,
	[MADT_X2APIC] = 16,
};

/*
 * Processor flags bit 0: enabled. Bit 1 alone (ACPI 6.3 "online capable")
 * is a processor that can be brought up later: not one the kernel has now.
 */
#define CPU_ENABLED 0x1

#define LAPIC_UID 2
#define LAPIC_ID 3
#define LAPIC_FLAGS 4
#define X2APIC_ID 4
#define X2APIC_FLAGS 8
#define X2APIC_UID 12
#define IOAPIC_ID 2
#define IOAPIC_ADDR 4
#define IOAPIC_GSI_BASE 8
#define OVERRIDE_BUS 2
#define OVERRIDE_SOURCE 3
#define OVERRIDE_GSI 4
#define OVERRIDE_FLAGS 8
#define OVERRIDE_BUS_ISA 0
#define LAPIC_NMI_UID 2
#define LAPIC_NMI_FLAGS 3
#define LAPIC_NMI_LINT 5
#define LAPIC_NMI_MAX_LINT 1
#define LAPIC_ADDR_OVERRIDE_ADDR 4

static int add_cpu(struct madt *m, uint32_t apic_id, uint32_t flags, uint32_t uid, bool x2apic,
		   size_t at, char *why, size_t why_size)
{
	if (!(flags & CPU_ENABLED)) {
		m->cpus_disabled++;
		return 0;
	}
	if (apic_id > MADT_MAX_APIC_ID) {
		m->cpus_id_too_high++;
		return 0;
	}
	for (unsigned i = 0; i < m->cpu_count; i++)
		if (m->cpus[i].apic_id == apic_id)
			return fmt_fail(why, why_size, "MADT entry at offset %u: a second enabled processor with APIC id %u",
					(unsigned)at, apic_id);
	/* Distinct ids 0-254: the array (MADT_MAX_CPUS) holds them all. */
	m->cpus[m->cpu_count++] = (struct madt_cpu){ uid, (uint8_t)apic_id, x2apic };
	return 0;
}

static int add_ioapic(struct madt *m, const uint8_t *e, size_t at, char *why, size_t why_size)
{
	struct madt_ioapic io = {
		get_le32(e + IOAPIC_ADDR), get_le32(e + IOAPIC_GSI_BASE), e[IOAPIC_ID],
	};

	for (unsigned i = 0; i < m->ioapic_count; i++) {
		if (m->ioapics[i].id == io.id)
			return fmt_fail(why, why_size, "MADT entry at offset %u: a second I/O APIC with id %u",
					(unsigned)at, io.id);
		if (m->ioapics[i].gsi_base == io.gsi_base)
			return fmt_fail(why, why_size, "MADT entry at offset %u: I/O APICs %u and %u both start at GSI %u",
					(unsigned)at, m->ioapics[i].id, io.id, io.gsi_base);
	}
	if (m->ioapic_count == MADT_MAX_IOAPICS)
		return fmt_fail(why, why_size, "MADT entry at offset %u: more than %u I/O APICs",
				(unsigned)at, MADT_MAX_IOAPICS);
	m->ioapics[m->ioapic_count++] = io;
	return 0;
}

static int add_override(struct madt *m, const uint8_t *e, size_t at, char *why, size_t why_size)
{
	uint8_t irq = e[OVERRIDE_SOURCE];

	if (e[OVERRIDE_BUS] != OVERRIDE_BUS_ISA)
		return fmt_fail(why, why_size, "MADT entry at offset %u: interrupt source override of bus %u, not ISA (%u)",
				(unsigned)at, e[OVERRIDE_BUS], OVERRIDE_BUS_ISA);
	if (irq >= MADT_ISA_IRQS)
		return fmt_fail(why, why_size, "MADT entry at offset %u: interrupt source override of IRQ %u; ISA has IRQs 0-%u",
				(unsigned)at, irq, MADT_ISA_IRQS - 1);
	if (m->isa[irq].overridden)
		return fmt_fail(why, why_size, "MADT entry at offset %u: a second interrupt source override of IRQ %u",
				(unsigned)at, irq);
	m->isa[irq] = (struct madt_isa_irq){
		get_le32(e + OVERRIDE_GSI), get_le16(e + OVERRIDE_FLAGS), true,
	};
	return 0;
}

static int add_lapic_nmi(struct madt *m, const uint8_t *e, size_t at, char *why, size_t why_size)
{
	uint8_t lint = e[LAPIC_NMI_LINT];

	if (lint > LAPIC_NMI_MAX_LINT)
		return fmt_fail(why, why_size, "MADT entry at offset %u: local APIC NMI on LINT%u; there are LINT0 and LINT1",
				(unsigned)at, lint);
	if (m->nmi_count == MADT_MAX_LAPIC_NMIS)
		return fmt_fail(why, why_size, "MADT entry at offset %u: more than %u local APIC NMI entries",
				(unsigned)at, MADT_MAX_LAPIC_NMIS);
	m->nmis[m->nmi_count++] = (struct madt_lapic_nmi){
		e[LAPIC_NMI_UID], lint, get_le16(e + LAPIC_NMI_FLAGS),
	};
	return 0;
}

static int parse_entry(struct madt *m, const uint8_t *e, size_t at, char *why, size_t why_size)
{
	switch (e[ENTRY_TYPE]) {
	case MADT_LAPIC:
		return add_cpu(m, e[LAPIC_ID], get_le32(e + LAPIC_FLAGS), e[LAPIC_UID], false,
			       at, why, why_size);
	case MADT_X2APIC:
		return add_cpu(m, get_le32(e + X2APIC_ID), get_le32(e + X2APIC_FLAGS),
			       get_le32(e + X2APIC_UID), true, at, why, why_size);
	case MADT_IOAPIC:
		return add_ioapic(m, e, at, why, why_size);
	case MADT_OVERRIDE:
		return add_override(m, e, at, why, why_size);
	case MADT_NMI_SOURCE:
		m->nmi_sources++;
		return 0;
	case MADT_LAPIC_NMI:
		return add_lapic_nmi(m, e, at, why, why_size);
	case MADT_LAPIC_ADDR_OVERRIDE:
		m->lapic_addr = get_le64(e + LAPIC_ADDR_OVERRIDE_ADDR);
		return 0;
	default:
		return 0;  /* newer or other architectures' entries: not ours */
	}
}

static int check_header(const uint8_t *t, size_t size, uint32_t *length, char *why,
			size_t why_size)
{
	if (size < MADT_ENTRIES)
		return fmt_fail(why, why_size, "MADT: %u bytes, shorter than its %u-byte header",
				(unsigned)size, MADT_ENTRIES);
	if (t[0] != 'A' || t[1] != 'P' || t[2] != 'I' || t[3] != 'C')
		return fmt_fail(why, why_size, "MADT: no \"APIC\" signature");
	*length = get_le32(t + ACPI_SDT_LENGTH);
	if (*length < MADT_ENTRIES || *length > size)
		return fmt_fail(why, why_size, "MADT: length %u is not within %u-%u bytes",
				*length, MADT_ENTRIES, (unsigned)size);
	if (byte_sum(t, *length))
		return fmt_fail(why, why_size, "MADT: wrong checksum over %u bytes", *length);
	return 0;
}

int madt_parse(const uint8_t *table, size_t size, struct madt *m, char *why, size_t why_size)
{
	uint32_t length = 0;

	if (check_header(table, size, &length, why, why_size))
		return -1;
	*m = (struct madt){
		.lapic_addr = get_le32(table + MADT_LAPIC_ADDR),
		.flags = get_le32(table + MADT_FLAGS),
	};
	for (unsigned irq = 0; irq < MADT_ISA_IRQS; irq++)
		m->isa[irq].gsi = irq;
	for (size_t at = MADT_ENTRIES; at < length;) {
		const uint8_t *e = table + at;
		uint8_t type, n;

		if (length - at < ENTRY_HEADER_SIZE)
			return fmt_fail(why, why_size, "MADT: %u stray bytes at offset %u, after the last entry",
					(unsigned)(length - at), (unsigned)at);
		type = e[ENTRY_TYPE];
		n = e[ENTRY_LENGTH];
		if (n < ENTRY_HEADER_SIZE || n > length - at)
			return fmt_fail(why, why_size, "MADT entry at offset %u (type %u): length %u is not within %u-%u bytes",
					(unsigned)at, type, n, ENTRY_HEADER_SIZE,
					(unsigned)(length - at));
		if (type < MADT_KNOWN_TYPES && n < min_length[type])
			return fmt_fail(why, why_size, "MADT entry at offset %u (type %u): length %u, shorter than its %u",
					(unsigned)at, type, n, min_length[type]);
		if (parse_entry(m, e, at, why, why_size))
			return -1;
		at += n;
	}
	return 0;
}
