# Checks on one boot's outcome; each records a failure reason and goes on.
# Sourced by lib.sh.

# The serial log without the carriage returns the firmware's console adds.
mb_log_text() {
	tr -d '\r' < "$MB_LOG"
}

# The kernel ran, passed its own checks, exited through isa-debug-exit
# with 0 (QEMU status 1), and got the command line and modules it was given.
expect_kernel_pass() {
	local i

	((MB_SHELL)) && mb_fail "firmware reached the UEFI shell"
	[[ $MB_STATUS == 1 ]] || mb_fail "QEMU status $MB_STATUS, want 1"
	mb_log_text | grep -qx 'mbtest: PASS' || mb_fail "no 'mbtest: PASS'"
	expect_line "mbtest: cmdline=\"$MB_KERNEL $MB_APPEND\""
	for i in "${!MB_MOD_FILES[@]}"; do
		expect_module "$i"
	done
}

# expect_line TEXT: TEXT is a whole line of the log.
expect_line() {
	mb_log_text | grep -qxF -- "$1" || mb_fail "no line '$1'"
}

# expect_grep REGEX WHAT: some line matches the extended REGEX.
expect_grep() {
	mb_log_text | grep -qE -- "$1" || mb_fail "no $2"
}

# Module I's line carries the host file's length and POSIX checksum and
# the exact command line (the kernel also checked them itself).
expect_module() {
	local i=$1 file=${MB_MOD_FILES[$1]}
	local want line

	want="len=$(stat -c %s "$MB_ROOT/$file") cksum=$(cksum < "$MB_ROOT/$file" | cut -d' ' -f1)"
	want+=" cmdline=\"$(mb_module_cmdline "$i" | sed 's/,,/,/g')\""
	while IFS= read -r line; do
		[[ $line == "mbtest: module $i start="*" end="*" $want" ]] && return
	done < <(mb_log_text)
	mb_fail "module $i line does not end with '$want'"
}

# The app refused (an error line), the kernel never ran, and the firmware
# went on to the UEFI shell. An optional REGEX must match the error line.
expect_refused() {
	((MB_SHELL)) || mb_fail "UEFI shell not reached (QEMU status $MB_STATUS)"
	# shellcheck disable=SC2016 # the quotes are part of the message
	expect_grep "multiboot\\.efi: error: .*${1:-}" "'multiboot.efi: error:' line${1:+ matching '$1'}"
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
}
