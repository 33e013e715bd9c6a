// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/mb2header.c: the Multiboot 2 header, found and validated. Headers
 * are built here tag by tag into exactly sized files (a read past their end
 * is an AddressSanitizer or valgrind error), then searched.
 */
#include <stdio.h>

#include "check.h"
#include "loader/bytes.h"
#include "loader/mb2header.h"

/* A file with a header being built at off; at: where the next tag goes (from off). */
struct hb {
	uint8_t *f;
	size_t size;
	uint32_t off;
	uint32_t at;
};

static void hb_init(struct hb *b, size_t size, uint32_t off)
{
	b->f = tmalloc(size);
	b->size = size;
	b->off = off;
	b->at = 16;
	for (size_t i = 0; i < size; i++)
		b->f[i] = (uint8_t)(i * 13 + 5);  /* never the magic */
	CHECK(off + 16 <= size);
	put_le32(b->f + off, MB2_HEADER_MAGIC);
	put_le32(b->f + off + 4, MB2_ARCH_I386);
}

/*
 * A tag with n u32 fields and the given size field (0: 8 + 4n); the next
 * tag goes at the 8-aligned end of what was written.
 */
static void hb_tag_sized(struct hb *b, uint16_t type, uint16_t flags, uint32_t size,
			 const uint32_t *fields, size_t n)
{
	uint32_t len = (uint32_t)(8 + 4 * n), padded = (len + 7) & ~7u;
	uint8_t *t = b->f + b->off + b->at;

	CHECK(b->off + b->at + padded <= b->size);
	memset(t, 0, padded);
	put_le16(t, type);
	put_le16(t + 2, flags);
	put_le32(t + 4, size ? size : len);
	for (size_t i = 0; i < n; i++)
		put_le32(t + 8 + 4 * i, fields[i]);
	b->at += padded;
}

#define FIELDS(...) (const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)
#define TAG(b, type, flags, ...) hb_tag_sized((b), (type), (flags), 0, FIELDS(__VA_ARGS__))
#define TAG0(b, type, flags) hb_tag_sized((b), (type), (flags), 0, NULL, 0)

/* header_length and the checksum, as given. */
static void hb_seal(struct hb *b, uint32_t length)
{
	uint8_t *h = b->f + b->off;

	put_le32(h + 8, length);
	put_le32(h + 12, -(get_le32(h) + get_le32(h + 4) + length));
}

/* The end tag, then seal with the length up to it. */
static void hb_finish(struct hb *b)
{
	TAG0(b, MB2_HT_END, 0);
	hb_seal(b, b->at);
}

struct found {
	struct mb2_header h;
	char why[256];
	int rc;
};

static struct found *find_len(const struct hb *b, size_t len)
{
	struct found *r = tmalloc(sizeof(*r));

	memset(r, 0xA5, sizeof(*r));
	r->why[0] = '\0';
	r->rc = mb2header_find(b->f, len, &r->h, r->why, sizeof(r->why));
	return r;
}

static struct found *find(const struct hb *b)
{
	return find_len(b, b->size);
}

static void hb_free(struct hb *b)
{
	tfree(b->f);
}

/* The header is refused (-1) with a one-line reason naming keyword. */
static void refused(struct hb *b, const char *keyword, int line)
{
	struct found *r = find(b);

	if (r->rc != -1)
		check_fail(__FILE__, line, "refused (returned %d)", r->rc);
	if (!r->why[0] || strchr(r->why, '\n') || strlen(r->why) >= sizeof(r->why))
		check_fail(__FILE__, line, "one line of reason (\"%s\")", r->why);
	if (!strstr(r->why, keyword))
		check_fail(__FILE__, line, "the reason \"%s\" names \"%s\"", r->why, keyword);
	tfree(r);
	hb_free(b);
}
#define CHECK_HEADER_REFUSED(b, keyword) refused((b), (keyword), __LINE__)

/* Found, valid: returns the result (tfree it). */
static struct found *found_ok(struct hb *b, int line)
{
	struct found *r = find(b);

	if (r->rc != 1)
		check_fail(__FILE__, line, "found and valid (returned %d, \"%s\")", r->rc,
			   r->rc < 0 ? r->why : "");
	return r;
}
#define FOUND_OK(b) found_ok((b), __LINE__)

static void not_found(struct hb *b, size_t len, int line)
{
	struct found *r = find_len(b, len);

	if (r->rc != 0)
		check_fail(__FILE__, line, "no header found (returned %d, \"%s\")", r->rc, r->why);
	tfree(r);
}
#define CHECK_NOT_FOUND(b) not_found((b), (b)->size, __LINE__)

