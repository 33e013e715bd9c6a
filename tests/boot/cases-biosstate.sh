# SPDX-License-Identifier: BSD-2-Clause
# Boot cases: the machine state a BIOS leaves, which BIOS-era kernels rely
# on without asking. What QEMU's BIOS path (SeaBIOS 1.16 and QEMU's
# multiboot option ROM) leaves at a Multiboot kernel's entry, on q35 and pc:
#   - the 8259s at vector bases 0x08 and 0x70, cascaded on IRQ 2, masks
#     0xb8 (master) and 0x8e (slave), ELCR 0x00/0x0c (IRQs 10 and 11
#     level-triggered); the PIT's channel 0 in mode 2, low/high byte,
#     binary, reload 0 (65536, 18.2 Hz); IVT entries for the IRQ vectors
#     whose handlers keep the BDA tick count at 0x46C and end the interrupt;
#     interrupts off (IF=0);
#   - in 0xE0000-0xFFFFF, on paragraphs: the ACPI RSDP, an SMBIOS entry
#     point, an MP floating pointer and its PCMP table (one processor entry
#     per package, see the smp4 cases), with 0xF0000-0xFFFFF reserved in
#     the memory map.
# The kernels check all of it themselves (tests/kernel/pic.c, fseg.c,
# realmode/): mbtest and mb2test32 with "pic=1 fseg=1 cpus=N", mbreal with
# "rmtimer=1". Every case that does not depend on the app passes under
# MB_FIRMWARE=seabios too; the others say "OVMF only".
# Sourced by run.sh after lib.sh.

BS_MBREAL=build/tests/mbreal.elf
BS_MBREAL_MB2=build/tests/mbreal-mb2.elf
BS_MB2_I386=build/tests/mb2test32.elf
# The app's option that leaves 0xE0000-0xFFFFF alone.
BS_NO_FSEGMENT=--no-fsegment
# With 4 vCPUs, as cases-matrix.sh runs them: one host core per QEMU.
BS_SMP4_ACCEL=(-accel 'tcg,thread=single')

# The kernel's lines for pic=1: the values themselves are checked in the
# kernel, these show the checks ran and what they saw.
expect_pic_lines() {
	expect_line "mbtest: pic imr master=0xb8 slave=0x8e elcr master=0x0 slave=0xc"
	expect_grep '^mbtest: pit channel 0 status=0x[0-9a-f]+ access=3 mode=2 bcd=0$' \
		"PIT channel 0 line saying low/high byte, mode 2, binary"
	expect_grep '^mbtest: pic irq 0 at vector 0x8: [0-9]+ times$' "line on IRQ 0 at vector 0x08"
	expect_grep '^mbtest: pic irq 8 at vector 0x70: [0-9]+ times$' "line on IRQ 8 at vector 0x70"
}

# expect_fseg_lines CPUS [rsdp]: the structures the scan found, each in
# 0xE0000-0xFFFFF; the RSDP too unless the second word is "no-rsdp".
expect_fseg_lines() {
	local cpus=$1 rsdp=${2:-rsdp} at='0x[ef][0-9a-f]{4}'

	if [[ $rsdp == no-rsdp ]]; then
		expect_line "mbtest: fseg rsdp none"
	else
		expect_grep "^mbtest: fseg rsdp at $at " "RSDP found in 0xE0000-0xFFFFF"
	fi
	expect_grep "^mbtest: fseg smbios _SM3?_ at $at " "SMBIOS entry point found in 0xE0000-0xFFFFF"
	expect_grep "^mbtest: fseg mp _MP_ at $at " "MP floating pointer found in 0xE0000-0xFFFFF"
	expect_grep "^mbtest: fseg mp PCMP at 0x[0-9a-f]+ .* enabled=$cpus " \
		"PCMP line with $cpus enabled processors"
}

# bs_state_case CPUS [mb_boot options]: mbtest checks the PICs, takes
# interrupts, and finds the BIOS tables with CPUS processors.
bs_state_case() {
	local cpus=$1

	shift
	mb_boot --append "mods=0 pic=1 fseg=1 cpus=$cpus" "$@"
	expect_kernel_pass
	expect_pic_lines
	expect_fseg_lines "$cpus"
	if mb_on_ovmf; then
		expect_fseg_report "$cpus"
	fi
}

# expect_fseg_report CPUS: the app's line naming the tables it wrote, with
# the MP table's processor count ("1 processor", "4 processors").
expect_fseg_report() {
	local cpus=$1 noun=processors

	((cpus == 1)) && noun=processor
	expect_grep "^multiboot\.efi: BIOS tables in the F segment: .*, MP 0x[0-9a-f]+ \($cpus $noun\)\$" \
		"app line naming the MP table with $cpus $noun"
}

# The real-mode timer line: ticks counted, nothing left in service.
expect_rmtimer_line() {
	expect_grep '^mbreal: rmtimer ivt 08h=0x[0-9a-f]+:0x[0-9a-f]+ ticks 0x[0-9a-f]+ -> 0x[0-9a-f]+ \(\+[0-9]+\) isr=0x0$' \
		"rmtimer line with ticks counted and nothing in service"
}

