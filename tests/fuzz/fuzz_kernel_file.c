// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for kernel files the loader reads itself:
 * kernel_file_parse and kernel_file_image (loader/kernel_file.c), then
 * synth_build and synth_read (loader/synth.c) and payload_load on the
 * synthesised payload, the path fw_cfg files and ESP kernels take.
 *
 * Input: [mods][module sizes: 4 bytes each][cmdline length][cmdline]
 *        [image probe: offset 4, length 2][kernel file bytes...]
 *   (an odd probe length also asks for the Multiboot 1 header first)
 *   mods: the module count, mods % 9, or from 0xf8 up 1024-1031 (> 1024 refused)
 *   (only the first 8 sizes come from the input; the rest are 0x1000 + i)
 *
 * kernel_file_parse must succeed only on what it promises: a Multiboot
 * header (the first valid one in the first 8 KiB), then the a.out-kludge
 * addresses (one segment, QEMU's rules) or ELF32/ELF64 x86 program headers:
 * 1-16 non-overlapping segments below 4 GiB with their file bytes inside the
 * file, the image from the lowest to the highest segment, the entry inside
 * it. kernel_file_image must equal a byte-wise reference. Then synth_build:
 * page-aligned image, metadata and modules in order, and the blob it
 * describes must pass payload_load (reading through synth_read, checked
 * against a reference) unless the header requires unknown features or the
 * blob does not fit below 4 GiB; the loaded payload must match the layout.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <multiboot/multiboot.h>

#include "loader/kernel_file.h"
#include "loader/payload.h"
#include "loader/synth.h"

#include "fuzz_common.h"

#define MAX_MODS 1032
#define PAGE 4096ull

static struct kernel_file kernel;
static struct synth synth;
static struct payload payload;
static uint8_t meta[PAYLOAD_MAX_META];
static uint8_t load_meta[PAYLOAD_MAX_META];
static struct synth_module mods[MAX_MODS];
static char mod_names[MAX_MODS][16];
static uint8_t image_out[65536];

struct ctx {
	const uint8_t *file;
	size_t size;
};

static uint64_t page_up(uint64_t a) { return (a + PAGE - 1) & ~(PAGE - 1); }

FUZZ_REFERENCE static uint8_t module_byte(uint32_t i, uint32_t off) { return (uint8_t)(i * 7 + off * 13 + 1); }

static void read_image(void *c, uint32_t offset, void *dest, uint32_t len)
{
	const struct ctx *x = c;

	kernel_file_image(&kernel, x->file, offset, dest, len);
}

static int read_module(void *c, uint32_t index, uint32_t offset, void *dest, uint32_t len)
{
	uint8_t *out = dest;

	(void)c;
	FUZZ_CHECK(index < synth.mod_count && (uint64_t)offset + len <= synth.mod_size[index],
		   "module %u read 0x%x+0x%x of 0x%x", index, offset, len,
		   index < synth.mod_count ? synth.mod_size[index] : 0);
	for (uint32_t i = 0; i < len; i++)
		out[i] = module_byte(index, offset + i);
	return 0;
}

/* The image byte at offset by the segments, byte by byte. */
FUZZ_REFERENCE static uint8_t image_byte(const uint8_t *file, uint64_t offset)
{
	for (size_t i = 0; i < kernel.segment_count; i++) {
		const struct kernel_segment *s = &kernel.segments[i];
		uint64_t at = (uint64_t)kernel.load_addr + offset;

		if (at >= s->addr && at - s->addr < s->file_size)
			return file[s->file_offset + (at - s->addr)];
	}
	return 0;
}

FUZZ_REFERENCE static void check_kernel(const uint8_t *file, size_t size)
{
	const struct kernel_file *k = &kernel;
	struct mb_header h;

	FUZZ_CHECK(mbheader_find(file, size, &h) && h.offset == k->header.offset &&
		   h.flags == k->header.flags, "header");
	FUZZ_CHECK(k->segment_count >= 1 && k->segment_count <= KERNEL_FILE_MAX_SEGMENTS,
		   "%zu segments", k->segment_count);
	if (k->header.flags & MULTIBOOT_AOUT_KLUDGE) {
		FUZZ_CHECK(k->format == KERNEL_AOUT_KLUDGE && k->segment_count == 1 &&
			   k->segments[0].addr == k->header.load_addr &&
			   k->entry == k->header.entry_addr, "a.out kludge");
	} else {
		FUZZ_CHECK(size >= 52 && !memcmp(file, "\x7f" "ELF", 4) &&
			   k->format == (file[4] == 2 ? KERNEL_ELF64 : KERNEL_ELF32), "ELF format");
	}
	uint64_t low = UINT64_MAX, high = 0;

	for (size_t i = 0; i < k->segment_count; i++) {
		const struct kernel_segment *s = &k->segments[i];
		uint64_t end = (uint64_t)s->addr + s->mem_size;

		FUZZ_CHECK(s->mem_size > 0 && s->file_size <= s->mem_size &&
			   (uint64_t)s->file_offset + s->file_size <= size && end <= 1ull << 32,
			   "segment %zu: file 0x%x+0x%x, 0x%x+0x%x", i, s->file_offset, s->file_size,
			   s->addr, s->mem_size);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(end <= k->segments[j].addr ||
				   (uint64_t)k->segments[j].addr + k->segments[j].mem_size <= s->addr,
				   "segments %zu and %zu overlap", j, i);
		if (s->addr < low)
			low = s->addr;
		if (end > high)
			high = end;
	}
	FUZZ_CHECK(k->load_addr == low && k->image_size == high - low && k->image_size > 0,
		   "image 0x%x+0x%x, segments 0x%llx-0x%llx", k->load_addr, k->image_size,
		   (unsigned long long)low, (unsigned long long)high);
	FUZZ_CHECK(k->entry >= k->load_addr && k->entry - k->load_addr < k->image_size,
		   "entry 0x%x outside 0x%x+0x%x", k->entry, k->load_addr, k->image_size);
	FUZZ_CHECK(kernel_format_name(k->format)[0], "format name");
}

FUZZ_REFERENCE static void check_image(const uint8_t *file, uint32_t offset, uint32_t len)
{
	memset(image_out, 0xCC, sizeof(image_out));
	kernel_file_image(&kernel, file, offset, image_out, len);
	for (uint32_t i = 0; i < len; i++)
		FUZZ_CHECK(image_out[i] == image_byte(file, (uint64_t)offset + i),
			   "image byte 0x%x: 0x%02x, want 0x%02x", offset + i, image_out[i],
			   image_byte(file, (uint64_t)offset + i));
	FUZZ_CHECK(len == sizeof(image_out) || image_out[len] == 0xCC, "image wrote past len");
}

/* The virtual blob's byte at offset, from the layout (0: a hole or padding). */
FUZZ_REFERENCE static int blob_byte(const uint8_t *file, uint64_t offset, uint8_t *b)
{
	const struct synth *s = &synth;

	if (offset < s->image_size) {
		*b = image_byte(file, offset);
		return 0;
	}
	if (offset < (uint64_t)s->image_size + s->meta_size) {
		*b = s->meta[offset - s->image_size];
		return 0;
	}
	/* The last module starting at or before offset (offsets never decrease). */
	uint32_t lo = 0, hi = s->mod_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->mod_offset[mid] <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	uint32_t i = lo - 1;

	if (offset - s->mod_offset[i] < s->mod_size[i])
		*b = module_byte(i, (uint32_t)(offset - s->mod_offset[i]));
	else if (offset < page_up((uint64_t)s->mod_offset[i] + s->mod_size[i]))
		*b = 0;
	else
		return -1;
	return 0;
}

FUZZ_REFERENCE static void check_synth_read(const uint8_t *file, const struct synth_readers *r,
			     uint32_t offset, uint32_t len)
{
	len %= 0x4000;
	int rc = synth_read(&synth, r, offset, image_out, len);
	bool want_ok = true;

	for (uint32_t i = 0; i < len && want_ok; i++) {
		uint8_t b;

		if (blob_byte(file, (uint64_t)offset + i, &b))
			want_ok = false;
		else if (rc == 0)
			FUZZ_CHECK(image_out[i] == b, "blob byte 0x%x: 0x%02x, want 0x%02x",
				   offset + i, image_out[i], b);
	}
	FUZZ_CHECK((rc == 0) == want_ok, "synth_read(0x%x, 0x%x) = %d, reference %d", offset, len,
		   rc, want_ok);
}

static int blob_read(void *c, uint32_t offset, void *dest, uint32_t len)
{
	const struct synth_readers *r = c;

	FUZZ_CHECK((uint64_t)offset + len <= synth.input.blob_size,
		   "payload_load read 0x%x+0x%x of 0x%x", offset, len, synth.input.blob_size);
	return synth_read(&synth, r, offset, dest, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t m = get8(&c);
	uint32_t count = m >= 0xF8 ? 1000 + m % 32 : m % 9;
	char cmdline[256];
	char why[256];

	if (!mod_names[0][0])
		for (uint32_t i = 0; i < MAX_MODS; i++)
			snprintf(mod_names[i], sizeof(mod_names[i]), "mod%u a=%u", i, i * 3);
	for (uint32_t i = 0; i < count; i++)
		mods[i] = (struct synth_module){ i < 8 ? get32(&c) % (1u << 26) : 0x1000 + i,
						 mod_names[i] };
	uint8_t clen = get8(&c);

	for (uint8_t i = 0; i < clen; i++) {
		uint8_t ch = get8(&c);

		cmdline[i] = (char)(ch ? ch : ' ');
	}
	cmdline[clen] = 0;
	uint32_t probe_off = get32(&c);
	uint32_t probe_len = get16(&c);

	/* The file: a heap block of exactly its size. */
	uint8_t *file = malloc(c.n ? c.n : 1);

	FUZZ_CHECK(file, "malloc");
	memcpy(file, c.p, c.n);
	size_t file_size = c.n;

	why[0] = 0;
	/* The probe length's parity: a file with both headers by its Multiboot 1 one. */
	int rc = kernel_file_parse(&kernel, file, file_size, probe_len & 1, why, sizeof(why));

	FUZZ_LOG("%zu-byte file: %s%s", file_size, rc ? "refused: " : "parsed", rc ? why : "");
	if (rc) {
		FUZZ_LOG("\n");
		FUZZ_CHECK(why[0], "failure with no reason");
		free(file);
		return 0;
	}
	FUZZ_LOG(" (%s, %zu segments, 0x%x+0x%x, entry 0x%x)", kernel_format_name(kernel.format),
		 kernel.segment_count, kernel.load_addr, kernel.image_size, kernel.entry);
	check_kernel(file, file_size);
	check_image(file, (uint32_t)(probe_off % ((uint64_t)kernel.image_size + 0x2000)),
		    probe_len % 0x4000);
	check_image(file, 0, kernel.image_size < 0x1000 ? kernel.image_size : 0x1000);

	rc = synth_build(&synth, &kernel, cmdline, mods, count, "multiboot.efi", meta, why,
			 sizeof(why));
	FUZZ_LOG(", %u modules: %s%s\n", count, rc ? "refused: " : "synthesised", rc ? why : "");
	if (rc) {
		FUZZ_CHECK(why[0], "failure with no reason");
		free(file);
		return 0;
	}
	const struct synth *s = &synth;

	FUZZ_CHECK(s->image_size == page_up(kernel.image_size) && s->meta_size % PAGE == 0 &&
		   s->meta_size > 0 && s->meta_size <= PAYLOAD_MAX_META && s->mod_count == count,
		   "synth layout: image 0x%x, meta 0x%x", s->image_size, s->meta_size);
	uint64_t end = (uint64_t)s->image_size + s->meta_size;

	for (uint32_t i = 0; i < count; i++) {
		FUZZ_CHECK(s->mod_offset[i] == end && s->mod_size[i] == mods[i].size,
			   "module %u at 0x%x, want 0x%llx", i, s->mod_offset[i], (unsigned long long)end);
		end = page_up(end + mods[i].size);
	}
	FUZZ_CHECK(s->input.blob_addr == kernel.load_addr && s->input.entry == kernel.entry &&
		   s->input.header_known && s->input.mbi_size == PAYLOAD_MBI_SIZE,
		   "payload input");

	struct ctx x = { file, file_size };
	struct synth_readers readers = { read_image, read_module, &x };

	check_synth_read(file, &readers, (uint32_t)(probe_off % (end + 0x2000)), probe_len);
	check_synth_read(file, &readers, s->image_size, 64);

	/* What synth_build lays out must load, unless these say otherwise. */
	bool fits = (uint64_t)kernel.load_addr + end <= 1ull << 32 && (end >> 32) == 0;
	bool known_flags = !(kernel.header.flags & 0xfff8);

	why[0] = 0;
	rc = payload_load(&payload, &s->input, &(struct blob_source){ blob_read, &readers },
			  load_meta, why, sizeof(why));
	if (!fits || !known_flags) {
		FUZZ_CHECK(rc != 0, "payload past 4 GiB (0x%x+0x%llx) or flags 0x%x accepted",
			   kernel.load_addr, (unsigned long long)end, kernel.header.flags);
		free(file);
		return 0;
	}
	FUZZ_CHECK(rc == 0, "synthesised payload refused: %s", why);
	FUZZ_CHECK(payload.image_size == s->image_size && payload.meta_size == s->meta_size &&
		   payload.blob_size == end && payload.mod_count == count && payload.has_cmdline &&
		   !strcmp(payload_string(&payload, payload.cmdline), cmdline),
		   "loaded payload differs: image 0x%x meta 0x%x blob 0x%x", payload.image_size,
		   payload.meta_size, payload.blob_size);
	for (uint32_t i = 0; i < count; i++)
		FUZZ_CHECK(payload.mods[i].offset == s->mod_offset[i] &&
			   payload.mods[i].size == s->mod_size[i] &&
			   !strcmp(payload_string(&payload, payload.mods[i].cmdline), mod_names[i]),
			   "module %u differs", i);
	free(file);
	return 0;
}