TEST(mb2header_minimal)
{
	struct hb b;

	hb_init(&b, 64, 0);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK_EQ(r->h.offset, 0);
	CHECK_EQ(r->h.length, 24);
	CHECK(!r->h.has_address && !r->h.has_entry && !r->h.has_efi32_entry &&
	      !r->h.has_efi64_entry && !r->h.efi_boot_services && !r->h.module_align &&
	      !r->h.has_framebuffer && !r->h.relocatable);
	CHECK_EQ(r->h.console_flags, 0);
	CHECK_EQ(r->h.requested, 0);
	CHECK_EQ(r->h.required, 0);
	tfree(r);

	/* The header may end exactly where the file does. */
	r = find_len(&b, 24);
	CHECK_EQ(r->rc, 1);
	tfree(r);
	/* A file one byte short of the end tag: the header claims past it. */
	r = find_len(&b, 23);
	CHECK_REFUSED(r->rc, r->why, "outside");
	tfree(r);
	hb_free(&b);
}

TEST(mb2header_every_tag)
{
	struct hb b;

	hb_init(&b, 0x2000, 0x1008);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, MB2_TAG_MMAP, MB2_TAG_CMDLINE, MB2_TAG_LOAD_BASE_ADDR);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, MB2_HEADER_TAG_OPTIONAL, MB2_TAG_FRAMEBUFFER,
	    MB2_TAG_ACPI_NEW);
	TAG(&b, MB2_HT_ADDRESS, 0, 0x101008, 0x100000, 0x180000, 0x190000);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100123);
	TAG(&b, MB2_HT_CONSOLE_FLAGS, 0, MB2_CONSOLE_REQUIRED | MB2_CONSOLE_EGA_TEXT);
	TAG(&b, MB2_HT_FRAMEBUFFER, MB2_HEADER_TAG_OPTIONAL, 1024, 768, 32);
	TAG0(&b, MB2_HT_MODULE_ALIGN, 0);
	TAG0(&b, MB2_HT_EFI_BS, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS_EFI32, 0, 0x100200);
	TAG(&b, MB2_HT_ENTRY_ADDRESS_EFI64, 0, 0x100300);
	TAG(&b, MB2_HT_RELOCATABLE, 0, 0x200000, 0x7FFFFFFF, 0x200000, MB2_RELOC_HIGHEST);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);
	const struct mb2_header *h = &r->h;

	CHECK_EQ(h->offset, 0x1008);
	CHECK_EQ(h->length, b.at);
	CHECK(h->has_address);
	CHECK_EQ(h->header_addr, 0x101008);
	CHECK_EQ(h->load_addr, 0x100000);
	CHECK_EQ(h->load_end_addr, 0x180000);
	CHECK_EQ(h->bss_end_addr, 0x190000);
	CHECK(h->has_entry);
	CHECK_EQ(h->entry, 0x100123);
	CHECK_EQ(h->console_flags, 3);
	CHECK(h->has_framebuffer);
	CHECK_EQ(h->fb_width, 1024);
	CHECK_EQ(h->fb_height, 768);
	CHECK_EQ(h->fb_depth, 32);
	CHECK(h->module_align);
	CHECK(h->efi_boot_services);
	CHECK(h->has_efi32_entry);
	CHECK_EQ(h->efi32_entry, 0x100200);
	CHECK(h->has_efi64_entry);
	CHECK_EQ(h->efi64_entry, 0x100300);
	CHECK(h->relocatable);
	CHECK_EQ(h->reloc_min, 0x200000);
	CHECK_EQ(h->reloc_max, 0x7FFFFFFF);
	CHECK_EQ(h->reloc_align, 0x200000);
	CHECK_EQ(h->reloc_preference, MB2_RELOC_HIGHEST);
	CHECK_EQ(h->requested, (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_CMDLINE) |
			       (1u << MB2_TAG_LOAD_BASE_ADDR) | (1u << MB2_TAG_FRAMEBUFFER) |
			       (1u << MB2_TAG_ACPI_NEW));
	CHECK_EQ(h->required, (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_CMDLINE) |
			      (1u << MB2_TAG_LOAD_BASE_ADDR));
	tfree(r);
	hb_free(&b);
}

