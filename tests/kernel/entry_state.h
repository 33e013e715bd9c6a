/* SPDX-License-Identifier: BSD-2-Clause */
/* Registers the loader handed over, captured by entry.S before anything changes them. */
#ifndef MBTEST_ENTRY_STATE_H
#define MBTEST_ENTRY_STATE_H

/* Byte offsets into struct entry_state, shared with entry.S. */
#define ENTRY_EAX    0
#define ENTRY_EBX    4
#define ENTRY_ESP    8
#define ENTRY_EFLAGS 12
#define ENTRY_CS     16
#define ENTRY_DS     18
#define ENTRY_ES     20
#define ENTRY_SS     22
#define ENTRY_FS     24
#define ENTRY_GS     26

#ifdef ASM_FILE
/* Both 32-bit entries (entry.S, mb2/entry32.S) record everything the loader
 * promised (or did not) before the first instruction that could change it,
 * then switch to their own stack_top: the loader's stack is never used.
 * Plain moves leave EFLAGS untouched, so pushf after switching stacks
 * still sees the loader's flags. */
.macro record_entry_state
	movl %eax, entry_state + ENTRY_EAX
	movl %ebx, entry_state + ENTRY_EBX
	movl %esp, entry_state + ENTRY_ESP
	movw %cs, entry_state + ENTRY_CS
	movw %ds, entry_state + ENTRY_DS
	movw %es, entry_state + ENTRY_ES
	movw %ss, entry_state + ENTRY_SS
	movw %fs, entry_state + ENTRY_FS
	movw %gs, entry_state + ENTRY_GS
	movl $stack_top, %esp
	pushfl
	popl entry_state + ENTRY_EFLAGS
.endm
#else
#include <stddef.h>
#include <stdint.h>

struct entry_state {
	uint32_t eax;
	uint32_t ebx;
	uint32_t esp;
	uint32_t eflags;
	uint16_t cs, ds, es, ss, fs, gs;
};

_Static_assert(offsetof(struct entry_state, eax) == ENTRY_EAX, "eax");
_Static_assert(offsetof(struct entry_state, ebx) == ENTRY_EBX, "ebx");
_Static_assert(offsetof(struct entry_state, esp) == ENTRY_ESP, "esp");
_Static_assert(offsetof(struct entry_state, eflags) == ENTRY_EFLAGS, "eflags");
_Static_assert(offsetof(struct entry_state, cs) == ENTRY_CS, "cs");
_Static_assert(offsetof(struct entry_state, ds) == ENTRY_DS, "ds");
_Static_assert(offsetof(struct entry_state, es) == ENTRY_ES, "es");
_Static_assert(offsetof(struct entry_state, ss) == ENTRY_SS, "ss");
_Static_assert(offsetof(struct entry_state, fs) == ENTRY_FS, "fs");
_Static_assert(offsetof(struct entry_state, gs) == ENTRY_GS, "gs");

/* Lives in .bss.entry, which the linker script keeps apart from the .bss
 * area whose zero fill the kernel checks (entry.S writes it first). */
extern struct entry_state entry_state;
#endif

#endif
