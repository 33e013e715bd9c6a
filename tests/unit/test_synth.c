// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/synth.c: the virtual QEMU-style blob the loader lays out for
 * kernels it reads itself. Compared byte for byte with blob.c's model of
 * QEMU's hw/i386/multiboot.c, accepted by payload_load, read back across
 * every part boundary, and refused when it cannot be laid out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "blob.h"
#include "check.h"
#include "loader/synth.h"

#define QEMU_CMDLINE "/boot/kernel.elf console=ttyS0 quiet"
#define LOADER "multiboot.efi 0.1.0"

/* What the readers hand out: a pattern per part, and what they were asked. */
#define IMAGE_BYTE(o) ((uint8_t)((o) * 3 + 1))
#define MODULE_BYTE(i, o) ((uint8_t)(0xA0 + (i) * 7 + (o)))

struct readers_ctx {
	const struct synth *s;
	uint32_t image_calls, module_calls;
	int fail_module;         /* module index whose read fails; -1: none */
};

static void read_image(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct readers_ctx *c = ctx;
	uint8_t *out = dest;

	c->image_calls++;
	/* Only the (page-aligned) image part of the blob is asked for. */
	if ((uint64_t)offset + len > c->s->image_size || !len)
		check_fail(__FILE__, __LINE__, "image read 0x%x+0x%x inside 0x%x", offset, len,
			   c->s->image_size);
	for (uint32_t i = 0; i < len; i++)
		out[i] = IMAGE_BYTE(offset + i);
}

static int read_module(void *ctx, uint32_t index, uint32_t offset, void *dest, uint32_t len)
{
	struct readers_ctx *c = ctx;
	uint8_t *out = dest;

	c->module_calls++;
	if (index >= c->s->mod_count || (uint64_t)offset + len > c->s->mod_size[index] || !len)
		check_fail(__FILE__, __LINE__, "module %u read 0x%x+0x%x inside its 0x%x bytes",
			   index, offset, len,
			   index < c->s->mod_count ? c->s->mod_size[index] : 0);
	if ((int)index == c->fail_module)
		return -1;
	for (uint32_t i = 0; i < len; i++)
		out[i] = MODULE_BYTE(index, offset + i);
	return 0;
}

/* A synth with its readers and buffers, all test allocations. */
struct fx {
	struct kernel_file k;
	struct synth *s;
	uint8_t *meta;
	struct readers_ctx ctx;
	struct synth_readers readers;
	struct synth_module *mods;
	char (*args)[40];
	char why[256];
};

static struct fx *fx_new(uint32_t load_addr, uint32_t image_size)
{
	struct fx *f = tcalloc(1, sizeof(*f));

	f->s = tmalloc(sizeof(*f->s));
	memset(f->s, 0xA5, sizeof(*f->s));
	f->meta = tmalloc(PAYLOAD_MAX_META);
	memset(f->meta, 0xA5, PAYLOAD_MAX_META);
	f->mods = tcalloc(PAYLOAD_MAX_MODULES + 8, sizeof(*f->mods));
	f->args = tcalloc(PAYLOAD_MAX_MODULES + 8, sizeof(*f->args));
	f->k = (struct kernel_file){
		.format = KERNEL_ELF32,
		.header = { .offset = 0x40, .flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO,
			    .has_addresses = true },
		.load_addr = load_addr,
		.image_size = image_size,
		.entry = load_addr + 0x40,
		.segment_count = 1,
		.segments = { { 0x1000, image_size, load_addr, image_size } },
	};
	f->ctx = (struct readers_ctx){ .s = f->s, .fail_module = -1 };
	f->readers = (struct synth_readers){ read_image, read_module, &f->ctx };
	return f;
}

static void fx_free(struct fx *f)
{
	tfree(f->s);
	tfree(f->meta);
	tfree(f->mods);
	tfree(f->args);
	tfree(f);
}

/* Module i: size, and the command line blob.c gives it by default. */
static void fx_module(struct fx *f, uint32_t i, uint32_t size)
{
	snprintf(f->args[i], sizeof(f->args[i]), "/boot/mod%u.bin arg%u", i, i);
	f->mods[i] = (struct synth_module){ size, f->args[i] };
}

