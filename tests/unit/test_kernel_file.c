// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/kernel_file.c: Multiboot kernel files the loader parses itself.
 * ELF32 and ELF64 files are built here in memory (header, program headers,
 * a Multiboot header, segment bytes from a pattern), as are a.out-kludge
 * images; then kernel_file_image() is checked against a byte-by-byte model.
 * Files are exactly sized allocations, so a read past their end is an
 * AddressSanitizer or valgrind error.
 */
#include <multiboot/multiboot.h>

#include "check.h"
#include "loader/bytes.h"
#include "loader/kernel_file.h"

#define EM_386 3
#define EM_X86_64 62
#define PT_NULL 0
#define PT_LOAD 1
#define PT_NOTE 4
#define PT_GNU_STACK 0x6474e551u

/* What the file holds at offset i unless something was written there. */
static uint8_t filler(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) + 1);
}

struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct elf_spec {
	bool is64;
	uint8_t data;          /* EI_DATA; 0: little-endian (1) */
	uint8_t class_byte;    /* EI_CLASS override; 0: from is64 */
	uint16_t machine;      /* 0: EM_386 / EM_X86_64 */
	uint64_t entry;
	uint64_t phoff;        /* 0: right after the ELF header */
	uint16_t phentsize;    /* 0: 32 / 56 */
	uint16_t phnum;        /* 0: nphdrs */
	const struct phdr *phdrs;
	size_t nphdrs;
	size_t size;           /* the file's size */
	uint32_t mb_offset;    /* of the Multiboot header; 0: 0x800 */
	uint32_t mb_flags;
	bool no_mb_header;
};

static void put_mb_header(uint8_t *f, uint32_t off, uint32_t flags)
{
	put_le32(f + off, MULTIBOOT_HEADER_MAGIC);
	put_le32(f + off + 4, flags);
	put_le32(f + off + 8, -(MULTIBOOT_HEADER_MAGIC + flags));
}

static uint8_t *elf_build(const struct elf_spec *s)
{
	uint8_t *f = tmalloc(s->size);
	uint16_t phentsize = s->phentsize ? s->phentsize : (s->is64 ? 56 : 32);
	uint64_t phoff = s->phoff ? s->phoff : (s->is64 ? 64 : 52);

	for (size_t i = 0; i < s->size; i++)
		f[i] = filler(i);
	CHECK(s->size >= (s->is64 ? 64u : 52u));
	memset(f, 0, s->is64 ? 64 : 52);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = s->class_byte ? s->class_byte : (s->is64 ? 2 : 1);
	f[5] = s->data ? s->data : 1;
	f[6] = 1;
	put_le16(f + 16, 2);  /* ET_EXEC */
	put_le16(f + 18, s->machine ? s->machine : (s->is64 ? EM_X86_64 : EM_386));
	put_le32(f + 20, 1);
	if (s->is64) {
		put_le64(f + 24, s->entry);
		put_le64(f + 32, phoff);
		put_le16(f + 52, 64);
		put_le16(f + 54, phentsize);
		put_le16(f + 56, s->phnum ? s->phnum : (uint16_t)s->nphdrs);
	} else {
		put_le32(f + 24, (uint32_t)s->entry);
		put_le32(f + 28, (uint32_t)phoff);
		put_le16(f + 40, 52);
		put_le16(f + 42, phentsize);
		put_le16(f + 44, s->phnum ? s->phnum : (uint16_t)s->nphdrs);
	}
	for (size_t i = 0; i < s->nphdrs; i++) {
		const struct phdr *ph = &s->phdrs[i];
		uint64_t at = phoff + i * phentsize;

		if (at > s->size || phentsize > s->size - at)
			break;  /* a test of program headers outside the file */
		uint8_t *p = f + at;

		memset(p, 0, phentsize);
		put_le32(p, ph->type);
		if (s->is64) {
			put_le32(p + 4, 5);
			put_le64(p + 8, ph->offset);
			put_le64(p + 16, ph->vaddr);
			put_le64(p + 24, ph->paddr);
			put_le64(p + 32, ph->filesz);
			put_le64(p + 40, ph->memsz);
			put_le64(p + 48, 0x1000);
		} else {
			put_le32(p + 4, (uint32_t)ph->offset);
			put_le32(p + 8, (uint32_t)ph->vaddr);
			put_le32(p + 12, (uint32_t)ph->paddr);
			put_le32(p + 16, (uint32_t)ph->filesz);
			put_le32(p + 20, (uint32_t)ph->memsz);
			put_le32(p + 24, 5);
			put_le32(p + 28, 0x1000);
		}
	}
	if (!s->no_mb_header) {
		uint32_t off = s->mb_offset ? s->mb_offset : 0x800;

		CHECK(off + 12 <= s->size);
		put_mb_header(f, off, s->mb_flags);
	}
	return f;
}

struct parsed {
	struct kernel_file k;
	char why[256];
	int rc;
};

static struct parsed *parse(const uint8_t *file, size_t size)
{
	struct parsed *r = tmalloc(sizeof(*r));

	memset(r, 0xA5, sizeof(*r));
	r->why[0] = '\0';
	r->rc = kernel_file_parse(&r->k, file, size, false, r->why, sizeof(r->why));
	return r;
}

/* Parse the spec's file; CHECK it is refused with a reason naming keyword. */
static void refused(const struct elf_spec *s, const char *keyword, int line)
{
	uint8_t *f = elf_build(s);
	struct parsed *r = parse(f, s->size);

	if (r->rc != -1)
		check_fail(__FILE__, line, "refused (returned %d)", r->rc);
	if (!r->why[0] || strchr(r->why, '\n'))
		check_fail(__FILE__, line, "one line of reason (\"%s\")", r->why);
	if (!strstr(r->why, keyword))
		check_fail(__FILE__, line, "the reason \"%s\" names \"%s\"", r->why, keyword);
	tfree(r);
	tfree(f);
}
#define CHECK_ELF_REFUSED(spec, keyword) refused((spec), (keyword), __LINE__)

#define CHECK_SEGMENT(k, i, off, fsz, a, msz)                             \
	do {                                                              \
		CHECK_EQ((k)->segments[i].file_offset, (off));            \
		CHECK_EQ((k)->segments[i].file_size, (fsz));              \
		CHECK_EQ((k)->segments[i].addr, (a));                     \
		CHECK_EQ((k)->segments[i].mem_size, (msz));               \
	} while (0)

/*
 * The model of the loaded image: byte i (from load_addr) is the file byte
 * of the segment holding it, or zero.
 */
static uint8_t model_byte(const struct kernel_file *k, const uint8_t *file, uint64_t i)
{
	for (size_t s = 0; s < k->segment_count; s++) {
		const struct kernel_segment *seg = &k->segments[s];
		uint64_t start = (uint64_t)seg->addr - k->load_addr;

		if (i >= start && i < start + seg->file_size)
			return file[seg->file_offset + (i - start)];
	}
	return 0;
}

