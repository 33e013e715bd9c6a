/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt entry stubs: see isr.h. */
#include "isr.h"

	.text
	.balign ISR_STUB_SIZE
	.globl isr_stubs
isr_stubs:
	vector = 0
	.rept ISR_VECTORS
1:	pushl $vector
	jmp isr_common
	/* Pads the stub to its slot; the assembler refuses to move .org
	 * backwards, so a stub that outgrew the slot does not build. */
	.org 1b + ISR_STUB_SIZE, 0xcc
	vector = vector + 1
	.endr

isr_common:
	pushal
	/* The C ABI assumes DF=0, whatever the interrupted code had. */
	cld
	pushl %esp		/* struct isr_frame * */
	call isr_dispatch
	addl $4, %esp
	popal
	addl $4, %esp		/* the vector */
	iret

	.section .note.GNU-stack, "", @progbits
