/* SPDX-License-Identifier: BSD-2-Clause */
/* Failure accounting: every failed check prints one line and the kernel goes on. */
#ifndef MBTEST_CHECK_H
#define MBTEST_CHECK_H

/* Prints "mbtest: FAIL " + fmt and counts one failure. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

unsigned failure_count(void);

#endif
