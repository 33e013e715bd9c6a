/* SPDX-License-Identifier: BSD-2-Clause */
/* The BIOS tables BIOS-era kernels find by scanning 0xE0000-0xFFFFF: the
 * ACPI RSDP, the SMBIOS entry points and the MP floating pointer. */
#ifndef MBTEST_FSEG_H
#define MBTEST_FSEG_H

#include <stdint.h>

/* Scans 0xE0000-0xFFFFF on paragraphs for "RSD PTR ", "_SM_", "_SM3_" and
 * "_MP_" and reports each valid one with its address. want 1: an RSDP
 * (want_rsdp 1, then followed to the FADT) or none (0); an SMBIOS entry
 * point of either kind, its structure table walked; an MP floating
 * pointer whose configuration table checks out, with cpus enabled
 * processors (cpus < 0: any number), one BSP (the processor running this),
 * an I/O APIC and ISA interrupts; all of it, and 0xF0000-0xFFFFF, reserved
 * in the map. want 0: no valid structure of any kind there. */
void fseg_check(int want, int want_rsdp, int32_t cpus);

#endif
