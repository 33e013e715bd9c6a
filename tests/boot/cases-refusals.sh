# SPDX-License-Identifier: BSD-2-Clause
# Refusals: payloads the app must not boot. Each case checks that the app
# printed exactly one "multiboot.efi: error:" line naming the cause, that it
# returned an error and the firmware went on (to its next boot option, the
# UEFI shell, or on in startup.nsh), and that the kernel never ran. The
# cases on RAM ranges also dump the kernel's first bytes from the UEFI shell
# before and after the app ran: unchanged, and not the kernel's header, so
# nothing was written where the kernel would have gone.
# Sourced after lib.sh; run.sh runs every case_* here. cases.sh has the
# other refusals (no -kernel, not Multiboot, no RAM at the kernel, --strict).
#
# The kernels (tests/kernel/variants.mk) are linked where OVMF_CODE_4M.fd on
# q35 with -m 1024 keeps something; the map with that RAM and firmware is
# the same on every run (the app prints it with
# -fw_cfg name=opt/multiboot.efi/options,string=-v):
#   0x3f4ec000-0x3f6ec000 runtime-services  0x3f6ec000-0x3f76c000 reserved
#   0x3f76c000-0x3f77e000 ACPI-tables       0xb0000000-0xc0000000 reserved
#   0xffc00000-0x100000000 reserved (EfiMemoryMappedIO: the flash)

# How many bytes of the kernel's range the UEFI shell dumps.
REFUSAL_DUMP_BYTES=0x20

# The kernel variants' first four bytes, the Multiboot magic, as dmem
# prints them: never expected at the kernel's address after a refusal.
REFUSAL_MAGIC_BYTES='02 B0 AD 1B'

# refusal_esp_image ADDR: prints the path (from the repo root) of a FAT
# image holding the app and a startup.nsh that dumps ADDR, runs the app,
# prints its status, and dumps ADDR again, each between "harness:" lines.
refusal_esp_image() {
	local addr=$1 img=build/test-data/esp-$MB_CASE.img fs nsh

	nsh=$(mktemp "${TMPDIR:-/tmp}/refusal-nsh.XXXXXX")
	{
		echo '@echo -off'
		for fs in fs0 fs1 fs2 fs3; do
			echo "if exist $fs:\\multiboot.efi then"
			echo '  echo "harness: before"'
			echo "  dmem $addr $REFUSAL_DUMP_BYTES"
			echo "  $fs:\\multiboot.efi"
			echo '  echo "harness: app status %lasterror%"'
			echo "  dmem $addr $REFUSAL_DUMP_BYTES"
			echo '  echo "harness: after"'
			echo 'endif'
		done
	} > "$nsh"
	mkdir -p "$MB_ROOT/build/test-data"
	rm -f "$MB_ROOT/$img"
	if ! mkfs.fat -C -n MBREFUSAL "$MB_ROOT/$img" 2048 > /dev/null ||
	   ! mcopy -i "$MB_ROOT/$img" "$MBEFI" ::/multiboot.efi ||
	   ! mcopy -i "$MB_ROOT/$img" "$nsh" ::/startup.nsh; then
		rm -f "$nsh"
		return 1
	fi
	rm -f "$nsh"
	echo "$img"
}

# The dmem lines ("  3F5EC000: AF AF ...") between two harness lines.
refusal_dump() {
	mb_log_text | sed -n "/^$1/,/^$2/p" | grep -E '^ *[0-9A-F]+: '
}

# refusal_kernel KERNEL: succeeds if the variant was built, else fails the
# case saying so (QEMU alone would only say it could not load it).
refusal_kernel() {
	[[ -f $MB_ROOT/$1 ]] && return 0
	mb_fail "$1 missing: make test-kernels (tests/kernel/variants.mk)"
	return 1
}

# Exactly one error line, matching REGEX; the kernel did not run; the
# firmware reached the shell.
expect_one_refusal() {
	local count

	expect_refused "$1"
	count=$(mb_log_text | grep -c '^multiboot\.efi: error: ')
	((count == 1)) || mb_fail "$count 'multiboot.efi: error:' lines, want 1"
}

# refuse_kernel_at KERNEL ADDR REGEX: the app, run from startup.nsh, refuses
# KERNEL (linked at ADDR) with REGEX, returns EFI_LOAD_ERROR, and the bytes
# at ADDR are the same before and after it ran.
refuse_kernel_at() {
	local kernel=$1 addr=$2 regex=$3 img before after

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	refusal_kernel "$kernel" || return
	if ! img=$(refusal_esp_image "$addr"); then
		mb_fail "could not make the ESP image (mkfs.fat, mtools)"
		return
	fi
	mb_boot --kernel "$kernel" --append "mods=0" --esp-image "$img"
	rm -f "$MB_ROOT/$img"
	expect_one_refusal "$regex"
	expect_app_status 0x1
	before=$(refusal_dump 'harness: before$' 'multiboot\.efi: ')
	after=$(refusal_dump 'harness: app status' 'harness: after$')
	if [[ -z $before || -z $after ]]; then
		mb_fail "no dmem dump of $addr before and after the app"
	elif [[ $before != "$after" ]]; then
		mb_fail "the bytes at $addr changed while the app ran: '$before' then '$after'"
	fi
	if grep -q "$REFUSAL_MAGIC_BYTES" <<< "$after"; then
		mb_fail "the kernel's header is at $addr after the refusal"
	fi
}

