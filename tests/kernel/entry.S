/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot v1 header and the kernel's entry point.
 *
 * Built twice: plain (the loader reads the ELF program headers) and with
 * MBTEST_AOUT_KLUDGE (flag bit 16: the header itself gives the load addresses,
 * for the flat-binary variants), with MBTEST_VIDEO_MODE (flag bit 2: it
 * asks for a linear 800x600x32 graphics mode), and with MBTEST_MB2_HEADER
 * (a Multiboot 2 header as well). */
#define ASM_FILE
#include <multiboot/multiboot.h>
#include "entry_state.h"
#include "mb2/header.h"

#ifdef MBTEST_AOUT_KLUDGE
#define MBTEST_HEADER_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_AOUT_KLUDGE)
#elif defined(MBTEST_VIDEO_MODE)
#define MBTEST_HEADER_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_VIDEO_MODE)
#else
#define MBTEST_HEADER_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)
#endif

#define STACK_SIZE 16384

/* The mode the video variant asks for: linear graphics (type 0), and a
 * size OVMF offers but does not start in (it starts at 1280x800). */
#define VIDEO_MODE_TYPE 0
#define VIDEO_WIDTH 800
#define VIDEO_HEIGHT 600
#define VIDEO_DEPTH 32

	.section .multiboot, "a"
	.balign MULTIBOOT_HEADER_ALIGN
mb_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MBTEST_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MBTEST_HEADER_FLAGS)
#ifdef MBTEST_AOUT_KLUDGE
	.long mb_header		/* header_addr */
	.long __kernel_start	/* load_addr */
	.long __load_end	/* load_end_addr: file contents end here */
	.long __kernel_end	/* bss_end_addr: the loader zeroes up to here */
	.long _start		/* entry_addr */
#endif
#ifdef MBTEST_VIDEO_MODE
	/* The address fields come first; with flag bit 16 clear they are unused. */
	.long 0, 0, 0, 0, 0
	.long VIDEO_MODE_TYPE, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_DEPTH
#endif
#ifdef MBTEST_MB2_HEADER
	/* A Multiboot 2 header too (no tags), as kernels that support both
	 * carry: a loader must take the one it is asked for. This kernel only
	 * checks a Multiboot 1 hand-off. */
	MB2_HEADER_BEGIN
	MB2_HEADER_END
#endif

	.section .bss.entry, "aw", @nobits
	.balign 16
stack_bottom:
	.skip STACK_SIZE
stack_top:

	.text
	.globl _start
	.type _start, @function
_start:
	record_entry_state
	/* The C ABI assumes DF=0; interrupts have no handlers here. */
	cld
	cli
	call kmain
halt:
	hlt
	jmp halt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
