// SPDX-License-Identifier: BSD-2-Clause
#include "status.h"

#include <stdarg.h>

#include "../loader/efi_status.h"
#include "../loader/fmt.h"

EFI_STATUS efi_fail(char *why, size_t why_size, EFI_STATUS status, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fmt_vsnprintf(why, why_size, format, args);
	va_end(args);
	return status;
}

const char *efi_status_name(EFI_STATUS status)
{
	static char unnamed[32];
	const char *name = EFI_ERROR(status) ? efi_error_name(status & ~EFI_ERROR_MASK) : NULL;

	if (name)
		return name;
	fmt_snprintf(unnamed, sizeof(unnamed), "status 0x%llx", (unsigned long long)status);
	return unnamed;
}
