// SPDX-License-Identifier: BSD-2-Clause
#include "fwtables.h"

#include <stdbool.h>

#include "bytes.h"
#include "checksum.h"
#include "fmt.h"

#define RSDP_SIGNATURE "RSD PTR "
#define RSDP_SIGNATURE_SIZE 8
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_FIRST_EXTENDED_REVISION 2

#define SMBIOS2_ANCHOR "_SM_"
#define SMBIOS2_LENGTH 5
#define SMBIOS2_ERRATUM_LENGTH 0x1E   /* SMBIOS 2.1 said 0x1E, 2.2 fixed it */
#define SMBIOS2_DMI 0x10              /* the intermediate "_DMI_" part */
#define SMBIOS2_DMI_SIZE 15
#define SMBIOS_DMI_ANCHOR "_DMI_"
#define SMBIOS3_ANCHOR "_SM3_"
#define SMBIOS3_LENGTH 6

#define SDT_ENTRY_SIZE_RSDT 4
#define SDT_ENTRY_SIZE_XSDT 8

static bool has_bytes(const uint8_t *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)s[i])
			return false;
	return true;
}

int acpi_rsdp_check(const uint8_t *p, size_t avail, size_t *size, char *why, size_t why_size)
{
	if (avail < ACPI_RSDP_V1_SIZE)
		return fmt_fail(why, why_size, "ACPI RSDP: %u bytes, shorter than its %u",
				(unsigned)avail, ACPI_RSDP_V1_SIZE);
	if (!has_bytes(p, RSDP_SIGNATURE, RSDP_SIGNATURE_SIZE))
		return fmt_fail(why, why_size, "ACPI RSDP: no \"%s\" signature", RSDP_SIGNATURE);
	if (byte_sum(p, ACPI_RSDP_V1_SIZE))
		return fmt_fail(why, why_size, "ACPI RSDP: wrong checksum over its first %u bytes",
				ACPI_RSDP_V1_SIZE);
	if (p[RSDP_REVISION] < RSDP_FIRST_EXTENDED_REVISION) {
		*size = ACPI_RSDP_V1_SIZE;
		return 0;
	}
	if (avail < RSDP_LENGTH + sizeof(uint32_t))
		return fmt_fail(why, why_size, "ACPI RSDP revision %u: %u bytes, too short for its length field",
				p[RSDP_REVISION], (unsigned)avail);
	uint32_t length = get_le32(p + RSDP_LENGTH);

	if (length < ACPI_RSDP_V1_SIZE || length > ACPI_RSDP_V2_SIZE || length > avail)
		return fmt_fail(why, why_size, "ACPI RSDP revision %u: length %u is not within %u-%u bytes (%u readable)",
				p[RSDP_REVISION], length, ACPI_RSDP_V1_SIZE, ACPI_RSDP_V2_SIZE,
				(unsigned)avail);
	if (byte_sum(p, length))
		return fmt_fail(why, why_size, "ACPI RSDP revision %u: wrong extended checksum over %u bytes",
				p[RSDP_REVISION], length);
	*size = length;
	return 0;
}

int smbios2_entry_check(const uint8_t *p, size_t avail, size_t *size, char *why,
			size_t why_size)
{
	if (avail < SMBIOS2_ENTRY_SIZE)
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: %u bytes, shorter than its %u",
				(unsigned)avail, SMBIOS2_ENTRY_SIZE);
	if (!has_bytes(p, SMBIOS2_ANCHOR, sizeof(SMBIOS2_ANCHOR) - 1))
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: no \"%s\" anchor", SMBIOS2_ANCHOR);
	if (p[SMBIOS2_LENGTH] != SMBIOS2_ENTRY_SIZE && p[SMBIOS2_LENGTH] != SMBIOS2_ERRATUM_LENGTH)
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: length 0x%x, not 0x%x (or 0x%x)",
				p[SMBIOS2_LENGTH], SMBIOS2_ENTRY_SIZE, SMBIOS2_ERRATUM_LENGTH);
	if (byte_sum(p, p[SMBIOS2_LENGTH]))
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: wrong checksum over 0x%x bytes",
				p[SMBIOS2_LENGTH]);
	if (!has_bytes(p + SMBIOS2_DMI, SMBIOS_DMI_ANCHOR, sizeof(SMBIOS_DMI_ANCHOR) - 1))
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: no \"%s\" anchor at offset 0x%x",
				SMBIOS_DMI_ANCHOR, SMBIOS2_DMI);
	if (byte_sum(p + SMBIOS2_DMI, SMBIOS2_DMI_SIZE))
		return fmt_fail(why, why_size, "SMBIOS 2 entry point: wrong intermediate (\"%s\") checksum",
				SMBIOS_DMI_ANCHOR);
	*size = SMBIOS2_ENTRY_SIZE;
	return 0;
}

