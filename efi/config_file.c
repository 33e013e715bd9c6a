// SPDX-License-Identifier: BSD-2-Clause
#include "config_file.h"

#include "../loader/bytes.h"
#include "../loader/config.h"
#include "../loader/fmt.h"
#include "cmdline.h"
#include "console.h"
#include "esp_files.h"
#include "firmware.h"
#include "menu.h"
#include "source.h"
#include "status.h"

/* Paths as esp_open takes them: at most this long, with the NUL. */
#define PATH_SIZE 256
/* A reason before the file and line go in front of it. */
#define REASON_SIZE 192
/* A device path node's header: type, subtype, 16-bit length. */
#define NODE_HEADER_SIZE 4

bool config_file_wanted(struct fwcfg *fw, const struct options *opt)
{
	struct fwcfg_file_info info;

	if (opt->file_count || opt->help || opt->version)
		return false;
	if (!fw)
		return true;
	if (fwcfg_read_u32(fw, FW_CFG_KERNEL_SIZE))
		return false;
	/* An unreadable directory: the fw_cfg path says so. */
	return fwcfg_file_lookup(fw, SOURCE_FWCFG_KERNEL, &info) == FWCFG_ABSENT;
}

/*
 * The directory of the app's own file, with a trailing '\': its loaded
 * image's file path nodes, joined (firmware may split a path over several).
 */
static EFI_STATUS own_directory(EFI_HANDLE image, char *path, size_t size, char *why,
				size_t why_size)
{
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *loaded;
	EFI_DEVICE_PATH_PROTOCOL *node;
	size_t n = 0, dir = 0;
	EFI_STATUS status;

	status = boot_services->HandleProtocol(image, &loaded_guid, (void **)&loaded);
	if (EFI_ERROR(status))
		return efi_fail(why, why_size, status, "cannot find this app's loaded image (%s)",
				efi_status_name(status));
	for (node = loaded->FilePath; node && !IsDevicePathEnd(node) &&
	     DevicePathNodeLength(node) >= NODE_HEADER_SIZE; node = NextDevicePathNode(node)) {
		const CHAR16 *name = ((FILEPATH_DEVICE_PATH *)node)->PathName;
		size_t chars = (DevicePathNodeLength(node) - NODE_HEADER_SIZE) / sizeof(CHAR16);

		if (DevicePathType(node) != MEDIA_DEVICE_PATH ||
		    DevicePathSubType(node) != MEDIA_FILEPATH_DP)
			continue;
		if (n && path[n - 1] != '\\' && chars && name[0] && name[0] != '\\')
			path[n++] = '\\';
		for (size_t i = 0; i < chars && name[i]; i++) {
			if (name[i] < ' ' || name[i] > '~')
				return efi_fail(why, why_size, EFI_UNSUPPORTED,
						"this app's path is not ASCII: no %s is read beside it",
						CONFIG_FILE_NAME);
			/* Room for the separator and the file's name, too. */
			if (n + 1 + sizeof(CONFIG_FILE_NAME) >= size)
				return efi_fail(why, why_size, EFI_UNSUPPORTED,
						"this app's path is too long to read %s beside it",
						CONFIG_FILE_NAME);
			path[n++] = name[i] == '/' ? '\\' : (char)name[i];
		}
	}
	if (!n)
		return efi_fail(why, why_size, EFI_NOT_FOUND,
				"this app was not loaded from a file: no %s beside it",
				CONFIG_FILE_NAME);
	for (size_t i = 0; i < n; i++)
		if (path[i] == '\\')
			dir = i + 1;
	/* A path without a directory is in the root. */
	if (!dir)
		path[dir++] = '\\';
	path[dir] = '\0';
	return EFI_SUCCESS;
}

