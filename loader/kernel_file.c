// SPDX-License-Identifier: BSD-2-Clause
#include "kernel_file.h"

#include <stdbool.h>

#include <multiboot/multiboot.h>

#include "bytes.h"
#include "fmt.h"
#include "sizes.h"

#define ELF_MAGIC 0x464c457fu  /* "\x7fELF" */
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1

const char *kernel_format_name(enum kernel_format format)
{
	switch (format) {
	case KERNEL_AOUT_KLUDGE:
		return "a.out kludge";
	case KERNEL_ELF32:
		return "ELF32";
	default:
		return "ELF64";
	}
}

static int add_segment(struct kernel_file *k, uint64_t file_offset, uint64_t file_size,
		       uint64_t addr, uint64_t mem_size, size_t size,
		       char *why, size_t why_size)
{
	if (file_size > mem_size)
		return fmt_fail(why, why_size,
				"segment at 0x%llx holds %llu file bytes in %llu bytes of memory",
				(unsigned long long)addr, (unsigned long long)file_size,
				(unsigned long long)mem_size);
	if (file_offset > size || file_size > size - file_offset)
		return fmt_fail(why, why_size,
			    "segment at 0x%llx: %llu file bytes at offset 0x%llx lie outside the %llu-byte file",
			    (unsigned long long)addr, (unsigned long long)file_size,
			    (unsigned long long)file_offset, (unsigned long long)size);
	/* A segment of 4 GiB would not fit its 32-bit size either. */
	if (addr >= FOUR_GIB || mem_size >= FOUR_GIB || mem_size > FOUR_GIB - addr)
		return fmt_fail(why, why_size, "segment 0x%llx+0x%llx does not lie below 4 GiB",
			    (unsigned long long)addr, (unsigned long long)mem_size);
	for (size_t i = 0; i < k->segment_count; i++) {
		const struct kernel_segment *s = &k->segments[i];

		if (addr < (uint64_t)s->addr + s->mem_size && s->addr < addr + mem_size)
			return fmt_fail(why, why_size, "segments at 0x%llx and 0x%x overlap",
				    (unsigned long long)addr, s->addr);
	}
	if (k->segment_count == KERNEL_FILE_MAX_SEGMENTS)
		return fmt_fail(why, why_size, "more than %u loadable segments",
			    KERNEL_FILE_MAX_SEGMENTS);
	k->segments[k->segment_count++] = (struct kernel_segment){
		(uint32_t)file_offset, (uint32_t)file_size, (uint32_t)addr, (uint32_t)mem_size,
	};
	return 0;
}

/* The a.out kludge: the header says where the file goes (QEMU's rules). */
static int parse_aout(struct kernel_file *k, size_t size, char *why, size_t why_size)
{
	const struct mb_header *h = &k->header;
	uint64_t load_size, mem_size;

	if (!h->has_addresses)
		return fmt_fail(why, why_size, "the a.out-kludge header is cut off by the end of the file");
	uint32_t header_addr = h->header_addr, load_addr = h->load_addr;
	uint32_t load_end = h->load_end_addr, bss_end = h->bss_end_addr;
	if (header_addr < load_addr || header_addr - load_addr > h->offset)
		return fmt_fail(why, why_size,
			    "the a.out-kludge header_addr 0x%x does not fit load_addr 0x%x",
			    header_addr, load_addr);
	uint32_t text_offset = h->offset - (header_addr - load_addr);

	if (load_end) {
		if (load_end < load_addr)
			return fmt_fail(why, why_size, "load_end_addr 0x%x is below load_addr 0x%x",
				    load_end, load_addr);
		load_size = load_end - load_addr;
	} else {
		load_size = size - text_offset;
	}
	if (load_size > size - text_offset)
		return fmt_fail(why, why_size, "load_end_addr 0x%x runs past the end of the file",
			    load_end);
	mem_size = load_size;
	if (bss_end) {
		if (bss_end < load_addr + load_size)
			return fmt_fail(why, why_size, "bss_end_addr 0x%x is below the loaded end 0x%llx",
				    bss_end, (unsigned long long)(load_addr + load_size));
		mem_size = bss_end - load_addr;
	}
	k->format = KERNEL_AOUT_KLUDGE;
	k->entry = h->entry_addr;
	return add_segment(k, text_offset, load_size, load_addr, mem_size, size, why, why_size);
}

