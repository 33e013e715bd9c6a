// SPDX-License-Identifier: BSD-2-Clause
#include "sort.h"

void sort_by_key(void *base, size_t count, size_t size, uint64_t (*key)(const void *element))
{
	uint8_t *a = base;
	uint8_t held[SORT_MAX_ELEMENT];

	for (size_t i = 1; i < count; i++) {
		uint64_t k = key(a + i * size);
		size_t j = i;

		__builtin_memcpy(held, a + i * size, size);
		for (; j && key(a + (j - 1) * size) > k; j--)
			__builtin_memcpy(a + j * size, a + (j - 1) * size, size);
		__builtin_memcpy(a + j * size, held, size);
	}
}
