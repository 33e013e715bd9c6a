// SPDX-License-Identifier: BSD-2-Clause
#include "acpi.h"

#include <stdbool.h>

#include "../loader/bytes.h"
#include "../loader/checksum.h"
#include "config_table.h"

#define RSDP_V1_SIZE 20
#define RSDP_REVISION 15
#define RSDP_LENGTH 20
#define RSDP_RSDT 16
#define RSDP_XSDT 24
#define SDT_HEADER_SIZE 36
#define SDT_LENGTH 4
#define FADT_PM_TMR_BLK 76
#define FADT_X_PM_TMR_BLK 208   /* generic address: space id, ..., address at +4 */
#define GAS_SYSTEM_IO 1

/* The RSDP at p, validated: "RSD PTR ", checksums, a sane length. */
static size_t rsdp_size(const uint8_t *p)
{
	static const char signature[8] = "RSD PTR ";

	for (size_t i = 0; i < sizeof(signature); i++)
		if (p[i] != (uint8_t)signature[i])
			return 0;
	if (byte_sum(p, RSDP_V1_SIZE))
		return 0;
	if (p[RSDP_REVISION] < 2)
		return RSDP_V1_SIZE;
	uint32_t length = get_le32(p + RSDP_LENGTH);

	if (length < RSDP_V1_SIZE || length > ACPI_RSDP_MAX_SIZE || byte_sum(p, length))
		return 0;
	return length;
}

size_t acpi_find_rsdp(uint8_t out[ACPI_RSDP_MAX_SIZE])
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	const EFI_GUID *wanted[] = { &acpi20, &acpi10 };

	for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++) {
		const uint8_t *table = config_table_find(wanted[w]);
		size_t size = table ? rsdp_size(table) : 0;

		for (size_t j = 0; j < size; j++)
			out[j] = table[j];
		if (size)
			return size;
	}
	return 0;
}

/* A checksummed table with this signature at addr, else NULL. */
static const uint8_t *table_at(uint64_t addr, const char *signature)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)addr;

	if (!addr || addr != (uintptr_t)addr)
		return NULL;
	for (size_t i = 0; i < 4; i++)
		if (t[i] != (uint8_t)signature[i])
			return NULL;
	uint32_t length = get_le32(t + SDT_LENGTH);

	return length >= SDT_HEADER_SIZE && !byte_sum(t, length) ? t : NULL;
}

uint16_t acpi_pm_timer_port(void)
{
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_len = acpi_find_rsdp(rsdp);
	bool xsdt = rsdp_len > RSDP_V1_SIZE;
	const uint8_t *root = !rsdp_len ? NULL
		: xsdt ? table_at(get_le64(rsdp + RSDP_XSDT), "XSDT")
		       : table_at(get_le32(rsdp + RSDP_RSDT), "RSDT");
	size_t entry = xsdt ? 8 : 4;

	if (!root)
		return 0;
	for (size_t at = SDT_HEADER_SIZE; at + entry <= get_le32(root + SDT_LENGTH); at += entry) {
		uint64_t addr = xsdt ? get_le64(root + at) : get_le32(root + at);
		const uint8_t *fadt = table_at(addr, "FACP");
		uint32_t length = fadt ? get_le32(fadt + SDT_LENGTH) : 0;

		if (!fadt)
			continue;
		if (length >= FADT_PM_TMR_BLK + 4 && get_le32(fadt + FADT_PM_TMR_BLK))
			return (uint16_t)get_le32(fadt + FADT_PM_TMR_BLK);
		if (length >= FADT_X_PM_TMR_BLK + 12 && fadt[FADT_X_PM_TMR_BLK] == GAS_SYSTEM_IO)
			return (uint16_t)get_le32(fadt + FADT_X_PM_TMR_BLK + 4);
		return 0;
	}
	return 0;
}
