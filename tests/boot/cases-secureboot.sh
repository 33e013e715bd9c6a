# SPDX-License-Identifier: BSD-2-Clause
# Secure Boot cases: Debian's snakeoil OVMF (Secure Boot enrolled and
# enforcing, test-only keys; mb_boot --snakeoil), booting the apps that
# tests/boot/make-sb-apps.sh builds in build/sb/ (make sb-test-apps):
# signed.efi allowlists build/tests/mbtest.elf and sb-allowed.bin; nothing
# authorises mbtest-gap.elf or sb-other.bin; the snakeoil dbx forbids the
# empty file's hash; variables enrolled from build/sb/enrol/ put
# mbtest-16m.elf and sb-db.bin in db and sb-allowed.bin in dbx.
#
# Debian's OVMF disables its UEFI shell while Secure Boot is on
# (CVE-2023-48733): after the app refuses, BDS reports the app's status
# ("failed to start Boot0002 ...: Security Violation"), fails the shell's
# option too and waits for a key at "No bootable option or device was
# found", where the cases stop QEMU (--until). The snakeoil firmware
# reserves low memory as the other SMM builds do: no EBDA is expected.
# Sourced after lib.sh.

SB_DIR=build/sb
SB_APP=$SB_DIR/signed.efi
SB_UNSIGNED=$SB_DIR/multiboot.efi
SB_SNAKEOIL_CODE=$OVMF_DIR/OVMF_CODE_4M.snakeoil.fd
# The files the cases use, at the sizes make-sb-apps.sh hashed.
SB_ALLOWED_KERNEL=build/tests/mbtest.elf
SB_DB_KERNEL=build/tests/mbtest-16m.elf
SB_OTHER_KERNEL=build/tests/mbtest-gap.elf
sb_allowed_module() { test_data sb-allowed.bin 123457; }
sb_db_module() { test_data sb-db.bin 70001; }
sb_other_module() { test_data sb-other.bin 4099; }
sb_empty_module() { test_data sb-empty.bin 0; }

# sb_hash FILE: its SHA-256 as make-sb-apps.sh recorded it.
sb_hash() {
	sed -n "s|^$1=||p" "$MB_ROOT/$SB_DIR/hashes" 2> /dev/null
}

# The apps are built and match the files as they are now (a test kernel
# rebuilt since would fail its cases for the wrong reason).
sb_ready() {
	local line file

	mb_on_ovmf || { mb_skip "OVMF only"; return 1; }
	if [[ ! -f $MB_ROOT/$SB_APP || ! -f $MB_ROOT/$SB_DIR/hashes ]]; then
		mb_fail "$SB_APP missing: run make sb-test-apps (tests/boot/make-sb-apps.sh)"
		return 1
	fi
	while IFS= read -r line; do
		file=${line%%=*}
		if [[ ! -f $MB_ROOT/$file ||
			$(sha256sum "$MB_ROOT/$file" | cut -d' ' -f1) != "${line#*=}" ]]; then
			mb_fail "$file changed since $SB_DIR was built: run make sb-test-apps"
			return 1
		fi
	done < "$MB_ROOT/$SB_DIR/hashes"
}

# sb_expect_authorised WHAT HASH BY: the app's line for one authorised file.
sb_expect_authorised() {
	expect_grep "^multiboot\\.efi: Secure Boot: $1 sha256 $2 authorised by $3\$" \
		"line authorising $1 ($2) by $3"
}

# What BDS prints when no boot option is left; the firmware then waits.
SB_BDS_END='BdsDxe: No bootable option or device was found'

# mb_boot under the snakeoil firmware with the signed app, stopping QEMU at
# SB_BDS_END (a refused boot) instead of waiting for the timeout.
sb_boot() {
	mb_boot --snakeoil --app "$SB_APP" --until "$SB_BDS_END" "$@"
}

