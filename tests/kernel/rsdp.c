// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "check.h"
#include "memory_map.h"
#include "print.h"
#include "rsdp.h"

/* Where the ACPI spec (5.2.5.1) says a BIOS-booted OS looks for the RSDP. */
#define BDA_EBDA_SEGMENT  0x40E
#define EBDA_SCAN_BYTES   1024
#define BIOS_AREA_START   0xE0000u
#define BIOS_AREA_END     0x100000u
#define RSDP_ALIGN        16
/* Conventional memory ends here: an EBDA pointer past it is garbage. */
#define LOW_MEMORY_END    0xA0000u

/* RSDP layout (ACPI 6.x, table 5.27). */
#define RSDP_V1_SIZE      20
#define RSDP_V2_MIN_SIZE  36
#define RSDP_OEM_ID       9
#define RSDP_REVISION     15
#define RSDP_RSDT         16
#define RSDP_LENGTH       20
#define RSDP_XSDT         24
/* A sane bound on the length field before summing that many bytes. */
#define RSDP_MAX_SIZE     4096

/* System description table header (table 5.29). */
#define SDT_HEADER_SIZE   36
#define SDT_LENGTH        4
#define SDT_MAX_SIZE      (1u << 20)
#define OEM_ID_SIZE       6
#define ADDRESS_LIMIT     0x100000000ull

static uint32_t read32(uint64_t addr)
{
	return *(const volatile uint32_t *)(uintptr_t)addr;
}

static uint64_t read64(uint64_t addr)
{
	return read32(addr) | (uint64_t)read32(addr + 4) << 32;
}

static uint8_t sum_bytes(uint64_t addr, uint32_t len)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)addr;
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static int has_signature(uint64_t addr, const char *sig, uint32_t len)
{
	const volatile char *p = (const volatile char *)(uintptr_t)addr;

	for (uint32_t i = 0; i < len; i++)
		if (p[i] != sig[i])
			return 0;
	return 1;
}

/* A structure the checks below can read at all: below 4 GiB, unwrapped. */
static int readable(uint64_t addr, uint64_t len)
{
	return addr && addr + len <= ADDRESS_LIMIT && addr + len >= addr;
}

int rsdp_valid(uint32_t addr)
{
	uint32_t len;

	if (!has_signature(addr, "RSD PTR ", 8) || sum_bytes(addr, RSDP_V1_SIZE))
		return 0;
	if (*(const volatile uint8_t *)(addr + RSDP_REVISION) < 2)
		return 1;
	len = read32(addr + RSDP_LENGTH);
	return len >= RSDP_V2_MIN_SIZE && len <= RSDP_MAX_SIZE && !sum_bytes(addr, len);
}

static uint32_t scan(uint32_t start, uint32_t end)
{
	for (uint32_t addr = start; addr + RSDP_V1_SIZE <= end; addr += RSDP_ALIGN)
		if (rsdp_valid(addr))
			return addr;
	return 0;
}

static uint32_t find_rsdp(void)
{
	uint32_t ebda = (uint32_t)*(const volatile uint16_t *)BDA_EBDA_SEGMENT << 4;
	uint32_t found = 0;

	if (ebda && ebda + EBDA_SCAN_BYTES <= LOW_MEMORY_END)
		found = scan(ebda, ebda + EBDA_SCAN_BYTES);
	return found ? found : scan(BIOS_AREA_START, BIOS_AREA_END);
}

/* A table with this signature and a valid checksum: its length, or 0. */
static uint32_t valid_table(uint64_t addr, const char *sig)
{
	uint32_t len;

	if (!readable(addr, SDT_HEADER_SIZE) || !has_signature(addr, sig, 4))
		return 0;
	len = read32(addr + SDT_LENGTH);
	if (len < SDT_HEADER_SIZE || len > SDT_MAX_SIZE || !readable(addr, len)) {
		fail("acpi: %s at 0x%llx has length %u", sig, addr, len);
		return 0;
	}
	if (sum_bytes(addr, len)) {
		fail("acpi: %s at 0x%llx has a bad checksum", sig, addr);
		return 0;
	}
	/* ACPI tables are firmware memory: the map must not hand them out. */
	if (mmap_any_available(addr, addr + len))
		fail("acpi: the map calls part of %s [0x%llx,+0x%x) available", sig, addr, len);
	return len;
}

/* The FADT among the root table's entries (entry_size 8: XSDT, 4: RSDT). */
static void find_fadt(uint64_t root, const char *sig, uint32_t entry_size)
{
	uint32_t len = valid_table(root, sig);

	if (!len) {
		fail("acpi: no valid %s at 0x%llx", sig, root);
		return;
	}
	report("acpi %s at 0x%llx length=%u entries=%u", sig, root, len,
	       (len - SDT_HEADER_SIZE) / entry_size);
	for (uint32_t off = SDT_HEADER_SIZE; off + entry_size <= len; off += entry_size) {
		uint64_t entry = entry_size == 8 ? read64(root + off) : read32(root + off);
		uint32_t fadt_len = valid_table(entry, "FACP");

		if (fadt_len) {
			report("acpi FACP at 0x%llx length=%u (via %s)", entry, fadt_len, sig);
			return;
		}
	}
	fail("acpi: %s at 0x%llx lists no valid FACP", sig, root);
}

void rsdp_follow(uint32_t rsdp)
{
	uint64_t xsdt = 0;

	if (*(const volatile uint8_t *)(rsdp + RSDP_REVISION) >= 2)
		xsdt = read64(rsdp + RSDP_XSDT);
	/* ACPI 2.0+ kernels use the XSDT when there is one. */
	if (xsdt)
		find_fadt(xsdt, "XSDT", 8);
	else
		find_fadt(read32(rsdp + RSDP_RSDT), "RSDT", 4);
}

void rsdp_check(int want)
{
	uint32_t rsdp = find_rsdp();
	char oem[OEM_ID_SIZE + 1];
	uint8_t revision;
	uint64_t xsdt = 0;

	if (!rsdp) {
		report("rsdp none");
		if (want)
			fail("acpi: no RSDP in the EBDA or 0xE0000-0xFFFFF");
		return;
	}
	revision = *(const volatile uint8_t *)(rsdp + RSDP_REVISION);
	for (uint32_t i = 0; i < OEM_ID_SIZE; i++)
		oem[i] = *(const volatile char *)(rsdp + RSDP_OEM_ID + i);
	oem[OEM_ID_SIZE] = '\0';
	if (revision >= 2)
		xsdt = read64(rsdp + RSDP_XSDT);
	report("rsdp at 0x%x revision=%u oem=\"%s\" rsdt=0x%x xsdt=0x%llx", rsdp, revision, oem,
	       read32(rsdp + RSDP_RSDT), xsdt);
	if (!want) {
		fail("acpi: found an RSDP at 0x%x, want none", rsdp);
		return;
	}
	rsdp_follow(rsdp);
}
