// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/payload.c: QEMU's multiboot fw_cfg payload (blob.c builds it as
 * hw/i386/multiboot.c does), accepted and refused.
 */
#include <stdio.h>
#include <stdlib.h>

#include "blob.h"
#include "check.h"

/* Both are big; the tests keep them off the stack. */
static struct payload *new_payload(void)
{
	struct payload *p = tmalloc(sizeof(*p));

	CHECK(p);
	memset(p, 0xA5, sizeof(*p));  /* payload_load must set every field it reports */
	return p;
}

static struct blob *blob_with_modules(uint32_t count, const uint32_t *sizes)
{
	struct blob_spec s = blob_default_spec();

	s.mod_count = count;
	s.mod_sizes = sizes;
	return blob_new(&s);
}

/* payload_load refuses the blob with a reason naming keyword. */
static void check_refused(struct blob *b, const char *keyword, int line)
{
	struct payload *p = new_payload();
	char why[256];
	int rc = blob_load(b, p, why, sizeof(why));

	if (rc != -1)
		check_fail(__FILE__, line, "payload refused (returned %d, why \"%s\")", rc, why);
	if (!why[0])
		check_fail(__FILE__, line, "the refusal has a reason");
	if (!strstr(why, keyword))
		check_fail(__FILE__, line, "the reason \"%s\" names \"%s\"", why, keyword);
	tfree(p);
}
#define CHECK_PAYLOAD_REFUSED(b, keyword) check_refused((b), (keyword), __LINE__)

TEST(payload_valid_no_modules)
{
	struct blob *b = blob_with_modules(0, NULL);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->image_size, 0x7000);
	CHECK_EQ(p->meta_offset, 0x7000);
	CHECK_EQ(p->blob_size, 0x8000);     /* image + one page of metadata */
	CHECK_EQ(p->meta_size, 0x1000);
	CHECK_EQ(p->mbi.mods_count, 0);
	CHECK_STR(payload_string(p, p->cmdline), "/boot/kernel.elf console=ttyS0 quiet");
	CHECK_STR(payload_string(p, b->loader_name_offset - b->list_offset), "qemu");
	tfree(p);
	blob_free(b);
}

TEST(payload_valid_one_module)
{
	uint32_t sizes[] = { 0x12345 };
	struct blob *b = blob_with_modules(1, sizes);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->mods[0].offset, 0x8000);
	CHECK_EQ(p->mods[0].size, 0x12345);
	CHECK_EQ(p->blob_size, 0x8000 + 0x13000);
	CHECK_STR(payload_string(p, p->mods[0].cmdline), "/boot/mod0.bin arg0");
	tfree(p);
	blob_free(b);
}

TEST(payload_valid_8_modules)
{
	uint32_t sizes[8] = { 1, 0x1000, 0x1001, 0xFFF, 0x20000, 3, 0x5000, 0x10 };
	struct blob *b = blob_with_modules(8, sizes);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	/* QEMU page-aligns every module's start relative to the blob. */
	for (uint32_t i = 0; i < 8; i++)
		CHECK_EQ(p->mods[i].offset % PAGE_SIZE, 0);
	CHECK_EQ(p->mods[1].offset, p->mods[0].offset + 0x1000);
	CHECK_EQ(p->mods[3].offset, p->mods[2].offset + 0x2000);
	/* What a load moves: the image and the modules' own bytes. */
	CHECK_EQ(payload_total_bytes(p), p->image_size + 1 + 0x1000 + 0x1001 + 0xFFF + 0x20000 +
		 3 + 0x5000 + 0x10);
	tfree(p);
	blob_free(b);
}

TEST(payload_valid_64_modules)
{
	static const char *args[64];
	static char text[64][40];
	struct blob_spec s = blob_default_spec();

	for (int i = 0; i < 64; i++) {
		snprintf(text[i], sizeof(text[i]), "/m/%d.img x=%d,y", i, i * i);
		args[i] = text[i];
	}
	s.mod_count = 64;
	s.mod_args = args;
	s.append = "";
	struct blob *b = blob_new(&s);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_STR(payload_string(p, p->mods[63].cmdline), "/m/63.img x=3969,y");
	/* An empty -append still gives "<path> ". */
	CHECK_STR(payload_string(p, p->cmdline), "/boot/kernel.elf ");
	tfree(p);
	blob_free(b);
}

