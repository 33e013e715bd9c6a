/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The 32-bit part of the hand-off, shared by the x86-64 and ia32 entries.
 * Included, not linked: each entry file places it right after its own mode
 * switch (efi/x86_64/handoff_entry.S, efi/ia32/handoff_entry.S).
 *
 * Contract with the includer:
 *   - runs in 32-bit protected mode from our GDT's code segment
 *     (HANDOFF_CODE32_SEL), interrupts off, direction flag clear;
 *   - in:  %ebp = struct handoff_block (efi/handoff.h), below 4 GiB;
 *   - the includer defines LEAVE_LONG_MODE: the instructions that clear
 *     what made long mode (EFER) once paging is off. It may clobber %eax,
 *     %ebx, %ecx and %edx, and must use only local .L labels of its own;
 *   - never returns: it ends in the kernel's entry.
 * Each block below states what it reads and what it clobbers.
 */
#define CR0_PE   0x00000001
#define CR0_ET   0x00000010
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

	/*
	 * Flat data segments and the block's stack.
	 * In: %ebp. Clobbers: %eax, segment registers, %esp.
	 */
	movl	$HANDOFF_DATA32_SEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	HB_STACK(%ebp), %esp

	/*
	 * Paging off (in long mode this leaves it), CR0 as QEMU's ROM sets it,
	 * then EFER and CR4 cleared. Clobbers: %eax, %ebx, %ecx, %edx.
	 */
	movl	$(CR0_PE | CR0_ET), %eax
	movl	%eax, %cr0
	LEAVE_LONG_MODE
	xorl	%eax, %eax
	movl	%eax, %cr4

	/*
	 * The copies (the staged kernel image, the real-mode IVT): dwords,
	 * then the odd bytes. In: %ebp. Clobbers: %eax, %ebx, %ecx, %edx,
	 * %esi, %edi.
	 */
	leal	HB_COPIES(%ebp), %ebx
	movl	HB_COPY_COUNT(%ebp), %eax
.Lnext_copy:
	testl	%eax, %eax
	jz	.Lcopies_done
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
	jmp	.Lnext_copy
.Lcopies_done:

	/*
	 * The BDA as SeaBIOS leaves it, now that page 0 is surely mapped:
	 * only with an EBDA. In: %ebp. Clobbers: nothing else.
	 */
	cmpl	$0, HB_EBDA(%ebp)
	je	.Lno_bda
	movw	$EBDA_SEGMENT, BDA_EBDA_SEGMENT
	movw	$BASE_MEM_KIB, BDA_BASE_MEM_KIB
.Lno_bda:

	/* Both 8259s masked. Clobbers: %al. */
	movb	$0xff, %al
	outb	%al, $PIC1_DATA
	outb	%al, $PIC2_DATA

	/*
	 * The kernel's entry: EAX the magic, EBX the information, the other
	 * general registers 0 but ESP (the block's stack). In: %ebp.
	 */
	movl	HB_ENTRY(%ebp), %ecx
	movl	HB_MBI(%ebp), %ebx
	movl	HB_MAGIC(%ebp), %eax
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%ecx
