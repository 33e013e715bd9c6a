// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "memory_map.h"
#include "print.h"

/* RSDP layout (ACPI 6.x, table 5.27). */
#define RSDP_V1_SIZE      20
#define RSDP_V2_MIN_SIZE  36
#define RSDP_REVISION     15
#define RSDP_RSDT         16
#define RSDP_LENGTH       20
#define RSDP_XSDT         24
#define ACPI_TAG_HEADER   8

/* System description table header (table 5.29). */
#define SDT_HEADER_SIZE   36
#define SDT_LENGTH        4
#define SDT_MAX_SIZE      (1u << 20)

static uint32_t read32(uint64_t addr)
{
	return *(const volatile uint32_t *)phys(addr);
}

static uint64_t read64(uint64_t addr)
{
	return read32(addr) | (uint64_t)read32(addr + 4) << 32;
}

static uint8_t sum_bytes(const volatile uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static int has_signature(const volatile char *p, const char *sig, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != sig[i])
			return 0;
	return 1;
}

/* A table with this signature and a valid checksum: its length, or 0. */
static uint32_t valid_table(uint64_t addr, const char *sig)
{
	uint32_t len;

	if (!addressable(addr, SDT_HEADER_SIZE) || !has_signature(phys(addr), sig, 4))
		return 0;
	len = read32(addr + SDT_LENGTH);
	if (len < SDT_HEADER_SIZE || len > SDT_MAX_SIZE || !addressable(addr, len)) {
		fail("acpi: %s at 0x%llx has length %u", sig, (unsigned long long)addr, len);
		return 0;
	}
	if (sum_bytes(phys(addr), len)) {
		fail("acpi: %s at 0x%llx has a bad checksum", sig, (unsigned long long)addr);
		return 0;
	}
	/* ACPI tables are firmware memory: the map must not hand them out. */
	if (mmap_any_available(addr, addr + len))
		fail("acpi: the map calls part of %s [0x%llx,+0x%x) available", sig,
		     (unsigned long long)addr, len);
	return len;
}

/* The FADT among the root table's entries (entry_size 8: XSDT, 4: RSDT). */
static int find_fadt(uint64_t root, const char *sig, uint32_t entry_size)
{
	uint32_t len = valid_table(root, sig);

	if (!len) {
		fail("acpi: no valid %s at 0x%llx", sig, (unsigned long long)root);
		return 0;
	}
	report("acpi %s at 0x%llx length=%u entries=%u", sig, (unsigned long long)root, len,
	       (len - SDT_HEADER_SIZE) / entry_size);
	for (uint32_t off = SDT_HEADER_SIZE; off + entry_size <= len; off += entry_size) {
		uint64_t entry = entry_size == 8 ? read64(root + off) : read32(root + off);
		uint32_t fadt_len = valid_table(entry, "FACP");

		if (fadt_len) {
			report("acpi FACP at 0x%llx length=%u (via %s)", (unsigned long long)entry,
			       fadt_len, sig);
			return 1;
		}
	}
	fail("acpi: %s at 0x%llx lists no valid FACP", sig, (unsigned long long)root);
	return 0;
}

/* Checks the RSDP copy in tag 14 (v1: 20 bytes) or 15 (v2: length bytes).
 * Returns the root table to follow in *root / *entry_size, or 0. */
static int check_rsdp(const struct mb2_tag_acpi *tag, uint64_t *root, uint32_t *entry_size)
{
	const uint8_t *rsdp = tag->rsdp;
	uint32_t room = tag->size >= ACPI_TAG_HEADER ? tag->size - ACPI_TAG_HEADER : 0;
	int v2 = tag->type == MB2_TAG_ACPI_NEW;
	uint32_t len = v2 && room >= RSDP_V2_MIN_SIZE ? *(const uint32_t *)(rsdp + RSDP_LENGTH) : 0;

	if (room < (v2 ? RSDP_V2_MIN_SIZE : RSDP_V1_SIZE)) {
		fail("tag %u acpi size=%u too small for an RSDP", tag->type, tag->size);
		return 0;
	}
	report("tag %u acpi-%s revision=%u rsdt=0x%x%s", tag->type, v2 ? "new" : "old",
	       rsdp[RSDP_REVISION], *(const uint32_t *)(rsdp + RSDP_RSDT),
	       v2 ? "" : " (v1 copy)");
	if (!has_signature((const char *)rsdp, "RSD PTR ", 8)) {
		fail("tag %u: no \"RSD PTR \" signature", tag->type);
		return 0;
	}
	if (sum_bytes(rsdp, RSDP_V1_SIZE)) {
		fail("tag %u: RSDP checksum (first %u bytes) bad", tag->type, RSDP_V1_SIZE);
		return 0;
	}
	*root = *(const uint32_t *)(rsdp + RSDP_RSDT);
	*entry_size = 4;
	if (!v2)
		return 1;
	if (rsdp[RSDP_REVISION] < 2)
		fail("tag 15: RSDP revision=%u, want 2 or more", rsdp[RSDP_REVISION]);
	if (len < RSDP_V2_MIN_SIZE || len > room) {
		fail("tag 15: RSDP length=%u, tag holds %u", len, room);
		return 0;
	}
	if (sum_bytes(rsdp, len)) {
		fail("tag 15: RSDP extended checksum (%u bytes) bad", len);
		return 0;
	}
	report("tag 15 xsdt=0x%llx length=%u",
	       (unsigned long long)*(const uint64_t *)(rsdp + RSDP_XSDT), len);
	/* ACPI 2.0+ kernels use the XSDT when there is one. */
	if (*(const uint64_t *)(rsdp + RSDP_XSDT)) {
		*root = *(const uint64_t *)(rsdp + RSDP_XSDT);
		*entry_size = 8;
	}
	return 1;
}

int acpi_check(const struct mb2_info *info)
{
	const void *old_tag = info->tag[MB2_TAG_ACPI_OLD], *new_tag = info->tag[MB2_TAG_ACPI_NEW];
	uint64_t root = 0, new_root = 0;
	uint32_t entry_size = 0, new_entry_size = 0;
	int old_ok = 0, new_ok = 0;

	if (old_tag)
		old_ok = check_rsdp(old_tag, &root, &entry_size);
	if (new_tag)
		new_ok = check_rsdp(new_tag, &new_root, &new_entry_size);
	if (new_ok) {
		root = new_root;
		entry_size = new_entry_size;
	}
	if (!old_ok && !new_ok)
		return 0;
	return find_fadt(root, entry_size == 8 ? "XSDT" : "RSDT", entry_size) &&
	       (!old_tag || old_ok) && (!new_tag || new_ok);
}
