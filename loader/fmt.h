/* SPDX-License-Identifier: BSD-2-Clause */
/* A small snprintf for code that runs both in the firmware and on the host. */
#ifndef LOADER_FMT_H
#define LOADER_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Supports %s, %c, %d, %u, %x, %%, with an optional 'l' or 'll' length and an
 * optional '0' flag with a width (%08x). Always NUL-terminates when size > 0;
 * returns the number of characters written, not counting the NUL.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list args);
size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* Write a reason into why and return -1: the validators' one way to refuse. */
int fmt_fail(char *why, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
