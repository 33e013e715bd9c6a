/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Intel MultiProcessor Specification 1.4 tables, built from the ACPI MADT
 * for kernels that look for an MP floating pointer instead of ACPI: the
 * 16-byte floating pointer ("_MP_") and the configuration table ("PCMP")
 * it points to, as SeaBIOS builds them on QEMU:
 *
 *   processors   the enabled ones, the BSP first and flagged
 *   buses        PCI bus 0 (id 0), ISA (id 1)
 *   I/O APICs    every one, enabled
 *   I/O ints     ISA IRQs 0-15 to the I/O APIC input their GSI is, with
 *                the MADT's overrides (QEMU: IRQ 0 to GSI 2, so no IRQ 2;
 *                IRQs 5, 9, 10, 11 level-triggered, active high)
 *   local ints   ExtINT on LINT0 and NMI on LINT1 of every local APIC (NMI
 *                as the MADT's local APIC NMI entries say, when it has any)
 *
 * Left out: PCI interrupt entries (SeaBIOS reads them from PCI config
 * space, which the MADT does not describe, and lists IRQs 5, 9, 10, 11 only
 * through them; here they are ISA entries with the MADT's level/high
 * flags, on the same I/O APIC inputs), NMI source entries, processors that
 * are not enabled (SeaBIOS lists every possible one, disabled), and the
 * extended table. Unlike SeaBIOS, every enabled processor is listed, not
 * only the first logical one of each package.
 */
#ifndef LOADER_MPTABLE_H
#define LOADER_MPTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "madt.h"

#define MP_FLOATING_SIZE 16
#define MP_CONFIG_HEADER_SIZE 44
#define MP_PROCESSOR_SIZE 20
#define MP_ENTRY_SIZE 8            /* bus, I/O APIC, I/O and local interrupt */
#define MP_BUSES 2
/* ExtINT on LINT0, and the NMI entries. */
#define MP_MAX_LOCAL_INTS (1 + MADT_MAX_LAPIC_NMIS)
/* The longest configuration table any MADT gives. */
#define MP_CONFIG_MAX_SIZE \
	(MP_CONFIG_HEADER_SIZE + MP_PROCESSOR_SIZE * MADT_MAX_CPUS + \
	 MP_ENTRY_SIZE * (MP_BUSES + MADT_MAX_IOAPICS + MADT_ISA_IRQS + MP_MAX_LOCAL_INTS))

/**
 * struct mptable_cpu_info - What the MADT does not say about the processors.
 * @bsp_apic_id: the APIC id of the processor the kernel is entered on
 * @lapic_version: the local APIC version register's bits 0-7
 * @cpuid_signature: CPUID leaf 1 EAX (stepping, model, family)
 * @cpuid_features: CPUID leaf 1 EDX
 *
 * Every processor entry gets the same version, signature and features, as
 * SeaBIOS gives them.
 */
struct mptable_cpu_info {
	uint8_t bsp_apic_id;
	uint8_t lapic_version;
	uint32_t cpuid_signature;
	uint32_t cpuid_features;
};

/**
 * mptable_config() - Build the MP configuration table.
 * @m: a MADT madt_parse() accepted
 * @cpu: the BSP and the processors' identification
 * @out: where the table goes
 * @room: bytes at @out (MP_CONFIG_MAX_SIZE is always enough)
 * @size: set to the table's size on success
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Refused: a local APIC address of 0 or above 4 GiB, no I/O APIC, a BSP
 * that is not an enabled processor of the MADT, too little room.
 *
 * Return: 0, or -1 with a reason in @why.
 */
int mptable_config(const struct madt *m, const struct mptable_cpu_info *cpu, uint8_t *out,
		   size_t room, size_t *size, char *why, size_t why_size);

/**
 * mptable_floating() - Build the MP floating pointer structure.
 * @out: its 16 bytes, which the caller puts at a 16-byte aligned address
 * @config_addr: the physical address of the configuration table
 */
void mptable_floating(uint8_t out[MP_FLOATING_SIZE], uint32_t config_addr);

#endif
