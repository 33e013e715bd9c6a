// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "print.h"

static unsigned failures;

void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	va_start(ap, fmt);
	print_line("FAIL ", fmt, ap);
	va_end(ap);
}

unsigned failure_count(void)
{
	return failures;
}
