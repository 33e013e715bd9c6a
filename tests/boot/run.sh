#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs the boot tests: run.sh [REGEX] runs the cases whose names match.
# Prints "PASS: boot/NAME", "FAIL: boot/NAME (reasons)" (with the serial
# log's tail) or "SKIP: boot/NAME (why)" per case, in the order they
# finish; exits non-zero if any failed. Logs: build/test-logs/.

# shellcheck source=tests/boot/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Every tests/boot/cases*.sh file holds cases, run in file and name order.
case_files=("$MB_ROOT"/tests/boot/cases*.sh)
for file in "${case_files[@]}"; do
	# shellcheck source=/dev/null
	source "$file"
done

# The machine has two cores, and each QEMU (TCG) keeps one busy.
MB_JOBS=${MB_JOBS:-2}
# A case is one boot plus its checks: QEMU's own timeout, and some slack.
MB_CASE_TIMEOUT=$((MB_QEMU_TIMEOUT + 30))

filter=${1:-.}
cd "$MB_ROOT" || exit 1
mkdir -p "$MB_LOG_DIR"

# Case names in the order the files define them. A function that looks
# like a case but is not spelt "case_name() {" at the start of a line would
# be skipped without a word: refuse the run instead, as for a name twice.
odd=$(grep -nE '^[[:space:]]*(function[[:space:]]+)?case_[A-Za-z0-9_-]*[[:space:]]*(\(\))?[[:space:]]*\{?[[:space:]]*$' \
	"${case_files[@]}" | grep -vE ':case_[a-z0-9_]+\(\) \{$')
if [[ -n $odd ]]; then
	echo "run.sh: case functions must be written 'case_name() {' (lowercase, digits, _):" >&2
	echo "$odd" >&2
	exit 2
fi
twice=$(sed -n 's/^case_\([a-z0-9_]*\)() {$/\1/p' "${case_files[@]}" | sort | uniq -d)
if [[ -n $twice ]]; then
	echo "run.sh: cases defined twice: $twice" >&2
	exit 2
fi
mapfile -t names < <(sed -n 's/^case_\([a-z0-9_]*\)() {$/\1/p' "${case_files[@]}" |
	tr _ - | grep -E -- "$filter")
if ((${#names[@]} == 0)); then
	echo "run.sh: no case matches '$filter'" >&2
	exit 2
fi

declare -A job_name
failed=0

# Prints a finished case's result; a case with no result line timed out.
report() {
	local name=$1 result=$MB_LOG_DIR/$1.result

	if ! grep -qE '^(PASS|FAIL|SKIP): ' "$result"; then
		echo "FAIL: boot/$name (case timed out after ${MB_CASE_TIMEOUT}s)" >> "$result"
	fi
	grep -q '^FAIL: ' "$result" && failed=1
	cat "$result"
}

wait_one() {
	local pid

	wait -n -p pid
	report "${job_name[$pid]}"
	unset "job_name[$pid]"
}

for name in "${names[@]}"; do
	((${#job_name[@]} >= MB_JOBS)) && wait_one
	# shellcheck disable=SC2016 # expanded by the inner bash
	timeout "$MB_CASE_TIMEOUT" bash -c \
		'source "$1"; name=$2; shift 2; for f; do source "$f"; done; mb_run_case "$name"' \
		run-case "$MB_ROOT/tests/boot/lib.sh" "$name" "${case_files[@]}" \
		> "$MB_LOG_DIR/$name.result" 2>&1 &
	job_name[$!]=$name
done
while ((${#job_name[@]})); do
	wait_one
done
exit "$failed"
