# SPDX-License-Identifier: BSD-2-Clause
# Multiboot 2 test kernels (tests/kernel/mb2/), included by the top Makefile
# after tests/kernel/kernel.mk, whose variables (MBTEST_OUT, MBTEST_CFLAGS,
# ...) and library files (print.c, serial.c, check.c, ...) they reuse.
# `make test-kernels` builds them all into $(BUILD)/tests/:
#   mb2test32.elf       ELF32 at 1 MiB, the i386 entry
#   mb2test32-efi.elf   the same plus the EFI boot services and EFI i386 entry tags
#   mb2test64.elf       ELF64, relocatable, the EFI amd64 entry only
#   mb2test-aout.bin    mb2test32 as a flat binary with address + entry tags
#   mb2test-badtag.elf  mb2test32 plus an unknown required header tag (refused)
#   mb2test-badreq.elf  mb2test32 requiring an unknown information tag (refused)

MB2TEST_DIR := tests/kernel/mb2
MB2TEST_OBJ32 := $(MBTEST_OUT)/obj-mb2-32
MB2TEST_OBJ64 := $(MBTEST_OUT)/obj-mb2-64

# The MB1 kernel's library files, compiled into both word sizes from where
# they are: output, checks, and the format-neutral halves of the memory map,
# module and framebuffer checks (mb2/*.c parse tags into them). Its
# MBI-walking files are v1-only. The checks of the BIOS-era machine state
# (the PICs, the BIOS tables in 0xE0000-0xFFFFF, which need rsdp.c's RSDP
# checks, and the interrupt stubs) only make sense at the i386 entry: the
# 32-bit kernels alone get them.
MB2TEST_SHARED := print serial check cksum exit text regions memory_map module_report fb_checks
MB2TEST_SHARED32 := pic fseg rsdp
MB2TEST_COMMON := main tags memmap efimap mods elfsec acpi smbios fbinfo efitables expect_mb2

MB2TEST_INC := -I$(MB2TEST_DIR) -I$(MBTEST_DIR) -Iloader
MB2TEST_CFLAGS32 := $(MBTEST_CFLAGS) $(MB2TEST_INC)
# 64-bit, position-independent: every address RIP-relative, so the image
# runs wherever the loader moves it (check_relocs.sh verifies). No red zone:
# the firmware may take an interrupt on the kernel's stack.
MB2TEST_CFLAGS64 := $(filter-out -m32 -fno-pic -fno-pie,$(MBTEST_CFLAGS)) $(MB2TEST_INC) \
	-m64 -fpie -mcmodel=small -mno-red-zone

MB2TEST_OBJS32 := $(MB2TEST_SHARED:%=$(MB2TEST_OBJ32)/shared/%.o) \
	$(MB2TEST_SHARED32:%=$(MB2TEST_OBJ32)/shared/%.o) $(MB2TEST_OBJ32)/shared/isr.o \
	$(MB2TEST_COMMON:%=$(MB2TEST_OBJ32)/%.o) $(MB2TEST_OBJ32)/cpu32.o \
	$(MB2TEST_OBJ32)/shared/cpu_checks.o
MB2TEST_OBJS64 := $(MB2TEST_SHARED:%=$(MB2TEST_OBJ64)/shared/%.o) \
	$(MB2TEST_COMMON:%=$(MB2TEST_OBJ64)/%.o) $(MB2TEST_OBJ64)/cpu64.o

MB2TEST_ELF32 := mb2test32 mb2test32-efi mb2test-badtag mb2test-badreq
MB2TEST_KERNELS := $(MB2TEST_ELF32:%=$(MBTEST_OUT)/%.elf) $(MBTEST_OUT)/mb2test64.elf \
	$(MBTEST_OUT)/mb2test-aout.bin

test-kernels: $(MB2TEST_KERNELS)

# Header variant per kernel (entry32.S's -D flags) and load address.
MB2TEST_BASE := 0x100000
MB2TEST_ASFLAGS :=
$(MB2TEST_OBJ32)/entry32-efi.o: MB2TEST_ASFLAGS := -DMB2_EFI32
$(MB2TEST_OBJ32)/entry32-aout.o: MB2TEST_ASFLAGS := -DMB2_AOUT
$(MB2TEST_OBJ32)/entry32-badtag.o: MB2TEST_ASFLAGS := -DMB2_BAD_TAG
$(MB2TEST_OBJ32)/entry32-badreq.o: MB2TEST_ASFLAGS := -DMB2_BAD_REQUEST
# Elsewhere than the ELF kernels: only the address tag can put it there.
$(MB2TEST_OBJ32)/mb2test-aout.elf: MB2TEST_BASE := 0x200000

# The 32-bit kernels use the MB1 kernel's linker script (header first,
# .bss.entry kept out of the zero-fill check), with no gap or extra .bss.
MB2TEST_LINK32 = @echo "  LD      $@"; $(MBTEST_LD) $(MBTEST_LDFLAGS) \
	--defsym=KERNEL_BASE=$(MB2TEST_BASE) --defsym=DATA_GAP=0 --defsym=BSS_EXTRA=0 \
	-o $@ $(filter %.o,$^)