# sb_expect_refused REGEX: each time the app ran it printed one error line,
# matching REGEX, and returned EFI_SECURITY_VIOLATION before
# ExitBootServices (it never announced the hand-off; BDS reports the
# status of the disk's boot option); the firmware went on to its other
# options; no kernel ran. (When every option has failed, BDS starts the
# disk's BOOTX64.EFI once more before giving up: two runs.)
sb_expect_refused() {
	local runs errors

	runs=$(mb_log_text | grep -c '^multiboot\.efi: version [^ ]*, loading the kernel from ')
	errors=$(mb_log_text | grep -c '^multiboot\.efi: error: ')
	expect_grep "^multiboot\\.efi: error: $1" "error line matching '$1'"
	if ((runs < 1 || errors != runs)); then
		mb_fail "$errors error lines in $runs runs of the app, want one each"
	elif (($(mb_log_text | grep -cE "^multiboot\\.efi: error: $1") != runs)); then
		mb_fail "an error line that does not match '$1'"
	fi
	if mb_log_text | grep -q 'entering the kernel'; then
		mb_fail "the app went on to the hand-off"
	fi
	expect_grep 'BdsDxe: failed to start Boot[0-9A-F]{4} "UEFI QEMU HARDDISK[^"]*" .*: Security Violation$' \
		"BDS line with the app's status, Security Violation"
	expect_grep "^$SB_BDS_END" "BDS going past the app ('$SB_BDS_END')"
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
}

# The signed app boots an allowlisted kernel and module from fw_cfg files.
case_sb_allowlisted() {
	sb_ready || return
	mb_add_module "$(sb_allowed_module)"
	sb_boot --source fwcfg --kernel "$SB_ALLOWED_KERNEL" \
		--append "mods=1 mbi=0x9500 mmap=0x9000 loader=$MB_LOADER"
	expect_kernel_pass
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_ALLOWED_KERNEL")" \
		"the built-in allowlist"
	sb_expect_authorised 'module 0 "[^"]*sb-allowed\.bin[^"]*"' \
		"$(sb_hash build/test-data/sb-allowed.bin)" "the built-in allowlist"
}

# The same files from the ESP: the shell is off under Secure Boot, so the
# signed app is the disk's BOOTX64.EFI and takes the file names from
# fw_cfg's opt/multiboot.efi/options.
case_sb_allowlisted_esp() {
	local img=$SB_DIR/$MB_CASE.$$.esp.img module options

	sb_ready || return
	module=$(sb_allowed_module)
	rm -f "$MB_ROOT/$img"
	if ! mkfs.fat -C -n SBESP "$MB_ROOT/$img" 4096 > /dev/null ||
		! mmd -i "$MB_ROOT/$img" ::/EFI ::/EFI/BOOT ::/boot ||
		! mcopy -i "$MB_ROOT/$img" "$MB_ROOT/$SB_APP" ::/EFI/BOOT/BOOTX64.EFI ||
		! mcopy -i "$MB_ROOT/$img" "$MB_ROOT/$SB_ALLOWED_KERNEL" "$MB_ROOT/$module" ::/boot/; then
		mb_fail "cannot build $img (mtools, dosfstools)"
		return
	fi
	# What the kernel is told, and checks: "\boot\FILE ARGS".
	# shellcheck disable=SC2034 # lib.sh's and expect.sh's per-case state
	MB_MOD_FILES=("$module")
	# shellcheck disable=SC2034
	MB_MOD_ARGS=("")
	# shellcheck disable=SC2034
	MB_MOD_NAMES=("\\boot\\$(basename "$module")")
	MB_APPEND="mods=1"
	MB_CMDLINE="\\boot\\$(basename "$SB_ALLOWED_KERNEL") $MB_APPEND"
	options="$MB_CMDLINE --module $(mb_module_cmdline 0)"
	# Not -initrd: mb_boot sees no modules; they are put back for the checks.
	MB_MOD_FILES=()
	sb_boot --esp-image "$img" --no-kernel \
		-- -fw_cfg "name=opt/multiboot.efi/options,string=$options"
	# shellcheck disable=SC2034
	MB_MOD_FILES=("$module")
	expect_kernel_pass
	expect_grep '^multiboot\.efi: kernel from file on this file system ' \
		"'kernel from file on this file system' line"
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_ALLOWED_KERNEL")" \
		"the built-in allowlist"
	sb_expect_authorised 'module 0 "\\boot\\sb-allowed\.bin[^"]*"' \
		"$(sb_hash build/test-data/sb-allowed.bin)" "the built-in allowlist"
	rm -f "$MB_ROOT/$img"
}

