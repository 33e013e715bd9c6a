// SPDX-License-Identifier: BSD-2-Clause
#include "mb2info.h"

#include "bytes.h"
#include "fmt.h"
#include "mbi.h"

#define SHT_NOBITS 8
#define SHF_ALLOC 2
#define ELF32_SHDR_SIZE 40
#define ELF64_SHDR_SIZE 64
#define RSDP_V1_SIZE 20
#define SMBIOS_VERSION_AT_2 6   /* "_SM_": major, minor at 6, 7 */
#define SMBIOS_VERSION_AT_3 7   /* "_SM3_": major, minor at 7, 8 */

static size_t align8(size_t n)
{
	return (n + MB2_TAG_ALIGN - 1) & ~(size_t)(MB2_TAG_ALIGN - 1);
}

/* One section header of the kernel file, the fields the tag needs. */
struct shdr {
	const uint8_t *raw;
	uint32_t type;
	uint64_t flags, addr, offset, size;
};

static struct shdr section(const struct mb2_info_input *in, uint32_t i)
{
	const struct elf_sections *s = &in->kernel->sections;
	const uint8_t *h = in->file + s->offset + (uint64_t)i * s->entry_size;
	bool is64 = in->kernel->format == KERNEL_ELF64;

	return (struct shdr){
		.raw = h,
		.type = get_le32(h + 4),
		.flags = is64 ? get_le64(h + 8) : get_le32(h + 8),
		.addr = is64 ? get_le64(h + 16) : get_le32(h + 12),
		.offset = is64 ? get_le64(h + 24) : get_le32(h + 16),
		.size = is64 ? get_le64(h + 32) : get_le32(h + 20),
	};
}

/* Contents the kernel gets a copy of: in the file, not loaded with the image. */
static bool copied(const struct shdr *sh)
{
	return !(sh->flags & SHF_ALLOC) && sh->type != SHT_NOBITS && sh->size;
}

/* The most the ELF-sections tag may take, copies included (sections may
 * share file bytes, so a small file could otherwise ask for gigabytes). */
#define SECTIONS_TAG_MAX (64u << 20)

/* Whether the kernel file has a section table the tag can carry whole. */
static bool sections_usable(const struct mb2_info_input *in)
{
	const struct kernel_file *k = in->kernel;
	const struct elf_sections *s = k ? &k->sections : NULL;

	if (!s || !in->file || k->format == KERNEL_AOUT_KLUDGE || !s->offset || !s->count)
		return false;
	if (s->entry_size < (k->format == KERNEL_ELF64 ? ELF64_SHDR_SIZE : ELF32_SHDR_SIZE) ||
	    s->names >= s->count || s->offset > in->file_size ||
	    (uint64_t)s->count * s->entry_size > in->file_size - s->offset)
		return false;
	uint64_t size = (uint64_t)s->count * s->entry_size;

	for (uint32_t i = 0; i < s->count && size <= SECTIONS_TAG_MAX; i++) {
		struct shdr sh = section(in, i);

		if (!copied(&sh))
			continue;
		if (sh.offset > in->file_size || sh.size > in->file_size - sh.offset)
			return false;
		size += sh.size;
	}
	return size <= SECTIONS_TAG_MAX;
}

static size_t sections_size(const struct mb2_info_input *in)
{
	const struct elf_sections *s = &in->kernel->sections;
	size_t size = align8(sizeof(struct mb2_tag_elf_sections) + (size_t)s->count * s->entry_size);

	for (uint32_t i = 0; i < s->count; i++) {
		struct shdr sh = section(in, i);

		if (copied(&sh))
			size += align8((size_t)sh.size);
	}
	return size;
}

/* Major and minor version from an entry point ("_SM_" or "_SM3_"). */
static void smbios_version(const struct mb2_info_input *in, uint8_t *major, uint8_t *minor)
{
	size_t at = in->smbios_size > 3 && in->smbios[3] == '3' ? SMBIOS_VERSION_AT_3
							       : SMBIOS_VERSION_AT_2;

	*major = at < in->smbios_size ? in->smbios[at] : 0;
	*minor = at + 1 < in->smbios_size ? in->smbios[at + 1] : 0;
}

/* The tags in order; with out NULL only their sizes are summed. */
struct writer {
	uint8_t *out;
	uint64_t out_addr;
	size_t at;
};

static uint8_t *tag(struct writer *w, uint32_t type, size_t size)
{
	uint8_t *t = w->out ? w->out + w->at : NULL;

	if (t) {
		__builtin_memset(t, 0, align8(size));
		put_le32(t, type);
		put_le32(t + 4, (uint32_t)size);
	}
	w->at += align8(size);
	return t;
}

