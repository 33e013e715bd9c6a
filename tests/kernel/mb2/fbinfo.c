#include <stddef.h>
#include "check.h"
#include "mb2test.h"
#include "mmap.h"
#include "print.h"

/* What a UEFI GOP framebuffer gives: 32-bit pixels, 8-bit channels. */
#define RGB_BPP          32
#define RGB_BYTES        4
#define CHANNEL_BITS     8
/* GRUB's layout (a 16-bit reserved field), which loader/multiboot2.h follows. */
#define FB_COMMON_SIZE   offsetof(struct mb2_tag_framebuffer, red_pos)
#define FB_RGB_SIZE      (offsetof(struct mb2_tag_framebuffer, blue_size) + 1)

/* VGA text mode 3: 80x25 cells of character + attribute. */
#define TEXT_ADDR        0xB8000u
#define TEXT_COLUMNS     80
#define TEXT_ROWS        25
#define TEXT_BPP         16
#define TEXT_PITCH       (TEXT_COLUMNS * 2)

static void check_fields(const struct mb2_tag_framebuffer *fb)
{
	const uint8_t pos[3] = { fb->red_pos, fb->green_pos, fb->blue_pos };
	const uint8_t size[3] = { fb->red_size, fb->green_size, fb->blue_size };
	uint64_t seen = 0;

	for (unsigned i = 0; i < 3; i++) {
		uint64_t mask = ((1ull << size[i]) - 1) << pos[i];

		if (!size[i] || size[i] > CHANNEL_BITS || pos[i] + size[i] > RGB_BPP)
			fail("fb: field %u at %u size %u does not fit a %u-bit pixel",
			     i, pos[i], size[i], RGB_BPP);
		else if (seen & mask)
			fail("fb: field %u at %u size %u overlaps another", i, pos[i], size[i]);
		seen |= mask;
	}
}

static void check_rgb(const struct mb2_tag_framebuffer *fb)
{
	uint64_t bytes = (uint64_t)fb->pitch * fb->height;

	if (fb->size < FB_RGB_SIZE) {
		fail("fb: rgb tag size=%u want at least %u", fb->size, (unsigned)FB_RGB_SIZE);
		return;
	}
	report("framebuffer rgb red=%u/%u green=%u/%u blue=%u/%u", fb->red_pos, fb->red_size,
	       fb->green_pos, fb->green_size, fb->blue_pos, fb->blue_size);
	if (fb->bpp != RGB_BPP)
		fail("fb: bpp=%u want %u", fb->bpp, RGB_BPP);
	if (!fb->width || !fb->height)
		fail("fb: empty %ux%u", fb->width, fb->height);
	if (fb->pitch % RGB_BYTES || fb->pitch < (uint64_t)fb->width * RGB_BYTES)
		fail("fb: pitch=%u for width %u", fb->pitch, fb->width);
	if (!addressable(fb->addr, bytes))
		fail("fb: [0x%llx,+0x%llx) not addressable", (unsigned long long)fb->addr,
		     (unsigned long long)bytes);
	/* Device memory the map calls free RAM would be handed out as RAM. */
	if (mmap_any_available(fb->addr, fb->addr + bytes))
		fail("fb: the map calls part of [0x%llx,+0x%llx) available",
		     (unsigned long long)fb->addr, (unsigned long long)bytes);
	check_fields(fb);
}

static void check_text(const struct mb2_tag_framebuffer *fb)
{
	if (fb->addr != TEXT_ADDR || fb->width != TEXT_COLUMNS || fb->height != TEXT_ROWS ||
	    fb->pitch != TEXT_PITCH || fb->bpp != TEXT_BPP)
		fail("fb: text framebuffer is not %ux%u at 0x%x, pitch %u, bpp %u",
		     TEXT_COLUMNS, TEXT_ROWS, TEXT_ADDR, TEXT_PITCH, TEXT_BPP);
}

void framebuffer_check(const struct mb2_info *info, int want)
{
	const struct mb2_tag_framebuffer *fb = (const void *)info->tag[MB2_TAG_FRAMEBUFFER];

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
	report("tag 8 framebuffer addr=0x%llx pitch=%u width=%u height=%u bpp=%u type=%u",
	       (unsigned long long)fb->addr, fb->pitch, fb->width, fb->height, fb->bpp,
	       fb->fb_type);
	if (want == FB_NONE)
		fail("fb: a framebuffer tag, want none");
	else if (want > FB_NONE && fb->fb_type != want)
		fail("fb: type=%u want %u", fb->fb_type, (unsigned)want);
	/* Whatever was asked, what is there must be usable. */
	if (fb->fb_type == MB2_FRAMEBUFFER_RGB)
		check_rgb(fb);
	else if (fb->fb_type == MB2_FRAMEBUFFER_EGA_TEXT)
		check_text(fb);
	else
		report("note: indexed framebuffer not checked");
}
