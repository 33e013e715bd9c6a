/* Expectations a test states on the kernel command line ("key=value" words
 * after the first, which QEMU sets to the kernel's path):
 *   mbi=0xHEX    EBX must be this address
 *   mmap=0xHEX   mmap_addr must be this address
 *   ebda=1       a BIOS-style EBDA at 0x9FC00 (BDA, mem_lower and map agree)
 *   loader=TEXT  the boot loader name starts with TEXT
 *   mods=N       mods_count must be N */
#ifndef MBTEST_EXPECT_H
#define MBTEST_EXPECT_H

#include <multiboot/multiboot.h>

/* cmdline is the kernel's (already validated) command line. */
void expectations_check(const multiboot_info_t *mbi, const char *cmdline);

#endif
