# SPDX-License-Identifier: BSD-2-Clause
# VGA text mode: kernels that print to 0xB8000 as a BIOS leaves the display.
# The text is read back from guest memory (pmemsave) and the screen checked.

# The 80x25 text buffer in $MB_MEMDUMP as lines of characters.
mb_text_lines() {
	od -An -v -tu1 -w160 "$MB_MEMDUMP" |
		awk '{ line = ""; for (i = 1; i <= NF; i += 2)
			line = line ($i >= 32 && $i < 127 ? sprintf("%c", $i) : " ");
		       sub(/ +$/, "", line); print line }'
}

# The sample kernel also draws a diagonal line of '\\' across its text (its
# framebuffer demo, in text mode): any character may be that.
expect_text() {
	local pattern='' c i

	for ((i = 0; i < ${#1}; i++)); do
		c=${1:i:1}
		pattern+="[$c\\\\]"
	done
	mb_text_lines | grep -qE -- "$pattern" || mb_fail "no \"$1\" on the text screen"
}

# A screen with only one colour is blank.
expect_screen_not_blank() {
	[[ -s $MB_SCREEN ]] || { mb_fail "no screendump"; return; }
	local colours
	colours=$(tail -c 288000 "$MB_SCREEN" | od -An -v -tx1 -w3 | sort -u | head -3 | wc -l)
	((colours > 1)) || mb_fail "the screen is blank"
}

# The Multiboot spec's own sample kernel (Debian's multiboot package) prints
# its MBI to 0xB8000. Its header asks for a 1024x768 graphics mode, which
# it never uses for text. Given as QEMU's -kernel it gets what QEMU's BIOS
# path gives a -kernel, text mode (with no option: it used to need
# --text-mode), and shows its text.
case_vga_spec_sample_kernel() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	local sample=/usr/lib/multiboot/examples/kernel module

	module=$(test_data vga-module.bin 5000)
	mb_boot --kernel "$sample" --display "-vga std" --append "hello world" \
		--until 'entering the kernel' --pmemsave 0xb8000 4000 \
		-- -initrd "$MB_ROOT/$module"
	expect_grep '^multiboot\.efi: VGA text mode 80x25 at 0xb8000 ' "app line naming text mode"
	[[ -s $MB_MEMDUMP ]] || { mb_fail "no memory dump of 0xb8000"; return; }
	# Its first line (mem_lower) has scrolled away: 25 rows hold the rest.
	expect_text "cmdline = $sample hello world"
	expect_text "mods_count = 1"
	expect_text "mod_start = 0x"  # its command line wraps, at a path-dependent place
	expect_text "mmap_addr = 0x9000"
	# The F segment, reserved as QEMU's BIOS path reports it.
	expect_text "base_addr = 0x0000f0000, length = 0x000010000, type = 0x2"
	expect_screen_not_blank
}

# Given as a file (fw_cfg files here), the sample kernel gets the 1024x768
# mode it asks for, as GRUB gives it.
case_vga_spec_sample_graphics() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel /usr/lib/multiboot/examples/kernel --source fwcfg --display "-vga std" \
		--until 'entering the kernel'
	expect_grep '^multiboot\.efi: video mode 1024x768 ' "app line naming the requested mode"
	if mb_log_text | grep -q 'VGA text mode'; then
		mb_fail "text mode set up for a kernel that asked for graphics"
	fi
}
