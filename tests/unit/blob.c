// SPDX-License-Identifier: BSD-2-Clause
#include "blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "loader/bytes.h"

#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
/* The byte module i holds at offset o (never read by the loader's checks). */
#define MODULE_BYTE(i, o) ((uint8_t)(0xA0 + (i) * 7 + (o)))

struct blob_spec blob_default_spec(void)
{
	return (struct blob_spec){
		.load_addr = 0x100000,
		.kernel_size = 0x7000,
		.header_offset = 0,
		.header_flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO,
	};
}

static int blob_read(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct blob *b = ctx;
	uint8_t *out = dest;

	b->reads++;
	if ((uint64_t)offset + len > b->size) {
		b->read_out_of_bounds = true;
		return -1;
	}
	if (b->fail_read && b->reads == b->fail_read)
		return -1;
	for (uint32_t i = 0; i < len; i++) {
		uint32_t o = offset + i;

		out[i] = 0;
		if (o < b->head_end)
			out[i] = b->head[o];
		else if (o < b->list_offset)
			continue;  /* the rest of the image: bss */
		else if (o < b->meta_end)
			out[i] = b->meta[o - b->list_offset];
		else for (uint32_t m = 0; m < b->mod_count; m++)
			if (o >= b->mod_offset[m] && o < b->mod_offset[m] + b->mod_size[m])
				out[i] = MODULE_BYTE(m, o - b->mod_offset[m]);
	}
	return 0;
}

struct blob *blob_new(const struct blob_spec *spec)
{
	struct blob *b = tcalloc(1, sizeof(*b));
	uint32_t cmdline_len, size, offset;
	const char *kpath, *append;

	CHECK(b);
	CHECK(spec->mod_count <= BLOB_MAX_MODS);
	b->spec = *spec;
	b->addr = spec->load_addr;
	kpath = spec->kernel_path ? spec->kernel_path : "/boot/kernel.elf";
	append = spec->append ? spec->append : "console=ttyS0 quiet";
	b->mod_count = spec->mod_count;
	for (uint32_t i = 0; i < b->mod_count; i++) {
		if (spec->mod_args)
			snprintf(b->mod_arg[i], sizeof(b->mod_arg[i]), "%s", spec->mod_args[i]);
		else
			snprintf(b->mod_arg[i], sizeof(b->mod_arg[i]), "/boot/mod%u.bin arg%u", i, i);
		b->mod_size[i] = spec->mod_sizes ? spec->mod_sizes[i] : 0x1234 + i;
	}
	snprintf(b->kcmdline, sizeof(b->kcmdline), "%s %s", kpath, append);

	/* mbs.mb_buf_size = TARGET_PAGE_ALIGN(mb_kernel_size) */
	b->image_size = PAGE_ALIGN(spec->kernel_size);
	b->list_offset = b->image_size;
	/* cmdline_len: kernel path + append, plus the whole -initrd string. */
	cmdline_len = (uint32_t)strlen(kpath) + 1 + (uint32_t)strlen(append) + 1;
	for (uint32_t i = 0; i < b->mod_count; i++)
		cmdline_len += (uint32_t)strlen(b->mod_arg[i]) + 1;
	size = b->image_size + cmdline_len + 16 * b->mod_count + (uint32_t)strlen("qemu") + 1;
	size = PAGE_ALIGN(size);
	b->meta_end = size;
	b->cmdlines_offset = b->list_offset + 16 * b->mod_count;
	b->loader_name_offset = b->cmdlines_offset + cmdline_len;

	b->head_end = b->image_size < 0x10000 ? b->image_size : 0x10000;
	b->head = tcalloc(1, b->head_end);
	b->meta = tcalloc(1, b->meta_end - b->list_offset);
	memset(b->head, 0x90, spec->kernel_size < b->head_end ? spec->kernel_size : b->head_end);
	if (!spec->no_header) {
		uint8_t *h = blob_bytes(b, spec->header_offset, 48);

		put_le32(h, MULTIBOOT_HEADER_MAGIC);
		put_le32(h + 4, spec->header_flags);
		put_le32(h + 8, -(MULTIBOOT_HEADER_MAGIC + spec->header_flags));
		if (spec->header_flags & MULTIBOOT_AOUT_KLUDGE) {
			put_le32(h + 12, spec->load_addr + spec->header_offset);
			put_le32(h + 16, spec->load_addr);
			put_le32(h + 20, spec->load_addr + spec->kernel_size);
			put_le32(h + 24, spec->load_addr + spec->kernel_size);
			put_le32(h + 28, spec->entry ? spec->entry : spec->load_addr + 0x40);
		}
	}

	/* Modules, each at the page-aligned end of what came before. */
	offset = b->cmdlines_offset;
	for (uint32_t i = 0; i < b->mod_count; i++) {
		uint32_t len = (uint32_t)strlen(b->mod_arg[i]) + 1;

		memcpy(blob_bytes(b, offset, len), b->mod_arg[i], len);
		b->mod_cmdline_offset[i] = offset;
		offset += len;
		b->mod_offset[i] = size;
		blob_set_mod_field(b, i, 0, b->addr + size);
		blob_set_mod_field(b, i, 4, b->addr + size + b->mod_size[i]);
		blob_set_mod_field(b, i, 8, b->addr + b->mod_cmdline_offset[i]);
		CHECK((uint64_t)size + b->mod_size[i] + PAGE_SIZE <= UINT32_MAX);
		size = PAGE_ALIGN(size + b->mod_size[i]);
	}
	b->kcmdline_offset = offset;
	memcpy(blob_bytes(b, offset, (uint32_t)strlen(b->kcmdline) + 1), b->kcmdline,
	       strlen(b->kcmdline) + 1);
	CHECK(offset + strlen(b->kcmdline) + 1 == b->loader_name_offset);
	memcpy(blob_bytes(b, b->loader_name_offset, 5), "qemu", 5);
	b->size = size;
	b->entry = spec->entry ? spec->entry : spec->load_addr + 0x40;