static int fx_build(struct fx *f, const char *cmdline, uint32_t count, const char *loader)
{
	f->why[0] = '\0';
	return synth_build(f->s, &f->k, cmdline, f->mods, count, loader, f->meta, f->why,
			   sizeof(f->why));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t page_up(uint64_t a)
{
	return (uint32_t)((a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1));
}

/* The byte at blob offset o, from the parts (the model synth_read must match). */
static int model_byte(const struct fx *f, uint32_t o, uint8_t *out)
{
	const struct synth *s = f->s;

	if (o < s->image_size) {
		*out = IMAGE_BYTE(o);
		return 0;
	}
	if (o < s->image_size + s->meta_size) {
		*out = f->meta[o - s->image_size];
		return 0;
	}
	for (uint32_t i = s->mod_count; i--;) {
		if (o < s->mod_offset[i])
			continue;
		if (o < s->mod_offset[i] + s->mod_size[i]) {
			*out = MODULE_BYTE(i, o - s->mod_offset[i]);
			return 0;
		}
		if (o < page_up((uint64_t)s->mod_offset[i] + s->mod_size[i])) {
			*out = 0;
			return 0;
		}
		return -1;
	}
	return -1;
}

static void check_read(struct fx *f, uint32_t offset, uint32_t len, int line)
{
	uint8_t *out = tmalloc((size_t)len + 1);
	int rc = synth_read(f->s, &f->readers, offset, out, len);

	if (rc)
		check_fail(__FILE__, line, "read 0x%x+0x%x of the 0x%x-byte blob succeeds",
			   offset, len, f->s->input.blob_size);
	for (uint32_t i = 0; i < len; i++) {
		uint8_t want;

		if (model_byte(f, offset + i, &want))
			check_fail(__FILE__, line, "blob byte 0x%x exists", offset + i);
		if (out[i] != want)
			check_fail(__FILE__, line, "read 0x%x+0x%x: byte 0x%x is 0x%02x, want 0x%02x",
				   offset, len, offset + i, out[i], want);
	}
	tfree(out);
}
#define CHECK_READ(f, offset, len) check_read((f), (offset), (len), __LINE__)

static void check_read_fails(struct fx *f, uint32_t offset, uint32_t len, int line)
{
	uint8_t *out = tmalloc((size_t)len + 1);

	if (synth_read(f->s, &f->readers, offset, out, len) != -1)
		check_fail(__FILE__, line, "read 0x%x+0x%x of the 0x%x-byte blob fails", offset,
			   len, f->s->input.blob_size);
	tfree(out);
}
#define CHECK_READ_FAILS(f, offset, len) check_read_fails((f), (offset), (len), __LINE__)

/* Windows around every part boundary, and the whole blob at once. */
static void check_all_boundaries(struct fx *f, int line)
{
	static const uint32_t lens[] = { 1, 2, 15, 16, 17, 4095, 4096, 4097, 9000 };
	const struct synth *s = f->s;
	uint32_t blob = s->input.blob_size;
	uint32_t edges[2 * PAYLOAD_MAX_MODULES + 4];
	size_t n = 0;

	edges[n++] = s->image_size;
	edges[n++] = s->image_size + s->meta_size;
	for (uint32_t i = 0; i < s->mod_count; i++) {
		edges[n++] = s->mod_offset[i] + s->mod_size[i];
		edges[n++] = page_up((uint64_t)s->mod_offset[i] + s->mod_size[i]);
	}
	for (size_t e = 0; e < n; e++) {
		for (uint32_t back = 0; back <= 3; back++) {
			if (edges[e] < back)
				continue;
			uint32_t off = edges[e] - back;

			for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
				if (off <= blob && lens[l] <= blob - off)
					check_read(f, off, lens[l], line);
		}
	}
	check_read(f, 0, blob, line);
	/* Nothing past the end. */
	check_read_fails(f, blob, 1, line);
	check_read_fails(f, blob - 1, 2, line);
}
#define CHECK_ALL_BOUNDARIES(f) check_all_boundaries((f), __LINE__)

/* payload_load on the synth's input, reading through synth_read. */
struct via {
	struct fx *f;
};

static int read_via_synth(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct fx *f = ctx;

	return synth_read(f->s, &f->readers, offset, dest, len);
}

static int fx_payload_load(struct fx *f, struct payload *p, uint8_t *meta)
{
	struct blob_source src = { read_via_synth, f };

	f->why[0] = '\0';
	return payload_load(p, &f->s->input, &src, meta, f->why, sizeof(f->why));
}

TEST(synth_layout_no_modules)
{
	struct fx *f = fx_new(0x100000, 0x2345);
	struct multiboot_info mbi;

	CHECK_OK(fx_build(f, "kernel args", 0, LOADER), f->why);
	CHECK(f->s->kernel == &f->k);
	CHECK_EQ(f->s->image_size, 0x3000);
	CHECK_EQ(f->s->meta_size, 0x1000);
	CHECK(f->s->meta == f->meta);
	CHECK_EQ(f->s->mod_count, 0);
	/* Module list (empty), kernel line, loader name; zeros to the page end. */
	CHECK(!memcmp(f->meta, "kernel args\0" LOADER "\0", 12 + sizeof(LOADER)));
	for (uint32_t i = 12 + sizeof(LOADER); i < 0x1000; i++)
		CHECK_EQ(f->meta[i], 0);

	CHECK_EQ(f->s->input.blob_addr, 0x100000);
	CHECK_EQ(f->s->input.blob_size, 0x4000);
	CHECK_EQ(f->s->input.entry, 0x100040);
	CHECK_EQ(f->s->input.mbi_addr, 0x9500);
	CHECK_EQ(f->s->input.mbi_size, PAYLOAD_MBI_SIZE);
	CHECK(f->s->input.mbi == f->s->mbi);
	CHECK(f->s->input.header_known);
	CHECK_EQ(f->s->input.header.offset, 0x40);
	CHECK_EQ(f->s->input.header.flags, 3);

	memset(&mbi, 0, sizeof(mbi));
	memcpy(&mbi, f->s->mbi, PAYLOAD_MBI_SIZE);
	CHECK_EQ(mbi.flags, 0x24F);
	CHECK_EQ(mbi.boot_device, 0x8000ffff);
	CHECK_EQ(mbi.mods_count, 0);
	CHECK_EQ(mbi.mods_addr, 0x103000);
	CHECK_EQ(mbi.cmdline, 0x103000);
	CHECK_EQ(mbi.boot_loader_name, 0x103000 + 12);
	CHECK_EQ(mbi.mmap_addr, 0x9000);
	CHECK_EQ(mbi.mem_lower, 0);
	CHECK_EQ(mbi.mem_upper, 0);
	CHECK_EQ(mbi.mmap_length, 0);
	fx_free(f);
}

/* Module list at the image end, then strings, then page-aligned modules. */
TEST(synth_layout_modules)
{
	struct fx *f = fx_new(0x200000, 0x5000);
	const uint32_t sizes[] = { 0x12345, 0, 1, 0x1000, 0 };

	for (uint32_t i = 0; i < 5; i++)
		fx_module(f, i, sizes[i]);
	CHECK_OK(fx_build(f, "k", 5, "qemu"), f->why);
	CHECK_EQ(f->s->image_size, 0x5000);
	CHECK_EQ(f->s->meta_size, 0x1000);
	CHECK_EQ(f->s->mod_offset[0], 0x6000);
	CHECK_EQ(f->s->mod_offset[1], 0x19000);   /* page_up(0x6000 + 0x12345) */
	CHECK_EQ(f->s->mod_offset[2], 0x19000);   /* the empty one takes no page */
	CHECK_EQ(f->s->mod_offset[3], 0x1A000);
	CHECK_EQ(f->s->mod_offset[4], 0x1B000);
	CHECK_EQ(f->s->input.blob_size, 0x1B000);
	for (uint32_t i = 0; i < 5; i++) {
		const uint8_t *entry = f->meta + 16 * i;
		uint32_t string = get32(entry + 8) - 0x205000;

		CHECK_EQ(f->s->mod_size[i], sizes[i]);
		CHECK_EQ(get32(entry), 0x200000 + f->s->mod_offset[i]);
		CHECK_EQ(get32(entry + 4), 0x200000 + f->s->mod_offset[i] + sizes[i]);
		CHECK_EQ(get32(entry + 12), 0);
		CHECK(string >= 16 * 5 && string < f->s->meta_size);
		CHECK_STR((const char *)f->meta + string, f->args[i]);
	}
	fx_free(f);
}

/* The same bytes as QEMU's hw/i386/multiboot.c (blob.c's model of it). */
static void check_like_qemu(uint32_t kernel_size, uint32_t count, const uint32_t *sizes,
			    bool long_args, int line)
{
	static const char *args[64];
	static char text[64][40];
	struct blob_spec spec = blob_default_spec();
	struct fx *f = fx_new(spec.load_addr, kernel_size);

	spec.kernel_size = kernel_size;
	spec.mod_count = count;
	spec.mod_sizes = sizes;
	if (long_args) {
		for (uint32_t i = 0; i < count; i++) {
			snprintf(text[i], sizeof(text[i]), "/m/%u.img x=%u,y and more", i, i * i);
			args[i] = text[i];
		}
		spec.mod_args = args;
	}
	struct blob *b = blob_new(&spec);

	for (uint32_t i = 0; i < count; i++) {
		snprintf(f->args[i], sizeof(f->args[i]), "%s", b->mod_arg[i]);
		f->mods[i] = (struct synth_module){ b->mod_size[i], f->args[i] };
	}
	if (fx_build(f, b->kcmdline, count, "qemu"))
		check_fail(__FILE__, line, "synth_build: %s", f->why);
	if (f->s->image_size != b->image_size || f->s->meta_size != b->meta_end - b->list_offset ||
	    f->s->input.blob_size != b->size || f->s->input.blob_addr != b->addr ||
	    f->s->input.entry != b->entry)
		check_fail(__FILE__, line,
			   "layout: image 0x%x/0x%x, meta 0x%x/0x%x, size 0x%x/0x%x, entry 0x%x/0x%x",
			   f->s->image_size, b->image_size, f->s->meta_size,
			   b->meta_end - b->list_offset, f->s->input.blob_size, b->size,
			   f->s->input.entry, b->entry);
	if (memcmp(f->meta, b->meta, f->s->meta_size))
		check_fail(__FILE__, line, "module list and strings are QEMU's, byte for byte");
	if (memcmp(f->s->mbi, b->mbi, PAYLOAD_MBI_SIZE))
		check_fail(__FILE__, line, "the MBI is QEMU's, byte for byte");
	for (uint32_t i = 0; i < count; i++)
		if (f->s->mod_offset[i] != b->mod_offset[i])
			check_fail(__FILE__, line, "module %u at 0x%x, QEMU's 0x%x", i,
				   f->s->mod_offset[i], b->mod_offset[i]);
	blob_free(b);
	fx_free(f);
}
#define CHECK_LIKE_QEMU(ks, n, sizes, long_args) \
	check_like_qemu((ks), (n), (sizes), (long_args), __LINE__)

TEST(synth_matches_qemu_layout)
{
	static const uint32_t one[] = { 100000 };
	static const uint32_t eight[] = { 0, 1, 4095, 4096, 4097, 65536, 1048576, 3145733 };
	static const uint32_t empties[] = { 0, 0, 0 };
	static uint32_t many[64];

	for (uint32_t i = 0; i < 64; i++)
		many[i] = i * 1000 + 1;
	CHECK_LIKE_QEMU(0x7000, 0, NULL, false);
	CHECK_LIKE_QEMU(0x7001, 0, NULL, false);
	CHECK_LIKE_QEMU(0x1, 1, one, false);
	CHECK_LIKE_QEMU(0x12345, 8, eight, false);
	CHECK_LIKE_QEMU(0x3000, 3, empties, false);
	CHECK_LIKE_QEMU(0x8000, 64, many, true);
}

/* The whole point: payload_load takes the synth's blob as QEMU's. */
TEST(synth_payload_load_accepts)
{
	struct fx *f = fx_new(0x100000, 0x2345);
	const uint32_t sizes[] = { 0x3000, 0, 0x10, 0x1FFF };
	struct payload *p = tmalloc(sizeof(*p));
	uint8_t *meta = tmalloc(PAYLOAD_MAX_META);

	for (uint32_t i = 0; i < 4; i++)
		fx_module(f, i, sizes[i]);
	CHECK_OK(fx_build(f, "/k.elf a=1 b", 4, LOADER), f->why);
	memset(p, 0xA5, sizeof(*p));
	CHECK_OK(fx_payload_load(f, p, meta), f->why);
	CHECK_EQ(p->blob_addr, 0x100000);
	CHECK_EQ(p->blob_size, f->s->input.blob_size);
	CHECK_EQ(p->entry, 0x100040);
	CHECK_EQ(p->image_size, 0x3000);
	CHECK_EQ(p->meta_offset, 0x3000);
	CHECK_EQ(p->meta_size, f->s->meta_size);
	CHECK_EQ(p->header.offset, 0x40);   /* as parsed from the file, not searched */
	CHECK_EQ(p->header.flags, 3);
	CHECK_EQ(p->mbi_addr, 0x9500);
	CHECK(p->has_cmdline);
	CHECK_STR(payload_string(p, p->cmdline), "/k.elf a=1 b");
	CHECK_EQ(p->mod_count, 4);
	for (uint32_t i = 0; i < 4; i++) {
		CHECK_EQ(p->mods[i].offset, f->s->mod_offset[i]);
		CHECK_EQ(p->mods[i].size, sizes[i]);
		CHECK_STR(payload_string(p, p->mods[i].cmdline), f->args[i]);
	}
	CHECK(!memcmp(meta, f->meta, f->s->meta_size));
	tfree(meta);
	tfree(p);
	fx_free(f);
}

/* The most modules there can be, each with a command line. */
TEST(synth_1024_modules)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	struct payload *p = tmalloc(sizeof(*p));
	uint8_t *meta = tmalloc(PAYLOAD_MAX_META);

	for (uint32_t i = 0; i < PAYLOAD_MAX_MODULES; i++)
		fx_module(f, i, i % 3 ? i : 0);
	CHECK_OK(fx_build(f, "k", PAYLOAD_MAX_MODULES, LOADER), f->why);
	CHECK_OK(fx_payload_load(f, p, meta), f->why);
	CHECK_EQ(p->mod_count, PAYLOAD_MAX_MODULES);
	CHECK_STR(payload_string(p, p->mods[1023].cmdline), "/boot/mod1023.bin arg1023");
	for (uint32_t i = 0; i < PAYLOAD_MAX_MODULES; i++)
		CHECK_EQ(f->s->mod_offset[i] % PAGE_SIZE, 0);
	tfree(meta);
	tfree(p);
	fx_free(f);
}