/* kernel_file_image for [offset, offset + len) against the model. */
static void check_window(const struct kernel_file *k, const uint8_t *file,
			 uint32_t offset, uint32_t len, int line)
{
	uint8_t *out = tmalloc((size_t)len + 32);

	memset(out, 0xCC, (size_t)len + 32);
	kernel_file_image(k, file, offset, out + 16, len);
	for (uint32_t i = 0; i < 16; i++)
		if (out[i] != 0xCC || out[16 + len + i] != 0xCC)
			check_fail(__FILE__, line, "window 0x%x+0x%x wrote only its own bytes",
				   offset, len);
	for (uint32_t i = 0; i < len; i++) {
		uint8_t want = model_byte(k, file, (uint64_t)offset + i);

		if (out[16 + i] != want)
			check_fail(__FILE__, line,
				   "window 0x%x+0x%x: image byte 0x%x is 0x%02x, want 0x%02x",
				   offset, len, offset + i, out[16 + i], want);
	}
	tfree(out);
}

/*
 * Windows of several lengths starting at every offset near a segment's
 * start, file end or memory end (and the image's ends), and at a stride
 * elsewhere; then the whole image and the page after it at once.
 */
static void check_windows(const struct kernel_file *k, const uint8_t *file, int line)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, 5, 16, 61, 256, 4097 };
	uint32_t end = k->image_size + 4096;
	uint64_t points[3 * KERNEL_FILE_MAX_SEGMENTS + 2];
	size_t n = 0;

	points[n++] = 0;
	points[n++] = k->image_size;
	for (size_t i = 0; i < k->segment_count; i++) {
		uint64_t start = (uint64_t)k->segments[i].addr - k->load_addr;

		points[n++] = start;
		points[n++] = start + k->segments[i].file_size;
		points[n++] = start + k->segments[i].mem_size;
	}
	for (uint32_t off = 0; off < end; off++) {
		bool near = off % 251 == 0;

		for (size_t p = 0; p < n && !near; p++)
			near = off + 8 >= points[p] && off <= points[p] + 8;
		if (!near)
			continue;
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
			check_window(k, file, off, lens[l], line);
		/* A window ending exactly at each interesting point. */
		for (size_t p = 0; p < n; p++)
			if (points[p] > off && points[p] - off < 300)
				check_window(k, file, off, (uint32_t)(points[p] - off), line);
	}
	check_window(k, file, 0, end, line);
}
#define CHECK_WINDOWS(k, file) check_windows((k), (file), __LINE__)

/* ---- ELF32 ---- */

TEST(kernel_elf32_one_segment)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1800, 0x1800 },
	};
	struct elf_spec s = { .entry = 0x100020, .phdrs = ph, .nphdrs = 1, .size = 0x2800,
			      .mb_offset = 0x1000, .mb_flags = 3 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_ELF32);
	CHECK_STR(kernel_format_name(r->k.format), "ELF32");
	CHECK_EQ(r->k.header.offset, 0x1000);
	CHECK_EQ(r->k.header.flags, 3);
	CHECK_EQ(r->k.load_addr, 0x100000);
	CHECK_EQ(r->k.image_size, 0x1800);
	CHECK_EQ(r->k.entry, 0x100020);
	CHECK_EQ(r->k.segment_count, 1);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x1800, 0x100000, 0x1800);
	tfree(r);
	tfree(f);
}

/* text, data with bss, a gap of pages between them (like mbtest-gap.elf). */
TEST(kernel_elf32_bss_and_gap)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x200000, 0x200000, 0x1234, 0x1234 },
		{ PT_NOTE, 0x400, 0, 0, 0x20, 0x20 },
		{ PT_LOAD, 0x3000, 0x205000, 0x205000, 0x300, 0x2100 },
		{ PT_GNU_STACK, 0, 0, 0, 0, 0 },
	};
	struct elf_spec s = { .entry = 0x200010, .phdrs = ph, .nphdrs = 4, .size = 0x3300,
			      .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.segment_count, 2);
	CHECK_EQ(r->k.load_addr, 0x200000);
	CHECK_EQ(r->k.image_size, 0x7100);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x1234, 0x200000, 0x1234);
	CHECK_SEGMENT(&r->k, 1, 0x3000, 0x300, 0x205000, 0x2100);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* Physical addresses count; the entry moves with its segment. */
TEST(kernel_elf32_vaddr_not_paddr)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0xC0100000u, 0x100000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x2000, 0xC0200000u, 0x140000, 0x1000, 0x3000 },
	};
	struct elf_spec s = { .entry = 0xC0200ABCu, .phdrs = ph, .nphdrs = 2, .size = 0x3000,
			      .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.entry, 0x140ABC);
	CHECK_EQ(r->k.load_addr, 0x100000);
	CHECK_EQ(r->k.image_size, 0x43000);
	tfree(r);
	tfree(f);
}

/* Segments listed high first; a bigger phentsize; PT_LOAD with memsz 0. */
TEST(kernel_elf32_unordered_segments)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x2000, 0x300000, 0x300000, 0x800, 0x1000 },
		{ PT_LOAD, 0x0, 0x500000, 0x500000, 0, 0 },
		{ PT_LOAD, 0x1000, 0x2FF000, 0x2FF000, 0x1000, 0x1000 },
	};
	struct elf_spec s = { .entry = 0x2FF100, .phdrs = ph, .nphdrs = 3, .phentsize = 40,
			      .size = 0x2800, .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.segment_count, 2);   /* the empty one is no segment */
	CHECK_EQ(r->k.load_addr, 0x2FF000);
	CHECK_EQ(r->k.image_size, 0x2000);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* Adjacent segments touch without overlapping. */
TEST(kernel_elf32_adjacent_segments)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x100, 0x1000 },
		{ PT_LOAD, 0x1100, 0x101000, 0x101000, 0x100, 0x100 },
	};
	struct elf_spec s = { .entry = 0x101000, .phdrs = ph, .nphdrs = 2, .size = 0x1200,
			      .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.image_size, 0x1100);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* Sixteen segments are accepted, a seventeenth is not. */
TEST(kernel_elf32_segment_limit)
{
	struct phdr ph[17];
	struct elf_spec s = { .entry = 0x400000, .phdrs = ph, .size = 0x3000,
			      .mb_offset = 0x1000 };

	for (int i = 0; i < 17; i++)
		ph[i] = (struct phdr){ PT_LOAD, 0x1000 + 0x100 * i, 0x400000 + 0x1000 * i,
				       0x400000 + 0x1000 * i, 0x100, 0x800 };
	s.nphdrs = 16;
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.segment_count, 16);
	CHECK_EQ(r->k.image_size, 0xF800);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);

	s.nphdrs = 17;
	CHECK_ELF_REFUSED(&s, "more than 16");
}

/* ---- ELF64 ---- */