/* The most modules accepted, with a list of 16 KiB. */
TEST(payload_valid_1024_modules)
{
	struct blob *b = blob_with_modules(PAYLOAD_MAX_MODULES, NULL);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->mod_count, 1024);
	CHECK(p->meta_size > 1024 * 16);
	tfree(p);
	blob_free(b);
}

/* -initrd "a,empty,b": a 0-byte module shares its offset with the next one. */
TEST(payload_zero_byte_module)
{
	uint32_t sizes[] = { 0x3000, 0, 0x10 };
	struct blob *b = blob_with_modules(3, sizes);
	struct payload *p = new_payload();

	CHECK_EQ(b->mod_offset[1], b->mod_offset[2]);
	blob_load_ok(b, p);
	CHECK_EQ(p->mods[1].size, 0);
	tfree(p);
	blob_free(b);
}

/*
 * -initrd "a,empty" or -initrd empty: QEMU adds nothing for a 0-byte last
 * module, so it starts (and ends) exactly at the end of the blob.
 */
TEST(payload_zero_byte_module_last)
{
	uint32_t sizes[] = { 0x3000, 0 };
	struct blob *b = blob_with_modules(2, sizes);
	struct payload *p = new_payload();

	CHECK_EQ(blob_mod_field(b, 1, 0), b->addr + b->size);
	blob_load_ok(b, p);
	CHECK_EQ(p->mods[1].size, 0);
	CHECK_EQ(p->mods[1].offset, b->size);
	tfree(p);
	blob_free(b);
}

TEST(payload_zero_byte_module_only)
{
	uint32_t sizes[] = { 0 };
	struct blob *b = blob_with_modules(1, sizes);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->meta_size, b->size - b->list_offset);
	tfree(p);
	blob_free(b);
}

/* ELF kernels load at their lowest segment, e.g. 0x4000B0 (kvm-unit-tests). */
TEST(payload_unaligned_blob_addr)
{
	struct blob_spec s = blob_default_spec();
	uint32_t sizes[] = { 0x2000, 0x123 };

	s.load_addr = 0x4000B0;
	s.kernel_size = 0xC33000;
	s.entry = 0x4000B0 + 0x1000;
	s.mod_count = 2;
	s.mod_sizes = sizes;
	struct blob *b = blob_new(&s);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->blob_addr, 0x4000B0);
	CHECK_EQ(p->mbi.mods_addr, 0x4000B0 + 0xC33000);
	CHECK_EQ(blob_mod_field(b, 0, 0), 0x4000B0 + 0xC34000);
	tfree(p);
	blob_free(b);
}

/* An a.out-kludge header not at the start; the last offset QEMU searches. */
TEST(payload_header_offsets)
{
	struct blob_spec s = blob_default_spec();

	s.header_offset = 0x40;
	s.header_flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_AOUT_KLUDGE;
	struct blob *b = blob_new(&s);
	struct payload *p = new_payload();

	blob_load_ok(b, p);
	CHECK_EQ(p->header.offset, 0x40);
	blob_free(b);

	s = blob_default_spec();
	s.kernel_size = 0x4000;
	s.header_offset = 8192 - 48 - 4;
	s.header_flags = 0;
	b = blob_new(&s);
	blob_load_ok(b, p);
	CHECK_EQ(p->header.offset, 8192 - 52);
	/* Video mode (bit 2) is among the bits the loader says it fulfils. */
	blob_free(b);
	s.header_offset = 4;
	s.header_flags = MULTIBOOT_VIDEO_MODE;
	b = blob_new(&s);
	blob_load_ok(b, p);
	tfree(p);
	blob_free(b);
}

/* The first valid header wins; a magic with a bad checksum before it is skipped. */
TEST(payload_header_after_false_magic)
{
	struct blob_spec s = blob_default_spec();

	s.header_offset = 0x100;
	struct blob *b = blob_new(&s);
	struct payload *p = new_payload();

	blob_put32(b, 0x20, MULTIBOOT_HEADER_MAGIC);
	blob_put32(b, 0x24, 0);
	blob_put32(b, 0x28, 0);
	blob_load_ok(b, p);
	CHECK_EQ(p->header.offset, 0x100);
	tfree(p);
	blob_free(b);
}

