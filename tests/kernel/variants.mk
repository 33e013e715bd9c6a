# SPDX-License-Identifier: BSD-2-Clause
# More link variants of the test kernel, for the boot tests' refusal cases
# (tests/boot/cases-refusals.sh). Included by the top Makefile after
# kernel.mk, whose variables, objects and rules it reuses; `make
# test-kernels` builds these too.
#
# All are a.out-kludge flat binaries (entry-aout.o, then kernel.mk's
# $(MBTEST_OUT)/%.bin rule): QEMU's -kernel takes an a.out-kludge kernel at
# any load address without touching guest memory, so the app alone decides
# whether the address is usable. ELF kernels would not do: QEMU registers
# their segments as ROM blobs at their physical addresses.
#
# The addresses are where OVMF keeps something on q35 with 1 GiB of RAM and
# the 4 MiB OVMF_CODE_4M.fd (see `-fw_cfg
# name=opt/multiboot.efi/options,string=-v`); the same on every run, since
# OVMF's memory-type bins at the top of low RAM depend only on the RAM size
# and the firmware build:
#   0x3eaa0000-0x3eba2000 runtime-services   0x3f4ec000-0x3f6ec000 runtime-services
#   0x3f6ec000-0x3f76c000 reserved           0x3f76c000-0x3f77e000 ACPI-tables
#   0xb0000000-0xc0000000 reserved (q35's PCIe MMCONFIG window)
#   0xffc00000-0x100000000 memory-mapped I/O (the flash; the app calls it reserved)
# Each kernel starts inside its range, so the first range it covers is the
# one the refusal names.

MBTEST_VARIANT_AOUT := mbtest-at-runtime mbtest-at-acpi mbtest-at-reserved \
	mbtest-at-mmconfig mbtest-at-flash

# 1 MiB into OVMF's runtime-services data bin.
$(MBTEST_OBJ)/mbtest-at-runtime.elf: MBTEST_BASE := 0x3f5ec000
# 16 KiB into the ACPI tables (0x12000 bytes: the FACS, DSDT, FADT, ...).
$(MBTEST_OBJ)/mbtest-at-acpi.elf: MBTEST_BASE := 0x3f770000
# 256 KiB into the reserved bin below the ACPI tables.
$(MBTEST_OBJ)/mbtest-at-reserved.elf: MBTEST_BASE := 0x3f72c000
# q35's MMCONFIG (ECAM) window, reserved in the UEFI map on any RAM size
# below 2.75 GiB.
$(MBTEST_OBJ)/mbtest-at-mmconfig.elf: MBTEST_BASE := 0xb0000000
# The pflash at the top of 4 GiB: EfiMemoryMappedIO in the UEFI map.
$(MBTEST_OBJ)/mbtest-at-flash.elf: MBTEST_BASE := 0xffc00000

$(MBTEST_VARIANT_AOUT:%=$(MBTEST_OBJ)/%.elf): $(MBTEST_OBJ)/entry-aout.o $(MBTEST_LINK_DEPS) \
		$(MBTEST_DIR)/variants.mk
	$(MBTEST_LINK)

TEST_KERNEL_VARIANTS := $(MBTEST_VARIANT_AOUT:%=$(MBTEST_OUT)/%.bin)

# kernel.mk's test-kernels rule has already expanded TEST_KERNELS; a rule
# with no recipe adds prerequisites to it.
test-kernels: $(TEST_KERNEL_VARIANTS)
