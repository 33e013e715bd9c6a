/* SPDX-License-Identifier: BSD-2-Clause */
/* Processor state at hand-off (Multiboot spec 3.2, "Machine state"). */
#ifndef MBTEST_CPU_CHECKS_H
#define MBTEST_CPU_CHECKS_H

void check_cpu_state(void);

#endif