TEST(payload_refuses_no_kernel)
{
	struct blob *b = blob_with_modules(0, NULL);

	b->in.blob_size = 0;
	CHECK_PAYLOAD_REFUSED(b, "no kernel");
	blob_free(b);
}

TEST(payload_refuses_mbi_size)
{
	struct blob *b = blob_with_modules(1, NULL);

	b->in.mbi_size = 0;
	CHECK_PAYLOAD_REFUSED(b, "0 bytes");
	b->in.mbi_size = 87;
	CHECK_PAYLOAD_REFUSED(b, "87 bytes");
	b->in.mbi_size = 116;
	CHECK_PAYLOAD_REFUSED(b, "116 bytes");
	blob_free(b);
}

TEST(payload_refuses_no_header)
{
	struct blob_spec s = blob_default_spec();

	s.no_header = true;
	struct blob *b = blob_new(&s);

	CHECK_PAYLOAD_REFUSED(b, "no Multiboot header");
	blob_free(b);
}

TEST(payload_refuses_bad_checksum)
{
	struct blob *b = blob_with_modules(1, NULL);

	blob_put32(b, 8, blob_get32(b, 8) + 1);
	CHECK_PAYLOAD_REFUSED(b, "no Multiboot header with a valid checksum");
	blob_free(b);
}

/* Not 4-byte aligned: not a header. */
TEST(payload_refuses_misaligned_header)
{
	struct blob_spec s = blob_default_spec();

	s.no_header = true;
	struct blob *b = blob_new(&s);

	blob_put32(b, 0x12, MULTIBOOT_HEADER_MAGIC);
	blob_put32(b, 0x16, 0);
	blob_put32(b, 0x1A, -MULTIBOOT_HEADER_MAGIC);
	CHECK_PAYLOAD_REFUSED(b, "no Multiboot header");
	blob_free(b);
}

TEST(payload_refuses_header_beyond_8k)
{
	struct blob_spec s = blob_default_spec();

	s.kernel_size = 0x4000;
	s.header_offset = 8192;
	struct blob *b = blob_new(&s);

	CHECK_PAYLOAD_REFUSED(b, "first 8192 bytes");
	blob_free(b);

	/* Straddling the 8 KiB limit: magic inside, checksum outside. */
	s.header_offset = 8192 - 8;
	b = blob_new(&s);
	CHECK_PAYLOAD_REFUSED(b, "no Multiboot header");
	blob_free(b);
}

TEST(payload_refuses_unknown_required_flag)
{
	struct blob_spec s = blob_default_spec();

	s.header_flags = MULTIBOOT_PAGE_ALIGN | 0x8;  /* bit 3: not defined */
	struct blob *b = blob_new(&s);

	CHECK_PAYLOAD_REFUSED(b, "requires features 0x8");
	blob_free(b);
	s.header_flags = 0x8000;
	b = blob_new(&s);
	CHECK_PAYLOAD_REFUSED(b, "0x8000");
	blob_free(b);
	/* Bits 16-31 are optional: accepted. */
	s.header_flags = 0x00020003;
	b = blob_new(&s);
	struct payload *p = new_payload();
	blob_load_ok(b, p);
	tfree(p);
	blob_free(b);
}

/*
 * Kernels the loader parsed itself (opt/multiboot/kernel, loader/synth.c):
 * header_known gives the header's flags, and the header need not be in the
 * image's first 8 KiB.
 */
TEST(payload_header_known_skips_search)
{
	struct blob_spec s = blob_default_spec();

	s.no_header = true;
	struct blob *b = blob_new(&s);
	struct payload *p = tmalloc(sizeof(*p));
	char why[256];

	b->in.header_known = true;
	b->in.header.flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_AOUT_KLUDGE;
	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	CHECK_EQ(p->header.flags, b->in.header.flags);
	tfree(p);
	blob_free(b);
}

/* The same requirement check as for -kernel: unknown bits 0-15 refused. */
TEST(payload_header_known_unknown_required_flag_refused)
{
	struct blob *b = blob_with_modules(1, NULL);

	b->in.header_known = true;
	b->in.header.flags = MULTIBOOT_PAGE_ALIGN | 0x8;
	CHECK_PAYLOAD_REFUSED(b, "0x8");
	blob_free(b);
}