/* A higher-half kernel: linked at -2 GiB, loaded at 1 MiB. */
TEST(kernel_elf64_higher_half)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0xFFFFFFFF80100000ull, 0x100000, 0x2000, 0x2000 },
		{ PT_LOAD, 0x3000, 0xFFFFFFFF80104000ull, 0x104000, 0x800, 0x5000 },
	};
	struct elf_spec s = { .is64 = true, .entry = 0xFFFFFFFF80100040ull, .phdrs = ph,
			      .nphdrs = 2, .size = 0x3800, .mb_offset = 0x1000, .mb_flags = 2 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_ELF64);
	CHECK_STR(kernel_format_name(r->k.format), "ELF64");
	CHECK_EQ(r->k.entry, 0x100040);
	CHECK_EQ(r->k.load_addr, 0x100000);
	CHECK_EQ(r->k.image_size, 0x9000);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x2000, 0x100000, 0x2000);
	CHECK_SEGMENT(&r->k, 1, 0x3000, 0x800, 0x104000, 0x5000);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/*
 * A segment of exactly 4 GiB at 0 used to be stored with size 0 (32 bits),
 * so a second segment inside it passed the overlap check.
 */
TEST(kernel_elf64_segment_of_4gib_refused)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0, 0, 0x100, 0x100000000ull },
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x100, 0x1000 },
	};
	struct elf_spec s = { .is64 = true, .entry = 0x100010, .phdrs = ph,
			      .nphdrs = 2, .size = 0x2000, .mb_offset = 0x1800 };

	CHECK_ELF_REFUSED(&s, "segment 0x0+0x100000000 does not lie below 4 GiB");
	/* Alone, too: no 32-bit size can hold it. */
	s.nphdrs = 1;
	s.entry = 0x10;
	CHECK_ELF_REFUSED(&s, "segment 0x0+0x100000000 does not lie below 4 GiB");
}

/* The entry in the second segment, whose virtual-physical offset differs. */
TEST(kernel_elf64_entry_in_second_segment)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x1000000, 0x1000000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x2000, 0xFFFF800000000000ull, 0x1200000, 0x1000, 0x1000 },
	};
	struct elf_spec s = { .is64 = true, .entry = 0xFFFF800000000FF0ull, .phdrs = ph,
			      .nphdrs = 2, .size = 0x3000, .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.entry, 0x1200FF0);
	tfree(r);
	tfree(f);
}

/* The entry in a segment's bss (memsz beyond filesz) is in the segment. */
TEST(kernel_elf64_entry_in_bss)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x100, 0x2000 },
	};
	struct elf_spec s = { .is64 = true, .entry = 0x101FFF, .phdrs = ph, .nphdrs = 1,
			      .size = 0x1100, .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.entry, 0x101FFF);
	tfree(r);
	tfree(f);
}

/* ---- ELF refusals ---- */

static const struct phdr one_load[] = {
	{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000 },
};
#define ONE_LOAD_32 { .entry = 0x100000, .phdrs = one_load, .nphdrs = 1, .size = 0x2000, \
		      .mb_offset = 0x1000 }
#define ONE_LOAD_64 { .is64 = true, .entry = 0x100000, .phdrs = one_load, .nphdrs = 1, \
		      .size = 0x2000, .mb_offset = 0x1000 }

TEST(kernel_refuses_no_multiboot_header)
{
	struct elf_spec s = ONE_LOAD_32;

	s.no_mb_header = true;
	CHECK_ELF_REFUSED(&s, "no Multiboot header");
	/* A header after the first 8 KiB is not one. */
	s.no_mb_header = false;
	s.size = 0x3000;
	s.mb_offset = 0x2000;
	CHECK_ELF_REFUSED(&s, "no Multiboot header");
}

TEST(kernel_refuses_neither_elf_nor_aout)
{
	uint8_t *f = tmalloc(0x1000);
	struct parsed *r;

	for (size_t i = 0; i < 0x1000; i++)
		f[i] = filler(i);
	put_mb_header(f, 0x100, 3);
	r = parse(f, 0x1000);
	CHECK_REFUSED(r->rc, r->why, "neither ELF nor");
	tfree(r);
	/* The ELF magic, but the file is shorter than an ELF header. */
	memcpy(f, "\x7f" "ELF", 4);
	put_mb_header(f, 36, 3);
	r = parse(f, 48);
	CHECK_REFUSED(r->rc, r->why, "neither ELF nor");
	tfree(r);
	tfree(f);
}

TEST(kernel_refuses_wrong_machine)
{
	struct elf_spec s32 = ONE_LOAD_32, s64 = ONE_LOAD_64;

	s32.machine = EM_X86_64;
	CHECK_ELF_REFUSED(&s32, "machine 62");
	s64.machine = EM_386;
	CHECK_ELF_REFUSED(&s64, "machine 3");
	s32.machine = 40;  /* ARM */
	CHECK_ELF_REFUSED(&s32, "machine");
}

TEST(kernel_refuses_big_endian_and_bad_class)
{
	struct elf_spec s = ONE_LOAD_32;

	s.data = 2;
	CHECK_ELF_REFUSED(&s, "little-endian");
	s.data = 0;
	s.class_byte = 3;
	CHECK_ELF_REFUSED(&s, "class 3");
	s.class_byte = 0xFF; /* ELFCLASSNONE is 0, which means "default" here */
	CHECK_ELF_REFUSED(&s, "class");
}

TEST(kernel_refuses_elf64_header_cut_off)
{
	struct elf_spec s = { .is64 = true, .size = 64, .mb_offset = 48, .no_mb_header = true };
	uint8_t *f = elf_build(&s);
	struct parsed *r;

	put_mb_header(f, 48, 0);
	r = parse(f, 60);
	CHECK_REFUSED(r->rc, r->why, "ELF64 header is cut off");
	tfree(r);
	tfree(f);
}

TEST(kernel_refuses_phdrs_outside_file)
{
	struct elf_spec s = ONE_LOAD_32;

	s.phoff = 0x2001;
	CHECK_ELF_REFUSED(&s, "program headers");
	s.phoff = 0x2000 - 31;  /* one header needs 32 bytes */
	CHECK_ELF_REFUSED(&s, "program headers");
	s.phoff = 0;
	s.phnum = 300;          /* 300 * 32 bytes > 0x2000 */
	CHECK_ELF_REFUSED(&s, "program headers");
	s.phnum = 0;
	s.phentsize = 31;       /* smaller than an Elf32_Phdr */
	CHECK_ELF_REFUSED(&s, "program headers");

	struct elf_spec t = ONE_LOAD_64;

	t.phoff = 0xFFFFFFFFFFFFFFF0ull;
	CHECK_ELF_REFUSED(&t, "program headers");
	t.phoff = 0;
	t.phentsize = 55;
	CHECK_ELF_REFUSED(&t, "program headers");
	t.phentsize = 0xFFFF;
	CHECK_ELF_REFUSED(&t, "program headers");
}

TEST(kernel_refuses_no_loadable_segment)
{
	static const struct phdr ph[] = {
		{ PT_NOTE, 0x1000, 0x100000, 0x100000, 0x10, 0x10 },
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0, 0 },
	};
	struct elf_spec s = { .entry = 0x100000, .phdrs = ph, .nphdrs = 2, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "no loadable segment");
	s.nphdrs = 0;
	CHECK_ELF_REFUSED(&s, "no loadable segment");
}

