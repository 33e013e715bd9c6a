# SPDX-License-Identifier: BSD-2-Clause
# Boot-test cases beyond QEMU's BIOS path: the GOP framebuffer and VGA
# text mode, ACPI for BIOS-style scans, and kernels the app reads itself
# (fw_cfg files, the ESP, GNU Mach). Sourced after lib.sh.

# --- Video (MBI flags bit 12) ---------------------------------------------

# The app's options from QEMU's command line.
mb_app_options() {
	echo "name=opt/multiboot.efi/options,string=$1"
}

# fb_case TYPE DISPLAY-ARGS [mb_boot args]: the kernel checks the
# framebuffer of TYPE (rgb or text), draws its pattern and halts; the
# harness reads the screen back.
fb_case() {
	local type=$1 display=$2 want=1

	shift 2
	[[ $type == text ]] && want=2
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --display "$display" --screendump --append "mods=0 fb=$want fbdraw=1" "$@"
	expect_kernel_pass
	expect_fb_pattern "$type"
}

# A VGA adapter and a kernel that asks for no mode: VGA text mode 3, as a
# BIOS would leave it.
case_fb_vga_text() {
	fb_case text "-vga std"
	expect_grep '^multiboot\.efi: VGA text mode 80x25 at 0xb8000 ' "app line naming text mode"
}

# --keep-graphics: the GOP's linear framebuffer instead.
case_fb_vga_std() {
	fb_case rgb "-vga std" -- -fw_cfg "$(mb_app_options --keep-graphics)"
	expect_grep '^multiboot\.efi: framebuffer [0-9]+x[0-9]+, ' "app line naming the framebuffer"
}

# Not VGA-compatible (no text mode): the GOP framebuffer.
case_fb_bochs_display() {
	fb_case rgb "-vga none -device bochs-display"
	expect_grep '^multiboot\.efi: framebuffer [0-9]+x[0-9]+, ' "app line naming the framebuffer"
}

# OVMF's virtio-gpu driver offers only a blit GOP (no linear framebuffer),
# and the device is no VGA: the kernel must see no framebuffer.
case_fb_virtio_gpu() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --display "-vga none -device virtio-gpu-pci" --append "mods=0 fb=0"
	expect_kernel_pass
}

# No display device at all: no GOP, no framebuffer.
case_fb_none() {
	mb_boot --append "mods=0 fb=0"
	expect_kernel_pass
}

# The kernel's header asks for 800x600x32 linear graphics: the app switches
# the GOP mode (OVMF starts in 1280x800) and reports that framebuffer.
case_fb_mode_request() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-video.elf --source fwcfg --display "-vga std" --screendump \
		--append "mods=0 fb=1 fbw=800 fbh=600 fbdraw=1"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: video mode 800x600 \(the kernel asked for 800x600\)' \
		"app line on the mode switch"
	expect_fb_pattern rgb
}

# --- ACPI for BIOS-style scans --------------------------------------------

# The kernel scans the EBDA (segment from BDA 0x40E) and 0xE0000-0xFFFFF
# for "RSD PTR ", checks both checksums and follows the XSDT to a FADT
# with a valid checksum, in memory the map does not call available.
case_acpi_rsdp() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --append "mods=0 ebda=1 rsdp=1"
	expect_kernel_pass
	expect_line "multiboot.efi: ACPI RSDP (revision 2) copied to 0x9fc10"
	expect_grep '^mbtest: rsdp at 0x9fc10 revision=2 ' "RSDP found in the EBDA"
	expect_grep '^mbtest: acpi FACP at 0x[0-9a-f]+ length=[0-9]+ \(via XSDT\)$' "FADT via the XSDT"
}

# --no-rsdp: the same scan finds nothing, anywhere.
case_acpi_no_rsdp() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --append "mods=0 ebda=1 rsdp=0" -- -fw_cfg "$(mb_app_options --no-rsdp)"
	expect_kernel_pass
	expect_line "mbtest: rsdp none"
	if mb_log_text | grep -q 'ACPI RSDP .* copied'; then
		mb_fail "the app copied the RSDP despite --no-rsdp"
	fi
}

# --- Kernels from fw_cfg files (opt/multiboot/...) ------------------------
# No -kernel: the app reads the kernel file and modules itself and lays
# them out as QEMU would. The command line file is the kernel's whole
# command line (the harness writes "KERNEL APPEND", so the kernel's usual
# expectation also shows nothing was prepended); a module without a
# .cmdline file gets its fw_cfg name.

