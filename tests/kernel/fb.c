// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "check.h"
#include "fb.h"
#include "fb_checks.h"
#include "memory_map.h"
#include "print.h"

/* The kernel runs unpaged in 32-bit mode: it can draw only below 4 GiB. */
#define ADDRESS_LIMIT    0x100000000ull
/* Corner squares in pixels: big enough to find, small enough to stay in
 * their quadrant. */
#define MARK_PIXELS      8

/* CP437's full block: every pixel of the cell in the foreground colour. */
#define FULL_BLOCK       0xDB
#define BLANK            ' '
/* Attribute: background in bits 4-6 (bit 7 blinks), foreground in 0-3. */
#define ATTR(bg, fg)     ((uint8_t)((bg) << 4 | (fg)))
enum vga_colour { VGA_BLUE = 1, VGA_GREEN = 2, VGA_RED = 4, VGA_GREY = 7,
		  VGA_MAGENTA = 13, VGA_YELLOW = 14 };

struct rgb {
	uint8_t r, g, b;
};

/*
 * The pattern, which expect_fb_pattern (tests/boot/expect.sh) reads back:
 * the four quadrants red, green, blue and white (grey in text mode: top
 * left, top right, bottom left, bottom right), with a yellow square in the
 * top left corner and a magenta one in the bottom right (a full-block
 * character in text mode). Wrong field positions swap colours, a wrong
 * pitch shears the quadrant edges, a wrong size moves the bottom right
 * square; in text mode, a missing palette or font changes the colours.
 */
static const struct rgb QUADRANT_RGB[4] = {
	{ 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 255 },
};
static const uint8_t QUADRANT_TEXT[4] = { VGA_RED, VGA_GREEN, VGA_BLUE, VGA_GREY };
static const struct rgb MARK_TOP_LEFT = { 255, 255, 0 };
static const struct rgb MARK_BOTTOM_RIGHT = { 255, 0, 255 };

/* An 8-bit channel value scaled to a field of size bits at pos. */
static uint32_t channel(uint8_t value, uint8_t pos, uint8_t size)
{
	uint32_t v = size >= CHANNEL_BITS ? (uint32_t)value << (size - CHANNEL_BITS)
					  : (uint32_t)value >> (CHANNEL_BITS - size);

	return v << pos;
}

static uint32_t pixel(const multiboot_info_t *mbi, struct rgb c)
{
	return channel(c.r, mbi->framebuffer_red_field_position, mbi->framebuffer_red_mask_size) |
	       channel(c.g, mbi->framebuffer_green_field_position, mbi->framebuffer_green_mask_size) |
	       channel(c.b, mbi->framebuffer_blue_field_position, mbi->framebuffer_blue_mask_size);
}

/* The MBI's fields in the form fb_checks.c reads. */
static struct fb_fields fields(const multiboot_info_t *mbi)
{
	return (struct fb_fields){
		.addr = mbi->framebuffer_addr,
		.pitch = mbi->framebuffer_pitch,
		.width = mbi->framebuffer_width,
		.height = mbi->framebuffer_height,
		.bpp = mbi->framebuffer_bpp,
		.pos = { mbi->framebuffer_red_field_position,
			 mbi->framebuffer_green_field_position,
			 mbi->framebuffer_blue_field_position },
		.size = { mbi->framebuffer_red_mask_size, mbi->framebuffer_green_mask_size,
			  mbi->framebuffer_blue_mask_size },
	};
}

