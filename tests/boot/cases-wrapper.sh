# SPDX-License-Identifier: BSD-2-Clause
# Boot-test cases of tools/multiboot-qemu, run as scripts and test runners
# run QEMU: its routes, exit statuses, variables and options. Sourced after
# lib.sh.

WRAPPER=$MB_ROOT/tools/multiboot-qemu
# How long a refusal may take to end QEMU, from the wrapper's start.
WRAPPER_REFUSAL_SECONDS=40

# wrapper_run ARGS...: the wrapper (with this build of the app) under the
# harness's timeout, its output in $MB_LOG; sets MB_STATUS and
# WRAPPER_SECONDS (wall time, whole seconds).
wrapper_run() {
	local started=$SECONDS

	timeout "$MB_QEMU_TIMEOUT" env MULTIBOOT_EFI="$MBEFI" "$WRAPPER" "$@" \
		> "$MB_LOG" 2>&1 < /dev/null
	MB_STATUS=$?
	WRAPPER_SECONDS=$((SECONDS - started))
	echo "harness: wrapper status $MB_STATUS after $WRAPPER_SECONDS s: $*" >> "$MB_QEMU_LOG"
}

# expect_vm_ended STATUS: QEMU ended with STATUS, soon enough.
expect_vm_ended() {
	[[ $MB_STATUS == "$1" ]] || mb_fail "status $MB_STATUS, want $1"
	((WRAPPER_SECONDS <= WRAPPER_REFUSAL_SECONDS)) ||
		mb_fail "QEMU ended after $WRAPPER_SECONDS s, more than $WRAPPER_REFUSAL_SECONDS"
	if mb_log_text | grep -q '^mbtest: '; then
		mb_fail "the kernel ran"
	fi
}

# --- Booting ------------------------------------------------------------

# A BIOS-world command line, unchanged: the default route gives the app as
# QEMU's -kernel and the payload as its fw_cfg files.
case_wrapper() {
	mb_add_module "$(test_data one.bin 100000)" "via the wrapper"
	mb_boot --wrapper --append "mods=1 ebda=1 loader=$MB_LOADER"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel ' \
		"the app reading the files the wrapper made"
}

# --ia32: 32-bit OVMF (Debian's is a Secure Boot/SMM build, for which the
# wrapper adds smm=on and the secure flash itself) and the ia32 app.
case_wrapper_ia32() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --wrapper --ia32 --append "mods=1 loader=$MB_LOADER"
	expect_kernel_pass
	grep -q 'smm=on' "$MB_QEMU_LOG" && mb_fail "the harness, not the wrapper, turned SMM on"
}

# --esp: the app on a FAT drive, QEMU's own -kernel payload.
case_wrapper_esp() {
	mb_add_module "$(test_data one.bin 100000)" "via the ESP"
	mb_boot --wrapper --wrapper-option --esp --append "mods=1 ebda=1 loader=$MB_LOADER"
	expect_kernel_pass
	expect_line "multiboot.efi: kernel from QEMU -kernel payload"
}

# make install into a DESTDIR (PREFIX=/usr), then a boot through the
# installed wrapper without MULTIBOOT_EFI: it must find the installed app,
# $DESTDIR/usr/lib/multiboot-efi/multiboot.efi, by itself.
case_wrapper_installed() {
	local dest=$MB_LOG_DIR/$MB_CASE.destdir install_log=$MB_LOG_DIR/$MB_CASE.install.log
	local installed

	rm -rf "$dest"
	if ! make --no-print-directory -C "$MB_ROOT" install DESTDIR="$dest" PREFIX=/usr \
		> "$install_log" 2>&1; then
		mb_fail "make install failed: $(tail -n 1 "$install_log")"
		return
	fi
	installed=$(readlink -m "$dest/usr/lib/multiboot-efi/multiboot.efi")
	mb_add_module "$(test_data one.bin 100000)" "installed"
	mb_boot --wrapper-path "$dest/usr/bin/multiboot-qemu" --append "mods=1 loader=$MB_LOADER"
	expect_kernel_pass
	# The app it boots is the installed one.
	timeout 10 env -u MULTIBOOT_EFI "$dest/usr/bin/multiboot-qemu" --print-command \
		-kernel "$MB_KERNEL" > "$MB_LOG.command" 2>&1
	grep -qF "'-kernel' '$installed'" "$MB_LOG.command" ||
		mb_fail "the installed wrapper's QEMU command lacks -kernel $installed: $(head -c 300 "$MB_LOG.command")"
	rm -rf "$dest"
}

