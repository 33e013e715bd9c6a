/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The firmware's ACPI and SMBIOS entry structures, validated as the kernels
 * that scan for them validate them, and the walk from the ACPI RSDP through
 * the RSDT or XSDT to a table by its signature.
 *
 * Table addresses are physical. They become bytes through a struct
 * acpi_memory: the app maps them 1:1 (acpi_identity_bytes), tests and the
 * fuzzer map them into a buffer, so hostile addresses are tested too.
 */
#ifndef LOADER_FWTABLES_H
#define LOADER_FWTABLES_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_V1_SIZE 20      /* ACPI 1.0: up to the RSDT address */
#define ACPI_RSDP_V2_SIZE 36      /* ACPI 2.0+, the longest accepted */
#define ACPI_SDT_HEADER_SIZE 36   /* signature, length, ..., creator revision */
#define ACPI_SDT_LENGTH 4         /* offset of a table's 32-bit length */
#define ACPI_SDT_CHECKSUM 9       /* offset of a table's checksum byte */
#define ACPI_SIGNATURE_SIZE 4

/* "_SM_" entry points are 31 bytes ("_DMI_" part included), "_SM3_" ones 24. */
#define SMBIOS2_ENTRY_SIZE 31
#define SMBIOS3_ENTRY_SIZE 24

/**
 * acpi_rsdp_check() - Validate an ACPI RSDP.
 * @p: the RSDP
 * @avail: bytes that may be read at @p (it reads no more than it needs)
 * @size: set to its size on success: 20 for revision 0 or 1, else its length
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * "RSD PTR ", the ACPI 1.0 checksum over 20 bytes and, from revision 2, a
 * length of 20 to 36 bytes with the extended checksum over it.
 *
 * Return: 0, or -1 with a reason in @why.
 */
int acpi_rsdp_check(const uint8_t *p, size_t avail, size_t *size, char *why, size_t why_size);

/**
 * smbios2_entry_check() - Validate a 32-bit ("_SM_") SMBIOS entry point.
 * @p: the entry point
 * @avail: bytes that may be read at @p
 * @size: set to 31 on success (its "_DMI_" part ends there)
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Its length byte is 0x1F, or 0x1E as the SMBIOS 2.1 text had it (Linux
 * accepts both); its checksum over that length and the intermediate
 * "_DMI_" checksum over 15 bytes at offset 0x10 are right.
 *
 * Return: 0, or -1 with a reason in @why.
 */
int smbios2_entry_check(const uint8_t *p, size_t avail, size_t *size, char *why,
			size_t why_size);

/**
 * smbios3_entry_check() - Validate a 64-bit ("_SM3_") SMBIOS entry point.
 * @p: the entry point
 * @avail: bytes that may be read at @p
 * @size: set to its length on success (24 to 31)
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Return: 0, or -1 with a reason in @why.
 */
int smbios3_entry_check(const uint8_t *p, size_t avail, size_t *size, char *why,
			size_t why_size);

/**
 * struct acpi_memory - How the walk reads physical memory.
 * @bytes: the @size bytes at physical @addr, or NULL when they are not all
 *         readable (address 0, beyond what the mapping covers, wrapping)
 * @ctx: passed to @bytes
 */
struct acpi_memory {
	const uint8_t *(*bytes)(void *ctx, uint64_t addr, size_t size);
	void *ctx;
};

/**
 * acpi_identity_bytes() - The app's mapping: physical addresses are pointers.
 * @ctx: unused
 * @addr: physical address, not 0
 * @size: bytes wanted
 *
 * Return: @addr as a pointer, or NULL when it is 0 or [@addr, @addr + @size)
 * does not fit in uintptr_t (above 4 GiB in the ia32 build).
 */
const uint8_t *acpi_identity_bytes(void *ctx, uint64_t addr, size_t size);

/**
 * acpi_table_at() - A table with this signature and a right checksum at addr.
 * @mem: how to read it
 * @addr: its physical address
 * @signature: a 4-character string: "APIC", "FACP", "XSDT"...
 * @table: set to its bytes on success
 * @length: set to its length on success (at least the 36-byte header)
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Return: 0, or -1 with a reason in @why.
 */
int acpi_table_at(const struct acpi_memory *mem, uint64_t addr, const char *signature,
		  const uint8_t **table, uint32_t *length, char *why, size_t why_size);

/**
 * acpi_find_table() - The first valid table with this signature the root lists.
 * @mem: how to read tables
 * @rsdp: an RSDP acpi_rsdp_check() accepted
 * @rsdp_size: the size it gave: longer than 20 bytes means the XSDT is
 *             walked (64-bit entries), else the RSDT (32-bit entries)
 * @signature: a 4-character string
 * @table: set to the table's bytes on success
 * @length: set to its length on success
 * @why: the reason on failure
 * @why_size: room in @why
 *
 * Entries that are not a valid table with this signature are skipped.
 *
 * Return: 0, or -1 with a reason in @why (no valid root table, or no
 * matching table in it).
 */
int acpi_find_table(const struct acpi_memory *mem, const uint8_t *rsdp, size_t rsdp_size,
		    const char *signature, const uint8_t **table, uint32_t *length,
		    char *why, size_t why_size);

#endif
