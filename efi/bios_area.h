/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine as a BIOS leaves it, for kernels entered in 32-bit protected
 * mode (Multiboot 1, and Multiboot 2's i386 entry): SeaBIOS's 1 KiB EBDA at
 * 0x9FC00 with a copy of the RSDP where BIOS-style ACPI scans look first;
 * the F segment made RAM and holding the BIOS tables (RSDP, SMBIOS entry
 * points, MP tables built from the MADT) and the real-mode BIOS-call shim
 * (efi/bios_shim.h), whose data comes from the final map. The interrupt
 * controllers, the timer, the BDA and the interrupt table are set at
 * hand-off (efi/handoff_tail.S).
 */
#ifndef EFI_BIOS_AREA_H
#define EFI_BIOS_AREA_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#include <multiboot/multiboot.h>

#include "../loader/options.h"
#include "../loader/plan.h"

/* Our F segment: the shim's block first, the tables after it. */
#define FSEG_SHIM_SIZE    0x4000u
#define FSEG_TABLES_OFF   0x4000u

struct bios_area {
	uint8_t *fsegment;       /* its image, copied after ExitBootServices; NULL: unused */
	uint8_t *shim;           /* the shim's block (in the image or the EBDA); NULL: none */
	size_t shim_size;
	uint16_t shim_segment;   /* its real-mode segment (0 without a shim) */
	void *pool;              /* what bios_area_prepare allocated */
};

/**
 * bios_area_fsegment_usable() - whether the plan may use the F segment
 * @opt: --no-fsegment leaves it alone
 *
 * Says in one warning why not, when the chipset does not let it be RAM.
 */
bool bios_area_fsegment_usable(const struct options *opt);

/**
 * bios_area_prepare() - write low memory and build the F segment (before exit)
 * @a: the result
 * @opt: --no-rsdp
 * @plan: plan->ebda, plan->fsegment say what may be written
 * @why: the reason on failure
 * @why_size: its size
 *
 * Return: EFI_SUCCESS, or EFI_OUT_OF_RESOURCES (the image's memory).
 */
EFI_STATUS bios_area_prepare(struct bios_area *a, const struct options *opt,
			     const struct plan *plan, char *why, size_t why_size);

/**
 * bios_area_finish() - the shim's answers from the final map (allocates nothing)
 * @a: prepared
 * @mmap: the Multiboot map the kernel gets
 * @count: its entries
 * @why: the reason on failure
 * @why_size: its size
 *
 * Return: 0, or -1 when the map does not fit the shim's block.
 */
int bios_area_finish(struct bios_area *a, const struct multiboot_mmap_entry *mmap,
		     uint32_t count, char *why, size_t why_size);

/* After ExitBootServices: the F segment made RAM and filled. */
void bios_area_install(const struct bios_area *a);

void bios_area_release(struct bios_area *a);

#endif