# mbreal with rmtimer=1 bioscalls=0: only the timer, for the Secure
# Boot/SMM builds, where the app has no EBDA and so no BIOS-call shim.
expect_rmtimer_only_pass() {
	((MB_SHELL)) && mb_fail "firmware reached the UEFI shell"
	[[ $MB_STATUS == 1 ]] || mb_fail "QEMU status $MB_STATUS, want 1"
	expect_line "mbreal: PASS"
	expect_line "mbreal: no BIOS calls (bioscalls=0)"
	expect_rmtimer_line
}

# --- PICs, PIT and BIOS tables (mbtest) ------------------------------------

case_biosstate_q35() {
	bs_state_case 1
}

case_biosstate_pc() {
	bs_state_case 1 --machine pc
}

case_biosstate_ia32() {
	bs_state_case 1 --ia32
}

case_biosstate_secboot() {
	bs_state_case 1 --secboot
}

# Four packages of one CPU each: SeaBIOS lists every package's first
# logical CPU, so all four, as the app lists every CPU of the MADT.
case_biosstate_q35_smp4() {
	bs_state_case 4 --smp 4,sockets=4 -- "${BS_SMP4_ACCEL[@]}"
}

case_biosstate_pc_smp4() {
	bs_state_case 4 --machine pc --smp 4,sockets=4 -- "${BS_SMP4_ACCEL[@]}"
}

# -smp 4 as QEMU 7.2 lays it out: one package of four cores. The app lists
# every processor the MADT has, as its README says.
case_biosstate_q35_smp4_cores() {
	mb_on_ovmf || { mb_skip "OVMF only: SeaBIOS lists one processor per package"; return; }
	bs_state_case 4 --smp 4 -- "${BS_SMP4_ACCEL[@]}"
}

# --no-rsdp: no RSDP in the EBDA or the F segment; SMBIOS and the MP table
# are still there.
case_biosstate_no_rsdp() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --append "mods=0 rsdp=0 fseg=1 cpus=1" -- -fw_cfg "$(mb_app_options --no-rsdp)"
	expect_kernel_pass
	expect_line "mbtest: rsdp none"
	expect_fseg_lines 1 no-rsdp
}

# The opt-out: nothing written to 0xE0000-0xFFFFF, so a scan finds nothing
# there; the RSDP copy in the EBDA stays.
case_biosstate_no_fsegment() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --append "mods=0 ebda=1 rsdp=1 fseg=0" -- -fw_cfg "$(mb_app_options "$BS_NO_FSEGMENT")"
	expect_kernel_pass
	expect_line "mbtest: fseg none"
	expect_grep '^mbtest: rsdp at 0x9fc10 ' "RSDP found in the EBDA"
}

# --- Timer interrupts in real mode (mbreal) --------------------------------

# The BIOS calls as in cases-bioscalls.sh, then interrupts on in real mode.
case_biosstate_rmtimer_q35() {
	mb_boot --kernel "$BS_MBREAL" --append "rmtimer=1"
	expect_mbreal_pass
	expect_rmtimer_line
}

case_biosstate_rmtimer_pc() {
	mb_boot --machine pc --kernel "$BS_MBREAL" --append "rmtimer=1"
	expect_mbreal_pass
	expect_rmtimer_line
}

case_biosstate_rmtimer_ia32() {
	mb_boot --ia32 --kernel "$BS_MBREAL" --append "rmtimer=1 bioscalls=0"
	expect_rmtimer_only_pass
}

case_biosstate_rmtimer_secboot() {
	mb_boot --secboot --kernel "$BS_MBREAL" --append "rmtimer=1 bioscalls=0"
	expect_rmtimer_only_pass
}

# --- Multiboot 2 kernels at their i386 entry ----------------------------------
# QEMU's -kernel cannot load them: OVMF only.

# The shim answers int 12h, E820, E801 and 88h from the same map as for a
# Multiboot 1 kernel (mbreal-mb2 checks them against tags 4 and 6).
case_biosstate_mb2_shim() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$BS_MBREAL_MB2" --source fwcfg
	expect_mbreal_pass
}

case_biosstate_mb2_rmtimer() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$BS_MBREAL_MB2" --source fwcfg --append "rmtimer=1 bioscalls=0"
	expect_rmtimer_only_pass
}

case_biosstate_mb2_i386() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$BS_MB2_I386" --source fwcfg --append "mods=0 entry=i386 pic=1 fseg=1 cpus=1"
	expect_kernel_pass
	expect_pic_lines
	expect_fseg_lines 1
}

case_biosstate_mb2_no_rsdp() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$BS_MB2_I386" --source fwcfg --append "mods=0 entry=i386 acpi=0 fseg=1 cpus=1" \
		-- -fw_cfg "$(mb_app_options --no-rsdp)"
	expect_kernel_pass
	expect_fseg_lines 1 no-rsdp
}
