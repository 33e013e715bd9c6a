// SPDX-License-Identifier: BSD-2-Clause
#include "serial.h"
#include "io.h"

#define COM1 0x3F8

/* 16550 register offsets from the base port. */
#define UART_DATA 0     /* THR on write; DLL while LCR.DLAB=1 */
#define UART_IER  1     /* interrupt enable; DLM while LCR.DLAB=1 */
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5

#define LCR_DLAB        0x80
#define LCR_8N1         0x03
#define FCR_ENABLE_CLEAR 0x07  /* enable FIFOs, clear both */
#define MCR_DTR_RTS     0x03
#define LSR_THR_EMPTY   0x20

#define UART_CLOCK_HZ 115200
#define BAUD          115200

void serial_init(void)
{
	const unsigned divisor = UART_CLOCK_HZ / BAUD;

	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, divisor & 0xFF);
	outb(COM1 + UART_IER, divisor >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + UART_DATA, (uint8_t)c);
}
