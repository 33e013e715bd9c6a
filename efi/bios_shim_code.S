/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Real-mode handlers, copied into the EBDA and run there with CS = the
 * EBDA's segment. Position-independent: data at fixed EBDA offsets.
 */
#include "bios_shim.h"

#define FLAGS_ON_STACK 6      /* after the pushed BP: IP, CS, FLAGS */
#define FLAG_CF 0x01
#define SMAP 0x534d4150
#define E820_ENTRY_SIZE 20
#define UNSUPPORTED 0x86

	.text
	.code16
	.globl	bios_shim_code_start, bios_shim_code_end
	.globl	bios_shim_unsupported, bios_shim_ignore
	.globl	bios_shim_int12, bios_shim_int15

bios_shim_code_start:
/* Hardware interrupts and exceptions: nothing to do (the PICs are masked). */
bios_shim_ignore:
	iret

bios_shim_unsupported:
	movb	$UNSUPPORTED, %ah
set_carry:
	pushw	%bp
	movw	%sp, %bp
	orb	$FLAG_CF, FLAGS_ON_STACK(%bp)
	popw	%bp
	iret

clear_carry:
	pushw	%bp
	movw	%sp, %bp
	andb	$~FLAG_CF, FLAGS_ON_STACK(%bp)
	popw	%bp
	iret

bios_shim_int12:
	movw	%cs:EBDA_SHIM_BASE_KIB, %ax
	iret

bios_shim_int15:
	cmpl	$0xe820, %eax
	je	e820
	cmpw	$0xe801, %ax
	je	e801
	cmpb	$0x88, %ah
	jne	bios_shim_unsupported
	movw	%cs:EBDA_SHIM_EXT_KIB, %ax
	jmp	clear_carry

e801:
	movw	%cs:EBDA_SHIM_E801_LOW, %ax
	movw	%cs:EBDA_SHIM_E801_HIGH, %bx
	movw	%ax, %cx
	movw	%bx, %dx
	jmp	clear_carry

/* EBX: the entry to return (0 first), ES:DI: the buffer, ECX: its size. */
e820:
	cmpl	$SMAP, %edx
	jne	bios_shim_unsupported
	cmpl	%cs:EBDA_SHIM_E820_COUNT, %ebx
	jae	bios_shim_unsupported
	cmpl	$E820_ENTRY_SIZE, %ecx
	jb	bios_shim_unsupported
	pushw	%ds
	pushw	%si
	pushw	%di
	pushw	%cs
	popw	%ds
	imulw	$E820_ENTRY_SIZE, %bx, %si
	addw	$EBDA_SHIM_E820, %si
	movw	$E820_ENTRY_SIZE, %cx
	cld
	rep movsb
	popw	%di
	popw	%si
	popw	%ds
	incl	%ebx
	cmpl	%cs:EBDA_SHIM_E820_COUNT, %ebx
	jb	1f
	xorl	%ebx, %ebx	/* that was the last entry */
1:	movl	$SMAP, %eax
	movl	$E820_ENTRY_SIZE, %ecx
	jmp	clear_carry
bios_shim_code_end:

	.section .note.GNU-stack, "", @progbits
