#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs every test suite and ends with one line: "N passed, N failed".
# Each suite prints "PASS: suite/name" or "FAIL: suite/name ..." per test.
# Usage: tests/run-tests.sh [static|build|unit|fuzz|boot]...   (default: all suites)
set -u
cd "$(dirname "$0")/.."

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(static build unit fuzz boot)
log=build/test-logs/summary.log
mkdir -p build/test-logs
: > "$log"

status=0
for suite in "${suites[@]}"; do
	case $suite in
	static) cmd=(tests/static/run.sh) ;;
	build) cmd=(tests/build/run.sh) ;;
	unit) cmd=(make --no-print-directory test-unit) ;;
	fuzz) cmd=(make --no-print-directory fuzz-smoke) ;;
	boot) cmd=(tests/boot/run.sh) ;;
	*) echo "unknown suite: $suite" >&2; exit 2 ;;
	esac
	echo "== $suite"
	"${cmd[@]}" 2>&1 | tee -a "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

passed=$(grep -c '^PASS: ' "$log")
failed=$(grep -c '^FAIL: ' "$log")
# A suite that failed without naming a failing test still fails the run.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "FAIL: a suite exited with an error but reported no failing test"
	failed=1
fi
[ "$passed" -gt 0 ] || { echo "FAIL: no test ran"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
