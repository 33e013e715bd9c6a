# SPDX-License-Identifier: BSD-2-Clause
# Module files for the boot tests: pseudo-random but the same on every run
# and machine (AES-CTR keystream keyed by the file's name), so a failing
# checksum can be reproduced. Sourced by lib.sh.

# test_data NAME SIZE: prints the path (relative to the repo root) of
# build/test-data/NAME holding SIZE bytes, creating it if needed.
test_data() {
	local name=$1 size=$2
	local path=build/test-data/$name
	local key

	if [[ -f $MB_ROOT/$path && $(stat -c %s "$MB_ROOT/$path") == "$size" ]]; then
		echo "$path"
		return
	fi
	mkdir -p "$MB_ROOT/build/test-data"
	key=$(printf '%s' "$name" | sha256sum | cut -c1-32)
	# Write aside and rename: cases running in parallel may ask for the
	# same file, and neither may see it half written.
	openssl enc -aes-128-ctr -K "$key" -iv 0 -nosalt -in /dev/zero 2>/dev/null |
		head -c "$size" > "$MB_ROOT/$path.$$"
	mv "$MB_ROOT/$path.$$" "$MB_ROOT/$path"
	echo "$path"
}

# unpacked_kernel GZ NAME: prints the path (relative to the repo root) of
# the gzipped kernel GZ unpacked into build/NAME; fails if GZ is missing
# (its package is not installed).
unpacked_kernel() {
	local gz=$1 path=build/$2

	[[ -f $gz ]] || return 1
	if [[ ! $MB_ROOT/$path -nt $gz ]]; then
		# Aside and renamed, as test_data does, for cases in parallel.
		gunzip -c "$gz" > "$MB_ROOT/$path.$$" || return 1
		mv "$MB_ROOT/$path.$$" "$MB_ROOT/$path"
	fi
	echo "$path"
}

# GNU Mach as Debian ships it (package gnumach-image-1.8-486): an x86-64
# ELF Multiboot kernel, which QEMU's -kernel refuses.
gnumach_kernel() {
	unpacked_kernel /boot/gnumach-1.8-486.gz gnumach-1.8-486
}

# Xen as Debian ships it (package xen-hypervisor-4.17-amd64): an ELF32
# with Multiboot 1 and Multiboot 2 headers; the latter relocatable, with
# the EFI amd64 entry and boot services kept.
xen_kernel() {
	unpacked_kernel /boot/xen-4.17-amd64.gz xen-4.17-amd64
}
