// SPDX-License-Identifier: BSD-2-Clause
/* loader/fmt.c: the mini snprintf. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "loader/fmt.h"

/* fmt_vsnprintf without the format attribute: for formats gcc would refuse. */
static size_t fmt_unchecked(char *buf, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	size_t n = fmt_vsnprintf(buf, size, format, args);
	va_end(args);
	return n;
}

#define CHECK_FMT_UNCHECKED(expect, ...)                                  \
	do {                                                              \
		char buf_[128];                                           \
		memset(buf_, 'Z', sizeof(buf_));                          \
		size_t n_ = fmt_unchecked(buf_, sizeof(buf_), __VA_ARGS__); \
		CHECK_STR(buf_, (expect));                                \
		CHECK_EQ(n_, strlen(expect));                             \
	} while (0)

/* Format into a 128-byte buffer and CHECK the text and the return value. */
#define CHECK_FMT(expect, ...)                                            \
	do {                                                              \
		char buf_[128];                                           \
		memset(buf_, 'Z', sizeof(buf_));                          \
		size_t n_ = fmt_snprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		CHECK_STR(buf_, (expect));                                \
		CHECK_EQ(n_, strlen(expect));                             \
	} while (0)

TEST(fmt_string)
{
	const char *null_string = NULL;

	CHECK_FMT("hello", "hello");
	CHECK_FMT("a world b", "a %s b", "world");
	CHECK_FMT("[]", "[%s]", "");
	CHECK_FMT_UNCHECKED("x(null)y", "x%sy", null_string);
	CHECK_FMT("ab", "%s%s", "a", "b");
	CHECK_FMT("", "%s", "");
}

/* ULONG_MAX as the C library prints it: 32 or 64 bits, by host. */
static const char *ulong_max_text(const char *format)
{
	static char text[32];

	snprintf(text, sizeof(text), format, ULONG_MAX);
	return text;
}

TEST(fmt_unsigned)
{
	CHECK_FMT("0", "%u", 0u);
	CHECK_FMT("42", "%u", 42u);
	CHECK_FMT("4294967295", "%u", UINT_MAX);
	CHECK_FMT(ulong_max_text("%lu"), "%lu", ULONG_MAX);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("1024 modules", "%u modules", 1024u);
}

TEST(fmt_signed)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("-1", "%d", -1);
	CHECK_FMT("123", "%d", 123);
	CHECK_FMT("-2147483648", "%d", INT_MIN);
	CHECK_FMT("2147483647", "%d", INT_MAX);
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("-5", "%ld", -5L);
	CHECK_FMT("  -42", "%5d", -42);
	CHECK_FMT("   42", "%5u", 42u);
}

TEST(fmt_hex)
{
	CHECK_FMT("0", "%x", 0u);
	CHECK_FMT("1badb002", "%x", 0x1BADB002u);
	CHECK_FMT("ffffffff", "%x", 0xFFFFFFFFu);
	CHECK_FMT("0x9500", "0x%x", 0x9500u);
	CHECK_FMT(ulong_max_text("%lx"), "%lx", ULONG_MAX);
}

TEST(fmt_llx)
{
	CHECK_FMT("1234567890abcdef", "%llx", 0x1234567890ABCDEFull);
	CHECK_FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK_FMT("100000000", "%llx", 1ull << 32);
	CHECK_FMT("0x100000-0x806000", "0x%llx-0x%llx", 0x100000ull, 0x806000ull);
}

TEST(fmt_zero_pad_width)
{
	CHECK_FMT("00001234", "%08x", 0x1234u);
	CHECK_FMT("00000000", "%08x", 0u);
	CHECK_FMT("deadbeef", "%08x", 0xDEADBEEFu);
	/* A value wider than the width is not cut. */
	CHECK_FMT("123456789", "%08llx", 0x123456789ull);
	CHECK_FMT("0000000000009500", "%016llx", 0x9500ull);
	CHECK_FMT("007", "%03u", 7u);
	CHECK_FMT("1.005 ms", "%u.%03u ms", 1u, 5u);
	/* As efi/main.c prints milliseconds. */
	CHECK_FMT("12.045 ms", "%llu.%03llu ms", 12ull, 45ull);
	CHECK_FMT("0.999", "%llu.%03llu", 0ull, 999ull);
}

/* printf puts the sign before zero padding: "%05d" of -42 is "-0042". */
TEST(fmt_zero_pad_negative)
{
	CHECK_FMT("-0042", "%05d", -42);
}

TEST(fmt_char_percent_unknown)
{
	CHECK_FMT("a=b", "a%cb", '=');
	CHECK_FMT("100%", "100%%");
	CHECK_FMT_UNCHECKED("%q", "%q");
	CHECK_FMT_UNCHECKED("a%qb", "a%qb");
	CHECK_FMT_UNCHECKED("x%", "x%");
	CHECK_FMT_UNCHECKED("x%", "x%l");
}

TEST(fmt_truncation)
{
	char buf[8];
	size_t n;

	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 5, "hello world");
	CHECK_STR(buf, "hell");
	CHECK_EQ(n, 4);
	CHECK_EQ(buf[5], 'Z');  /* nothing written past size */

	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 6, "%s-%s", "abc", "def");
	CHECK_STR(buf, "abc-d");
	CHECK_EQ(n, 5);
	CHECK_EQ(buf[6], 'Z');

	/* Truncated inside a number, and inside zero padding. */
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 4, "%u", 123456u);
	CHECK_STR(buf, "123");
	CHECK_EQ(n, 3);
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 4, "%08x", 0xABu);
	CHECK_STR(buf, "000");
	CHECK_EQ(buf[4], 'Z');

	/* Exactly fitting. */
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 6, "hello");
	CHECK_STR(buf, "hello");
	CHECK_EQ(n, 5);

	/* size 1: only the NUL. */
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 1, "hello");
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'Z');
	CHECK_EQ(n, 0);
}

TEST(fmt_size_zero)
{
	char buf[4] = { 'Z', 'Z', 'Z', 'Z' };

	CHECK_EQ(fmt_snprintf(buf, 0, "hello %u", 5u), 0);
	CHECK_EQ(buf[0], 'Z');
	CHECK_EQ(fmt_snprintf(NULL, 0, "hello %s", "x"), 0);
}
