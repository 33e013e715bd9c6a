#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make run`: boot the test kernel on this terminal as a user would, with
# the QEMU command line that boots it under SeaBIOS, given to the wrapper
# (tools/multiboot-qemu), which runs it with OVMF and multiboot.efi.
set -eu
cd "$(dirname "$0")/.."

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"
echo "hello from module one" > "$demo/one.txt"
head -c 1048576 /dev/urandom > "$demo/two.bin"

qemu_args=(-machine q35 -m 512 -nographic -no-reboot -nic none
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel build/tests/mbtest.elf
	-initrd "$demo/one.txt first module,$demo/two.bin second"
	-append "console=serial demo=1")
echo "booting build/tests/mbtest.elf under OVMF (TCG); QEMU exits when the kernel is done:"
echo "  tools/multiboot-qemu ${qemu_args[*]}"
set +e
MULTIBOOT_EFI=build/multiboot.efi timeout 120 tools/multiboot-qemu "${qemu_args[@]}"
status=$?
set -e
# isa-debug-exit at 0xf4: the kernel writes 0 (all checks passed), so QEMU
# exits with 1; the wrapper's own exit device says 131 and up when the app
# refused to boot it.
if [ "$status" -eq 1 ]; then
	echo "demo: the kernel booted and all its checks passed"
else
	echo "demo: QEMU exited with status $status (expected 1)" >&2
	exit 1
fi
