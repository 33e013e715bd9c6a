// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/mbheader.c: the Multiboot header search (first 8 KiB, 4-byte
 * aligned, checksummed), and which optional fields it reports as present.
 * Buffers are exactly sized allocations, so a read past their end is an
 * AddressSanitizer or valgrind error.
 */
#include <multiboot/multiboot.h>

#include "check.h"
#include "loader/bytes.h"
#include "loader/mbheader.h"

/* A buffer of len bytes of filler (no magic in it). */
static uint8_t *buffer(size_t len)
{
	uint8_t *b = tmalloc(len);

	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 13 + 5);
	return b;
}

/*
 * A header at off with flags and a correct checksum; the optional fields
 * that fit in len are 0x1000 * (field number) + off.
 */
static void put_header(uint8_t *b, size_t len, size_t off, uint32_t flags)
{
	put_le32(b + off, MULTIBOOT_HEADER_MAGIC);
	put_le32(b + off + 4, flags);
	put_le32(b + off + 8, -(MULTIBOOT_HEADER_MAGIC + flags));
	for (size_t field = 3; field < 12 && off + 4 * field + 4 <= len; field++)
		put_le32(b + off + 4 * field, (uint32_t)(0x1000 * field + off));
}

static bool find(const uint8_t *b, size_t len, struct mb_header *h)
{
	memset(h, 0xA5, sizeof(*h));
	return mbheader_find(b, len, h);
}

