#include "timer.h"

#include "firmware.h"

#define CALIBRATION_US 1000

static uint64_t start_tsc;
static uint64_t ticks_per_us;

static uint64_t rdtsc(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return (uint64_t)high << 32 | low;
}

void timer_init(void)
{
	start_tsc = rdtsc();
	boot_services->Stall(CALIBRATION_US);
	ticks_per_us = (rdtsc() - start_tsc) / CALIBRATION_US;
	if (!ticks_per_us)
		ticks_per_us = 1;
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
