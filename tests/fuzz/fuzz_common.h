/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers for the libFuzzer harnesses (tests/fuzz/fuzz_*.c): a cursor
 * over the fuzzer's bytes that yields zeros once they run out, and FUZZ_CHECK,
 * which aborts (a crash libFuzzer saves) with the broken invariant.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                                 \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ",   \
				__FILE__, __LINE__, #cond);                   \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
			abort();                                              \
		}                                                             \
	} while (0)

/*
 * For the harness's own reference checks: no coverage feedback (their
 * branches are not the code under test, and tracing their comparisons byte
 * by byte costs most of the time), still ASan and UBSan. noinline keeps the
 * attribute from being lost by inlining into an instrumented caller.
 */
#define FUZZ_REFERENCE __attribute__((no_sanitize("coverage"), noinline))

/* FUZZ_VERBOSE=1 in the environment: each input says what came of it. */
static inline int fuzz_verbose(void)
{
	static int verbose = -1;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	return verbose;
}

#define FUZZ_LOG(...)                                                          \
	do {                                                                  \
		if (fuzz_verbose())                                           \
			fprintf(stderr, __VA_ARGS__);                         \
	} while (0)

struct cursor {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t get8(struct cursor *c)
{
	if (!c->n)
		return 0;
	c->n--;
	return *c->p++;
}

static inline uint16_t get16(struct cursor *c)
{
	uint16_t lo = get8(c);

	return (uint16_t)(lo | get8(c) << 8);
}

static inline uint32_t get32(struct cursor *c)
{
	uint32_t lo = get16(c);

	return lo | (uint32_t)get16(c) << 16;
}

static inline uint64_t get64(struct cursor *c)
{
	uint64_t lo = get32(c);

	return lo | (uint64_t)get32(c) << 32;
}

static inline void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t get32le(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
