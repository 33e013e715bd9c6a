// SPDX-License-Identifier: BSD-2-Clause
#include "serial.h"

#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT_PORT 0xf4

static void serial_putc(char c)
{
	while (!(inb(COM1_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1, (uint8_t)c);
}

void serial_puts(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

void serial_hex(uint64_t v)
{
	char buf[17];
	int i = 16;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	serial_puts("0x");
	serial_puts(buf + i);
}

void serial_dec(uint64_t v)
{
	char buf[21];
	int i = 20;

	buf[i] = '\0';
	do {
		/* 32-bit code: no 64-bit division without libgcc. */
		uint64_t q = 0, r = 0;

		for (int bit = 63; bit >= 0; bit--) {
			r = r << 1 | ((v >> bit) & 1);
			if (r >= 10) {
				r -= 10;
				q |= 1ull << bit;
			}
		}
		buf[--i] = (char)('0' + r);
		v = q;
	} while (v);
	serial_puts(buf + i);
}

void debug_exit(uint8_t code)
{
	outb(DEBUG_EXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}
