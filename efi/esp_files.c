// SPDX-License-Identifier: BSD-2-Clause
#include "esp_files.h"

#include "firmware.h"

#define MAX_PATH 256

EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_PROTOCOL **root)
{
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *loaded;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS status;

	status = boot_services->HandleProtocol(image, &loaded_guid, (void **)&loaded);
	if (!EFI_ERROR(status))
		status = boot_services->HandleProtocol(loaded->DeviceHandle, &fs_guid, (void **)&fs);
	if (!EFI_ERROR(status))
		status = fs->OpenVolume(fs, root);
	return status;
}

EFI_STATUS esp_open(EFI_FILE_PROTOCOL *root, const char *path, EFI_FILE_PROTOCOL **file,
		    uint64_t *size)
{
	EFI_GUID info_guid = EFI_FILE_INFO_ID;
	CHAR16 name[MAX_PATH];
	size_t n = 0;
	EFI_STATUS status;

	for (; path[n]; n++) {
		if (n + 1 == MAX_PATH)
			return EFI_INVALID_PARAMETER;
		name[n] = path[n] == '/' ? '\\' : (unsigned char)path[n];
	}
	name[n] = 0;
	status = root->Open(root, file, name, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(status))
		return status;

	/* EFI_FILE_INFO ends with the name: room for ours. */
	union {
		EFI_FILE_INFO info;
		uint8_t bytes[sizeof(EFI_FILE_INFO) + MAX_PATH * sizeof(CHAR16)];
	} buf;
	UINTN buf_size = sizeof(buf);

	status = (*file)->GetInfo(*file, &info_guid, &buf_size, &buf);
	if (EFI_ERROR(status) || (buf.info.Attribute & EFI_FILE_DIRECTORY)) {
		(*file)->Close(*file);
		return EFI_ERROR(status) ? status : EFI_INVALID_PARAMETER;
	}
	*size = buf.info.FileSize;
	return EFI_SUCCESS;
}

int esp_read(EFI_FILE_PROTOCOL *file, uint64_t offset, void *dest, uint32_t len)
{
	uint8_t *out = dest;

	if (EFI_ERROR(file->SetPosition(file, offset)))
		return -1;
	while (len) {
		UINTN n = len;

		if (EFI_ERROR(file->Read(file, &n, out)) || !n)
			return -1;
		out += n;
		len -= (uint32_t)n;
	}
	return 0;
}
