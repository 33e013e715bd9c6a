/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Placement planning: where every piece of the payload goes, decided from the
 * payload and the firmware's memory map before anything is allocated.
 *
 * Every piece first goes where QEMU's BIOS path puts it. The kernel image
 * cannot move: where its range is not free now but will be after
 * ExitBootServices (or is ACPI NVS, unless strict), it is staged and copied
 * into place by the hand-off code. Other pieces whose range is not free move
 * to the lowest free pages above the kernel image, below 4 GiB.
 */
#ifndef LOADER_PLAN_H
#define LOADER_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memmap.h"
#include "payload.h"

#define PLAN_MAX_NVS 8
#define PLAN_MAX_PIECES (PAYLOAD_MAX_MODULES + 8)
#define LOW_MEMORY_END 0x100000ull
/* SeaBIOS's EBDA: 1 KiB below 640 KiB, reported reserved. */
#define EBDA_ADDR 0x9fc00ull
#define EBDA_SIZE 0x400ull
/* The real-mode IVT and the BIOS data area, written at hand-off. */
#define BIOS_DATA_END 0x500ull
/* A BIOS's own segment, reported reserved when it holds BIOS tables. */
#define FSEGMENT_START 0xf0000ull
#define FSEGMENT_END 0x100000ull

struct plan_request {
	const struct payload *payload;
	const struct mem_map *map;
	bool strict;             /* refuse to overwrite ACPI NVS */
	uint32_t mbi_size;       /* MBI plus the loader name after it */
	uint32_t mmap_entries;   /* room to reserve for the memory map */
	uint32_t handoff_size;   /* hand-off code, GDT, parameters and stack */
	/* The F segment can be made RAM: the BIOS tables and the shim there. */
	bool fsegment;
	/*
	 * The kernel starts with boot services up (a Multiboot 2 EFI entry):
	 * its image must lie in memory free now (nothing copies it later),
	 * and no BIOS data area is set up.
	 */
	bool keep_boot_services;
};

struct page_range {
	uint64_t start;
	uint64_t pages;
};

struct byte_range {
	uint64_t start;
	uint64_t end;
};

struct plan {
	uint64_t kernel_addr;
	uint64_t kernel_size;
	bool kernel_staged;
	uint64_t staging_addr;        /* when staged */
	size_t nvs_count;             /* ACPI NVS ranges the kernel covers */
	struct byte_range nvs[PLAN_MAX_NVS];

	uint64_t meta_addr;
	uint64_t mod_addr[PAYLOAD_MAX_MODULES];
	uint64_t mbi_addr;
	uint64_t mmap_addr;
	uint32_t mmap_capacity;       /* entries */
	bool ebda;                    /* EBDA and BDA set up as SeaBIOS does */
	bool fsegment;                /* the F segment holds BIOS tables and the shim */
	uint64_t handoff_addr;

	/* Scratch while planning: which modules stayed home, placement order. */
	bool mod_home[PAYLOAD_MAX_MODULES];
	uint32_t order[PAYLOAD_MAX_MODULES];

	/* What to allocate (sorted, merged), and what the pieces cover. */
	size_t alloc_count;
	struct page_range allocs[PLAN_MAX_PIECES];
	size_t taken_count;
	struct byte_range taken[PLAN_MAX_PIECES];
};

/* Returns 0, or -1 with a one-line reason in why. */
int plan_make(struct plan *plan, const struct plan_request *req,
	      char *why, size_t why_size);

/*
 * Check the plan against the final memory map (the one ExitBootServices
 * will get): the staged kernel must still land only on memory that is free
 * after ExitBootServices. Returns 0, or -1 with a reason.
 */
int plan_check_final(const struct plan *plan, const struct mem_map *final,
		     bool strict, char *why, size_t why_size);

#endif
