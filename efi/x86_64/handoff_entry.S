/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86-64 entry of the hand-off. Runs from a copy in its own page,
 * identity-mapped below 4 GiB, with %rdi pointing to struct handoff_block.
 * Position-independent: only %rip-relative and block-relative addressing.
 */
#include "../handoff.h"

#define MSR_EFER 0xc0000080
#define EFER_SCE 0x00000001
#define EFER_LME 0x00000100
#define EFER_NXE 0x00000800

/*
 * For handoff_tail.S. Paging is off, so long mode is inactive: now clear
 * what enabled it. Clobbers: %eax, %ecx, %edx.
 */
#define LEAVE_LONG_MODE				\
	movl	$MSR_EFER, %ecx;		\
	rdmsr;					\
	andl	$~(EFER_LME | EFER_NXE | EFER_SCE), %eax; \
	wrmsr

	.text
	.globl	handoff_code_start
	.globl	handoff_code_end

	.code64
handoff_code_start:
	cli
	cld
	lgdt	HB_GDTR_LIMIT(%rdi)
	/* To 32-bit compatibility mode through a far return. */
	leaq	protected32(%rip), %rax
	pushq	$HANDOFF_CODE32_SEL
	pushq	%rax
	lretq

	.code32
protected32:
	movl	%edi, %ebp
#include "../handoff_tail.S"
handoff_code_end:

	.section .note.GNU-stack, "", @progbits
