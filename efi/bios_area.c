// SPDX-License-Identifier: BSD-2-Clause
#include "bios_area.h"

#include "../loader/mbi.h"
#include "../loader/plan.h"
#include "acpi.h"
#include "bios_shim.h"
#include "console.h"

void bios_area_write(const struct options *opt)
{
	uint8_t *ebda = (uint8_t *)(uintptr_t)EBDA_ADDR;
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_size = opt->no_rsdp ? 0 : acpi_find_rsdp(rsdp);

	/* The EBDA's first word is its size in KiB. */
	__builtin_memset(ebda, 0, EBDA_SIZE);
	ebda[0] = EBDA_SIZE / 1024;
	__builtin_memcpy(ebda + ACPI_RSDP_EBDA_OFFSET, rsdp, rsdp_size);
	bios_shim_install(ebda);
	if (rsdp_size)
		con_info("ACPI RSDP (revision %u) copied to 0x%llx", rsdp[15],
			 (unsigned long long)(EBDA_ADDR + ACPI_RSDP_EBDA_OFFSET));
}

void bios_area_finish(const struct multiboot_mmap_entry *mmap, uint32_t count)
{
	bios_shim_set_map((uint8_t *)(uintptr_t)EBDA_ADDR, mmap, count,
			  mbi_mem_lower(mmap, count));
}
