# SPDX-License-Identifier: BSD-2-Clause
# multiboot.efi: a UEFI app that boots QEMU's Multiboot (-kernel) payload.
# `make` builds build/multiboot.efi; `make test` runs every test.

VERSION := 0.1.0
BUILD := build

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all test test-boot run install esp.img sign clean
all: $(BUILD)/multiboot.efi $(BUILD)/multiboot-ia32.efi

CC ?= gcc
OBJCOPY ?= objcopy
EFI_INC := /usr/include/efi

WARN := -Wall -Wextra -Werror
EFI_CFLAGS := $(WARN) -std=gnu11 -Os -ffreestanding -fpic -fshort-wchar -MMD -MP \
	-fno-stack-protector -fno-stack-check -fno-strict-aliasing \
	-mgeneral-regs-only -DMULTIBOOT_EFI_VERSION='"$(VERSION)"' -I$(EFI_INC)
EFI_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --no-undefined

# Pure code (no firmware calls), built into both apps and on the host for
# the unit tests and fuzzers (tests/unit/unit.mk, tests/fuzz/fuzz.mk).
HOST_TESTED_SRC := \
	fwcfg/dma.c \
	fwcfg/filedir.c \
	loader/biosdata.c \
	loader/config.c \
	loader/efi_status.c \
	loader/fmt.c \
	loader/fsegment.c \
	loader/fwtables.c \
	loader/kernel_file.c \
	loader/madt.c \
	loader/mb2header.c \
	loader/mb2info.c \
	loader/mb2place.c \
	loader/mbheader.c \
	loader/mbi.c \
	loader/memmap.c \
	loader/mptable.c \
	loader/number.c \
	loader/options.c \
	loader/payload.c \
	loader/plan.c \
	loader/sha256.c \
	loader/sigdb.c \
	loader/sort.c \
	loader/synth.c \
	loader/video.c
# Firmware glue and device access, built into the apps only.
FIRMWARE_SRC := \
	efi/acpi.c \
	efi/alloc.c \
	efi/bios_area.c \
	efi/bios_shim.c \
	efi/cmdline.c \
	efi/config_file.c \
	efi/config_table.c \
	efi/console.c \
	efi/display.c \
	efi/esp_files.c \
	efi/exit.c \
	efi/firmware_map.c \
	efi/fsegment.c \
	efi/gop.c \
	efi/handoff.c \
	efi/libc.c \
	efi/main.c \
	efi/mb1.c \
	efi/mb2.c \
	efi/menu.c \
	efi/pci.c \
	efi/progress.c \
	efi/report.c \
	efi/secureboot.c \
	efi/smbios.c \
	efi/source.c \
	efi/status.c \
	efi/timer.c \
	efi/vga.c \
	efi/vm_exit.c \
	fwcfg/dir.c \
	fwcfg/io.c
# Test builds of the app (make test-apps) add a fault: see efi/testing/.
TEST_FAULT ?=
ifeq ($(TEST_FAULT),exit-fails)
FIRMWARE_SRC += efi/testing/exit_fails.c
EFI_CFLAGS += -DTEST_EXIT_BOOT_SERVICES_FAILS
endif

# VGA text mode's font: code page 437 from console-setup's VGA font (MIT
# licence, u_vga16 by Dmitry Bolkhovityanov), converted at build time.
VGA_FONT ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
$(BUILD)/psf2cp437: efi/font/psf2cp437.c
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) -O2 $< -o $@
$(BUILD)/vga_font.h: $(BUILD)/psf2cp437 $(VGA_FONT)
	@echo "  FONT    $(VGA_FONT)"
	@zcat $(VGA_FONT) | $(BUILD)/psf2cp437 > $@.tmp && mv $@.tmp $@
$(BUILD)/x86_64/efi/vga.o $(BUILD)/ia32/efi/vga.o: $(BUILD)/vga_font.h
$(BUILD)/x86_64/efi/vga.o $(BUILD)/ia32/efi/vga.o: EFI_CFLAGS += -I$(BUILD)

