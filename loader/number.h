/* SPDX-License-Identifier: BSD-2-Clause */
/* Numbers in text the loader is given (fw_cfg strings, option values). */
#ifndef LOADER_NUMBER_H
#define LOADER_NUMBER_H

#include <stdint.h>

/**
 * number_parse_u32() - a whole string as an unsigned 32-bit number
 * @text: decimal, or hexadecimal after "0x" (or "0X"); nothing else around it
 * @value: the number, when it parses
 *
 * Return: 0, or -1 for an empty string, another character, or a number
 * past 0xffffffff.
 */
int number_parse_u32(const char *text, uint32_t *value);

#endif