/* Reads of any window: image, metadata, modules, padding, across all of them. */
TEST(synth_read_across_parts)
{
	struct fx *f = fx_new(0x100000, 0x2345);
	const uint32_t sizes[] = { 0x3001, 0x10, 0x1000, 0x1FFF };

	for (uint32_t i = 0; i < 4; i++)
		fx_module(f, i, sizes[i]);
	CHECK_OK(fx_build(f, "kernel", 4, LOADER), f->why);
	CHECK_ALL_BOUNDARIES(f);
	/* One read spanning everything calls each reader per part. */
	f->ctx.image_calls = f->ctx.module_calls = 0;
	CHECK_READ(f, 0, f->s->input.blob_size);
	CHECK_EQ(f->ctx.image_calls, 1);
	CHECK_EQ(f->ctx.module_calls, 4);
	fx_free(f);
}

/* Empty modules first, between and last: no bytes, no pages, no reads. */
TEST(synth_read_zero_size_modules)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	const uint32_t sizes[] = { 0, 0x800, 0, 0, 0x1000, 0 };

	for (uint32_t i = 0; i < 6; i++)
		fx_module(f, i, sizes[i]);
	CHECK_OK(fx_build(f, "kernel", 6, LOADER), f->why);
	CHECK_EQ(f->s->mod_offset[0], 0x2000);
	CHECK_EQ(f->s->mod_offset[1], 0x2000);
	CHECK_EQ(f->s->mod_offset[2], 0x3000);
	CHECK_EQ(f->s->mod_offset[3], 0x3000);
	CHECK_EQ(f->s->mod_offset[4], 0x3000);
	CHECK_EQ(f->s->mod_offset[5], 0x4000);
	CHECK_EQ(f->s->input.blob_size, 0x4000);
	CHECK_ALL_BOUNDARIES(f);

	/* payload_load takes the empty last module at the blob's end. */
	struct payload *p = tmalloc(sizeof(*p));
	uint8_t *meta = tmalloc(PAYLOAD_MAX_META);

	CHECK_OK(fx_payload_load(f, p, meta), f->why);
	CHECK_EQ(p->mods[5].offset, 0x4000);
	CHECK_EQ(p->mods[5].size, 0);
	tfree(meta);
	tfree(p);
	fx_free(f);
}