# Per architecture: gnu-efi's directory, compiler flags, and the PE target.
x86_64_LIB := /usr/lib
x86_64_CFLAGS := -m64 -mno-red-zone -maccumulate-outgoing-args \
	-DGNU_EFI_USE_MS_ABI -I$(EFI_INC)/x86_64
x86_64_LDFLAGS := -m elf_x86_64
x86_64_LIBGCC :=
x86_64_TARGET := efi-app-x86_64
x86_64_EFI := $(BUILD)/multiboot.efi
ia32_LIB := /usr/lib32
ia32_CFLAGS := -m32 -I$(EFI_INC)/ia32
ia32_LDFLAGS := -m elf_i386
# 64-bit division on a 32-bit target calls libgcc (gcc-multilib).
ia32_LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name)
ia32_TARGET := efi-app-ia32
ia32_EFI := $(BUILD)/multiboot-ia32.efi

define efi_app
$(1)_OBJ := $$(patsubst %.c,$(BUILD)/$(1)/%.o,$(HOST_TESTED_SRC) $(FIRMWARE_SRC)) \
	$(BUILD)/$(1)/efi/$(1)/handoff_entry.o $(BUILD)/$(1)/efi/bios_shim_code.o

$(BUILD)/$(1)/%.o: %.c Makefile
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<  ($(1))"
	@$$(CC) $$(EFI_CFLAGS) $$($(1)_CFLAGS) -c $$< -o $$@

$(BUILD)/$(1)/%.o: %.S Makefile
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$<"
	@$$(CC) $$(EFI_CFLAGS) $$($(1)_CFLAGS) -c $$< -o $$@

-include $$($(1)_OBJ:.o=.d)

$(BUILD)/$(1)/multiboot.so: $$($(1)_OBJ)
	@echo "  LD      $$@"
	@$$(LD) $$(EFI_LDFLAGS) $$($(1)_LDFLAGS) -T $$($(1)_LIB)/elf_$(1)_efi.lds \
		$$($(1)_LIB)/crt0-efi-$(1).o $$^ -o $$@ -L$$($(1)_LIB) -lgnuefi $$($(1)_LIBGCC)

# The unsigned image, kept so that make sign always starts from it. No COFF
# symbol table: nothing loads it, and it would sit after the last section,
# where sbsign hashes nothing ("gaps between PE/COFF sections?").
$(BUILD)/$(1)/multiboot.efi: $(BUILD)/$(1)/multiboot.so
	@$$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc --strip-all \
		--target $$($(1)_TARGET) --subsystem=10 $$< $$@

$$($(1)_EFI): $(BUILD)/$(1)/multiboot.efi
	@cp $$< $$@
	@echo "built $$@ ($$$$(stat -c %s $$@) bytes)"
endef

# Kernels and modules Secure Boot lets through besides db:
# make ALLOW_SHA256="<hex> ...". The list stays as last given (in
# $(ALLOW_STAMP)) until given again; make ALLOW_SHA256= empties it.
ALLOW_STAMP := $(BUILD)/allow-sha256.txt
ifeq ($(origin ALLOW_SHA256),undefined)
ALLOW_SHA256 := $(shell cat $(ALLOW_STAMP) 2>/dev/null)
endif
$(shell mkdir -p $(BUILD); echo '$(ALLOW_SHA256)' | cmp -s - $(ALLOW_STAMP) || \
	echo '$(ALLOW_SHA256)' > $(ALLOW_STAMP))
$(BUILD)/x86_64/efi/secureboot.o $(BUILD)/ia32/efi/secureboot.o: $(ALLOW_STAMP)
$(BUILD)/x86_64/efi/secureboot.o $(BUILD)/ia32/efi/secureboot.o: \
	EFI_CFLAGS += -DALLOW_SHA256='"$(strip $(ALLOW_SHA256))"'

$(eval $(call efi_app,x86_64))
$(eval $(call efi_app,ia32))


include tests/kernel/kernel.mk
include tests/kernel/mb2/mb2.mk
include tests/kernel/variants.mk
include tests/kernel/realmode/realmode.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include tests/bench/bench.mk

# Every test; the last line says "N passed, N failed".
test: all test-kernels test-apps sb-test-apps $(BUILD)/esp.img fuzz
	@tests/run-tests.sh

