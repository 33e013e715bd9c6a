# SPDX-License-Identifier: BSD-2-Clause
# Disk images from tools/multiboot-mkimage: the tool itself (no QEMU: what it
# refuses, writes nothing then, and what it writes), then boots of its
# images as QEMU's only disk (no -kernel, no fw_cfg files: --source none)
# under each OVMF build, with menus, Secure Boot, and the refusals of a
# multiboot.cfg that does not boot. Sourced after lib.sh.

IMG_TOOL=$MB_ROOT/tools/multiboot-mkimage
# Images go under build/ (mb_boot's --esp-image is relative to the tree),
# one directory per case, removed when it passes.
IMG_DIR=build/image-tests
# Where the EFI system partition starts in the images (sector 2048).
IMG_FAT_OFFSET=1048576
IMG_CONFIG='\EFI\BOOT\multiboot.cfg'
IMG_64M=67108864

# The case's own directory, empty, and an empty log of the tool; the
# directory's path relative to the tree.
img_workdir() {
	local dir=$IMG_DIR/$MB_CASE

	rm -rf "${MB_ROOT:?}/$dir"
	mkdir -p "$MB_ROOT/$dir"
	: > "$MB_LOG_DIR/$MB_CASE.mkimage.log"
	echo "$dir"
}

img_done() {
	((${#MB_FAILURES[@]})) || rm -rf "${MB_ROOT:?}/$IMG_DIR/$MB_CASE"
}

# img_run ARGS...: the tool, its output appended to the case's log; its
# status.
img_run() {
	local log=$MB_LOG_DIR/$MB_CASE.mkimage.log

	echo "\$ multiboot-mkimage $*" >> "$log"
	(cd "$MB_ROOT" && "$IMG_TOOL" "$@") >> "$log" 2>&1
}

img_log() {
	cat "$MB_LOG_DIR/$MB_CASE.mkimage.log"
}

# img_payload IMAGE [TOOL OPTIONS...]: an image of MB_KERNEL with the
# arguments MB_APPEND and the modules of mb_add_module, and what
# expect_kernel_pass is to see: the kernel's command line
# "\multiboot\KERNEL APPEND", each module's "\multiboot\NAME cksum=C len=N
# ARGS" (a name with a blank quoted, as the app quotes it).
img_payload() {
	local image=$1 i file args=() words=()

	shift
	MB_KERNEL=${MB_KERNEL:-build/tests/mbtest.elf}
	for i in "${!MB_MOD_FILES[@]}"; do
		file=${MB_MOD_FILES[$i]}
		args+=(--module "$file" "cksum=$(cksum < "$MB_ROOT/$file" | cut -d' ' -f1)"
		       "len=$(stat -c %s "$MB_ROOT/$file")")
		read -ra words <<< "${MB_MOD_ARGS[$i]}"
		args+=(${words[@]+"${words[@]}"})
		MB_MOD_NAMES[i]=\\multiboot\\$(basename "$file")
		[[ ${MB_MOD_NAMES[i]} == *" "* ]] && MB_MOD_NAMES[i]="\"${MB_MOD_NAMES[i]}\""
	done
	MB_CMDLINE="\\multiboot\\$(basename "$MB_KERNEL") $MB_APPEND"
	read -ra words <<< "$MB_APPEND"
	img_run -o "$image" "$@" "$MB_KERNEL" ${words[@]+"${words[@]}"} ${args[@]+"${args[@]}"} ||
		mb_fail "multiboot-mkimage failed: $(img_log | tail -n 1)"
}

# img_config IMAGE TEXT: the image's multiboot.cfg replaced by TEXT.
img_config() {
	local cfg=$MB_ROOT/$IMG_DIR/$MB_CASE/multiboot.cfg

	printf '%s' "$2" > "$cfg"
	MTOOLS_SKIP_CHECK=1 mcopy -o -i "$MB_ROOT/$1@@$IMG_FAT_OFFSET" "$cfg" \
		::/EFI/BOOT/multiboot.cfg || mb_fail "cannot replace multiboot.cfg in $1"
}

# The three modules of the boot cases: a path with a blank, and 64 MiB.
img_add_modules() {
	mb_add_module "$(test_data one.bin 100000)" "alpha beta=1"
	mb_add_module "$(test_data 'my mod.bin' 4096)"
	mb_add_module "$(test_data big64m.bin $IMG_64M)" "big"
}

# What the app said on its way to the kernel: the entry, the files' source.
expect_image_boot() {
	expect_kernel_pass
	expect_grep "^multiboot\\.efi: booting entry $1 of \\\\EFI\\\\BOOT\\\\multiboot\\.cfg \\(line [0-9]+\\)\$" \
		"'booting entry $1' line"
	expect_grep '^multiboot\.efi: kernel from file on this file system ' \
		"'kernel from file on this file system' line"
}

# --- The tool, without QEMU ---------------------------------------------------

# img_other_files DIR NAME...: the files in DIR (relative to the tree),
# hidden ones too, but the NAMEs given.
img_other_files() {
	local dir=$1 path name skip

	shift
	for path in "$MB_ROOT/$dir"/* "$MB_ROOT/$dir"/.[!.]*; do
		[[ -e $path ]] || continue
		name=${path##*/}
		for skip; do
			[[ $name == "$skip" ]] && continue 2
		done
		printf '%s ' "$name"
	done
}

# Nothing but what the case put there itself: its inputs in in/, TMPDIR
# in tmp/, an image that existed before.
img_expect_nothing_written() {
	local dir=$1 left

	left=$(img_other_files "$dir" in tmp existing.img)
	[[ -z $left ]] || mb_fail "files left in $dir after a refusal: $left"
	left=$(img_other_files "$dir/tmp")
	[[ -z $left ]] || mb_fail "temporary files left in TMPDIR: $left"
}

# img_expect_refused WHAT REGEX ARGS...: the tool exits 1 with one error line
# matching REGEX, and writes nothing.
img_expect_refused() {
	local what=$1 regex=$2 status before

	shift 2
	before=$(wc -l < "$MB_LOG_DIR/$MB_CASE.mkimage.log")
	img_run "$@"
	status=$?
	((status == 1)) || mb_fail "$what: status $status, want 1"
	tail -n +$((before + 2)) "$MB_LOG_DIR/$MB_CASE.mkimage.log" |
		grep -qE -- "^multiboot-mkimage: error: $regex" ||
		mb_fail "$what: no error line matching '$regex'"
}

case_mkimage_refusals() {
	local dir module kernel=build/tests/mbtest.elf tmp

	dir=$(img_workdir)
	module=$(test_data one.bin 100000)
	echo "old" > "$MB_ROOT/$dir/existing.img"
	mkdir -p "$MB_ROOT/$dir/in/other"
	echo "another" > "$MB_ROOT/$dir/in/other/one.bin"
	echo "colon" > "$MB_ROOT/$dir/in/a:b.bin"
	# Temporary files would go to TMPDIR too: a private one to look at.
	tmp=$MB_ROOT/$dir/tmp
	mkdir "$tmp"
	export TMPDIR=$tmp
	img_expect_refused "a non-Multiboot kernel" \
		"kernel build/tests/notmultiboot\\.bin has no Multiboot 1 or 2 header" \
		-o "$dir/new.img" build/tests/notmultiboot.bin
	img_expect_refused "an EFI application as the kernel" "kernel build/multiboot\\.efi is an EFI application" \
		-o "$dir/new.img" build/multiboot.efi
	img_expect_refused "a missing kernel" "kernel build/nope\\.elf: no such file" \
		-o "$dir/new.img" build/nope.elf
	img_expect_refused "a missing module" "module build/test-data/nope\\.bin: no such file" \
		-o "$dir/new.img" "$kernel" mods=2 --module "$module" --module build/test-data/nope.bin
	img_expect_refused "a directory as a module" "module build/test-data: not a regular file" \
		-o "$dir/new.img" "$kernel" --module build/test-data
	img_expect_refused "an existing image" "$dir/existing\\.img exists \\(--force overwrites it\\)" \
		-o "$dir/existing.img" "$kernel"
	[[ $(cat "$MB_ROOT/$dir/existing.img") == old ]] || mb_fail "the existing image was changed"
	img_expect_refused "an option neither knows" "unknown option '--bogus'" \
		-o "$dir/new.img" --bogus "$kernel"
	img_expect_refused "two files of one name" \
		"build/test-data/one\\.bin and $dir/in/other/one\\.bin would both be \\\\multiboot\\\\one\\.bin: rename one" \
		-o "$dir/new.img" "$kernel" --module "$module" --module "$dir/in/other/one.bin"
	img_expect_refused "a name FAT cannot hold" "module .*a:b\\.bin: a FAT file system cannot hold its name" \
		-o "$dir/new.img" "$kernel" --module "$dir/in/a:b.bin"
	img_expect_refused "an unknown format" "--format vmdk: raw, qcow2 or vhdx" \
		-o "$dir/new.img" --format vmdk "$kernel"
	img_expect_refused "a size too small" "--size 2M is too small: these files need at least [0-9]+ MiB" \
		-o "$dir/new.img" --size 2M "$kernel"
	img_expect_refused "--module first" "a kernel must come before --module" \
		-o "$dir/new.img" --module "$module"
	img_expect_refused "no image" "no image named" "$kernel"
	unset TMPDIR
	img_expect_nothing_written "$dir"
	img_done
}

# The files placed where promised (mcopy'd back, byte for byte), the
# partition table, and the configuration's words quoted for the app.
case_mkimage_layout() {
	local dir img module spaced fat got want

	dir=$(img_workdir)
	img=$dir/disk.img
	module=$(test_data one.bin 100000)
	spaced=$(test_data 'my mod.bin' 4096)
	img_run -o "$img" --strict --title 'Test "kernel"' build/tests/mbtest.elf mods=2 "a b" 'c^d' \
		'e#f' --module "$spaced" x --module "$module" ||
		{ mb_fail "multiboot-mkimage failed: $(img_log | tail -n 1)"; return; }
	img_log | grep -qE "^multiboot-mkimage: wrote $img: [0-9]+ MiB, raw, " ||
		mb_fail "no 'wrote' line naming the image, its size and format"
	for want in '\EFI\BOOT\BOOTX64.EFI' '\EFI\BOOT\BOOTIA32.EFI' '\multiboot\mbtest.elf' \
		'\multiboot\my mod.bin' '\multiboot\one.bin' '\EFI\BOOT\multiboot.cfg'; do
		img_log | grep -qF "multiboot-mkimage: $want (" || mb_fail "no line placing $want"
	done
	# One GPT partition at 1 MiB: the EFI system partition.
	got=$(sfdisk --dump "$MB_ROOT/$img" 2> /dev/null)
	grep -qx 'label: gpt' <<< "$got" || mb_fail "no GPT: $got"
	(($(grep -c 'start=' <<< "$got") == 1)) || mb_fail "not one partition: $got"
	grep -qE 'start= +2048, size= +[0-9]+, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B' <<< "$got" ||
		mb_fail "no EFI system partition at sector 2048: $got"
	fat=$MB_ROOT/$img@@$IMG_FAT_OFFSET
	export MTOOLS_SKIP_CHECK=1
	got=$(mdir -i "$fat" -b -/ :: 2> /dev/null)
	for want in ::/EFI/BOOT/BOOTX64.EFI ::/EFI/BOOT/BOOTIA32.EFI ::/EFI/BOOT/multiboot.cfg \
		::/multiboot/mbtest.elf "::/multiboot/my mod.bin" ::/multiboot/one.bin; do
		grep -qixF "$want" <<< "$got" || mb_fail "mdir lists no $want"
	done
	(($(grep -vc '/$' <<< "$got") == 6)) || mb_fail "not 6 files: $got"
	for want in build/multiboot.efi:EFI/BOOT/BOOTX64.EFI build/multiboot-ia32.efi:EFI/BOOT/BOOTIA32.EFI \
		build/tests/mbtest.elf:multiboot/mbtest.elf "$spaced:multiboot/my mod.bin" \
		"$module:multiboot/one.bin"; do
		if ! mcopy -n -i "$fat" "::/${want#*:}" "$MB_ROOT/$dir/copy" 2> /dev/null ||
			! cmp -s "$MB_ROOT/${want%%:*}" "$MB_ROOT/$dir/copy"; then
			mb_fail "::/${want#*:} is not ${want%%:*}"
		fi
		rm -f "$MB_ROOT/$dir/copy"
	done
	got=$(mtype -i "$fat" ::/EFI/BOOT/multiboot.cfg 2> /dev/null | grep -v '^#')
	unset MTOOLS_SKIP_CHECK
	want='entry "Test ^"kernel^""
    --strict \multiboot\mbtest.elf mods=2 "a b" "c^^d" "e#f"
    --module "\multiboot\my mod.bin" x
    --module \multiboot\one.bin'
	[[ $got == "$want" ]] || mb_fail "multiboot.cfg is '$got', want '$want'"
	# --force overwrites, at the size asked.
	img_run -o "$img" --force --size 20M build/tests/mbtest.elf ||
		mb_fail "--force failed: $(img_log | tail -n 1)"
	(($(stat -c %s "$MB_ROOT/$img") == 20 * 1048576)) || mb_fail "--size 20M gave $(stat -c %s "$MB_ROOT/$img") bytes"
	[[ -z $(img_other_files "$dir" disk.img) ]] || mb_fail "files left beside the image"
	img_done
}

# qcow2 and vhdx through qemu-img.
case_mkimage_formats() {
	local dir format info

	command -v qemu-img > /dev/null || { mb_skip "no qemu-img (apt-get install qemu-utils)"; return; }
	dir=$(img_workdir)
	for format in qcow2 vhdx; do
		img_run -o "$dir/disk.$format" --format "$format" --size 12M build/tests/mb2test64.elf ||
			{ mb_fail "--format $format failed: $(img_log | tail -n 1)"; continue; }
		img_log | grep -qE "^multiboot-mkimage: wrote $dir/disk\\.$format: 12 MiB, $format, " ||
			mb_fail "no 'wrote' line for $format"
		info=$(qemu-img info "$MB_ROOT/$dir/disk.$format")
		grep -qx "file format: $format" <<< "$info" || mb_fail "qemu-img info: not $format: $info"
		grep -q '^virtual size: 12 MiB (12582912 bytes)$' <<< "$info" ||
			mb_fail "$format: not 12 MiB: $info"
	done
	[[ -z $(img_other_files "$dir" disk.qcow2 disk.vhdx) ]] || mb_fail "files left beside the images"
	img_done
}

# Killed while writing: no image, no temporary file.
case_mkimage_killed() {
	local dir pid i status

	dir=$(img_workdir)
	mkdir "$MB_ROOT/$dir/tmp"
	(cd "$MB_ROOT" && TMPDIR=$MB_ROOT/$dir/tmp exec "$IMG_TOOL" -o "$dir/disk.img" \
		build/tests/mbtest.elf --module "$(test_data big64m.bin $IMG_64M)" \
		> "$MB_LOG_DIR/$MB_CASE.mkimage.log" 2>&1) &
	pid=$!
	# Once it has begun writing.
	for ((i = 0; i < 100; i++)); do
		compgen -G "$MB_ROOT/$dir/.disk.img.raw.*" > /dev/null && break
		sleep 0.05
	done
	kill -TERM "$pid"
	wait "$pid"
	status=$?
	((status == 143)) || mb_fail "status $status after SIGTERM, want 143 (did it finish first?)"
	[[ -z $(img_other_files "$dir" tmp) ]] || mb_fail "left behind: $(img_other_files "$dir")"
	[[ -z $(img_other_files "$dir/tmp") ]] || mb_fail "left in TMPDIR: $(img_other_files "$dir/tmp")"
	img_done
}

# --- Booting images as the only disk ------------------------------------------------

# The image boots on its own under the Secure Boot build (SMM, no shell),
# Secure Boot not enrolled; under the standard build; under ia32 OVMF
# (BOOTIA32.EFI). The SMM builds leave no room for an EBDA: none checked.
img_boot_three_modules() {
	local dir

	dir=$(img_workdir)
	img_add_modules
	MB_APPEND="mods=3 loader=$MB_LOADER"
	img_payload "$dir/disk.img"
	mb_boot --source none --esp-image "$dir/disk.img" "$@"
	expect_image_boot 1
	img_done
}

case_mkimage_boot_secboot() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	img_boot_three_modules --secboot
}

case_mkimage_boot_ovmf() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	img_boot_three_modules
}