TEST(payload_refuses_entry_outside_image)
{
	struct blob *b = blob_with_modules(1, NULL);

	b->in.entry = b->addr + b->image_size;  /* the module list, not code */
	CHECK_PAYLOAD_REFUSED(b, "entry");
	b->in.entry = b->addr - 4;
	CHECK_PAYLOAD_REFUSED(b, "entry");
	b->in.entry = 0;
	CHECK_PAYLOAD_REFUSED(b, "outside the kernel image");
	b->in.entry = b->addr + b->image_size - 1;  /* last byte: fine */
	struct payload *p = new_payload();
	char why[256];
	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	tfree(p);
	blob_free(b);
}

TEST(payload_refuses_mods_addr_outside_blob)
{
	struct blob *b = blob_with_modules(1, NULL);

	blob_mbi_put32(b, MBI_MODS_ADDR, b->addr + b->size);
	CHECK_PAYLOAD_REFUSED(b, "module list");
	blob_mbi_put32(b, MBI_MODS_ADDR, b->addr - PAGE_SIZE);
	CHECK_PAYLOAD_REFUSED(b, "module list");
	blob_mbi_put32(b, MBI_MODS_ADDR, 0);
	CHECK_PAYLOAD_REFUSED(b, "module list");
	blob_free(b);
}

TEST(payload_refuses_mods_addr_unaligned)
{
	struct blob_spec s = blob_default_spec();

	s.load_addr = 0x4000B0;
	struct blob *b = blob_new(&s);

	/* Page-aligned absolutely, but not relative to the blob. */
	blob_mbi_put32(b, MBI_MODS_ADDR, 0x407000);
	CHECK_PAYLOAD_REFUSED(b, "page boundary");
	blob_mbi_put32(b, MBI_MODS_ADDR, b->addr + b->list_offset + 16);
	CHECK_PAYLOAD_REFUSED(b, "page boundary");
	blob_free(b);
}

TEST(payload_refuses_no_mods_flag)
{
	struct blob *b = blob_with_modules(1, NULL);

	blob_mbi_put32(b, MBI_FLAGS, QEMU_MBI_FLAGS & ~MULTIBOOT_INFO_MODS);
	CHECK_PAYLOAD_REFUSED(b, "module list");
	blob_free(b);
}

TEST(payload_refuses_huge_mods_count)
{
	struct blob *b = blob_with_modules(2, NULL);

	blob_mbi_put32(b, MBI_MODS_COUNT, PAYLOAD_MAX_MODULES + 1);
	CHECK_PAYLOAD_REFUSED(b, "1025 modules");
	blob_mbi_put32(b, MBI_MODS_COUNT, 0xFFFFFFFF);
	CHECK_PAYLOAD_REFUSED(b, "modules");
	blob_mbi_put32(b, MBI_MODS_COUNT, 0x10000001);  /* * 16 wraps to 16 */
	CHECK_PAYLOAD_REFUSED(b, "modules");
	blob_free(b);
}

/* A count under the limit whose list runs past the end of the blob. */
TEST(payload_refuses_mods_list_past_blob)
{
	struct blob *b = blob_with_modules(0, NULL);

	/* 0x1000 bytes of metadata hold 256 entries; 257 run past the end. */
	blob_mbi_put32(b, MBI_MODS_COUNT, 257);
	CHECK_PAYLOAD_REFUSED(b, "runs past the end");
	blob_mbi_put32(b, MBI_MODS_COUNT, 1024);
	CHECK_PAYLOAD_REFUSED(b, "runs past the end");
	blob_free(b);
}

TEST(payload_refuses_module_past_blob_end)
{
	uint32_t sizes[] = { 0x1000, 0x800 };
	struct blob *b = blob_with_modules(2, sizes);

	blob_set_mod_field(b, 1, 4, b->addr + b->size + 1);
	CHECK_PAYLOAD_REFUSED(b, "module 1");
	blob_set_mod_field(b, 1, 4, 0xFFFFFFFF);
	CHECK_PAYLOAD_REFUSED(b, "not inside the payload");
	/* Starting past the end. */
	blob_set_mod_field(b, 1, 0, b->addr + b->size + 0x1000);
	blob_set_mod_field(b, 1, 4, b->addr + b->size + 0x1000);
	CHECK_PAYLOAD_REFUSED(b, "module 1");
	/* Ending exactly at the end is fine. */
	blob_set_mod_field(b, 1, 0, b->addr + b->mod_offset[1]);
	blob_set_mod_field(b, 1, 4, b->addr + b->size);
	struct payload *p = new_payload();
	char why[256];
	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	CHECK_EQ(p->mods[1].size, b->size - b->mod_offset[1]);
	tfree(p);
	blob_free(b);
}

