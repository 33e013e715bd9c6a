/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The 32-bit part of the hand-off, shared by the x86-64 and ia32 entries:
 * runs in 32-bit protected mode from our GDT's code segment, with %ebp
 * pointing to struct handoff_block. Included, not linked: each entry file
 * places it right after its own mode switch.
 */
#define CR0_PE   0x00000001
#define CR0_ET   0x00000010
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

	movl	$HANDOFF_DATA32_SEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	HB_STACK(%ebp), %esp

	/* Paging off (in long mode this leaves it), CR0 as QEMU's ROM sets it. */
	movl	$(CR0_PE | CR0_ET), %eax
	movl	%eax, %cr0
	LEAVE_LONG_MODE
	xorl	%eax, %eax
	movl	%eax, %cr4

	/* The staged kernel image and the IVT: dwords, then the odd bytes. */
	leal	HB_COPIES(%ebp), %ebx
	movl	HB_COPY_COUNT(%ebp), %eax
2:	testl	%eax, %eax
	jz	3f
	movl	0(%ebx), %edi
	movl	4(%ebx), %esi
	movl	8(%ebx), %ecx
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep movsl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep movsb
	addl	$HANDOFF_COPY_SIZE, %ebx
	decl	%eax
	jmp	2b
3:

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
	movl	HB_MAGIC(%ebp), %eax
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%ecx
