// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/video.c: which firmware mode a kernel's header request gets, and
 * the colour-mask fields of the framebuffer description.
 */
#include "check.h"
#include "loader/video.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* OVMF's GOP offers modes like these (QEMU's stdvga). */
static const struct video_mode ovmf_modes[] = {
	{ 640, 480, true },   /* 0 */
	{ 800, 600, true },   /* 1 */
	{ 1024, 768, true },  /* 2 */
	{ 1280, 1024, true }, /* 3 */
	{ 1280, 720, true },  /* 4 */
	{ 1920, 1080, true }, /* 5 */
};

TEST(video_pick_exact)
{
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1024, 768), 2);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 640, 480), 0);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1920, 1080), 5);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1280, 720), 4);
}

/* No exact match: the smallest mode at least as large in both dimensions. */
TEST(video_pick_next_larger)
{
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 700, 500), 1);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1024, 769), 3);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1, 1), 0);
	/* 1280x1024 (larger) beats 1280x720 (closer in area, but too short). */
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 1200, 800), 3);
}

/* Nothing large enough: the largest smaller (closest) mode. */
TEST(video_pick_largest_smaller)
{
	static const struct video_mode small[] = {
		{ 800, 600, true }, { 1024, 768, true }, { 640, 480, true },
	};

	CHECK_EQ(video_pick_mode(small, COUNT(small), 1920, 1080), 1);
	CHECK_EQ(video_pick_mode(small, COUNT(small), 4096, 4096), 1);
	/* Wider than every mode but not taller: still none is "larger". */
	CHECK_EQ(video_pick_mode(small, COUNT(small), 2000, 500), 1);
}

/* Only direct (linear, 32-bit) modes count. */
TEST(video_pick_skips_non_direct)
{
	static const struct video_mode modes[] = {
		{ 1024, 768, false }, { 800, 600, true }, { 1280, 1024, true },
	};
	static const struct video_mode none[] = {
		{ 1024, 768, false }, { 800, 600, false },
	};

	/* The exact mode has no framebuffer: the next larger direct one. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 1024, 768), 2);
	CHECK_EQ(video_pick_mode(none, COUNT(none), 1024, 768), -1);
	CHECK_EQ(video_pick_mode(none, COUNT(none), 0, 0), -1);
	CHECK_EQ(video_pick_mode(NULL, 0, 1024, 768), -1);
}

/* 0 means "any" for that dimension; ties go to the larger mode. */
TEST(video_pick_one_dimension_zero)
{
	static const struct video_mode modes[] = {
		{ 1024, 768, true }, { 1280, 768, true }, { 800, 600, true },
		{ 1366, 768, false }, { 640, 1024, true },
	};

	/* Any width, 768 lines: both 768-line modes match; the wider wins. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 0, 768), 1);
	/* Width 800, any height: the one 800-wide mode. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 800, 0), 2);
	/* Width 900, any height: the narrowest wider one. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 900, 0), 0);
	/* 700 lines, any width: 768 lines is the least above. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 0, 700), 1);
	/* Anything at all: the largest direct mode by area. */
	CHECK_EQ(video_pick_mode(modes, COUNT(modes), 0, 0), 1);
	CHECK_EQ(video_pick_mode(ovmf_modes, COUNT(ovmf_modes), 0, 0), 5);
}

/* The choice does not depend on the firmware's order of the modes. */
TEST(video_pick_order_independent)
{
	struct video_mode reversed[COUNT(ovmf_modes)];
	static const uint32_t wants[][2] = {
		{ 1024, 768 }, { 700, 500 }, { 4000, 3000 }, { 0, 0 }, { 0, 720 }, { 1280, 0 },
	};

	for (size_t i = 0; i < COUNT(ovmf_modes); i++)
		reversed[i] = ovmf_modes[COUNT(ovmf_modes) - 1 - i];
	for (size_t i = 0; i < COUNT(wants); i++) {
		int a = video_pick_mode(ovmf_modes, COUNT(ovmf_modes), wants[i][0], wants[i][1]);
		int b = video_pick_mode(reversed, COUNT(reversed), wants[i][0], wants[i][1]);

		CHECK(a >= 0 && b >= 0);
		CHECK_EQ(ovmf_modes[a].width, reversed[b].width);
		CHECK_EQ(ovmf_modes[a].height, reversed[b].height);
	}
}

#define CHECK_MASK(mask, want_pos, want_size)                             \
	do {                                                              \
		uint8_t pos_ = 0xEE, size_ = 0xEE;                        \
		CHECK(video_mask_field((mask), &pos_, &size_));           \
		CHECK_EQ(pos_, (want_pos));                               \
		CHECK_EQ(size_, (want_size));                             \
	} while (0)

#define CHECK_NO_MASK(mask)                                               \
	do {                                                              \
		uint8_t pos_ = 0xEE, size_ = 0xEE;                        \
		CHECK(!video_mask_field((mask), &pos_, &size_));          \
		CHECK_EQ(pos_, 0xEE);  /* untouched */                    \
		CHECK_EQ(size_, 0xEE);                                    \
	} while (0)

TEST(video_mask_contiguous)
{
	/* PixelRedGreenBlueReserved8BitPerColor and its BGR sibling. */
	CHECK_MASK(0x000000FFu, 0, 8);
	CHECK_MASK(0x0000FF00u, 8, 8);
	CHECK_MASK(0x00FF0000u, 16, 8);
	CHECK_MASK(0xFF000000u, 24, 8);
	/* RGB565 and 10-bit channels. */
	CHECK_MASK(0xF800u, 11, 5);
	CHECK_MASK(0x07E0u, 5, 6);
	CHECK_MASK(0x001Fu, 0, 5);
	CHECK_MASK(0x3FF00000u, 20, 10);
	/* The extremes. */
	CHECK_MASK(0x1u, 0, 1);
	CHECK_MASK(0x80000000u, 31, 1);
	CHECK_MASK(0xFFFFFFFFu, 0, 32);
	CHECK_MASK(0xFFFFFFFEu, 1, 31);
	CHECK_MASK(0x7FFFFFFFu, 0, 31);
}

TEST(video_mask_zero_and_non_contiguous)
{
	CHECK_NO_MASK(0);
	CHECK_NO_MASK(0x00FF00FFu);
	CHECK_NO_MASK(0x0F0Fu);
	CHECK_NO_MASK(0x80000001u);
	CHECK_NO_MASK(0x5u);
	CHECK_NO_MASK(0xFFFEFFFFu);
}
