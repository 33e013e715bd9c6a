/* SPDX-License-Identifier: BSD-2-Clause */
/* The sizes and boundaries the loader reasons in, defined once. */
#ifndef LOADER_SIZES_H
#define LOADER_SIZES_H

#include <stdint.h>

#define PAGE_SIZE 4096u
#define ONE_MIB (1ull << 20)
#define SIXTEEN_MIB (16ull << 20)
/* Everything a 32-bit kernel is handed lies below it. */
#define FOUR_GIB (1ull << 32)

static inline uint64_t page_round_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

static inline uint64_t page_round_up(uint64_t a)
{
	return page_round_down(a + PAGE_SIZE - 1);
}

#endif
