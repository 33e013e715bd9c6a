/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared declarations of the Multiboot 2 test kernels (tests/kernel/mb2/).
 * The same C files build the 32-bit kernels and the 64-bit one, so
 * addresses are uintptr_t and values from the information are widened to
 * uint64_t before any arithmetic. */
#ifndef MB2TEST_H
#define MB2TEST_H

#include <stdint.h>
#include "multiboot2.h"
#include "layout.h"

/* Beyond these the kernel says so instead of guessing. */
#define MAX_MODULES 128

/* The first (for modules: every) tag of each known type, found by
 * tags_parse after it has checked the information's structure. */
struct mb2_info {
	uintptr_t addr;
	uint32_t total_size;
	const struct mb2_tag *tag[MB2_TAG_TYPES];
	uint32_t count[MB2_TAG_TYPES];
	const struct mb2_tag_module *module[MAX_MODULES];
	uint32_t module_count;
};

/* main.c: which entry ran (ENTRY_KIND_*), set by the entry code. */
extern uint32_t entry_kind;
const char *entry_name(uint32_t kind);

/* Whether [addr, addr+len) can be read at all in this mode: no wrap and,
 * in the 32-bit kernels, below 4 GiB (they run unpaged). */
static inline int addressable(uint64_t addr, uint64_t len)
{
	return addr && addr + len >= addr && addr + len - 1 <= (uint64_t)UINTPTR_MAX;
}

static inline const void *phys(uint64_t addr)
{
	return (const void *)(uintptr_t)addr;
}

/* cpu32.c / cpu64.c */
uint64_t entry_magic(void);
uint64_t entry_mbi(void);
void cpu_check(void);

/* tags.c: structure checks (alignment, sizes, end tag, known types, no
 * duplicates); prints one line per tag. Returns 0 if the tags cannot be
 * walked at all. */
int tags_parse(uintptr_t addr, struct mb2_info *info);
/* The string at offset in tag, or 0 (and a failure) if no NUL ends it
 * within the tag. tag_string: that of a cmdline or loader-name tag. */
const char *tag_text(const struct mb2_tag *tag, uint32_t offset, const char *what);
const char *tag_string(const struct mb2_tag *tag, const char *what);

/* memmap.c: the mmap tag (6) and basic meminfo (4), parsed into
 * ../memory_map.c, whose queries then answer from them. */
void memmap_check(const struct mb2_info *info);

/* efimap.c: the EFI map, from tag 17 or (boot services kept) from
 * GetMemoryMap. efimap_require_loader fails unless [start, end) lies in
 * EfiLoaderCode/EfiLoaderData descriptors. */
void efimap_check(const struct mb2_info *info);
void efimap_require_loader(const char *name, uint32_t index, uint64_t start, uint64_t end);

/* main.c: records a region the loader placed (regions.c's overlap and
 * availability checks, plus the EFI allocation check after an EFI entry). */
void place(const char *name, uint32_t index, uint64_t start, uint64_t end);

/* mods.c */
void modules_check_mb2(const struct mb2_info *info, int aligned);

/* elfsec.c: the ELF sections tag. entry is the runtime address of the entry
 * code that ran; link_delta what to subtract from it to get its link-time
 * address (for loaders that leave sh_addr unrelocated, see shaddr=link). */
void elfsec_check(const struct mb2_info *info, uint64_t entry, uint64_t link_delta,
		  int link_addresses);

/* acpi.c: RSDP tags 14/15, following them to the FADT. Returns whether a
 * valid RSDP led to a valid FADT. */
int acpi_check(const struct mb2_info *info);

/* smbios.c: tag 13. Returns whether it holds a valid entry point. */
int smbios_check(const struct mb2_info *info);

/* fbinfo.c: tag 8. want: -1 any (sanity only), else MB2_FRAMEBUFFER_*
 * type or FB_NONE. */
#define FB_NONE 0
void framebuffer_check(const struct mb2_info *info, int want);

/* efitables.c: tags 11/12 (system table) and 19/20 (image handle).
 * want_bits 0 = sanity only, 32/64 = that system-table tag must exist. */
void efi_tables_check(const struct mb2_info *info, uint32_t want_bits);

#endif
