/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACPI for Multiboot 1 kernels: under UEFI the RSDP is only in the EFI
 * configuration table, so kernels that scan for it the BIOS way (the EBDA's
 * first KiB, then 0xE0000-0xFFFFF) find none. We copy it into the EBDA.
 */
#ifndef EFI_ACPI_H
#define EFI_ACPI_H

#include <stddef.h>
#include <stdint.h>

/* Where in the EBDA the copy goes: 16-byte aligned, after its size word. */
#define ACPI_RSDP_EBDA_OFFSET 16
#define ACPI_RSDP_MAX_SIZE 36

/* The firmware's RSDP (ACPI 2.0 preferred) into out; its size, or 0. */
size_t acpi_find_rsdp(uint8_t out[ACPI_RSDP_MAX_SIZE]);

/* The firmware's MADT ("APIC"), validated, and its length; NULL when none. */
const uint8_t *acpi_find_madt(uint32_t *length);

/* The ACPI PM timer's I/O port from the FADT, or 0 when there is none. */
uint16_t acpi_pm_timer_port(void);

#endif
