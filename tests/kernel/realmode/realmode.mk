# SPDX-License-Identifier: BSD-2-Clause
# mbreal: the Multiboot kernel that calls the BIOS from real mode
# (tests/kernel/realmode/), included by the top Makefile. Builds
# $(BUILD)/tests/mbreal.elf (Multiboot 1) and $(BUILD)/tests/mbreal-mb2.elf
# (the same with a Multiboot 2 header, i386 entry); part of `make
# test-kernels`.

BUILD ?= build

MBREAL_DIR := tests/kernel/realmode
MBREAL_OBJ := $(BUILD)/tests/obj/realmode
MBREAL_ELF := $(BUILD)/tests/mbreal.elf
MBREAL_MB2_ELF := $(BUILD)/tests/mbreal-mb2.elf

MBREAL_CC ?= gcc
MBREAL_LD ?= ld

# Freestanding 32-bit code, no SSE/x87 or unwind tables. min-pagesize=0:
# it reads the real-mode interrupt table at address 0, which GCC would
# otherwise take for a null-pointer access.
MBREAL_CFLAGS := -m32 -std=gnu11 -O2 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
	--param=min-pagesize=0 -Wall -Wextra -Werror -MMD -MP -Iloader
MBREAL_LDFLAGS := -m elf_i386 -nostdlib -z max-page-size=0x1000 --build-id=none \
	-T $(MBREAL_DIR)/realmode.ld

MBREAL_COMMON_OBJS := $(addprefix $(MBREAL_OBJ)/,trampoline.o main.o serial.o)
MBREAL_OBJS := $(MBREAL_OBJ)/entry.o $(MBREAL_COMMON_OBJS)
MBREAL_MB2_OBJS := $(MBREAL_OBJ)/entry-mb2.o $(MBREAL_COMMON_OBJS)

.PHONY: test-kernels
test-kernels: $(MBREAL_ELF) $(MBREAL_MB2_ELF)

$(MBREAL_ELF): $(MBREAL_OBJS) $(MBREAL_DIR)/realmode.ld
	@echo "  LD      $@"
	@$(MBREAL_LD) $(MBREAL_LDFLAGS) -o $@ $(MBREAL_OBJS)

$(MBREAL_MB2_ELF): $(MBREAL_MB2_OBJS) $(MBREAL_DIR)/realmode.ld
	@echo "  LD      $@"
	@$(MBREAL_LD) $(MBREAL_LDFLAGS) -o $@ $(MBREAL_MB2_OBJS)

# The Multiboot 2 header, from the MB2 test kernels' header macros.
$(MBREAL_OBJ)/entry-mb2.o: $(MBREAL_DIR)/entry.S $(MBREAL_DIR)/realmode.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (real-mode test kernel, Multiboot 2)"
	@$(MBREAL_CC) $(MBREAL_CFLAGS) -DMBREAL_MB2 -Itests/kernel/mb2 -c -o $@ $<

$(MBREAL_OBJ)/%.o: $(MBREAL_DIR)/%.c $(MBREAL_DIR)/realmode.mk
	@mkdir -p $(@D)
	@echo "  CC      $<  (real-mode test kernel)"
	@$(MBREAL_CC) $(MBREAL_CFLAGS) -c -o $@ $<

$(MBREAL_OBJ)/%.o: $(MBREAL_DIR)/%.S $(MBREAL_DIR)/realmode.mk
	@mkdir -p $(@D)
	@echo "  AS      $<  (real-mode test kernel)"
	@$(MBREAL_CC) $(MBREAL_CFLAGS) -c -o $@ $<

-include $(MBREAL_OBJS:.o=.d) $(MBREAL_OBJ)/entry-mb2.d
