/* SPDX-License-Identifier: BSD-2-Clause */
/* Test builds only: see exit_fails.c. */
#ifndef EFI_TESTING_EXIT_FAILS_H
#define EFI_TESTING_EXIT_FAILS_H

#include <efi.h>

#define TEST_FORBIDDEN_CALL_LINE "test: a boot service was called after a failed ExitBootServices"

/**
 * test_exit_boot_services_fails() - ExitBootServices that fails every time
 * @image: this app
 * @key: the map key the app would pass
 *
 * Return: EFI_INVALID_PARAMETER (the firmware's answer to a stale key).
 */
EFI_STATUS test_exit_boot_services_fails(EFI_HANDLE image, UINTN key);

#endif