# Both routes give the kernel the same layout: kernel, MBI, command line,
# module list and modules at the same addresses, the same memory sizes.
case_wrapper_routes_same_layout() {
	local route lines=() layout='^mbtest: (kernel start|flags|cmdline|loader|mods_count|module [0-9]|mmap_addr)'

	mb_add_module "$(test_data one.bin 100000)" "first"
	mb_add_module "$(test_data eight-3.bin 4096)"
	for route in default esp; do
		if [[ $route == esp ]]; then
			mb_boot --wrapper --wrapper-option --esp --append "mods=2 loader=$MB_LOADER"
		else
			mb_boot --wrapper --append "mods=2 loader=$MB_LOADER"
		fi
		expect_kernel_pass
		lines+=("$(mb_log_text | grep -E "$layout")")
		cp "$MB_LOG" "$MB_LOG_DIR/$MB_CASE.$route.serial.log"
	done
	[[ -n ${lines[0]} && ${lines[0]} == "${lines[1]}" ]] ||
		mb_fail "the routes differ: $(diff <(echo "${lines[0]}") <(echo "${lines[1]}") | tr '\n' ' ')"
}

# The Multiboot specification's sample kernel through the wrapper shows its
# text, as under QEMU's BIOS path: VGA text mode whatever it asks for.
case_wrapper_spec_sample_text() {
	local sample=/usr/lib/multiboot/examples/kernel

	[[ -f $sample ]] || { mb_fail "$sample missing (apt-get install multiboot)"; return; }
	mb_boot --wrapper --kernel "$sample" --display "-vga std" --append "hello world" \
		--until 'entering the kernel' --pmemsave 0xb8000 4000
	expect_grep '^multiboot\.efi: VGA text mode 80x25 at 0xb8000 ' "app line naming text mode"
	[[ -s $MB_MEMDUMP ]] || { mb_fail "no memory dump of 0xb8000"; return; }
	expect_text "cmdline = $sample hello world"
	expect_text "mmap_addr = 0x9000"
}

# The bytes of available (type 1) memory in the map the test kernel prints
# (mbtest: mmap N addr=A len=L type=T), read from stdin.
available_bytes() {
	local len total=0

	for len in $(tr -d '\r' | sed -n 's/^mbtest: mmap [0-9]* addr=[^ ]* len=\([^ ]*\) type=1$/\1/p'); do
		total=$((total + len))
	done
	echo "$total"
}

# Without -m, the kernel has at least the memory it has under QEMU's BIOS
# path with the same command line (OVMF's runtime services and ACPI take
# about 21 MiB at the top of RAM: with QEMU's 128 MiB, kvm-unit-tests'
# sieve ran out of memory); an -m of the user's stays as it is.
case_wrapper_default_memory() {
	local args=(-display none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
		-kernel build/tests/mbtest.elf -append "mods=0 loader=") bios uefi

	timeout 60 qemu-system-x86_64 "${args[@]}qemu" < /dev/null > "$MB_LOG.bios" 2>&1
	bios=$(available_bytes < "$MB_LOG.bios")
	wrapper_run "${args[@]}multiboot.efi"
	expect_line "mbtest: PASS"
	uefi=$(mb_log_text | available_bytes)
	((bios > 100 << 20)) || mb_fail "SeaBIOS's map shows $bios bytes available"
	((uefi >= bios)) || mb_fail "$uefi bytes available through the wrapper, $bios under SeaBIOS"
	wrapper_run --print-command -m 96 -kernel build/tests/mbtest.elf
	[[ $(grep -o "'-m' '[^']*'" "$MB_LOG") == "'-m' '96'" ]] ||
		mb_fail "the user's -m 96 changed: $(grep -o "'-m' [^ ]*" "$MB_LOG" | tr '\n' ' ')"
}