static void put(uint8_t *t, size_t at, const void *src, size_t len)
{
	if (t)
		__builtin_memcpy(t + at, src, len);
}

static void string_tag(struct writer *w, uint32_t type, const char *s)
{
	put(tag(w, type, 8 + string_size(s)), 8, s, string_size(s));
}

static void pointer_tag(struct writer *w, uint32_t type32, uint32_t type64, bool efi64,
			uint64_t pointer)
{
	uint8_t *t = tag(w, efi64 ? type64 : type32, efi64 ? 16 : 12);

	if (t && efi64)
		put_le64(t + 8, pointer);
	else if (t)
		put_le32(t + 8, (uint32_t)pointer);
}

static void framebuffer_tag(struct writer *w, const struct framebuffer *fb)
{
	bool rgb = fb->type == MULTIBOOT_FRAMEBUFFER_TYPE_RGB;
	uint8_t *t = tag(w, MB2_TAG_FRAMEBUFFER, rgb ? 38 : 32);

	if (!t)
		return;
	put_le64(t + 8, fb->addr);
	put_le32(t + 16, fb->pitch);
	put_le32(t + 20, fb->width);
	put_le32(t + 24, fb->height);
	t[28] = fb->bpp;
	t[29] = rgb ? MB2_FRAMEBUFFER_RGB : MB2_FRAMEBUFFER_EGA_TEXT;
	if (rgb) {
		const uint8_t fields[6] = { fb->red_pos, fb->red_size, fb->green_pos,
					    fb->green_size, fb->blue_pos, fb->blue_size };

		put(t, 32, fields, sizeof(fields));
	}
}

/*
 * The section headers, loaded sections at the addresses they were loaded
 * to (relocation included), the others copied after the headers.
 */
static void sections_tag(struct writer *w, const struct mb2_info_input *in)
{
	const struct kernel_file *k = in->kernel;
	const struct elf_sections *s = &k->sections;
	size_t size = sections_size(in);
	size_t headers = (size_t)s->count * s->entry_size;
	uint64_t tag_addr = w->out_addr + w->at;
	uint8_t *t = tag(w, MB2_TAG_ELF_SECTIONS, size);
	size_t data_at = align8(sizeof(struct mb2_tag_elf_sections) + headers);
	int64_t delta = (int64_t)k->load_addr - (int64_t)k->link_addr;
	bool is64 = k->format == KERNEL_ELF64;

	if (!t)
		return;
	put_le32(t + 8, s->count);
	put_le32(t + 12, s->entry_size);
	put_le32(t + 16, s->names);
	put(t, sizeof(struct mb2_tag_elf_sections), in->file + s->offset, headers);
	for (uint32_t i = 0; i < s->count; i++) {
		struct shdr sh = section(in, i);
		uint8_t *h = t + sizeof(struct mb2_tag_elf_sections) + (size_t)i * s->entry_size;
		uint64_t addr = sh.addr;

		if (copied(&sh)) {
			__builtin_memcpy(t + data_at, in->file + sh.offset, (size_t)sh.size);
			addr = tag_addr + data_at;
			data_at += align8((size_t)sh.size);
		} else if (sh.flags & SHF_ALLOC) {
			addr += (uint64_t)delta;
		}
		if (is64)
			put_le64(h + 16, addr);
		else
			put_le32(h + 12, (uint32_t)addr);
	}
}

