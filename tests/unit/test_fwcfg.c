// SPDX-License-Identifier: BSD-2-Clause
/* fwcfg/dma.c and fwcfg/filedir.c: DMA descriptors, status, file directory. */
#include <stdlib.h>

#include "check.h"
#include "fwcfg/fwcfg.h"

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

TEST(fwcfg_dma_encode)
{
	struct fw_cfg_dma_access a;
	uint8_t bytes[16];
	static const uint8_t expect[16] = {
		0x00, 0x11, 0x00, 0x0A,              /* select 0x11 << 16 | SELECT | READ */
		0x07, 0x27, 0x80, 0x00,              /* length 0x07278000 */
		0x00, 0x00, 0x00, 0x01, 0x3D, 0xEC, 0x40, 0x00,  /* address */
	};

	CHECK_EQ(sizeof(a), 16);
	memset(&a, 0xCC, sizeof(a));
	fwcfg_dma_encode(&a, FW_CFG_KERNEL_DATA, FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
			 0x07278000, 0x13DEC4000ull);
	memcpy(bytes, &a, sizeof(bytes));
	CHECK(!memcmp(bytes, expect, sizeof(bytes)));

	/* The select sits in the top 16 bits, the control bits below. */
	fwcfg_dma_encode(&a, 0xFFFF, FW_CFG_DMA_CTL_SKIP, 0, 0);
	memcpy(bytes, &a, sizeof(bytes));
	CHECK_EQ(bytes[0], 0xFF);
	CHECK_EQ(bytes[1], 0xFF);
	CHECK_EQ(bytes[2], 0x00);
	CHECK_EQ(bytes[3], 0x04);
	for (int i = 4; i < 16; i++)
		CHECK_EQ(bytes[i], 0);

	/* Select 0 (no SELECT bit): only control. */
	fwcfg_dma_encode(&a, 0, FW_CFG_DMA_CTL_READ, 1, 0xFFFFFFFFFFFFFFFFull);
	memcpy(bytes, &a, sizeof(bytes));
	CHECK_EQ(bytes[3], 0x02);
	CHECK_EQ(bytes[7], 0x01);
	for (int i = 8; i < 16; i++)
		CHECK_EQ(bytes[i], 0xFF);
}

TEST(fwcfg_dma_status)
{
	uint8_t be[4];
	uint32_t v;

#define STATUS_OF(host) (put_be32(be, (host)), memcpy(&v, be, 4), fwcfg_dma_status(v))
	CHECK_EQ(STATUS_OF(0), 0);                                  /* done */
	CHECK_EQ(STATUS_OF(FW_CFG_DMA_CTL_READ), 1);                /* running */
	CHECK_EQ(STATUS_OF(FW_CFG_DMA_CTL_SKIP), 1);
	CHECK_EQ(STATUS_OF(0x00110000 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ), 1);
	CHECK_EQ(STATUS_OF(FW_CFG_DMA_CTL_ERROR), -1);              /* error */
	CHECK_EQ(STATUS_OF(FW_CFG_DMA_CTL_ERROR | FW_CFG_DMA_CTL_READ), -1);
	CHECK_EQ(STATUS_OF(0x00110000 | FW_CFG_DMA_CTL_ERROR), -1);
#undef STATUS_OF
}

/* A file directory: big-endian count, then 64-byte entries. */
struct dir_entry {
	const char *name;
	uint16_t select;
	uint32_t size;
};

static uint8_t *make_dir(const struct dir_entry *e, uint32_t count, size_t *size)
{
	size_t n = 4 + (size_t)count * sizeof(struct fw_cfg_file);
	uint8_t *d = tcalloc(1, n);

	CHECK(d);
	CHECK_EQ(sizeof(struct fw_cfg_file), 64);
	put_be32(d, count);
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *f = d + 4 + 64 * i;

		put_be32(f, e[i].size);
		f[4] = (uint8_t)(e[i].select >> 8);
		f[5] = (uint8_t)e[i].select;
		strncpy((char *)f + 8, e[i].name, FW_CFG_MAX_FILE_PATH);
	}
	*size = n;
	return d;
}

static const struct dir_entry qemu_dir[] = {
	{ "bootorder", 0x0020, 0x0 },
	{ "etc/acpi/rsdp", 0x0021, 0x24 },
	{ "etc/acpi/tables", 0x0022, 0x20000 },
	{ "etc/boot-fail-wait", 0x0023, 4 },
	{ "etc/e820", 0x0024, 0x50 },
	{ "genroms/multiboot_dma.bin", 0x0025, 0x400 },
};