static int parse_elf(struct kernel_file *k, const uint8_t *file, size_t size,
		     char *why, size_t why_size)
{
	bool is64;
	uint64_t entry, phoff;
	uint16_t phentsize, phnum, machine;

	if (size < 52 || get_le32(file) != ELF_MAGIC)
		return fmt_fail(why, why_size, "neither ELF nor an a.out-kludge header (flag bit 16)");
	if (file[4] != ELFCLASS32 && file[4] != ELFCLASS64)
		return fmt_fail(why, why_size, "ELF class %u is neither 32- nor 64-bit", file[4]);
	if (file[5] != ELFDATA2LSB)
		return fmt_fail(why, why_size, "ELF file is not little-endian");
	is64 = file[4] == ELFCLASS64;
	if (is64 && size < 64)
		return fmt_fail(why, why_size, "ELF64 header is cut off");
	machine = get_le16(file + 18);
	if (machine != (is64 ? EM_X86_64 : EM_386))
		return fmt_fail(why, why_size, "ELF machine %u is not x86", machine);
	entry = is64 ? get_le64(file + 24) : get_le32(file + 24);
	phoff = is64 ? get_le64(file + 32) : get_le32(file + 28);
	phentsize = get_le16(file + (is64 ? 54 : 42));
	phnum = get_le16(file + (is64 ? 56 : 44));
	k->sections = (struct elf_sections){
		.offset = is64 ? get_le64(file + 40) : get_le32(file + 32),
		.entry_size = get_le16(file + (is64 ? 58 : 46)),
		.count = get_le16(file + (is64 ? 60 : 48)),
		.names = get_le16(file + (is64 ? 62 : 50)),
	};
	if (phentsize < (is64 ? 56 : 32) || phoff > size ||
	    (uint64_t)phnum * phentsize > size - phoff)
		return fmt_fail(why, why_size, "ELF program headers lie outside the file");

	k->format = is64 ? KERNEL_ELF64 : KERNEL_ELF32;
	k->entry = 0;
	bool entry_found = false;
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + (uint64_t)i * phentsize;
		uint64_t offset, vaddr, paddr, filesz, memsz;

		if (get_le32(ph) != PT_LOAD)
			continue;
		if (is64) {
			offset = get_le64(ph + 8);
			vaddr = get_le64(ph + 16);
			paddr = get_le64(ph + 24);
			filesz = get_le64(ph + 32);
			memsz = get_le64(ph + 40);
		} else {
			offset = get_le32(ph + 4);
			vaddr = get_le32(ph + 8);
			paddr = get_le32(ph + 12);
			filesz = get_le32(ph + 16);
			memsz = get_le32(ph + 20);
		}
		if (!memsz)
			continue;
		if (add_segment(k, offset, filesz, paddr, memsz, size, why, why_size))
			return -1;
		/* The entry is a virtual address; enter at its physical one. */
		if (entry >= vaddr && entry - vaddr < memsz) {
			k->entry = (uint32_t)(paddr + (entry - vaddr));
			entry_found = true;
		}
	}
	if (!k->segment_count)
		return fmt_fail(why, why_size, "the ELF file has no loadable segment");
	if (!entry_found)
		return fmt_fail(why, why_size, "the ELF entry 0x%llx lies in no loadable segment",
			    (unsigned long long)entry);
	return 0;
}

static bool in_image(const struct kernel_file *k, uint32_t addr)
{
	return addr >= k->load_addr && addr - k->load_addr < k->image_size;
}

/*
 * What the Multiboot 1 path reads, from the Multiboot 2 tags: the a.out
 * fields of the address tag, module alignment, the video mode.
 */
static int mb2_as_mb1(struct kernel_file *k, char *why, size_t why_size)
{
	const struct mb2_header *m = &k->mb2_header;
	struct mb_header *h = &k->header;

	*h = (struct mb_header){ .offset = m->offset };
	if (m->module_align)
		h->flags |= MULTIBOOT_PAGE_ALIGN;
	if (m->has_address) {
		if (!m->has_entry)
			return fmt_fail(why, why_size,
					"the Multiboot 2 address tag comes without an entry address tag");
		h->flags |= MULTIBOOT_AOUT_KLUDGE;
		h->has_addresses = true;
		h->header_addr = m->header_addr;
		/* -1: the file loads from its beginning (the header's offset in). */
		h->load_addr = m->load_addr == MB2_LOAD_FROM_FILE_START ? m->header_addr - m->offset
									  : m->load_addr;
		h->load_end_addr = m->load_end_addr;
		h->bss_end_addr = m->bss_end_addr;
		h->entry_addr = m->entry;
	}
	if (m->has_framebuffer) {
		h->flags |= MULTIBOOT_VIDEO_MODE;
		h->has_video = true;
		h->mode_type = 0;
		h->width = m->fb_width;
		h->height = m->fb_height;
		h->depth = m->fb_depth;
	}
	return 0;
}