TEST(kernel_refuses_segment_past_4gib)
{
	static const struct phdr ph32[] = {
		{ PT_LOAD, 0x1000, 0xFFFFF000u, 0xFFFFF000u, 0x1000, 0x2000 },
	};
	static const struct phdr ph64[] = {
		{ PT_LOAD, 0x1000, 0x100000000ull, 0x100000000ull, 0x1000, 0x1000 },
	};
	static const struct phdr huge64[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0xFFFFFFFFFFFFF000ull },
	};
	static const struct phdr ends_at_4g[] = {
		{ PT_LOAD, 0x1000, 0xFFFFF000u, 0xFFFFF000u, 0x1000, 0x1000 },
	};
	struct elf_spec s = { .entry = 0xFFFFF000u, .phdrs = ph32, .nphdrs = 1, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "4 GiB");
	s.is64 = true;
	s.phdrs = ph64;
	s.entry = 0x100000000ull;
	CHECK_ELF_REFUSED(&s, "4 GiB");
	s.phdrs = huge64;
	s.entry = 0x100000;
	CHECK_ELF_REFUSED(&s, "4 GiB");

	/* Ending exactly at 4 GiB is fine. */
	s.is64 = false;
	s.phdrs = ends_at_4g;
	s.entry = 0xFFFFFFF0u;
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.load_addr, 0xFFFFF000u);
	CHECK_EQ(r->k.image_size, 0x1000);
	tfree(r);
	tfree(f);
}

TEST(kernel_refuses_overlapping_segments)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x2000 },
		{ PT_LOAD, 0x1000, 0x101FFF, 0x101FFF, 0x10, 0x10 },
	};
	static const struct phdr inside[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x8000 },
		{ PT_LOAD, 0x1000, 0x104000, 0x104000, 0x100, 0x100 },
	};
	static const struct phdr around[] = {
		{ PT_LOAD, 0x1000, 0x104000, 0x104000, 0x100, 0x100 },
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x8000 },
	};
	/* Same physical address through different virtual ones. */
	static const struct phdr aliased[] = {
		{ PT_LOAD, 0x1000, 0xC0100000u, 0x100000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000 },
	};
	struct elf_spec s = { .entry = 0x100000, .phdrs = ph, .nphdrs = 2, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "overlap");
	s.phdrs = inside;
	CHECK_ELF_REFUSED(&s, "overlap");
	s.phdrs = around;
	CHECK_ELF_REFUSED(&s, "overlap");
	s.phdrs = aliased;
	CHECK_ELF_REFUSED(&s, "overlap");
}

TEST(kernel_refuses_entry_in_no_segment)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x1000, 0x200000, 0x200000, 0x1000, 0x1000 },
	};
	struct elf_spec s = { .entry = 0x101000, .phdrs = ph, .nphdrs = 2, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "entry 0x101000");  /* in the gap */
	s.entry = 0xFFFFF;
	CHECK_ELF_REFUSED(&s, "entry");
	s.entry = 0x201000;
	CHECK_ELF_REFUSED(&s, "entry");
	/* Physical address of the segment, but the entry is virtual. */
	static const struct phdr hh[] = {
		{ PT_LOAD, 0x1000, 0xFFFFFFFF80100000ull, 0x100000, 0x1000, 0x1000 },
	};
	struct elf_spec t = { .is64 = true, .entry = 0x100010, .phdrs = hh, .nphdrs = 1,
			      .size = 0x2000, .mb_offset = 0x1000 };
	CHECK_ELF_REFUSED(&t, "entry");
}

/* filesz > memsz: the reason names the segment. */
TEST(kernel_refuses_filesz_over_memsz)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x801, 0x800 },
	};
	struct elf_spec s = { .entry = 0x100000, .phdrs = ph, .nphdrs = 1, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "segment at 0x100000");
}

TEST(kernel_refuses_file_bytes_past_end)
{
	static const struct phdr past[] = {
		{ PT_LOAD, 0x1800, 0x100000, 0x100000, 0x801, 0x1000 },
	};
	static const struct phdr offset_past[] = {
		{ PT_LOAD, 0x2001, 0x100000, 0x100000, 0, 0x1000 },
	};
	static const struct phdr wraps[] = {
		{ PT_LOAD, 0xFFFFF000u, 0x100000, 0x100000, 0x2000, 0x2000 },
	};
	static const struct phdr wraps64[] = {
		{ PT_LOAD, 0xFFFFFFFFFFFFF000ull, 0x100000, 0x100000, 0x2000, 0x2000 },
	};
	static const struct phdr exact[] = {
		{ PT_LOAD, 0x1800, 0x100000, 0x100000, 0x800, 0x1000 },
	};
	struct elf_spec s = { .entry = 0x100000, .phdrs = past, .nphdrs = 1, .size = 0x2000,
			      .mb_offset = 0x1000 };

	CHECK_ELF_REFUSED(&s, "outside the 8192-byte file");
	s.phdrs = offset_past;
	CHECK_ELF_REFUSED(&s, "outside the 8192-byte file");
	s.phdrs = wraps;
	CHECK_ELF_REFUSED(&s, "outside");
	s.is64 = true;
	s.phdrs = wraps64;
	CHECK_ELF_REFUSED(&s, "outside");

	/* Up to the last byte, and an empty file part at the very end. */
	s.is64 = false;
	s.phdrs = exact;
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* Only a 64-bit host can even name a file this large; nothing is read. */
#if SIZE_MAX > UINT32_MAX
TEST(kernel_refuses_file_over_4gib)
{
	uint8_t byte = 0;
	char why[128];
	struct kernel_file k;

	CHECK_REFUSED(kernel_file_parse(&k, &byte, (size_t)1 << 32, false, why, sizeof(why)), why,
		      "larger than 4 GiB");
}
#endif

/* ---- a.out kludge ---- */

struct aout_spec {
	size_t size;
	uint32_t mb_offset;
	uint32_t header_addr, load_addr, load_end, bss_end, entry;
	size_t cut;    /* the file ends here instead (0: size) */
};

static uint8_t *aout_build(const struct aout_spec *a)
{
	uint8_t *f = tmalloc(a->size);
	uint8_t *h = f + a->mb_offset;
	uint32_t flags = MULTIBOOT_AOUT_KLUDGE | MULTIBOOT_PAGE_ALIGN;

	for (size_t i = 0; i < a->size; i++)
		f[i] = filler(i);
	CHECK(a->mb_offset + 12 <= a->size);
	put_mb_header(f, a->mb_offset, flags);
	if (a->mb_offset + 32 <= a->size) {
		put_le32(h + 12, a->header_addr);
		put_le32(h + 16, a->load_addr);
		put_le32(h + 20, a->load_end);
		put_le32(h + 24, a->bss_end);
		put_le32(h + 28, a->entry);
	}
	return f;
}

static struct parsed *aout_parse(const struct aout_spec *a, uint8_t **file)
{
	*file = aout_build(a);
	return parse(*file, a->cut ? a->cut : a->size);
}

/* Like mbtest-aout.bin: the header near the start, linked at 2 MiB. */
#define AOUT_BASIC { .size = 0x3000, .mb_offset = 0x40, .header_addr = 0x200040, \
		     .load_addr = 0x200000, .load_end = 0x202800, .bss_end = 0x205000, \
		     .entry = 0x200100 }

