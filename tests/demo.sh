#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make run`: boot the test kernel through multiboot.efi under OVMF, on this
# terminal, with two modules and a command line, as a user would.
set -eu
cd "$(dirname "$0")/.."

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo/esp/EFI/BOOT"
cp build/multiboot.efi "$demo/esp/EFI/BOOT/BOOTX64.EFI"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$demo/vars.fd"
echo "hello from module one" > "$demo/one.txt"
head -c 1048576 /dev/urandom > "$demo/two.bin"

echo "booting build/tests/mbtest.elf under OVMF (q35, TCG); QEMU exits when the kernel is done"
set +e
timeout 120 qemu-system-x86_64 -machine q35 -m 512 -nographic -no-reboot -nic none \
	-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,file="$demo/vars.fd" \
	-drive format=raw,file=fat:rw:"$demo/esp" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel build/tests/mbtest.elf \
	-initrd "$demo/one.txt first module,$demo/two.bin second" \
	-append "console=serial demo=1"
status=$?
set -e
# isa-debug-exit: the kernel writes 0 (all checks passed) -> QEMU exits 1.
if [ "$status" -eq 1 ]; then
	echo "demo: the kernel booted and all its checks passed"
else
	echo "demo: QEMU exited with status $status (expected 1)" >&2
	exit 1
fi
