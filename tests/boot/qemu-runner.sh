#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A test runner that drives QEMU as kvm-unit-tests' x86/run does: the
# emulator is whatever $QEMU names, asked first for its help and its
# devices, then run with -nodefaults, its own debug-exit device at 0xf4, the
# console on stdout, and the test as -kernel (more QEMU arguments follow).
# Exits with QEMU's status; 2 when $QEMU does not look like QEMU.
#
#   QEMU=<emulator> tests/boot/qemu-runner.sh KERNEL [QEMU ARGS...]
set -u
qemu=${QEMU:?QEMU names the emulator}

"$qemu" --help 2> /dev/null | grep -q QEMU || { echo "runner: $qemu is not QEMU"; exit 2; }
"$qemu" -device '?' 2>&1 | grep -qF '"pc-testdev"' ||
	{ echo "runner: $qemu has no pc-testdev"; exit 2; }
echo "runner: $("$qemu" -h | head -n 1)"
"$qemu" --no-reboot -nodefaults -device pc-testdev -device isa-debug-exit,iobase=0xf4,iosize=0x4 \
	-display none -serial stdio -machine accel=tcg -kernel "$@" < /dev/null