TEST(kernel_aout_basic)
{
	struct aout_spec a = AOUT_BASIC;
	uint8_t *f;
	struct parsed *r = aout_parse(&a, &f);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_AOUT_KLUDGE);
	CHECK_STR(kernel_format_name(r->k.format), "a.out kludge");
	CHECK_EQ(r->k.header.offset, 0x40);
	CHECK_EQ(r->k.entry, 0x200100);
	CHECK_EQ(r->k.load_addr, 0x200000);
	CHECK_EQ(r->k.image_size, 0x5000);
	CHECK_EQ(r->k.segment_count, 1);
	CHECK_SEGMENT(&r->k, 0, 0, 0x2800, 0x200000, 0x5000);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* The file may start before load_addr's text: header_addr says where. */
TEST(kernel_aout_text_offset)
{
	/* The header is 0x1040 into the file but 0x40 into the text. */
	struct aout_spec a = { .size = 0x4000, .mb_offset = 0x1040, .header_addr = 0x300040,
			       .load_addr = 0x300000, .load_end = 0x302000, .bss_end = 0,
			       .entry = 0x300000 };
	uint8_t *f;
	struct parsed *r = aout_parse(&a, &f);

	CHECK_OK(r->rc, r->why);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x2000, 0x300000, 0x2000);
	CHECK_EQ(r->k.image_size, 0x2000);   /* bss_end 0: no bss */
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* load_end_addr 0: the rest of the file is loaded. */
TEST(kernel_aout_load_end_zero)
{
	struct aout_spec a = AOUT_BASIC;
	uint8_t *f;
	struct parsed *r;

	a.size = 0x2345;
	a.load_end = 0;
	a.bss_end = 0;
	r = aout_parse(&a, &f);
	CHECK_OK(r->rc, r->why);
	CHECK_SEGMENT(&r->k, 0, 0, 0x2345, 0x200000, 0x2345);
	CHECK_EQ(r->k.image_size, 0x2345);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);

	/* With a text offset: the rest from there. */
	struct aout_spec b = { .size = 0x3000, .mb_offset = 0x840, .header_addr = 0x100040,
			       .load_addr = 0x100000, .load_end = 0, .bss_end = 0x104000,
			       .entry = 0x100040 };
	r = aout_parse(&b, &f);
	CHECK_OK(r->rc, r->why);
	CHECK_SEGMENT(&r->k, 0, 0x800, 0x2800, 0x100000, 0x4000);
	tfree(r);
	tfree(f);
}

/* bss_end_addr equal to the loaded end: no bss, and that is fine. */
TEST(kernel_aout_bss_end_at_load_end)
{
	struct aout_spec a = AOUT_BASIC;
	uint8_t *f;
	struct parsed *r;

	a.bss_end = a.load_end;
	r = aout_parse(&a, &f);
	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.image_size, 0x2800);
	tfree(r);
	tfree(f);
}

/* The a.out flag wins over an ELF header, as in GRUB and QEMU. */
TEST(kernel_aout_flag_over_elf)
{
	struct elf_spec s = ONE_LOAD_32;
	uint8_t *f;
	struct parsed *r;

	s.mb_offset = 0x40;
	s.mb_flags = MULTIBOOT_AOUT_KLUDGE;
	s.size = 0x1000;
	f = elf_build(&s);
	put_le32(f + 0x40 + 12, 0x400040);  /* header_addr */
	put_le32(f + 0x40 + 16, 0x400000);  /* load_addr */
	put_le32(f + 0x40 + 20, 0);
	put_le32(f + 0x40 + 24, 0);
	put_le32(f + 0x40 + 28, 0x400000);  /* entry */
	r = parse(f, s.size);
	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_AOUT_KLUDGE);
	CHECK_SEGMENT(&r->k, 0, 0, 0x1000, 0x400000, 0x1000);
	tfree(r);
	tfree(f);
}

#define CHECK_AOUT_REFUSED(a, keyword)                                    \
	do {                                                              \
		uint8_t *f_;                                              \
		struct parsed *r_ = aout_parse((a), &f_);                 \
		CHECK_REFUSED(r_->rc, r_->why, (keyword));                \
		tfree(r_);                                                \
		tfree(f_);                                                \
	} while (0)

TEST(kernel_aout_refuses_header_addr_below_load_addr)
{
	struct aout_spec a = AOUT_BASIC;

	a.header_addr = 0x1FFFFC;
	CHECK_AOUT_REFUSED(&a, "header_addr 0x1ffffc");
	/* The header 0x80 into the text, but only 0x40 into the file. */
	a.header_addr = 0x200080;
	CHECK_AOUT_REFUSED(&a, "header_addr 0x200080");
}

TEST(kernel_aout_refuses_load_end_below_load_addr)
{
	struct aout_spec a = AOUT_BASIC;

	a.load_end = 0x1FF000;
	CHECK_AOUT_REFUSED(&a, "load_end_addr 0x1ff000");
}

TEST(kernel_aout_refuses_load_end_past_file)
{
	struct aout_spec a = AOUT_BASIC;

	a.load_end = 0x203001;   /* the file holds 0x3000 bytes of text */
	CHECK_AOUT_REFUSED(&a, "past the end of the file");
	a.load_end = 0x203000;
	a.bss_end = 0;
	uint8_t *f;
	struct parsed *r = aout_parse(&a, &f);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.image_size, 0x3000);
	tfree(r);
	tfree(f);
}

TEST(kernel_aout_refuses_bss_end_below_loaded_end)
{
	struct aout_spec a = AOUT_BASIC;

	a.bss_end = 0x2027FF;
	CHECK_AOUT_REFUSED(&a, "bss_end_addr 0x2027ff");
	/* With load_end 0, the loaded end is the file's. */
	a.load_end = 0;
	a.bss_end = 0x202FFF;
	CHECK_AOUT_REFUSED(&a, "bss_end_addr");
}

TEST(kernel_aout_refuses_cut_off_header)
{
	for (size_t cut = 0x40 + 12; cut < 0x40 + 32; cut += 4) {
		struct aout_spec a = AOUT_BASIC;

		a.cut = cut;
		CHECK_AOUT_REFUSED(&a, "cut off");
	}
}

TEST(kernel_aout_refuses_entry_outside)
{
	struct aout_spec a = AOUT_BASIC;

	a.entry = 0x205000;      /* just past bss */
	CHECK_AOUT_REFUSED(&a, "entry 0x205000");
	a.entry = 0x1FFFFF;
	CHECK_AOUT_REFUSED(&a, "entry");
}

TEST(kernel_aout_refuses_past_4gib)
{
	struct aout_spec a = { .size = 0x3000, .mb_offset = 0, .header_addr = 0xFFFFF000u,
			       .load_addr = 0xFFFFF000u, .load_end = 0, .bss_end = 0,
			       .entry = 0xFFFFF000u };

	CHECK_AOUT_REFUSED(&a, "4 GiB");
}

/* ---- kernel_file_image ---- */

