#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Checks on the tree itself, no build needed: prints "PASS: static/NAME" or
# "FAIL: static/NAME (why)" per check; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/../.."

failed=0
result() {
	if [[ -z $2 ]]; then
		echo "PASS: static/$1"
	else
		echo "FAIL: static/$1 ($2)"
		failed=1
	fi
}

# Every file the project wrote carries its licence within its first lines.
# Data (fuzz corpora and crash reproducers) and prose are not source, and
# three Debian files cannot hold comments: debian/changelog,
# debian/source/format, and debian/copyright (deb822(5) allows them only in
# debian/control), which is itself the licence statement, as LICENSE is.
spdx_missing() {
	local file

	git ls-files | grep -vE '^(tests/fuzz/(corpus|crashes)/|LICENSE$|\.gitignore$|debian/(changelog|copyright|source/format)$)|\.md$' |
		while IFS= read -r file; do
			head -n 3 "$file" | grep -q 'SPDX-License-Identifier: BSD-2-Clause' ||
				echo "$file"
		done
}
missing=$(spdx_missing)
result spdx-every-source-file "${missing:+no SPDX line in: $(echo $missing)}"

# --- The version: one place (the Makefile), which debian/changelog follows -

test_version_single_source() {
	local version changelog

	version=$(sed -n 's/^VERSION := //p' Makefile)
	changelog=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog 2>/dev/null)
	# A Debian revision ("-1") may follow the upstream version.
	if [[ -z $version ]]; then
		result version-single-source "no VERSION := line in the Makefile"
	elif [[ ${changelog%-*} != "$version" ]]; then
		result version-single-source "debian/changelog says '${changelog:-nothing}', the Makefile's VERSION $version"
	else
		result version-single-source ""
	fi
}

# --- make help lists every target --------------------------------------

