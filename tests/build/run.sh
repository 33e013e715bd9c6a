#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Tests of the build itself (make, make sign, make install and uninstall,
# the Debian package), each in a private copy of the source tree so that
# build/ is left alone. Prints "PASS: build/NAME" or "FAIL: build/NAME
# (why)" per test ("SKIP: build/NAME (why)" when the machine cannot run
# it); exits non-zero if any failed. Needs sbsigntool, openssl and OVMF's
# snakeoil key, and for the package dpkg-dev, debhelper and lintian.
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

# --- make install: the layout, and an installed wrapper finds its app -----

# What make install DESTDIR=$work/dest PREFIX=/usr (test_no_rebuild) puts
# there, with its mode.
INSTALLED='755 usr/bin/multiboot-mkimage
755 usr/bin/multiboot-qemu
644 usr/lib/multiboot-efi/multiboot-ia32.efi
644 usr/lib/multiboot-efi/multiboot-lib.sh
644 usr/lib/multiboot-efi/multiboot.efi
644 usr/lib/multiboot-efi/startup.nsh
644 usr/share/bash-completion/completions/multiboot-qemu
644 usr/share/doc/multiboot-efi/LICENSE
644 usr/share/doc/multiboot-efi/README.md
644 usr/share/man/man1/multiboot-mkimage.1
644 usr/share/man/man1/multiboot-qemu.1
644 usr/share/man/man8/multiboot.efi.8'

# A file with a valid Multiboot 1 header, which the wrapper gives the app.
multiboot_file() {
	printf '\x02\xb0\xad\x1b\x00\x00\x00\x00\xfe\x4f\x52\xe4' > "$1"
}