/* The page padding after a module reads as zeros, never as module bytes. */
TEST(synth_read_padding_after_modules)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	uint8_t *out = tmalloc(0x1000);

	fx_module(f, 0, 5);
	fx_module(f, 1, 0x1001);
	CHECK_OK(fx_build(f, "kernel", 2, LOADER), f->why);
	CHECK_EQ(f->s->input.blob_size, 0x5000);
	f->ctx.module_calls = 0;
	CHECK_OK(synth_read(f->s, &f->readers, 0x2005, out, 0xFFB), "");
	for (uint32_t i = 0; i < 0xFFB; i++)
		CHECK_EQ(out[i], 0);
	CHECK_EQ(f->ctx.module_calls, 0);
	CHECK_OK(synth_read(f->s, &f->readers, 0x4001, out, 0xFFF), "");
	for (uint32_t i = 0; i < 0xFFF; i++)
		CHECK_EQ(out[i], 0);
	CHECK_EQ(f->ctx.module_calls, 0);
	tfree(out);
	fx_free(f);
}

TEST(synth_read_past_end_fails)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	uint8_t byte;

	CHECK_OK(fx_build(f, "kernel", 0, LOADER), f->why);
	CHECK_EQ(f->s->input.blob_size, 0x2000);
	CHECK_READ(f, 0, 0x2000);
	CHECK_READ_FAILS(f, 0x2000, 1);
	CHECK_READ_FAILS(f, 0x1FFF, 2);
	CHECK_READ_FAILS(f, 0xFFFFFFFFu, 1);
	/* An empty read at the end is no read. */
	CHECK_OK(synth_read(f->s, &f->readers, 0x2000, &byte, 0), "");

	fx_module(f, 0, 0x10);
	CHECK_OK(fx_build(f, "kernel", 1, LOADER), f->why);
	CHECK_EQ(f->s->input.blob_size, 0x3000);
	CHECK_READ(f, 0x2FFF, 1);
	CHECK_READ_FAILS(f, 0x3000, 1);
	CHECK_READ_FAILS(f, 0x2000, 0x1001);
	CHECK_READ_FAILS(f, 0x7FFFFFFF, 0x10);
	fx_free(f);
}

