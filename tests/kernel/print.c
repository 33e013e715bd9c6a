// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "print.h"
#include "serial.h"

#define LOG_PREFIX "mbtest: "

static void put_str(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

static void put_unsigned(uint32_t value)
{
	char digits[10];        /* 2^32 - 1 has 10 decimal digits */
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	while (n)
		serial_putc(digits[--n]);
}

static void put_hex(uint64_t value)
{
	int shift = 60;

	/* Skip leading zero nibbles but always print at least one digit. */
	while (shift > 0 && !((value >> shift) & 0xF))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		serial_putc("0123456789abcdef"[(value >> shift) & 0xF]);
}

static void print_fmt(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			serial_putc(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's':
			put_str(va_arg(ap, const char *));
			break;
		case 'u':
			put_unsigned(va_arg(ap, unsigned));
			break;
		case 'x':
			put_hex(va_arg(ap, unsigned));
			break;
		case 'l':       /* only %llx is supported */
			fmt += 2;
			put_hex(va_arg(ap, unsigned long long));
			break;
		default:        /* a bug in a format string: show it */
			serial_putc('%');
			serial_putc(*fmt);
			break;
		}
	}
}

void print_line(const char *tag, const char *fmt, va_list ap)
{
	put_str(LOG_PREFIX);
	put_str(tag);
	print_fmt(fmt, ap);
	serial_putc('\n');
}

void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line("", fmt, ap);
	va_end(ap);
}
