// SPDX-License-Identifier: BSD-2-Clause
#include "number.h"

#include <stdbool.h>

static int digit_value(char c, unsigned base)
{
	int v = c >= '0' && c <= '9' ? c - '0'
		: c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return v < (int)base ? v : -1;
}

int number_parse_u32(const char *text, uint32_t *value)
{
	unsigned base = 10;
	uint64_t v = 0;
	bool any = false;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	for (; *text; text++, any = true) {
		int d = digit_value(*text, base);

		if (d < 0)
			return -1;
		v = v * base + (unsigned)d;
		if (v > UINT32_MAX)
			return -1;
	}
	if (!any)
		return -1;
	*value = (uint32_t)v;
	return 0;
}