# Killed at any moment, the wrapper leaves no file in TMPDIR: its private
# variables store and ESP image are unlinked once open, and a signal before
# that removes them (it left both behind when killed 0.1-0.3 s in).
case_wrapper_killed_leaves_nothing() {
	local dir=$MB_LOG_DIR/$MB_CASE.tmp delay signal left

	rm -rf "$dir" && mkdir -p "$dir"
	for delay in 0.02 0.05 0.08 0.1 0.12 0.15 0.2 0.3 0.5 1; do
		for signal in TERM INT; do
			TMPDIR=$dir MULTIBOOT_EFI=$MBEFI timeout -s "$signal" "$delay" "$WRAPPER" --esp \
				-display none -kernel build/tests/mbtest.elf < /dev/null > /dev/null 2>&1
			left=$(ls -A "$dir")
			[[ -z $left ]] || { mb_fail "killed (SIG$signal) after $delay s, it left: $left"; break 2; }
		done
	done
	rm -rf "$dir"
}

# Failing while it builds the ESP image (here mkfs.fat writes part of the
# image, then fails, as on a full disk), the wrapper says so, exits 1 and
# leaves no file in TMPDIR (it left the partial image behind).
case_wrapper_failure_leaves_nothing() {
	local dir=$MB_LOG_DIR/$MB_CASE.tmp bin=$MB_LOG_DIR/$MB_CASE.bin left

	rm -rf "$dir" "$bin" && mkdir -p "$dir" "$bin"
	printf '#!/bin/sh\n# mkfs.fat -C -n LABEL IMAGE BLOCKS\nhead -c 4096 /dev/zero > "$4"\nexit 1\n' \
		> "$bin/mkfs.fat"
	chmod +x "$bin/mkfs.fat"
	PATH=$bin:$PATH TMPDIR=$dir wrapper_run --esp -kernel build/tests/mbtest.elf
	[[ $MB_STATUS == 1 ]] || mb_fail "status $MB_STATUS, want 1"
	expect_grep '^multiboot-qemu: error: cannot make the ESP image' "error line naming the ESP image"
	left=$(ls -A "$dir")
	[[ -z $left ]] || mb_fail "it left: $left"
	rm -rf "$dir" "$bin"
}

# --- Ending the VM: what scripts see --------------------------------------

# A kernel the app refuses (linked where there is no RAM): QEMU ends at
# once with 129 + 2 x EFI_LOAD_ERROR, the error line on the console.
# QEMU's default NIC is there: it used to mean 135 s of network boot.
case_wrapper_refused_kernel_exits() {
	wrapper_run -m 128 -display none -serial stdio -no-reboot \
		-kernel build/tests/mbtest-noram.bin
	expect_vm_ended 131
	expect_grep '^multiboot\.efi: error: .*0x20000000' "the app's error line"
}

# A bad app option: 129 + 2 x EFI_INVALID_PARAMETER, and the usage.
case_wrapper_bad_option_exits() {
	wrapper_run --options --bogus -display none -serial stdio -no-reboot \
		-kernel build/tests/mbtest.elf
	expect_vm_ended 133
	expect_line "multiboot.efi: error: unknown option '--bogus' (try --help)"
	expect_grep '^usage: multiboot\.efi ' "the usage"
}

# A file that is no Multiboot kernel (QEMU's BIOS path would start it as an
# old Linux zImage and hang): refused at once, by both routes.
case_wrapper_not_multiboot_exits() {
	wrapper_run -display none -serial stdio -no-reboot -kernel build/tests/notmultiboot.bin
	expect_vm_ended 131
	expect_grep '^multiboot\.efi: error: .*no Multiboot header' "the app's error line"
	wrapper_run --esp -display none -serial stdio -no-reboot \
		-kernel build/tests/notmultiboot.bin
	expect_vm_ended 135
	expect_grep '^multiboot\.efi: error: QEMU did not load -kernel as a Multiboot kernel' \
		"the app's error line (--esp)"
}

# A -kernel QEMU cannot read: QEMU's own error and status, as without the
# wrapper (kvm-unit-tests probes QEMU this way).
case_wrapper_missing_kernel_exits() {
	wrapper_run -display none -serial stdio -kernel build/tests/no-such-kernel
	expect_vm_ended 1
	expect_grep "could not (load|open) kernel file 'build/tests/no-such-kernel'" "QEMU's error"
}

