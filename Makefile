# multiboot.efi: a UEFI app that boots QEMU's Multiboot (-kernel) payload.
# `make` builds build/multiboot.efi; `make test` runs every test.

VERSION := 0.1.0
BUILD := build

CC ?= gcc
OBJCOPY ?= objcopy
EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib

WARN := -Wall -Wextra -Werror
EFI_CFLAGS := $(WARN) -std=gnu11 -O2 -ffreestanding -fpic -fshort-wchar \
	-fno-stack-protector -fno-stack-check -fno-strict-aliasing \
	-mno-red-zone -maccumulate-outgoing-args -mgeneral-regs-only \
	-DGNU_EFI_USE_MS_ABI -DMULTIBOOT_EFI_VERSION='"$(VERSION)"' \
	-I$(EFI_INC) -I$(EFI_INC)/x86_64
EFI_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --no-undefined \
	-T $(EFI_LIB)/elf_x86_64_efi.lds $(EFI_LIB)/crt0-efi-x86_64.o

# Pure logic, built both for the firmware and for host unit tests.
LOADER_SRC := loader/fmt.c loader/payload.c loader/memmap.c loader/plan.c \
	loader/mbi.c loader/options.c fwcfg/dma.c fwcfg/filedir.c
FIRMWARE_SRC := efi/main.c efi/console.c efi/memmap.c efi/alloc.c efi/exit.c \
	efi/handoff.c efi/source.c efi/timer.c efi/libc.c fwcfg/io.c
EFI_ASM := efi/handoff_code.S

EFI_OBJ := $(patsubst %.c,$(BUILD)/x86_64/%.o,$(LOADER_SRC) $(FIRMWARE_SRC)) \
	$(patsubst %.S,$(BUILD)/x86_64/%.o,$(EFI_ASM))

.PHONY: all test test-boot run clean
all: $(BUILD)/multiboot.efi

include tests/kernel/kernel.mk
include $(wildcard tests/unit/unit.mk)

# Every test; the last line says "N passed, N failed".
test: all test-kernels
	@tests/run-tests.sh

test-boot: all test-kernels
	@tests/run-tests.sh boot

# Boot the demo (test) kernel on this terminal.
run: all test-kernels
	@tests/demo.sh

$(BUILD)/x86_64/%.o: %.c $(wildcard */*.h) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/x86_64/%.o: %.S efi/handoff.h Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/multiboot.so: $(EFI_OBJ)
	@echo "  LD      $@"
	@$(LD) $(EFI_LDFLAGS) $^ -o $@ -L$(EFI_LIB) -lgnuefi

$(BUILD)/multiboot.efi: $(BUILD)/multiboot.so
	@$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

clean:
	rm -rf $(BUILD)
