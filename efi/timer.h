/* SPDX-License-Identifier: BSD-2-Clause */
/* Time from the TSC, calibrated against the ACPI PM timer (else the firmware's Stall). */
#ifndef EFI_TIMER_H
#define EFI_TIMER_H

#include <stdint.h>

void timer_init(void);
/* Microseconds since timer_init, or since timer_restart. */
uint64_t timer_elapsed_us(void);
/* Count from now (after a wait for the user, which is no load time). */
void timer_restart(void);

/* For benchmarks that compare with a TSC read by the kernel. */
uint64_t timer_start_tsc(void);
uint64_t timer_ticks_per_us(void);

#endif
