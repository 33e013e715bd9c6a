# SPDX-License-Identifier: BSD-2-Clause
# Multiboot 2 kernels (tests/kernel/mb2/), which QEMU's -kernel cannot
# load: the app reads them itself from fw_cfg files or the ESP, under x64
# and ia32 OVMF. The kernel walks every tag and checks it; the keys after
# its name say what it must find (tests/kernel/mb2/). Sourced after lib.sh.

MB2_I386=build/tests/mb2test32.elf
MB2_EFI32=build/tests/mb2test32-efi.elf
MB2_EFI64=build/tests/mb2test64.elf

# What every Multiboot 2 boot of the app must give: its name, ACPI and
# SMBIOS from the firmware, the system table of the firmware's width.
mb2_keys() { # efi-width
	echo "loader=$MB_LOADER acpi=1 smbios=1 efi=$1"
}

mb2_modules() {
	mb_add_module "$(test_data one.bin 100000)" "first module"
	mb_add_bare_module "$(test_data str-b.bin 5000)"
}

mb2_expect_origin() { # fw_cfg|file format
	expect_grep "^multiboot\\.efi: kernel from $1 .*\\($2, Multiboot 2, " \
		"app line naming a Multiboot 2 $2 kernel"
}

mb2_expect_relocated() {
	expect_grep '^multiboot\.efi: relocatable kernel linked at 0x200000: loading it at 0x' \
		"app line naming the relocation"
}

mb2_expect_efi_entry() {
	expect_grep 'entering the kernel through its EFI entry, boot services up$' \
		"app line naming the EFI entry"
}

# mb2_boot_from fwcfg|esp KERNEL FORMAT APPEND: the kernel and two modules
# from there; the kernel passes and the app names where it came from.
mb2_boot_from() {
	local source=$1 kernel=$2 format=$3 append=$4 origin=fw_cfg

	[[ $source == esp ]] && origin=file
	mb2_modules
	mb_boot --kernel "$kernel" --source "$source" --append "$append"
	expect_kernel_pass
	mb2_expect_origin "$origin" "$format"
}

# The i386 entry after ExitBootServices: memory map and basic memory
# information, no boot-services tag.
case_mb2_fwcfg_i386() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_boot_from fwcfg "$MB2_I386" ELF32 "mods=2 entry=i386 $(mb2_keys 64)"
}

case_mb2_esp_i386() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_boot_from esp "$MB2_I386" ELF32 "mods=2 entry=i386 $(mb2_keys 64)"
}

# A kernel with an EFI i386 entry on 64-bit firmware: that entry is for
# 32-bit firmware only, so the i386 one, after ExitBootServices.
case_mb2_efi32_kernel_on_x64() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$MB2_EFI32" --source fwcfg --append "mods=0 entry=i386 $(mb2_keys 64)"
	expect_kernel_pass
}

# The EFI amd64 entry, boot services up, and a relocatable kernel linked
# below its allowed range: the app must move it.
case_mb2_fwcfg_efi64_relocatable() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_boot_from fwcfg "$MB2_EFI64" ELF64 "mods=2 entry=efi64 reloc=1 $(mb2_keys 64)"
	mb2_expect_relocated
	mb2_expect_efi_entry
}

case_mb2_esp_efi64_relocatable() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_boot_from esp "$MB2_EFI64" ELF64 "mods=2 entry=efi64 reloc=1 $(mb2_keys 64)"
}

# 32-bit firmware: the i386 entry, and the EFI i386 entry with boot
# services up.
case_mb2_ia32_fwcfg_i386() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_modules
	mb_boot --ia32 --kernel "$MB2_I386" --source fwcfg --append "mods=2 entry=i386 $(mb2_keys 32)"
	expect_kernel_pass
}

case_mb2_ia32_esp_efi32() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_modules
	mb_boot --ia32 --kernel "$MB2_EFI32" --source esp --append "mods=2 entry=efi32 $(mb2_keys 32)"
	expect_kernel_pass
	mb2_expect_efi_entry
}

