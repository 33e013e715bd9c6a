/* SPDX-License-Identifier: BSD-2-Clause */
/* Everything the loader placed in memory, checked against each other and
 * against the map: nothing may overlap, everything must be in RAM the map
 * calls available. */
#ifndef MBTEST_REGIONS_H
#define MBTEST_REGIONS_H

#include <stdint.h>

/* For regions that come one of a kind rather than numbered. */
#define REGION_SINGLE 0xFFFFFFFFu

/* Records [start, end); index numbers modules and their command lines. */
void region_add(const char *name, uint32_t index, uint64_t start, uint64_t end);

void regions_check(void);

#endif
