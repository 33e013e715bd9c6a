// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for payload_load (loader/payload.c).
 *
 * Input, first byte = mode:
 *   bit 0 clear, "raw": the fw_cfg items come straight from the input:
 *     [mode][opt][blob_addr:4][blob_size:4][entry:4][mbi_addr:4]
 *     [mbi_size:4 if opt bit 1][fill][MBI: 88 bytes][blob bytes...]
 *     opt bit 0: blob_size = the number of blob bytes given
 *     opt bit 1: mbi_size from the input (else QEMU's 88)
 *     opt bits 2-3: refuse the n-th read (a DMA error), 0 = never
 *     opt bit 4: entry and the MBI's cmdline, mods_addr and boot_loader_name
 *                are offsets from blob_addr (else absolute)
 *     opt bit 5: header_known, with [offset:4][flags:4] after mbi_size
 *     Blob bytes past the given ones read as the fill byte.
 *   bit 0 set, "valid": a payload laid out exactly as QEMU's
 *     hw/i386/multiboot.c lays it out (kernel image with a Multiboot header,
 *     page-aligned; module list; module and kernel command lines; "qemu";
 *     page-aligned modules) is built from parameters in the input, then
 *     bits 1-3 of the mode byte say how many mutations (0-7, each an opcode
 *     and operands from the input) are applied to it. With no mutation the
 *     payload must load and describe exactly what was built. Bit 3 of the
 *     build's first byte gives the header as known (header_known, as
 *     synth.c does for kernel files), bit 4 then leaves it out of the image.
 *
 * Whenever payload_load succeeds, the result is checked against the blob:
 * image_size > 0 and page-aligned, entry inside the image, header inside the
 * image's first 8 KiB with a valid checksum, metadata right after the image
 * and at most PAYLOAD_MAX_META bytes, the metadata copy equal to the blob,
 * modules inside the blob after the metadata, in order and not overlapping,
 * every string NUL-terminated inside the metadata. payload_load must never
 * ask the read callback for bytes outside the blob (its contract says reads
 * are already bounds-checked); the callback aborts if it does.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "loader/mbi.h"
#include "loader/payload.h"
#include "loader/plan.h"

#include "fuzz_common.h"

#define QEMU_MBI_ADDR 0x9500u
#define QEMU_MMAP_ADDR 0x9000u
#define QEMU_MBI_FLAGS 0x24Fu
#define QEMU_BOOT_DEVICE 0x8000ffffu

/* Offsets of the MBI fields QEMU fills. */
#define MBI_FLAGS 0
#define MBI_MEM_LOWER 4
#define MBI_MEM_UPPER 8
#define MBI_BOOT_DEVICE 12
#define MBI_CMDLINE 16
#define MBI_MODS_COUNT 20
#define MBI_MODS_ADDR 24
#define MBI_MMAP_ADDR 48
#define MBI_BOOT_LOADER_NAME 64

#define HEAD_MAX MULTIBOOT_SEARCH
#define VALID_MAX_MODS 1100          /* a few past PAYLOAD_MAX_MODULES */
#define VALID_META_MAX (256u * 1024) /* list + strings of VALID_MAX_MODS */

