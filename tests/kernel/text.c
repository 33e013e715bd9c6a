// SPDX-License-Identifier: BSD-2-Clause
#include "text.h"

int32_t text_length(uint32_t addr)
{
	const char *s = (const char *)(uintptr_t)addr;
	uint32_t n;

	if (!addr)
		return -1;
	for (n = 0; n < TEXT_MAX_LEN; n++)
		if (!s[n])
			return (int32_t)n;
	return -1;
}

int text_starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static int digit_value(char c, uint32_t base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return (uint32_t)v < base ? v : -1;
}

int text_parse_number(const char *s, uint32_t len, uint32_t *value)
{
	uint32_t base = 10, result = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (!len)
		return 0;
	for (; len; s++, len--) {
		int d = digit_value(*s, base);

		if (d < 0 || result > (0xFFFFFFFFu - (uint32_t)d) / base)
			return 0;
		result = result * base + (uint32_t)d;
	}
	*value = result;
	return 1;
}

static uint32_t word_length(const char *s)
{
	uint32_t n = 0;

	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

const char *text_find_value(const char *s, uint32_t skip_words, const char *key, uint32_t *len)
{
	uint32_t index = 0;

	for (;;) {
		uint32_t n;

		while (*s == ' ')
			s++;
		if (!*s)
			return 0;
		n = word_length(s);
		if (index++ >= skip_words && text_starts_with(s, key)) {
			uint32_t key_len = 0;

			while (key[key_len])
				key_len++;
			if (key_len < n && s[key_len] == '=') {
				*len = n - key_len - 1;
				return s + key_len + 1;
			}
		}
		s += n;
	}
}
