// SPDX-License-Identifier: BSD-2-Clause
#include "acpi.h"

#include "../loader/bytes.h"
#include "../loader/fwtables.h"
#include "config_table.h"

#define FADT_PM_TMR_BLK 76
#define FADT_X_PM_TMR_BLK 208   /* generic address: space id, ..., address at +4 */
#define GAS_SYSTEM_IO 1

_Static_assert(ACPI_RSDP_MAX_SIZE == ACPI_RSDP_V2_SIZE, "the copy holds the longest RSDP");

size_t acpi_find_rsdp(uint8_t out[ACPI_RSDP_MAX_SIZE])
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	const EFI_GUID *wanted[] = { &acpi20, &acpi10 };

	for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++) {
		const uint8_t *table = config_table_find(wanted[w]);
		size_t size = 0;

		/* The firmware's RSDP is readable up to its longest size. */
		if (!table || acpi_rsdp_check(table, ACPI_RSDP_MAX_SIZE, &size, NULL, 0))
			continue;
		for (size_t j = 0; j < size; j++)
			out[j] = table[j];
		return size;
	}
	return 0;
}

const uint8_t *acpi_find_madt(uint32_t *length)
{
	const struct acpi_memory physical = { acpi_identity_bytes, NULL };
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_len = acpi_find_rsdp(rsdp);
	const uint8_t *madt;

	if (!rsdp_len || acpi_find_table(&physical, rsdp, rsdp_len, "APIC", &madt, length, NULL, 0))
		return NULL;
	return madt;
}

uint16_t acpi_pm_timer_port(void)
{
	const struct acpi_memory physical = { acpi_identity_bytes, NULL };
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_len = acpi_find_rsdp(rsdp);
	const uint8_t *fadt;
	uint32_t length;

	if (!rsdp_len || acpi_find_table(&physical, rsdp, rsdp_len, "FACP", &fadt, &length, NULL, 0))
		return 0;
	if (length >= FADT_PM_TMR_BLK + 4 && get_le32(fadt + FADT_PM_TMR_BLK))
		return (uint16_t)get_le32(fadt + FADT_PM_TMR_BLK);
	if (length >= FADT_X_PM_TMR_BLK + 12 && fadt[FADT_X_PM_TMR_BLK] == GAS_SYSTEM_IO)
		return (uint16_t)get_le32(fadt + FADT_X_PM_TMR_BLK + 4);
	return 0;
}
