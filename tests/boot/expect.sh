# SPDX-License-Identifier: BSD-2-Clause
# Checks on one boot's outcome; each records a failure reason and goes on.
# Sourced by lib.sh.

# The serial log without the carriage returns and terminal escapes (screen
# clears, colours) the firmware's console adds.
mb_log_text() {
	tr -d '\r' < "$MB_LOG" | sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g'
}

# The kernel ran, passed its own checks, exited through isa-debug-exit
# with 0 (QEMU status 1), and got the command line and modules it was given.
expect_kernel_pass() {
	local i

	((MB_SHELL)) && mb_fail "firmware reached the UEFI shell"
	# A kernel that waits (--until) is stopped by the harness instead.
	if ((!MB_STOPPED)); then
		[[ $MB_STATUS == 1 ]] || mb_fail "QEMU status $MB_STATUS, want 1"
	fi
	mb_log_text | grep -qx 'mbtest: PASS' || mb_fail "no 'mbtest: PASS'"
	expect_line "mbtest: cmdline=\"${MB_CMDLINE:-$MB_KERNEL $MB_APPEND}\""
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

# The app, run from startup.nsh, returned STATUS as the UEFI shell prints
# %lasterror% (0x0 for success, else the EFI error without its top bit).
expect_app_status() {
	expect_line "harness: app status $1"
}

# The shell came up and the kernel never ran (an app that returned).
expect_no_boot() {
	((MB_SHELL)) || mb_fail "UEFI shell not reached (QEMU status $MB_STATUS)"
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
}

# mb_ppm_size FILE: "WIDTH HEIGHT" of a binary PPM such as QEMU's
# screendump writes ("P6\nW H\n255\n" then 3 bytes a pixel, rows top down).
mb_ppm_size() {
	local magic w h

	{ read -r magic; read -r w h; } < "$1"
	[[ $magic == P6 ]] && echo "$w $h"
}

# mb_ppm_pixel FILE X Y: "R G B" in decimal.
mb_ppm_pixel() {
	local file=$1 x=$2 y=$3 magic w h max header r g b

	{ read -r magic; read -r w h; read -r max; } < "$file"
	header=$((${#magic} + ${#w} + ${#h} + ${#max} + 4))
	read -r r g b < <(od -An -tu1 -j $((header + (y * w + x) * 3)) -N 3 "$file")
	echo "$r $g $b"
}

# expect_pixel X Y "R G B" WHAT: one pixel of the screendump.
expect_pixel() {
	local got

	got=$(mb_ppm_pixel "$MB_SCREEN" "$1" "$2")
	[[ $got == "$3" ]] || mb_fail "$4 pixel ($1,$2) is ($got), want ($3)"
}

# The kernel's test pattern (tests/kernel/fb.c) on the screen QEMU shows:
# the kernel drew in the mode the screen is in, colours in the right
# fields (so the positions it was given were right), edges exactly at the
# middle and corner squares in place (so were the pitch and the size).
# expect_fb_pattern rgb: pixels, in the GOP mode. expect_fb_pattern text:
# VGA text mode 3, 80x25 cells of 9x16 pixels in the standard palette, the
# corner squares full-block characters (so the font is there too).
expect_fb_pattern() {
	local size w h cw=1 ch=1 cols rows
	local red='255 0 0' green='0 255 0' blue='0 0 255' white='255 255 255'
	local yellow='255 255 0' magenta='255 0 255'
	# A pixel inside a corner square, and one just outside it.
	local in=2 out=9

	if [[ ! -s $MB_SCREEN ]] || ! size=$(mb_ppm_size "$MB_SCREEN"); then
		mb_fail "no screendump"
		return
	fi
	read -r w h <<< "$size"
	cols=$w rows=$h
	if [[ $1 == text ]]; then
		cw=9 ch=16 cols=80 rows=25
		((w == cols * cw && h == rows * ch)) || mb_fail "screen ${w}x$h, want 720x400 (text mode 3)"
		# The standard VGA palette (DAC values 42, 21 and 63 of 63), as
		# QEMU widens 6 bits to 8: v << 2, its low bit copied below.
		red='168 0 0' green='0 168 0' blue='0 0 168' white='168 168 168'
		yellow='255 255 87' magenta='255 87 255'
		# The middle of the corner cell (its 9th column may be background).
		in=4 out=$((cw + 4))
	fi
	expect_line "mbtest: fb drawn ${cols}x$rows"
	# Quadrant edges fall on whole cells in text mode (25 rows: after 12).
	local half_cols=$((cols / 2)) half_rows=$((rows / 2))
	local ex=$((half_cols * cw)) ey=$((half_rows * ch))
	expect_pixel $((ex / 2)) $((ey / 2)) "$red" "top left quadrant"
	expect_pixel $(((ex + w) / 2)) $((ey / 2)) "$green" "top right quadrant"
	expect_pixel $((ex / 2)) $(((ey + h) / 2)) "$blue" "bottom left quadrant"
	expect_pixel $(((ex + w) / 2)) $(((ey + h) / 2)) "$white" "bottom right quadrant"
	expect_pixel $((ex - 1)) $((ey / 2)) "$red" "left of the vertical edge"
	expect_pixel $ex $((ey / 2)) "$green" "right of the vertical edge"
	expect_pixel $((ex / 2)) $((ey - 1)) "$red" "above the horizontal edge"
	expect_pixel $((ex / 2)) $ey "$blue" "below the horizontal edge"
	expect_pixel $in $in "$yellow" "top left square"
	expect_pixel $out $in "$red" "beside the top left square"
	expect_pixel $((w - 1 - in)) $((h - 1 - in)) "$magenta" "bottom right square"
	expect_pixel $((w - 1 - out)) $((h - 1 - in)) "$white" "beside the bottom right square"
}
