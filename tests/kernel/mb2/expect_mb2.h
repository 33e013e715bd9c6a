/* SPDX-License-Identifier: BSD-2-Clause */
/* Expectations a test states on the kernel command line ("key=value" words
 * after the first, which is the kernel's name):
 *   mods=N              N module tags
 *   loader=TEXT         the boot loader name starts with TEXT
 *   entry=i386|efi32|efi64
 *                       the entry that ran; efi*: boot services kept (tag
 *                       18), i386: terminated (no tag 18, tags 4 and 6)
 *   efi=32|64           a system-table tag (11/12) leading to a table with
 *                       the EFI signature (and, with boot services kept,
 *                       a nonzero image handle tag 19/20)
 *   fb=0|1|2            no framebuffer tag / RGB 32 bpp / EGA text 80x25
 *   reloc=1             a load-base tag (21) equal to the real load address
 *   acpi=0              no RSDP tag (14 or 15) at all
 *   acpi=1              an RSDP tag (15 or 14) with valid checksums leading
 *                       to a valid FADT
 *   smbios=1            an SMBIOS tag (13) with a valid entry point
 *   shaddr=link         the ELF-sections tag gives link-time section
 *                       addresses (GRUB 2.06 leaves allocated sections at
 *                       their link addresses when it relocates an image)
 *   pic=1               (32-bit, i386 entry) the PICs and PIT as a BIOS
 *                       leaves them, as ../pic.h checks
 *   fseg=0|1 cpus=N     (32-bit, i386 entry) none / all of the BIOS tables
 *                       in 0xE0000-0xFFFFF, as ../fseg.h checks; with
 *                       acpi=0 the RSDP must be absent there too
 * Unknown keys are ignored (the loader's tests may add their own). */
#ifndef MB2TEST_EXPECT_H
#define MB2TEST_EXPECT_H

#include <stdint.h>

#define WANT_ANY (-1)

struct expectations {
	int mods;               /* WANT_ANY or the count */
	const char *loader;     /* 0 or the prefix, loader_len bytes */
	uint32_t loader_len;
	int entry;              /* WANT_ANY or ENTRY_KIND_* */
	uint32_t efi_bits;      /* 0, 32 or 64 */
	int fb;                 /* WANT_ANY, FB_NONE or MB2_FRAMEBUFFER_* */
	int reloc, acpi, smbios, shaddr_link;
	int pic, fseg, cpus;    /* pic 0/1; fseg and cpus WANT_ANY or the value */
};

void expect_parse(const char *cmdline, struct expectations *want);

#endif
