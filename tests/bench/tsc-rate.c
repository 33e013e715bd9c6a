// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host helper for the benchmark: prints the host TSC rate in ticks per
 * microsecond, measured against CLOCK_MONOTONIC over 5 x 100 ms (median).
 * Under TCG, QEMU's guest TSC is the host TSC counted from the moment the
 * VM started running, so this rate turns a guest TSC value into seconds
 * since the VM started.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

#define SAMPLES 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	double rate[SAMPLES];

	for (int i = 0; i < SAMPLES; i++) {
		struct timespec pause = { 0, 100 * 1000 * 1000 };
		double t0 = now();
		uint64_t c0 = __rdtsc();

		nanosleep(&pause, NULL);
		uint64_t c1 = __rdtsc();
		double t1 = now();

		rate[i] = (c1 - c0) / ((t1 - t0) * 1e6);
	}
	qsort(rate, SAMPLES, sizeof(rate[0]), compare);
	printf("%.1f\n", rate[SAMPLES / 2]);
	return 0;
}
