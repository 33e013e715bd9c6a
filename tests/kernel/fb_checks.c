// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "fb_checks.h"
#include "print.h"

void fb_check_rgb_format(const struct fb_fields *fb)
{
	report("framebuffer rgb red=%u/%u green=%u/%u blue=%u/%u", fb->pos[FB_RED],
	       fb->size[FB_RED], fb->pos[FB_GREEN], fb->size[FB_GREEN], fb->pos[FB_BLUE],
	       fb->size[FB_BLUE]);
	if (fb->bpp != RGB_BPP)
		fail("fb: bpp=%u want %u", fb->bpp, RGB_BPP);
	if (!fb->width || !fb->height)
		fail("fb: empty %ux%u", fb->width, fb->height);
	if (fb->pitch % RGB_BYTES || fb->pitch < (uint64_t)fb->width * RGB_BYTES)
		fail("fb: pitch=%u for width %u", fb->pitch, fb->width);
}

void fb_check_channels(const struct fb_fields *fb)
{
	uint64_t seen = 0;

	for (unsigned i = 0; i < FB_CHANNELS; i++) {
		uint8_t pos = fb->pos[i], size = fb->size[i];
		uint64_t mask = ((1ull << size) - 1) << pos;

		if (!size || size > CHANNEL_BITS || pos + size > RGB_BPP)
			fail("fb: field %u at %u size %u does not fit a %u-bit pixel",
			     i, pos, size, RGB_BPP);
		else if (seen & mask)
			fail("fb: field %u at %u size %u overlaps another", i, pos, size);
		seen |= mask;
	}
}

void fb_check_text(const struct fb_fields *fb)
{
	if (fb->addr != TEXT_ADDR || fb->width != TEXT_COLUMNS || fb->height != TEXT_ROWS ||
	    fb->pitch != TEXT_PITCH || fb->bpp != TEXT_BPP)
		fail("fb: text framebuffer is not %ux%u at 0x%x, pitch %u, bpp %u",
		     TEXT_COLUMNS, TEXT_ROWS, TEXT_ADDR, TEXT_PITCH, TEXT_BPP);
}
