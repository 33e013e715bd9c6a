/* SPDX-License-Identifier: BSD-2-Clause */
/* The MBI memory map: parsed once into memory_map.c, which checks it and
 * answers the queries of the later checks. */
#ifndef MBTEST_MMAP_H
#define MBTEST_MMAP_H

#include <multiboot/multiboot.h>

/* Parses, prints and checks the map at mmap_addr (entry sizes, order,
 * overlaps, lengths, types, and mem_lower/mem_upper against it).
 * Later queries see only what parsed. */
void mmap_check(const multiboot_info_t *mbi);

#endif
