# SPDX-License-Identifier: BSD-2-Clause
# `make bench` (tests/bench/): boot-time benchmark of multiboot.efi against
# the firmware alone, QEMU's BIOS path and GRUB. Included by the top Makefile.
# run.sh installs what it needs, then builds `bench-bins` and the app itself.

BUILD ?= build
OBJCOPY ?= objcopy
BENCH_DIR := tests/bench
BENCH_OUT := $(BUILD)/bench

# Not "$(MAKE)" in the recipe: make would run it even under `make -n`.
BENCH_MAKE := $(MAKE)

.PHONY: bench bench-bins
bench:
	@MAKE="$(BENCH_MAKE)" $(BENCH_DIR)/run.sh

bench-bins: $(BENCH_OUT)/bench-kernel.elf $(BENCH_OUT)/exitnow.efi $(BENCH_OUT)/tsc-rate \
	$(BENCH_OUT)/touch-120M.elf $(BENCH_OUT)/touch-1G.elf

# The kernel: 32-bit ELF, one segment at 1 MiB (-N: no headers loaded
# below it), the Multiboot header in its first bytes.
$(BENCH_OUT)/bench-kernel.elf: $(BENCH_DIR)/kernel.S $(BENCH_DIR)/com1.inc $(BENCH_DIR)/bench.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) -m32 -ffreestanding -fno-pic -c $< -o $(BENCH_OUT)/kernel.o
	@$(LD) -m elf_i386 -nostdlib --build-id=none -N --no-warn-rwx-segments \
		-Ttext=0x100000 -e _start $(BENCH_OUT)/kernel.o -o $@

# The physical floor's kernels, one per payload size (touch.S).
$(BENCH_OUT)/touch-120M.elf: BENCH_TOUCH_BYTES := 0x7800000
$(BENCH_OUT)/touch-1G.elf: BENCH_TOUCH_BYTES := 0x40000000
$(BENCH_OUT)/touch-%.elf: $(BENCH_DIR)/touch.S $(BENCH_DIR)/com1.inc $(BENCH_DIR)/bench.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) -m32 -ffreestanding -fno-pic -DTOUCH_BYTES=$(BENCH_TOUCH_BYTES) -c $< \
		-o $(BENCH_OUT)/touch-$*.o
	@$(LD) -m elf_i386 -nostdlib --build-id=none -N --no-warn-rwx-segments \
		-Ttext=0x100000 -e _start $(BENCH_OUT)/touch-$*.o -o $@

# The "firmware alone" app, built with the top Makefile's x86-64 gnu-efi
# flags (spelled out here so this file does not depend on how the top
# Makefile arranges them).
BENCH_EFI_LIB := /usr/lib
BENCH_EFI_CFLAGS := -Wall -Wextra -Werror -std=gnu11 -O2 -ffreestanding -fpic \
	-fshort-wchar -fno-stack-protector -fno-stack-check -fno-strict-aliasing \
	-mgeneral-regs-only -m64 -mno-red-zone -maccumulate-outgoing-args \
	-DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64
BENCH_EFI_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --no-undefined \
	-m elf_x86_64 -T $(BENCH_EFI_LIB)/elf_x86_64_efi.lds \
	$(BENCH_EFI_LIB)/crt0-efi-x86_64.o

$(BENCH_OUT)/exitnow.so: $(BENCH_DIR)/exitnow.c $(BENCH_DIR)/bench.mk
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(BENCH_EFI_CFLAGS) -c $< -o $(BENCH_OUT)/exitnow.o
	@$(LD) $(BENCH_EFI_LDFLAGS) $(BENCH_OUT)/exitnow.o -o $@ \
		-L$(BENCH_EFI_LIB) -lgnuefi

$(BENCH_OUT)/exitnow.efi: $(BENCH_OUT)/exitnow.so
	@$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@

# Host helper: the host TSC rate (QEMU's TCG guest TSC is the host's).
$(BENCH_OUT)/tsc-rate: $(BENCH_DIR)/tsc-rate.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(CC) -O2 -Wall -Wextra -Werror $< -o $@
