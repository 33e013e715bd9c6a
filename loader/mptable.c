// SPDX-License-Identifier: BSD-2-Clause
#include "mptable.h"

#include <stdbool.h>

#include "bytes.h"
#include "checksum.h"
#include "fmt.h"

#define MP_SPEC_REVISION 4         /* 1.4 */

/* The floating pointer. */
#define MPF_SIGNATURE "_MP_"
#define MPF_CONFIG_ADDR 4
#define MPF_LENGTH 8               /* in 16-byte units */
#define MPF_REVISION 9
#define MPF_CHECKSUM 10
#define MPF_LENGTH_UNIT 16

/* The configuration table header. */
#define MPC_SIGNATURE "PCMP"
#define MPC_LENGTH 4
#define MPC_REVISION 6
#define MPC_CHECKSUM 7
#define MPC_OEM_ID 8
#define MPC_OEM_ID_SIZE 8
#define MPC_PRODUCT_ID 16
#define MPC_PRODUCT_ID_SIZE 12
#define MPC_ENTRY_COUNT 34
#define MPC_LAPIC_ADDR 36
#define MP_OEM_ID "QEMU    "
#define MP_PRODUCT_ID "MULTIBOOTEFI"

enum mp_entry_type {
	MP_PROCESSOR = 0,
	MP_BUS = 1,
	MP_IOAPIC = 2,
	MP_IO_INT = 3,
	MP_LOCAL_INT = 4,
};

/* Every entry starts with its type. */
#define MP_ENTRY_TYPE 0

#define PROC_APIC_ID 1
#define PROC_VERSION 2
#define PROC_FLAGS 3
#define PROC_SIGNATURE 4
#define PROC_FEATURES 8
#define BUS_ID 1
#define BUS_TYPE 2
#define IOAPIC_ID 1
#define IOAPIC_VERSION 2
#define IOAPIC_FLAGS 3
#define IOAPIC_ADDR 4
#define INT_TYPE 1
#define INT_FLAGS 2
#define INT_SRC_BUS 4
#define INT_SRC_IRQ 5
#define INT_DEST_ID 6
#define INT_DEST_INPUT 7

#define MP_CPU_ENABLED 0x01
#define MP_CPU_BSP 0x02
#define MP_IOAPIC_ENABLED 0x01
/* SeaBIOS's I/O APIC version (QEMU's register may say otherwise). */
#define MP_IOAPIC_VERSION 0x11
#define MP_BUS_PCI 0
#define MP_BUS_ISA 1
#define MP_BUS_TYPE_SIZE 6
#define MP_INT 0
#define MP_NMI 1
#define MP_EXTINT 3
#define MP_ALL_LAPICS 0xFF
#define MP_LINT0 0
#define MP_LINT1 1
#define MP_MAX_INPUT 0xFF          /* an I/O APIC input number is a byte */

_Static_assert(MP_CONFIG_MAX_SIZE <= UINT16_MAX, "the base table length is 16 bits");

/* Entries appended while they fit; the size needed is counted either way. */
struct mp_writer {
	uint8_t *out;
	size_t room;
	size_t len;
	unsigned entries;
};

static uint8_t *mp_entry(struct mp_writer *w, size_t size)
{
	uint8_t *e = w->len + size <= w->room ? w->out + w->len : NULL;

	w->len += size;
	w->entries++;
	for (size_t i = 0; e && i < size; i++)
		e[i] = 0;
	return e;
}

static void put_processor(struct mp_writer *w, uint8_t apic_id, bool bsp,
			  const struct mptable_cpu_info *cpu)
{
	uint8_t *e = mp_entry(w, MP_PROCESSOR_SIZE);

	if (!e)
		return;
	e[MP_ENTRY_TYPE] = MP_PROCESSOR;
	e[PROC_APIC_ID] = apic_id;
	e[PROC_VERSION] = cpu->lapic_version;
	e[PROC_FLAGS] = MP_CPU_ENABLED | (bsp ? MP_CPU_BSP : 0);
	put_le32(e + PROC_SIGNATURE, cpu->cpuid_signature);
	put_le32(e + PROC_FEATURES, cpu->cpuid_features);
}

static void put_bus(struct mp_writer *w, uint8_t id, const char type[MP_BUS_TYPE_SIZE])
{
	uint8_t *e = mp_entry(w, MP_ENTRY_SIZE);

	if (!e)
		return;
	e[MP_ENTRY_TYPE] = MP_BUS;
	e[BUS_ID] = id;
	for (size_t i = 0; i < MP_BUS_TYPE_SIZE; i++)
		e[BUS_TYPE + i] = (uint8_t)type[i];
}