static uint64_t page_align(uint64_t x)
{
	return (x + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/*
 * The fw_cfg kernel item: bytes [0, head_len) and [meta_off, meta_off +
 * meta_len) are materialised, everything else (kernel body, modules, the
 * part of a raw blob the input does not give) reads as the fill byte.
 */
struct vblob {
	uint32_t size;  /* FW_CFG_KERNEL_SIZE */
	const uint8_t *head;
	uint32_t head_len;
	const uint8_t *meta;
	uint32_t meta_off, meta_len;
	uint8_t fill;
	int reads;
	int fail_read;  /* refuse the n-th read (1-based); 0: never */
};

FUZZ_REFERENCE static void copy_segment(uint8_t *out, uint32_t off, uint32_t len,
			 const uint8_t *seg, uint32_t seg_off, uint32_t seg_len)
{
	uint64_t lo = off > seg_off ? off : seg_off;
	uint64_t end = (uint64_t)off + len, seg_end = (uint64_t)seg_off + seg_len;
	uint64_t hi = end < seg_end ? end : seg_end;

	if (seg && lo < hi)
		memcpy(out + (lo - off), seg + (lo - seg_off), hi - lo);
}

FUZZ_REFERENCE static void vblob_copy(const struct vblob *b, uint32_t off, uint8_t *out, uint32_t len)
{
	memset(out, b->fill, len);
	copy_segment(out, off, len, b->head, 0, b->head_len);
	copy_segment(out, off, len, b->meta, b->meta_off, b->meta_len);
}

static int vblob_read(void *ctx, uint32_t off, void *dest, uint32_t len)
{
	struct vblob *b = ctx;

	/* The real source refuses these too, but payload_load promises never to ask. */
	FUZZ_CHECK((uint64_t)off + len <= b->size,
		   "payload_load read 0x%x bytes at 0x%x of a 0x%x-byte blob",
		   len, off, b->size);
	if ((uint64_t)off + len > b->size)
		return -1;
	b->reads++;
	if (b->fail_read == b->reads)
		return -1;
	vblob_copy(b, off, dest, len);
	return 0;
}

/* What a valid build must load as. */
struct expect {
	bool valid;      /* no mutation: payload_load must succeed ... */
	bool must_fail;  /* ... unless this (more modules than accepted) */
	uint32_t image_size, header_offset, header_flags;
	uint32_t meta_size, kcmdline;
	uint32_t mod_count;
	uint32_t mod_offset[VALID_MAX_MODS], mod_size[VALID_MAX_MODS];
	uint32_t mod_cmdline[VALID_MAX_MODS];
};

static uint8_t meta_buffer[PAYLOAD_MAX_META];
static uint8_t meta_check[PAYLOAD_MAX_META];
static struct payload payload;
static struct expect expect;
static uint8_t head_data[HEAD_MAX];
static uint8_t meta_data[VALID_META_MAX];

static const uint32_t header_flag_choices[] = {
	0x0, MULTIBOOT_PAGE_ALIGN, MULTIBOOT_MEMORY_INFO,
	MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO,
	MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_VIDEO_MODE,
	MULTIBOOT_VIDEO_MODE, MULTIBOOT_AOUT_KLUDGE | 0x3, MULTIBOOT_AOUT_KLUDGE,
	0x80000003u, 0xffff0007u,  /* unknown optional bits: fine */
	0x0000000bu, 0x00008001u,  /* unknown required bits: refused */
};

static void put_header(uint8_t *at, uint32_t flags)
{
	put32le(at, MULTIBOOT_HEADER_MAGIC);
	put32le(at + 4, flags);
	put32le(at + 8, -(MULTIBOOT_HEADER_MAGIC + flags));
}

static void random_string(struct cursor *c, uint8_t *out, uint32_t len, char dflt)
{
	for (uint32_t i = 0; i < len; i++) {
		uint8_t ch = get8(c);

		out[i] = ch ? ch : (uint8_t)dflt;
	}
	out[len] = 0;
}

/* Build QEMU's layout (hw/i386/multiboot.c, load_multiboot) from the input. */
static void build_valid(struct cursor *c, struct vblob *b, struct payload_input *in,
			uint8_t *mbi, struct expect *ex)
{
	uint8_t sel = get8(c);
	uint32_t addr;

	switch (sel & 3) {
	case 0: addr = 0x100000; break;
	case 1: addr = 0x200000; break;
	case 2: addr = (uint32_t)get16(c) << 12; break;
	default: addr = get32(c); break;  /* an a.out-kludge load_addr: anything */
	}
	uint32_t kernel_size = 48 + get16(c) * ((sel & 4) ? 64u : 1u);
	uint32_t image_size = (uint32_t)page_align(kernel_size);
	uint32_t head_len = image_size < HEAD_MAX ? image_size : HEAD_MAX;
	uint32_t search = kernel_size < HEAD_MAX ? kernel_size : HEAD_MAX;
	uint32_t header_offset = (get16(c) % ((search - 12) / 4 + 1)) * 4;
	uint32_t header_flags = header_flag_choices[get8(c) % (sizeof(header_flag_choices) / 4)];
	uint32_t entry_off = get32(c) % kernel_size;

	/* The image: code bytes (no stray header), bss and page padding zero. */
	memset(head_data, 0, head_len);
	memset(head_data, 0x90, kernel_size < head_len ? kernel_size : head_len);
	put_header(head_data + header_offset, header_flags);

	uint8_t m = get8(c);
	uint32_t count;

	if (m < 200)
		count = m % 6;
	else if (m < 240)
		count = m % 40;
	else
		count = get16(c) % (VALID_MAX_MODS + 1);

	/* Module list, then each module's string, the kernel's, slack, "qemu". */
	uint32_t list_off = image_size;
	uint32_t strings = 16 * count;  /* relative to list_off */
	uint32_t mod_size[VALID_MAX_MODS];

	for (uint32_t i = 0; i < count; i++) {
		uint32_t len = get8(c) % 48;
		uint8_t code = get8(c);

		random_string(c, meta_data + strings, len, (char)('a' + i % 26));
		ex->mod_cmdline[i] = strings;
		strings += len + 1;
		if (code == 0)
			mod_size[i] = 0x1234 + i * 0x11;  /* input exhausted: a default */
		else if (code == 1)
			mod_size[i] = 0;                  /* an empty file */
		else
			mod_size[i] = (uint32_t)get16(c) << (code % 13);
		/* Keep the whole blob well below 4 GiB. */
		uint32_t cap = count > 8 ? 1u << 20 : 1u << 28;
		if (mod_size[i] > cap)
			mod_size[i] = cap;
	}
	uint32_t klen = get8(c);

	random_string(c, meta_data + strings, klen, ' ');
	ex->kcmdline = strings;
	strings += klen + 1;
	uint32_t slack = get8(c) % 8 == 0 ? get8(c) % 64 : 0;  /* ",," in -initrd */

	memset(meta_data + strings, 0, slack);
	strings += slack;
	uint32_t boot_name = strings;

	memcpy(meta_data + strings, "qemu", 5);
	strings += 5;
	uint32_t meta_end = (uint32_t)page_align(list_off + strings);

	memset(meta_data + strings, 0, meta_end - list_off - strings);

	uint64_t off = meta_end;

	for (uint32_t i = 0; i < count; i++) {
		ex->mod_offset[i] = (uint32_t)off;
		ex->mod_size[i] = mod_size[i];
		off = page_align(off + mod_size[i]);
	}
	uint32_t blob_size = (uint32_t)off;

	/*
	 * Below 4 GiB, and not ending right at it: an empty last module would
	 * start at 2^32, which QEMU's 32-bit pointers cannot say either.
	 */
	if ((uint64_t)addr + blob_size >= 1ull << 32)
		addr = (uint32_t)(((1ull << 32) - blob_size - PAGE_SIZE) & ~(uint64_t)(PAGE_SIZE - 1));

	for (uint32_t i = 0; i < count; i++) {
		uint8_t *e = meta_data + 16 * i;

		put32le(e, addr + ex->mod_offset[i]);
		put32le(e + 4, addr + ex->mod_offset[i] + mod_size[i]);
		put32le(e + 8, addr + list_off + ex->mod_cmdline[i]);
		put32le(e + 12, 0);
	}

	memset(mbi, 0, PAYLOAD_MBI_SIZE);
	put32le(mbi + MBI_FLAGS, QEMU_MBI_FLAGS);
	put32le(mbi + MBI_MEM_LOWER, 640);
	put32le(mbi + MBI_MEM_UPPER, get16(c) * 1024u);
	put32le(mbi + MBI_BOOT_DEVICE, QEMU_BOOT_DEVICE);
	put32le(mbi + MBI_CMDLINE, addr + list_off + ex->kcmdline);
	put32le(mbi + MBI_MODS_COUNT, count);
	put32le(mbi + MBI_MODS_ADDR, addr + list_off);
	put32le(mbi + MBI_MMAP_ADDR, QEMU_MMAP_ADDR);
	put32le(mbi + MBI_BOOT_LOADER_NAME, addr + list_off + boot_name);

	*b = (struct vblob){
		.size = blob_size,
		.head = head_data, .head_len = head_len,
		.meta = meta_data, .meta_off = list_off, .meta_len = meta_end - list_off,
		.fill = 0,
	};
	*in = (struct payload_input){
		.blob_addr = addr,
		.blob_size = blob_size,
		.entry = addr + entry_off,
		.mbi_addr = QEMU_MBI_ADDR,
		.mbi_size = PAYLOAD_MBI_SIZE,
		.mbi = mbi,
	};
	/* As synth.c does for kernel files: the header given, not searched. */
	if (sel & 8) {
		in->header_known = true;
		in->header = (struct mb_header){ .offset = header_offset, .flags = header_flags };
		if (sel & 16)
			memset(head_data, 0x90, head_len);  /* and none in the image */
	}
	ex->image_size = image_size;
	ex->header_offset = header_offset;
	ex->header_flags = header_flags;
	ex->mod_count = count;
	ex->meta_size = (count ? ex->mod_offset[0] : blob_size) - list_off;
	/*
	 * QEMU accepts any header flags; this loader refuses required ones it
	 * does not know (bits 3-15), and more than 1024 modules.
	 */
	ex->must_fail = count > PAYLOAD_MAX_MODULES ||
			(header_flags & 0xfff8u) != 0;
}

static int32_t scaled_delta(struct cursor *c, uint8_t op)
{
	int32_t d = (int16_t)get16(c);

	return op & 0x80 ? d * (int32_t)PAGE_SIZE : d;
}

static void mutate(struct cursor *c, struct vblob *b, struct payload_input *in,
		   uint8_t *mbi, const struct expect *ex)
{
	uint8_t op = get8(c);
	uint32_t count = ex->mod_count;

	switch (op % 16) {
	case 0: {  /* an MBI field */
		uint32_t f = get8(c) % (PAYLOAD_MBI_SIZE / 4);

		put32le(mbi + 4 * f, get32(c));
		break;
	}
	case 1: {
		uint32_t f = get8(c) % (PAYLOAD_MBI_SIZE / 4);

		put32le(mbi + 4 * f, get32le(mbi + 4 * f) + (uint32_t)scaled_delta(c, op));
		break;
	}
	case 2:  /* a module list field */
		if (count) {
			uint32_t i = get16(c) % count, f = get8(c) % 4;

			put32le(meta_data + 16 * i + 4 * f, get32(c));
		}
		break;
	case 3:
		if (count) {
			uint32_t i = get16(c) % count, f = get8(c) % 4;
			uint8_t *e = meta_data + 16 * i + 4 * f;

			put32le(e, get32le(e) + (uint32_t)scaled_delta(c, op));
		}
		break;
	case 4: {  /* a metadata byte */
		uint32_t at = get32(c) % b->meta_len;

		meta_data[at] = get8(c);
		break;
	}
	case 5: {  /* a string loses its terminator, or every NUL up to the end */
		uint32_t at = get32(c) % b->meta_len;
		uint8_t fill = get8(c) | 1;

		if (op & 0x80) {
			memset(meta_data + at, fill, b->meta_len - at);
			break;
		}
		while (at < b->meta_len && meta_data[at])
			at++;
		if (at < b->meta_len)
			meta_data[at] = fill;
		break;
	}
	case 6: {  /* a kernel image byte (header, checksum) */
		uint32_t at = get16(c) % b->head_len;

		head_data[at] = get8(c);
		break;
	}
	case 7:
		in->blob_size += (uint32_t)scaled_delta(c, op);
		b->size = in->blob_size;
		break;
	case 8:
		in->entry = op & 0x80 ? get32(c) : in->entry + (uint32_t)scaled_delta(c, op);
		break;
	case 9:
		in->blob_addr += (uint32_t)scaled_delta(c, op);
		break;
	case 10:
		in->mbi_size = get8(c);
		break;
	case 11: {  /* other header flags, checksum still right */
		uint32_t at = get16(c) % ((b->head_len - 12) / 4 + 1) * 4;

		put_header(head_data + at, op & 0x80 ? get32(c) : 1u << (get8(c) % 32));
		break;
	}
	case 12:
		b->fail_read = 1 + get8(c) % 4;
		break;
	case 13: {
		uint32_t flags = get32le(mbi + MBI_FLAGS) ^ 1u << (get8(c) % 32);

		put32le(mbi + MBI_FLAGS, flags);
		break;
	}
	case 14:  /* two module entries swap */
		if (count > 1) {
			uint32_t i = get16(c) % count, j = get16(c) % count;
			uint8_t tmp[16];

			memcpy(tmp, meta_data + 16 * i, 16);
			memcpy(meta_data + 16 * i, meta_data + 16 * j, 16);
			memcpy(meta_data + 16 * j, tmp, 16);
		}
		break;
	default:  /* a module's end moves into the next one, or its start back */
		if (count) {
			uint32_t i = get16(c) % count;
			uint8_t *e = meta_data + 16 * i + (op & 0x80 ? 0 : 4);

			put32le(e, get32le(e) + (uint32_t)(int32_t)(int8_t)get8(c) * PAGE_SIZE);
		}
		break;
	}
}

static void parse_raw(struct cursor *c, struct vblob *b, struct payload_input *in,
		      uint8_t *mbi)
{
	uint8_t opt = get8(c);

	*in = (struct payload_input){ 0 };
	in->blob_addr = get32(c);
	in->blob_size = get32(c);
	in->entry = get32(c);
	in->mbi_addr = get32(c);
	in->mbi_size = opt & 2 ? get32(c) : PAYLOAD_MBI_SIZE;
	in->mbi = mbi;
	if (opt & 0x20) {
		in->header_known = true;
		in->header.offset = get32(c);
		in->header.flags = get32(c);
	}
	uint8_t fill = get8(c);

	for (int i = 0; i < PAYLOAD_MBI_SIZE; i++)
		mbi[i] = get8(c);
	if (opt & 0x10) {
		in->entry += in->blob_addr;
		put32le(mbi + MBI_CMDLINE, get32le(mbi + MBI_CMDLINE) + in->blob_addr);
		put32le(mbi + MBI_MODS_ADDR, get32le(mbi + MBI_MODS_ADDR) + in->blob_addr);
		put32le(mbi + MBI_BOOT_LOADER_NAME,
			get32le(mbi + MBI_BOOT_LOADER_NAME) + in->blob_addr);
	}
	uint32_t len = c->n > UINT32_MAX ? UINT32_MAX : (uint32_t)c->n;

	if (opt & 1)
		in->blob_size = len;
	*b = (struct vblob){
		.size = in->blob_size,
		.head = c->p, .head_len = len,
		.fill = fill,
		.fail_read = (opt >> 2) & 3,
	};
}

FUZZ_REFERENCE static bool terminated(const uint8_t *meta, uint32_t meta_size, uint32_t off)
{
	return off < meta_size && memchr(meta + off, 0, meta_size - off);
}

/* What payload_load promises on success. */
FUZZ_REFERENCE static void check_payload(const struct payload *p, const struct payload_input *in,
			  const struct vblob *b)
{
	static uint8_t hdr[MULTIBOOT_SEARCH];

	FUZZ_CHECK(p->blob_addr == in->blob_addr && p->blob_size == in->blob_size &&
		   p->entry == in->entry && p->mbi_addr == in->mbi_addr,
		   "input fields not copied");
	FUZZ_CHECK(in->mbi_size == PAYLOAD_MBI_SIZE, "mbi_size %u accepted", in->mbi_size);
	FUZZ_CHECK((uint64_t)p->blob_addr + p->blob_size <= 1ull << 32,
		   "blob 0x%x+0x%x past 4 GiB", p->blob_addr, p->blob_size);
	FUZZ_CHECK(p->image_size > 0 && p->image_size <= p->blob_size,
		   "image_size 0x%x, blob_size 0x%x", p->image_size, p->blob_size);
	FUZZ_CHECK(p->image_size % PAGE_SIZE == 0, "image_size 0x%x", p->image_size);
	FUZZ_CHECK(p->entry >= p->blob_addr && p->entry - p->blob_addr < p->image_size,
		   "entry 0x%x outside image 0x%x+0x%x", p->entry, p->blob_addr, p->image_size);
	if (in->header_known) {
		FUZZ_CHECK(p->header.offset == in->header.offset && p->header.flags == in->header.flags,
			   "given header not kept");
	} else {
		/* Searched: the first valid one in the image's first 8 KiB. */
		const struct mb_header *h = &p->header;
		uint32_t len = p->image_size < MULTIBOOT_SEARCH ? p->image_size : MULTIBOOT_SEARCH;

		FUZZ_CHECK(h->offset % 4 == 0 && h->offset + 12 <= len,
			   "header at 0x%x, image_size 0x%x", h->offset, p->image_size);
		vblob_copy(b, 0, hdr, len);
		for (uint32_t o = 0; o + 12 <= len; o += 4) {
			bool valid = get32le(hdr + o) == MULTIBOOT_HEADER_MAGIC &&
				     get32le(hdr + o) + get32le(hdr + o + 4) + get32le(hdr + o + 8) == 0;

			FUZZ_CHECK(valid == (o == h->offset) || o > h->offset,
				   "header found at 0x%x, valid one at 0x%x", h->offset, o);
			if (o == h->offset)
				break;
		}
		FUZZ_CHECK(get32le(hdr + h->offset + 4) == h->flags, "header flags");
		FUZZ_CHECK(h->has_addresses == (h->offset + 32 <= len), "has_addresses");
		if (h->has_addresses)
			FUZZ_CHECK(h->header_addr == get32le(hdr + h->offset + 12) &&
				   h->load_addr == get32le(hdr + h->offset + 16) &&
				   h->load_end_addr == get32le(hdr + h->offset + 20) &&
				   h->bss_end_addr == get32le(hdr + h->offset + 24) &&
				   h->entry_addr == get32le(hdr + h->offset + 28), "address fields");
		FUZZ_CHECK(h->has_video == ((h->flags & MULTIBOOT_VIDEO_MODE) && h->offset + 48 <= len),
			   "has_video");
		if (h->has_video)
			FUZZ_CHECK(h->mode_type == get32le(hdr + h->offset + 32) &&
				   h->width == get32le(hdr + h->offset + 36) &&
				   h->height == get32le(hdr + h->offset + 40) &&
				   h->depth == get32le(hdr + h->offset + 44), "video fields");
	}
	FUZZ_CHECK((p->header.flags & 0xffff & ~7u) == 0, "required flags 0x%x accepted",
		   p->header.flags);

	FUZZ_CHECK(p->meta_offset == p->image_size, "meta_offset 0x%x, image_size 0x%x",
		   p->meta_offset, p->image_size);
	FUZZ_CHECK(p->meta_size <= PAYLOAD_MAX_META, "meta_size 0x%x", p->meta_size);
	FUZZ_CHECK((uint64_t)p->meta_offset + p->meta_size <= p->blob_size,
		   "metadata 0x%x+0x%x past blob 0x%x", p->meta_offset, p->meta_size, p->blob_size);
	FUZZ_CHECK(p->meta == meta_buffer, "meta buffer");
	FUZZ_CHECK(p->mbi.flags & MULTIBOOT_INFO_MODS, "no module list flag");
	FUZZ_CHECK(p->mbi.mods_addr == p->blob_addr + p->meta_offset, "mods_addr 0x%x",
		   p->mbi.mods_addr);
	FUZZ_CHECK(p->mod_count == p->mbi.mods_count && p->mod_count <= PAYLOAD_MAX_MODULES,
		   "mod_count %u, mods_count %u", p->mod_count, p->mbi.mods_count);
	FUZZ_CHECK((uint64_t)p->mod_count * 16 <= p->meta_size,
		   "%u modules in 0x%x bytes of metadata", p->mod_count, p->meta_size);
	vblob_copy(b, p->meta_offset, meta_check, p->meta_size);
	FUZZ_CHECK(!memcmp(meta_check, p->meta, p->meta_size), "metadata differs from the blob");
	FUZZ_CHECK(!memcmp(&p->mbi, in->mbi, PAYLOAD_MBI_SIZE), "MBI differs from fw_cfg's");
	for (size_t i = PAYLOAD_MBI_SIZE; i < sizeof(p->mbi); i++)
		FUZZ_CHECK(((const uint8_t *)&p->mbi)[i] == 0, "MBI byte %zu set", i);

	uint64_t floor = (uint64_t)p->meta_offset + p->meta_size;

	for (uint32_t i = 0; i < p->mod_count; i++) {
		const struct payload_module *m = &p->mods[i];
		const uint8_t *e = p->meta + 16 * i;

		FUZZ_CHECK(m->offset >= floor, "module %u at 0x%x overlaps what is before it (0x%llx)",
			   i, m->offset, (unsigned long long)floor);
		/* An empty module may start at the very end (QEMU's empty last file). */
		FUZZ_CHECK((m->offset < p->blob_size || (m->offset == p->blob_size && !m->size)) &&
			   (uint64_t)m->offset + m->size <= p->blob_size,
			   "module %u 0x%x+0x%x outside blob 0x%x", i, m->offset, m->size, p->blob_size);
		FUZZ_CHECK(get32le(e) == p->blob_addr + m->offset &&
			   get32le(e + 4) == p->blob_addr + m->offset + m->size,
			   "module %u entry 0x%x-0x%x vs 0x%x+0x%x", i, get32le(e), get32le(e + 4),
			   m->offset, m->size);
		FUZZ_CHECK(terminated(p->meta, p->meta_size, m->cmdline),
			   "module %u string at 0x%x", i, m->cmdline);
		FUZZ_CHECK(get32le(e + 8) == p->blob_addr + p->meta_offset + m->cmdline,
			   "module %u string pointer", i);
		FUZZ_CHECK(payload_string(p, m->cmdline) == (const char *)p->meta + m->cmdline,
			   "payload_string");
		floor = (uint64_t)m->offset + m->size;
	}
	FUZZ_CHECK(p->has_cmdline == !!(p->mbi.flags & MULTIBOOT_INFO_CMDLINE), "has_cmdline");
	if (p->has_cmdline) {
		FUZZ_CHECK(terminated(p->meta, p->meta_size, p->cmdline), "cmdline at 0x%x", p->cmdline);
		FUZZ_CHECK(p->mbi.cmdline == p->blob_addr + p->meta_offset + p->cmdline, "cmdline pointer");
	}
	if (p->mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
		uint32_t a = p->mbi.boot_loader_name - p->blob_addr - p->meta_offset;

		FUZZ_CHECK(p->mbi.boot_loader_name >= p->blob_addr &&
			   p->mbi.boot_loader_name - p->blob_addr >= p->meta_offset &&
			   terminated(p->meta, p->meta_size, a),
			   "boot loader name at 0x%x", p->mbi.boot_loader_name);
	}
}

FUZZ_REFERENCE static void check_expected(const struct payload *p, const struct expect *ex)
{
	FUZZ_CHECK(p->image_size == ex->image_size, "image_size 0x%x, built 0x%x",
		   p->image_size, ex->image_size);
	FUZZ_CHECK(p->header.offset == ex->header_offset && p->header.flags == ex->header_flags,
		   "header at 0x%x flags 0x%x, built at 0x%x flags 0x%x", p->header.offset,
		   p->header.flags, ex->header_offset, ex->header_flags);
	FUZZ_CHECK(p->meta_size == ex->meta_size, "meta_size 0x%x, built 0x%x",
		   p->meta_size, ex->meta_size);
	FUZZ_CHECK(p->has_cmdline && p->cmdline == ex->kcmdline, "kernel cmdline 0x%x, built 0x%x",
		   p->cmdline, ex->kcmdline);
	FUZZ_CHECK(p->mod_count == ex->mod_count, "%u modules, built %u", p->mod_count, ex->mod_count);
	for (uint32_t i = 0; i < p->mod_count; i++)
		FUZZ_CHECK(p->mods[i].offset == ex->mod_offset[i] && p->mods[i].size == ex->mod_size[i] &&
			   p->mods[i].cmdline == ex->mod_cmdline[i],
			   "module %u: 0x%x+0x%x str 0x%x, built 0x%x+0x%x str 0x%x", i,
			   p->mods[i].offset, p->mods[i].size, p->mods[i].cmdline,
			   ex->mod_offset[i], ex->mod_size[i], ex->mod_cmdline[i]);
}

/* mbi_write_meta into a buffer of exactly meta_size bytes. */
FUZZ_REFERENCE static void check_write_meta(const struct payload *p)
{
	static struct plan plan;
	uint8_t *out = malloc(p->meta_size ? p->meta_size : 1);

	FUZZ_CHECK(out, "malloc");
	plan.meta_addr = 0x12345000;
	for (uint32_t i = 0; i < p->mod_count; i++)
		plan.mod_addr[i] = 0x20000000ull + (uint64_t)i * 0x100000;
	mbi_write_meta(p, &plan, out);
	for (uint32_t i = 0; i < p->mod_count; i++) {
		const uint8_t *e = out + 16 * i;

		/* 32-bit fields: these made-up addresses may wrap, real ones do not. */
		FUZZ_CHECK(get32le(e) == (uint32_t)plan.mod_addr[i] &&
			   get32le(e + 4) == (uint32_t)(plan.mod_addr[i] + p->mods[i].size) &&
			   get32le(e + 8) == (uint32_t)(plan.meta_addr + p->mods[i].cmdline) &&
			   get32le(e + 12) == 0,
			   "mbi_write_meta entry %u", i);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	struct vblob b;
	struct payload_input in;
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	char why[256];
	uint8_t mode = get8(&c);
	bool valid = mode & 1;

	if (valid) {
		unsigned mutations = (mode >> 1) & 7;

		build_valid(&c, &b, &in, mbi, &expect);
		for (unsigned i = 0; i < mutations; i++)
			mutate(&c, &b, &in, mbi, &expect);
		expect.valid = mutations == 0;
	} else {
		parse_raw(&c, &b, &in, mbi);
	}

	why[0] = 0;
	int rc = payload_load(&payload, &in, &(struct blob_source){ vblob_read, &b },
			      meta_buffer, why, sizeof(why));

	FUZZ_CHECK(memchr(why, 0, sizeof(why)), "why not terminated");
	FUZZ_LOG("%s, %u mutations: %s%s (blob 0x%x+0x%x, %u modules)\n",
		 valid ? "valid" : "raw", valid ? (mode >> 1) & 7 : 0,
		 rc ? "refused: " : "loaded", rc ? why : "", in.blob_addr, in.blob_size,
		 rc ? 0 : payload.mod_count);
	if (rc == 0) {
		check_payload(&payload, &in, &b);
		check_write_meta(&payload);
	} else {
		FUZZ_CHECK(rc == -1 && why[0], "rc %d with no reason", rc);
	}
	if (valid && expect.valid) {
		if (expect.must_fail) {
			FUZZ_CHECK(rc != 0, "payload with %u modules / header flags 0x%x accepted",
				   expect.mod_count, expect.header_flags);
		} else {
			FUZZ_CHECK(rc == 0, "QEMU's layout refused: %s", why);
			check_expected(&payload, &expect);
		}
	}
	return 0;
}
