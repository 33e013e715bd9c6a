/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The framebuffer the kernel gets (MBI flags bit 12), and the choice of a
 * firmware video mode for a kernel whose header asks for one.
 */
#ifndef LOADER_VIDEO_H
#define LOADER_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct framebuffer {
	uint64_t addr;
	uint32_t pitch;    /* bytes per line */
	uint32_t width;    /* pixels, or characters for text */
	uint32_t height;
	uint8_t bpp;
	uint8_t type;      /* MULTIBOOT_FRAMEBUFFER_TYPE_* */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct video_mode {
	uint32_t width;
	uint32_t height;
	bool direct;       /* has a linear framebuffer with 32-bit pixels */
};

/*
 * The mode closest to the request (0 means "any" for that dimension) among
 * direct modes, or -1 if there is none. Exact matches win, then the
 * smallest mode at least as large, then the largest smaller one.
 */
int video_pick_mode(const struct video_mode *modes, size_t count,
		    uint32_t want_width, uint32_t want_height);

/* Field position and size of a contiguous colour mask; false if not one. */
bool video_mask_field(uint32_t mask, uint8_t *pos, uint8_t *size);

#endif