/* Tags longer than their fields (padding, future fields) are fine. */
TEST(mb2header_tags_longer_than_needed)
{
	struct hb b;

	hb_init(&b, 0x200, 0x10);
	hb_tag_sized(&b, MB2_HT_ENTRY_ADDRESS, 0, 16, FIELDS(0x100040, 0xDEAD));
	hb_tag_sized(&b, MB2_HT_MODULE_ALIGN, 0, 12, FIELDS(0));
	TAG(&b, MB2_HT_CONSOLE_FLAGS, 0, 2);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK(r->h.has_entry && r->h.module_align);
	CHECK_EQ(r->h.entry, 0x100040);
	CHECK_EQ(r->h.console_flags, 2);
	tfree(r);
	hb_free(&b);
}

TEST(mb2header_unknown_tag)
{
	struct hb b;

	/* Optional: ignored, whatever its size. */
	hb_init(&b, 0x100, 0);
	TAG(&b, 0x55, MB2_HEADER_TAG_OPTIONAL, 1, 2, 3);
	TAG(&b, 0xFFFF, MB2_HEADER_TAG_OPTIONAL | 0x8000);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK(r->h.has_entry);
	tfree(r);
	hb_free(&b);

	/* Required: refused, naming the type. */
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	TAG(&b, 0x55, 0, 1, 2, 3);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "type 85");

	/* Flags other than bit 0 do not make a tag optional. */
	hb_init(&b, 0x100, 0);
	TAG(&b, 11, 2, 1);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "type 11");
}

TEST(mb2header_information_requests)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, MB2_TAG_MMAP, 0x77);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "119");

	/* Optional: the unknown type is ignored, the known one recorded. */
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, MB2_HEADER_TAG_OPTIONAL, MB2_TAG_MMAP, 0x77,
	    0xFFFFFFFF, MB2_TAG_END, 32);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK_EQ(r->h.requested, 1u << MB2_TAG_MMAP);
	CHECK_EQ(r->h.required, 0);
	tfree(r);
	hb_free(&b);

	/* The end type and the first type past the known ones, required. */
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, MB2_TAG_END);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "type 0");
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, MB2_TAG_TYPES);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "type 22");
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, 0x80000001u);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "2147483649");

	/* Every known type (1-21) may be required. */
	hb_init(&b, 0x200, 0);
	uint32_t all[MB2_TAG_TYPES - 1];

	for (uint32_t t = 1; t < MB2_TAG_TYPES; t++)
		all[t - 1] = t;
	hb_tag_sized(&b, MB2_HT_INFORMATION_REQUEST, 0, 0, all, MB2_TAG_TYPES - 1);
	hb_finish(&b);
	r = FOUND_OK(&b);
	CHECK_EQ(r->h.requested, ((1u << MB2_TAG_TYPES) - 1) & ~1u);
	CHECK_EQ(r->h.required, r->h.requested);
	tfree(r);
	hb_free(&b);

	/* An empty request is fine; one that is not whole types is not. */
	hb_init(&b, 0x100, 0);
	TAG0(&b, MB2_HT_INFORMATION_REQUEST, 0);
	hb_finish(&b);
	r = FOUND_OK(&b);
	CHECK_EQ(r->h.requested, 0);
	tfree(r);
	hb_free(&b);
	hb_init(&b, 0x100, 0);
	hb_tag_sized(&b, MB2_HT_INFORMATION_REQUEST, 0, 14, FIELDS(MB2_TAG_MMAP, 0));
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "size 14");
}

TEST(mb2header_bad_checksum_not_found)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	hb_finish(&b);
	put_le32(b.f + 12, get_le32(b.f + 12) + 1);
	CHECK_NOT_FOUND(&b);
	hb_free(&b);

	/* A bad one first, then a good one: the good one. */
	hb_init(&b, 0x200, 0x80);
	hb_finish(&b);
	put_le32(b.f + 0x10, MB2_HEADER_MAGIC);
	put_le32(b.f + 0x14, 0);
	put_le32(b.f + 0x18, 24);
	put_le32(b.f + 0x1C, 0);
	struct found *r = FOUND_OK(&b);

	CHECK_EQ(r->h.offset, 0x80);
	tfree(r);
	hb_free(&b);
}

TEST(mb2header_unaligned_not_found)
{
	for (uint32_t off = 1; off < 8; off++) {
		struct hb b;

		hb_init(&b, 0x100, 0x40 + off);
		hb_finish(&b);
		CHECK_NOT_FOUND(&b);
		hb_free(&b);
	}
}