# expect_boot_option_refused REGEX: the app ran as the disk's boot option, refused
# with REGEX and returned EFI_LOAD_ERROR, and the firmware's boot manager
# went on to its next option, the UEFI shell.
expect_boot_option_refused() {
	expect_one_refusal "$1"
	expect_grep '^BdsDxe: failed to start Boot[0-9A-F]{4} .*: Load Error$' \
		"boot manager line: the boot option failed with EFI_LOAD_ERROR"
	expect_grep '^BdsDxe: starting Boot[0-9A-F]{4} "EFI Internal Shell"' \
		"boot manager starting the UEFI shell after the app"
}

# --- a kernel range the firmware keeps ------------------------------------

# OVMF's runtime-services data: the OS's firmware calls live there.
case_refuse_runtime_services() {
	refuse_kernel_at build/tests/mbtest-at-runtime.bin 0x3f5ec000 \
		'the kernel image 0x3f5ec000-0x[0-9a-f]+ covers runtime-services memory 0x3f4ec000-0x3f6ec000$'
}

case_refuse_acpi_tables() {
	refuse_kernel_at build/tests/mbtest-at-acpi.bin 0x3f770000 \
		'the kernel image 0x3f770000-0x[0-9a-f]+ covers ACPI-tables memory 0x3f76c000-0x3f77e000$'
}

case_refuse_reserved() {
	refuse_kernel_at build/tests/mbtest-at-reserved.bin 0x3f72c000 \
		'the kernel image 0x3f72c000-0x[0-9a-f]+ covers reserved memory 0x3f6ec000-0x3f76c000$'
}

# refuse_kernel_boot KERNEL REGEX: booted as the boot option, the app
# refuses KERNEL with a line matching REGEX.
refuse_kernel_boot() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	refusal_kernel "$1" || return
	mb_boot --kernel "$1" --append "mods=0"
	expect_boot_option_refused "$2"
}

# q35's PCIe MMCONFIG window, reserved in the UEFI map.
case_refuse_mmconfig() {
	refuse_kernel_boot build/tests/mbtest-at-mmconfig.bin \
		'the kernel image 0xb0000000-0x[0-9a-f]+ covers reserved memory 0xb0000000-0xc0000000$'
}

# The flash below 4 GiB, EfiMemoryMappedIO in the UEFI map.
case_refuse_flash_mmio() {
	refuse_kernel_boot build/tests/mbtest-at-flash.bin \
		'the kernel image 0xffc00000-0x[0-9a-f]+ covers reserved memory 0xffc00000-0x100000000$'
}

# --- modules that cannot all be placed below 4 GiB ------------------------

# 600 MiB of -initrd modules with 512 MiB of RAM. QEMU takes them (the
# blob lives in fw_cfg, not in guest RAM) and OVMF's copy of the blob
# fails quietly; the app places module 0 and refuses module 1.
case_refuse_modules_no_room() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data nofit-a.bin $((300 << 20)))"
	mb_add_module "$(test_data nofit-b.bin $((300 << 20)))"
	mb_boot --mem 512 --append "mods=2"
	expect_boot_option_refused \
		'module 1 \(314572800 bytes\) does not fit in free memory below 4 GiB$'
}

# 2 GiB of modules (fw_cfg files, which OVMF does not copy) with 8 GiB of
# RAM on q35: 6 GiB of it lies above 4 GiB, where Multiboot cannot put a
# module, and the 2 GiB below 4 GiB less the firmware cannot hold both.
case_refuse_modules_below_4g() {
	local gib

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	gib=$(test_data matrix-1g.bin $((1 << 30)))
	mb_add_module "$gib" "copy=1"
	mb_add_module "$gib" "copy=2"
	mb_boot --mem 8192 --source fwcfg --append "mods=2"
	expect_boot_option_refused \
		'module 1 \(1073741824 bytes\) does not fit in free memory below 4 GiB$'
}

# When ExitBootServices fails every time (a test build of the app, from
# make test-apps, passes a stale map key), the app gives up without calling
# any other boot service, as UEFI requires (it used to free its command
# line buffer); the test build reports any call on COM1. The firmware
# still answers, so it goes on to the UEFI shell.
case_exit_boot_services_fails() {
	local app=build/faults/exit-fails/multiboot.efi

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --app "$MB_ROOT/$app" --app-args "" --append "mods=0"
	expect_no_boot
	expect_grep '^multiboot\.efi: loaded [0-9]+ KiB .*; entering the kernel$' \
		"the app's last line before ExitBootServices"
	expect_app_status 0x2
	if mb_log_text | grep -q '^test: a boot service was called after a failed ExitBootServices'; then
		mb_fail "a boot service was called after ExitBootServices failed"
	fi
}