/* Gaps before, between and after segments; bss; unaligned sizes. */
TEST(kernel_image_windows)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1003, 0x500010, 0x500010, 0x123, 0x200 },
		{ PT_LOAD, 0x1200, 0x500300, 0x500300, 0x1, 0x1 },
		{ PT_LOAD, 0x1400, 0x500305, 0x500305, 0x0, 0x3 },
		{ PT_LOAD, 0x1500, 0x500400, 0x500400, 0x2FF, 0x2FF },
	};
	struct elf_spec s = { .entry = 0x500010, .phdrs = ph, .nphdrs = 4, .size = 0x1800,
			      .mb_offset = 0x1000 };
	uint8_t *f = elf_build(&s);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.load_addr, 0x500010);
	CHECK_EQ(r->k.image_size, 0x6EF);
	/* Spot checks of the model itself. */
	CHECK_EQ(model_byte(&r->k, f, 0), f[0x1003]);
	CHECK_EQ(model_byte(&r->k, f, 0x123), 0);       /* bss */
	CHECK_EQ(model_byte(&r->k, f, 0x2F0), f[0x1200]);
	CHECK_EQ(model_byte(&r->k, f, 0x3F0), f[0x1500]);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* A kernel_file filled in by hand: the image copies only file_size bytes. */
TEST(kernel_image_by_hand)
{
	static const uint8_t file[16] = "0123456789abcdef";
	struct kernel_file k = {
		.load_addr = 0x1000, .image_size = 0x30, .segment_count = 2,
		.segments = { { 4, 4, 0x1000, 8 }, { 10, 6, 0x1020, 0x10 } },
	};
	uint8_t out[0x40];

	memset(out, 0xCC, sizeof(out));
	kernel_file_image(&k, file, 0, out, 0x30);
	CHECK(!memcmp(out, "4567\0\0\0\0", 8));
	for (int i = 8; i < 0x20; i++)
		CHECK_EQ(out[i], 0);
	CHECK(!memcmp(out + 0x20, "abcdef", 6));
	for (int i = 0x26; i < 0x30; i++)
		CHECK_EQ(out[i], 0);
	CHECK_EQ(out[0x30], 0xCC);

	memset(out, 0xCC, sizeof(out));
	kernel_file_image(&k, file, 0x22, out, 3);
	CHECK(!memcmp(out, "cde", 3));
	CHECK_EQ(out[3], 0xCC);
	kernel_file_image(&k, file, 0x2, out, 4);
	CHECK(!memcmp(out, "67\0\0", 4));
}

/* ---- Multiboot 2 ---- */

/* A Multiboot 2 header being written into a file at off. */
struct mb2w {
	uint8_t *f;
	uint32_t off, at;
};

static struct mb2w mb2_begin(uint8_t *f, uint32_t off)
{
	put_le32(f + off, MB2_HEADER_MAGIC);
	put_le32(f + off + 4, MB2_ARCH_I386);
	return (struct mb2w){ f, off, 16 };
}

static void mb2_tag(struct mb2w *w, uint16_t type, uint16_t flags, const uint32_t *v, size_t n)
{
	uint8_t *t = w->f + w->off + w->at;
	uint32_t size = (uint32_t)(8 + 4 * n);

	memset(t, 0, (size + 7) & ~7u);
	put_le16(t, type);
	put_le16(t + 2, flags);
	put_le32(t + 4, size);
	for (size_t i = 0; i < n; i++)
		put_le32(t + 8 + 4 * i, v[i]);
	w->at += (size + 7) & ~7u;
}
#define MB2_TAG(w, type, ...) \
	mb2_tag((w), (type), 0, (const uint32_t[]){ __VA_ARGS__ }, \
		sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))
#define MB2_TAG0(w, type) mb2_tag((w), (type), 0, NULL, 0)

/* The end tag, header_length and the checksum; returns the length. */
static uint32_t mb2_end(struct mb2w *w)
{
	uint8_t *h = w->f + w->off;

	MB2_TAG0(w, MB2_HT_END);
	put_le32(h + 8, w->at);
	put_le32(h + 12, -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + w->at));
	return w->at;
}

/* ONE_LOAD_32 / ONE_LOAD_64 without a Multiboot 1 header. */
static uint8_t *mb2_elf(bool is64)
{
	struct elf_spec s = ONE_LOAD_32;

	s.is64 = is64;
	s.no_mb_header = true;
	return elf_build(&s);
}

TEST(kernel_mb2_elf32)
{
	uint8_t *f = mb2_elf(false);
	struct mb2w w = mb2_begin(f, 0x800);

	mb2_end(&w);
	struct parsed *r = parse(f, 0x2000);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2);
	CHECK_EQ(r->k.format, KERNEL_ELF32);
	CHECK_EQ(r->k.mb2_header.offset, 0x800);
	CHECK_EQ(r->k.mb2_header.length, 24);
	CHECK_EQ(r->k.header.offset, 0x800);
	CHECK_EQ(r->k.header.flags, 0);
	CHECK(!r->k.header.has_video && !r->k.header.has_addresses);
	CHECK_EQ(r->k.entry, 0x100000);
	CHECK_EQ(r->k.load_addr, 0x100000);
	CHECK_EQ(r->k.link_addr, 0x100000);
	CHECK_EQ(r->k.image_size, 0x1000);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x1000, 0x100000, 0x1000);
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_elf64)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0xFFFFFFFF80100000ull, 0x100000, 0x800, 0x3000 },
	};
	struct elf_spec s = { .is64 = true, .entry = 0xFFFFFFFF80100010ull, .phdrs = ph,
			      .nphdrs = 1, .size = 0x1800, .no_mb_header = true };
	uint8_t *f = elf_build(&s);
	struct mb2w w = mb2_begin(f, 0x400);

	MB2_TAG0(&w, MB2_HT_MODULE_ALIGN);
	mb2_end(&w);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2);
	CHECK_EQ(r->k.format, KERNEL_ELF64);
	CHECK_EQ(r->k.entry, 0x100010);
	CHECK_EQ(r->k.image_size, 0x3000);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x800, 0x100000, 0x3000);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);
}