TEST(synth_read_module_failure)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	uint8_t *out = tmalloc(0x10000);

	fx_module(f, 0, 0x100);
	fx_module(f, 1, 0x100);
	CHECK_OK(fx_build(f, "kernel", 2, LOADER), f->why);
	f->ctx.fail_module = 1;
	CHECK_OK(synth_read(f->s, &f->readers, 0, out, 0x3000), "");
	CHECK_EQ(synth_read(f->s, &f->readers, 0x3000, out, 1), -1);
	CHECK_EQ(synth_read(f->s, &f->readers, 0, out, f->s->input.blob_size), -1);
	tfree(out);
	fx_free(f);
}

/* ---- refusals ---- */

TEST(synth_refuses_too_many_modules)
{
	struct fx *f = fx_new(0x100000, 0x1000);

	for (uint32_t i = 0; i < PAYLOAD_MAX_MODULES + 1; i++)
		fx_module(f, i, 1);
	CHECK_REFUSED(fx_build(f, "k", PAYLOAD_MAX_MODULES + 1, LOADER), f->why,
		      "1025 modules is more than the 1024");
	CHECK_REFUSED(fx_build(f, "k", 0xFFFFFFFFu, LOADER), f->why, "more than the 1024");
	fx_free(f);
}

/* Module list and strings up to 1 MiB; one byte more is refused. */
TEST(synth_refuses_strings_over_1mib)
{
	struct fx *f = fx_new(0x100000, 0x1000);
	size_t fixed = 16 * 2 + sizeof("a") * 2 + sizeof(LOADER);
	size_t len = PAYLOAD_MAX_META - fixed;   /* the kernel line's bytes, NUL included */
	char *cmdline = tmalloc(len + 2);

	f->mods[0] = (struct synth_module){ 0x10, "a" };
	f->mods[1] = (struct synth_module){ 0x10, "a" };
	memset(cmdline, 'x', len + 1);
	cmdline[len - 1] = '\0';
	CHECK_OK(fx_build(f, cmdline, 2, LOADER), f->why);
	CHECK_EQ(f->s->meta_size, PAYLOAD_MAX_META);
	CHECK_EQ(f->s->mod_offset[0], 0x1000 + PAYLOAD_MAX_META);
	CHECK_STR((const char *)f->meta + PAYLOAD_MAX_META - sizeof(LOADER), LOADER);

	cmdline[len - 1] = 'x';
	cmdline[len] = '\0';
	CHECK_REFUSED(fx_build(f, cmdline, 2, LOADER), f->why, "command lines take 1048577 bytes");
	tfree(cmdline);
	fx_free(f);
}

