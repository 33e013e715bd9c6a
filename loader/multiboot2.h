/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot 2 constants and layouts, from the Multiboot2 Specification
 * version 2.0 (Debian ships only the version 1 header). Field widths of the
 * ELF-sections and framebuffer tags follow GRUB, which kernels are built
 * against. Shared by the loader and the test kernel.
 */
#ifndef LOADER_MULTIBOOT2_H
#define LOADER_MULTIBOOT2_H

#include <stdint.h>

/* The header: in the first 32 KiB of the file, 8-byte aligned. */
#define MB2_HEADER_MAGIC 0xE85250D6u
#define MB2_SEARCH 32768u
#define MB2_HEADER_ALIGN 8u
#define MB2_ARCH_I386 0u
#define MB2_TAG_ALIGN 8u

/* In EAX at entry. */
#define MB2_BOOTLOADER_MAGIC 0x36D76289u

/* Header tags: u16 type, u16 flags, u32 size, then the fields. */
#define MB2_HEADER_TAG_OPTIONAL 1u
enum mb2_header_tag {
	MB2_HT_END = 0,
	MB2_HT_INFORMATION_REQUEST = 1,  /* u32 info tag types[] */
	MB2_HT_ADDRESS = 2,              /* header, load, load_end, bss_end */
	MB2_HT_ENTRY_ADDRESS = 3,        /* u32 entry */
	MB2_HT_CONSOLE_FLAGS = 4,        /* u32 flags */
	MB2_HT_FRAMEBUFFER = 5,          /* u32 width, height, depth */
	MB2_HT_MODULE_ALIGN = 6,
	MB2_HT_EFI_BS = 7,
	MB2_HT_ENTRY_ADDRESS_EFI32 = 8,  /* u32 entry */
	MB2_HT_ENTRY_ADDRESS_EFI64 = 9,  /* u32 entry */
	MB2_HT_RELOCATABLE = 10,         /* u32 min, max, align, preference */
};
/* The address tag's load_addr for "the file loads from its first byte". */
#define MB2_LOAD_FROM_FILE_START 0xFFFFFFFFu
#define MB2_CONSOLE_REQUIRED 1u
#define MB2_CONSOLE_EGA_TEXT 2u
enum mb2_reloc_preference { MB2_RELOC_NONE = 0, MB2_RELOC_LOWEST = 1, MB2_RELOC_HIGHEST = 2 };

/* The information: u32 total_size, u32 reserved, tags (u32 type, u32 size). */
enum mb2_info_tag {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_BOOT_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_VBE = 7,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ELF_SECTIONS = 9,
	MB2_TAG_APM = 10,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_SMBIOS = 13,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_NETWORK = 16,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_EFI32_IH = 19,
	MB2_TAG_EFI64_IH = 20,
	MB2_TAG_LOAD_BASE_ADDR = 21,
	MB2_TAG_TYPES
};

struct mb2_info_header {
	uint32_t total_size;
	uint32_t reserved;
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_tag_string {  /* cmdline, boot loader name */
	uint32_t type;
	uint32_t size;
	char string[];
};

struct mb2_tag_module {
	uint32_t type;
	uint32_t size;
	uint32_t mod_start;
	uint32_t mod_end;
	char cmdline[];
};

struct mb2_tag_basic_meminfo {
	uint32_t type;
	uint32_t size;
	uint32_t mem_lower;  /* KiB */
	uint32_t mem_upper;
};

struct mb2_mmap_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;  /* as Multiboot 1: 1 available, 3 ACPI, 4 NVS, 5 bad */
	uint32_t zero;
};

struct mb2_tag_mmap {
	uint32_t type;
	uint32_t size;
	uint32_t entry_size;
	uint32_t entry_version;
	struct mb2_mmap_entry entries[];
};

#define MB2_FRAMEBUFFER_INDEXED 0
#define MB2_FRAMEBUFFER_RGB 1
#define MB2_FRAMEBUFFER_EGA_TEXT 2

struct mb2_tag_framebuffer {
	uint32_t type;
	uint32_t size;
	uint64_t addr;
	uint32_t pitch;
	uint32_t width;
	uint32_t height;
	uint8_t bpp;
	uint8_t fb_type;
	uint16_t reserved;
	/* MB2_FRAMEBUFFER_RGB: */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct mb2_tag_elf_sections {
	uint32_t type;
	uint32_t size;
	uint32_t num;
	uint32_t entsize;
	uint32_t shndx;
	uint8_t headers[];
};

struct mb2_tag_efi32 {  /* also the EFI32 image handle */
	uint32_t type;
	uint32_t size;
	uint32_t pointer;
};

struct mb2_tag_efi64 {  /* also the EFI64 image handle */
	uint32_t type;
	uint32_t size;
	uint64_t pointer;
};

struct mb2_tag_smbios {
	uint32_t type;
	uint32_t size;
	uint8_t major;
	uint8_t minor;
	uint8_t reserved[6];
	uint8_t tables[];  /* the entry point structure */
};

struct mb2_tag_acpi {  /* old: RSDP revision 0 (20 bytes); new: 2 (36) */
	uint32_t type;
	uint32_t size;
	uint8_t rsdp[];
};

struct mb2_tag_efi_mmap {
	uint32_t type;
	uint32_t size;
	uint32_t descr_size;
	uint32_t descr_vers;
	uint8_t efi_mmap[];
};

struct mb2_tag_load_base_addr {
	uint32_t type;
	uint32_t size;
	uint32_t load_base_addr;
};

#endif
