/*
 * Runs from a copy in its own page, identity-mapped below 4 GiB, with %rdi
 * pointing to struct handoff_block. Position-independent: only %rip-relative
 * and block-relative addressing.
 */
#include "handoff.h"

#define CR0_PE   0x00000001
#define CR0_ET   0x00000010
#define MSR_EFER 0xc0000080
#define EFER_SCE 0x00000001
#define EFER_LME 0x00000100
#define EFER_NXE 0x00000800
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002

	.text
	.globl	handoff_code_start
	.globl	handoff_code_end

	.code64
handoff_code_start:
	cli
	cld
	lgdt	HB_GDTR_LIMIT(%rdi)
	/* To 32-bit compatibility mode through a far return. */
	leaq	compat32(%rip), %rax
	pushq	$HANDOFF_CODE32_SEL
	pushq	%rax
	lretq

	.code32
compat32:
	movl	%edi, %ebp
	movl	$HANDOFF_DATA32_SEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	HB_STACK(%ebp), %esp

	/* Paging off (this leaves long mode), CR0 as QEMU's ROM sets it. */
	movl	$(CR0_PE | CR0_ET), %eax
	movl	%eax, %cr0
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~(EFER_LME | EFER_NXE | EFER_SCE), %eax
	wrmsr
	xorl	%eax, %eax
	movl	%eax, %cr4

	/* The staged kernel image: dwords, then the odd bytes. */
	movl	HB_COPY_DST(%ebp), %edi
	movl	HB_COPY_SRC(%ebp), %esi
	movl	HB_COPY_LEN(%ebp), %ecx
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep movsl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep movsb

	/* The BDA as SeaBIOS leaves it, now that page 0 is surely mapped. */
	cmpl	$0, HB_EBDA(%ebp)
	je	1f
	movw	$EBDA_SEGMENT, BDA_EBDA_SEGMENT
	movw	$BASE_MEM_KIB, BDA_BASE_MEM_KIB
1:
	movb	$0xff, %al
	outb	%al, $PIC1_DATA
	outb	%al, $PIC2_DATA

	movl	HB_ENTRY(%ebp), %ecx
	movl	HB_MBI(%ebp), %ebx
	movl	$MULTIBOOT_BOOTLOADER_MAGIC, %eax
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%ecx
handoff_code_end:
	.section .note.GNU-stack,"",@progbits
