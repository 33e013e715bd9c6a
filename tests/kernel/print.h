/* SPDX-License-Identifier: BSD-2-Clause */
/* Minimal formatted output to the serial port.
 * Conversions: %s %u %x %llx; no widths (values print in full). */
#ifndef MBTEST_PRINT_H
#define MBTEST_PRINT_H

#include <stdarg.h>

/* One log line: "mbtest: " + tag + fmt + newline. */
void print_line(const char *tag, const char *fmt, va_list ap);

/* One log line: "mbtest: " + fmt + newline. */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
