/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bench kernel: a 32-bit Multiboot (v1) ELF kernel that only reports when it
 * was entered. First the TSC, then it prints on COM1 (0x3f8)
 *     bench: entry-tsc=0x<16 hex digits> magic=0x<8 hex digits>
 * and leaves QEMU through isa-debug-exit (port 0xf4, value 0: QEMU exits
 * with status 1). It uses no stack and no memory but its own code and
 * strings, so it runs the same after any loader.
 */
#include "com1.inc"

	.text
	.code32
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.globl _start
_start:
	mov %eax, %ebp		/* the loader's magic */
	rdtsc
	mov %eax, %edi		/* TSC low */
	mov %edx, %esi		/* TSC high */
	PUTS prefix
	PUTHEX %esi
	PUTHEX %edi
	PUTS magic
	PUTHEX %ebp
	PUTS newline
	EXIT_QEMU

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"
prefix:
	.asciz "\r\nbench: entry-tsc=0x"
magic:
	.asciz " magic=0x"
newline:
	.asciz "\r\n"