# A kernel in neither db nor the allowlist: one line naming it and its hash.
case_sb_kernel_refused() {
	sb_ready || return
	mb_add_module "$(sb_allowed_module)"
	sb_boot --source fwcfg --kernel "$SB_OTHER_KERNEL" --append "mods=1"
	sb_expect_refused "Secure Boot: the kernel file \\(sha256 $(sb_hash "$SB_OTHER_KERNEL")\\) is neither in db nor in the built-in allowlist\$"
}

# The kernel is allowed and so is the first module; the second is not.
case_sb_module_refused() {
	sb_ready || return
	mb_add_module "$(sb_allowed_module)"
	mb_add_module "$(sb_other_module)"
	sb_boot --source fwcfg --kernel "$SB_ALLOWED_KERNEL" --append "mods=2"
	sb_expect_refused "Secure Boot: module 1 \"[^\"]*sb-other\\.bin[^\"]*\" \\(sha256 $(sb_hash build/test-data/sb-other.bin)\\) is neither in db nor in the built-in allowlist\$"
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_ALLOWED_KERNEL")" \
		"the built-in allowlist"
	sb_expect_authorised 'module 0 "[^"]*sb-allowed\.bin[^"]*"' \
		"$(sb_hash build/test-data/sb-allowed.bin)" "the built-in allowlist"
}

# The snakeoil dbx lists SHA-256 e3b0c442...b855, the empty file's hash
# (OVMF's EnrollDefaultKeys enrols it as a placeholder, owner a0baa8a3-...):
# under these variables an empty module is always forbidden.
case_sb_empty_module_dbx() {
	sb_ready || return
	mb_add_module "$(sb_empty_module)"
	sb_boot --source fwcfg --kernel "$SB_ALLOWED_KERNEL" --append "mods=1"
	sb_expect_refused "Secure Boot: module 0 \"[^\"]*sb-empty\\.bin[^\"]*\" \\(sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\\) is forbidden by dbx\$"
}

# The unsigned build: the firmware refuses to load it (so enforcement is
# real) and goes on; the app never printed anything.
case_sb_unsigned_refused() {
	sb_ready || return
	mb_add_module "$(sb_allowed_module)"
	sb_boot --app "$SB_UNSIGNED" --source fwcfg --kernel "$SB_ALLOWED_KERNEL" \
		--append "mods=1"
	expect_grep 'BdsDxe: failed to load Boot[0-9A-F]{4} "UEFI QEMU HARDDISK[^"]*" .*: (Access Denied|Security Violation)$' \
		"BDS line refusing the unsigned app"
	expect_grep "^$SB_BDS_END" "BDS going past the app ('$SB_BDS_END')"
	if mb_log_text | grep -q 'multiboot\.efi'; then
		mb_fail "the unsigned app printed something"
	fi
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
}

# A -kernel payload cannot be authorised: the app says why and what to use.
case_sb_kernel_option_refused() {
	sb_ready || return
	sb_boot --kernel "$SB_ALLOWED_KERNEL" --append "mods=0"
	sb_expect_refused 'Secure Boot is enforcing and a -kernel payload cannot be authorised \(QEMU pads its image with uninitialised memory.*-fw_cfg name=opt/multiboot/kernel,file=KERNEL$'
}