int kernel_file_parse(struct kernel_file *k, const uint8_t *file, size_t size,
		      bool prefer_mb1, char *why, size_t why_size)
{
	*k = (struct kernel_file){ 0 };
	/* Offsets are 32-bit; only a 64-bit build can even hold a larger file. */
	uint64_t file_size = size;

	if (file_size >> 32)
		return fmt_fail(why, why_size, "the kernel file is larger than 4 GiB");
	bool mb1 = mbheader_find(file, size, &k->header);
	int mb2 = mb1 && prefer_mb1 ? 0 : mb2header_find(file, size, &k->mb2_header, why, why_size);

	if (mb2 < 0)
		return -1;
	k->mb2 = mb2;
	if (mb2) {
		if (mb2_as_mb1(k, why, why_size))
			return -1;
	} else if (!mb1) {
		return fmt_fail(why, why_size,
				"no Multiboot header with a valid checksum in the first %u bytes, nor a Multiboot 2 one in the first %u",
				MULTIBOOT_SEARCH, MB2_SEARCH);
	}
	bool aout = mb2 ? k->mb2_header.has_address : (k->header.flags & MULTIBOOT_AOUT_KLUDGE);

	if (aout ? parse_aout(k, size, why, why_size) : parse_elf(k, file, size, why, why_size))
		return -1;
	if (mb2 && k->mb2_header.has_entry)
		k->entry = k->mb2_header.entry;

	uint64_t low = UINT64_MAX, high = 0;
	for (size_t i = 0; i < k->segment_count; i++) {
		const struct kernel_segment *s = &k->segments[i];

		if (s->addr < low)
			low = s->addr;
		if ((uint64_t)s->addr + s->mem_size > high)
			high = (uint64_t)s->addr + s->mem_size;
	}
	k->load_addr = (uint32_t)low;
	k->link_addr = k->load_addr;
	k->image_size = (uint32_t)(high - low);
	if (!in_image(k, k->entry))
		return fmt_fail(why, why_size, "the entry 0x%x lies outside the image 0x%x-0x%llx",
			    k->entry, k->load_addr, (unsigned long long)high);
	if (k->mb2 && ((k->mb2_header.has_efi32_entry && !in_image(k, k->mb2_header.efi32_entry)) ||
		       (k->mb2_header.has_efi64_entry && !in_image(k, k->mb2_header.efi64_entry))))
		return fmt_fail(why, why_size, "an EFI entry address lies outside the image 0x%x-0x%llx",
			    k->load_addr, (unsigned long long)high);
	return 0;
}

void kernel_file_relocate(struct kernel_file *k, uint32_t base)
{
	uint32_t delta = base - k->load_addr;  /* modulo 2^32, both ways */

	for (size_t i = 0; i < k->segment_count; i++)
		k->segments[i].addr += delta;
	k->load_addr = base;
	k->entry += delta;
	k->header.entry_addr += delta;
	k->mb2_header.entry += delta;
	k->mb2_header.efi32_entry += delta;
	k->mb2_header.efi64_entry += delta;
}

void kernel_file_image(const struct kernel_file *k, const uint8_t *file,
		       uint32_t offset, void *dest, uint32_t len)
{
	uint8_t *out = dest;

	__builtin_memset(out, 0, len);
	for (size_t i = 0; i < k->segment_count; i++) {
		const struct kernel_segment *s = &k->segments[i];
		uint64_t seg_start = (uint64_t)s->addr - k->load_addr;
		uint64_t from = seg_start > offset ? seg_start : offset;
		uint64_t to = seg_start + s->file_size;

		if (to > (uint64_t)offset + len)
			to = (uint64_t)offset + len;
		if (from < to)
			__builtin_memcpy(out + (from - offset),
					 file + s->file_offset + (from - seg_start), to - from);
	}
}
