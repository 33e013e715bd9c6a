// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for fwcfg_dir_find (fwcfg/filedir.c).
 *
 * Input: [mode][name_len][name bytes][directory bytes...]
 *   mode bit 0: look up the name of an existing entry (index from the next
 *               byte) instead of the input's name, so that lookups hit;
 *               bit 1: with bit 0, change that name's last character or
 *               length by one (near misses)
 *   mode bit 2: set the directory's big-endian count from the next byte as
 *               a small delta around the number of whole entries given
 * The directory is copied to a heap block of exactly its size (ASan sees
 * any read past it) and the name to a heap string of exactly its length.
 * The result is compared with a reference lookup: the same return value,
 * and on a hit the select and size of the first matching entry, which must
 * lie inside the directory.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fwcfg/fwcfg.h"

#include "fuzz_common.h"

#define ENTRY_SIZE sizeof(struct fw_cfg_file)

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The reference: the first entry whose NUL-terminated name equals name. */
FUZZ_REFERENCE static enum fwcfg_found ref_find(const uint8_t *dir, size_t size, const char *name,
						size_t *index)
{
	size_t len = strlen(name);

	if (size < 4)
		return FWCFG_UNREADABLE;
	uint64_t count = be32(dir);

	if (count * ENTRY_SIZE > size - 4)
		return FWCFG_UNREADABLE;
	if (len >= FW_CFG_MAX_FILE_PATH)
		return FWCFG_ABSENT;
	for (size_t i = 0; i < count; i++) {
		const uint8_t *e = dir + 4 + i * ENTRY_SIZE + 8;

		if (!memcmp(e, name, len) && e[len] == 0) {
			*index = i;
			return FWCFG_FOUND;
		}
	}
	return FWCFG_ABSENT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t mode = get8(&c);
	uint8_t name_len = get8(&c);
	uint8_t pick = 0, tweak = 0, delta = 0;

	if (mode & 1)
		pick = get8(&c);
	if (mode & 2)
		tweak = get8(&c);
	if (mode & 4)
		delta = get8(&c);
	if (name_len > c.n)
		name_len = (uint8_t)c.n;
	char *name = malloc((size_t)name_len + 1 + FW_CFG_MAX_FILE_PATH + 2);

	FUZZ_CHECK(name, "malloc");
	memcpy(name, c.p, name_len);
	name[name_len] = 0;
	c.p += name_len;
	c.n -= name_len;

	size_t dir_size = c.n;
	uint8_t *dir = malloc(dir_size ? dir_size : 1);

	FUZZ_CHECK(dir, "malloc");
	memcpy(dir, c.p, dir_size);
	size_t whole = dir_size >= 4 ? (dir_size - 4) / ENTRY_SIZE : 0;

	if ((mode & 4) && dir_size >= 4) {
		uint32_t count = (uint32_t)(whole + (int8_t)delta % 3);

		dir[0] = (uint8_t)(count >> 24);
		dir[1] = (uint8_t)(count >> 16);
		dir[2] = (uint8_t)(count >> 8);
		dir[3] = (uint8_t)count;
	}
	if ((mode & 1) && whole) {
		const uint8_t *e = dir + 4 + (pick % whole) * ENTRY_SIZE + 8;
		size_t len = strnlen((const char *)e, FW_CFG_MAX_FILE_PATH);

		memcpy(name, e, len);
		name[len] = 0;
		if (mode & 2) {
			switch (tweak % 3) {
			case 0:  /* one character longer */
				name[len] = (char)(tweak | 1);
				name[len + 1] = 0;
				break;
			case 1:  /* one shorter */
				if (len)
					name[len - 1] = 0;
				break;
			default:  /* the last character differs */
				if (len)
					name[len - 1] ^= (char)((tweak >> 2) | 1);
				break;
			}
		}
	}
	/* Exactly the string's size: ASan sees a read past its NUL. */
	size_t name_size = strlen(name) + 1;
	char *exact = malloc(name_size);

	FUZZ_CHECK(exact, "malloc");
	memcpy(exact, name, name_size);

	struct fwcfg_file_info info = { 0xdead, 0xdeadbeef };
	size_t index = 0;
	enum fwcfg_found rc = fwcfg_dir_find(dir, dir_size, exact, &info);
	enum fwcfg_found want = ref_find(dir, dir_size, exact, &index);

	FUZZ_LOG("\"%s\" in %zu bytes: %d (select 0x%x size 0x%x)\n", exact, dir_size, rc,
		 info.select, info.size);
	FUZZ_CHECK(rc == want, "fwcfg_dir_find returned %d, reference %d (size %zu, name \"%s\")",
		   rc, want, dir_size, exact);
	if (rc == FWCFG_FOUND) {
		const uint8_t *e = dir + 4 + index * ENTRY_SIZE;

		FUZZ_CHECK(4 + (index + 1) * ENTRY_SIZE <= dir_size, "entry %zu outside", index);
		FUZZ_CHECK(info.size == be32(e) && info.select == (e[4] << 8 | e[5]),
			   "entry %zu: select 0x%x size 0x%x, found select 0x%x size 0x%x",
			   index, e[4] << 8 | e[5], be32(e), info.select, info.size);
	} else {
		FUZZ_CHECK(info.select == 0xdead && info.size == 0xdeadbeef,
			   "info written on a miss");
	}
	free(exact);
	free(dir);
	free(name);
	return 0;
}