/* Modules ending exactly at 4 GiB fit; a byte more does not. */
TEST(synth_refuses_layout_past_4gib)
{
	struct fx *f = fx_new(0xF0000000u, 0x1000);

	fx_module(f, 0, 0x0FFFE000);
	CHECK_OK(fx_build(f, "k", 1, LOADER), f->why);
	CHECK_EQ((uint64_t)f->s->input.blob_addr + f->s->input.blob_size, 1ull << 32);

	fx_module(f, 0, 0x0FFFE001);
	CHECK_REFUSED(fx_build(f, "k", 1, LOADER), f->why, "4 GiB");

	/* The second of two modules is the one that does not fit. */
	fx_module(f, 0, 0x08000000);
	fx_module(f, 1, 0x08000000);
	CHECK_REFUSED(fx_build(f, "k", 2, LOADER), f->why, "4 GiB");

	/* Sizes whose sum wraps 32 bits. */
	fx_module(f, 0, 0xFFFFFFFFu);
	fx_module(f, 1, 0xFFFFFFFFu);
	CHECK_REFUSED(fx_build(f, "k", 2, LOADER), f->why, "4 GiB");
	fx_free(f);
}

/*
 * Without modules the metadata page alone can cross 4 GiB (a kernel
 * ending just below it): synth_build must refuse that as it does when a
 * module crosses. And a layout exactly 4 GiB long (kernel at 0) does not
 * fit the 32-bit blob_size: it must be refused, not truncated to 0.
 */