case_mkimage_boot_ia32() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	img_boot_three_modules --ia32
}

# Two entries, the first the default: entry 2 ("second") names no module.
img_two_entries() {
	printf 'timeout %u\n\nentry "First"\n    \\multiboot\\mbtest.elf %s\n' "$1" "$MB_APPEND"
	printf '    --module %s %s\n' "${MB_MOD_NAMES[0]}" "$(mb_module_cmdline 0 | cut -d' ' -f2-)"
	printf 'entry "Second"   # no module\n    \\multiboot\\mbtest.elf mods=0 second\n'
}

# Boots an image whose multiboot.cfg holds img_two_entries with a wait of
# $1 seconds; the rest are mb_boot's arguments.
img_boot_two_entries() {
	local dir wait=$1

	shift
	dir=$(img_workdir)
	mb_add_module "$(test_data one.bin 100000)"
	MB_APPEND="mods=1"
	img_payload "$dir/disk.img"
	img_config "$dir/disk.img" "$(img_two_entries "$wait")"
	mb_boot --source none --esp-image "$dir/disk.img" "$@"
}

# Nobody at the console: the default boots after the countdown.
case_mkimage_menu_default() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	img_boot_two_entries 2
	expect_image_boot 1
	expect_line '*  1  First'
	expect_line '   2  Second'
	expect_grep 'Entry 1 boots in 2 s .*Entry 1 boots in 1 s ' "the countdown"
	img_done
}