MB2TEST_DEPS32 := $(MB2TEST_OBJS32) $(MBTEST_DIR)/kernel.ld $(MB2TEST_DIR)/mb2.mk

$(MBTEST_OUT)/mb2test32.elf: $(MB2TEST_OBJ32)/entry32-elf.o $(MB2TEST_DEPS32)
	$(MB2TEST_LINK32)
$(MBTEST_OUT)/mb2test32-efi.elf: $(MB2TEST_OBJ32)/entry32-efi.o $(MB2TEST_DEPS32)
	$(MB2TEST_LINK32)
$(MBTEST_OUT)/mb2test-badtag.elf: $(MB2TEST_OBJ32)/entry32-badtag.o $(MB2TEST_DEPS32)
	$(MB2TEST_LINK32)
$(MBTEST_OUT)/mb2test-badreq.elf: $(MB2TEST_OBJ32)/entry32-badreq.o $(MB2TEST_DEPS32)
	$(MB2TEST_LINK32)
$(MB2TEST_OBJ32)/mb2test-aout.elf: $(MB2TEST_OBJ32)/entry32-aout.o $(MB2TEST_DEPS32)
	$(MB2TEST_LINK32)

# The file is the memory image from load_addr on (the address tag says so).
$(MBTEST_OUT)/mb2test-aout.bin: $(MB2TEST_OBJ32)/mb2test-aout.elf
	@echo "  OBJCOPY $@"
	@$(MBTEST_OBJCOPY) -O binary $< $@

# mb2test64: linked at layout.h's MB2TEST64_LINK_BASE (one number for the
# C code and the link). Linked twice: once with --emit-relocs for
# check_relocs.sh to prove it position-independent, once as shipped.
MB2TEST64_LINK_BASE := $(shell sed -n 's/^\#define MB2TEST64_LINK_BASE *//p' $(MB2TEST_DIR)/layout.h)
MB2TEST_LDFLAGS64 := -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 \
	-z noexecstack --build-id=none -T $(MB2TEST_DIR)/kernel64.ld \
	--defsym=KERNEL_BASE=$(MB2TEST64_LINK_BASE)
MB2TEST_DEPS64 := $(MB2TEST_OBJ64)/entry64.o $(MB2TEST_OBJS64) $(MB2TEST_DIR)/kernel64.ld \
	$(MB2TEST_DIR)/mb2.mk $(MB2TEST_DIR)/check_relocs.sh

$(MBTEST_OUT)/mb2test64.elf: $(MB2TEST_DEPS64)
	@echo "  LD      $@  (position-independent, checked)"
	@$(MBTEST_LD) $(MB2TEST_LDFLAGS64) --emit-relocs -o $(MB2TEST_OBJ64)/mb2test64-relocs.elf \
		$(filter %.o,$^)
	@$(MBTEST_LD) $(MB2TEST_LDFLAGS64) -o $@.tmp $(filter %.o,$^)
	@$(MB2TEST_DIR)/check_relocs.sh $(MB2TEST_OBJ64)/mb2test64-relocs.elf $@.tmp
	@mv $@.tmp $@

# ../cpu_checks.c checks EAX against the v1 magic; mb2_magic.h swaps in v2's.
$(MB2TEST_OBJ32)/shared/cpu_checks.o: MB2TEST_EXTRA := -include $(MB2TEST_DIR)/mb2_magic.h
MB2TEST_EXTRA :=

$(MB2TEST_OBJ32)/shared/%.o: $(MBTEST_DIR)/%.c $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (mb2 test kernel, 32-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS32) $(MB2TEST_EXTRA) -c -o $@ $<

$(MB2TEST_OBJ32)/shared/isr.o: $(MBTEST_DIR)/isr.S $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (mb2 test kernel, 32-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS32) -c -o $@ $<

$(MB2TEST_OBJ32)/%.o: $(MB2TEST_DIR)/%.c $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (mb2 test kernel, 32-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS32) -c -o $@ $<

# A static pattern: a plain one would also offer to build the .d files.
MB2TEST_ENTRY32 := $(patsubst %,$(MB2TEST_OBJ32)/entry32-%.o,elf efi aout badtag badreq)
$(MB2TEST_ENTRY32): $(MB2TEST_OBJ32)/entry32-%.o: $(MB2TEST_DIR)/entry32.S $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (mb2 test kernel, $*)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS32) $(MB2TEST_ASFLAGS) -c -o $@ $<

$(MB2TEST_OBJ64)/shared/%.o: $(MBTEST_DIR)/%.c $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (mb2 test kernel, 64-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS64) $(MB2TEST_EXTRA) -c -o $@ $<

$(MB2TEST_OBJ64)/%.o: $(MB2TEST_DIR)/%.c $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (mb2 test kernel, 64-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS64) -c -o $@ $<

$(MB2TEST_OBJ64)/entry64.o: $(MB2TEST_DIR)/entry64.S $(MB2TEST_DIR)/mb2.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (mb2 test kernel, 64-bit)"
	@$(MBTEST_CC) $(MB2TEST_CFLAGS64) -c -o $@ $<

-include $(MB2TEST_OBJS32:.o=.d) $(MB2TEST_OBJS64:.o=.d) $(MB2TEST_OBJ64)/entry64.d \
	$(MB2TEST_ENTRY32:.o=.d)