TEST(mbheader_at_start)
{
	uint8_t *b = buffer(4096);
	struct mb_header h;

	put_header(b, 4096, 0, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
	CHECK(find(b, 4096, &h));
	CHECK_EQ(h.offset, 0);
	CHECK_EQ(h.flags, 3);
	/* The a.out fields are there whether or not flag 16 asks for them. */
	CHECK(h.has_addresses);
	CHECK_EQ(h.header_addr, 0x3000);
	CHECK_EQ(h.load_addr, 0x4000);
	CHECK_EQ(h.load_end_addr, 0x5000);
	CHECK_EQ(h.bss_end_addr, 0x6000);
	CHECK_EQ(h.entry_addr, 0x7000);
	CHECK(!h.has_video);
	tfree(b);
}

TEST(mbheader_aout_fields)
{
	uint8_t *b = buffer(8192);
	struct mb_header h;

	put_header(b, 8192, 0x40, MULTIBOOT_AOUT_KLUDGE);
	CHECK(find(b, 8192, &h));
	CHECK_EQ(h.offset, 0x40);
	CHECK_EQ(h.flags, MULTIBOOT_AOUT_KLUDGE);
	CHECK(h.has_addresses);
	CHECK_EQ(h.header_addr, 0x3040);
	CHECK_EQ(h.entry_addr, 0x7040);
	CHECK(!h.has_video);
	tfree(b);
}

/* The buffer ends inside the a.out fields: the header, without them. */
TEST(mbheader_aout_fields_cut_off)
{
	for (size_t len = 12; len < 32; len += 4) {
		uint8_t *b = buffer(len);
		struct mb_header h;

		put_header(b, len, 0, MULTIBOOT_AOUT_KLUDGE);
		CHECK(find(b, len, &h));
		CHECK_EQ(h.offset, 0);
		CHECK(!h.has_addresses);
		CHECK(!h.has_video);
		tfree(b);
	}
	/* Exactly the a.out fields, none of the video ones. */
	uint8_t *b = buffer(0x100 + 32);
	struct mb_header h;

	put_header(b, 0x100 + 32, 0x100, MULTIBOOT_AOUT_KLUDGE | MULTIBOOT_VIDEO_MODE);
	CHECK(find(b, 0x100 + 32, &h));
	CHECK(h.has_addresses);
	CHECK_EQ(h.entry_addr, 0x7100);
	CHECK(!h.has_video);
	tfree(b);
}

/* Flag bit 2: mode_type, width, height, depth. */
TEST(mbheader_video_fields)
{
	uint8_t *b = buffer(48);
	struct mb_header h;

	put_header(b, 48, 0, MULTIBOOT_VIDEO_MODE);
	put_le32(b + 32, 0);     /* linear graphics */
	put_le32(b + 36, 1024);
	put_le32(b + 40, 768);
	put_le32(b + 44, 32);
	CHECK(find(b, 48, &h));
	CHECK(h.has_addresses);
	CHECK(h.has_video);
	CHECK_EQ(h.mode_type, 0);
	CHECK_EQ(h.width, 1024);
	CHECK_EQ(h.height, 768);
	CHECK_EQ(h.depth, 32);
	tfree(b);

	/* One byte short of the depth field: no video fields. */
	b = buffer(47);
	put_header(b, 47, 0, MULTIBOOT_VIDEO_MODE);
	CHECK(find(b, 47, &h));
	CHECK(h.has_addresses);
	CHECK(!h.has_video);
	tfree(b);
}

/* Video fields present in the buffer but bit 2 clear: not reported. */
TEST(mbheader_video_fields_need_flag)
{
	uint8_t *b = buffer(256);
	struct mb_header h;

	put_header(b, 256, 8, MULTIBOOT_PAGE_ALIGN);
	CHECK(find(b, 256, &h));
	CHECK(!h.has_video);
	CHECK_EQ(h.width, 0);
	CHECK_EQ(h.height, 0);
	tfree(b);
}

/*
 * The 8 KiB boundary: the header's 12 bytes must lie in the first 8192;
 * the optional fields after it may lie beyond.
 */
TEST(mbheader_8k_boundary)
{
	const size_t len = 3 * 4096;
	uint8_t *b = buffer(len);
	struct mb_header h;

	put_header(b, len, 8192 - 12, MULTIBOOT_AOUT_KLUDGE | MULTIBOOT_VIDEO_MODE);
	CHECK(find(b, len, &h));
	CHECK_EQ(h.offset, 8180);
	CHECK(h.has_addresses);
	CHECK_EQ(h.entry_addr, 0x7000 + 8180);
	CHECK(h.has_video);
	CHECK_EQ(h.depth, 0xB000 + 8180);
	tfree(b);

	/* Straddling the boundary, or just past it: not found. */
	static const size_t beyond[] = { 8192 - 8, 8192 - 4, 8192, 8196, 12000 };
	for (size_t i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		b = buffer(len);
		put_header(b, len, beyond[i], 0);
		if (find(b, len, &h))
			check_fail(__FILE__, __LINE__, "a header at %zu is not found (found at %u)",
				   beyond[i], h.offset);
		tfree(b);
	}
}

/* A buffer ending inside the first 8 KiB bounds the search too. */
TEST(mbheader_short_buffers)
{
	struct mb_header h;
	uint8_t *b = buffer(12);

	put_header(b, 12, 0, 0);
	CHECK(find(b, 12, &h));
	CHECK(!h.has_addresses);
	tfree(b);

	for (size_t len = 0; len < 12; len++) {
		b = buffer(len);
		CHECK(!find(b, len, &h));
		tfree(b);
	}
	CHECK(!mbheader_find(NULL, 0, &h));

	/* The header's last word is past the end. */
	b = buffer(100);
	put_le32(b + 92, MULTIBOOT_HEADER_MAGIC);
	put_le32(b + 96, 0);
	CHECK(!find(b, 100, &h));
	tfree(b);
}

/* Only 4-byte aligned offsets are searched. */
TEST(mbheader_unaligned_ignored)
{
	for (size_t off = 1; off < 4; off++) {
		uint8_t *b = buffer(512);
		struct mb_header h;

		put_header(b, 512, 64 + off, 0);
		CHECK(!find(b, 512, &h));
		tfree(b);
	}
}

TEST(mbheader_bad_checksum)
{
	static const uint32_t deltas[] = { 1, 0x80000000u, 0xFFFFFFFFu, 0x100 };

	for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		uint8_t *b = buffer(1024);
		struct mb_header h;

		put_header(b, 1024, 16, 3);
		put_le32(b + 24, -(MULTIBOOT_HEADER_MAGIC + 3) + deltas[i]);
		CHECK(!find(b, 1024, &h));
		tfree(b);
	}
	/* Magic alone, zeros after it: 0x1BADB002 + 0 + 0 is not 0. */
	uint8_t *b = tcalloc(1, 64);
	struct mb_header h;

	put_le32(b, MULTIBOOT_HEADER_MAGIC);
	CHECK(!find(b, 64, &h));
	tfree(b);
}

/* A bad candidate first does not hide a good one after it. */
TEST(mbheader_first_valid_wins)
{
	uint8_t *b = buffer(4096);
	struct mb_header h;

	put_header(b, 4096, 0x20, 0);
	put_le32(b + 0x28, 0);                /* bad checksum */
	put_header(b, 4096, 0x200, 0x10002);
	put_header(b, 4096, 0x400, 0x1);   /* also valid, later */
	CHECK(find(b, 4096, &h));
	CHECK_EQ(h.offset, 0x200);
	CHECK_EQ(h.flags, 0x10002);
	tfree(b);
}

/* The checksum is modular: any flags, including the high bits. */
TEST(mbheader_checksum_wraps)
{
	static const uint32_t flags[] = { 0, 0xFFFFFFFFu, 0xE4524FFEu, 0x00010007u };

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		uint8_t *b = buffer(64);
		struct mb_header h;

		put_header(b, 64, 4, flags[i]);
		CHECK(find(b, 64, &h));
		CHECK_EQ(h.offset, 4);
		CHECK_EQ(h.flags, flags[i]);
		tfree(b);
	}
}
