/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bench kernel: a 32-bit Multiboot (v1) ELF kernel that only reports when it
 * was entered. First the TSC, then it prints on COM1 (0x3f8)
 *     bench: entry-tsc=0x<16 hex digits> magic=0x<8 hex digits>
 * and leaves QEMU through isa-debug-exit (port 0xf4, value 0: QEMU exits
 * with status 1). It uses no stack and no memory but its own code and
 * strings, so it runs the same after any loader.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-aligned modules, memory info */
#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define EXIT_PORT 0xf4

/* Send the byte in %cl once the transmitter is empty. */
.macro PUTC
	mov $COM1_LSR, %dx
98:	in %dx, %al
	test $0x20, %al
	jz 98b
	mov $COM1, %dx
	mov %cl, %al
	out %al, %dx
.endm

/* Print the NUL-terminated string at \str. */
.macro PUTS str
	mov $\str, %ebx
96:	movb (%ebx), %cl
	test %cl, %cl
	jz 97f
	PUTC
	inc %ebx
	jmp 96b
97:
.endm

/* Print \reg as 8 hex digits (\reg ends as it started: rotated 8 x 4). */
.macro PUTHEX reg
	mov $8, %ebx
94:	rol $4, \reg
	mov \reg, %ecx
	and $0xf, %ecx
	movb hexdigits(%ecx), %cl
	PUTC
	dec %ebx
	jnz 94b
.endm

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
	xor %eax, %eax
	out %al, $EXIT_PORT
1:	cli
	hlt
	jmp 1b

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"
prefix:
	.asciz "\r\nbench: entry-tsc=0x"
magic:
	.asciz " magic=0x"
newline:
	.asciz "\r\n"
