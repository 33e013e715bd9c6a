// SPDX-License-Identifier: BSD-2-Clause
#include "fwcfg_dir.h"

#include "firmware.h"

/* Far more than QEMU's FW_CFG_FILE_SLOTS default. */
#define MAX_FILES 4096

static void *directory;
static uint32_t directory_size;

static int read_directory(struct fwcfg *fw)
{
	uint8_t count_be[4];

	if (directory)
		return 0;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, sizeof(count_be), 0, count_be, sizeof(count_be)))
		return -1;
	uint32_t count = (uint32_t)count_be[0] << 24 | count_be[1] << 16 |
			 count_be[2] << 8 | count_be[3];
	if (count > MAX_FILES)
		return -1;
	uint32_t size = sizeof(count_be) + count * sizeof(struct fw_cfg_file);

	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, size, &directory)))
		return -1;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, size, 0, directory, size)) {
		fwcfg_dir_release();
		return -1;
	}
	directory_size = size;
	return 0;
}

int fwcfg_dir_lookup(struct fwcfg *fw, const char *name, struct fwcfg_file_info *info)
{
	if (read_directory(fw))
		return -1;
	return fwcfg_dir_find(directory, directory_size, name, info);
}

int fwcfg_dir_read_string(struct fwcfg *fw, const char *name, char *out, size_t size)
{
	struct fwcfg_file_info info;
	int found = fwcfg_dir_lookup(fw, name, &info);

	if (found)
		return found > 0 ? 0 : -1;
	if (info.size >= size || fwcfg_read(fw, info.select, info.size, 0, out, info.size))
		return -1;
	out[info.size] = '\0';
	return 1;
}

void fwcfg_dir_release(void)
{
	if (directory)
		boot_services->FreePool(directory);
	directory = NULL;
	directory_size = 0;
}