void fb_check(const multiboot_info_t *mbi, unsigned want)
{
	uint64_t addr = mbi->framebuffer_addr;
	uint64_t bytes = (uint64_t)mbi->framebuffer_pitch * mbi->framebuffer_height;
	const struct fb_fields fb = fields(mbi);

	if (!(mbi->flags & MULTIBOOT_INFO_FRAMEBUFFER_INFO)) {
		report("framebuffer none");
		if (want != FB_WANT_NONE)
			fail("fb: flags bit 12 clear, want a framebuffer of type %u", want);
		return;
	}
	report("framebuffer addr=0x%llx pitch=%u width=%u height=%u bpp=%u type=%u",
	       addr, mbi->framebuffer_pitch, mbi->framebuffer_width, mbi->framebuffer_height,
	       mbi->framebuffer_bpp, mbi->framebuffer_type);
	if (want == FB_WANT_NONE) {
		fail("fb: flags bit 12 set, want none");
		return;
	}
	if (mbi->framebuffer_type != want) {
		fail("fb: type=%u want %u", mbi->framebuffer_type, want);
		return;
	}
	if (!addr || addr + bytes > ADDRESS_LIMIT)
		fail("fb: [0x%llx,+0x%llx) not drawable below 4 GiB", addr, bytes);
	/* Device memory the map calls free RAM would be handed out as RAM. */
	if (mmap_any_available(addr, addr + bytes))
		fail("fb: the map calls part of [0x%llx,+0x%llx) available", addr, bytes);
	if (want == FB_WANT_RGB) {
		fb_check_rgb_format(&fb);
		fb_check_channels(&fb);
	} else {
		fb_check_text(&fb);
	}
}

static void fill_rgb(const multiboot_info_t *mbi, uint32_t x0, uint32_t y0, uint32_t x1,
		     uint32_t y1, struct rgb c)
{
	uint32_t value = pixel(mbi, c);

	for (uint32_t y = y0; y < y1; y++) {
		volatile uint32_t *row = (volatile uint32_t *)(uintptr_t)
			(mbi->framebuffer_addr + (uint64_t)y * mbi->framebuffer_pitch);

		for (uint32_t x = x0; x < x1; x++)
			row[x] = value;
	}
}

static void draw_rgb(const multiboot_info_t *mbi, uint32_t w, uint32_t h)
{
	fill_rgb(mbi, 0, 0, w / 2, h / 2, QUADRANT_RGB[0]);
	fill_rgb(mbi, w / 2, 0, w, h / 2, QUADRANT_RGB[1]);
	fill_rgb(mbi, 0, h / 2, w / 2, h, QUADRANT_RGB[2]);
	fill_rgb(mbi, w / 2, h / 2, w, h, QUADRANT_RGB[3]);
	fill_rgb(mbi, 0, 0, MARK_PIXELS, MARK_PIXELS, MARK_TOP_LEFT);
	fill_rgb(mbi, w - MARK_PIXELS, h - MARK_PIXELS, w, h, MARK_BOTTOM_RIGHT);
}

static void put_cell(uint32_t column, uint32_t row, uint8_t ch, uint8_t attr)
{
	volatile uint16_t *cell = (volatile uint16_t *)(uintptr_t)TEXT_ADDR;

	cell[row * TEXT_COLUMNS + column] = (uint16_t)(attr << 8 | ch);
}

static void draw_text(void)
{
	for (uint32_t row = 0; row < TEXT_ROWS; row++)
		for (uint32_t column = 0; column < TEXT_COLUMNS; column++) {
			unsigned quadrant = (row >= TEXT_ROWS / 2) * 2 +
					    (column >= TEXT_COLUMNS / 2);

			put_cell(column, row, BLANK, ATTR(QUADRANT_TEXT[quadrant], 0));
		}
	put_cell(0, 0, FULL_BLOCK, ATTR(VGA_RED, VGA_YELLOW));
	put_cell(TEXT_COLUMNS - 1, TEXT_ROWS - 1, FULL_BLOCK, ATTR(VGA_GREY, VGA_MAGENTA));
}

void fb_draw_and_wait(const multiboot_info_t *mbi)
{
	uint32_t w = mbi->framebuffer_width, h = mbi->framebuffer_height;

	if (mbi->framebuffer_type == MULTIBOOT_FRAMEBUFFER_TYPE_RGB)
		draw_rgb(mbi, w, h);
	else
		draw_text();
	report("fb drawn %ux%u", w, h);
	for (;;)
		__asm__ volatile("hlt");
}
