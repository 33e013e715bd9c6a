/* SPDX-License-Identifier: BSD-2-Clause */
/* Constants the MB2 test kernels' assembly and C share. */
#ifndef MB2TEST_LAYOUT_H
#define MB2TEST_LAYOUT_H

/* Which entry point ran (entry_kind). 0 means none did: kmain must not run. */
#define ENTRY_KIND_I386  1  /* ELF e_entry / entry address tag, boot services gone */
#define ENTRY_KIND_EFI32 2  /* EFI i386 entry address tag (8), boot services kept */
#define ENTRY_KIND_EFI64 3  /* EFI amd64 entry address tag (9), boot services kept */

#define MB2TEST_STACK_SIZE 32768  /* UEFI calls (GetMemoryMap) run on it too */

/* mb2test64: linked here, but its relocatable tag (10) allows only
 * [MIN, MAX) at ALIGN, so a loader has to move it. */
#define MB2TEST64_LINK_BASE 0x200000
#define MB2TEST64_MIN_ADDR  0x1000000
#define MB2TEST64_MAX_ADDR  0x40000000
#define MB2TEST64_ALIGN     0x200000

/* Byte offsets into struct entry64_state (cpu64.c), shared with entry64.S. */
#define ENTRY64_RAX    0
#define ENTRY64_RBX    8
#define ENTRY64_RSP    16
#define ENTRY64_RFLAGS 24
#define ENTRY64_CS     32
#define ENTRY64_DS     34
#define ENTRY64_ES     36
#define ENTRY64_SS     38

#endif
