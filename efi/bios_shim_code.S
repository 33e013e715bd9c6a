/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Real-mode handlers, copied into the shim block (efi/bios_shim.h) and run
 * there with CS = the block's segment. Position-independent: data at fixed
 * offsets from the block's start, read through %cs.
 */
#include "bios_shim.h"

#define FLAGS_ON_STACK 6      /* after the pushed BP: IP, CS, FLAGS */
#define FLAG_CF 0x01
#define SMAP 0x534d4150
#define UNSUPPORTED 0x86
#define PIC1_COMMAND 0x20
#define PIC2_COMMAND 0xa0
#define PIC_EOI 0x20

	.text
	.code16
	.globl	bios_shim_code_start, bios_shim_code_end
	.globl	bios_shim_unsupported, bios_shim_ignore
	.globl	bios_shim_int12, bios_shim_int15
	.globl	bios_shim_irq0, bios_shim_irq_master, bios_shim_irq_slave

bios_shim_code_start:
/* CPU exceptions, int 1Ch (the user's timer hook): nothing to do. */
bios_shim_ignore:
	iret

/*
 * IRQ 0, the PIT: the tick count a BIOS keeps (BDA 0x46C, the midnight flag
 * when it passes 24 hours), the user's hook (int 1Ch), then the end of the
 * interrupt. Clobbers nothing.
 */
bios_shim_irq0:
	pushw	%ds
	pushw	%ax
	movw	$BDA_SEGMENT, %ax
	movw	%ax, %ds
	incl	BDA_TICKS
	cmpl	$TICKS_PER_DAY, BDA_TICKS
	jb	.Lsame_day
	movl	$0, BDA_TICKS
	movb	$1, BDA_MIDNIGHT
.Lsame_day:
	int	$0x1c
	movb	$PIC_EOI, %al
	outb	%al, $PIC1_COMMAND
	popw	%ax
	popw	%ds
	iret

/* IRQs 1-7: no device handler here; end the interrupt. Clobbers nothing. */
bios_shim_irq_master:
	pushw	%ax
	movb	$PIC_EOI, %al
	outb	%al, $PIC1_COMMAND
	popw	%ax
	iret

/* IRQs 8-15: the slave, then the master's cascade. Clobbers nothing. */
bios_shim_irq_slave:
	pushw	%ax
	movb	$PIC_EOI, %al
	outb	%al, $PIC2_COMMAND
	outb	%al, $PIC1_COMMAND
	popw	%ax
	iret

bios_shim_unsupported:
	movb	$UNSUPPORTED, %ah
.Lset_carry:
	pushw	%bp
	movw	%sp, %bp
	orb	$FLAG_CF, FLAGS_ON_STACK(%bp)
	popw	%bp
	iret

.Lclear_carry:
	pushw	%bp
	movw	%sp, %bp
	andb	$~FLAG_CF, FLAGS_ON_STACK(%bp)
	popw	%bp
	iret

bios_shim_int12:
	movw	%cs:SHIM_BASE_KIB, %ax
	iret

bios_shim_int15:
	cmpl	$0xe820, %eax
	je	.Le820
	cmpw	$0xe801, %ax
	je	.Le801
	cmpb	$0x88, %ah
	jne	bios_shim_unsupported
	movw	%cs:SHIM_EXT_KIB, %ax
	jmp	.Lclear_carry

.Le801:
	movw	%cs:SHIM_E801_LOW, %ax
	movw	%cs:SHIM_E801_HIGH, %bx
	movw	%ax, %cx
	movw	%bx, %dx
	jmp	.Lclear_carry

/* EBX: the entry to return (0 first), ES:DI: the buffer, ECX: its size. */
.Le820:
	cmpl	$SMAP, %edx
	jne	bios_shim_unsupported
	cmpl	%cs:SHIM_E820_COUNT, %ebx
	jae	bios_shim_unsupported
	cmpl	$SHIM_E820_ENTRY_SIZE, %ecx
	jb	bios_shim_unsupported
	pushw	%ds
	pushw	%si
	pushw	%di
	pushw	%cs
	popw	%ds
	imulw	$SHIM_E820_ENTRY_SIZE, %bx, %si
	addw	$SHIM_E820, %si
	movw	$SHIM_E820_ENTRY_SIZE, %cx
	cld
	rep movsb
	popw	%di
	popw	%si
	popw	%ds
	incl	%ebx
	cmpl	%cs:SHIM_E820_COUNT, %ebx
	jb	.Lmore_entries
	xorl	%ebx, %ebx	/* that was the last entry */
.Lmore_entries:
	movl	$SMAP, %eax
	movl	$SHIM_E820_ENTRY_SIZE, %ecx
	jmp	.Lclear_carry
bios_shim_code_end:

	.section .note.GNU-stack, "", @progbits
