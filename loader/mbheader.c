// SPDX-License-Identifier: BSD-2-Clause
#include "mbheader.h"

#include <multiboot/multiboot.h>

#include "bytes.h"

/* Offsets of the optional fields in struct multiboot_header. */
#define ADDRESS_FIELDS_END 32
#define VIDEO_FIELDS_END 48

bool mbheader_find(const uint8_t *buf, size_t len, struct mb_header *h)
{
	size_t limit = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;

	for (size_t off = 0; off + 12 <= limit; off += MULTIBOOT_HEADER_ALIGN) {
		const uint8_t *p = buf + off;
		uint32_t flags = get_le32(p + 4);

		if (get_le32(p) != MULTIBOOT_HEADER_MAGIC ||
		    MULTIBOOT_HEADER_MAGIC + flags + get_le32(p + 8) != 0)
			continue;
		*h = (struct mb_header){ .offset = (uint32_t)off, .flags = flags };
		if (off + ADDRESS_FIELDS_END <= len) {
			h->has_addresses = true;
			h->header_addr = get_le32(p + 12);
			h->load_addr = get_le32(p + 16);
			h->load_end_addr = get_le32(p + 20);
			h->bss_end_addr = get_le32(p + 24);
			h->entry_addr = get_le32(p + 28);
		}
		if ((flags & MULTIBOOT_VIDEO_MODE) && off + VIDEO_FIELDS_END <= len) {
			h->has_video = true;
			h->mode_type = get_le32(p + 32);
			h->width = get_le32(p + 36);
			h->height = get_le32(p + 40);
			h->depth = get_le32(p + 44);
		}
		return true;
	}
	return false;
}
