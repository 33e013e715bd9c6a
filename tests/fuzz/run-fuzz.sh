#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Run one libFuzzer harness and print one line for the test runner:
#   PASS: fuzz/<name> (<execs> execs[, details])
#   FAIL: fuzz/<name> <why>
# Usage: run-fuzz.sh smoke|long <binary> <name> <work-dir> [libFuzzer options...]
#   smoke: fresh copy of tests/fuzz/corpus/<name> in <work-dir>/corpus
#   long:  <work-dir>/corpus kept between runs, seeded from the committed one
# Reproducers in tests/fuzz/crashes/<name>/ are replayed first: they must not
# crash any more. A crash's input lands in <work-dir>/artifacts/.
set -u
kind=$1 bin=$2 name=$3 work=$4
shift 4
seeds=tests/fuzz/corpus/$name
crashes=tests/fuzz/crashes/$name
log=$work/$kind.log

mkdir -p "$work"
[ "$kind" = smoke ] && rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/artifacts"
[ -d "$seeds" ] && cp -n "$seeds"/* "$work/corpus/" 2>/dev/null

# The first sign of trouble in a log: a broken invariant (where, and what
# the harness said about it), a sanitizer report, or libFuzzer's own.
reason() {
	local line
	line=$(awk '/invariant failed/ { split($0, a, ": invariant"); getline d;
			sub(/^ +/, "", d); print a[1] ": " d; exit }
		/runtime error:|ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|libFuzzer)/ {
			print; exit }' "$1")
	echo "${line:-exit status $2, see $1}"
}

if [ -d "$crashes" ] && [ -n "$(ls -A "$crashes" 2>/dev/null)" ]; then
	if ! "$bin" "$crashes"/* > "$work/regress.log" 2>&1; then
		echo "FAIL: fuzz/$name a saved reproducer in $crashes still fails: $(reason "$work/regress.log" $?)"
		exit 1
	fi
fi

start=$(date +%s.%N)
"$bin" -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" > "$log" 2>&1
rc=$?
end=$(date +%s.%N)

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')

if [ $rc -ne 0 ]; then
	art=$(ls -t "$work/artifacts" 2>/dev/null | head -1)
	echo "FAIL: fuzz/$name $(reason "$log" $rc) (input: $work/artifacts/$art; log: $log)"
	exit 1
fi
if [ -z "$execs" ]; then
	echo "FAIL: fuzz/$name no statistics (log: $log)"
	exit 1
fi
if [ "$kind" = smoke ]; then
	echo "PASS: fuzz/$name ($execs execs)"
else
	echo "PASS: fuzz/$name ($execs execs, ${secs} s, ${rate} exec/s, ${cov:-cov: ?})"
fi