static void put_ioapic(struct mp_writer *w, const struct madt_ioapic *io)
{
	uint8_t *e = mp_entry(w, MP_ENTRY_SIZE);

	if (!e)
		return;
	e[MP_ENTRY_TYPE] = MP_IOAPIC;
	e[IOAPIC_ID] = io->id;
	e[IOAPIC_VERSION] = MP_IOAPIC_VERSION;
	e[IOAPIC_FLAGS] = MP_IOAPIC_ENABLED;
	put_le32(e + IOAPIC_ADDR, io->addr);
}

/* I/O and local interrupt entries share one layout. */
static void put_interrupt(struct mp_writer *w, uint8_t type, uint8_t int_type, uint16_t flags,
			  uint8_t src_irq, uint8_t dest_id, uint8_t dest_input)
{
	uint8_t *e = mp_entry(w, MP_ENTRY_SIZE);

	if (!e)
		return;
	e[MP_ENTRY_TYPE] = type;
	e[INT_TYPE] = int_type;
	/* ACPI's MPS INTI flags encode polarity and trigger as the MP table does. */
	put_le16(e + INT_FLAGS, flags & MADT_INTI_FLAGS_MASK);
	e[INT_SRC_BUS] = MP_BUS_ISA;
	e[INT_SRC_IRQ] = src_irq;
	e[INT_DEST_ID] = dest_id;
	e[INT_DEST_INPUT] = dest_input;
}

/* The I/O APIC whose inputs hold gsi: the one starting closest below it. */
static const struct madt_ioapic *ioapic_of(const struct madt *m, uint32_t gsi)
{
	const struct madt_ioapic *best = NULL;

	for (unsigned i = 0; i < m->ioapic_count; i++) {
		const struct madt_ioapic *io = &m->ioapics[i];

		if (io->gsi_base <= gsi && (!best || io->gsi_base > best->gsi_base))
			best = io;
	}
	return best && gsi - best->gsi_base <= MP_MAX_INPUT ? best : NULL;
}

/* An ISA IRQ without an override whose GSI another IRQ's override takes. */
static bool isa_irq_displaced(const struct madt *m, unsigned irq)
{
	if (m->isa[irq].overridden)
		return false;
	for (unsigned other = 0; other < MADT_ISA_IRQS; other++)
		if (other != irq && m->isa[other].overridden && m->isa[other].gsi == irq)
			return true;
	return false;
}

/*
 * ISA IRQs 0-15 as Linux routes them from the same MADT: no entry for an
 * IRQ whose GSI another IRQ's override takes, nor for a GSI that is no I/O
 * APIC input.
 */
static void put_isa_irqs(struct mp_writer *w, const struct madt *m)
{
	for (unsigned irq = 0; irq < MADT_ISA_IRQS; irq++) {
		const struct madt_isa_irq *r = &m->isa[irq];
		const struct madt_ioapic *io = ioapic_of(m, r->gsi);

		if (isa_irq_displaced(m, irq) || !io)
			continue;
		put_interrupt(w, MP_IO_INT, MP_INT, r->flags, (uint8_t)irq, io->id,
			      (uint8_t)(r->gsi - io->gsi_base));
	}
}

/* The local APIC id a local APIC NMI entry's UID names, if it is listed. */
static bool nmi_dest(const struct madt *m, uint8_t uid, uint8_t *dest)
{
	if (uid == MADT_ALL_PROCESSORS) {
		*dest = MP_ALL_LAPICS;
		return true;
	}
	for (unsigned i = 0; i < m->cpu_count; i++) {
		if (!m->cpus[i].x2apic && m->cpus[i].uid == uid) {
			*dest = m->cpus[i].apic_id;
			return true;
		}
	}
	return false;
}

static void put_local_ints(struct mp_writer *w, const struct madt *m)
{
	put_interrupt(w, MP_LOCAL_INT, MP_EXTINT, 0, 0, MP_ALL_LAPICS, MP_LINT0);
	if (!m->nmi_count)
		put_interrupt(w, MP_LOCAL_INT, MP_NMI, 0, 0, MP_ALL_LAPICS, MP_LINT1);
	for (unsigned i = 0; i < m->nmi_count; i++) {
		const struct madt_lapic_nmi *nmi = &m->nmis[i];
		uint8_t dest;

		if (nmi_dest(m, nmi->uid, &dest))
			put_interrupt(w, MP_LOCAL_INT, MP_NMI, nmi->flags, 0, dest, nmi->lint);
	}
}

