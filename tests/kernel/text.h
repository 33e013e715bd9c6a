/* SPDX-License-Identifier: BSD-2-Clause */
/* String helpers for loader-provided text, which may be missing or unterminated. */
#ifndef MBTEST_TEXT_H
#define MBTEST_TEXT_H

#include <stdint.h>

/* Longest string the kernel accepts before calling it unterminated: far
 * above any real command line, small enough to scan quickly. */
#define TEXT_MAX_LEN (1u << 20)

/* Length of the string at addr, or -1 if addr is 0 or no NUL comes within
 * TEXT_MAX_LEN bytes. */
int32_t text_length(uint32_t addr);

int text_starts_with(const char *s, const char *prefix);

/* Parses a whole token [s, s+len) as decimal, or as hex after "0x".
 * Returns 0 on anything else (empty, stray characters, overflow). */
int text_parse_number(const char *s, uint32_t len, uint32_t *value);

/* Finds "key=value" among the space-separated words of s, skipping the
 * first skip_words words. Returns the value's start and sets *len, or
 * returns 0 if the key is absent. */
const char *text_find_value(const char *s, uint32_t skip_words, const char *key, uint32_t *len);

#endif
