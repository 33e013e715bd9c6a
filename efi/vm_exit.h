/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ending the VM instead of returning to the firmware, when QEMU asks for it
 * (multiboot-qemu does): a script then gets QEMU's exit status at once
 * rather than a firmware that goes on to network boot and its shell.
 *
 *   -device isa-debug-exit,iobase=PORT,iosize=1
 *   -fw_cfg name=opt/multiboot.efi/exit-port,string=PORT
 *
 * Success (--help, --version, a dry run) powers the VM off: QEMU exits 0.
 * A failure writes 0x40 | its status code to PORT: QEMU exits with
 * 129 + 2 * code (131 for EFI_LOAD_ERROR, 133 EFI_INVALID_PARAMETER, 157
 * EFI_NOT_FOUND, 181 EFI_SECURITY_VIOLATION): never 0 or 1, which the
 * kernel's own isa-debug-exit writes of 0 give.
 */
#ifndef EFI_VM_EXIT_H
#define EFI_VM_EXIT_H

#include <efi.h>

#include "../fwcfg/fwcfg.h"

#define VM_EXIT_FWCFG_FILE "opt/multiboot.efi/exit-port"
/* Set in what a failure writes, so that QEMU's status is 129 or more. */
#define VM_EXIT_FAILURE_BIT 0x40
#define VM_EXIT_CODE_MASK 0x3f

/**
 * vm_exit_port() - the isa-debug-exit port QEMU named in fw_cfg
 * @fw: QEMU's fw_cfg, or NULL when there is none
 *
 * Return: the port, or 0 when QEMU named none (or named it wrongly: a
 * warning says so, and the app returns to the firmware as usual).
 */
uint16_t vm_exit_port(struct fwcfg *fw);

/**
 * vm_exit() - end the VM with the app's status
 * @port: from vm_exit_port(), not 0
 * @status: what the app would have returned to the firmware
 */
__attribute__((noreturn)) void vm_exit(uint16_t port, EFI_STATUS status);

#endif
