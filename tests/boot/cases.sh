# SPDX-License-Identifier: BSD-2-Clause
# Boot-test cases. Each case_NAME function boots once and checks; run.sh
# runs them in the order they appear here. Sourced after lib.sh.

case_q35_no_modules() {
	mb_boot --append "mods=0 loader=$MB_LOADER"
	expect_kernel_pass
}

case_q35_one_module() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --append "mods=1"
	expect_kernel_pass
}

# Sizes around page boundaries, an empty module, and a few MiB.
case_eight_modules() {
	local sizes=(0 1 4095 4096 4097 65536 1048576 3145733) i

	for i in "${!sizes[@]}"; do
		mb_add_module "$(test_data "eight-$i.bin" "${sizes[$i]}")" "number=$i"
	done
	mb_boot --append "mods=8"
	expect_kernel_pass
}

case_pc_machine() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --machine pc --append "mods=1"
	expect_kernel_pass
}

# i440fx with the 2 MiB OVMF build (its own NVS layout).
case_pc_ovmf_2m() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --machine pc --code "$OVMF_DIR/OVMF_CODE.fd" --vars "$OVMF_DIR/OVMF_VARS.fd" \
		--append "mods=1"
	expect_kernel_pass
}

case_mem_128m() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --mem 128 --append "mods=1"
	expect_kernel_pass
}

# RAM above 4 GiB: the map has entries the kernel cannot address.
case_mem_6g() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --mem 6144 --append "mods=1"
	expect_kernel_pass
}

case_smp2() {
	mb_boot --smp 2 --append "mods=0"
	expect_kernel_pass
}

# QEMU places it from about 1 MiB on, across OVMF's NVS at 0x800000, so the
# app has to move it; the kernel checks every byte.
case_big_module() {
	mb_add_module "$(test_data big.bin $((64 << 20)))"
	mb_boot --append "mods=1"
	expect_kernel_pass
}

# Arguments after the file name, and ",," which QEMU turns into ",".
case_module_strings() {
	mb_add_module "$(test_data str-a.bin 3000)" "alpha beta=1"
	mb_add_module "$(test_data str-b.bin 5000)" "a,,b c,,,,d"
	mb_add_module "$(test_data str-c.bin 7000)"
	mb_boot --append "mods=3 some words and key=value"
	expect_kernel_pass
}

# A command line far longer than a page.
case_long_cmdline() {
	local append="mods=0" i

	for ((i = 0; i < 600; i++)); do
		append+=" word$i"
	done
	mb_boot --append "$append"
	expect_kernel_pass
}

case_aout_kludge() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --kernel build/tests/mbtest-aout.bin --append "mods=1"
	expect_kernel_pass
	expect_grep '^mbtest: kernel start=0x200000 ' "kernel at 2 MiB"
}

case_kernel_16m() {
	mb_boot --kernel build/tests/mbtest-16m.elf --append "mods=0"
	expect_kernel_pass
}

# Two PT_LOAD segments with a hole between them.
case_kernel_gap() {
	mb_boot --kernel build/tests/mbtest-gap.elf --append "mods=0"
	expect_kernel_pass
}

# fw_cfg without DMA: the app falls back to port I/O (about 25 MB/s, so
# the payload stays small). fw_cfg_io is the device on both q35 and pc.
dma_off() {
	# QEMU's own non-DMA multiboot ROM hangs under SeaBIOS (7.2).
	mb_on_ovmf || { mb_skip "QEMU's PIO multiboot ROM hangs"; return; }
	mb_add_module "$(test_data small.bin 20000)"
	mb_boot --machine "$1" --append "mods=1" -- -global fw_cfg_io.dma_enabled=off
	expect_kernel_pass
	expect_grep 'multiboot\.efi: .*port I/O' "app summary naming port I/O"
}

case_dma_off() {
	dma_off q35
}

case_dma_off_pc() {
	dma_off pc
	# 20 KB by port I/O takes no time: no progress line.
	if mb_log_text | grep -q '^multiboot\.efi: loading '; then
		mb_fail "a progress line for a short load"
	fi
}

# A load that takes seconds (16 MiB by port I/O) shows its progress on the
# console, redrawn in place, ending at 100%; the kernel gets every byte.
case_progress_port_io() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data sixteen.bin $((16 << 20)))"
	mb_boot --append "mods=1" -- -fw_cfg "name=opt/multiboot.efi/options,string=--no-dma"
	expect_kernel_pass
	# Each redraw starts after a carriage return.
	local redraws

	redraws=$(tr '\r' '\n' < "$MB_LOG" | grep -c '^multiboot\.efi: loading 16 MiB by port I/O: [0-9]*%$')
	((redraws >= 20)) || mb_fail "$redraws progress redraws, want at least 20"
	tr '\r' '\n' < "$MB_LOG" | grep -qx 'multiboot\.efi: loading 16 MiB by port I/O: 0%' ||
		mb_fail "no progress at 0%"
	tr -d '\r' < "$MB_LOG" | grep -q 'port I/O: 100%$' || mb_fail "no progress line ending at 100%"
}

# Where QEMU's BIOS ROM puts the MBI and the map, and the EBDA SeaBIOS
# reports: the app provides the same.
case_mbi_layout() {
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --append "mods=1 mbi=0x9500 mmap=0x9000 ebda=1 loader=$MB_LOADER"
	expect_kernel_pass
}

# .bss over OVMF's ACPI NVS at 0x800000: allowed, with a warning.
case_bss16m() {
	mb_boot --kernel build/tests/mbtest-bss16m.elf --append "mods=0"
	expect_kernel_pass
	if mb_on_ovmf; then
		expect_grep 'multiboot\.efi: warning: .*\b(0x)?0*80[0-9a-fA-F]{4}\b' \
			"warning naming the NVS range at 0x800000"
	fi
}

# --strict from the UEFI shell (startup.nsh passes it as a load option).
case_bss16m_strict() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-bss16m.elf --append "mods=0" --app-args --strict
	expect_refused 'NVS'
}

# --strict from QEMU's command line, the app's other source of options.
case_bss16m_strict_fw_cfg() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-bss16m.elf --append "mods=0" \
		-- -fw_cfg name=opt/multiboot.efi/options,string=--strict
	expect_refused 'NVS'
}

case_no_kernel() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --no-kernel
	expect_refused '-kernel'
}

# Linked at 512 MiB with 128 MiB of RAM.
case_noram() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-noram.bin --mem 128 --append "mods=0"
	expect_refused '0x20000000'
}

# QEMU starts this as an old Linux zImage; there is no multiboot payload.
case_not_multiboot() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/notmultiboot.bin
	expect_refused 'Multiboot'
}

# 32-bit UEFI: the app's ia32 build under 32-bit OVMF.
case_ia32_modules() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_add_module "$(test_data big.bin $((64 << 20)))"
	mb_boot --ia32 --append "mods=2 loader=$MB_LOADER"
	expect_kernel_pass
}

# SMM builds of OVMF reserve 0x30000-0x4FFFF and 0x9F000-0x9FFFF, so there
# is no EBDA (and mem_lower is 192): only the addresses are expected.
case_ia32_mbi_layout() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --ia32 --append "mods=0 mbi=0x9500 mmap=0x9000"
	expect_kernel_pass
}

case_secboot_x64() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --secboot --append "mods=1 mbi=0x9500 mmap=0x9000"
	expect_kernel_pass
}