# A dry run powers the VM off: status 0.
case_wrapper_dry_run_exits() {
	wrapper_run --options --dry-run -display none -serial stdio -no-reboot \
		-kernel build/tests/mbtest.elf
	expect_vm_ended 0
	expect_line "multiboot.efi: dry run: the payload is valid and fits; not booting"
}

# Secure Boot (Debian's snakeoil keys, enrolled): the signed app refuses a
# kernel that is not authorised, and QEMU ends with 129 + 2 x
# EFI_SECURITY_VIOLATION instead of waiting at the firmware's prompt.
case_wrapper_secure_boot_refusal_exits() {
	[[ -f $MB_ROOT/build/sb/signed.efi ]] || { mb_fail "build/sb/signed.efi missing (make sb-test-apps)"; return; }
	MBEFI=$MB_ROOT/build/sb/signed.efi \
	OVMF_CODE=$OVMF_DIR/OVMF_CODE_4M.snakeoil.fd OVMF_VARS=$OVMF_DIR/OVMF_VARS_4M.snakeoil.fd \
		wrapper_run -display none -serial stdio -no-reboot -kernel build/tests/mbtest-16m.elf
	expect_vm_ended 181
	expect_grep '^multiboot\.efi: error: Secure Boot: the kernel file \(sha256 [0-9a-f]+\) is neither in db nor in the built-in allowlist$' \
		"the app's Secure Boot refusal"
}

# --- As a test runner's $QEMU ----------------------------------------------

# kvm-unit-tests names the emulator in QEMU and runs it as
# tests/boot/qemu-runner.sh does. The wrapper ignores QEMU (it used to run
# itself, without end): the runner sees QEMU's help and devices, and the
# test's exit status is what plain QEMU's BIOS path gives.
case_wrapper_as_test_runner_qemu() {
	local bios_status

	timeout 60 env QEMU=qemu-system-x86_64 "$MB_ROOT/tests/boot/qemu-runner.sh" \
		build/tests/mbtest.elf -append "mods=0 loader=qemu" > "$MB_LOG.bios" 2>&1
	bios_status=$?
	grep -qx 'mbtest: PASS' <(tr -d '\r' < "$MB_LOG.bios") ||
		mb_fail "the runner's plain-QEMU (SeaBIOS) run did not pass (status $bios_status)"
	WRAPPER_SECONDS=$SECONDS
	timeout "$MB_QEMU_TIMEOUT" env QEMU="$WRAPPER" MULTIBOOT_EFI="$MBEFI" \
		"$MB_ROOT/tests/boot/qemu-runner.sh" build/tests/mbtest.elf \
		-append "mods=0 loader=multiboot.efi" > "$MB_LOG" 2>&1
	MB_STATUS=$?
	[[ $MB_STATUS == "$bios_status" ]] ||
		mb_fail "status $MB_STATUS through the wrapper, $bios_status with plain QEMU"
	expect_line "mbtest: PASS"
	expect_grep '^runner: QEMU emulator version ' "QEMU's version line first in -h"
	if grep -q 'multiboot-qemu: error' "$MB_LOG"; then
		mb_fail "the wrapper refused"
	fi
}

# MULTIBOOT_QEMU naming the wrapper (by a symlink, even): one error, exit 1.
case_wrapper_refuses_to_run_itself() {
	local link=$MB_LOG_DIR/$MB_CASE.qemu-system-x86_64

	ln -sf "$WRAPPER" "$link"
	MULTIBOOT_QEMU=$link wrapper_run -kernel build/tests/mbtest.elf
	[[ $MB_STATUS == 1 ]] || mb_fail "status $MB_STATUS, want 1"
	expect_grep "^multiboot-qemu: error: MULTIBOOT_QEMU=.* is this wrapper" "the error naming MULTIBOOT_QEMU"
	# First on PATH under QEMU's own name: skipped for the real one.
	PATH=$MB_LOG_DIR:$PATH
	mv "$link" "$MB_LOG_DIR/qemu-system-x86_64"
	wrapper_run --print-command -kernel build/tests/mbtest.elf
	rm -f "$MB_LOG_DIR/qemu-system-x86_64"
	[[ $MB_STATUS == 0 ]] || mb_fail "status $MB_STATUS with the wrapper first on PATH"
	grep -q "^'$(command -v qemu-system-x86_64)'" "$MB_LOG" ||
		mb_fail "the wrapper first on PATH was not skipped for QEMU"
}

