/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI found the way a BIOS-era kernel looks for it. */
#ifndef MBTEST_RSDP_H
#define MBTEST_RSDP_H

/* Scans for the RSDP as the ACPI spec tells BIOS-booted kernels to (the
 * EBDA's first KiB, then 0xE0000-0xFFFFF), follows it to the FADT and
 * checks every checksum on the way. want 1: all of it must be there;
 * want 0: no RSDP may be found. */
void rsdp_check(int want);

/* Whether addr holds an RSDP with valid checksums (both, for revision 2). */
int rsdp_valid(uint32_t addr);

/* Follows a valid RSDP to its XSDT (else RSDT) and on to the FADT,
 * checking and reporting each table. */
void rsdp_follow(uint32_t rsdp);

#endif
