#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check_relocs.sh LINKED-WITH-EMIT-RELOCS FINAL
#
# mb2test64 must run wherever a loader moves it, so nothing in it may hold
# an absolute address. The first file is the kernel linked with
# --emit-relocs: every relocation the link resolved is still listed, so
# any absolute one (R_X86_64_64, _32, _32S, GOT entries, ...) shows up. Only
# PC-relative ones may remain, and in the Multiboot header (its own output
# section) the one 32-bit address the spec has the loader adjust itself:
# the EFI amd64 entry tag's. The second file, the kernel as shipped, must
# carry no relocation sections at all (GRUB refuses an MB2 ELF with any).
set -eu
linked=$1 final=$2

bad=$(readelf -rW "$linked" | awk '
	/^Relocation section/ { section = $3; gsub(/\047/, "", section); next }
	/^ *[0-9a-f]+ +[0-9a-f]+ +R_X86_64_/ {
		type = $3
		if (type ~ /^R_X86_64_(PC32|PLT32|PC64|NONE)$/) next
		if (section == ".rela.multiboot" && type == "R_X86_64_32") { header++; next }
		print section ": " $0
	}
	END { if (header != 1) print "header: " header + 0 " absolute addresses, want 1 (the EFI entry)" }')
if [ -n "$bad" ]; then
	echo "$linked: absolute relocations; the image would break when moved:" >&2
	echo "$bad" >&2
	exit 1
fi
if readelf -SW "$final" | grep -qE ' (REL|RELA) '; then
	echo "$final: has relocation sections" >&2
	exit 1
fi
