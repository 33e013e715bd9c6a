# SPDX-License-Identifier: BSD-2-Clause
# Boot-test cases of the ways a user runs the app: the ESP image (make
# esp.img), options and kernels given from the UEFI shell (the wrapper's
# are in cases-wrapper.sh). Sourced after lib.sh.

# --- The ESP image ---------------------------------------------------------

esp_image_missing() {
	[[ -f $MB_ROOT/build/esp.img ]] && return 1
	mb_fail "build/esp.img missing (make esp.img)"
}

# The image as a user attaches it, with QEMU's -kernel/-initrd/-append.
case_esp_image() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	esp_image_missing && return
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --esp-image build/esp.img --append "mods=1"
	expect_kernel_pass
}

# No -kernel: BOOTX64.EFI returns EFI_NOT_FOUND, the firmware falls back
# to the UEFI shell, the image's startup.nsh runs the app once more and
# says why it stays in the shell.
case_esp_image_no_kernel() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	esp_image_missing && return
	mb_boot --esp-image build/esp.img --no-kernel
	expect_refused '-kernel'
	expect_line "startup.nsh: multiboot.efi did not boot (status 0xE); staying in the UEFI shell"
}

# --- Options from the UEFI shell ---------------------------------------------

case_option_help() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --app-args --help --append "mods=0"
	expect_no_boot
	expect_line "usage: multiboot.efi [OPTIONS] [KERNEL [ARGS] [--module FILE [ARGS]]...]"
	expect_grep '^  --no-rsdp ' "the --no-rsdp line of the usage"
	expect_app_status 0x0
}

case_option_version() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --app-args --version --append "mods=0"
	expect_no_boot
	expect_line "multiboot.efi 0.1.0"
	expect_app_status 0x0
}

# EFI_INVALID_PARAMETER, which the shell shows as 0x2.
case_option_unknown() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --app-args --bogus --append "mods=0"
	expect_no_boot
	expect_line "multiboot.efi: error: unknown option '--bogus' (try --help)"
	expect_grep '^usage: multiboot\.efi ' "usage after the error"
	expect_app_status 0x2
}

case_option_dry_run() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --app-args --dry-run --append "mods=1"
	expect_no_boot
	expect_grep '^multiboot\.efi: module 0 0x[0-9a-f]+-0x[0-9a-f]+ \(100000 bytes\)' "the plan's module line"
	expect_line "multiboot.efi: dry run: the payload is valid and fits; not booting"
	expect_app_status 0x0
}

# --dry-run --sha256: each line says what it hashed. A kernel file's hash
# is sha256sum's; QEMU's -kernel payload is the image as QEMU loaded it,
# which the line says is not the file.
case_option_sha256_files() {
	local kernel=build/tests/mbtest.elf module

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	module=$(test_data one.bin 100000)
	mb_add_module "$module"
	mb_boot --source fwcfg --app-args "--dry-run --sha256" --append "mods=1"
	expect_no_boot
	expect_line "multiboot.efi: sha256 $(sha256sum < "$kernel" | cut -d' ' -f1) the kernel file ($(stat -c %s "$kernel") bytes, as sha256sum hashes it)"
	expect_line "multiboot.efi: sha256 $(sha256sum < "$module" | cut -d' ' -f1) module 0 (100000 bytes) \"$(mb_module_cmdline 0)\""
	expect_app_status 0x0
}

case_option_sha256_kernel() {
	local module

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	module=$(test_data one.bin 100000)
	mb_add_module "$module"
	mb_boot --app-args "--dry-run --sha256" --append "mods=1"
	expect_no_boot
	expect_grep "^multiboot\.efi: sha256 [0-9a-f]{64} the kernel image as QEMU's -kernel loaded it \([0-9]+ bytes at 0x100000; not the file, which sha256sum hashes\)\$" \
		"a kernel hash line saying it is not the file's"
	expect_line "multiboot.efi: sha256 $(sha256sum < "$module" | cut -d' ' -f1) module 0 (100000 bytes) \"$(mb_module_cmdline 0)\""
	expect_app_status 0x0
}

# -q: the kernel boots and the app says nothing at all.
case_option_quiet() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --app-args -q --append "mods=1"
	expect_kernel_pass
	if mb_log_text | grep -q '^multiboot\.efi:'; then
		mb_fail "'multiboot.efi:' lines despite -q"
	fi
}

# -v: the firmware's memory map and every allocation as well.
case_option_verbose() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --app-args -v --append "mods=1"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: map 0x[0-9a-f]+-0x[0-9a-f]+ ' "'map 0x' lines"
	expect_grep '^multiboot\.efi: allocate 0x[0-9a-f]+-0x[0-9a-f]+$' "'allocate 0x' lines"
	expect_grep '^multiboot\.efi: loaded [0-9]+ KiB ' "the summary"
}

# --- Kernels from the ESP, by startup.nsh ----------------------------------------
# The app at the ESP's root, run by startup.nsh as
#   multiboot.efi [OPTIONS] \boot\KERNEL ARGS --module \boot\M ARGS ...
# The kernel's command line is "\boot\KERNEL ARGS", a module's "\boot\M ARGS".

case_esp_kernel() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)" "alpha beta=1"
	mb_add_module "$(test_data eight-6.bin 1048576)"
	mb_add_module "$(test_data eight-0.bin 0)"
	mb_boot --source esp --append "mods=3 mbi=0x9500 mmap=0x9000 ebda=1 loader=$MB_LOADER"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: multiboot info .*, transfer by file reads$' "summary naming file reads"
}

# Options before the kernel's path still apply (--strict refuses a kernel
# over ACPI NVS, read from the ESP).
case_esp_kernel_strict() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-bss16m.elf --source esp --app-args --strict --append "mods=0"
	expect_refused 'NVS'
}

# An x86-64 ELF from the ESP.
case_esp_kernel_elf64() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --kernel build/tests/mbtest64.elf --source esp --append "mods=1"
	expect_kernel_pass
}

# A module whose path has a blank, quoted on the shell's command line: the
# app opens the whole path (it used to open "\boot\my"), and the kernel's
# module string quotes it as GRUB does.
case_esp_module_path_with_space() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data 'my mod.bin' 4096)" "alpha"
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --source esp --append "mods=2"
	expect_kernel_pass
}

# A module that is not there: one error line naming it, back to the shell.
case_esp_missing_module() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --source esp --esp-tail '--module \boot\nope some args' --append "mods=2"
	expect_refused 'cannot open \\boot\\nope '
	expect_app_status 0xE
}

# The image's startup.nsh on 32-bit firmware runs BOOTIA32.EFI (it used to
# run only BOOTX64.EFI, which 32-bit firmware cannot start: status
# 0x80000003). The 32-bit shell prints statuses with their error bit.
case_esp_image_ia32() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	esp_image_missing && return
	mb_boot --ia32 --esp-image build/esp.img --no-kernel
	expect_refused '-kernel'
	expect_line "startup.nsh: multiboot.efi did not boot (status 0x8000000E); staying in the UEFI shell"
	(( $(mb_log_text | grep -c '^multiboot\.efi: error: ') == 2 )) ||
		mb_fail "the app did not run twice (boot option, then startup.nsh)"
}