TEST(payload_refuses_module_end_before_start)
{
	uint32_t sizes[] = { 0x1000, 0x800 };
	struct blob *b = blob_with_modules(2, sizes);

	blob_set_mod_field(b, 0, 4, blob_mod_field(b, 0, 0) - 1);
	CHECK_PAYLOAD_REFUSED(b, "module 0");
	blob_free(b);
}

TEST(payload_refuses_overlapping_modules)
{
	uint32_t sizes[] = { 0x2000, 0x1000 };
	struct blob *b = blob_with_modules(2, sizes);

	/* Module 1 starts inside module 0. */
	blob_set_mod_field(b, 1, 0, blob_mod_field(b, 0, 0) + 0x1000);
	CHECK_PAYLOAD_REFUSED(b, "overlaps");
	blob_free(b);

	/* Module 0 grown into module 1. */
	b = blob_with_modules(2, sizes);
	blob_set_mod_field(b, 0, 4, blob_mod_field(b, 1, 0) + 1);
	CHECK_PAYLOAD_REFUSED(b, "module 1");
	blob_free(b);
}

TEST(payload_refuses_modules_out_of_order)
{
	uint32_t sizes[] = { 0x1000, 0x1000, 0x1000 };
	struct blob *b = blob_with_modules(3, sizes);
	uint32_t s0 = blob_mod_field(b, 0, 0), e0 = blob_mod_field(b, 0, 4);

	blob_set_mod_field(b, 0, 0, blob_mod_field(b, 2, 0));
	blob_set_mod_field(b, 0, 4, blob_mod_field(b, 2, 4));
	blob_set_mod_field(b, 2, 0, s0);
	blob_set_mod_field(b, 2, 4, e0);
	CHECK_PAYLOAD_REFUSED(b, "module 1");
	blob_free(b);
}

TEST(payload_refuses_module_over_metadata)
{
	uint32_t sizes[] = { 0x1000 };
	struct blob *b = blob_with_modules(1, sizes);

	/* Inside the module list. */
	blob_set_mod_field(b, 0, 0, b->addr + b->list_offset + 8);
	CHECK_PAYLOAD_REFUSED(b, "overlaps the metadata");
	/* Inside the kernel image. */
	blob_set_mod_field(b, 0, 0, b->addr + 0x1000);
	CHECK_PAYLOAD_REFUSED(b, "overlaps");
	/* Inside the command lines: the strings after it fall out of the metadata. */
	blob_set_mod_field(b, 0, 0, b->addr + b->cmdlines_offset + 4);
	CHECK_PAYLOAD_REFUSED(b, "metadata");
	blob_free(b);
}

TEST(payload_refuses_cmdline_outside_metadata)
{
	struct blob *b = blob_with_modules(2, NULL);

	/* The kernel command line pointing into the kernel image. */
	blob_mbi_put32(b, MBI_CMDLINE, b->addr + 0x10);
	CHECK_PAYLOAD_REFUSED(b, "kernel command line");
	/* Into a module. */
	blob_mbi_put32(b, MBI_CMDLINE, b->addr + b->mod_offset[0]);
	CHECK_PAYLOAD_REFUSED(b, "kernel command line");
	/* Outside the blob altogether. */
	blob_mbi_put32(b, MBI_CMDLINE, 0x9500);
	CHECK_PAYLOAD_REFUSED(b, "kernel command line");
	blob_mbi_put32(b, MBI_CMDLINE, b->addr + b->kcmdline_offset);

	/* A module's command line. */
	blob_set_mod_field(b, 1, 8, b->addr + b->size);
	CHECK_PAYLOAD_REFUSED(b, "module 1 command line");
	blob_set_mod_field(b, 1, 8, b->addr + b->mod_cmdline_offset[1]);

	/* The boot loader name. */
	blob_mbi_put32(b, MBI_BOOT_LOADER_NAME, b->addr + b->meta_end);
	CHECK_PAYLOAD_REFUSED(b, "boot loader name");
	blob_mbi_put32(b, MBI_BOOT_LOADER_NAME, b->addr + b->loader_name_offset);

	/* Without the flags, the pointers are not looked at. */
	blob_mbi_put32(b, MBI_CMDLINE, 0);
	blob_mbi_put32(b, MBI_BOOT_LOADER_NAME, 0);
	blob_mbi_put32(b, MBI_FLAGS, QEMU_MBI_FLAGS & ~(MULTIBOOT_INFO_CMDLINE |
							 MULTIBOOT_INFO_BOOT_LOADER_NAME));
	struct payload *p = new_payload();
	char why[256];
	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	CHECK(!p->has_cmdline);
	tfree(p);
	blob_free(b);
}