/* Both headers: Multiboot 2 wins, before or after the Multiboot 1 one. */
TEST(kernel_mb2_preferred_over_mb1)
{
	for (int mb2_first = 0; mb2_first < 2; mb2_first++) {
		uint8_t *f = mb2_elf(false);
		struct mb2w w = mb2_begin(f, mb2_first ? 0x100 : 0x200);

		put_mb_header(f, mb2_first ? 0x200 : 0x100, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
		mb2_end(&w);
		struct parsed *r = parse(f, 0x2000);

		CHECK_OK(r->rc, r->why);
		CHECK(r->k.mb2);
		CHECK_EQ(r->k.mb2_header.offset, w.off);
		CHECK_EQ(r->k.header.offset, w.off);
		CHECK_EQ(r->k.header.flags, 0);  /* not the Multiboot 1 header's */
		tfree(r);
		tfree(f);
	}
}

/* --multiboot1: the Multiboot 1 header of a file with both; the other never read. */
TEST(kernel_mb1_preferred_on_request)
{
	for (int bad_mb2 = 0; bad_mb2 < 2; bad_mb2++) {
		uint8_t *f = mb2_elf(false);
		struct mb2w w = mb2_begin(f, 0x200);
		struct kernel_file k;
		char why[256] = "";

		put_mb_header(f, 0x100, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
		if (bad_mb2)
			MB2_TAG(&w, MB2_HT_INFORMATION_REQUEST, 0x77);
		mb2_end(&w);
		CHECK_OK(kernel_file_parse(&k, f, 0x2000, true, why, sizeof(why)), why);
		CHECK(!k.mb2);
		CHECK_EQ(k.header.offset, 0x100);
		CHECK_EQ(k.header.flags, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
		tfree(f);
	}
}

/* With only a Multiboot 2 header, asking for Multiboot 1 first still finds it. */
TEST(kernel_mb1_preferred_falls_back_to_mb2)
{
	uint8_t *f = mb2_elf(false);
	struct mb2w w = mb2_begin(f, 0x200);
	struct kernel_file k;
	char why[256] = "";

	mb2_end(&w);
	CHECK_OK(kernel_file_parse(&k, f, 0x2000, true, why, sizeof(why)), why);
	CHECK(k.mb2);
	CHECK_EQ(k.mb2_header.offset, 0x200);
	tfree(f);
}

/* An invalid Multiboot 2 header refuses the file, even with a good Multiboot 1 one. */
TEST(kernel_mb2_invalid_header_refused)
{
	uint8_t *f = mb2_elf(false);
	struct mb2w w = mb2_begin(f, 0x200);

	put_mb_header(f, 0x100, MULTIBOOT_PAGE_ALIGN);
	MB2_TAG(&w, MB2_HT_INFORMATION_REQUEST, 0x77);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x2000);

	CHECK_REFUSED(r->rc, r->why, "119");
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_module_align)
{
	uint8_t *f = mb2_elf(false);
	struct mb2w w = mb2_begin(f, 0x800);

	MB2_TAG0(&w, MB2_HT_MODULE_ALIGN);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x2000);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2_header.module_align);
	CHECK_EQ(r->k.header.flags, MULTIBOOT_PAGE_ALIGN);
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_framebuffer)
{
	uint8_t *f = mb2_elf(true);
	struct mb2w w = mb2_begin(f, 0x800);

	MB2_TAG(&w, MB2_HT_FRAMEBUFFER, 800, 600, 32);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x2000);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.header.has_video);
	CHECK(r->k.header.flags & MULTIBOOT_VIDEO_MODE);
	CHECK(!(r->k.header.flags & MULTIBOOT_PAGE_ALIGN));
	CHECK_EQ(r->k.header.mode_type, 0);
	CHECK_EQ(r->k.header.width, 800);
	CHECK_EQ(r->k.header.height, 600);
	CHECK_EQ(r->k.header.depth, 32);
	tfree(r);
	tfree(f);
}

/* An a.out-style file: the header near the start, no ELF. */
static uint8_t *mb2_aout_file(size_t size)
{
	uint8_t *f = tmalloc(size);

	for (size_t i = 0; i < size; i++)
		f[i] = filler(i);
	return f;
}

TEST(kernel_mb2_address_needs_entry)
{
	uint8_t *f = mb2_aout_file(0x3000);
	struct mb2w w = mb2_begin(f, 0x40);

	MB2_TAG(&w, MB2_HT_ADDRESS, 0x200040, 0x200000, 0x202800, 0x205000);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x3000);

	CHECK_REFUSED(r->rc, r->why, "without an entry address tag");
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_address_and_entry)
{
	uint8_t *f = mb2_aout_file(0x3000);
	struct mb2w w = mb2_begin(f, 0x40);

	MB2_TAG(&w, MB2_HT_ADDRESS, 0x200040, 0x200000, 0x202800, 0x205000);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x200100);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x3000);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2);
	CHECK_EQ(r->k.format, KERNEL_AOUT_KLUDGE);
	CHECK(r->k.header.flags & MULTIBOOT_AOUT_KLUDGE);
	CHECK(r->k.header.has_addresses);
	CHECK_EQ(r->k.entry, 0x200100);
	CHECK_EQ(r->k.load_addr, 0x200000);
	CHECK_EQ(r->k.image_size, 0x5000);
	CHECK_EQ(r->k.segment_count, 1);
	CHECK_SEGMENT(&r->k, 0, 0, 0x2800, 0x200000, 0x5000);
	CHECK_EQ(r->k.sections.offset, 0);
	CHECK_WINDOWS(&r->k, f);
	tfree(r);
	tfree(f);

	/* The header 0x1040 into the file, 0x40 into the text; load_end 0: the rest. */
	f = mb2_aout_file(0x4000);
	w = mb2_begin(f, 0x1040);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x300000);
	MB2_TAG(&w, MB2_HT_ADDRESS, 0x300040, 0x300000, 0, 0);
	mb2_end(&w);
	r = parse(f, 0x4000);
	CHECK_OK(r->rc, r->why);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x3000, 0x300000, 0x3000);
	tfree(r);
	tfree(f);

	/* The a.out rules still hold: header_addr below load_addr. */
	f = mb2_aout_file(0x3000);
	w = mb2_begin(f, 0x40);
	MB2_TAG(&w, MB2_HT_ADDRESS, 0x1FFFFC, 0x200000, 0, 0);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x200000);
	mb2_end(&w);
	r = parse(f, 0x3000);
	CHECK_REFUSED(r->rc, r->why, "header_addr 0x1ffffc");
	tfree(r);
	tfree(f);

	/* The address tag wins over an ELF header. */
	f = mb2_elf(false);
	w = mb2_begin(f, 0x40 + 0x18);  /* 0x58: after the one program header */
	MB2_TAG(&w, MB2_HT_ADDRESS, 0x400058, 0x400000, 0, 0);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x400000);
	mb2_end(&w);
	r = parse(f, 0x2000);
	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_AOUT_KLUDGE);
	CHECK_SEGMENT(&r->k, 0, 0, 0x2000, 0x400000, 0x2000);
	tfree(r);
	tfree(f);
}

/*
 * Multiboot 2 (3.1.5): load_addr "Special value -1 means that the file
 * must be loaded from its beginning" (GRUB: load_addr is then header_addr
 * minus the header's offset in the file).
 */
