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

/* The 8259s and the 8254 as SeaBIOS leaves them at a Multiboot entry. */
#define PIC1_COMMAND 0x20
#define PIC1_DATA    0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA    0xa1
#define ICW1_INIT_ICW4 0x11   /* edge triggered, cascaded, ICW4 follows */
#define PIC1_VECTOR  0x08     /* IRQs 0-7 at vectors 0x08-0x0f */
#define PIC2_VECTOR  0x70     /* IRQs 8-15 at vectors 0x70-0x77 */
#define ICW3_SLAVE_ON_IRQ2 0x04
#define ICW3_SLAVE_ID 0x02
#define ICW4_8086    0x01
#define PIC1_MASK    0xb8     /* open: timer, keyboard, cascade, floppy (IRQs 0-2, 6) */
#define PIC2_MASK    0x8e     /* open: RTC, mouse, FPU, IDE (IRQs 8, 12-14) */
#define ELCR1        0x4d0    /* which IRQs are level-triggered: */
#define ELCR2        0x4d1
#define ELCR1_LEVEL  0x00
#define ELCR2_LEVEL  0x0c     /* IRQs 10 and 11, where PCI interrupts go */
#define PIT_MODE     0x43
#define PIT_COUNTER0 0x40
#define PIT_CH0_RATE_GENERATOR 0x34  /* channel 0, low then high byte, mode 2, binary */

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

	/*
	 * The 8259s initialised as a BIOS leaves them (vector bases 0x08 and
	 * 0x70, the slave on IRQ2, its masks), and the PIT's channel 0 at
	 * 18.2 Hz (count 0 means 65536): with interrupts off (IF=0) nothing
	 * fires until the kernel wants it. Clobbers: %al, %dx.
	 */
	movb	$ICW1_INIT_ICW4, %al
	outb	%al, $PIC1_COMMAND
	outb	%al, $PIC2_COMMAND
	movb	$PIC1_VECTOR, %al
	outb	%al, $PIC1_DATA
	movb	$PIC2_VECTOR, %al
	outb	%al, $PIC2_DATA
	movb	$ICW3_SLAVE_ON_IRQ2, %al
	outb	%al, $PIC1_DATA
	movb	$ICW3_SLAVE_ID, %al
	outb	%al, $PIC2_DATA
	movb	$ICW4_8086, %al
	outb	%al, $PIC1_DATA
	outb	%al, $PIC2_DATA
	movb	$PIC1_MASK, %al
	outb	%al, $PIC1_DATA
	movb	$PIC2_MASK, %al
	outb	%al, $PIC2_DATA
	movw	$ELCR1, %dx
	movb	$ELCR1_LEVEL, %al
	outb	%al, %dx
	movw	$ELCR2, %dx
	movb	$ELCR2_LEVEL, %al
	outb	%al, %dx
	movb	$PIT_CH0_RATE_GENERATOR, %al
	outb	%al, $PIT_MODE
	xorb	%al, %al
	outb	%al, $PIT_COUNTER0
	outb	%al, $PIT_COUNTER0

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