# Typing 2 and Enter on the serial console boots the second entry.
case_mkimage_menu_typed() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	img_boot_two_entries 60 --type-at 'Entry 1 boots in' '2\r'
	# shellcheck disable=SC2034 # expect.sh's per-case state
	MB_MOD_FILES=()
	# shellcheck disable=SC2034
	MB_CMDLINE='\multiboot\mbtest.elf mods=0 second'
	expect_image_boot 2
	expect_grep 'Entry 2 is picked: Enter boots it' "the pick of entry 2"
	img_done
}

# --- Secure Boot: the signed app (build/sb/signed.efi, cases-secureboot.sh) ----------

# A directory as --signed takes it: the signed x64 app only (the tool warns
# that the image has no ia32 build).
img_signed_dir() {
	local dir=$MB_ROOT/$IMG_DIR/$MB_CASE/signed

	mkdir -p "$dir"
	cp "$MB_ROOT/$SB_APP" "$dir/multiboot.efi"
	echo "$IMG_DIR/$MB_CASE/signed"
}

# An allowlisted kernel and module boot from an image made with --signed.
case_mkimage_sb_allowlisted() {
	local dir signed

	sb_ready || return
	dir=$(img_workdir)
	signed=$(img_signed_dir)
	MB_KERNEL=$SB_ALLOWED_KERNEL
	mb_add_module "$(sb_allowed_module)"
	MB_APPEND="mods=1"
	img_payload "$dir/disk.img" --signed "$signed"
	img_log | grep -q "^multiboot-mkimage: warning: $signed has no multiboot-ia32.efi" ||
		mb_fail "no warning that the image has no ia32 build"
	sb_boot --source none --esp-image "$dir/disk.img"
	expect_image_boot 1
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_ALLOWED_KERNEL")" \
		"the built-in allowlist"
	sb_expect_authorised 'module 0 "\\multiboot\\sb-allowed\.bin[^"]*"' \
		"$(sb_hash build/test-data/sb-allowed.bin)" "the built-in allowlist"
	img_done
}

