#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Tests of the build itself (make, make sign, make install), each in a
# private copy of the source tree so that build/ is left alone. Prints
# "PASS: build/NAME" or "FAIL: build/NAME (why)" per test; exits non-zero if
# any failed. Needs sbsigntool, openssl and OVMF's snakeoil key.
set -u
cd "$(dirname "$0")/../.."
root=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/mbefi-build-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

failed=0
result() {
	if [[ -z $2 ]]; then
		echo "PASS: build/$1"
	else
		echo "FAIL: build/$1 ($2)"
		failed=1
	fi
}

# A copy of the tracked files as they are now (edits included).
tree=$work/tree
mkdir -p "$tree"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$tree"
MAKE_IN_TREE=(make --no-print-directory -C "$tree")

# --- make, then make again or make install: nothing is rebuilt -------------
test_no_rebuild() {
	local out

	"${MAKE_IN_TREE[@]}" -j2 all > "$work/first.log" 2>&1 ||
		{ result no-rebuild "the first make failed: $(tail -n 3 "$work/first.log")"; return 1; }
	out=$("${MAKE_IN_TREE[@]}" DESTDIR="$work/dest" PREFIX=/usr install 2>&1)
	if grep -qE '^  (CC|AS|LD|FONT) ' <<< "$out"; then
		result no-rebuild "make install after make rebuilt: $(grep -cE '^  (CC|AS|LD) ' <<< "$out") steps"
	else
		result no-rebuild ""
	fi
}

# --- make ALLOW_SHA256=..., then make sign: the allowlist is signed -------
signatures() {
	sbverify --list "$1" 2>/dev/null | grep -c '^signature [0-9]'
}

test_sign_keeps_allowlist() {
	local key=$work/db.key cert=/usr/share/ovmf/PkKek-1-snakeoil.pem
	local hash=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
	local why='' app=$tree/build/multiboot.efi log=$work/sign.log

	openssl rsa -passin pass:snakeoil -in /usr/share/ovmf/PkKek-1-snakeoil.key \
		-out "$key" 2> /dev/null ||
		{ result sign-keeps-allowlist "cannot decrypt the snakeoil key"; return; }
	"${MAKE_IN_TREE[@]}" -j2 ALLOW_SHA256="$hash" > "$log" 2>&1 &&
		"${MAKE_IN_TREE[@]}" sign KEY="$key" CERT="$cert" >> "$log" 2>&1 ||
		{ result sign-keeps-allowlist "make or make sign failed: $(tail -n 3 "$log")"; return; }
	grep -q "$hash" "$app" "$tree/build/multiboot-ia32.efi" ||
		why+="the signed apps lack the allowlist; "
	[[ $(signatures "$app") == 1 ]] || why+="$(signatures "$app") signatures after one make sign; "
	"${MAKE_IN_TREE[@]}" sign KEY="$key" CERT="$cert" >> "$log" 2>&1 ||
		why+="the second make sign failed; "
	[[ $(signatures "$app") == 1 ]] || why+="$(signatures "$app") signatures after signing twice; "
	grep -q "$hash" "$app" || why+="signing twice dropped the allowlist; "
	grep -q 'gaps between PE/COFF sections' "$log" && why+="sbsign warned of gaps between sections; "
	"${MAKE_IN_TREE[@]}" ALLOW_SHA256= > /dev/null 2>&1
	grep -q "$hash" "$app" && why+="make ALLOW_SHA256= kept the allowlist; "
	result sign-keeps-allowlist "${why%; }"
}

test_no_rebuild && test_sign_keeps_allowlist
exit "$failed"
