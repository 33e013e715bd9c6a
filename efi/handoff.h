/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hand-off: code copied to pages no destination overlaps, run after
 * ExitBootServices, that leaves long mode, copies the staged kernel image,
 * sets up the BDA and enters the kernel as the Multiboot specs say.
 */
#ifndef EFI_HANDOFF_H
#define EFI_HANDOFF_H

#define HANDOFF_CODE32_SEL 0x08  /* as in QEMU's multiboot option ROM */
#define HANDOFF_DATA32_SEL 0x10

/* The area: code page, parameter page, stack page. */
#define HANDOFF_PAGES      3
#define HANDOFF_BLOCK_OFF  0x1000
#define HANDOFF_STACK_TOP  0x3000

/* Offsets in struct handoff_block, for the assembly. */
#define HB_GDTR_LIMIT  30
#define HB_ENTRY       40
#define HB_MBI         44
#define HB_STACK       48
#define HB_EBDA        52
#define HB_MAGIC       56
#define HB_COPY_COUNT  60
#define HB_COPIES      64
#define HANDOFF_COPY_SIZE 12   /* dst, src, len */
#define HANDOFF_COPIES 2       /* the staged kernel, the real-mode IVT */

/* Low memory a BIOS leaves: BDA words, and SeaBIOS's EBDA. */
#define BDA_EBDA_SEGMENT 0x40e
#define BDA_BASE_MEM_KIB 0x413
#define EBDA_SEGMENT     0x9fc0
#define BASE_MEM_KIB     639

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "bios_shim.h"

/* Copied once nothing else runs: into memory the firmware used until then. */
struct handoff_copy {
	uint32_t dst;
	uint32_t src;
	uint32_t len;
};

struct handoff_block {
	uint64_t gdt[3];
	uint16_t pad[3];
	uint16_t gdt_limit;   /* lgdt reads limit then base from here */
	uint64_t gdt_base;
	uint32_t entry;
	uint32_t mbi;
	uint32_t stack_top;
	uint32_t ebda;        /* set up the BDA for the EBDA */
	uint32_t magic;       /* EAX: Multiboot 1 or 2 */
	uint32_t copy_count;
	struct handoff_copy copies[HANDOFF_COPIES];
	uint32_t ivt[IVT_ENTRIES];  /* the real-mode interrupt table for page 0 */
};

struct plan;

/* Copy the code and fill the parameters in the plan's hand-off area. */
/*
 * shim_segment: the real-mode BIOS-call shim's segment, whose handlers the
 * interrupt table at 0 points to; 0 writes no interrupt table.
 */
struct handoff_block *handoff_prepare(const struct plan *plan, uint32_t entry,
				      uint32_t magic, uint16_t shim_segment);

/* Enter the kernel; call only after ExitBootServices succeeded. */
__attribute__((noreturn)) void handoff_enter(const struct plan *plan,
					     struct handoff_block *block);

/*
 * Enter a Multiboot 2 kernel through its EFI entry, boot services up: in
 * the firmware's own mode and page tables, EAX the magic, EBX the MBI.
 */
__attribute__((noreturn)) void handoff_enter_efi(uint32_t entry, uint32_t mbi);
#endif

#endif
