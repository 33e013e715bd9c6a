/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot 2 header and entry points of the 32-bit MB2 test kernels.
 *
 * Built once per variant (mb2.mk):
 *   (none)           mb2test32: the i386 entry only (ELF e_entry)
 *   MB2_EFI32        + EFI boot services tag and an EFI i386 entry tag
 *   MB2_AOUT         + address and entry address tags (a flat binary), and
 *                    no console flags tag (no EGA text support)
 *   MB2_BAD_TAG      + a required header tag of unknown type
 *   MB2_BAD_REQUEST  + a required information request for an unknown type */
#define ASM_FILE
#include "entry_state.h"
#include "header.h"
#include "layout.h"

	.section .multiboot, "a"
	MB2_HEADER_BEGIN

	/* What the kernel cannot check without: the loader must supply these
	 * (the map and meminfo only if it ends boot services). */
	TAG_BEGIN(request, HT_INFO_REQUEST, 0)
	.long IT_CMDLINE, IT_LOADER_NAME, IT_MODULE, IT_BASIC_MEMINFO, IT_MMAP
#ifdef MB2_BAD_REQUEST
	.long IT_UNKNOWN
#endif
	TAG_END(request)

	/* Checked when present; a loader without them still boots the kernel. */
	TAG_BEGIN(optional_request, HT_INFO_REQUEST, TAG_OPTIONAL)
	.long IT_ACPI_NEW, IT_EFI_MMAP
	TAG_END(optional_request)

	/* The address-tag variant says nothing of EGA text: it must get the
	 * GOP framebuffer, not VGA text mode. */
#ifndef MB2_AOUT
	TAG_BEGIN(console, HT_CONSOLE, 0)
	.long CONSOLE_EGA_TEXT_SUPPORTED
	TAG_END(console)
#endif

	TAG_BEGIN(module_align, HT_MODULE_ALIGN, 0)
	TAG_END(module_align)

#ifdef MB2_EFI32
	TAG_BEGIN(efi_bs, HT_EFI_BS, 0)
	TAG_END(efi_bs)

	TAG_BEGIN(entry_efi32, HT_ENTRY_EFI32, 0)
	.long _start_efi32
	TAG_END(entry_efi32)
#endif

#ifdef MB2_AOUT
	TAG_BEGIN(address, HT_ADDRESS, 0)
	.long mb2_header	/* header_addr */
	.long __kernel_start	/* load_addr: the file's first byte */
	.long __load_end	/* load_end_addr: file contents end here */
	.long __kernel_end	/* bss_end_addr: the loader zeroes up to here */
	TAG_END(address)

	TAG_BEGIN(entry_address, HT_ENTRY, 0)
	.long _start
	TAG_END(entry_address)
#endif

#ifdef MB2_BAD_TAG
	TAG_BEGIN(unknown, HT_UNKNOWN, 0)
	TAG_END(unknown)
#endif

	MB2_HEADER_END

	.section .bss.entry, "aw", @nobits
	.balign 16
stack_bottom:
	.skip MB2TEST_STACK_SIZE
stack_top:

/* Records the registers the loader handed over (../entry_state.h) and
 * which entry ran, on the kernel's own stack: the loader's ESP is
 * undefined at the i386 entry and belongs to the firmware at the EFI one. */
.macro record_state kind
	record_entry_state
	movl $\kind, entry_kind
	/* The C ABI assumes DF=0. The kernel answers no interrupts; at the
	 * EFI entry the firmware's timer would otherwise keep running its
	 * handlers on this stack in the middle of the checks. */
	cld
	cli
	call kmain
.endm

	.text
	.globl _start
	.type _start, @function
_start:
	record_state ENTRY_KIND_I386
halt:
	hlt
	jmp halt
	.size _start, . - _start

	/* Only the MB2_EFI32 header names it; it is in every variant so the
	 * C code need not know the variant. */
	.globl _start_efi32
	.type _start_efi32, @function
_start_efi32:
	record_state ENTRY_KIND_EFI32
	jmp halt
	.size _start_efi32, . - _start_efi32

	.section .note.GNU-stack, "", @progbits
