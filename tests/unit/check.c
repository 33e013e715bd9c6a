// SPDX-License-Identifier: BSD-2-Clause
/*
 * The runner: one line per test, "PASS: <prefix><name>" or
 * "FAIL: <prefix><name>: <file:line what>", exit status 1 if any failed.
 *
 * Each test runs in a forked child (unless --no-fork), so a crash, a
 * sanitizer abort or a valgrind error (--error-exitcode) fails that test
 * and the others still run. Arguments: --no-fork, --list, or substrings
 * selecting the tests to run.
 */
#include "check.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef UNIT_PREFIX
#define UNIT_PREFIX "unit/"
#endif
#define MAX_TESTS 512
#define MESSAGE_SIZE 1024
/* Generous: valgrind runs the plan tests about 50 times slower. */
#define TEST_TIMEOUT_S 120

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static size_t test_count;

#define MAX_TRACKED 8192

static jmp_buf test_jump;
static void *tracked[MAX_TRACKED];
static size_t tracked_count;
static char message[MESSAGE_SIZE];

void test_register(const char *name, test_fn fn)
{
	if (test_count == MAX_TESTS) {
		fprintf(stderr, "check.c: more than %d tests\n", MAX_TESTS);
		exit(2);
	}
	for (size_t i = 0; i < test_count; i++) {
		if (!strcmp(tests[i].name, name)) {
			fprintf(stderr, "check.c: test %s registered twice\n", name);
			exit(2);
		}
	}
	tests[test_count].name = name;
	tests[test_count].fn = fn;
	test_count++;
}

void check_fail(const char *file, int line, const char *format, ...)
{
	va_list args;
	int n = snprintf(message, sizeof(message), "%s:%d ", file, line);

	va_start(args, format);
	vsnprintf(message + n, sizeof(message) - (size_t)n, format, args);
	va_end(args);
	for (char *p = message; *p; p++)
		if (*p == '\n')
			*p = ' ';
	longjmp(test_jump, 1);
}

static void *track(void *p)
{
	if (!p)
		check_fail(__FILE__, __LINE__, "out of memory");
	if (tracked_count == MAX_TRACKED) {
		free(p);
		check_fail(__FILE__, __LINE__, "more than %d test allocations", MAX_TRACKED);
	}
	tracked[tracked_count++] = p;
	return p;
}

void *tmalloc(size_t size)
{
	return track(malloc(size ? size : 1));
}

void *tcalloc(size_t count, size_t size)
{
	return track(calloc(count ? count : 1, size ? size : 1));
}

void tfree(void *p)
{
	if (!p)
		return;
	for (size_t i = tracked_count; i--;) {
		if (tracked[i] == p) {
			tracked[i] = tracked[--tracked_count];
			free(p);
			return;
		}
	}
	check_fail(__FILE__, __LINE__, "tfree of %p, which no tmalloc returned", p);
}

static size_t free_tracked(void)
{
	size_t n = tracked_count;

	while (tracked_count)
		free(tracked[--tracked_count]);
	return n;
}

/* Run one test here; returns whether it passed (message says why not). */
static bool run_here(test_fn fn)
{
	message[0] = '\0';
	if (setjmp(test_jump)) {
		free_tracked();
		return false;
	}
	fn();
	size_t leaked = free_tracked();
	if (leaked) {
		snprintf(message, sizeof(message), "the test left %zu allocations unfreed", leaked);
		return false;
	}
	return true;
}

static bool run_forked(test_fn fn, char *why, size_t why_size)
{
	int fds[2];
	pid_t pid;
	int status;
	size_t got = 0;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds)) {
		snprintf(why, why_size, "check.c: pipe failed");
		return false;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_size, "check.c: fork failed");
		return false;
	}
	if (!pid) {
		close(fds[0]);
		alarm(TEST_TIMEOUT_S);
		bool ok = run_here(fn);
		if (!ok) {
			size_t len = strlen(message);
			const char *p = message;

			while (len) {
				ssize_t w = write(fds[1], p, len);
				if (w <= 0)
					break;
				p += w;
				len -= (size_t)w;
			}
		}
		close(fds[1]);
		/* exit(), not _exit(): LeakSanitizer checks at exit. */
		exit(ok ? 0 : 1);
	}
	close(fds[1]);
	for (;;) {
		ssize_t r = read(fds[0], why + got, why_size - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == why_size - 1)
			break;
	}
	why[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, why_size, "check.c: waitpid failed");
			return false;
		}
	if (WIFSIGNALED(status)) {
		snprintf(why + got, why_size - got, "%scrashed with signal %d%s", got ? "; " : "",
			 WTERMSIG(status),
			 WTERMSIG(status) == SIGALRM ? " (timed out)" : "");
		return false;
	}
	if (WEXITSTATUS(status) == 0 && !got)
		return true;
	if (!got)
		snprintf(why, why_size,
			 "exited with status %d without a CHECK failure (sanitizer or valgrind report on stderr?)",
			 WEXITSTATUS(status));
	return false;
}

static bool selected(const char *name, int argc, char **argv)
{
	bool any_filter = false;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		any_filter = true;
		if (strstr(name, argv[i]))
			return true;
	}
	return !any_filter;
}

int main(int argc, char **argv)
{
	bool fork_tests = true;
	size_t passed = 0, failed = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-fork")) {
			fork_tests = false;
		} else if (!strcmp(argv[i], "--list")) {
			for (size_t t = 0; t < test_count; t++)
				printf("%s%s\n", UNIT_PREFIX, tests[t].name);
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: %s [--no-fork] [--list] [substring...]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t t = 0; t < test_count; t++) {
		char why[MESSAGE_SIZE];
		bool ok;

		if (!selected(tests[t].name, argc, argv))
			continue;
		if (fork_tests) {
			ok = run_forked(tests[t].fn, why, sizeof(why));
		} else {
			ok = run_here(tests[t].fn);
			snprintf(why, sizeof(why), "%s", message);
		}
		if (ok) {
			printf("PASS: %s%s\n", UNIT_PREFIX, tests[t].name);
			passed++;
		} else {
			printf("FAIL: %s%s: %s\n", UNIT_PREFIX, tests[t].name, why);
			failed++;
		}
	}
	printf("# %s: %zu tests, %zu passed, %zu failed\n", UNIT_PREFIX, passed + failed,
	       passed, failed);
	return failed ? 1 : 0;
}
