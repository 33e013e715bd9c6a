/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ia32 entry of the hand-off. Runs from a copy in its own page with the
 * struct handoff_block pointer as its (cdecl) argument. 32-bit UEFI runs
 * flat, usually with paging off; the shared tail turns paging off anyway.
 * Position-independent: the far return's target comes from call/pop.
 */
#include "../handoff.h"

#define MSR_EFER 0xc0000080
#define CPUID_MAX_EXT_LEAF 0x80000000
#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_NX (1 << 20)
#define CPUID_LM (1 << 29)

/*
 * For handoff_tail.S. No long mode to leave, but the firmware may have set
 * EFER.NXE for its page tables: clear EFER as the BIOS path leaves it,
 * where EFER exists (a CPU with NX or long mode); on others wrmsr would
 * fault. Clobbers: %eax, %ebx, %ecx, %edx (cpuid).
 */
#define LEAVE_LONG_MODE					\
	movl	$CPUID_MAX_EXT_LEAF, %eax;		\
	cpuid;						\
	cmpl	$CPUID_EXT_FEATURES, %eax;		\
	jb	.Lno_efer;				\
	movl	$CPUID_EXT_FEATURES, %eax;		\
	cpuid;						\
	testl	$(CPUID_NX | CPUID_LM), %edx;		\
	jz	.Lno_efer;				\
	movl	$MSR_EFER, %ecx;			\
	xorl	%eax, %eax;				\
	xorl	%edx, %edx;				\
	wrmsr;						\
.Lno_efer:

	.text
	.globl	handoff_code_start
	.globl	handoff_code_end

	.code32
handoff_code_start:
	cli
	cld
	movl	4(%esp), %ebp
	lgdt	HB_GDTR_LIMIT(%ebp)
	/* Our code segment through a far return to the copy's own address. */
	call	.Lhere
.Lhere:	popl	%eax
	addl	$(protected32 - .Lhere), %eax
	pushl	$HANDOFF_CODE32_SEL
	pushl	%eax
	lret

protected32:
#include "../handoff_tail.S"
handoff_code_end:

	.section .note.GNU-stack, "", @progbits