# --- Options and environment -------------------------------------------------

case_wrapper_no_qemu() {
	MULTIBOOT_QEMU=/nonexistent wrapper_run -kernel build/tests/mbtest.elf
	[[ $MB_STATUS == 1 ]] || mb_fail "status $MB_STATUS, want 1"
	expect_line "multiboot-qemu: error: MULTIBOOT_QEMU=/nonexistent: no such program"
	# A PATH with everything but QEMU.
	local bin=$MB_LOG_DIR/$MB_CASE.bin program

	rm -rf "$bin"
	mkdir -p "$bin"
	for program in /usr/bin/*; do
		[[ $program == */qemu-system-* ]] || ln -s "$program" "$bin/"
	done
	PATH=$bin wrapper_run -kernel build/tests/mbtest.elf
	rm -rf "$bin"
	[[ $MB_STATUS == 1 ]] || mb_fail "no QEMU on PATH: status $MB_STATUS, want 1"
	expect_grep '^multiboot-qemu: error: qemu-system-x86_64 not found \(Debian/Ubuntu: apt-get install qemu-system-x86' \
		"message naming the Debian package"
}

case_wrapper_firmware_variables() {
	OVMF_CODE=/nonexistent/OVMF_CODE.fd wrapper_run -kernel build/tests/mbtest.elf
	[[ $MB_STATUS == 1 ]] || mb_fail "missing OVMF_CODE: status $MB_STATUS, want 1"
	expect_line "multiboot-qemu: error: OVMF_CODE=/nonexistent/OVMF_CODE.fd: no such file"
	OVMF_VARS=/nonexistent/VARS.fd wrapper_run -kernel build/tests/mbtest.elf
	expect_line "multiboot-qemu: error: OVMF_VARS=/nonexistent/VARS.fd: no such file"
	# The code alone: the template beside it (the Secure Boot build shares
	# the plain one), and SMM turned on for it.
	OVMF_CODE=$OVMF_DIR/OVMF_CODE_4M.secboot.fd \
		wrapper_run --print-command -kernel build/tests/mbtest.elf
	expect_line "# /dev/fd/9: a private copy of $OVMF_DIR/OVMF_VARS_4M.fd"
	expect_grep "'-machine' 'q35,smm=on'" "SMM for the Secure Boot build"
	OVMF_CODE=$OVMF_DIR/OVMF_CODE_4M.snakeoil.fd \
		wrapper_run --print-command -kernel build/tests/mbtest.elf
	expect_line "# /dev/fd/9: a private copy of $OVMF_DIR/OVMF_VARS_4M.snakeoil.fd"
}

# With -no-reboot the variables template goes to OVMF read-only (a faster
# start; nothing a kernel sees changes); --writable-vars, or no -no-reboot,
# gives a private writable copy instead.
case_wrapper_variables_store() {
	local readonly_vars="'if=pflash,format=raw,readonly=on,file=$OVMF_DIR/OVMF_VARS_4M.fd'"

	wrapper_run --print-command -no-reboot -kernel build/tests/mbtest.elf
	grep -qF "$readonly_vars" "$MB_LOG" || mb_fail "-no-reboot: the template not read-only"
	grep -q '/dev/fd/9' "$MB_LOG" && mb_fail "-no-reboot: a private copy all the same"
	wrapper_run --print-command -action reboot=shutdown -kernel build/tests/mbtest.elf
	grep -qF "$readonly_vars" "$MB_LOG" || mb_fail "-action reboot=shutdown: the template not read-only"
	wrapper_run --print-command --writable-vars -no-reboot -kernel build/tests/mbtest.elf
	expect_line "# /dev/fd/9: a private copy of $OVMF_DIR/OVMF_VARS_4M.fd"
	wrapper_run --print-command -kernel build/tests/mbtest.elf
	expect_line "# /dev/fd/9: a private copy of $OVMF_DIR/OVMF_VARS_4M.fd"
}

