/* SPDX-License-Identifier: BSD-2-Clause */
/* The loader's one sort, for its small tables (memory ranges, page ranges). */
#ifndef LOADER_SORT_H
#define LOADER_SORT_H

#include <stddef.h>
#include <stdint.h>

/* The largest element sort_by_key() moves. */
#define SORT_MAX_ELEMENT 32

/**
 * sort_by_key() - sort elements in place by a 64-bit key, stable
 * @base: the first element
 * @count: elements
 * @size: bytes of one element, at most SORT_MAX_ELEMENT
 * @key: the element's key
 *
 * An insertion sort: the tables are small and usually nearly sorted.
 */
void sort_by_key(void *base, size_t count, size_t size, uint64_t (*key)(const void *element));

#endif