TEST(synth_refuses_metadata_past_4gib)
{
	struct fx *f = fx_new(0xFFFFF000u, 0x1000);

	CHECK_REFUSED(fx_build(f, "k", 0, LOADER), f->why, "4 GiB");
	fx_free(f);

	f = fx_new(0, 0xFFFFF000u);
	CHECK_REFUSED(fx_build(f, "k", 0, LOADER), f->why, "4 GiB");
	fx_free(f);

	/* An image whose page-aligned size is 4 GiB (an a.out bss_end_addr
	 * of 0xffffffff with load_addr 0 gives one). */
	f = fx_new(0, 0xFFFFF001u);
	CHECK_REFUSED(fx_build(f, "k", 0, LOADER), f->why, "4 GiB");
	fx_free(f);
}

TEST(synth_refuses_blob_of_4gib)
{
	struct fx *f = fx_new(0, 0xFFFFE000u);

	fx_module(f, 0, 1);
	CHECK_REFUSED(fx_build(f, "k", 1, LOADER), f->why, "4 GiB");
	fx_free(f);
}

/* The same through kernel_file_parse: an a.out kernel at 0 whose bss runs
 * to 0xffffffff is a valid kernel file; its blob cannot be laid out. */
TEST(synth_refuses_aout_bss_to_4gib)
{
	uint8_t file[64] = { 0 };
	const uint32_t words[] = {
		MULTIBOOT_HEADER_MAGIC, MULTIBOOT_AOUT_KLUDGE,
		-(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_AOUT_KLUDGE),
		0, 0, 0, 0xFFFFFFFFu, 0x20,  /* header, load, load_end, bss_end, entry */
	};
	struct fx *f = fx_new(0, 0);
	char why[256];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		file[4 * i] = (uint8_t)words[i];
		file[4 * i + 1] = (uint8_t)(words[i] >> 8);
		file[4 * i + 2] = (uint8_t)(words[i] >> 16);
		file[4 * i + 3] = (uint8_t)(words[i] >> 24);
	}
	CHECK_OK(kernel_file_parse(&f->k, file, sizeof(file), false, why, sizeof(why)), why);
	CHECK_EQ(f->k.load_addr, 0);
	CHECK_EQ(f->k.image_size, 0xFFFFFFFFu);
	CHECK_REFUSED(fx_build(f, "k", 0, LOADER), f->why, "4 GiB");
	fx_free(f);
}