static void put_header(uint8_t *out, const struct madt *m, const struct mp_writer *w)
{
	for (size_t i = 0; i < MP_CONFIG_HEADER_SIZE; i++)
		out[i] = 0;
	for (size_t i = 0; i < sizeof(MPC_SIGNATURE) - 1; i++)
		out[i] = (uint8_t)MPC_SIGNATURE[i];
	put_le16(out + MPC_LENGTH, (uint16_t)w->len);
	out[MPC_REVISION] = MP_SPEC_REVISION;
	for (size_t i = 0; i < MPC_OEM_ID_SIZE; i++)
		out[MPC_OEM_ID + i] = (uint8_t)MP_OEM_ID[i];
	for (size_t i = 0; i < MPC_PRODUCT_ID_SIZE; i++)
		out[MPC_PRODUCT_ID + i] = (uint8_t)MP_PRODUCT_ID[i];
	put_le16(out + MPC_ENTRY_COUNT, (uint16_t)w->entries);
	put_le32(out + MPC_LAPIC_ADDR, (uint32_t)m->lapic_addr);
	checksum_fix(out, w->len, MPC_CHECKSUM);
}

static int check_input(const struct madt *m, const struct mptable_cpu_info *cpu,
		       const struct madt_cpu **bsp, char *why, size_t why_size)
{
	if (!m->lapic_addr || m->lapic_addr > UINT32_MAX)
		return fmt_fail(why, why_size, "MP table: the local APIC address 0x%llx is not a 32-bit address",
				(unsigned long long)m->lapic_addr);
	if (!m->ioapic_count)
		return fmt_fail(why, why_size, "MP table: the MADT lists no I/O APIC");
	*bsp = NULL;
	for (unsigned i = 0; i < m->cpu_count; i++)
		if (m->cpus[i].apic_id == cpu->bsp_apic_id)
			*bsp = &m->cpus[i];
	if (!*bsp)
		return fmt_fail(why, why_size, "MP table: the BSP's APIC id %u is not an enabled processor of the MADT",
				cpu->bsp_apic_id);
	return 0;
}

int mptable_config(const struct madt *m, const struct mptable_cpu_info *cpu, uint8_t *out,
		   size_t room, size_t *size, char *why, size_t why_size)
{
	struct mp_writer w = { out, room, MP_CONFIG_HEADER_SIZE, 0 };
	const struct madt_cpu *bsp;

	if (check_input(m, cpu, &bsp, why, why_size))
		return -1;
	/* The spec's order: processors, buses, I/O APICs, I/O then local interrupts. */
	put_processor(&w, bsp->apic_id, true, cpu);
	for (unsigned i = 0; i < m->cpu_count; i++)
		if (&m->cpus[i] != bsp)
			put_processor(&w, m->cpus[i].apic_id, false, cpu);
	put_bus(&w, MP_BUS_PCI, "PCI   ");
	put_bus(&w, MP_BUS_ISA, "ISA   ");
	for (unsigned i = 0; i < m->ioapic_count; i++)
		put_ioapic(&w, &m->ioapics[i]);
	put_isa_irqs(&w, m);
	put_local_ints(&w, m);
	if (w.len > room)
		return fmt_fail(why, why_size, "MP table: the configuration table needs %u bytes, %u given",
				(unsigned)w.len, (unsigned)room);
	put_header(out, m, &w);
	*size = w.len;
	return 0;
}

void mptable_floating(uint8_t out[MP_FLOATING_SIZE], uint32_t config_addr)
{
	for (size_t i = 0; i < MP_FLOATING_SIZE; i++)
		out[i] = 0;
	for (size_t i = 0; i < sizeof(MPF_SIGNATURE) - 1; i++)
		out[i] = (uint8_t)MPF_SIGNATURE[i];
	put_le32(out + MPF_CONFIG_ADDR, config_addr);
	out[MPF_LENGTH] = MP_FLOATING_SIZE / MPF_LENGTH_UNIT;
	out[MPF_REVISION] = MP_SPEC_REVISION;
	/* Feature bytes 0: a configuration table, virtual wire mode (no IMCR). */
	checksum_fix(out, MP_FLOATING_SIZE, MPF_CHECKSUM);
}