TEST(fwcfg_dir_found)
{
	size_t size;
	uint8_t *d = make_dir(qemu_dir, 6, &size);
	struct fwcfg_file_info info = { 0, 0 };

	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e820", &info), FWCFG_FOUND);
	CHECK_EQ(info.select, 0x0024);
	CHECK_EQ(info.size, 0x50);
	CHECK_EQ(fwcfg_dir_find(d, size, "bootorder", &info), FWCFG_FOUND);
	CHECK_EQ(info.select, 0x0020);
	CHECK_EQ(info.size, 0);
	/* The last entry, which ends exactly at the end of the buffer. */
	CHECK_EQ(fwcfg_dir_find(d, size, "genroms/multiboot_dma.bin", &info), FWCFG_FOUND);
	CHECK_EQ(info.select, 0x0025);
	CHECK_EQ(info.size, 0x400);
	tfree(d);
}

TEST(fwcfg_dir_absent)
{
	size_t size;
	uint8_t *d = make_dir(qemu_dir, 6, &size);
	struct fwcfg_file_info info = { 0x1234, 0x5678 };

	CHECK_EQ(fwcfg_dir_find(d, size, "etc/ramfb", &info), FWCFG_ABSENT);
	/* Prefixes and extensions of a name are other names. */
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/acpi", &info), FWCFG_ABSENT);
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e8200", &info), FWCFG_ABSENT);
	CHECK_EQ(fwcfg_dir_find(d, size, "", &info), FWCFG_ABSENT);
	CHECK_EQ(info.select, 0x1234);
	CHECK_EQ(info.size, 0x5678);
	tfree(d);
}

TEST(fwcfg_dir_name_without_nul)
{
	char name[FW_CFG_MAX_FILE_PATH + 1];
	struct dir_entry e[2];
	size_t size;
	uint8_t *d;
	struct fwcfg_file_info info;

	memset(name, 'a', FW_CFG_MAX_FILE_PATH);
	name[FW_CFG_MAX_FILE_PATH] = '\0';
	e[0] = (struct dir_entry){ name, 0x30, 8 };  /* 56 bytes, no NUL */
	e[1] = (struct dir_entry){ "etc/e820", 0x31, 0x50 };
	d = make_dir(e, 2, &size);
	CHECK_EQ(d[4 + 8 + 55], 'a');
	/* The 56 characters, and longer names starting with them: no match. */
	CHECK_EQ(fwcfg_dir_find(d, size, name, &info), FWCFG_ABSENT);
	CHECK_EQ(fwcfg_dir_find(d, size, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				&info), FWCFG_ABSENT);
	/* The entry after it is still found. */
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e820", &info), FWCFG_FOUND);
	CHECK_EQ(info.select, 0x31);
	/* A 55-character name with its NUL in the last byte does match. */
	name[FW_CFG_MAX_FILE_PATH - 1] = '\0';
	e[0].name = name;
	tfree(d);
	d = make_dir(e, 1, &size);
	CHECK_EQ(fwcfg_dir_find(d, size, name, &info), FWCFG_FOUND);
	CHECK_EQ(info.select, 0x30);
	tfree(d);
}

TEST(fwcfg_dir_count_too_large)
{
	size_t size;
	uint8_t *d = make_dir(qemu_dir, 6, &size);
	struct fwcfg_file_info info;

	put_be32(d, 7);
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e820", &info), FWCFG_UNREADABLE);
	put_be32(d, 0xFFFFFFFF);
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e820", &info), FWCFG_UNREADABLE);
	put_be32(d, 0x01000000);  /* count read little-endian would be 1 */
	CHECK_EQ(fwcfg_dir_find(d, size, "bootorder", &info), FWCFG_UNREADABLE);
	/* A truncated last entry. */
	put_be32(d, 6);
	CHECK_EQ(fwcfg_dir_find(d, size - 1, "bootorder", &info), FWCFG_UNREADABLE);
	/* Fewer entries than the buffer holds is fine. */
	put_be32(d, 2);
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/acpi/rsdp", &info), FWCFG_FOUND);
	CHECK_EQ(fwcfg_dir_find(d, size, "etc/e820", &info), FWCFG_ABSENT);
	tfree(d);
}

TEST(fwcfg_dir_empty)
{
	uint8_t d[4] = { 0, 0, 0, 0 };
	struct fwcfg_file_info info;

	CHECK_EQ(fwcfg_dir_find(d, sizeof(d), "etc/e820", &info), FWCFG_ABSENT);
	CHECK_EQ(fwcfg_dir_find(d, sizeof(d), "", &info), FWCFG_ABSENT);
}

TEST(fwcfg_dir_too_small)
{
	uint8_t d[4] = { 0, 0, 0, 0 };
	struct fwcfg_file_info info;

	for (size_t n = 0; n < 4; n++)
		CHECK_EQ(fwcfg_dir_find(d, n, "etc/e820", &info), FWCFG_UNREADABLE);
}
