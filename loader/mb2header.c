// SPDX-License-Identifier: BSD-2-Clause
#include "mb2header.h"

#include "bytes.h"
#include "fmt.h"

#define HEADER_FIXED 16  /* magic, architecture, header_length, checksum */
#define TAG_FIXED 8      /* type, flags, size */

static const char *const info_tag_names[MB2_TAG_TYPES] = {
	[MB2_TAG_END] = "end",
	[MB2_TAG_CMDLINE] = "command line",
	[MB2_TAG_BOOT_LOADER_NAME] = "boot loader name",
	[MB2_TAG_MODULE] = "modules",
	[MB2_TAG_BASIC_MEMINFO] = "basic memory information",
	[MB2_TAG_BOOTDEV] = "BIOS boot device",
	[MB2_TAG_MMAP] = "memory map",
	[MB2_TAG_VBE] = "VBE information",
	[MB2_TAG_FRAMEBUFFER] = "framebuffer",
	[MB2_TAG_ELF_SECTIONS] = "ELF sections",
	[MB2_TAG_APM] = "APM table",
	[MB2_TAG_EFI32] = "EFI 32-bit system table",
	[MB2_TAG_EFI64] = "EFI 64-bit system table",
	[MB2_TAG_SMBIOS] = "SMBIOS tables",
	[MB2_TAG_ACPI_OLD] = "ACPI 1.0 RSDP",
	[MB2_TAG_ACPI_NEW] = "ACPI 2.0 RSDP",
	[MB2_TAG_NETWORK] = "network information",
	[MB2_TAG_EFI_MMAP] = "EFI memory map",
	[MB2_TAG_EFI_BS] = "EFI boot services not terminated",
	[MB2_TAG_EFI32_IH] = "EFI 32-bit image handle",
	[MB2_TAG_EFI64_IH] = "EFI 64-bit image handle",
	[MB2_TAG_LOAD_BASE_ADDR] = "image load base address",
};

const char *mb2_info_tag_name(uint32_t type)
{
	return type < MB2_TAG_TYPES ? info_tag_names[type] : "unknown";
}

/* The smallest size of each header tag this loader reads. */
static uint32_t tag_min_size(uint16_t type)
{
	switch (type) {
	case MB2_HT_ADDRESS:
	case MB2_HT_RELOCATABLE:
		return TAG_FIXED + 16;
	case MB2_HT_FRAMEBUFFER:
		return TAG_FIXED + 12;
	case MB2_HT_ENTRY_ADDRESS:
	case MB2_HT_CONSOLE_FLAGS:
	case MB2_HT_ENTRY_ADDRESS_EFI32:
	case MB2_HT_ENTRY_ADDRESS_EFI64:
		return TAG_FIXED + 4;
	default:
		return TAG_FIXED;
	}
}

static int read_requests(struct mb2_header *h, const uint8_t *tag, uint32_t size,
			 bool optional, char *why, size_t why_size)
{
	if ((size - TAG_FIXED) % 4)
		return fmt_fail(why, why_size,
				"the Multiboot 2 information request tag's size %u is not a whole number of types",
				size);
	for (uint32_t at = TAG_FIXED; at < size; at += 4) {
		uint32_t type = get_le32(tag + at);

		if (type == MB2_TAG_END || type >= MB2_TAG_TYPES) {
			if (optional)
				continue;
			return fmt_fail(why, why_size,
					"the kernel requires Multiboot 2 information tag type %u, unknown to this loader",
					type);
		}
		h->requested |= 1u << type;
		if (!optional)
			h->required |= 1u << type;
	}
	return 0;
}

