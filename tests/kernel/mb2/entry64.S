/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot 2 header and entry points of mb2test64, the relocatable 64-bit
 * MB2 test kernel. A loader must enter it through the EFI amd64 entry tag
 * with boot services kept, and must move it: it is linked at
 * MB2TEST64_LINK_BASE, below the relocatable tag's min_addr.
 *
 * Everything here and in the C code is position-independent (RIP-relative);
 * the only absolute address in the image is the entry tag's, which the
 * loader adjusts by the distance it moved the image (spec 3.1.12).
 * check_relocs.sh fails the build on anything else. */
#define ASM_FILE
#include "header.h"
#include "layout.h"

#define COM1            0x3F8
#define COM1_LSR        (COM1 + 5)
#define LSR_THR_EMPTY   0x20
#define DEBUG_EXIT_PORT 0xF4
#define EXIT_FAIL       1

	.section .multiboot, "a"
	MB2_HEADER_BEGIN

	/* With boot services kept a loader gives no memory map (it would
	 * change under the kernel), so only these are required. */
	TAG_BEGIN(request, HT_INFO_REQUEST, 0)
	.long IT_CMDLINE, IT_LOADER_NAME, IT_MODULE
	TAG_END(request)

	TAG_BEGIN(optional_request, HT_INFO_REQUEST, TAG_OPTIONAL)
	.long IT_BASIC_MEMINFO, IT_MMAP, IT_ACPI_NEW, IT_EFI_MMAP
	TAG_END(optional_request)

	TAG_BEGIN(module_align, HT_MODULE_ALIGN, 0)
	TAG_END(module_align)

	TAG_BEGIN(efi_bs, HT_EFI_BS, 0)
	TAG_END(efi_bs)

	TAG_BEGIN(efi64_entry_tag, HT_ENTRY_EFI64, 0)
	.long entry_efi64	/* link-time address; the loader relocates it */
	TAG_END(efi64_entry_tag)

	TAG_BEGIN(relocatable, HT_RELOCATABLE, 0)
	.long MB2TEST64_MIN_ADDR
	.long MB2TEST64_MAX_ADDR
	.long MB2TEST64_ALIGN
	.long 2			/* preference: highest */
	TAG_END(relocatable)

	MB2_HEADER_END

	.section .bss.entry, "aw", @nobits
	.balign 16
stack_bottom:
	.skip MB2TEST_STACK_SIZE
stack_top:

/* The ELF e_entry: 32-bit code a loader reaches only by taking the wrong
 * (i386) entry. It says so on COM1 and fails the run. It may run anywhere
 * with any ESP, so it touches no memory: the message travels as the
 * immediates of its own instructions, four characters per movl to %ebx. */
.macro put4 chars
	.byte 0xBB		/* movl $imm32, %ebx; the immediate follows */
0:	.ascii "\chars"
9:	.if 9b - 0b - 4
	.error "put4 takes exactly four characters"
	.endif
	.rept 4
	movw $COM1_LSR, %dx
1:	inb %dx, %al
	testb $LSR_THR_EMPTY, %al
	jz 1b
	movb %bl, %al
	movw $COM1, %dx
	outb %al, %dx
	shrl $8, %ebx
	.endr
.endm

	.text
	.code32
	.globl _start
	.type _start, @function
_start:
	cli
	put4 "mbte"
	put4 "st: "
	put4 "FAIL"
	put4 " ent"
	put4 "ered"
	put4 " thr"
	put4 "ough"
	put4 " the"
	put4 " i38"
	put4 "6 en"
	put4 "try\n"
	movb $EXIT_FAIL, %al
	outb %al, $DEBUG_EXIT_PORT
1:	hlt
	jmp 1b
	.size _start, . - _start

	.code64
	.globl entry_efi64
	.type entry_efi64, @function
entry_efi64:
	/* Record what the loader handed over before anything changes it
	 * (moves keep RFLAGS), then leave the firmware's stack. */
	movq %rax, entry64_state + ENTRY64_RAX(%rip)
	movq %rbx, entry64_state + ENTRY64_RBX(%rip)
	movq %rsp, entry64_state + ENTRY64_RSP(%rip)
	movw %cs, entry64_state + ENTRY64_CS(%rip)
	movw %ds, entry64_state + ENTRY64_DS(%rip)
	movw %es, entry64_state + ENTRY64_ES(%rip)
	movw %ss, entry64_state + ENTRY64_SS(%rip)
	movl $ENTRY_KIND_EFI64, entry_kind(%rip)
	leaq stack_top(%rip), %rsp
	pushfq
	popq entry64_state + ENTRY64_RFLAGS(%rip)
	/* DF=0 for the C ABI; no interrupts: the firmware's timer handlers
	 * would otherwise run on this stack in the middle of the checks. */
	cld
	cli
	call kmain
2:	hlt
	jmp 2b
	.size entry_efi64, . - entry_efi64

	.section .note.GNU-stack, "", @progbits
