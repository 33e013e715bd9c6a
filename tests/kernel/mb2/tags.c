// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "print.h"

#define INFO_ALIGN      8
#define HEADER_SIZE     sizeof(struct mb2_info_header)
#define TAG_HEADER_SIZE sizeof(struct mb2_tag)
/* Far above what any loader builds (GRUB's are a few KiB; an EFI map
 * copy adds ~10 KiB), small enough to rule out garbage. */
#define MAX_TOTAL_SIZE  (1u << 20)

static const char TAG_NAMES[] =
	"end\0cmdline\0loader\0module\0meminfo\0bootdev\0mmap\0vbe\0framebuffer\0"
	"elf-sections\0apm\0efi32\0efi64\0smbios\0acpi-old\0acpi-new\0network\0"
	"efi-mmap\0efi-bs\0efi32-ih\0efi64-ih\0load-base\0";

/* The name of a known tag type. One string of NUL-separated names rather
 * than an array of pointers: the 64-bit kernel is position-independent and
 * an array of pointers would need relocating. */
static const char *tag_name(uint32_t type)
{
	const char *s = TAG_NAMES;

	if (type >= MB2_TAG_TYPES)
		return "unknown";
	while (type--)
		while (*s++)
			;
	return s;
}

/* Types a loader may pass more than once. */
static int repeatable(uint32_t type)
{
	return type == MB2_TAG_MODULE;
}

const char *tag_text(const struct mb2_tag *tag, uint32_t offset, const char *what)
{
	const char *text = (const char *)tag + offset;

	for (uint32_t i = offset; i < tag->size; i++)
		if (!text[i - offset])
			return text;
	fail("tag %u %s: string not NUL-terminated within the tag's %u bytes", tag->type, what,
	     tag->size);
	return 0;
}

const char *tag_string(const struct mb2_tag *tag, const char *what)
{
	return tag_text(tag, TAG_HEADER_SIZE, what);
}

static void record(struct mb2_info *info, const struct mb2_tag *tag)
{
	uint32_t type = tag->type;

	if (type >= MB2_TAG_TYPES) {
		fail("tag type %u at 0x%llx unknown (the spec defines 1..%u)", type,
		     (unsigned long long)(uintptr_t)tag, MB2_TAG_TYPES - 1);
		return;
	}
	if (info->count[type]++ == 0)
		info->tag[type] = tag;
	else if (!repeatable(type))
		fail("tag %u %s appears %u times", type, tag_name(type), info->count[type]);
	if (type != MB2_TAG_MODULE)
		return;
	if (info->module_count == MAX_MODULES) {
		fail("more than %u module tags: checking only the first %u", MAX_MODULES, MAX_MODULES);
		return;
	}
	info->module[info->module_count++] = (const void *)tag;
}

int tags_parse(uintptr_t addr, struct mb2_info *info)
{
	const struct mb2_info_header *hdr = (const void *)addr;
	uint32_t offset = HEADER_SIZE;
	int ended = 0;

	info->addr = addr;
	if (!addr || addr % INFO_ALIGN) {
		fail("mbi=0x%llx not %u-aligned (or null)", (unsigned long long)addr, INFO_ALIGN);
		return 0;
	}
	info->total_size = hdr->total_size;
	report("mbi at 0x%llx total_size=%u reserved=%u", (unsigned long long)addr,
	       hdr->total_size, hdr->reserved);
	if (hdr->reserved)
		fail("mbi reserved=0x%x want 0", hdr->reserved);
	if (hdr->total_size < HEADER_SIZE + TAG_HEADER_SIZE || hdr->total_size > MAX_TOTAL_SIZE ||
	    !addressable(addr, hdr->total_size)) {
		fail("mbi total_size=%u out of range", hdr->total_size);
		return 0;
	}
	if (hdr->total_size % INFO_ALIGN)
		report("note: total_size=%u is not a multiple of %u", hdr->total_size, INFO_ALIGN);

	while (!ended) {
		const struct mb2_tag *tag = (const void *)(addr + offset);
		uint32_t left = hdr->total_size - offset;

		if (left < TAG_HEADER_SIZE) {
			fail("mbi ends at offset %u without an end tag", offset);
			return 0;
		}
		if (tag->size < TAG_HEADER_SIZE || tag->size > left) {
			fail("tag %u at offset %u size=%u (%u bytes left)", tag->type, offset,
			     tag->size, left);
			return 0;
		}
		report("tag %u %s offset=%u size=%u", tag->type, tag_name(tag->type), offset,
		       tag->size);
		if (tag->type == MB2_TAG_END) {
			if (tag->size != TAG_HEADER_SIZE)
				fail("end tag size=%u want %u", tag->size, (unsigned)TAG_HEADER_SIZE);
			ended = 1;
		} else {
			record(info, tag);
		}
		/* The next tag starts at the next 8-byte boundary. */
		offset += (tag->size + INFO_ALIGN - 1) & ~(INFO_ALIGN - 1);
		if (offset > hdr->total_size && !ended) {
			fail("tag %u at offset %u runs past total_size=%u once padded", tag->type,
			     offset, hdr->total_size);
			return 0;
		}
	}
	/* The end tag is the last thing in the information. */
	if (offset != hdr->total_size)
		fail("end tag ends at offset %u, total_size=%u", offset, hdr->total_size);
	return 1;
}
