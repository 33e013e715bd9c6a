// SPDX-License-Identifier: BSD-2-Clause
#include "alloc.h"

#include "firmware.h"
#include "status.h"

static void release_first(const struct plan *plan, size_t count)
{
	for (size_t i = 0; i < count; i++)
		boot_services->FreePages(plan->allocs[i].start, plan->allocs[i].pages);
}

EFI_STATUS alloc_plan(const struct plan *plan, char *why, size_t why_size)
{
	for (size_t i = 0; i < plan->alloc_count; i++) {
		EFI_PHYSICAL_ADDRESS addr = plan->allocs[i].start;
		EFI_STATUS status = boot_services->AllocatePages(
			AllocateAddress, EfiLoaderData, plan->allocs[i].pages, &addr);

		if (EFI_ERROR(status)) {
			release_first(plan, i);
			return efi_fail(why, why_size, status,
					"the firmware refused pages 0x%llx-0x%llx it listed as free (%s)",
					(unsigned long long)plan->allocs[i].start,
					(unsigned long long)(plan->allocs[i].start +
							     plan->allocs[i].pages * PAGE_SIZE),
					efi_status_name(status));
		}
	}
	return EFI_SUCCESS;
}

void alloc_release(const struct plan *plan)
{
	release_first(plan, plan->alloc_count);
}
