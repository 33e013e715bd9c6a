/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Physical floor of a transfer into fresh guest RAM: a 32-bit Multiboot
 * kernel (booted by SeaBIOS and QEMU's ROM, which touch no RAM this high)
 * that writes one word into every 4 KiB page of TOUCH_BYTES (set at link
 * time) from TOUCH_BASE, pages no one has touched. Under TCG every first
 * touch is a page fault on the host, as it is for fw_cfg DMA into the
 * same pages: no loader can move that many bytes faster. It prints on COM1
 *     bench: touch-tsc=0x<16 hex digits>
 * (the TSC ticks the loop took) and leaves QEMU through isa-debug-exit
 * (port 0xf4, value 0: status 1). No stack, no data but its strings.
 */
#include "com1.inc"

#define PAGE_SIZE 4096
/* Above everything SeaBIOS and the ROM use, below -m 2815's RAM top. */
#define TOUCH_BASE 0x4000000

	.text
	.code32
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.globl _start
_start:
	rdtsc
	mov %eax, %esi		/* start, low */
	mov %edx, %ebp		/* start, high */
	mov $TOUCH_BASE, %edi
	mov $TOUCH_BASE + TOUCH_BYTES, %ecx
1:	movl %edi, (%edi)
	add $PAGE_SIZE, %edi
	cmp %ecx, %edi
	jb 1b
	rdtsc
	sub %esi, %eax
	sbb %ebp, %edx
	mov %eax, %edi		/* ticks, low */
	mov %edx, %esi		/* ticks, high */
	PUTS prefix
	PUTHEX %esi
	PUTHEX %edi
	PUTS newline
	EXIT_QEMU

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"
prefix:
	.asciz "\r\nbench: touch-tsc=0x"
newline:
	.asciz "\r\n"

	.section .note.GNU-stack, "", @progbits