EFI_STATUS config_file_read(EFI_HANDLE image, char *buf, size_t size, size_t *len, char *path,
			    size_t path_size, char *why, size_t why_size)
{
	EFI_FILE_PROTOCOL *root, *file;
	uint64_t file_size;
	EFI_STATUS status = own_directory(image, path, path_size, why, why_size);
	size_t dir_len;

	if (EFI_ERROR(status))
		return status;
	dir_len = string_size(path) - 1;
	fmt_snprintf(path + dir_len, path_size - dir_len, "%s", CONFIG_FILE_NAME);
	/* An app not on a file system has no file beside it. */
	status = esp_open_root(image, &root);
	if (EFI_ERROR(status))
		return efi_fail(why, why_size, EFI_NOT_FOUND, "no file system to read %s from (%s)",
				path, efi_status_name(status));
	status = esp_open(root, path, &file, &file_size);
	if (status == EFI_NOT_FOUND) {
		fmt_snprintf(why, why_size, "no %s", path);
	} else if (EFI_ERROR(status)) {
		fmt_snprintf(why, why_size, "cannot open %s (%s)", path, efi_status_name(status));
	} else {
		if (file_size > size) {
			fmt_snprintf(why, why_size,
				     "%s: %llu bytes, more than the %u a configuration file may have",
				     path, (unsigned long long)file_size, (unsigned)size);
			status = EFI_LOAD_ERROR;
		} else if (esp_read(file, 0, buf, (uint32_t)file_size)) {
			fmt_snprintf(why, why_size, "cannot read %s", path);
			status = EFI_DEVICE_ERROR;
		}
		*len = (size_t)file_size;
		file->Close(file);
	}
	root->Close(root);
	return status;
}

/*
 * Every file the entry names opens, as the boot will open it: else the
 * reason names the line naming it and the file system's status, and the
 * status is EFI_LOAD_ERROR (EFI_NOT_FOUND would say there is no
 * multiboot.cfg). The command line and file list are then scratch space
 * to find that line.
 */
static EFI_STATUS check_files(EFI_HANDLE image, const struct config *c, unsigned index,
			      const struct options *opt, char *cmdline, char *files, size_t size,
			      char *why, size_t why_size)
{
	EFI_FILE_PROTOCOL *root, *file;
	uint64_t file_size;
	EFI_STATUS status = esp_open_root(image, &root);

	if (EFI_ERROR(status))
		return efi_fail(why, why_size, EFI_LOAD_ERROR,
				"cannot open the file system this app was loaded from (%s)",
				efi_status_name(status));
	for (unsigned f = 0; f < opt->file_count; f++) {
		const char *cmd, *path = options_file(opt, f, &cmd);
		char reason[REASON_SIZE];

		status = esp_open(root, path, &file, &file_size);
		if (EFI_ERROR(status)) {
			fmt_snprintf(reason, sizeof(reason), "cannot open %s on this file system (%s)",
				     path, efi_status_name(status));
			fmt_snprintf(why, why_size, "%s:%u: %s", c->name,
				     config_file_line(c, index, f, cmdline, size, files, size),
				     reason);
			status = EFI_LOAD_ERROR;
			break;
		}
		file->Close(file);
	}
	root->Close(root);
	return status;
}

/* The parsed file's entry, picked, as options after the app's own. */
static EFI_STATUS choose(EFI_HANDLE image, struct fwcfg *fw, struct config *c, char *text,
			 size_t len, const char *path, struct options *opt, char *cmdline,
			 char *files, size_t size, char *why, size_t why_size)
{
	unsigned index;
	EFI_STATUS status;

	if (config_parse(c, text, len, path, why, why_size))
		return EFI_LOAD_ERROR;
	index = menu_choose(c);
	con_info("booting entry %u of %s (line %u)", index + 1, path, c->entries[index].line);
	/* Parsing took the app's own command line apart: read it again (as
	 * it was read once, only EFI_INVALID_PARAMETER could come of it). */
	status = cmdline_get(image, fw, cmdline, size, why, why_size);
	if (EFI_ERROR(status))
		return status;
	if (config_entry_options(c, index, cmdline, size, opt, files, size, why, why_size))
		return EFI_INVALID_PARAMETER;
	return check_files(image, c, index, opt, cmdline, files, size, why, why_size);
}

/* What the file needs, in one allocation: its text, parsed, and its path. */
struct config_work {
	struct config config;
	char path[PATH_SIZE];
	/* config_parse writes one byte past the file. */
	char text[CONFIG_MAX_SIZE + 1];
};

EFI_STATUS config_file_options(EFI_HANDLE image, struct fwcfg *fw, struct options *opt,
			       char *cmdline, char *files, size_t size, char *why,
			       size_t why_size)
{
	struct config_work *w;
	size_t len;
	EFI_STATUS status;

	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*w), (void **)&w)))
		return efi_fail(why, why_size, EFI_OUT_OF_RESOURCES,
				"cannot allocate memory for %s", CONFIG_FILE_NAME);
	status = config_file_read(image, w->text, CONFIG_MAX_SIZE, &len, w->path, sizeof(w->path),
				  why, why_size);
	if (!EFI_ERROR(status))
		status = choose(image, fw, &w->config, w->text, len, w->path, opt, cmdline, files,
				size, why, why_size);
	boot_services->FreePool(w);
	return status;
}