	put_le32(b->mbi + MBI_CMDLINE, b->addr + b->kcmdline_offset);
	put_le32(b->mbi + MBI_BOOT_LOADER_NAME, b->addr + b->loader_name_offset);
	put_le32(b->mbi + MBI_MODS_ADDR, b->addr + b->list_offset);
	put_le32(b->mbi + MBI_MODS_COUNT, b->mod_count);
	put_le32(b->mbi + MBI_FLAGS, QEMU_MBI_FLAGS);
	put_le32(b->mbi + MBI_BOOT_DEVICE, QEMU_BOOT_DEVICE);
	put_le32(b->mbi + MBI_MMAP_ADDR, QEMU_MMAP_ADDR);

	b->in = (struct payload_input){
		.blob_addr = b->addr,
		.blob_size = b->size,
		.entry = b->entry,
		.mbi_addr = QEMU_MBI_ADDR,
		.mbi_size = PAYLOAD_MBI_SIZE,
		.mbi = b->mbi,
	};
	b->src = (struct blob_source){ blob_read, b };
	b->meta_buffer = tmalloc(PAYLOAD_MAX_META);
	CHECK(b->meta_buffer);
	return b;
}

void blob_free(struct blob *b)
{
	if (!b)
		return;
	tfree(b->head);
	tfree(b->meta);
	tfree(b->meta_buffer);
	tfree(b);
}

uint8_t *blob_bytes(const struct blob *b, uint32_t offset, uint32_t len)
{
	uint64_t end = (uint64_t)offset + len;

	if (end <= b->head_end)
		return b->head + offset;
	if (offset >= b->list_offset && end <= b->meta_end)
		return b->meta + (offset - b->list_offset);
	check_fail(__FILE__, __LINE__, "blob bytes 0x%x+0x%x are stored", offset, len);
}

uint32_t blob_get32(const struct blob *b, uint32_t offset)
{
	return get_le32(blob_bytes(b, offset, 4));
}

void blob_put32(struct blob *b, uint32_t offset, uint32_t value)
{
	put_le32(blob_bytes(b, offset, 4), value);
}

uint32_t blob_mbi_get32(const struct blob *b, unsigned field)
{
	return get_le32(b->mbi + field);
}

void blob_mbi_put32(struct blob *b, unsigned field, uint32_t value)
{
	put_le32(b->mbi + field, value);
}

uint32_t blob_abs(const struct blob *b, uint32_t offset)
{
	return b->addr + offset;
}

uint32_t blob_mod_field(const struct blob *b, uint32_t i, unsigned field)
{
	return blob_get32(b, b->list_offset + 16 * i + field);
}

void blob_set_mod_field(struct blob *b, uint32_t i, unsigned field, uint32_t value)
{
	blob_put32(b, b->list_offset + 16 * i + field, value);
}

int blob_load(struct blob *b, struct payload *p, char *why, size_t why_size)
{
	int rc;

	why[0] = '\0';
	b->reads = 0;
	b->read_out_of_bounds = false;
	rc = payload_load(p, &b->in, &b->src, b->meta_buffer, why, why_size);
	CHECK(!b->read_out_of_bounds);
	return rc;
}

void blob_load_ok(struct blob *b, struct payload *p)
{
	char why[256];

	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	CHECK_EQ(p->blob_addr, b->addr);
	CHECK_EQ(p->blob_size, b->size);
	CHECK_EQ(p->entry, b->entry);
	CHECK_EQ(p->image_size, b->image_size);
	CHECK_EQ(p->header.offset, b->spec.header_offset);
	CHECK_EQ(p->header.flags, b->spec.header_flags);
	CHECK_EQ(p->meta_offset, b->list_offset);
	CHECK_EQ(p->meta_size, b->meta_end - b->list_offset);
	CHECK(p->meta == b->meta_buffer);
	CHECK_EQ(p->mbi_addr, QEMU_MBI_ADDR);
	CHECK_EQ(p->mbi.flags, QEMU_MBI_FLAGS);
	CHECK_EQ(p->mbi.boot_device, QEMU_BOOT_DEVICE);
	CHECK_EQ(p->mbi.mmap_addr, QEMU_MMAP_ADDR);
	CHECK_EQ(p->mbi.mods_addr, b->addr + b->list_offset);
	CHECK(p->has_cmdline);
	CHECK_STR(payload_string(p, p->cmdline), b->kcmdline);
	CHECK_EQ(p->mod_count, b->mod_count);
	for (uint32_t i = 0; i < b->mod_count; i++) {
		CHECK_EQ(p->mods[i].offset, b->mod_offset[i]);
		CHECK_EQ(p->mods[i].size, b->mod_size[i]);
		CHECK_EQ(p->mods[i].cmdline, b->mod_cmdline_offset[i] - b->list_offset);
		CHECK_STR(payload_string(p, p->mods[i].cmdline), b->mod_arg[i]);
	}
	/* The metadata read is the blob's, byte for byte. */
	CHECK(!memcmp(p->meta, b->meta, p->meta_size));
}
