/* The MBI memory map: parsed once, checked, then queried by other checks. */
#ifndef MBTEST_MMAP_H
#define MBTEST_MMAP_H

#include <stdint.h>
#include <multiboot/multiboot.h>

/* Parses, prints and checks the map at mmap_addr (entry sizes, order,
 * overlaps, lengths, types, and mem_lower/mem_upper against it).
 * Later queries see only what parsed. */
void mmap_check(const multiboot_info_t *mbi);

/* Whether [start, end) lies entirely in available (type 1) entries,
 * possibly spanning several adjacent ones. */
int mmap_is_available(uint64_t start, uint64_t end);

/* Whether any available entry overlaps [start, end). */
int mmap_any_available(uint64_t start, uint64_t end);

#endif