# Variables with the snakeoil keys and our hashes in db and dbx, enrolled
# as a user can: the UEFI shell's `dmpstore -all -l keys.dmp` in Setup Mode
# sets db, dbx, KEK and then PK (which ends Setup Mode) from authenticated
# updates signed with the snakeoil key; then a shutdown. Made once into
# $SB_ENROLLED (cases share it, under a lock); fails the case if any
# variable was not set.
SB_ENROLLED=$SB_DIR/enrolled-vars.fd
sb_enrolled_vars() {
	local fd esp log qlog var fs status ok=1

	exec {fd}> "$MB_ROOT/$SB_DIR/enrol.lock"
	flock "$fd"
	if [[ -s $MB_ROOT/$SB_ENROLLED && $MB_ROOT/$SB_ENROLLED -nt $MB_ROOT/$SB_DIR/enrol/keys.dmp &&
		$MB_ROOT/$SB_ENROLLED -nt $OVMF_DIR/OVMF_VARS_4M.fd &&
		$MB_ROOT/$SB_ENROLLED -nt $SB_SNAKEOIL_CODE ]]; then
		exec {fd}>&-
		return 0
	fi
	esp=$(mktemp -d "${TMPDIR:-/tmp}/mbsb.XXXXXX")
	log=$MB_LOG_DIR/sb-enrol.serial.log
	qlog=$MB_LOG_DIR/sb-enrol.qemu.log
	cp "$MB_ROOT/$SB_DIR/enrol/keys.dmp" "$esp/"
	{
		echo '@echo -off'
		for fs in fs0 fs1 fs2 fs3; do
			echo "if exist $fs:\\keys.dmp then"
			echo "  $fs:"
			echo '  dmpstore -all -l keys.dmp'
			echo '  echo "enrol: %lasterror%"'
			echo '  reset -s'
			echo 'endif'
		done
	} > "$esp/startup.nsh"
	cp "$OVMF_DIR/OVMF_VARS_4M.fd" "$MB_ROOT/$SB_ENROLLED.new"
	: > "$log"
	(cd "$MB_ROOT" && exec timeout "$MB_QEMU_TIMEOUT" qemu-system-x86_64 \
		-machine q35,smm=on -m 256 -display none -vga none -no-reboot -nic none \
		-serial "file:$log" -monitor none \
		-global driver=cfi.pflash01,property=secure,value=on \
		-drive "if=pflash,format=raw,readonly=on,file=$SB_SNAKEOIL_CODE" \
		-drive "if=pflash,format=raw,file=$SB_ENROLLED.new" \
		-drive "format=raw,file=fat:rw:$esp" > "$qlog" 2>&1)
	status=$?
	rm -rf "$esp"
	echo "harness: enrolment QEMU status $status" >> "$qlog"
	# dmpstore names each variable it sets, and complains per failure
	# (highlighting names with escape sequences, which go first).
	sed -i 's/\x1b\[[0-9;=]*[A-Za-z]//g; s/\r//g' "$log"
	if ! grep -qx 'enrol: 0x0' "$log" || grep -q 'Failed to set variable' "$log"; then
		mb_fail "dmpstore -l did not set the variables (QEMU status $status, see $log)"
		ok=0
	fi
	for var in db dbx KEK PK; do
		if ! grep -q ":$var' DataSize = " "$log"; then
			mb_fail "dmpstore -l did not load $var (see $log)"
			ok=0
		fi
	done
	((ok)) && mv "$MB_ROOT/$SB_ENROLLED.new" "$MB_ROOT/$SB_ENROLLED"
	rm -f "$MB_ROOT/$SB_ENROLLED.new"
	exec {fd}>&-
	((ok))
}

# A kernel and a module authorised by db entries, not by the allowlist.
case_sb_db_authorised() {
	sb_ready || return
	sb_enrolled_vars || return
	mb_add_module "$(sb_db_module)"
	sb_boot --vars "$SB_ENROLLED" --source fwcfg --kernel "$SB_DB_KERNEL" --append "mods=1"
	expect_kernel_pass
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_DB_KERNEL")" db
	sb_expect_authorised 'module 0 "[^"]*sb-db\.bin[^"]*"' \
		"$(sb_hash build/test-data/sb-db.bin)" db
}

# dbx beats the allowlist: sb-allowed.bin is allowlisted and in dbx.
case_sb_dbx_beats_allowlist() {
	sb_ready || return
	sb_enrolled_vars || return
	mb_add_module "$(sb_allowed_module)"
	sb_boot --vars "$SB_ENROLLED" --source fwcfg --kernel "$SB_ALLOWED_KERNEL" --append "mods=1"
	sb_expect_refused "Secure Boot: module 0 \"[^\"]*sb-allowed\\.bin[^\"]*\" \\(sha256 $(sb_hash build/test-data/sb-allowed.bin)\\) is forbidden by dbx\$"
	sb_expect_authorised "the kernel file" "$(sb_hash "$SB_ALLOWED_KERNEL")" \
		"the built-in allowlist"
}
