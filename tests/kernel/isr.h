/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt entry stubs (isr.S) for the checks that take real interrupts
 * (pic.c): one stub per vector, ISR_STUB_SIZE bytes apart, so the IDT gate
 * for vector V points at isr_stubs + V * ISR_STUB_SIZE. Each pushes its
 * vector, saves the general registers and calls isr_dispatch(); when that
 * returns, the stub returns from the interrupt. */
#ifndef MBTEST_ISR_H
#define MBTEST_ISR_H

#define ISR_VECTORS   256
#define ISR_STUB_SIZE 16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The stack as isr_dispatch() sees it: pushal's registers, the stub's
 * vector, then what the CPU pushed. For an exception with an error code,
 * eip holds the error code and every later field is one word on. */
struct isr_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t vector;
	uint32_t eip, cs, eflags;
};

extern const char isr_stubs[];

/* Must only return for an interrupt that pushed no error code. */
void isr_dispatch(struct isr_frame *frame);
#endif

#endif
