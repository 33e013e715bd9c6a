/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BIOS-era tables for the tests: a buffer standing for physical memory
 * (struct acpi_memory), ACPI RSDPs, tables and SMBIOS entry points built
 * byte by byte, MADTs as QEMU writes them, and the MP tables read back the
 * way a kernel reads them (Linux's arch/x86/kernel/mpparse.c checks).
 */
#ifndef UNIT_BIOSTABLES_H
#define UNIT_BIOSTABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/fwtables.h"
#include "loader/madt.h"

/* Physical [base, base + size) is buf. */
struct phys_mem {
	uint64_t base;
	uint8_t *buf;
	size_t size;
};

/* The struct acpi_memory that reads pm. */
struct acpi_memory phys_acpi(struct phys_mem *pm);

/* An ACPI table header: signature, length, revision 1, QEMU's OEM ids; checksummed. */
void sdt_finish(uint8_t *t, const char *signature, uint32_t length);

/* An RSDP of this revision (0: 20 bytes, 2: 36) pointing at these tables. */
void rsdp_make(uint8_t out[ACPI_RSDP_V2_SIZE], unsigned revision, uint32_t rsdt, uint64_t xsdt);

/* SMBIOS entry points as QEMU writes them, tables at these addresses. */
void smbios2_make(uint8_t out[SMBIOS2_ENTRY_SIZE], uint32_t table, uint16_t table_size);
void smbios3_make(uint8_t out[SMBIOS3_ENTRY_SIZE], uint64_t table, uint32_t table_max);

/* A MADT under construction; madt_end() sets its length and checksum. */
#define MADT_BUF_SIZE 8192
struct madt_buf {
	uint8_t b[MADT_BUF_SIZE];
	size_t len;
};

#define QEMU_LAPIC_ADDR 0xFEE00000u
#define QEMU_IOAPIC_ADDR 0xFEC00000u
#define QEMU_IOAPIC2_ADDR 0xFEC10000u
#define QEMU_IOAPIC2_GSI_BASE 24
#define MADT_PCAT_COMPAT 1
#define INTI_LEVEL_HIGH 0xD   /* active high (1), level triggered (3 << 2) */

void madt_begin(struct madt_buf *t, uint32_t lapic_addr);
void madt_lapic(struct madt_buf *t, uint8_t uid, uint8_t apic_id, uint32_t flags);
void madt_x2apic(struct madt_buf *t, uint32_t x2apic_id, uint32_t flags, uint32_t uid);
void madt_ioapic(struct madt_buf *t, uint8_t id, uint32_t addr, uint32_t gsi_base);
void madt_override(struct madt_buf *t, uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags);
void madt_nmi_source(struct madt_buf *t, uint16_t flags, uint32_t gsi);
void madt_lapic_nmi(struct madt_buf *t, uint8_t uid, uint16_t flags, uint8_t lint);
void madt_lapic_addr(struct madt_buf *t, uint64_t addr);
/* An entry of any type and length, its body filled with fill. */
void madt_raw(struct madt_buf *t, uint8_t type, uint8_t length, uint8_t fill);
size_t madt_end(struct madt_buf *t);

/*
 * What QEMU's acpi_build_madt (hw/i386/acpi-common.c) writes for pc and
 * q35: possible CPUs with APIC ids 0..possible-1 (the first present ones
 * enabled; ids above 254 as local x2APIC entries), I/O APIC 0, IRQ 0 to
 * GSI 2, IRQs 5, 9, 10, 11 level/high, and NMI on LINT1 of all processors.
 */
size_t madt_qemu(struct madt_buf *t, unsigned possible, unsigned present);

/*
 * The largest MADT madt_parse takes: MADT_MAX_CPUS processors,
 * MADT_MAX_IOAPICS I/O APICs and MADT_MAX_LAPIC_NMIS local NMIs.
 */
size_t madt_largest(struct madt_buf *t);

/* madt_parse, CHECKed to succeed. */
void madt_parse_ok(const struct madt_buf *t, struct madt *m);

/* One MP interrupt entry (I/O or local) as read back. */
struct mp_int {
	uint8_t type, flags, src_bus, src_irq, dest_id, dest_input;
};

#define MP_SEEN_MAX 512

/* What a kernel learns from the MP tables. */
struct mp_seen {
	uint32_t config_addr;
	uint32_t lapic_addr;
	char oem[9], product[13];
	unsigned entries;
	unsigned processors;
	uint8_t apic_ids[MP_SEEN_MAX];
	uint8_t cpu_flags[MP_SEEN_MAX];
	uint8_t lapic_version;
	uint32_t signature, features;
	int bsp;                       /* index in apic_ids, -1: none */
	unsigned buses;
	char bus_type[256][7];         /* by bus id, "" if none */
	unsigned ioapics;
	uint8_t ioapic_ids[MP_SEEN_MAX];
	uint32_t ioapic_addr[MP_SEEN_MAX];
	unsigned io_ints, local_ints;
	struct mp_int io_int[MP_SEEN_MAX], local_int[MP_SEEN_MAX];
};

/*
 * Read the floating pointer at floating and the configuration table it
 * points to through pm, CHECKing what a kernel checks (signatures,
 * lengths, revisions, checksums, entry order and sizes, the entry count),
 * and what SeaBIOS's tables always have (one BSP, enabled processors and
 * I/O APICs, interrupts to listed I/O APICs and buses).
 */
void mp_read(const uint8_t *floating, struct phys_mem *pm, struct mp_seen *s);

/* The ISA IRQ's I/O interrupt entry, or NULL. */
const struct mp_int *mp_isa_irq(const struct mp_seen *s, uint8_t irq);

#endif
