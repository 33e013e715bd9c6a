/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot 2 kernels: what the firmware glue adds to the common path
 * (relocation, the entry, the firmware tables, the information written
 * before and at ExitBootServices).
 */
#ifndef EFI_MB2_H
#define EFI_MB2_H

#include <efi.h>
#include <stdbool.h>

#include "../loader/kernel_file.h"
#include "../loader/mb2info.h"
#include "../loader/options.h"
#include "acpi.h"
#include "exit.h"
#include "smbios.h"
#include "source.h"

struct mb2_boot {
	const struct kernel_file *kernel;
	bool keep_boot_services;  /* entered through its EFI entry */
	uint32_t efi_entry;       /* then this one */
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_size;
	uint8_t smbios[SMBIOS_ENTRY_MAX_SIZE];
	size_t smbios_size;
	struct mb2_info_input info;
	uint64_t mbi_addr;
	size_t static_size;
	uint32_t capacity;
};

/*
 * Say what the kernel asks for that it cannot get, move it when it is
 * relocatable (into free memory of map), choose its entry, and gather what
 * its information needs.
 */
EFI_STATUS mb2_boot_prepare(struct mb2_boot *b, EFI_HANDLE image, const struct options *opt,
			    struct source *src, struct payload *p, uint8_t *meta,
			    const struct plan *plan, const struct mem_map *map,
			    const char *loader_name, char *why, size_t why_size);

/* The most the information can take, for the plan; also its capacity. */
uint32_t mb2_boot_info_size(struct mb2_boot *b, uint32_t mmap_entries, size_t efi_map_size);

/* Write the information's first part at the planned address. */
void mb2_boot_write_static(struct mb2_boot *b, const struct plan *plan,
			   const struct framebuffer *fb);

/* A write_info_fn (ctx: the struct mb2_boot): the maps and the end tag. */
int mb2_boot_write_final(void *ctx, const struct efi_map *map,
			 const struct multiboot_mmap_entry *mmap, uint32_t count,
			 char *why, size_t why_size);

#endif