test_install_layout() {
	local dest=$work/dest why='' files version page out

	files=$(cd "$dest" 2>/dev/null && find . -type f -printf '%m %P\n' | sort -k2)
	[[ $files == "$INSTALLED" ]] ||
		why+="installed: $(diff <(echo "$INSTALLED") <(echo "$files") | grep '^[<>]' | tr '\n' ' '); "
	version=$(sed -n 's/^VERSION := //p' "$tree/Makefile")
	for page in "$dest"/usr/share/man/man*/*; do
		[[ -f $page ]] || continue
		grep -q '@VERSION@' "$page" && why+="$page still says @VERSION@; "
		grep -qF "multiboot\\-efi $version" "$page" || why+="$page lacks the version $version; "
	done
	# The installed wrapper finds the installed apps by itself.
	out=$(env -u MULTIBOOT_EFI "$dest/usr/bin/multiboot-qemu" --version 2>&1)
	[[ $out == "multiboot-qemu $version (the app: $dest/usr/lib/multiboot-efi/multiboot.efi)" ]] ||
		why+="installed multiboot-qemu --version: '$out'; "
	# So does the installed image maker, and its shell library.
	out=$(env -u MULTIBOOT_EFI "$dest/usr/bin/multiboot-mkimage" --version 2>&1)
	[[ $out == "multiboot-mkimage $version (the app: $dest/usr/lib/multiboot-efi/multiboot.efi)" ]] ||
		why+="installed multiboot-mkimage --version: '$out'; "
	multiboot_file "$work/mb.bin"
	out=$(env -u MULTIBOOT_EFI "$dest/usr/bin/multiboot-qemu" --print-command --ia32 \
		-kernel "$work/mb.bin" 2>&1)
	[[ $out == *"'-kernel' '$dest/usr/lib/multiboot-efi/multiboot-ia32.efi'"* ]] ||
		why+="installed multiboot-qemu --ia32 does not boot the installed multiboot-ia32.efi: ${out:0:300}; "
	result install-layout "${why%; }"
}

# make uninstall (same DESTDIR and PREFIX) leaves none of our files, and
# none of the package's own directories.
test_uninstall() {
	local dest=$work/dest left out

	out=$("${MAKE_IN_TREE[@]}" DESTDIR="$dest" PREFIX=/usr uninstall 2>&1) ||
		{ result uninstall "make uninstall failed: $(tail -n 1 <<< "$out")"; return; }
	left=$(cd "$dest" && find . \( -type f -o -type l -o -name multiboot-efi \) -printf '%P ')
	result uninstall "${left:+left behind: $left}"
}

# A copy of the wrapper outside any install or source tree finds the app
# where make install put it with the default PREFIX, /usr/local (or the
# package, /usr): seen in a private mount namespace, over an empty
# /usr/local.
test_wrapper_copy() {
	local copy=$work/elsewhere/multiboot-qemu ns=(unshare --mount) out app

	[[ $(id -u) == 0 ]] || ns+=(--map-root-user)
	if ! "${ns[@]}" mount -t tmpfs tmpfs /usr/local > /dev/null 2>&1; then
		echo "SKIP: build/wrapper-copy-finds-installed-app (no private mount namespace: ${ns[*]} failed)"
		return
	fi
	mkdir -p "$work/elsewhere" && cp "$tree/tools/multiboot-qemu" "$copy"
	app=/usr/local/lib/multiboot-efi/multiboot.efi
	# The smallest Multiboot 1 header (magic, flags 0, checksum), so that
	# the copy takes its app route, which needs the tools' shell library.
	printf '\002\260\255\033\000\000\000\000\376\117\122\344' > "$work/elsewhere/mb1.bin"
	# Installed as make install does: the app and the tools' shell library.
	# shellcheck disable=SC2016 # expanded by the inner sh
	out=$("${ns[@]}" sh -c 'mount -t tmpfs tmpfs /usr/local &&
		mkdir -p "$(dirname "$2")" && cp "$1" "$2" && cp "$4" "$(dirname "$2")/" &&
		env -u MULTIBOOT_EFI "$3" --version &&
		env -u MULTIBOOT_EFI "$3" --print-command -kernel "$5"' sh \
		"$tree/build/multiboot.efi" "$app" "$copy" "$tree/tools/multiboot-lib.sh" \
		"$work/elsewhere/mb1.bin" 2>&1)
	if [[ $out == "multiboot-qemu "*" (the app: $app)"$'\n'*"'-kernel' '$app'"* ]]; then
		result wrapper-copy-finds-installed-app ""
	else
		result wrapper-copy-finds-installed-app "a copy in $work/elsewhere, $app installed: '$out'"
	fi
}

# --- The Debian package, from a clean copy of the tree ---------------------

test_deb() {
	local deb_work=$work/deb src=$work/deb/multiboot-efi log=$work/deb/build.log
	local version arch deb why='' listing path lint left tool

	for tool in dpkg-buildpackage dh lintian; do
		command -v "$tool" > /dev/null ||
			{ result deb-package "$tool not found (apt-get install dpkg-dev debhelper lintian)"; return; }
	done
	mkdir -p "$src"
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$src"
	version=$(sed -n 's/^VERSION := //p' "$src/Makefile")
	arch=$(dpkg --print-architecture)
	deb=$deb_work/multiboot-efi_${version}_$arch.deb
	if ! (cd "$src" && dpkg-buildpackage -b -us -uc) > "$log" 2>&1; then
		result deb-package "dpkg-buildpackage failed: $(tail -n 3 "$log" | tr '\n' ' ')"
		return
	fi
	[[ -f $deb ]] || { result deb-package "no $(basename "$deb"): $(cd "$deb_work" && echo *.deb)"; return; }
	listing=$(dpkg -c "$deb")
	for path in /usr/lib/multiboot-efi/multiboot.efi /usr/lib/multiboot-efi/multiboot-ia32.efi \
		/usr/lib/multiboot-efi/startup.nsh /usr/lib/multiboot-efi/multiboot-lib.sh \
		/usr/bin/multiboot-qemu /usr/bin/multiboot-mkimage \
		/usr/share/man/man1/multiboot-mkimage.1.gz \
		/usr/share/man/man1/multiboot-qemu.1.gz /usr/share/man/man8/multiboot.efi.8.gz \
		/usr/share/bash-completion/completions/multiboot-qemu /usr/share/doc/multiboot-efi/copyright; do
		grep -q " \\.$path\$" <<< "$listing" || why+="dpkg -c lacks $path; "
	done
	# The app in the package says the package's version.
	dpkg-deb -x "$deb" "$deb_work/root"
	grep -aq "multiboot\\.efi $version" "$deb_work/root/usr/lib/multiboot-efi/multiboot.efi" ||
		why+="the packaged app does not say 'multiboot.efi $version'; "
	lint=$(lintian "$deb" 2>&1 | grep -E '^[EW]: ')
	[[ -z $lint ]] || why+="lintian: $(tr '\n' ' ' <<< "$lint"); "
	# Nothing left in the tree that git would see (debian/.gitignore).
	left=$(git -C "$src" init -q && git -C "$src" ls-files --others --exclude-standard |
		grep -vxF -f <(git ls-files) | tr '\n' ' ')
	[[ -z $left ]] || why+="left in the source tree, not ignored: $left; "
	result deb-package "${why%; }"
}

test_no_rebuild && test_install_layout && test_uninstall
test_wrapper_copy
test_sign_keeps_allowlist
test_deb
exit "$failed"