TEST(mb2header_search_limit)
{
	struct hb b;

	/* Starting at 32 KiB: not searched. */
	hb_init(&b, MB2_SEARCH + 0x100, MB2_SEARCH);
	hb_finish(&b);
	CHECK_NOT_FOUND(&b);
	hb_free(&b);

	/* Wholly inside the first 32 KiB, ending at its last byte: found. */
	hb_init(&b, MB2_SEARCH + 0x100, MB2_SEARCH - 24);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK_EQ(r->h.offset, MB2_SEARCH - 24);
	tfree(r);
	hb_free(&b);

	/* Short files: nothing read past their end. */
	hb_init(&b, 16, 0);
	CHECK_NOT_FOUND(&b);
	for (size_t len = 0; len < 16; len++)
		not_found(&b, len, __LINE__);
	hb_free(&b);
}

TEST(mb2header_architecture)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	put_le32(b.f + 4, 4);  /* MIPS */
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "architecture 4");
}

TEST(mb2header_length_outside_file)
{
	struct hb b;

	hb_init(&b, 0x40, 0x10);
	hb_finish(&b);
	hb_seal(&b, 0x40 - 0x10 + 8);
	CHECK_HEADER_REFUSED(&b, "claims");

	hb_init(&b, 0x40, 0x10);
	hb_finish(&b);
	hb_seal(&b, 0xFFFFFFF8u);
	CHECK_HEADER_REFUSED(&b, "outside");

	/* Shorter than the fixed part and one tag. */
	hb_init(&b, 0x40, 0x10);
	hb_finish(&b);
	hb_seal(&b, 16);
	CHECK_HEADER_REFUSED(&b, "claims 16");
	hb_init(&b, 0x40, 0x10);
	hb_finish(&b);
	hb_seal(&b, 0);
	CHECK_HEADER_REFUSED(&b, "claims 0");

	/* Up to the file's last byte: fine. */
	hb_init(&b, 0x40, 0x10);
	hb_finish(&b);
	hb_seal(&b, 0x30);
	struct found *r = FOUND_OK(&b);

	CHECK_EQ(r->h.length, 0x30);
	tfree(r);
	hb_free(&b);
}

TEST(mb2header_missing_end_tag)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	TAG0(&b, MB2_HT_MODULE_ALIGN, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	hb_seal(&b, b.at);
	CHECK_HEADER_REFUSED(&b, "no end tag");

	/* Room for less than a tag after the last one. */
	hb_init(&b, 0x100, 0);
	TAG0(&b, MB2_HT_MODULE_ALIGN, 0);
	hb_seal(&b, b.at + 4);
	CHECK_HEADER_REFUSED(&b, "no end tag");

	/* The end tag lies past header_length. */
	hb_init(&b, 0x100, 0);
	TAG0(&b, MB2_HT_MODULE_ALIGN, 0);
	uint32_t before_end = b.at;

	hb_finish(&b);
	hb_seal(&b, before_end);
	CHECK_HEADER_REFUSED(&b, "no end tag");
}

TEST(mb2header_tag_size_too_small)
{
	for (uint32_t size = 0; size < 8; size++) {
		struct hb b;
		char want[32];

		hb_init(&b, 0x100, 0);
		TAG0(&b, MB2_HT_MODULE_ALIGN, 0);
		hb_finish(&b);
		put_le32(b.f + 16 + 4, size);
		snprintf(want, sizeof(want), "has size %u,", size);
		CHECK_HEADER_REFUSED(&b, want);
	}
	/* The end tag too. */
	struct hb b;

	hb_init(&b, 0x100, 0);
	hb_finish(&b);
	put_le32(b.f + 16 + 4, 4);
	CHECK_HEADER_REFUSED(&b, "has size 4");
}

TEST(mb2header_tag_size_past_header)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	hb_finish(&b);
	/* The entry tag claims up to one byte past the header's end. */
	put_le32(b.f + 16 + 4, b.at - 16 + 1);
	CHECK_HEADER_REFUSED(&b, "outside the header");

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	hb_finish(&b);
	put_le32(b.f + 16 + 4, 0xFFFFFFF9u);  /* would wrap the offset */
	CHECK_HEADER_REFUSED(&b, "outside the header");

	/* Up to the header's end exactly: the end tag is then missing. */
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_ENTRY_ADDRESS, 0, 0x100000);
	hb_finish(&b);
	put_le32(b.f + 16 + 4, b.at - 16);
	CHECK_HEADER_REFUSED(&b, "no end tag");
}

