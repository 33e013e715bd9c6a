// SPDX-License-Identifier: BSD-2-Clause
#include "firmware_map.h"

#include "../loader/fmt.h"
#include "../loader/mbi.h"
#include "firmware.h"
#include "status.h"

/* Descriptors of room beyond today's map: each allocation may split one. */
#define MAP_SLACK_DESCRIPTORS 64

EFI_STATUS efi_map_refresh(struct efi_map *m, char *why, size_t why_size)
{
	EFI_STATUS status;

	m->size = m->buffer_size;
	status = boot_services->GetMemoryMap(&m->size, m->buffer, &m->key, &m->desc_size,
					     &m->desc_version);
	if (EFI_ERROR(status))
		return efi_fail(why, why_size, status, "GetMemoryMap failed (%s)",
				efi_status_name(status));
	if (memmap_from_efi(&m->neutral, m->buffer, m->size, m->desc_size, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

EFI_STATUS efi_map_init(struct efi_map *m, char *why, size_t why_size)
{
	UINTN size = 0, key, desc_size;
	UINT32 version;
	EFI_STATUS status;

	*m = (struct efi_map){ 0 };
	status = boot_services->GetMemoryMap(&size, NULL, &key, &desc_size, &version);
	if (status != EFI_BUFFER_TOO_SMALL || !desc_size)
		return efi_fail(why, why_size, EFI_ERROR(status) ? status : EFI_LOAD_ERROR,
				"GetMemoryMap did not report its size (%s)", efi_status_name(status));
	UINTN descriptors = size / desc_size + MAP_SLACK_DESCRIPTORS;

	m->buffer_size = descriptors * desc_size;
	/* The neutral map also takes the ranges mbi_build_mmap paints. */
	m->neutral.capacity = descriptors + MBI_PAINT_SPARE_RANGES;
	status = boot_services->AllocatePool(EfiLoaderData, m->buffer_size, &m->buffer);
	if (!EFI_ERROR(status))
		status = boot_services->AllocatePool(EfiLoaderData,
					  m->neutral.capacity * sizeof(struct mem_range),
					  (void **)&m->neutral.ranges);
	if (EFI_ERROR(status)) {
		fmt_snprintf(why, why_size, "cannot allocate memory for the memory map");
		efi_map_free(m);
		return status;
	}
	return efi_map_refresh(m, why, why_size);
}

void efi_map_free(struct efi_map *m)
{
	if (m->buffer)
		boot_services->FreePool(m->buffer);
	if (m->neutral.ranges)
		boot_services->FreePool(m->neutral.ranges);
	*m = (struct efi_map){ 0 };
}
