// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test builds only (make test-apps): ExitBootServices that always fails,
 * after which every boot service but GetMemoryMap and ExitBootServices
 * says on COM1 that it was called. The boot tests check that the app then
 * calls none of them (UEFI 2.10 7.4.6: after a failed ExitBootServices the
 * loader may only get the map again and retry).
 */
#include "exit_fails.h"

#include <stddef.h>

#include "../portio.h"
#include "../firmware.h"

#define COM1 0x3f8

static EFI_BOOT_SERVICES forbidden;

static EFI_STATUS EFIAPI called_after_failed_exit(void)
{
	for (const char *c = TEST_FORBIDDEN_CALL_LINE "\r\n"; *c; c++)
		outb(COM1, (uint8_t)*c);
	return EFI_UNSUPPORTED;
}

EFI_STATUS test_exit_boot_services_fails(EFI_HANDLE image, UINTN key)
{
	static EFI_BOOT_SERVICES *real;
	/* Every entry after the table header is a function pointer. */
	void **entry = (void **)((char *)&forbidden + sizeof(forbidden.Hdr));
	void **end = (void **)(&forbidden + 1);

	if (!real) {
		real = boot_services;
		forbidden = *real;
		for (; entry < end; entry++)
			*entry = (void *)called_after_failed_exit;
		forbidden.GetMemoryMap = real->GetMemoryMap;
		forbidden.ExitBootServices = real->ExitBootServices;
		boot_services = &forbidden;
	}
	/* A key the firmware never gave: EFI_INVALID_PARAMETER. */
	return real->ExitBootServices(image, key + 1);
}
