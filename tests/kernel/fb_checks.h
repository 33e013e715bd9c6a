/* SPDX-License-Identifier: BSD-2-Clause */
/* The framebuffer checks that read the same fields in Multiboot 1 (the
 * MBI's framebuffer_*) and 2 (tag 8): each kernel copies its fields into a
 * struct fb_fields and leaves only its own presence and placement checks. */
#ifndef MBTEST_FB_CHECKS_H
#define MBTEST_FB_CHECKS_H

#include <stdint.h>

/* What a UEFI GOP framebuffer gives: 32-bit pixels, 8-bit channels. */
#define RGB_BPP          32
#define RGB_BYTES        4
#define CHANNEL_BITS     8

/* VGA text mode 3 as a BIOS leaves it: 80x25 cells of character + attribute. */
#define TEXT_ADDR        0xB8000u
#define TEXT_COLUMNS     80
#define TEXT_ROWS        25
#define TEXT_BPP         16
#define TEXT_PITCH       (TEXT_COLUMNS * 2)

enum fb_channel { FB_RED, FB_GREEN, FB_BLUE, FB_CHANNELS };

struct fb_fields {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp;
	uint8_t pos[FB_CHANNELS], size[FB_CHANNELS];  /* RGB only */
};

/* Prints the channel layout; fails unless the pixels are RGB_BPP bits and
 * the pitch holds a row. */
void fb_check_rgb_format(const struct fb_fields *fb);

/* Fails channels that are empty, wider than CHANNEL_BITS, outside the
 * pixel or overlapping one another. */
void fb_check_channels(const struct fb_fields *fb);

/* Fails anything but the VGA's 80x25 text buffer at TEXT_ADDR. */
void fb_check_text(const struct fb_fields *fb);

#endif
