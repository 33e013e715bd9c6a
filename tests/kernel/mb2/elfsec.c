// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "print.h"
#include "text.h"

/* Section header sizes and the fields read here (ELF spec / gABI). */
#define SHDR32_SIZE  40
#define SHDR64_SIZE  64
#define SHT_NULL     0
#define SHT_NOBITS   8
#define SHF_ALLOC    0x2
#define ELFSEC_HEADER 20  /* type, size, num, entsize, shndx */
/* A section name longer than this is garbage, not a name. */
#define NAME_MAX_LEN 64

#ifdef __x86_64__
#define OWN_SHDR_SIZE SHDR64_SIZE
#else
#define OWN_SHDR_SIZE SHDR32_SIZE
#endif

struct section {
	uint32_t name, type;
	uint64_t flags, addr, size;
};

/* Reads section i whichever the class; entsize is already checked. */
static struct section read_section(const struct mb2_tag_elf_sections *tag, uint32_t i)
{
	const uint8_t *p = tag->headers + (uintptr_t)i * tag->entsize;
	struct section s;

	s.name = *(const uint32_t *)p;
	s.type = *(const uint32_t *)(p + 4);
	if (tag->entsize == SHDR64_SIZE) {
		s.flags = *(const uint64_t *)(p + 8);
		s.addr = *(const uint64_t *)(p + 16);
		s.size = *(const uint64_t *)(p + 32);
	} else {
		s.flags = *(const uint32_t *)(p + 8);
		s.addr = *(const uint32_t *)(p + 12);
		s.size = *(const uint32_t *)(p + 20);
	}
	return s;
}

/* The name of s in the string table [strtab, +strsize), or "?" if it
 * points outside or runs on unterminated. */
static const char *section_name(const struct section *s, uint64_t strtab, uint64_t strsize)
{
	const char *name;

	if (s->name >= strsize)
		return "?";
	name = phys(strtab + s->name);
	for (uint32_t n = 0; n < NAME_MAX_LEN && s->name + n < strsize; n++)
		if (!name[n])
			return name;
	return "?";
}

static int is_named(const char *name, const char *want)
{
	while (*want)
		if (*name++ != *want++)
			return 0;
	return !*name;
}

void elfsec_check(const struct mb2_info *info, uint64_t entry, uint64_t link_delta,
		  int link_addresses)
{
	const struct mb2_tag_elf_sections *tag = (const void *)info->tag[MB2_TAG_ELF_SECTIONS];
	extern char __kernel_start[], __kernel_end[];
	/* Where the sections should say the image is: where it runs, or
	 * where it was linked when the test says the loader keeps link-time
	 * section addresses (GRUB does, see the report). */
	uint64_t shift = link_addresses ? link_delta : 0;
	uint64_t image_start = (uintptr_t)__kernel_start - shift;
	uint64_t image_end = (uintptr_t)__kernel_end - shift;
	uint64_t want_entry = entry - shift;
	struct section strtab;
	int found_text = 0;

	if (!tag)
		return;
	if (tag->size < ELFSEC_HEADER) {
		fail("tag 9 elf-sections size=%u too small", tag->size);
		return;
	}
	report("tag 9 elf-sections num=%u entsize=%u shndx=%u", tag->num, tag->entsize, tag->shndx);
	if (!tag->num) {
		report("note: elf-sections tag with no sections");
		return;
	}
	if (tag->entsize != OWN_SHDR_SIZE) {
		fail("elf-sections entsize=%u want %u (this kernel's ELF class)", tag->entsize,
		     OWN_SHDR_SIZE);
		return;
	}
	if ((uint64_t)tag->num * tag->entsize > tag->size - ELFSEC_HEADER) {
		fail("elf-sections: %u headers of %u bytes do not fit the tag's %u", tag->num,
		     tag->entsize, tag->size);
		return;
	}
	if (tag->shndx >= tag->num) {
		fail("elf-sections shndx=%u not below num=%u", tag->shndx, tag->num);
		return;
	}
	strtab = read_section(tag, tag->shndx);
	if (!strtab.addr || !addressable(strtab.addr, strtab.size)) {
		fail("elf-sections: name table at 0x%llx size 0x%llx unreadable",
		     (unsigned long long)strtab.addr, (unsigned long long)strtab.size);
		return;
	}
	for (uint32_t i = 1; i < tag->num; i++) {
		struct section s = read_section(tag, i);
		const char *name = section_name(&s, strtab.addr, strtab.size);

		report("elf section %u %s type=%u flags=0x%llx addr=0x%llx size=0x%llx", i, name,
		       s.type, (unsigned long long)s.flags, (unsigned long long)s.addr,
		       (unsigned long long)s.size);
		if (s.type == SHT_NULL || !s.size)
			continue;
		if (s.type != SHT_NOBITS && !s.addr) {
			fail("elf section %u %s has contents but addr=0 (not loaded)", i, name);
			continue;
		}
		if (s.flags & SHF_ALLOC) {
			/* Part of the image: it must say where the image is. */
			if (s.addr < image_start || s.addr + s.size > image_end)
				fail("elf section %u %s [0x%llx,+0x%llx) outside the image "
				     "[0x%llx,0x%llx)", i, name, (unsigned long long)s.addr,
				     (unsigned long long)s.size, (unsigned long long)image_start,
				     (unsigned long long)image_end);
		} else if (s.type != SHT_NOBITS) {
			/* A copy the loader placed: inside this tag, after the
			 * headers (then it is part of the information), or on
			 * its own, where it must not clobber anything. */
			uint64_t data_start = (uintptr_t)tag + ELFSEC_HEADER +
					      (uint64_t)tag->num * tag->entsize;
			uint64_t tag_end = (uintptr_t)tag + tag->size;

			if (s.addr < tag_end && (uintptr_t)tag < s.addr + s.size) {
				if (s.addr < data_start || s.addr + s.size > tag_end)
					fail("elf section %u %s [0x%llx,+0x%llx) straddles the tag's "
					     "headers or end", i, name, (unsigned long long)s.addr,
					     (unsigned long long)s.size);
			} else {
				place("elf-section", i, s.addr, s.addr + s.size);
			}
		}
		if (is_named(name, ".text")) {
			found_text = 1;
			if (want_entry < s.addr || want_entry - s.addr >= s.size)
				fail("elf section .text [0x%llx,+0x%llx) does not hold the entry "
				     "code at 0x%llx", (unsigned long long)s.addr,
				     (unsigned long long)s.size, (unsigned long long)want_entry);
		}
	}
	if (!found_text)
		fail("elf-sections: no .text section");
}
