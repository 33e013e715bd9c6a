/* SPDX-License-Identifier: BSD-2-Clause */
/* Forced in front of ../cpu_checks.c (-include) when the 32-bit MB2
 * kernels build it: that file checks EAX against MULTIBOOT_BOOTLOADER_MAGIC,
 * which for Multiboot 2 is 0x36D76289. Its own #include of the v1 header
 * is then a no-op (include guard), so it sees this value. */
#include <multiboot/multiboot.h>
#include "multiboot2.h"
#undef MULTIBOOT_BOOTLOADER_MAGIC
#define MULTIBOOT_BOOTLOADER_MAGIC MB2_BOOTLOADER_MAGIC
