// SPDX-License-Identifier: BSD-2-Clause
/*
 * "Firmware alone" for the benchmark: a UEFI application that ends QEMU the
 * moment the firmware starts it, i.e. when multiboot.efi would start
 * loading. It prints its entry TSC on COM1 as
 *     bench: app-entry-tsc=0x<16 hex digits>
 * and writes 0 to isa-debug-exit (port 0xf4): QEMU exits with status 1.
 * Returning would only make OVMF go on to its next boot option.
 */
#include <efi.h>

#define COM1 0x3f8
#define EXIT_PORT 0xf4

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

static void putc_com1(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

static void puts_com1(const char *s)
{
	while (*s)
		putc_com1(*s++);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	(void)image;
	(void)st;
	uint64_t tsc = (uint64_t)high << 32 | low;

	puts_com1("\r\nbench: app-entry-tsc=0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		putc_com1("0123456789abcdef"[(tsc >> shift) & 0xf]);
	puts_com1("\r\n");
	outb(EXIT_PORT, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}