test_help_lists_targets() {
	local help target missing=''

	help=$(make --no-print-directory help 2>&1) ||
		{ result help-lists-every-target "make help failed: $(tail -n 1 <<< "$help")"; return; }
	# Every .PHONY target (those computed by make stand for themselves:
	# fuzz-long-NAME).
	for target in $(sed -n 's/^\.PHONY: *//p' Makefile tests/*/*.mk tests/*/*/*.mk |
		tr ' ' '\n' | grep -v '\$' | sort -u); do
		grep -qE "^  $target( |\$)" <<< "$help" || missing+=" $target"
	done
	grep -q '^  fuzz-long .*fuzz-long-NAME' <<< "$help" || missing+=" fuzz-long-NAME"
	result help-lists-every-target "${missing:+not in make help:$missing}"
}

# --- Man pages: they render cleanly, and list every option --help lists ----

# The option and variable names in a usage text on stdin: the first words
# of its lines "  -x, --long VALUE   description" (without VALUE or
# "=VALUE"), and of its lines "  NAME, NAME   description" (environment).
usage_names() {
	sed -nE 's/^  (-[^ ]+( [^ -][^ ]*)?(, -[^ ]+( [^ -][^ ]*)?)*)( {2,}.*)?$/\1/p;
		s/^  ([A-Z][A-Z0-9_]+(, [A-Z][A-Z0-9_]+)*)( {2,}.*)?$/\1/p' |
		sed -E 's/, /\n/g' | sed -E 's/[ =].*//' | sort -u
}

# The names (from stdin) that the roff source $1 lacks, as whole words and
# with each "-" written "\\-", as roff wants.
man_lacks() {
	local name

	while IFS= read -r name; do
		NAME=${name//-/\\-} perl -e '
			local $/; my $page = <STDIN>;
			exit($page =~ /\Q$ENV{NAME}\E(?![A-Za-z0-9_]|\\-)/ ? 0 : 1)' < "$1" ||
			printf ' %s' "$name"
	done
}

# man(1) as lintian runs it, at two widths: no warning, no error.
test_man_render() {
	local page width out why=''

	command -v man > /dev/null ||
		{ result man-pages-render "man not found (apt-get install man-db groff-base)"; return; }
	for page in man/*.[1-8]; do
		for width in 80 120; do
			out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=$width \
				man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 > /dev/null) ||
				out+=" (man exited with an error)"
			[[ -z $out ]] || why+="$page at width $width: ${out//$'\n'/ }; "
		done
	done
	[[ -n $(ls man/*.[1-8] 2>/dev/null) ]] || why="no man pages in man/"
	result man-pages-render "${why%; }"
}

# The wrapper's own section of its --help (after QEMU's), read once.
wrapper_help() {
	[[ -n ${wrapper_help_text:-} ]] ||
		wrapper_help_text=$(tools/multiboot-qemu --help 2>&1 | sed -n '/^usage: multiboot-qemu /,$p')
	printf '%s\n' "$wrapper_help_text"
}

test_man_wrapper() {
	local names missing

	names=$(wrapper_help | usage_names)
	[[ -n $names ]] || { result man-wrapper-options "no options found in multiboot-qemu --help: $(tools/multiboot-qemu --help 2>&1 | tail -n 1)"; return; }
	[[ -f man/multiboot-qemu.1 ]] || { result man-wrapper-options "man/multiboot-qemu.1 missing"; return; }
	missing=$(man_lacks man/multiboot-qemu.1 <<< "$names")
	result man-wrapper-options "${missing:+man/multiboot-qemu.1 lacks$missing, which --help lists}"
}

# The app's usage (options_usage in loader/options.c), as it prints it.
app_usage() {
	sed -n '/^const char options_usage\[\] =/,/;$/p' loader/options.c |
		sed -nE 's/^\t"(.*)\\n"[;]?$/\1/p' | sed 's/\\"/"/g'
}

test_man_app() {
	local names missing

	# Its options, and every fw_cfg file the app reads.
	names=$(app_usage | sed -n '/^Options/,$p' | usage_names;
		grep -ohE '"opt/[^"]+"' efi/*.[ch] fwcfg/*.[ch] loader/*.[ch] | tr -d '"' | sort -u)
	if ! grep -q -- '--strict' <<< "$names" || ! grep -q 'opt/multiboot/kernel' <<< "$names"; then
		result man-app-options "cannot read the options or fw_cfg files from the source"
		return
	fi
	[[ -f man/multiboot.efi.8 ]] || { result man-app-options "man/multiboot.efi.8 missing"; return; }
	missing=$(man_lacks man/multiboot.efi.8 <<< "$names")
	result man-app-options "${missing:+man/multiboot.efi.8 lacks$missing, which the app reads}"
}

test_man_mkimage() {
	local names missing

	if [[ ! -f tools/multiboot-mkimage ]]; then
		echo "SKIP: static/man-mkimage-options (tools/multiboot-mkimage does not exist yet)"
		return
	fi
	names=$(tools/multiboot-mkimage --help 2>&1 | usage_names)
	[[ -n $names ]] || { result man-mkimage-options "no options found in multiboot-mkimage --help"; return; }
	missing=$(man_lacks man/multiboot-mkimage.1 <<< "$names")
	result man-mkimage-options "${missing:+man/multiboot-mkimage.1 lacks$missing, which --help lists}"
}

# --- bash completion of the wrapper ----------------------------------------

# complete_line LINE: what the completion offers at the end of LINE, one a
# line (bash's default COMP_WORDBREAKS, as in a terminal).
complete_line() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	bash -c 'source tools/bash-completion/multiboot-qemu
		COMP_LINE=$1 COMP_POINT=${#1}
		_multiboot_qemu
		printf "%s\n" "${COMPREPLY[@]}"' complete "$1"
}

test_completion() {
	local dir=build/test-logs/static-completion why='' name offered

	[[ -f tools/bash-completion/multiboot-qemu ]] ||
		{ result bash-completion "tools/bash-completion/multiboot-qemu missing"; return; }
	# Every wrapper option in --help, and every app option after --options.
	offered=$(complete_line 'multiboot-qemu -')
	for name in $(wrapper_help | usage_names | grep '^-'); do
		grep -qx -- "$name" <<< "$offered" || why+="$name not offered; "
	done
	grep -qx -- '-no-reboot' <<< "$offered" || why+="QEMU's -no-reboot not offered; "
	offered=$(complete_line 'multiboot-qemu --options -')
	for name in $(app_usage | sed -n '/^Options/,$p' | usage_names); do
		grep -qx -- "$name" <<< "$offered" || why+="$name not offered after --options; "
	done
	# File names where QEMU takes a file; bash replaces only what follows
	# "=" (a word break) or an open quote.
	rm -rf "$dir" && mkdir -p "$dir" && : > "$dir/kernel.elf" && : > "$dir/mod.bin"
	expect_completion() {
		[[ $(complete_line "$1") == "$2" ]] ||
			why+="'$1' offered '$(complete_line "$1" | tr '\n' ' ')', want '$2'; "
	}
	expect_completion "multiboot-qemu -m 1G -kernel $dir/ker" "$dir/kernel.elf"
	expect_completion "multiboot-qemu -initrd $dir/mod.bin,$dir/ker" "$dir/mod.bin,$dir/kernel.elf"
	expect_completion "multiboot-qemu -initrd \"$dir/mod.bin args,$dir/ker" \
		"$dir/mod.bin args,$dir/kernel.elf"
	expect_completion "multiboot-qemu -drive if=virtio,file=$dir/ker" "$dir/kernel.elf"
	expect_completion "multiboot-qemu -fw_cfg name=opt/multiboot/kernel,file=$dir/ker" \
		"$dir/kernel.elf"
	expect_completion "multiboot-qemu --ia32 --options --str" "--strict"
	rm -rf "$dir"
	result bash-completion "${why%; }"
}

test_version_single_source
test_help_lists_targets
test_man_render
test_man_wrapper
test_man_app
test_man_mkimage
test_completion
exit "$failed"
