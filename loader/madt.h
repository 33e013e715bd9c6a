/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ACPI MADT ("APIC" table), parsed into what an Intel MP table needs:
 * the local APIC address, the processors, the I/O APICs, where each ISA IRQ
 * goes, and the local APIC NMI inputs. Every length is checked: a hostile
 * table is refused with a reason, never read beyond its bytes.
 */
#ifndef LOADER_MADT_H
#define LOADER_MADT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* xAPIC ids are 0-254 (255 is the broadcast id): at most 255 processors. */
#define MADT_MAX_APIC_ID 254
#define MADT_MAX_CPUS (MADT_MAX_APIC_ID + 1)
/* QEMU has one or two; real boards a few per socket. */
#define MADT_MAX_IOAPICS 16
#define MADT_ISA_IRQS 16
/* One per listed processor, and one for all of them. */
#define MADT_MAX_LAPIC_NMIS (MADT_MAX_CPUS + 1)
/* A local APIC NMI entry's processor UID meaning every processor. */
#define MADT_ALL_PROCESSORS 0xFF

/* MPS INTI flags (ACPI) and the MP table's interrupt flags share this layout. */
#define MADT_POLARITY_MASK 0x3    /* 0 bus default, 1 active high, 3 active low */
#define MADT_TRIGGER_MASK 0xC     /* 0 bus default, 4 edge, 0xC level */
#define MADT_INTI_FLAGS_MASK (MADT_POLARITY_MASK | MADT_TRIGGER_MASK)

/**
 * struct madt_cpu - An enabled processor the MP table can list.
 * @uid: its ACPI processor UID (a byte in a local APIC entry)
 * @apic_id: its local APIC id, 0-254
 * @x2apic: it came from a local x2APIC entry, whose UID local APIC NMI
 *          entries do not refer to
 */
struct madt_cpu {
	uint32_t uid;
	uint8_t apic_id;
	bool x2apic;
};

/**
 * struct madt_ioapic - An I/O APIC.
 * @addr: its MMIO address
 * @gsi_base: the global system interrupt of its first input
 * @id: its I/O APIC id
 */
struct madt_ioapic {
	uint32_t addr;
	uint32_t gsi_base;
	uint8_t id;
};

/**
 * struct madt_isa_irq - Where an ISA IRQ goes.
 * @gsi: its global system interrupt: the IRQ itself unless overridden
 * @flags: MPS INTI polarity and trigger (0: as the ISA bus has them)
 * @overridden: an interrupt source override gave @gsi and @flags
 */
struct madt_isa_irq {
	uint32_t gsi;
	uint16_t flags;
	bool overridden;
};

/**
 * struct madt_lapic_nmi - A local APIC input wired to NMI.
 * @uid: the processor's ACPI UID, or MADT_ALL_PROCESSORS
 * @lint: the input, LINT0 or LINT1
 * @flags: MPS INTI polarity and trigger
 */
struct madt_lapic_nmi {
	uint8_t uid;
	uint8_t lint;
	uint16_t flags;
};

/**
 * struct madt - What a MADT says, for an MP table.
 * @lapic_addr: the local APIC address (a type 5 override's if present)
 * @flags: the MADT flags (bit 0: dual 8259 PICs present)
 * @cpus: enabled processors with APIC ids up to 254, in table order
 * @cpu_count: entries in @cpus
 * @cpus_disabled: processors not enabled (absent, or only online capable)
 * @cpus_id_too_high: enabled processors with an x2APIC id above 254, which
 *                    an MP table cannot hold (the caller may warn)
 * @ioapics: the I/O APICs, in table order
 * @ioapic_count: entries in @ioapics
 * @isa: ISA IRQs 0-15, by IRQ
 * @nmis: local APIC NMI entries, in table order
 * @nmi_count: entries in @nmis
 * @nmi_sources: NMI source entries (I/O APIC inputs wired to NMI): counted,
 *               not represented in the MP table
 */
struct madt {
	uint64_t lapic_addr;
	uint32_t flags;
	struct madt_cpu cpus[MADT_MAX_CPUS];
	unsigned cpu_count;
	unsigned cpus_disabled;
	unsigned cpus_id_too_high;
	struct madt_ioapic ioapics[MADT_MAX_IOAPICS];
	unsigned ioapic_count;
	struct madt_isa_irq isa[MADT_ISA_IRQS];
	struct madt_lapic_nmi nmis[MADT_MAX_LAPIC_NMIS];
	unsigned nmi_count;
	unsigned nmi_sources;
};

/**
 * madt_parse() - Validate and parse a MADT.
 * @table: the table, from its "APIC" signature
 * @size: bytes readable at @table (its length field must fit)
 * @m: the result
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Refused: a bad header, length or checksum; an entry shorter than its type
 * needs or running past the table; two enabled processors or two I/O APICs
 * with one id, two I/O APICs starting at one GSI, too many I/O APICs or NMI
 * entries; an override of a non-ISA bus, of an IRQ above 15, or of an IRQ
 * twice; an NMI on a LINT other than 0 and 1. Unknown entry types are
 * skipped.
 *
 * Return: 0, or -1 with a reason in @why.
 */
int madt_parse(const uint8_t *table, size_t size, struct madt *m, char *why, size_t why_size);

#endif
