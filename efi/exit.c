#include "exit.h"

#include "../loader/mbi.h"
#include "bios_shim.h"
#include "firmware.h"

/* The map key goes stale when the firmware allocates between our calls
 * (timer events may); a few tries always settle it. */
#define EXIT_ATTEMPTS 8

EFI_STATUS exit_firmware(EFI_HANDLE image, struct efi_map *map,
			 const struct payload *p, const struct plan *plan,
			 bool strict, const char *loader_name,
			 const struct framebuffer *fb, bool bios_shim, bool *committed,
			 char *why, size_t why_size)
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
		int count = mbi_build_mmap(plan, &map->neutral, mmap,
					   plan->mmap_capacity, why, why_size);
		if (count < 0)
			return EFI_BUFFER_TOO_SMALL;
		mbi_write(p, plan, mmap, (uint32_t)count, loader_name,
			  (void *)(uintptr_t)plan->mbi_addr);
		if (fb)
			mbi_set_framebuffer((void *)(uintptr_t)plan->mbi_addr, fb);
		if (bios_shim)
			bios_shim_set_map((uint8_t *)(uintptr_t)EBDA_ADDR, mmap, (uint32_t)count,
					  mbi_mem_lower(mmap, (uint32_t)count));

		*committed = true;
		status = boot_services->ExitBootServices(image, map->key);
		if (!EFI_ERROR(status))
			return EFI_SUCCESS;
	}
	return status;
}
