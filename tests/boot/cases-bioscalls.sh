# SPDX-License-Identifier: BSD-2-Clause
# Boot cases: kernels that drop back to real mode and call the BIOS.
# build/tests/mbreal.elf (tests/kernel/realmode/) makes int 12h and int 15h
# E820/E801/88h calls and checks every answer against its MBI; under
# multiboot.efi it also checks that int 10h, int 13h and an unknown int 15h
# function come back "unsupported" (CF set, AH = 86h) instead of hanging.
# Under MB_FIRMWARE=seabios the same kernel checks SeaBIOS's answers.
# Sourced by run.sh after lib.sh.

MBREAL_KERNEL=build/tests/mbreal.elf

# expect_mbreal_pass [SEGMENT]: the real-mode kernel passed, and (under
# OVMF) it was the app's shim that answered: the vectors point into it, in
# the F segment (segment 0xf000, the default) or, when that cannot be used,
# the EBDA (0x9fc0).
expect_mbreal_pass() {
	local shim=${1:-0xf000}

	((MB_SHELL)) && mb_fail "firmware reached the UEFI shell"
	[[ $MB_STATUS == 1 ]] || mb_fail "QEMU status $MB_STATUS, want 1"
	expect_line "mbreal: PASS"
	expect_line "mbreal: int12 ax=639 mem_lower=639"
	expect_grep '^mbreal: real mode, calling .* done$' "line of real-mode calls ending in 'done'"
	if mb_on_ovmf; then
		expect_grep '^mbreal: loader "multiboot\.efi[^"]*": unsupported calls checked$' \
			"line saying the unsupported calls were checked"
		expect_grep "^mbreal: bda ebda=0x9fc0 ivt 10h=$shim:0x[0-9a-f]+ 12h=$shim:0x[0-9a-f]+ 13h=$shim:0x[0-9a-f]+ 15h=$shim:0x[0-9a-f]+\$" \
			"IVT line with every vector in the shim (segment $shim)"
	fi
}

case_bioscalls_q35() {
	mb_boot --kernel "$MBREAL_KERNEL"
	expect_mbreal_pass
}

case_bioscalls_pc() {
	mb_boot --machine pc --kernel "$MBREAL_KERNEL"
	expect_mbreal_pass
}

# RAM above 4 GiB: E820 hands out entries past 32 bits, E801 stops at 4 GiB.
case_bioscalls_6g() {
	mb_boot --mem 6144 --kernel "$MBREAL_KERNEL"
	expect_mbreal_pass
}

# Little RAM: E801 and 88h answer from a small map.
case_bioscalls_128m() {
	mb_boot --mem 128 --kernel "$MBREAL_KERNEL"
	expect_mbreal_pass
}

# --no-fsegment: the shim in the EBDA instead, answering the same.
case_bioscalls_ebda_shim() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$MBREAL_KERNEL" -- -fw_cfg "$(mb_app_options --no-fsegment)"
	expect_mbreal_pass 0x9fc0
}
