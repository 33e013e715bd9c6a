/* SPDX-License-Identifier: BSD-2-Clause */
/* What both kernels print about a boot module and what its command line
 * may claim about it (len=N, cksum=C): tests/boot/expect.sh matches both
 * kernels' lines alike, so one function writes them. */
#ifndef MBTEST_MODULE_REPORT_H
#define MBTEST_MODULE_REPORT_H

#include <stdint.h>

/* Its length: 0 for one that ends before it starts (the caller fails that). */
uint32_t module_length(uint32_t start, uint32_t end);

/* The line "module I start=... end=... len=N cksum=C cmdline=\"...\"". */
void module_report(uint32_t index, uint32_t start, uint32_t end, uint32_t len, uint32_t cksum,
		   const char *cmdline);

/* Fails a len= or cksum= word in cmdline that disagrees with len or cksum. */
void module_check_claims(uint32_t index, const char *cmdline, uint32_t len, uint32_t cksum);

#endif