TEST(mb2header_tags_too_short)
{
	static const struct { uint16_t type; uint32_t min; } kinds[] = {
		{ MB2_HT_ADDRESS, 24 },
		{ MB2_HT_ENTRY_ADDRESS, 12 },
		{ MB2_HT_CONSOLE_FLAGS, 12 },
		{ MB2_HT_FRAMEBUFFER, 20 },
		{ MB2_HT_ENTRY_ADDRESS_EFI32, 12 },
		{ MB2_HT_ENTRY_ADDRESS_EFI64, 12 },
		{ MB2_HT_RELOCATABLE, 24 },
	};

	/* Fields any of these accept: entry 1 MiB, an a.out range, alignment 0. */
	static const uint32_t fields[] = { 0x100000, 0x100000, 0, 0 };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct hb b;
		char want[64];

		hb_init(&b, 0x100, 0);
		hb_tag_sized(&b, kinds[i].type, 0, kinds[i].min - 1, fields,
			     (kinds[i].min - 8) / 4);
		hb_finish(&b);
		snprintf(want, sizeof(want), "type %u is %u bytes", kinds[i].type, kinds[i].min - 1);
		CHECK_HEADER_REFUSED(&b, want);

		/* Exactly the minimum: accepted. */
		hb_init(&b, 0x100, 0);
		hb_tag_sized(&b, kinds[i].type, 0, 0, fields, (kinds[i].min - 8) / 4);
		hb_finish(&b);
		struct found *r = FOUND_OK(&b);

		tfree(r);
		hb_free(&b);
	}
}

TEST(mb2header_relocatable)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_RELOCATABLE, 0, 0x100000, 0x200000, 3, MB2_RELOC_LOWEST);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "power of two");

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_RELOCATABLE, 0, 0x300000, 0x200000, 0x1000, MB2_RELOC_LOWEST);
	hb_finish(&b);
	CHECK_HEADER_REFUSED(&b, "empty");

	/* Alignment 0 and min == max are fine. */
	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_RELOCATABLE, 0, 0x200000, 0x200000, 0, MB2_RELOC_NONE);
	hb_finish(&b);
	struct found *r = FOUND_OK(&b);

	CHECK(r->h.relocatable);
	CHECK_EQ(r->h.reloc_align, 0);
	CHECK_EQ(r->h.reloc_min, r->h.reloc_max);
	tfree(r);
	hb_free(&b);

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_RELOCATABLE, 0, 0, 0xFFFFFFFF, 0x80000000u, MB2_RELOC_HIGHEST);
	hb_finish(&b);
	r = FOUND_OK(&b);
	CHECK_EQ(r->h.reloc_align, 0x80000000u);
	tfree(r);
	hb_free(&b);
}

/* The first header with a good checksum is the one; an invalid one is not skipped. */
TEST(mb2header_first_checksummed_header_counts)
{
	struct hb b;

	hb_init(&b, 0x100, 0x40);
	hb_finish(&b);
	/* A second, valid header at 0x80 after an invalid one at 0x40. */
	put_le32(b.f + 0x44, 7);
	hb_seal(&b, 24);
	memcpy(b.f + 0x80, b.f + 0x40, 24);
	put_le32(b.f + 0x84, 0);
	put_le32(b.f + 0x8C, -(MB2_HEADER_MAGIC + 24));
	CHECK_HEADER_REFUSED(&b, "architecture 7");
}

/* Reasons never overflow a small buffer and are always terminated. */
TEST(mb2header_why_small_buffer)
{
	struct hb b;

	hb_init(&b, 0x100, 0);
	TAG(&b, MB2_HT_INFORMATION_REQUEST, 0, 0x77);
	hb_finish(&b);
	for (size_t n = 1; n <= 24; n++) {
		char why[32];
		struct mb2_header h;

		memset(why, 'X', sizeof(why));
		CHECK_EQ(mb2header_find(b.f, b.size, &h, why, n), -1);
		CHECK(memchr(why, '\0', n) != NULL);
		CHECK_EQ(strlen(why), n - 1);
		for (size_t i = n; i < sizeof(why); i++)
			CHECK_EQ(why[i], 'X');
	}
	hb_free(&b);
}

TEST(mb2header_info_tag_names)
{
	for (uint32_t t = 0; t < MB2_TAG_TYPES; t++) {
		const char *name = mb2_info_tag_name(t);

		CHECK(name && name[0]);
		CHECK(strcmp(name, "unknown"));
	}
	CHECK_STR(mb2_info_tag_name(MB2_TAG_MMAP), "memory map");
	CHECK_STR(mb2_info_tag_name(MB2_TAG_LOAD_BASE_ADDR), "image load base address");
	CHECK_STR(mb2_info_tag_name(MB2_TAG_TYPES), "unknown");
	CHECK_STR(mb2_info_tag_name(0xFFFFFFFF), "unknown");
}
