/* SPDX-License-Identifier: BSD-2-Clause */
/* Expectations a test states on the kernel command line ("key=value" words
 * after the first, which QEMU sets to the kernel's path):
 *   mbi=0xHEX    EBX must be this address
 *   mmap=0xHEX   mmap_addr must be this address
 *   ebda=1       a BIOS-style EBDA at 0x9FC00 (BDA, mem_lower and map agree)
 *   loader=TEXT  the boot loader name starts with TEXT
 *   mods=N       mods_count must be N
 *   fb=0|1|2     no framebuffer (flags bit 12 clear) / a 32-bit RGB one / VGA
 *                text 80x25 at 0xB8000 (the Multiboot framebuffer types)|1       no framebuffer / a valid 32-bit RGB framebuffer (flags bit 12)
 *   fbw=N fbh=N  the framebuffer is N pixels wide / high
 *   fbdraw=1     after PASS, draw the test pattern and wait (fb.c)
 *   rsdp=0|1     a BIOS-style scan finds no RSDP / an RSDP leading to a valid FADT
 *   pic=1        the PICs and the PIT as a BIOS leaves them, interrupts
 *                taken at the BIOS's vectors (pic.c)
 *   fseg=0|1     none / all of the BIOS tables in 0xE0000-0xFFFFF (RSDP,
 *                SMBIOS, MP; fseg.c); with rsdp=0, the RSDP must be absent
 *   cpus=N       with fseg=1: the MP table lists N enabled processors */
#ifndef MBTEST_EXPECT_H
#define MBTEST_EXPECT_H

#include <multiboot/multiboot.h>

/* cmdline is the kernel's (already validated) command line. */
void expectations_check(const multiboot_info_t *mbi, const char *cmdline);

/* Whether the command line asks for fbdraw=1. */
int expect_draw(const char *cmdline);

#endif
