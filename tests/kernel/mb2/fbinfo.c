// SPDX-License-Identifier: BSD-2-Clause
#include <stddef.h>
#include "check.h"
#include "fb_checks.h"
#include "mb2test.h"
#include "memory_map.h"
#include "print.h"

/* GRUB's layout (a 16-bit reserved field), which loader/multiboot2.h follows. */
#define FB_COMMON_SIZE   offsetof(struct mb2_tag_framebuffer, red_pos)
#define FB_RGB_SIZE      (offsetof(struct mb2_tag_framebuffer, blue_size) + 1)

/* The tag's fields in the form ../fb_checks.c reads; the channels are
 * there only in an RGB tag. */
static struct fb_fields fields(const struct mb2_tag_framebuffer *fb)
{
	struct fb_fields f = {
		.addr = fb->addr, .pitch = fb->pitch, .width = fb->width, .height = fb->height,
		.bpp = fb->bpp,
	};

	if (fb->fb_type == MB2_FRAMEBUFFER_RGB && fb->size >= FB_RGB_SIZE) {
		f.pos[FB_RED] = fb->red_pos;
		f.pos[FB_GREEN] = fb->green_pos;
		f.pos[FB_BLUE] = fb->blue_pos;
		f.size[FB_RED] = fb->red_size;
		f.size[FB_GREEN] = fb->green_size;
		f.size[FB_BLUE] = fb->blue_size;
	}
	return f;
}

static void check_rgb(const struct mb2_tag_framebuffer *tag, const struct fb_fields *fb)
{
	uint64_t bytes = (uint64_t)fb->pitch * fb->height;

	if (tag->size < FB_RGB_SIZE) {
		fail("fb: rgb tag size=%u want at least %u", tag->size, (unsigned)FB_RGB_SIZE);
		return;
	}
	fb_check_rgb_format(fb);
	if (!addressable(fb->addr, bytes))
		fail("fb: [0x%llx,+0x%llx) not addressable", (unsigned long long)fb->addr,
		     (unsigned long long)bytes);
	/* Device memory the map calls free RAM would be handed out as RAM. */
	if (mmap_any_available(fb->addr, fb->addr + bytes))
		fail("fb: the map calls part of [0x%llx,+0x%llx) available",
		     (unsigned long long)fb->addr, (unsigned long long)bytes);
	fb_check_channels(fb);
}

void framebuffer_check(const struct mb2_info *info, int want)
{
	const struct mb2_tag_framebuffer *fb = (const void *)info->tag[MB2_TAG_FRAMEBUFFER];
	struct fb_fields f;

	if (!fb) {
		report("framebuffer none");
		if (want > FB_NONE)
			fail("fb: no framebuffer tag, want type %u", (unsigned)want);
		return;
	}
	if (fb->size < FB_COMMON_SIZE) {
		fail("tag 8 framebuffer size=%u too small", fb->size);
		return;
	}
	f = fields(fb);
	report("tag 8 framebuffer addr=0x%llx pitch=%u width=%u height=%u bpp=%u type=%u",
	       (unsigned long long)fb->addr, fb->pitch, fb->width, fb->height, fb->bpp,
	       fb->fb_type);
	if (want == FB_NONE)
		fail("fb: a framebuffer tag, want none");
	else if (want > FB_NONE && fb->fb_type != want)
		fail("fb: type=%u want %u", fb->fb_type, (unsigned)want);
	/* Whatever was asked, what is there must be usable. */
	if (fb->fb_type == MB2_FRAMEBUFFER_RGB)
		check_rgb(fb, &f);
	else if (fb->fb_type == MB2_FRAMEBUFFER_EGA_TEXT)
		fb_check_text(&f);
	else
		report("note: indexed framebuffer not checked");
}
