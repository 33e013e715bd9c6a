// SPDX-License-Identifier: BSD-2-Clause
/* The device's file directory, read once and kept, and files found by name. */
#include "fwcfg.h"

/* Far more than QEMU's FW_CFG_FILE_SLOTS default. */
#define MAX_FILES 4096

static int read_directory(struct fwcfg *fw)
{
	uint8_t count_be[4];

	if (fw->dir)
		return 0;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, sizeof(count_be), 0, count_be, sizeof(count_be)))
		return -1;
	uint32_t count = (uint32_t)count_be[0] << 24 | count_be[1] << 16 |
			 count_be[2] << 8 | count_be[3];
	if (count > MAX_FILES)
		return -1;
	uint32_t size = sizeof(count_be) + count * sizeof(struct fw_cfg_file);

	fw->dir = fw->allocator->alloc(size);
	if (!fw->dir)
		return -1;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, size, 0, fw->dir, size)) {
		fwcfg_release(fw);
		return -1;
	}
	fw->dir_size = size;
	return 0;
}

enum fwcfg_found fwcfg_file_lookup(struct fwcfg *fw, const char *name,
				   struct fwcfg_file_info *info)
{
	if (read_directory(fw))
		return FWCFG_UNREADABLE;
	return fwcfg_dir_find(fw->dir, fw->dir_size, name, info);
}

enum fwcfg_found fwcfg_file_read_string(struct fwcfg *fw, const char *name, char *out,
					size_t size)
{
	struct fwcfg_file_info info;
	enum fwcfg_found found = fwcfg_file_lookup(fw, name, &info);

	if (found != FWCFG_FOUND)
		return found;
	if (info.size >= size || fwcfg_read(fw, info.select, info.size, 0, out, info.size))
		return FWCFG_UNREADABLE;
	out[info.size] = '\0';
	return FWCFG_FOUND;
}

void fwcfg_release(struct fwcfg *fw)
{
	if (fw->dir)
		fw->allocator->free(fw->dir);
	fw->dir = NULL;
	fw->dir_size = 0;
}
