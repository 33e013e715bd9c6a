#include "acpi.h"

#include "config_table.h"

#define RSDP_V1_SIZE 20
#define RSDP_REVISION 15
#define RSDP_LENGTH 20

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

/* The RSDP at p, validated: "RSD PTR ", checksums, a sane length. */
static size_t rsdp_size(const uint8_t *p)
{
	static const char signature[8] = "RSD PTR ";

	for (size_t i = 0; i < sizeof(signature); i++)
		if (p[i] != (uint8_t)signature[i])
			return 0;
	if (checksum(p, RSDP_V1_SIZE))
		return 0;
	if (p[RSDP_REVISION] < 2)
		return RSDP_V1_SIZE;
	uint32_t length = p[RSDP_LENGTH] | p[RSDP_LENGTH + 1] << 8 |
			  p[RSDP_LENGTH + 2] << 16 | (uint32_t)p[RSDP_LENGTH + 3] << 24;

	if (length < RSDP_V1_SIZE || length > ACPI_RSDP_MAX_SIZE || checksum(p, length))
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
