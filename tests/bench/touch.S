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
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003
#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define EXIT_PORT 0xf4
#define PAGE_SIZE 4096
/* Above everything SeaBIOS and the ROM use, below -m 2815's RAM top. */
#define TOUCH_BASE 0x4000000

/* Send the byte in %cl once the transmitter is empty. In: %cl. Clobbers: %al, %dx. */
.macro PUTC
	mov $COM1_LSR, %dx
98:	in %dx, %al
	test $0x20, %al
	jz 98b
	mov $COM1, %dx
	mov %cl, %al
	out %al, %dx
.endm

/* Print the NUL-terminated string at \str. Clobbers: %eax, %ebx, %ecx, %edx. */
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

/* Print \reg as 8 hex digits (\reg ends as it started). Clobbers: %eax, %ebx, %ecx, %edx. */
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
	xor %eax, %eax
	out %al, $EXIT_PORT
2:	cli
	hlt
	jmp 2b

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"
prefix:
	.asciz "\r\nbench: touch-tsc=0x"
newline:
	.asciz "\r\n"

	.section .note.GNU-stack, "", @progbits