/* One tag at tag (size bytes, inside the header): keep what it says. */
static int read_tag(struct mb2_header *h, const uint8_t *tag, uint16_t type, uint16_t flags,
		    uint32_t size, char *why, size_t why_size)
{
	const uint8_t *f = tag + TAG_FIXED;
	bool optional = flags & MB2_HEADER_TAG_OPTIONAL;

	if (size < tag_min_size(type))
		return fmt_fail(why, why_size, "Multiboot 2 header tag type %u is %u bytes, shorter than its %u",
				type, size, tag_min_size(type));
	switch (type) {
	case MB2_HT_INFORMATION_REQUEST:
		return read_requests(h, tag, size, optional, why, why_size);
	case MB2_HT_ADDRESS:
		h->has_address = true;
		h->header_addr = get_le32(f);
		h->load_addr = get_le32(f + 4);
		h->load_end_addr = get_le32(f + 8);
		h->bss_end_addr = get_le32(f + 12);
		return 0;
	case MB2_HT_ENTRY_ADDRESS:
		h->has_entry = true;
		h->entry = get_le32(f);
		return 0;
	case MB2_HT_CONSOLE_FLAGS:
		h->console_flags = get_le32(f);
		return 0;
	case MB2_HT_FRAMEBUFFER:
		h->has_framebuffer = true;
		h->fb_width = get_le32(f);
		h->fb_height = get_le32(f + 4);
		h->fb_depth = get_le32(f + 8);
		return 0;
	case MB2_HT_MODULE_ALIGN:
		h->module_align = true;
		return 0;
	case MB2_HT_EFI_BS:
		h->efi_boot_services = true;
		return 0;
	case MB2_HT_ENTRY_ADDRESS_EFI32:
		h->has_efi32_entry = true;
		h->efi32_entry = get_le32(f);
		return 0;
	case MB2_HT_ENTRY_ADDRESS_EFI64:
		h->has_efi64_entry = true;
		h->efi64_entry = get_le32(f);
		return 0;
	case MB2_HT_RELOCATABLE:
		h->relocatable = true;
		h->reloc_min = get_le32(f);
		h->reloc_max = get_le32(f + 4);
		h->reloc_align = get_le32(f + 8);
		h->reloc_preference = get_le32(f + 12);
		if (h->reloc_align & (h->reloc_align - 1))
			return fmt_fail(why, why_size,
					"the Multiboot 2 relocatable tag's alignment 0x%x is not a power of two",
					h->reloc_align);
		if (h->reloc_min > h->reloc_max)
			return fmt_fail(why, why_size,
					"the Multiboot 2 relocatable tag's range 0x%x-0x%x is empty",
					h->reloc_min, h->reloc_max);
		return 0;
	default:
		if (optional)
			return 0;
		return fmt_fail(why, why_size,
				"the kernel's Multiboot 2 header has a required tag of type %u, unknown to this loader",
				type);
	}
}

static int read_header(struct mb2_header *h, const uint8_t *buf, size_t len, uint32_t off,
		       char *why, size_t why_size)
{
	const uint8_t *p = buf + off;
	uint32_t arch = get_le32(p + 4), length = get_le32(p + 8);

	*h = (struct mb2_header){ .offset = off, .length = length };
	if (arch != MB2_ARCH_I386)
		return fmt_fail(why, why_size,
				"the kernel's Multiboot 2 header is for architecture %u, not i386 (0)", arch);
	if (length < HEADER_FIXED + TAG_FIXED || length > len - off)
		return fmt_fail(why, why_size,
				"the Multiboot 2 header at 0x%x claims %u bytes, outside the %llu-byte file",
				off, length, (unsigned long long)len);
	for (uint32_t at = HEADER_FIXED;;) {
		if (at > length - TAG_FIXED)
			return fmt_fail(why, why_size, "the Multiboot 2 header's tags have no end tag");
		const uint8_t *tag = p + at;
		uint16_t type = get_le16(tag), flags = get_le16(tag + 2);
		uint32_t size = get_le32(tag + 4);

		if (size < TAG_FIXED || size > length - at)
			return fmt_fail(why, why_size,
					"Multiboot 2 header tag type %u at offset %u has size %u, outside the header",
					type, at, size);
		if (type == MB2_HT_END)
			return 0;
		if (read_tag(h, tag, type, flags, size, why, why_size))
			return -1;
		at += (size + MB2_TAG_ALIGN - 1) & ~(MB2_TAG_ALIGN - 1);
	}
}

int mb2header_find(const uint8_t *buf, size_t len, struct mb2_header *h,
		   char *why, size_t why_size)
{
	size_t limit = len < MB2_SEARCH ? len : MB2_SEARCH;

	for (size_t off = 0; off + HEADER_FIXED <= limit; off += MB2_HEADER_ALIGN) {
		const uint8_t *p = buf + off;

		if (get_le32(p) != MB2_HEADER_MAGIC ||
		    get_le32(p) + get_le32(p + 4) + get_le32(p + 8) + get_le32(p + 12) != 0)
			continue;
		return read_header(h, buf, len, (uint32_t)off, why, why_size) ? -1 : 1;
	}
	return 0;
}