# A kernel nothing authorises is refused, whatever multiboot.cfg says (its
# options cannot change how kernels are authorised); BDS goes on.
case_mkimage_sb_refused() {
	local dir signed runs errors

	sb_ready || return
	dir=$(img_workdir)
	signed=$(img_signed_dir)
	MB_KERNEL=$SB_OTHER_KERNEL
	MB_APPEND="mods=0"
	img_payload "$dir/disk.img" --signed "$signed" -v
	sb_boot --source none --esp-image "$dir/disk.img"
	runs=$(mb_log_text | grep -c '^multiboot\.efi: booting entry 1 of ')
	errors=$(mb_log_text | grep -cE "^multiboot\\.efi: error: Secure Boot: the kernel file \\(sha256 $(sb_hash "$SB_OTHER_KERNEL")\\) is neither in db nor in the built-in allowlist\$")
	((runs >= 1 && errors == runs)) ||
		mb_fail "$errors refusals of the kernel in $runs runs of the app, want one each"
	(($(mb_log_text | grep -c '^multiboot\.efi: error: ') == runs)) ||
		mb_fail "other error lines: $(mb_log_text | grep '^multiboot\.efi: error: ' | sort -u)"
	expect_grep 'BdsDxe: failed to start Boot[0-9A-F]{4} "UEFI QEMU HARDDISK[^"]*" .*: Security Violation$' \
		"BDS line with the app's status, Security Violation"
	expect_grep "^$SB_BDS_END" "BDS going past the app ('$SB_BDS_END')"
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
	img_done
}