# --print-command runs nothing; --ia32 may come anywhere; --options reach
# the app as its -append; a -kernel's module strings become fw_cfg files.
case_wrapper_print_command() {
	local cmd

	wrapper_run --print-command -m 512 -kernel build/tests/mbtest.elf \
		-initrd "build/test-data/one.bin a,,b,build/test-data/str-b.bin" -append "x y" \
		--options "--strict -v" --ia32
	[[ $MB_STATUS == 0 ]] || mb_fail "status $MB_STATUS, want 0"
	cmd=$(head -n 1 "$MB_LOG")
	for want in "'-append' '--bios-video --multiboot1 --strict -v'" "OVMF32_CODE_4M.secboot.fd" \
		"'-kernel' '$(readlink -f "$MBEFI")'" \
		"'name=opt/multiboot/cmdline,string=build/tests/mbtest.elf x y'" \
		"'name=opt/multiboot/module/0.cmdline,string=build/test-data/one.bin a,,b'" \
		"'name=opt/multiboot/module/1,file=build/test-data/str-b.bin'" \
		"'isa-debug-exit,iobase=0x5e0,iosize=1'"; do
		[[ $cmd == *"$want"* ]] || mb_fail "the command lacks $want"
	done
	[[ $cmd == *"-initrd"* ]] && mb_fail "the command still has -initrd"
	MBEFI=$MBEFI_IA32 wrapper_run --print-command --ia32 -kernel build/tests/mbtest.elf \
		-device isa-debug-exit,iobase=0x5e0
	grep -q "'isa-debug-exit,iobase=0x5e2,iosize=1'" "$MB_LOG" ||
		mb_fail "the exit device did not move off the user's port 0x5e0"
}

# QEMU takes every option with two dashes too: a value-less one so written
# (--no-reboot) must not swallow the next word (it took -kernel away: no
# app, and OVMF network-booted until the timeout).
case_wrapper_double_dash_flags() {
	wrapper_run --print-command --no-reboot -kernel build/tests/mbtest.elf --nodefaults \
		-append x
	grep -q "'name=opt/multiboot/kernel,file=build/tests/mbtest.elf'" "$MB_LOG" ||
		mb_fail "--no-reboot swallowed -kernel"
	grep -q "'name=opt/multiboot/cmdline,string=build/tests/mbtest.elf x'" "$MB_LOG" ||
		mb_fail "--nodefaults swallowed -append"
	grep -qF "'if=pflash,format=raw,readonly=on,file=$OVMF_DIR/OVMF_VARS_4M.fd'" "$MB_LOG" ||
		mb_fail "--no-reboot not seen as -no-reboot (the store is not read-only)"
}

# --version: the wrapper's (its app's); --qemu-version: QEMU's. A symlink
# to the wrapper finds the app of the tree it points into.
case_wrapper_version_and_symlink() {
	local link=$MB_LOG_DIR/$MB_CASE.link version

	version=$(sed -n 's/^VERSION := //p' "$MB_ROOT/Makefile")
	ln -sf "$WRAPPER" "$link"
	timeout 10 env -u MULTIBOOT_EFI "$link" --version > "$MB_LOG" 2>&1
	expect_line "multiboot-qemu $version (the app: $MB_ROOT/build/multiboot.efi)"
	timeout 10 "$link" --qemu-version > "$MB_LOG" 2>&1
	expect_grep '^QEMU emulator version ' "QEMU's version"
	rm -f "$link"
}

# --- make run ----------------------------------------------------------------

# The README's demo (tests/demo.sh, what `make run` runs once the app and
# the test kernel are built): the kernel boots through the wrapper and its
# checks pass.
case_make_run_demo() {
	timeout "$MB_QEMU_TIMEOUT" "$MB_ROOT/tests/demo.sh" > "$MB_LOG" 2>&1 < /dev/null
	MB_STATUS=$?
	[[ $MB_STATUS == 0 ]] || mb_fail "tests/demo.sh: status $MB_STATUS"
	expect_line "mbtest: PASS"
	expect_line "demo: the kernel booted and all its checks passed"
	expect_grep '^  tools/multiboot-qemu .*-kernel build/tests/mbtest\.elf' "the command it runs"
}
