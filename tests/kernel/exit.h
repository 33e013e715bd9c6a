/* SPDX-License-Identifier: BSD-2-Clause */
/* Leaving QEMU through isa-debug-exit (iobase 0xf4): QEMU exits with
 * status (value << 1) | 1, so 0 gives 1 (pass) and 1 gives 3 (fail). */
#ifndef MBTEST_EXIT_H
#define MBTEST_EXIT_H

#define EXIT_PASS 0
#define EXIT_FAIL 1

__attribute__((noreturn)) void qemu_exit(unsigned char value);

#endif