static void static_tags(struct writer *w, const struct mb2_info_input *in)
{
	const struct payload *p = in->payload;

	w->at = sizeof(struct mb2_info_header);
	string_tag(w, MB2_TAG_CMDLINE, p->has_cmdline ? payload_string(p, p->cmdline) : "");
	string_tag(w, MB2_TAG_BOOT_LOADER_NAME, in->loader_name);
	for (uint32_t i = 0; i < p->mod_count; i++) {
		const char *cmdline = payload_string(p, p->mods[i].cmdline);
		uint8_t *t = tag(w, MB2_TAG_MODULE, 16 + string_size(cmdline));

		if (!t)
			continue;
		put_le32(t + 8, (uint32_t)in->plan->mod_addr[i]);
		put_le32(t + 12, (uint32_t)in->plan->mod_addr[i] + p->mods[i].size);
		put(t, 16, cmdline, string_size(cmdline));
	}
	if (in->fb)
		framebuffer_tag(w, in->fb);
	if (sections_usable(in))
		sections_tag(w, in);
	pointer_tag(w, MB2_TAG_EFI32, MB2_TAG_EFI64, in->efi64, in->system_table);
	pointer_tag(w, MB2_TAG_EFI32_IH, MB2_TAG_EFI64_IH, in->efi64, in->image_handle);
	if (in->smbios_size) {
		uint8_t *t = tag(w, MB2_TAG_SMBIOS, 16 + in->smbios_size);

		if (t) {
			smbios_version(in, &t[8], &t[9]);
			put(t, 16, in->smbios, in->smbios_size);
		}
	}
	if (in->rsdp_size >= RSDP_V1_SIZE) {
		put(tag(w, MB2_TAG_ACPI_OLD, 8 + RSDP_V1_SIZE), 8, in->rsdp, RSDP_V1_SIZE);
		if (in->rsdp_size > RSDP_V1_SIZE)
			put(tag(w, MB2_TAG_ACPI_NEW, 8 + in->rsdp_size), 8, in->rsdp, in->rsdp_size);
	}
	if (in->kernel && in->kernel->mb2_header.relocatable) {
		uint8_t *t = tag(w, MB2_TAG_LOAD_BASE_ADDR, 12);

		if (t)
			put_le32(t + 8, in->kernel->load_addr);
	}
	if (in->boot_services_kept)
		tag(w, MB2_TAG_EFI_BS, 8);
}

size_t mb2_info_static_size(const struct mb2_info_input *in)
{
	struct writer w = { 0 };

	static_tags(&w, in);
	return w.at;
}

size_t mb2_info_write_static(void *out, uint64_t out_addr, const struct mb2_info_input *in)
{
	struct writer w = { out, out_addr, 0 };

	put_le32(out, 0);
	put_le32((uint8_t *)out + 4, 0);
	static_tags(&w, in);
	return w.at;
}

/* The EFI map and end tags, and with a Multiboot map its two tags. */
static size_t final_size(bool with_mmap, uint32_t mmap_entries, size_t efi_map_size)
{
	size_t size = align8(sizeof(struct mb2_tag_efi_mmap) + efi_map_size) + sizeof(struct mb2_tag);

	if (with_mmap)
		size += align8(sizeof(struct mb2_tag_basic_meminfo)) +
			align8(sizeof(struct mb2_tag_mmap) +
			       (size_t)mmap_entries * sizeof(struct mb2_mmap_entry));
	return size;
}

size_t mb2_info_final_bound(uint32_t mmap_entries, size_t efi_map_size)
{
	return final_size(true, mmap_entries, efi_map_size);
}

int mb2_info_finish(void *out, size_t used, size_t capacity, const struct mb2_final_maps *maps,
		    char *why, size_t why_size)
{
	uint32_t entries = maps->mmap ? maps->mmap_count : 0;
	size_t need = used + final_size(maps->mmap, entries, maps->efi_map_size);

	if (need > capacity)
		return fmt_fail(why, why_size,
				"the Multiboot 2 information needs %llu bytes, more than the %llu planned (the memory map grew)",
				(unsigned long long)need, (unsigned long long)capacity);
	struct writer w = { out, 0, used };

	if (maps->mmap) {
		uint8_t *t = tag(&w, MB2_TAG_BASIC_MEMINFO, sizeof(struct mb2_tag_basic_meminfo));

		put_le32(t + 8, mbi_mem_lower(maps->mmap, entries));
		put_le32(t + 12, mbi_mem_upper(maps->mmap, entries));
		t = tag(&w, MB2_TAG_MMAP,
			sizeof(struct mb2_tag_mmap) + (size_t)entries * sizeof(struct mb2_mmap_entry));
		put_le32(t + 8, sizeof(struct mb2_mmap_entry));
		put_le32(t + 12, 0);
		for (uint32_t i = 0; i < entries; i++) {
			uint8_t *e = t + sizeof(struct mb2_tag_mmap) + i * sizeof(struct mb2_mmap_entry);

			put_le64(e, maps->mmap[i].addr);
			put_le64(e + 8, maps->mmap[i].len);
			put_le32(e + 16, maps->mmap[i].type);
		}
	}
	uint8_t *t = tag(&w, MB2_TAG_EFI_MMAP, sizeof(struct mb2_tag_efi_mmap) + maps->efi_map_size);

	put_le32(t + 8, maps->efi_desc_size);
	put_le32(t + 12, maps->efi_desc_version);
	put(t, sizeof(struct mb2_tag_efi_mmap), maps->efi_map, maps->efi_map_size);
	tag(&w, MB2_TAG_END, sizeof(struct mb2_tag));
	put_le32(out, (uint32_t)w.at);
	return (int)w.at;
}
