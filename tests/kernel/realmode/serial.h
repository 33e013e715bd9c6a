/* SPDX-License-Identifier: BSD-2-Clause */
/* mbreal: output on COM1, and the isa-debug-exit device. */
#ifndef MBREAL_SERIAL_H
#define MBREAL_SERIAL_H

#include <stdint.h>

void serial_puts(const char *s);
void serial_hex(uint64_t v);	/* 0x-prefixed */
void serial_dec(uint64_t v);

/* QEMU exits with status (code << 1) | 1: 0 is PASS (status 1). */
#define EXIT_PASS 0
#define EXIT_FAIL 1
__attribute__((noreturn)) void debug_exit(uint8_t code);

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