test-boot: all test-kernels test-apps sb-test-apps $(BUILD)/esp.img
	@tests/run-tests.sh boot

# Builds of the app with a fault injected (efi/testing/), each in a build
# tree of its own, for the boot tests: build/faults/<fault>/multiboot.efi.
.PHONY: test-apps
test-apps:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/faults/exit-fails TEST_FAULT=exit-fails \
		$(BUILD)/faults/exit-fails/multiboot.efi

# Secure Boot test apps in build/sb/ (tests/boot/cases-secureboot.sh): signed
# with Debian's test-only snakeoil key, with and without an allowlist.
.PHONY: sb-test-apps
sb-test-apps: test-kernels
	@MAKE="$(MAKE)" tests/boot/make-sb-apps.sh

# Boot the demo (test) kernel on this terminal.
run: all test-kernels
	@tests/demo.sh

# A FAT image to attach to any UEFI-only VM: -drive file=build/esp.img,format=raw
esp.img: $(BUILD)/esp.img
$(BUILD)/esp.img: $(BUILD)/multiboot.efi $(BUILD)/multiboot-ia32.efi tools/startup.nsh
	@rm -f $@
	@mkfs.fat -C -n MULTIBOOT $@ 2048 >/dev/null
	@mmd -i $@ ::/EFI ::/EFI/BOOT
	@mcopy -i $@ $(BUILD)/multiboot.efi ::/EFI/BOOT/BOOTX64.EFI
	@mcopy -i $@ $(BUILD)/multiboot-ia32.efi ::/EFI/BOOT/BOOTIA32.EFI
	@mcopy -i $@ tools/startup.nsh ::/startup.nsh
	@echo "built $@"

# Sign both apps with sbsigntool: make sign KEY=db.key CERT=db.crt. Each is
# signed from its unsigned image, so signing again replaces the signature.
sign: all
	@test -n "$(KEY)" && test -n "$(CERT)" || \
		{ echo "usage: make sign KEY=<private key, PEM> CERT=<certificate, PEM>"; exit 1; }
	@sbsign --key $(KEY) --cert $(CERT) --output $(BUILD)/multiboot.efi \
		$(BUILD)/x86_64/multiboot.efi
	@sbsign --key $(KEY) --cert $(CERT) --output $(BUILD)/multiboot-ia32.efi \
		$(BUILD)/ia32/multiboot.efi
	@echo "signed $(BUILD)/multiboot.efi and $(BUILD)/multiboot-ia32.efi" \
		"(allowlist: $(or $(strip $(ALLOW_SHA256)),empty))"

# --- make install / uninstall -----------------------------------------------
# Debian's layout for EFI binaries (shim, systemd-boot: /usr/lib/<package>/):
# the apps and startup.nsh in $(pkglibdir), where the wrapper, installed in
# $(bindir), looks for them ($(bindir)/../lib/multiboot-efi/). DESTDIR is
# honoured; make uninstall removes exactly the files listed here.
PACKAGE := multiboot-efi
bindir = $(PREFIX)/bin
pkglibdir = $(PREFIX)/lib/$(PACKAGE)
mandir = $(PREFIX)/share/man
docdir = $(PREFIX)/share/doc/$(PACKAGE)
bashcompdir = $(PREFIX)/share/bash-completion/completions

# Programs for $(bindir), one line each. Each comes with its man page,
# man/NAME.1, and its bash completion, tools/bash-completion/NAME, if any.
INSTALL_PROGRAMS := tools/multiboot-qemu tools/multiboot-mkimage
# Shell code the programs source: in $(pkglibdir), not executable.
INSTALL_SHLIBS := tools/multiboot-lib.sh
INSTALL_APPS := $(BUILD)/multiboot.efi $(BUILD)/multiboot-ia32.efi tools/startup.nsh
INSTALL_MAN1 := $(patsubst tools/%,$(BUILD)/man/%.1,$(INSTALL_PROGRAMS))
INSTALL_MAN8 := $(BUILD)/man/multiboot.efi.8
INSTALL_DOCS := README.md LICENSE
INSTALL_COMPLETIONS := $(wildcard $(patsubst tools/%,tools/bash-completion/%,$(INSTALL_PROGRAMS)))