case_fwcfg_elf32() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)" "first module"
	mb_add_bare_module "$(test_data str-b.bin 5000)"
	mb_add_module "$(test_data eight-3.bin 4096)"
	mb_boot --source fwcfg --append "mods=3 mbi=0x9500 mmap=0x9000 loader=$MB_LOADER"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel \(ELF32' "app line naming the ELF32 file"
}

# An x86-64 ELF container: QEMU's -kernel refuses it outright...
case_fwcfg_elf64_qemu_refuses() {
	mb_boot --kernel build/tests/mbtest64.elf --append "mods=0"
	# QEMU exits 1 on errors, as isa-debug-exit does for a pass: the
	# message and a machine that never started tell them apart.
	[[ $MB_STATUS == 1 ]] || mb_fail "QEMU status $MB_STATUS, want 1 (an error)"
	grep -q "Cannot load x86-64 image" "$MB_QEMU_LOG" || mb_fail "no QEMU message refusing the x86-64 image"
	[[ -s $MB_LOG ]] && mb_fail "the machine started (serial output)"
}

# ... and the app boots it from the fw_cfg file.
case_fwcfg_elf64() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --kernel build/tests/mbtest64.elf --source fwcfg --append "mods=1"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel \(ELF64' "app line naming the ELF64 file"
}

case_fwcfg_aout_kludge() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --kernel build/tests/mbtest-aout.bin --source fwcfg --append "mods=1"
	expect_kernel_pass
	expect_grep '^mbtest: kernel start=0x200000 ' "kernel at 2 MiB"
}

# Two PT_LOAD segments with a hole between them.
case_fwcfg_kernel_gap() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-gap.elf --source fwcfg --append "mods=0"
	expect_kernel_pass
}

# GNU Mach (Debian's 64-bit build) from fw_cfg files, with its console on
# COM1 ("console=com0"). It runs its whole start-up, names the module it
# was given (a boot-script line that starts nothing) and idles, so the
# harness stops it. 128 MiB: GNU Mach takes its early heap from below
# 1 MiB + mem_upper, which OVMF's ACPI NVS at 8 MiB caps at 7 MiB, and its
# page table needs about 1/40 of RAM there: with 256 MiB or more it panics
# ("vm_page: no physical memory available") before its console is up.
# gnumach_boot [mb_boot options] [-- QEMU args]
gnumach_boot() {
	local kernel options=()

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	kernel=$(gnumach_kernel) || { mb_skip "gnumach-image-1.8-486 not installed"; return; }
	while (($#)) && [[ $1 != -- ]]; do
		options+=("$1")
		shift
	done
	(($#)) && shift
	mb_boot --no-kernel --mem 128 --until '^1 multiboot modules$' "${options[@]}" -- "$@" \
		-fw_cfg "name=opt/multiboot/kernel,file=$kernel" \
		-fw_cfg "name=opt/multiboot/cmdline,string=gnumach console=com0" \
		-fw_cfg "name=opt/multiboot/module/0,file=$(test_data gnumach-module.bin 5000)" \
		-fw_cfg "name=opt/multiboot/module/0.cmdline,string=gnumach-module one two"
	((MB_STOPPED)) || mb_fail "GNU Mach never got to its modules (QEMU status $MB_STATUS)"
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel \(ELF64' "app line naming the ELF64 file"
	expect_grep '^vm_page: page table size: [0-9]+ entries' "GNU Mach's memory set-up on COM1"
	expect_line "module 0: gnumach-module one two"
	if mb_log_text | grep -q '^panic'; then
		mb_fail "GNU Mach panicked"
	fi
}

case_gnumach() {
	gnumach_boot
}

# As the README's example runs it: through the wrapper, on QEMU's default
# machine, with a VGA. Its staging buffer lands at the top of OVMF's
# boot-services bin, where the firmware's console took pages while the app
# printed its plan (on serial and on the screen) before allocating: the app
# used to refuse it ("the firmware refused pages ... it listed as free").
# It now prints after allocating, and plans again from a fresh map if the
# firmware still takes planned pages meanwhile.
case_gnumach_pc() {
	gnumach_boot --wrapper --display "-vga std" -- -machine pc
}