# --- Configurations that do not boot: one line naming the file and line ---------------

# img_refused CONFIG REGEX STATUS: the image's configuration replaced; the
# app printed one error line matching REGEX (after the file's path) and
# returned STATUS, as BDS reports it; the firmware went on to the shell.
img_refused() {
	local dir

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	dir=$(img_workdir)
	MB_APPEND="mods=0"
	img_payload "$dir/disk.img"
	img_config "$dir/disk.img" "$1"
	mb_boot --source none --esp-image "$dir/disk.img"
	expect_refused
	expect_grep "^multiboot\\.efi: error: \\\\EFI\\\\BOOT\\\\multiboot\\.cfg$2\$" \
		"error line '$IMG_CONFIG$2'"
	(($(mb_log_text | grep -c '^multiboot\.efi: error: ') == 1)) ||
		mb_fail "not one error line: $(mb_log_text | grep '^multiboot\.efi: error: ')"
	expect_grep "BdsDxe: failed to start Boot[0-9A-F]{4} \"UEFI QEMU HARDDISK[^\"]*\" .*: $3\$" \
		"BDS line with the app's status, $3"
	img_done
}

case_mkimage_refused_missing_file() {
	img_refused $'timeout 3\nentry "A"\n  \\multiboot\\mbtest.elf mods=1\n  --module \\multiboot\\nope.bin\n' \
		':4: cannot open \\multiboot\\nope\.bin on this file system \(EFI_NOT_FOUND\)' 'Load Error'
}

case_mkimage_refused_bad_line() {
	img_refused $'# a typo\ntmeout 3\nentry "A"\n  \\multiboot\\mbtest.elf mods=0\n' \
		":2: unknown directive 'tmeout' \\(before the first entry: timeout, default or entry\\)" \
		'Load Error'
}

case_mkimage_refused_bad_option() {
	img_refused $'entry "A"\n  -v\n  --bogus \\multiboot\\mbtest.elf mods=0\n' \
		":3: unknown option '--bogus' \\(try --help\\)" 'Invalid Parameter'
}

case_mkimage_refused_no_entry() {
	img_refused $'# nothing to boot\ntimeout 3\n' ': no boot entry' 'Load Error'
}
