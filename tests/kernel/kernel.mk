# SPDX-License-Identifier: BSD-2-Clause
# Multiboot test kernel (tests/kernel/), included by the top Makefile.
# Everything it builds lands in $(BUILD)/tests/; `make test-kernels` builds all.

BUILD ?= build

MBTEST_DIR := tests/kernel
MBTEST_OUT := $(BUILD)/tests
MBTEST_OBJ := $(MBTEST_OUT)/obj

MBTEST_CC ?= gcc
MBTEST_LD ?= ld
MBTEST_OBJCOPY ?= objcopy

# Freestanding 32-bit code: no SSE/x87 (the loader need not enable them),
# no unwind tables, no stack protector (there is no runtime to support it).
# min-pagesize=0: the kernel reads the BIOS data area at 0x400, which GCC
# would otherwise take for a null-pointer access.
MBTEST_CFLAGS := -m32 -std=gnu11 -O2 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
	--param=min-pagesize=0 \
	-Wall -Wextra -Werror -MMD -MP
MBTEST_LDFLAGS := -m elf_i386 -nostdlib -z max-page-size=0x1000 --build-id=none \
	-T $(MBTEST_DIR)/kernel.ld

MBTEST_C_OBJS := $(patsubst $(MBTEST_DIR)/%.c,$(MBTEST_OBJ)/%.o,$(wildcard $(MBTEST_DIR)/*.c))
# Interrupt entry stubs (pic.c takes real interrupts through them).
MBTEST_S_OBJS := $(MBTEST_OBJ)/isr.o

# Layout knobs (see kernel.ld), overridden per variant below.
MBTEST_BASE := 0x100000
MBTEST_GAP := 0
MBTEST_BSS_EXTRA := 0

MBTEST_ELF_KERNELS := mbtest mbtest-bss16m mbtest-16m mbtest-gap
MBTEST_AOUT_KERNELS := mbtest-aout mbtest-noram
# Covers OVMF's ACPI NVS at 0x800000 with .bss.
$(MBTEST_OUT)/mbtest-bss16m.elf: MBTEST_BSS_EXTRA := 0x1000000
$(MBTEST_OUT)/mbtest-16m.elf: MBTEST_BASE := 0x1000000
# Three pages between the two PT_LOAD segments.
$(MBTEST_OUT)/mbtest-gap.elf: MBTEST_GAP := 0x3000
$(MBTEST_OBJ)/mbtest-aout.elf: MBTEST_BASE := 0x200000
# 512 MiB: past the end of RAM when booted with -m 128.
$(MBTEST_OBJ)/mbtest-noram.elf: MBTEST_BASE := 0x20000000

TEST_KERNELS := $(MBTEST_ELF_KERNELS:%=$(MBTEST_OUT)/%.elf) \
	$(MBTEST_OUT)/mbtest-video.elf $(MBTEST_OUT)/mbtest64.elf $(MBTEST_OUT)/mbtest-both.elf \
	$(MBTEST_AOUT_KERNELS:%=$(MBTEST_OUT)/%.bin) \
	$(MBTEST_OUT)/notmultiboot.bin

.PHONY: test-kernels
test-kernels: $(TEST_KERNELS)

MBTEST_LINK = @echo "  LD      $@"; $(MBTEST_LD) $(MBTEST_LDFLAGS) \
	--defsym=KERNEL_BASE=$(MBTEST_BASE) --defsym=DATA_GAP=$(MBTEST_GAP) \
	--defsym=BSS_EXTRA=$(MBTEST_BSS_EXTRA) -o $@ $(filter %.o,$^)
MBTEST_LINK_DEPS := $(MBTEST_C_OBJS) $(MBTEST_S_OBJS) $(MBTEST_DIR)/kernel.ld $(MBTEST_DIR)/kernel.mk

$(MBTEST_ELF_KERNELS:%=$(MBTEST_OUT)/%.elf): $(MBTEST_OBJ)/entry-elf.o $(MBTEST_LINK_DEPS)
	$(MBTEST_LINK)

$(MBTEST_AOUT_KERNELS:%=$(MBTEST_OBJ)/%.elf): $(MBTEST_OBJ)/entry-aout.o $(MBTEST_LINK_DEPS)
	$(MBTEST_LINK)

# Asks for an 800x600x32 linear video mode in its header (flag bit 2).
$(MBTEST_OUT)/mbtest-video.elf: $(MBTEST_OBJ)/entry-video.o $(MBTEST_LINK_DEPS)
	$(MBTEST_LINK)

# With a Multiboot 2 header as well: --multiboot1 must pick the other.
$(MBTEST_OUT)/mbtest-both.elf: $(MBTEST_OBJ)/entry-both.o $(MBTEST_LINK_DEPS)
	$(MBTEST_LINK)

# The same kernel in an ELF64 container: QEMU's -kernel refuses ELF64, a
# loader that reads the file itself (fw_cfg files, the ESP) must not.
$(MBTEST_OUT)/mbtest64.elf: $(MBTEST_OUT)/mbtest.elf
	@echo "  OBJCOPY $@"
	@$(MBTEST_OBJCOPY) -O elf64-x86-64 $< $@

# a.out kludge: the file is the memory image from load_addr on.
$(MBTEST_OUT)/%.bin: $(MBTEST_OBJ)/%.elf
	@echo "  OBJCOPY $@"
	@$(MBTEST_OBJCOPY) -O binary $< $@

# 16 KiB with no multiboot header. Zeros, because QEMU then takes the file
# for an old Linux zImage (setup_sects=0) and starts the machine; with
# nonzero bytes at offset 0x1F1 QEMU itself refuses ("invalid kernel
# header") and the loader never sees the file.
$(MBTEST_OUT)/notmultiboot.bin: $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@head -c 16384 /dev/zero > $@

$(MBTEST_OBJ)/%.o: $(MBTEST_DIR)/%.c $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (test kernel)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -c -o $@ $<

$(MBTEST_OBJ)/isr.o: $(MBTEST_DIR)/isr.S $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (test kernel)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -c -o $@ $<

$(MBTEST_OBJ)/entry-elf.o: $(MBTEST_DIR)/entry.S $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (test kernel, ELF)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -c -o $@ $<

$(MBTEST_OBJ)/entry-aout.o: $(MBTEST_DIR)/entry.S $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (test kernel, a.out kludge)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -DMBTEST_AOUT_KLUDGE -c -o $@ $<

$(MBTEST_OBJ)/entry-video.o: $(MBTEST_DIR)/entry.S $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (test kernel, video mode)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -DMBTEST_VIDEO_MODE -c -o $@ $<

$(MBTEST_OBJ)/entry-both.o: $(MBTEST_DIR)/entry.S $(MBTEST_DIR)/kernel.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (test kernel, both headers)"
	@$(MBTEST_CC) $(MBTEST_CFLAGS) -DMBTEST_MB2_HEADER -c -o $@ $<

-include $(MBTEST_C_OBJS:.o=.d) $(MBTEST_S_OBJS:.o=.d) $(MBTEST_OBJ)/entry-elf.d $(MBTEST_OBJ)/entry-aout.d \
	$(MBTEST_OBJ)/entry-video.d $(MBTEST_OBJ)/entry-both.d
