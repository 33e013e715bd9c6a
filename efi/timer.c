// SPDX-License-Identifier: BSD-2-Clause
#include "timer.h"

#include <stdbool.h>

#include "portio.h"
#include "acpi.h"
#include "firmware.h"

#define CALIBRATION_US 1000
/* The ACPI PM timer: 3.579545 MHz, counting in 24 bits at least. */
#define PM_TIMER_HZ 3579545ull
#define PM_TIMER_MASK 0xFFFFFFu
#define PM_CALIBRATION_TICKS 3580u      /* 1 ms, as long as the Stall it replaced */
#define PM_CALIBRATION_MAX_READS 10000000u

static uint64_t start_tsc;
static uint64_t ticks_per_us;

static uint64_t rdtsc(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return (uint64_t)high << 32 | low;
}

/*
 * TSC ticks against PM timer ticks, both read back to back at each end: a
 * host that deschedules the CPU in between stretches both alike (timing a
 * Stall does not: it only promises at least the time asked for).
 */
static bool calibrate_pm_timer(uint16_t port)
{
	uint32_t first = inl(port) & PM_TIMER_MASK;
	uint64_t first_tsc = rdtsc();

	for (uint32_t reads = 0; reads < PM_CALIBRATION_MAX_READS; reads++) {
		uint32_t ticks = (inl(port) - first) & PM_TIMER_MASK;
		uint64_t tsc = rdtsc();

		if (ticks >= PM_CALIBRATION_TICKS) {
			ticks_per_us = (tsc - first_tsc) * PM_TIMER_HZ / (ticks * 1000000ull);
			return ticks_per_us != 0;
		}
	}
	return false;  /* a timer that does not count */
}

void timer_init(void)
{
	uint16_t port = acpi_pm_timer_port();

	start_tsc = rdtsc();
	if (port && calibrate_pm_timer(port))
		return;
	boot_services->Stall(CALIBRATION_US);
	ticks_per_us = (rdtsc() - start_tsc) / CALIBRATION_US;
	if (!ticks_per_us)
		ticks_per_us = 1;
}

void timer_restart(void)
{
	start_tsc = rdtsc();
}

uint64_t timer_elapsed_us(void)
{
	return (rdtsc() - start_tsc) / ticks_per_us;
}

uint64_t timer_start_tsc(void)
{
	return start_tsc;
}

uint64_t timer_ticks_per_us(void)
{
	return ticks_per_us;
}
