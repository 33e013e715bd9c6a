/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbreal: the real-mode part, copied to RM_BASE and run there. It is
 * entered in 16-bit protected mode (CS = SEL_CODE16, whose base is
 * RM_BASE), drops to real mode, makes the BIOS calls under test, stores
 * what each returned (realmode.h's RES_* layout), and far-jumps back to
 * realmode_return in 32-bit protected mode.
 *
 * Position-independent: every address inside the blob is written as an
 * offset from rm_blob_start, which is also the offset from RM_SEGMENT.
 * Results are stored through CS, the one segment register a misbehaving
 * BIOS call cannot leave wrong (its iret reloads it).
 */
#include "realmode.h"

#define CR0_PE 0x00000001
#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THR_EMPTY 0x20
#define IVT_LIMIT 0x3ff
#define GSIC_SIGNATURE 0x47534943   /* "GSIC": SpeedStep's EDX */
#define EDD_CHECK_MAGIC 0x55aa
#define FIRST_HARD_DISK 0x80

#define OFF(label) ((label) - rm_blob_start)

/*
 * BIOS SLOT VECTOR: print NAME first (so a hang shows which call it was),
 * set the registers a call must keep, let SETUP load its inputs, make the
 * call, and snapshot the registers into the results at offset SLOT.
 */
.macro BIOS name, slot, vector, setup:vararg
	movw	$OFF(\name), %si
	call	rm_puts
	movw	$\slot, %cs:RES_SLOT
	call	rm_prepare
	\setup
	int	$\vector
	call	rm_snapshot
.endm

	.section .rodata.realmode, "a"
	.code16
	.globl	rm_blob_start, rm_blob_end
rm_blob_start:
	/* 16-bit protected mode: segments with real mode's 64 KiB limits. */
	movw	$SEL_DATA16, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	%cr0, %eax
	andl	$~CR0_PE, %eax
	movl	%eax, %cr0
	ljmp	$RM_SEGMENT, $OFF(real_mode)

real_mode:
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$RM_STACK_TOP, %sp
	movw	%ax, %fs
	movw	%ax, %gs
	lidt	%cs:OFF(real_mode_idt)
	movw	$OFF(msg_calling), %si
	call	rm_puts
	testw	$REQ_NO_CALLS, %cs:RES_REQUEST
	jnz	calls_done

	BIOS	msg_int12, RES_INT12, 0x12

	/*
	 * E820, entry by entry: EBX carries the BIOS's continuation value (0
	 * first), ES:DI the entry's buffer. Stops at CF set or EBX = 0.
	 */
	movw	$OFF(msg_e820), %si
	call	rm_puts
	movw	$0, %cs:RES_E820_CALLS
	movl	$0, %cs:RES_E820_EBX
e820_next:
	imulw	$R_SIZE, %cs:RES_E820_CALLS, %ax
	addw	$RES_E820_REGS, %ax
	movw	%ax, %cs:RES_SLOT
	call	rm_prepare
	imulw	$E820_ENTRY_SIZE, %cs:RES_E820_CALLS, %di
	addw	$RES_E820_BUF, %di
	movzwl	%di, %edi
	movl	%cs:RES_E820_EBX, %ebx
	movl	$0xe820, %eax
	movl	$SMAP_SIGNATURE, %edx
	movl	$E820_ENTRY_SIZE, %ecx
	int	$0x15
	call	rm_snapshot
	incw	%cs:RES_E820_CALLS	/* leaves CF as the call set it */
	jc	e820_done
	movl	%ebx, %cs:RES_E820_EBX
	testl	%ebx, %ebx
	jz	e820_done
	cmpw	$E820_MAX, %cs:RES_E820_CALLS
	jb	e820_next
e820_done:

	BIOS	msg_e801, RES_E801, 0x15, movw $0xe801, %ax
	BIOS	msg_88, RES_88, 0x15, movw $0x8800, %ax
	/* Get the current video mode. */
	BIOS	msg_int10, RES_INT10, 0x10, movw $0x0f00, %ax
	/* EDD installation check for the first hard disk. */
	BIOS	msg_int13, RES_INT13, 0x13, call rm_edd_inputs
	/* Intel SpeedStep's applet query: nothing a VM's BIOS offers. */
	BIOS	msg_e980, RES_E980, 0x15, call rm_e980_inputs

calls_done:
	testw	$REQ_TIMER, %cs:RES_REQUEST
	jz	1f
	call	rm_timer
1:
	movw	$OFF(msg_done), %si
	call	rm_puts
	/* Back to 32-bit protected mode; GDTR still holds our GDT. */
	cli
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $realmode_return

/*
 * rm_timer: interrupts on, as a real-mode kernel would turn them on, until
 * the BIOS's IRQ 0 handler has raised the BDA tick count TIMER_WANT_TICKS
 * times (which also takes its EOI each time) or 2^33 TSC cycles have
 * passed; then interrupts off and the PICs' in-service registers saved.
 * It polls instead of halting: with no interrupt coming, hlt would never
 * return.
 */
rm_timer:
	movw	$OFF(msg_timer), %si
	call	rm_puts
	xorw	%ax, %ax
	movw	%ax, %fs
	movl	%fs:BDA_TICKS, %eax
	movl	%eax, %cs:RES_TICKS_START
	movw	$0, %cs:RES_TIMER_TIMEOUT
	rdtsc
	movl	%eax, %esi
	movl	%edx, %edi
	sti
1:	movl	%fs:BDA_TICKS, %eax
	subl	%cs:RES_TICKS_START, %eax
	cmpl	$TIMER_WANT_TICKS, %eax
	jae	2f
	rdtsc
	subl	%esi, %eax
	sbbl	%edi, %edx
	cmpl	$TIMER_WAIT_CYCLES_HIGH, %edx
	jb	1b
	movw	$1, %cs:RES_TIMER_TIMEOUT
2:	cli
	movl	%fs:BDA_TICKS, %eax
	movl	%eax, %cs:RES_TICKS_END
	movb	$OCW3_READ_ISR, %al
	outb	%al, $PIC1_CMD
	outb	%al, $PIC2_CMD
	inb	$PIC1_CMD, %al
	movb	%al, %cs:RES_TIMER_ISR
	inb	$PIC2_CMD, %al
	movb	%al, %cs:RES_TIMER_ISR + 1
	/* Back to the IRR, what the PICs read after initialisation. */
	movb	$OCW3_READ_IRR, %al
	outb	%al, $PIC1_CMD
	outb	%al, $PIC2_CMD
	ret

rm_edd_inputs:
	movw	$0x4100, %ax
	movw	$EDD_CHECK_MAGIC, %bx
	movb	$FIRST_HARD_DISK, %dl
	ret

rm_e980_inputs:
	movl	$0xe980, %eax
	movl	$GSIC_SIGNATURE, %edx
	ret

/* The segments, and sentinels in the registers a call must keep. */
rm_prepare:
	movl	$RM_SEGMENT, %eax	/* and EAX's top half 0, as calls expect */
	movw	%ax, %ds
	movw	%ax, %es
	movl	$SENTINEL_EBX, %ebx
	movl	$SENTINEL_ECX, %ecx
	movl	$SENTINEL_EDX, %edx
	movl	$SENTINEL_ESI, %esi
	movl	$SENTINEL_EDI, %edi
	movl	$SENTINEL_EBP, %ebp
	ret

/*
 * Store every register, the flags and SS:SP as the call left them into
 * the snapshot at RES_SLOT; changes nothing, flags included.
 */
rm_snapshot:
	pushfw
	pushl	%ebx
	movw	%cs:RES_SLOT, %bx
	popl	%cs:R_EBX(%bx)
	popw	%cs:R_FLAGS(%bx)
	movl	%eax, %cs:R_EAX(%bx)
	movl	%ecx, %cs:R_ECX(%bx)
	movl	%edx, %cs:R_EDX(%bx)
	movl	%esi, %cs:R_ESI(%bx)
	movl	%edi, %cs:R_EDI(%bx)
	movl	%ebp, %cs:R_EBP(%bx)
	movw	%ds, %cs:R_DS(%bx)
	movw	%es, %cs:R_ES(%bx)
	movw	%ss, %cs:R_SS(%bx)
	/* The caller's SP: before our return address was pushed. */
	movw	%sp, %cs:R_SP(%bx)
	addw	$2, %cs:R_SP(%bx)
	pushw	%cs:R_FLAGS(%bx)
	popfw
	movl	%cs:R_EBX(%bx), %ebx
	ret

/* rm_puts: print the NUL-terminated string at CS:SI on COM1. */
rm_puts:
	pushaw
1:	movb	%cs:(%si), %bl
	testb	%bl, %bl
	jz	3f
	movw	$COM1_LSR, %dx
2:	inb	%dx, %al
	testb	$LSR_THR_EMPTY, %al
	jz	2b
	movw	$COM1, %dx
	movb	%bl, %al
	outb	%al, %dx
	incw	%si
	jmp	1b
3:	popaw
	ret

	.balign 2
real_mode_idt:
	.word	IVT_LIMIT
	.long	0

msg_calling:	.asciz	"mbreal: real mode, calling"
msg_int12:	.asciz	" int12"
msg_e820:	.asciz	" e820"
msg_e801:	.asciz	" e801"
msg_88:		.asciz	" 88h"
msg_int10:	.asciz	" int10/0fh"
msg_int13:	.asciz	" int13/41h"
msg_e980:	.asciz	" e980"
msg_timer:	.asciz	" sti-wait"
msg_done:	.asciz	" done\n"
rm_blob_end:

	.section .note.GNU-stack, "", @progbits