TEST(kernel_mb2_address_load_addr_minus_one)
{
	uint8_t *f = mb2_aout_file(0x3000);
	struct mb2w w = mb2_begin(f, 0x40);

	MB2_TAG(&w, MB2_HT_ADDRESS, 0x200040, 0xFFFFFFFF, 0, 0);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x200100);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x3000);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.format, KERNEL_AOUT_KLUDGE);
	CHECK_EQ(r->k.load_addr, 0x200000);
	CHECK_SEGMENT(&r->k, 0, 0, 0x3000, 0x200000, 0x3000);
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_entry_override)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x4000 },
	};
	struct elf_spec s = { .entry = 0x100000, .phdrs = ph, .nphdrs = 1, .size = 0x2000,
			      .no_mb_header = true };
	uint8_t *f = elf_build(&s);
	struct mb2w w = mb2_begin(f, 0x800);

	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x103FFF);  /* in the bss: still the image */
	mb2_end(&w);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2_header.has_entry);
	CHECK_EQ(r->k.entry, 0x103FFF);
	tfree(r);

	/* Outside the image: refused, naming it. */
	w = mb2_begin(f, 0x800);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x104000);
	mb2_end(&w);
	r = parse(f, s.size);
	CHECK_REFUSED(r->rc, r->why, "entry 0x104000");
	tfree(r);
	w = mb2_begin(f, 0x800);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0xFFFFF);
	mb2_end(&w);
	r = parse(f, s.size);
	CHECK_REFUSED(r->rc, r->why, "entry 0xfffff");
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_efi_entries)
{
	uint8_t *f = mb2_elf(true);
	struct mb2w w = mb2_begin(f, 0x800);

	MB2_TAG0(&w, MB2_HT_EFI_BS);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS_EFI64, 0x100FFF);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS_EFI32, 0x100000);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x2000);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2_header.efi_boot_services);
	CHECK(r->k.mb2_header.has_efi64_entry && r->k.mb2_header.has_efi32_entry);
	CHECK_EQ(r->k.mb2_header.efi64_entry, 0x100FFF);
	CHECK_EQ(r->k.mb2_header.efi32_entry, 0x100000);
	CHECK_EQ(r->k.entry, 0x100000);  /* the ELF entry stays the plain one */
	tfree(r);

	static const uint32_t outside[] = { 0x101000, 0xFFFFF, 0, 0xFFFFFFFF };

	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		for (int efi64 = 0; efi64 < 2; efi64++) {
			w = mb2_begin(f, 0x800);
			MB2_TAG0(&w, MB2_HT_EFI_BS);
			mb2_tag(&w, efi64 ? MB2_HT_ENTRY_ADDRESS_EFI64 : MB2_HT_ENTRY_ADDRESS_EFI32,
				0, &outside[i], 1);
			mb2_end(&w);
			r = parse(f, 0x2000);
			CHECK_REFUSED(r->rc, r->why, "EFI entry");
			tfree(r);
		}
	}
	tfree(f);
}

/* The section header table's place, recorded for the ELF-sections tag. */
TEST(kernel_mb2_sections_recorded)
{
	uint8_t *f = mb2_elf(false);
	struct mb2w w = mb2_begin(f, 0x800);

	mb2_end(&w);
	put_le32(f + 32, 0x1234);  /* e_shoff */
	put_le16(f + 46, 40);      /* e_shentsize */
	put_le16(f + 48, 7);       /* e_shnum */
	put_le16(f + 50, 6);       /* e_shstrndx */
	struct parsed *r = parse(f, 0x2000);

	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.sections.offset, 0x1234);
	CHECK_EQ(r->k.sections.entry_size, 40);
	CHECK_EQ(r->k.sections.count, 7);
	CHECK_EQ(r->k.sections.names, 6);
	tfree(r);
	tfree(f);

	f = mb2_elf(true);
	w = mb2_begin(f, 0x800);
	mb2_end(&w);
	put_le64(f + 40, 0x1A00);  /* e_shoff */
	put_le16(f + 58, 64);
	put_le16(f + 60, 0xFFFF);
	put_le16(f + 62, 3);
	r = parse(f, 0x2000);
	CHECK_OK(r->rc, r->why);
	CHECK_EQ(r->k.sections.offset, 0x1A00);
	CHECK_EQ(r->k.sections.entry_size, 64);
	CHECK_EQ(r->k.sections.count, 0xFFFF);
	CHECK_EQ(r->k.sections.names, 3);
	tfree(r);
	tfree(f);
}

TEST(kernel_mb2_relocate)
{
	static const struct phdr ph[] = {
		{ PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x1800, 0x104000, 0x104000, 0x800, 0x2000 },
	};
	struct elf_spec s = { .entry = 0x100020, .phdrs = ph, .nphdrs = 2, .size = 0x2000,
			      .no_mb_header = true };
	uint8_t *f = elf_build(&s);
	struct mb2w w = mb2_begin(f, 0x800);

	MB2_TAG(&w, MB2_HT_RELOCATABLE, 0x100000, 0x10000000, 0x1000, MB2_RELOC_LOWEST);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS_EFI32, 0x100200);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS_EFI64, 0x105000);
	mb2_end(&w);
	struct parsed *r = parse(f, s.size);

	CHECK_OK(r->rc, r->why);
	CHECK(r->k.mb2_header.relocatable);
	CHECK_EQ(r->k.image_size, 0x6000);

	kernel_file_relocate(&r->k, 0x2000000);
	CHECK_EQ(r->k.load_addr, 0x2000000);
	CHECK_EQ(r->k.link_addr, 0x100000);
	CHECK_EQ(r->k.image_size, 0x6000);
	CHECK_EQ(r->k.entry, 0x2000020);
	CHECK_EQ(r->k.mb2_header.efi32_entry, 0x2000200);
	CHECK_EQ(r->k.mb2_header.efi64_entry, 0x2005000);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x1000, 0x2000000, 0x1000);
	CHECK_SEGMENT(&r->k, 1, 0x1800, 0x800, 0x2004000, 0x2000);
	CHECK_WINDOWS(&r->k, f);

	/* Down, below where it was linked; link_addr stays the original. */
	kernel_file_relocate(&r->k, 0x80000);
	CHECK_EQ(r->k.load_addr, 0x80000);
	CHECK_EQ(r->k.link_addr, 0x100000);
	CHECK_EQ(r->k.entry, 0x80020);
	CHECK_EQ(r->k.mb2_header.efi64_entry, 0x85000);
	CHECK_SEGMENT(&r->k, 1, 0x1800, 0x800, 0x84000, 0x2000);
	/* Back home. */
	kernel_file_relocate(&r->k, 0x100000);
	CHECK_EQ(r->k.entry, 0x100020);
	CHECK_SEGMENT(&r->k, 0, 0x1000, 0x1000, 0x100000, 0x1000);
	tfree(r);
	tfree(f);
}

/* An a.out-style relocatable kernel: its entry (both copies) moves too. */
TEST(kernel_mb2_relocate_aout)
{
	uint8_t *f = mb2_aout_file(0x3000);
	struct mb2w w = mb2_begin(f, 0x40);

	MB2_TAG(&w, MB2_HT_ADDRESS, 0x200040, 0x200000, 0, 0x204000);
	MB2_TAG(&w, MB2_HT_ENTRY_ADDRESS, 0x200100);
	MB2_TAG(&w, MB2_HT_RELOCATABLE, 0, 0xFFFFFFFF, 0, MB2_RELOC_HIGHEST);
	mb2_end(&w);
	struct parsed *r = parse(f, 0x3000);

	CHECK_OK(r->rc, r->why);
	kernel_file_relocate(&r->k, 0x3000000);
	CHECK_EQ(r->k.load_addr, 0x3000000);
	CHECK_EQ(r->k.link_addr, 0x200000);
	CHECK_EQ(r->k.entry, 0x3000100);
	CHECK_EQ(r->k.header.entry_addr, 0x3000100);
	CHECK_EQ(r->k.mb2_header.entry, 0x3000100);
	CHECK_SEGMENT(&r->k, 0, 0, 0x3000, 0x3000000, 0x4000);
	tfree(r);
	tfree(f);
}