# Where each list goes; uninstall removes these paths and nothing else.
INSTALLED := $(addprefix $(bindir)/,$(notdir $(INSTALL_PROGRAMS))) \
	$(addprefix $(pkglibdir)/,$(notdir $(INSTALL_APPS) $(INSTALL_SHLIBS))) \
	$(addprefix $(mandir)/man1/,$(notdir $(INSTALL_MAN1))) \
	$(addprefix $(mandir)/man8/,$(notdir $(INSTALL_MAN8))) \
	$(addprefix $(docdir)/,$(notdir $(INSTALL_DOCS))) \
	$(addprefix $(bashcompdir)/,$(notdir $(INSTALL_COMPLETIONS)))

# The man pages, with the version filled in (man/*.[18] say @VERSION@).
.PHONY: man
man: $(INSTALL_MAN1) $(INSTALL_MAN8)
$(BUILD)/man/%: man/% Makefile
	@mkdir -p $(dir $@)
	@sed 's/@VERSION@/$(VERSION)/g' $< > $@

# $(call install_files,MODE,DIR,FILES): FILES into $(DESTDIR)DIR with MODE;
# nothing when FILES is empty.
install_files = $(if $(strip $(3)),install -d $(DESTDIR)$(2) && install -m $(1) $(3) $(DESTDIR)$(2)/)

install: all man
	$(call install_files,755,$(bindir),$(INSTALL_PROGRAMS))
	$(call install_files,644,$(pkglibdir),$(INSTALL_APPS) $(INSTALL_SHLIBS))
	$(call install_files,644,$(mandir)/man1,$(INSTALL_MAN1))
	$(call install_files,644,$(mandir)/man8,$(INSTALL_MAN8))
	$(call install_files,644,$(docdir),$(INSTALL_DOCS))
	$(call install_files,644,$(bashcompdir),$(INSTALL_COMPLETIONS))

# The package's own directories go too, once empty.
.PHONY: uninstall
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(pkglibdir) $(DESTDIR)$(docdir) 2>/dev/null || true

clean:
	rm -rf $(BUILD)

# Every target, one line each (tests/static/run.sh checks that every .PHONY
# target is here).
.PHONY: help
help:
	@echo 'usage: make [TARGET]... [VARIABLE=VALUE]...'
	@echo 'Building and using:'
	@echo '  all                 (default) build/multiboot.efi and build/multiboot-ia32.efi'
	@echo '  run                 boot the demo test kernel under QEMU+OVMF on this terminal'
	@echo '  esp.img             build/esp.img: a FAT image with both apps and startup.nsh'
	@echo '  sign                sign both apps: make sign KEY=db.key CERT=db.crt [ALLOW_SHA256=...]'
	@echo '  man                 the man pages, version filled in, in build/man/'
	@echo '  install             install into $$(DESTDIR)$$(PREFIX) (PREFIX=$(PREFIX)); see README.md'
	@echo '  uninstall           remove what make install put there (same DESTDIR and PREFIX)'
	@echo '  clean               remove build/'
	@echo '  help                this list'
	@echo 'Testing (tests/):'
	@echo '  test                every test; the last line says "N passed, N failed"'
	@echo '  test-boot           the boot tests under QEMU+OVMF only'
	@echo '  test-unit           host unit tests (plain, ASan/UBSan, 32-bit)'
	@echo '  test-unit-valgrind  the unit tests under valgrind'
	@echo '  test-kernels        the test kernels (tests/kernel/)'
	@echo '  test-apps           builds of the app with a fault injected (build/faults/)'
	@echo '  sb-test-apps        Secure Boot test apps, signed with the snakeoil key (build/sb/)'
	@echo '  fuzz                build the libFuzzer harnesses'
	@echo '  fuzz-smoke          a short run of each harness'
	@echo '  fuzz-long           a long run of each harness; fuzz-long-NAME: one of them'
	@echo '  bench               boot-time benchmark against QEMU'"'"'s BIOS path and GRUB'
	@echo '  bench-bins          what make bench boots, without running it'