case_mb2_ia32_fwcfg_efi32() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --ia32 --kernel "$MB2_EFI32" --source fwcfg --append "mods=0 entry=efi32 $(mb2_keys 32)"
	expect_kernel_pass
}

# A VGA adapter and a kernel that supports EGA text (console flags tag):
# the EGA text framebuffer tag, as a BIOS leaves it.
case_mb2_vga_text() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$MB2_I386" --source fwcfg --display "-vga std" \
		--append "mods=0 entry=i386 fb=2 $(mb2_keys 64)"
	expect_kernel_pass
}

# Boot services up: the firmware's graphics mode stays, as an RGB tag.
case_mb2_efi64_framebuffer() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$MB2_EFI64" --source fwcfg --display "-vga std" \
		--append "mods=0 entry=efi64 reloc=1 fb=1 $(mb2_keys 64)"
	expect_kernel_pass
}

# --no-rsdp leaves out the ACPI tags.
case_mb2_no_rsdp() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel "$MB2_I386" --source fwcfg --append "mods=0 entry=i386 acpi=0" \
		-- -fw_cfg "name=opt/multiboot.efi/options,string=--no-rsdp"
	expect_kernel_pass
}

# What the specification says a loader must refuse: an unknown required
# header tag, a required information tag it does not know.
case_mb2_refuses_unknown_tag() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mb2test-badtag.elf --source fwcfg --append "mods=0"
	expect_refused "required tag of type 4660, unknown to this loader"
}

case_mb2_refuses_unknown_request() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mb2test-badreq.elf --source esp --append "mods=0"
	expect_refused "requires Multiboot 2 information tag type 119, unknown to this loader"
}

# The address tag (a.out-kludge style) and the entry address tag: a flat
# binary loaded at 0x200000.
case_mb2_address_tag() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb2_modules
	mb_boot --kernel build/tests/mb2test-aout.bin --source fwcfg \
		--append "mods=2 entry=i386 $(mb2_keys 64)"
	expect_kernel_pass
	mb2_expect_origin fw_cfg "a\\.out kludge"
}

# tools/multiboot-qemu turns -kernel/-initrd/-append of a Multiboot 2
# kernel into the app's fw_cfg files, command lines as QEMU makes them.
case_mb2_wrapper() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data one.bin 100000)" "first module,,with a comma"
	mb_add_module "$(test_data str-b.bin 5000)"
	mb_boot --wrapper --kernel "$MB2_EFI64" --append "mods=2 entry=efi64 reloc=1 $(mb2_keys 64)"
	expect_kernel_pass
	mb2_expect_origin fw_cfg ELF64
}

# A file with both headers: Multiboot 2 unless --multiboot1 asks for the
# other (this kernel checks a Multiboot 1 hand-off).
case_mb2_both_headers_default() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-both.elf --source fwcfg --app-args --dry-run \
		--append "mods=0"
	expect_no_boot
	mb2_expect_origin fw_cfg ELF32
	expect_app_status 0x0
}

case_mb2_both_headers_multiboot1() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mbtest-both.elf --source fwcfg --append "mods=0" \
		-- -fw_cfg "name=opt/multiboot.efi/options,string=--multiboot1"
	expect_kernel_pass
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel \(ELF32, [0-9]+ bytes' \
		"app line naming a Multiboot 1 ELF32 kernel"
}

# A VGA adapter, but a kernel that does not say it supports EGA text: the
# GOP framebuffer (RGB), not VGA text mode.
case_mb2_no_ega_text() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_boot --kernel build/tests/mb2test-aout.bin --source fwcfg --display "-vga std" \
		--append "mods=0 entry=i386 fb=1 $(mb2_keys 64)"
	expect_kernel_pass
}

