/* SPDX-License-Identifier: BSD-2-Clause */
/* The Multiboot header: found in the first 8 KiB, 4-byte aligned, checksummed. */
#ifndef LOADER_MBHEADER_H
#define LOADER_MBHEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mb_header {
	uint32_t offset;       /* in the searched buffer */
	uint32_t flags;
	bool has_addresses;    /* the a.out-kludge fields lie inside the buffer */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
	bool has_video;        /* flags bit 2 and the video fields inside the buffer */
	uint32_t mode_type, width, height, depth;
};

/* Search buf (at most its first 8 KiB); false when there is no header. */
bool mbheader_find(const uint8_t *buf, size_t len, struct mb_header *h);

#endif
