/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbreal: Multiboot header, 32-bit entry, our own GDT, and the switch to
 * the real-mode trampoline and back. Built with MBREAL_MB2 it carries a
 * Multiboot 2 header instead (entered at its i386 entry, the ELF entry).
 */
#include "realmode.h"
#ifdef MBREAL_MB2
#include "header.h"
#endif

#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003   /* page-aligned modules, memory information */
#define MB_LOADER_MAGIC 0x2badb002
#define MB2_LOADER_MAGIC 0x36d76289
#define STACK_SIZE 0x4000
#define CR0_PE 0x00000001
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_FAIL 1

	.section .multiboot, "a"
#ifdef MBREAL_MB2
	MB2_HEADER_BEGIN
	/* What the checks compare the BIOS's answers with, and the command
	 * line and loader name they read: the loader must give them all. */
	TAG_BEGIN(request, HT_INFO_REQUEST, 0)
	.long	IT_CMDLINE, IT_LOADER_NAME, IT_BASIC_MEMINFO, IT_MMAP
	TAG_END(request)
	MB2_HEADER_END
#define WANT_MAGIC MB2_LOADER_MAGIC
#else
	.balign 4
	.long	MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
#define WANT_MAGIC MB_LOADER_MAGIC
#endif

	.text
	.code32
	.globl	_start
_start:
	cli
	movl	$stack_top, %esp
	/* The loader's GDT may be gone once we leave it: use our own. */
	lgdt	gdt_desc
	ljmp	$SEL_CODE32, $1f
1:	movl	%eax, %ecx	/* the loader's magic, for kmain */
	movl	$SEL_DATA32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	pushl	$WANT_MAGIC	/* the magic this header's version wants */
	pushl	%ebx		/* the MBI */
	pushl	%ecx		/* the loader's magic */
	call	kmain
	/* kmain exits through isa-debug-exit; without that device, stop. */
	movb	$DEBUG_EXIT_FAIL, %al
	outb	%al, $DEBUG_EXIT_PORT
2:	hlt
	jmp	2b

/*
 * void realmode_run(void): enter the trampoline at RM_BASE in 16-bit
 * protected mode (it leaves for real mode itself) and come back here.
 */
	.globl	realmode_run
realmode_run:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, saved_esp
	sidt	saved_idtr
	/* Offset 0 of the 16-bit code segment is the trampoline's first byte. */
	ljmp	$SEL_CODE16, $0

	/* The trampoline's far jump back lands here, with CS = SEL_CODE32. */
	.globl	realmode_return
realmode_return:
	movl	$SEL_DATA32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	saved_esp, %esp
	lidt	saved_idtr
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.section .rodata
	.balign 8
/* Flat 32-bit code and data, and 16-bit segments real mode can inherit. */
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* SEL_CODE32: base 0, 4 GiB, 32-bit */
	.quad	0x00cf92000000ffff	/* SEL_DATA32 */
	.quad	0x00009a000000ffff | (RM_BASE << 16)	/* SEL_CODE16 */
	.quad	0x000092000000ffff	/* SEL_DATA16: base 0, 64 KiB */
gdt_end:
	.balign 4
	.word	0
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	.data
	.balign 4
saved_esp:
	.long	0
	.word	0
saved_idtr:
	.word	0
	.long	0

	.bss
	.balign 16
	.skip	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