TEST(payload_refuses_string_without_nul)
{
	struct blob *b = blob_with_modules(0, NULL);

	/* Everything from the kernel command line to the end of the metadata. */
	memset(blob_bytes(b, b->kcmdline_offset, b->meta_end - b->kcmdline_offset), 'x',
	       b->meta_end - b->kcmdline_offset);
	CHECK_PAYLOAD_REFUSED(b, "NUL");
	blob_free(b);

	/* Only "qemu" unterminated (the loader name at the very end). */
	b = blob_with_modules(0, NULL);
	memset(blob_bytes(b, b->loader_name_offset, b->meta_end - b->loader_name_offset), 'q',
	       b->meta_end - b->loader_name_offset);
	CHECK_PAYLOAD_REFUSED(b, "boot loader name");
	blob_free(b);

	/* A module's string running into the first module. */
	b = blob_with_modules(1, NULL);
	blob_set_mod_field(b, 0, 8, b->addr + b->meta_end - 3);
	memset(blob_bytes(b, b->meta_end - 3, 3), 'm', 3);
	CHECK_PAYLOAD_REFUSED(b, "NUL");
	blob_free(b);
}

TEST(payload_refuses_blob_past_4gib)
{
	struct blob_spec s = blob_default_spec();

	uint32_t sizes[] = { 0x20000 };

	/* 0x8000 of kernel and metadata, then the module past 4 GiB. */
	s.load_addr = 0xFFFF0000;
	s.entry = 0xFFFF0040;
	s.mod_count = 1;
	s.mod_sizes = sizes;
	struct blob *b = blob_new(&s);

	CHECK((uint64_t)b->addr + b->size > 1ull << 32);
	CHECK_PAYLOAD_REFUSED(b, "4 GiB");
	b->in.blob_addr = 0xFFFFF000;
	b->in.blob_size = 0x2000;
	CHECK_PAYLOAD_REFUSED(b, "4 GiB");
	b->in.blob_size = 0xFFFFFFFF;
	CHECK_PAYLOAD_REFUSED(b, "4 GiB");
	blob_free(b);
}

/* A blob ending exactly at 4 GiB is fine. */
TEST(payload_blob_ending_at_4gib)
{
	struct blob_spec s = blob_default_spec();

	s.load_addr = 0xFFFF8000;
	s.entry = 0xFFFF8040;
	struct blob *b = blob_new(&s);
	struct payload *p = new_payload();

	CHECK_EQ((uint64_t)b->addr + b->size, 1ull << 32);
	blob_load_ok(b, p);
	tfree(p);
	blob_free(b);
}

TEST(payload_refuses_failed_read)
{
	struct blob *b = blob_with_modules(3, NULL);
	struct payload *p = new_payload();
	char why[256];
	int reads;

	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	reads = b->reads;
	CHECK(reads >= 2);
	/* Every read failing in turn: each a refusal with a reason. */
	for (int n = 1; n <= reads; n++) {
		b->fail_read = n;
		CHECK_PAYLOAD_REFUSED(b, "cannot read");
	}
	tfree(p);
	blob_free(b);
}

/* A tiny reason buffer: truncated, terminated, no overflow. */
TEST(payload_reason_truncated)
{
	struct blob *b = blob_with_modules(0, NULL);
	struct payload *p = new_payload();
	char why[9];

	memset(why, 'Z', sizeof(why));
	b->in.blob_size = 0;
	CHECK_EQ(payload_load(p, &b->in, &b->src, b->meta_buffer, why, 8), -1);
	CHECK_EQ(strlen(why), 7);
	CHECK_EQ(why[8], 'Z');
	tfree(p);
	blob_free(b);
}
