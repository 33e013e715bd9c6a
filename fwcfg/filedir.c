// SPDX-License-Identifier: BSD-2-Clause
#include "fwcfg.h"

static bool name_equals(const char *entry, const char *name)
{
	for (size_t i = 0; i < FW_CFG_MAX_FILE_PATH; i++) {
		if (entry[i] != name[i])
			return false;
		if (!entry[i])
			return true;
	}
	/* An entry without NUL matches nothing. */
	return false;
}

enum fwcfg_found fwcfg_dir_find(const void *dir, size_t dir_size, const char *name,
				struct fwcfg_file_info *info)
{
	const uint8_t *p = dir;
	uint32_t count;

	if (dir_size < sizeof(count))
		return FWCFG_UNREADABLE;
	count = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	if (count > (dir_size - sizeof(count)) / sizeof(struct fw_cfg_file))
		return FWCFG_UNREADABLE;
	for (uint32_t i = 0; i < count; i++) {
		const struct fw_cfg_file *f =
			(const void *)(p + sizeof(count) + i * sizeof(*f));

		if (name_equals(f->name, name)) {
			info->select = __builtin_bswap16(f->select);
			info->size = __builtin_bswap32(f->size);
			return FWCFG_FOUND;
		}
	}
	return FWCFG_ABSENT;
}
