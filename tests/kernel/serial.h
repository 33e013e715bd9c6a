/* SPDX-License-Identifier: BSD-2-Clause */
/* COM1 output, polled: the kernel takes no interrupts. */
#ifndef MBTEST_SERIAL_H
#define MBTEST_SERIAL_H

void serial_init(void);
void serial_putc(char c);

#endif
