/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86 port I/O instructions (both builds), for the devices the app drives
 * itself: fw_cfg (fwcfg/io.c), VGA and PCI, the PM timer, the exit port.
 */
#ifndef EFI_PORTIO_H
#define EFI_PORTIO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* String input: one instruction moves the whole buffer under QEMU. */
static inline void insb(uint16_t port, void *dest, uint32_t len)
{
	__asm__ volatile("rep insb" : "+D"(dest), "+c"(len) : "d"(port) : "memory");
}

#endif
