/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny host test harness: named tests registered by TEST(), CHECK macros
 * that end the current test on the first failure (longjmp), and a runner
 * (check.c) that runs each test in a child process so that a crash or a
 * sanitizer report fails that test only.
 */
#ifndef UNIT_CHECK_H
#define UNIT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void (*test_fn)(void);

void test_register(const char *name, test_fn fn);

/*
 * Test allocations: tracked, so that a test ended by a failed CHECK has its
 * memory freed by the runner (no leak reports from failed tests), and a
 * passing test that forgets a free fails.
 */
void *tmalloc(size_t size);
void *tcalloc(size_t count, size_t size);
void tfree(void *p);
__attribute__((noreturn, format(printf, 3, 4)))
void check_fail(const char *file, int line, const char *format, ...);

#define TEST(name)                                                        \
	static void test_##name(void);                                    \
	__attribute__((constructor)) static void register_##name(void)    \
	{                                                                 \
		test_register(#name, test_##name);                        \
	}                                                                 \
	static void test_##name(void)

#define CHECK(cond)                                                       \
	do {                                                              \
		if (!(cond))                                              \
			check_fail(__FILE__, __LINE__, "%s", #cond);      \
	} while (0)

/* Integers of any width and signedness, compared as 64-bit patterns. */
#define CHECK_EQ(a, b)                                                    \
	do {                                                              \
		unsigned long long a_ = (unsigned long long)(a);          \
		unsigned long long b_ = (unsigned long long)(b);          \
		if (a_ != b_)                                             \
			check_fail(__FILE__, __LINE__,                    \
				   "%s == %s (0x%llx [%lld] vs 0x%llx [%lld])", \
				   #a, #b, a_, (long long)a_, b_, (long long)b_); \
	} while (0)

#define CHECK_STR(a, b)                                                   \
	do {                                                              \
		const char *a_ = (a), *b_ = (b);                          \
		if (!a_ || !b_ || strcmp(a_, b_))                         \
			check_fail(__FILE__, __LINE__, "%s == %s (\"%s\" vs \"%s\")", \
				   #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

#define CHECK_CONTAINS(hay, needle)                                       \
	do {                                                              \
		const char *h_ = (hay), *n_ = (needle);                   \
		if (!h_ || !strstr(h_, n_))                               \
			check_fail(__FILE__, __LINE__, "%s contains \"%s\" (it is \"%s\")", \
				   #hay, n_, h_ ? h_ : "(null)");         \
	} while (0)

/* A refusal: rc -1, a non-empty one-line reason that names what is wrong. */
#define CHECK_REFUSED(rc, why, keyword)                                   \
	do {                                                              \
		int rc_ = (rc);                                           \
		if (rc_ != -1)                                            \
			check_fail(__FILE__, __LINE__, "%s refused (returned %d, why \"%s\")", \
				   #rc, rc_, (why));                      \
		if (!(why)[0])                                            \
			check_fail(__FILE__, __LINE__, "%s gave a reason", #rc); \
		if (strchr((why), '\n'))                                  \
			check_fail(__FILE__, __LINE__, "reason is one line: \"%s\"", (why)); \
		CHECK_CONTAINS((why), (keyword));                         \
	} while (0)

/* Success: rc 0, with the reason shown when it is not. */
#define CHECK_OK(rc, why)                                                 \
	do {                                                              \
		int rc_ = (rc);                                           \
		if (rc_ != 0)                                             \
			check_fail(__FILE__, __LINE__, "%s succeeded (returned %d: \"%s\")", \
				   #rc, rc_, (why));                      \
	} while (0)

#endif
