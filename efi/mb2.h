/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot 2 kernels: the protocol record (efi/protocol.h) with what the
 * firmware glue adds to the common path: the entry, the firmware tables,
 * the information written before and at ExitBootServices.
 */
#ifndef EFI_MB2_H
#define EFI_MB2_H

#include <efi.h>
#include <stdbool.h>

#include "../loader/kernel_file.h"
#include "../loader/mb2info.h"
#include "../loader/options.h"
#include "acpi.h"
#include "protocol.h"
#include "smbios.h"
#include "source.h"

struct mb2_boot {
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	uint8_t smbios[SMBIOS_ENTRY_MAX_SIZE];
	struct framebuffer fb;
	struct mb2_info_input info;
	uint64_t mbi_addr;
	size_t static_size;
	uint32_t capacity;
};

/**
 * mb2_protocol() - the Multiboot 2 record for a laid-out kernel file
 * @proto: filled here
 * @b: its context, kept as long as @proto is used
 * @image: this app (its handle goes into the information)
 * @opt: the options (--no-rsdp)
 * @src: the source, laid out (source_lay_out)
 *
 * Says what the kernel asks for that it cannot get, chooses its entry (the
 * EFI entry for the firmware's width keeps boot services up) and gathers
 * what its information needs.
 */
void mb2_protocol(struct protocol *proto, struct mb2_boot *b, EFI_HANDLE image,
		  const struct options *opt, const struct source *src);

#endif