# --- Xen, as Debian ships it ------------------------------------------------
# A real hypervisor through both protocols, up to where it wants a dom0:
# given the test kernel as one, it reads the module, finds no Xen ELF
# notes and stops ("Could not construct domain 0"). By then it has used
# the command line, the memory map, ACPI, SMBIOS and the module.

XEN_ARGS="console=com1 com1=115200,8n1 loglvl=all noreboot dom0_mem=128M"
XEN_STOP='Could not construct domain 0'

xen_expect_dom0_attempt() {
	((MB_STOPPED)) || mb_fail "Xen never got to building dom0 (QEMU status $MB_STATUS)"
	expect_line "(XEN) Bootloader: $MB_LOADER 0.1.0"
	expect_line "(XEN) Command line: $XEN_ARGS"
	expect_line "(XEN) *** Building a PV Dom0 ***"
	expect_grep '^\(XEN\) ERROR: Not a Xen-ELF image' "Xen reading the test kernel as its dom0"
}

# Multiboot 2 from fw_cfg files: relocated, entered through its EFI amd64
# entry with boot services up; Xen exits them itself and reads the EFI map.
case_xen_multiboot2() {
	local kernel

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	kernel=$(xen_kernel) || { mb_skip "xen-hypervisor-4.17-amd64 not installed"; return; }
	mb_boot --no-kernel --until "$XEN_STOP" -- \
		-fw_cfg "name=opt/multiboot/kernel,file=$kernel" \
		-fw_cfg "name=opt/multiboot/cmdline,string=xen ${XEN_ARGS//,/,,}" \
		-fw_cfg "name=opt/multiboot/module/0,file=build/tests/mbtest.elf" \
		-fw_cfg "name=opt/multiboot/module/0.cmdline,string=mbtest.elf"
	xen_expect_dom0_attempt
	mb2_expect_origin fw_cfg ELF32
	mb2_expect_relocated
	mb2_expect_efi_entry
	expect_line "(XEN) EFI RAM map:"
	expect_line "(XEN) SMBIOS 2.8 present."
}

# Multiboot 1 through QEMU's -kernel: QEMU's BIOS-path layout. Xen asks
# the BIOS for its E820 map from real mode (the app's int 15h shim answers)
# and finds the RSDP in the EBDA.
case_xen_multiboot1() {
	local kernel

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	kernel=$(xen_kernel) || { mb_skip "xen-hypervisor-4.17-amd64 not installed"; return; }
	mb_boot --kernel "$kernel" --until "$XEN_STOP" --append "$XEN_ARGS" -- \
		-initrd build/tests/mbtest.elf
	xen_expect_dom0_attempt
	expect_line "multiboot.efi: kernel from QEMU -kernel payload"
	expect_line "(XEN) Xen-e820 RAM map:"
	expect_grep '^\(XEN\) ACPI: RSDP 0009FC10, ' "Xen finding the RSDP in the EBDA"
	# It scans the F segment for SMBIOS and the MP table (it used to say
	# "DMI not present").
	expect_line "(XEN) DMI 2.8 present."
	expect_grep '^\(XEN\) found SMP MP-table at 000f[0-9a-f]{4}$' "Xen finding the MP table"
}

# The same command line through multiboot-qemu: its files route boots Xen
# by the Multiboot 1 header, as QEMU's -kernel does (the app alone would
# prefer the Multiboot 2 one).
case_xen_multiboot1_wrapper() {
	local kernel

	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	kernel=$(xen_kernel) || { mb_skip "xen-hypervisor-4.17-amd64 not installed"; return; }
	mb_boot --wrapper --kernel "$kernel" --until "$XEN_STOP" --append "$XEN_ARGS" -- \
		-initrd build/tests/mbtest.elf
	xen_expect_dom0_attempt
	expect_grep '^multiboot\.efi: kernel from fw_cfg opt/multiboot/kernel \(ELF32, [0-9]+ bytes' \
		"the app booting Xen's Multiboot 1 header from the files"
	expect_line "(XEN) Xen-e820 RAM map:"
}
