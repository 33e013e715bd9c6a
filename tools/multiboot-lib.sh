# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=sh
# multiboot-lib.sh: shell functions multiboot-qemu and multiboot-mkimage
# share. Sourced, not run: beside them in the source tree (tools/), or in
# PREFIX/lib/multiboot-efi/ when installed. POSIX sh and bash.

# What the -kernel file is: "pe" (an EFI image, "MZ": OVMF runs it),
# "linux" (a bzImage, "HdrS" at 0x202: OVMF boots it), "mb1" (a valid
# Multiboot header in the first 8 KiB, 4-byte aligned, as QEMU looks),
# "mb2" (first 32 KiB, 8-byte aligned), or "none". One pass over the first
# 32 KiB as little-endian words; checksums wrap at 2^32.
kernel_kind() {
	od -An -v -tx4 -N 32768 "$1" 2>/dev/null | awk '
	function hex(s,   i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	{ for (i = 1; i <= NF; i++) w[n++] = $i }
	END {
		if (substr(w[0], 5, 4) == "5a4d") { print "pe"; exit }
		if (substr(w[128], 1, 4) == "6448" && substr(w[129], 5, 4) == "5372") {
			print "linux"; exit
		}
		for (i = 0; i < 2048 && i + 2 < n; i++)
			if (w[i] == "1badb002" && (hex(w[i]) + hex(w[i+1]) + hex(w[i+2])) % 4294967296 == 0) {
				print "mb1"; exit
			}
		for (i = 0; i + 3 < n; i += 2)
			if (w[i] == "e85250d6" &&
			    (hex(w[i]) + hex(w[i+1]) + hex(w[i+2]) + hex(w[i+3])) % 4294967296 == 0) {
				print "mb2"; exit
			}
		print "none"
	}'
}

# The version the app prints ("multiboot.efi X.Y.Z"), read from the app.
app_version() {
	grep -ao 'multiboot\.efi [0-9][0-9.]*[0-9]' "$1" | head -n 1 | cut -d' ' -f2
}
