// SPDX-License-Identifier: BSD-2-Clause
#include "exit.h"

#include "../loader/mbi.h"
#include "firmware.h"

#ifdef TEST_EXIT_BOOT_SERVICES_FAILS
#include "testing/exit_fails.h"
#define call_exit_boot_services test_exit_boot_services_fails
#else
#define call_exit_boot_services(image, key) boot_services->ExitBootServices(image, key)
#endif

/* The map key goes stale when the firmware allocates between our calls
 * (timer events may); a few tries always settle it. */
#define EXIT_ATTEMPTS 8

EFI_STATUS exit_firmware(EFI_HANDLE image, struct efi_map *map, const struct plan *plan,
			 bool strict, bool exit_boot_services, write_info_fn write_info,
			 void *ctx, bool *committed, char *why, size_t why_size)
{
	struct multiboot_mmap_entry *mmap =
		(struct multiboot_mmap_entry *)(uintptr_t)plan->mmap_addr;
	EFI_STATUS status = EFI_ABORTED;

	*committed = false;
	for (int attempt = 0; attempt < EXIT_ATTEMPTS; attempt++) {
		status = efi_map_refresh(map, why, why_size);
		if (EFI_ERROR(status))
			return status;
		if (plan_check_final(plan, &map->neutral, strict, why, why_size))
			return EFI_LOAD_ERROR;
		if (!exit_boot_services)
			return write_info(ctx, map, NULL, 0, why, why_size) ? EFI_BUFFER_TOO_SMALL
									    : EFI_SUCCESS;
		int count = mbi_build_mmap(plan, &map->neutral, mmap,
					   plan->mmap_capacity, why, why_size);
		if (count < 0 || write_info(ctx, map, mmap, (uint32_t)count, why, why_size))
			return EFI_BUFFER_TOO_SMALL;

		*committed = true;
		status = call_exit_boot_services(image, map->key);
		if (!EFI_ERROR(status))
			return EFI_SUCCESS;
	}
	return status;
}
