// SPDX-License-Identifier: BSD-2-Clause
#include "status.h"

#include <stdarg.h>

#include "../loader/efi_status.h"
#include "../loader/fmt.h"

EFI_STATUS efi_fail(char *why, size_t why_size, EFI_STATUS status, const char *format, ...)
{
	va_list args;
	size_t n;
	const char *name = EFI_ERROR(status) ? efi_error_name(status & ~EFI_ERROR_MASK) : NULL;

	va_start(args, format);
	n = fmt_vsnprintf(why, why_size, format, args);
	va_end(args);
	if (name)
		fmt_snprintf(why + n, why_size - n, " (%s)", name);
	else
		fmt_snprintf(why + n, why_size - n, " (status 0x%llx)", (unsigned long long)status);
	return status;
}
