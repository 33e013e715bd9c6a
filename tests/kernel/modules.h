/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot modules: alignment, bounds, command lines, and content checksums. */
#ifndef MBTEST_MODULES_H
#define MBTEST_MODULES_H

#include <multiboot/multiboot.h>

/* Checks and prints every module and records it (and its command line)
 * for the overlap checks. */
void modules_check(const multiboot_info_t *mbi);

#endif
