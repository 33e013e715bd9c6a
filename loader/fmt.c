// SPDX-License-Identifier: BSD-2-Clause
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_number(struct out *o, uint64_t value, unsigned base,
		       bool negative, unsigned width, char pad)
{
	char digits[24];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	/* The sign goes before zero padding, after space padding. */
	if (negative && pad == '0') {
		put(o, '-');
		width = width ? width - 1 : 0;
	} else if (negative) {
		digits[n++] = '-';
	}
	while (width > n) {
		put(o, pad);
		width--;
	}
	while (n)
		put(o, digits[--n]);
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list args)
{
	struct out o = { buf, size, 0 };

	for (const char *p = format; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		char pad = ' ';
		unsigned width = 0;
		unsigned longs = 0;

		if (*p == '0')
			pad = '0';
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (unsigned)(*p++ - '0');
		while (*p == 'l') {
			longs++;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(args, const char *);

			for (s = s ? s : "(null)"; *s; s++)
				put(&o, *s);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(args, int));
			break;
		case 'd': {
			int64_t v = longs > 1 ? va_arg(args, long long)
				  : longs ? va_arg(args, long)
					  : va_arg(args, int);

			put_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10,
				   v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = longs > 1 ? va_arg(args, unsigned long long)
				   : longs ? va_arg(args, unsigned long)
					   : va_arg(args, unsigned int);

			put_number(&o, v, *p == 'u' ? 10 : 16, false, width, pad);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown conversions are shown, not silently dropped. */
			put(&o, '%');
			if (!*p)
				p--;
			else
				put(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len < size ? o.len : (size ? size - 1 : 0);
}

size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	size_t n = fmt_vsnprintf(buf, size, format, args);
	va_end(args);
	return n;
}

int fmt_fail(char *why, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fmt_vsnprintf(why, size, format, args);
	va_end(args);
	return -1;
}
