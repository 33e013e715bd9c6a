/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot 2 header building blocks for the test kernels' assembly
 * (loader/multiboot2.h holds the same numbers as C enums, which the
 * assembler cannot read). */
#ifndef MB2TEST_HEADER_H
#define MB2TEST_HEADER_H

#define MB2_MAGIC         0xE85250D6
#define MB2_ARCH_I386     0
#define TAG_OPTIONAL      1

/* Header tag types (spec 3.1.3 ff). */
#define HT_END            0
#define HT_INFO_REQUEST   1
#define HT_ADDRESS        2
#define HT_ENTRY          3
#define HT_CONSOLE        4
#define HT_MODULE_ALIGN   6
#define HT_EFI_BS         7
#define HT_ENTRY_EFI32    8
#define HT_ENTRY_EFI64    9
#define HT_RELOCATABLE    10
/* A type no version of the spec defines: a loader must refuse it when
 * the tag is not flagged optional. */
#define HT_UNKNOWN        0x1234

#define CONSOLE_EGA_TEXT_SUPPORTED 2

/* Information tag types the kernels ask for. */
#define IT_CMDLINE        1
#define IT_LOADER_NAME    2
#define IT_MODULE         3
#define IT_BASIC_MEMINFO  4
#define IT_MMAP           6
#define IT_ACPI_NEW       15
#define IT_EFI_MMAP       17
/* Undefined: a required request for it must make the loader refuse. */
#define IT_UNKNOWN        0x77

/* Every tag starts 8-byte aligned; its size field excludes the padding. */
#define TAG_BEGIN(label, type, flags) \
	.balign 8; label: .word type, flags; .long label##_end - label
#define TAG_END(label) label##_end:

/* The header's fixed part at mb2_header, its length and checksum reaching
 * the end tag that MB2_HEADER_END closes it with. */
#define MB2_HEADER_BEGIN \
	.balign 8; \
	mb2_header: \
	.long MB2_MAGIC, MB2_ARCH_I386, mb2_header_end - mb2_header; \
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
#define MB2_HEADER_END \
	TAG_BEGIN(mb2_end_tag, HT_END, 0); \
	TAG_END(mb2_end_tag) \
	mb2_header_end:

#endif
