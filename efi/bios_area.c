// SPDX-License-Identifier: BSD-2-Clause
#include "bios_area.h"

#include <cpuid.h>

#include "../loader/biosdata.h"
#include "../loader/fmt.h"
#include "../loader/fsegment.h"
#include "../loader/madt.h"
#include "../loader/mbi.h"
#include "acpi.h"
#include "bios_shim.h"
#include "console.h"
#include "firmware.h"
#include "fsegment.h"
#include "smbios.h"
#include "status.h"

#define LAPIC_VERSION_REG 0x30
#define CPUID_APIC_ID_SHIFT 24

_Static_assert(FSEG_TABLES_OFF + FSEG_MAX_SIZE <= FSEGMENT_SIZE, "the tables fit");
_Static_assert(FSEG_SHIM_SIZE <= FSEG_TABLES_OFF, "the shim's block fits");

bool bios_area_fsegment_usable(const struct options *opt)
{
	const char *chipset;

	if (opt->no_fsegment)
		return false;
	if (fsegment_probe(&chipset))
		return true;
	con_warn("the F segment cannot be made RAM on %s: no BIOS tables or MP table there, the RSDP only in the EBDA",
		 chipset);
	return false;
}

/* The EBDA as a BIOS leaves it: its size in KiB first, the RSDP copy. */
static void write_ebda(const uint8_t *rsdp, size_t rsdp_size)
{
	uint8_t *ebda = (uint8_t *)(uintptr_t)EBDA_ADDR;

	__builtin_memset(ebda, 0, EBDA_SIZE);
	ebda[0] = EBDA_SIZE / 1024;
	__builtin_memcpy(ebda + ACPI_RSDP_EBDA_OFFSET, rsdp, rsdp_size);
	if (rsdp_size)
		con_info("ACPI RSDP (revision %u) copied to 0x%llx", rsdp[15],
			 (unsigned long long)(EBDA_ADDR + ACPI_RSDP_EBDA_OFFSET));
}

/* What the MP table says of the processors that the MADT does not. */
static void cpu_info(struct mptable_cpu_info *cpu, uint64_t lapic_addr)
{
	unsigned eax, ebx, ecx, edx;

	__cpuid(1, eax, ebx, ecx, edx);
	*cpu = (struct mptable_cpu_info){
		.bsp_apic_id = (uint8_t)(ebx >> CPUID_APIC_ID_SHIFT),
		.lapic_version =
			*(volatile uint32_t *)(uintptr_t)(lapic_addr + LAPIC_VERSION_REG) & 0xff,
		.cpuid_signature = eax,
		.cpuid_features = edx,
	};
}

/* The RSDP, the SMBIOS entry points and the MP tables, from the firmware's. */
static void build_tables(uint8_t *image, struct madt *madt, const uint8_t *rsdp,
			 size_t rsdp_size)
{
	uint8_t smbios2[SMBIOS_ENTRY_MAX_SIZE], smbios3[SMBIOS_ENTRY_MAX_SIZE];
	struct mptable_cpu_info cpu;
	struct fseg_input in = { .rsdp = rsdp_size ? rsdp : NULL, .rsdp_size = rsdp_size };
	struct fseg_layout at;
	uint32_t madt_length;
	const uint8_t *table = acpi_find_madt(&madt_length);
	char why[160], line[160];
	size_t n;

	smbios_find_each(smbios2, &in.smbios2_size, smbios3, &in.smbios3_size);
	in.smbios2 = in.smbios2_size ? smbios2 : NULL;
	in.smbios3 = in.smbios3_size ? smbios3 : NULL;
	if (table && !madt_parse(table, madt_length, madt, why, sizeof(why))) {
		cpu_info(&cpu, madt->lapic_addr);
		in.madt = madt;
		in.cpu = &cpu;
		if (madt->cpus_id_too_high)
			con_warn("%u processors have x2APIC ids above 254: the MP table leaves them out",
				 madt->cpus_id_too_high);
	} else if (table) {
		con_warn("no MP table: the firmware's MADT is unusable: %s", why);
	}
	if (fseg_build(image + FSEG_TABLES_OFF, FSEGMENT_ADDR + FSEG_TABLES_OFF,
		       FSEGMENT_SIZE - FSEG_TABLES_OFF, &in, &at, why, sizeof(why))) {
		con_warn("no BIOS tables in the F segment: %s", why);
		return;
	}
	n = fmt_snprintf(line, sizeof(line), "BIOS tables in the F segment:");
	if (at.rsdp)
		n += fmt_snprintf(line + n, sizeof(line) - n, " RSDP 0x%x", at.rsdp);
	if (at.smbios2)
		n += fmt_snprintf(line + n, sizeof(line) - n, ", SMBIOS 2 0x%x", at.smbios2);
	if (at.smbios3)
		n += fmt_snprintf(line + n, sizeof(line) - n, ", SMBIOS 3 0x%x", at.smbios3);
	if (at.mp_floating)
		fmt_snprintf(line + n, sizeof(line) - n, ", MP 0x%x (%u processor%s)", at.mp_floating,
			     in.madt->cpu_count, in.madt->cpu_count == 1 ? "" : "s");
	con_info("%s", line);
}

EFI_STATUS bios_area_prepare(struct bios_area *a, const struct options *opt,
			     const struct plan *plan, char *why, size_t why_size)
{
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_size = opt->no_rsdp ? 0 : acpi_find_rsdp(rsdp);

	*a = (struct bios_area){ 0 };
	if (plan->ebda)
		write_ebda(rsdp, rsdp_size);
	if (plan->fsegment) {
		if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData,
							  FSEGMENT_SIZE + sizeof(struct madt),
							  &a->pool)))
			return efi_fail(why, why_size, EFI_OUT_OF_RESOURCES,
					"cannot allocate memory for the F segment's image");
		a->fsegment = a->pool;
		__builtin_memset(a->fsegment, 0, FSEGMENT_SIZE);
		build_tables(a->fsegment, (struct madt *)(a->fsegment + FSEGMENT_SIZE), rsdp,
			     rsdp_size);
		a->shim = a->fsegment;
		a->shim_size = FSEG_SHIM_SIZE;
		a->shim_segment = FSEGMENT_ADDR >> 4;
	} else if (plan->ebda) {
		a->shim = (uint8_t *)(uintptr_t)EBDA_ADDR;
		a->shim_size = EBDA_SIZE;
		a->shim_segment = EBDA_ADDR >> 4;
	}
	if (a->shim && bios_shim_fits())
		bios_shim_install(a->shim);
	else
		a->shim_segment = 0;
	return EFI_SUCCESS;
}

int bios_area_finish(struct bios_area *a, const struct multiboot_mmap_entry *mmap,
		     uint32_t count, char *why, size_t why_size)
{
	if (!a->shim_segment)
		return 0;
	if (bios_shim_data_write(a->shim, a->shim_size, mmap, count, mbi_mem_lower(mmap, count)))
		return fmt_fail(why, why_size,
				"the memory map has %u entries, more than the %u the BIOS-call shim holds in the EBDA (the F segment is not available)",
				count, (unsigned)SHIM_E820_ROOM(a->shim_size));
	return 0;
}

void bios_area_install(const struct bios_area *a)
{
	if (a->fsegment)
		fsegment_install(a->fsegment);
}

void bios_area_release(struct bios_area *a)
{
	if (a->pool)
		boot_services->FreePool(a->pool);
	*a = (struct bios_area){ 0 };
}