int smbios3_entry_check(const uint8_t *p, size_t avail, size_t *size, char *why,
			size_t why_size)
{
	if (avail < SMBIOS3_ENTRY_SIZE)
		return fmt_fail(why, why_size, "SMBIOS 3 entry point: %u bytes, shorter than its %u",
				(unsigned)avail, SMBIOS3_ENTRY_SIZE);
	if (!has_bytes(p, SMBIOS3_ANCHOR, sizeof(SMBIOS3_ANCHOR) - 1))
		return fmt_fail(why, why_size, "SMBIOS 3 entry point: no \"%s\" anchor", SMBIOS3_ANCHOR);
	/* Up to the 2.x size, the longest any caller keeps room for. */
	if (p[SMBIOS3_LENGTH] < SMBIOS3_ENTRY_SIZE || p[SMBIOS3_LENGTH] > SMBIOS2_ENTRY_SIZE ||
	    p[SMBIOS3_LENGTH] > avail)
		return fmt_fail(why, why_size, "SMBIOS 3 entry point: length 0x%x is not within 0x%x-0x%x bytes (0x%x readable)",
				p[SMBIOS3_LENGTH], SMBIOS3_ENTRY_SIZE, SMBIOS2_ENTRY_SIZE,
				(unsigned)avail);
	if (byte_sum(p, p[SMBIOS3_LENGTH]))
		return fmt_fail(why, why_size, "SMBIOS 3 entry point: wrong checksum over 0x%x bytes",
				p[SMBIOS3_LENGTH]);
	*size = p[SMBIOS3_LENGTH];
	return 0;
}

const uint8_t *acpi_identity_bytes(void *ctx, uint64_t addr, size_t size)
{
	(void)ctx;
	if (!addr || addr > UINTPTR_MAX || (size && size - 1 > UINTPTR_MAX - addr))
		return NULL;
	return (const uint8_t *)(uintptr_t)addr;
}

int acpi_table_at(const struct acpi_memory *mem, uint64_t addr, const char *signature,
		  const uint8_t **table, uint32_t *length, char *why, size_t why_size)
{
	const uint8_t *t = mem->bytes(mem->ctx, addr, ACPI_SDT_LENGTH + sizeof(uint32_t));

	if (!t)
		return fmt_fail(why, why_size, "ACPI table \"%s\": no readable memory at 0x%llx",
				signature, (unsigned long long)addr);
	if (!has_bytes(t, signature, ACPI_SIGNATURE_SIZE))
		return fmt_fail(why, why_size, "ACPI table at 0x%llx: not \"%s\"",
				(unsigned long long)addr, signature);
	uint32_t n = get_le32(t + ACPI_SDT_LENGTH);

	if (n < ACPI_SDT_HEADER_SIZE)
		return fmt_fail(why, why_size, "ACPI table \"%s\" at 0x%llx: length %u, shorter than its header",
				signature, (unsigned long long)addr, n);
	t = mem->bytes(mem->ctx, addr, n);
	if (!t)
		return fmt_fail(why, why_size, "ACPI table \"%s\" at 0x%llx: its %u bytes are not all readable",
				signature, (unsigned long long)addr, n);
	if (byte_sum(t, n))
		return fmt_fail(why, why_size, "ACPI table \"%s\" at 0x%llx: wrong checksum",
				signature, (unsigned long long)addr);
	*table = t;
	*length = n;
	return 0;
}

int acpi_find_table(const struct acpi_memory *mem, const uint8_t *rsdp, size_t rsdp_size,
		    const char *signature, const uint8_t **table, uint32_t *length,
		    char *why, size_t why_size)
{
	bool xsdt = rsdp_size > ACPI_RSDP_V1_SIZE;
	const char *root_name = xsdt ? "XSDT" : "RSDT";
	size_t entry = xsdt ? SDT_ENTRY_SIZE_XSDT : SDT_ENTRY_SIZE_RSDT;
	uint64_t root_addr = xsdt ? get_le64(rsdp + RSDP_XSDT) : get_le32(rsdp + RSDP_RSDT);
	const uint8_t *root;
	uint32_t root_length;

	if (acpi_table_at(mem, root_addr, root_name, &root, &root_length, why, why_size))
		return -1;
	for (size_t at = ACPI_SDT_HEADER_SIZE; at + entry <= root_length; at += entry) {
		uint64_t addr = xsdt ? get_le64(root + at) : get_le32(root + at);

		if (!acpi_table_at(mem, addr, signature, table, length, NULL, 0))
			return 0;
	}
	return fmt_fail(why, why_size, "no valid ACPI table \"%s\" among the %u entries of the %s",
			signature, (unsigned)((root_length - ACPI_SDT_HEADER_SIZE) / entry), root_name);
}
