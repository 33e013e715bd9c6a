// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for Multiboot 2 kernels: kernel_file_parse (with
 * mb2header_find), kernel_file_relocate and mb2_place for relocatable
 * ones, then the Multiboot 2 information (loader/mb2info.c) for the kernel
 * and its file, checked against a reference walk.
 *
 * Input: [options][relocation base: 4 bytes][kernel file bytes...]
 *   options bit 0: EFI64 pointers        bit 1: a framebuffer (bit 2: RGB, else EGA text)
 *           bit 3: boot services kept    bit 4: no memory map (mmap NULL)
 *           bit 5: relocate a relocatable kernel to the base (page-aligned)
 *           bit 6: RSDP 36 bytes (else 20)   bit 7: SMBIOS 3 (else 2)
 *
 * A parsed Multiboot 2 kernel must have the header mb2header_find finds,
 * its entries inside the image, a.out loading only with an address tag.
 * The information: static_size is what write_static writes (nothing past
 * it), finish fits the bound exactly with a memory map and refuses one byte
 * less, total_size is the size returned, every tag is 8-aligned inside it,
 * the end tag last; the ELF-sections tag is there exactly when the section
 * table is usable (reference below), its headers are the file's but for
 * sh_addr: loaded sections moved with the image, copied ones inside the
 * tag holding the file's bytes, the rest unchanged.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <multiboot/multiboot.h>

#include "loader/kernel_file.h"
#include "loader/mb2header.h"
#include "loader/mb2info.h"
#include "loader/mb2place.h"

#include "fuzz_common.h"

#define GUARD 64
#define OUT_ADDR 0x7654000ull
#define MAX_INFO (64u << 20)

static struct kernel_file kernel;
static struct payload payload;
static struct plan plan;
static uint8_t meta[64] = "console=ttyS0\0mod0 a=1\0mod1";
static uint8_t rsdp[36], smbios[31], efi_map[96];
static const struct multiboot_mmap_entry mmap[3] = {
	{ 20, 0x0, 0x9FC00, MULTIBOOT_MEMORY_AVAILABLE },
	{ 20, 0x100000, 0x3FF00000, MULTIBOOT_MEMORY_AVAILABLE },
	{ 20, 0xFEC00000, 0x1000, MULTIBOOT_MEMORY_RESERVED },
};
static struct mem_range ranges[] = {
	{ 0x0, 0xA0000, MEM_FREE },
	{ 0x100000, 0x800000, MEM_FREE },
	{ 0x800000, 0x1000000, MEM_BOOT },
	{ 0x1000000, 0x3F000000, MEM_FREE },
	{ 0x3F000000, 0x40000000, MEM_RUNTIME },
	{ 0x100000000ull, 0x140000000ull, MEM_FREE },
};
static const struct mem_map map = { ranges, 6, 6 };

static void setup(void)
{
	payload.meta = meta;
	payload.has_cmdline = true;
	payload.cmdline = 0;
	payload.mod_count = 2;
	payload.mods[0] = (struct payload_module){ 0x8000, 0x1234, 14 };
	payload.mods[1] = (struct payload_module){ 0xA000, 0x10, 23 };
	plan.mod_addr[0] = 0x400000;
	plan.mod_addr[1] = 0x402000;
	for (size_t i = 0; i < sizeof(rsdp); i++)
		rsdp[i] = (uint8_t)(i + 1);
	for (size_t i = 0; i < sizeof(smbios); i++)
		smbios[i] = (uint8_t)(i + 0x40);
	for (size_t i = 0; i < sizeof(efi_map); i++)
		efi_map[i] = (uint8_t)(i * 3);
}

FUZZ_REFERENCE static uint64_t rd(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

FUZZ_REFERENCE static uint64_t up8(uint64_t n) { return (n + 7) & ~7ull; }

/* A section header's fields, by the ELF class. */
struct ref_shdr {
	uint32_t type;
	uint64_t flags, addr, offset, size;
};

FUZZ_REFERENCE static struct ref_shdr ref_shdr(const uint8_t *h, bool is64)
{
	return (struct ref_shdr){
		.type = (uint32_t)rd(h + 4, 4),
		.flags = is64 ? rd(h + 8, 8) : rd(h + 8, 4),
		.addr = is64 ? rd(h + 16, 8) : rd(h + 12, 4),
		.offset = is64 ? rd(h + 24, 8) : rd(h + 16, 4),
		.size = is64 ? rd(h + 32, 8) : rd(h + 20, 4),
	};
}

FUZZ_REFERENCE static bool ref_copied(const struct ref_shdr *s)
{
	return !(s->flags & 2) && s->type != 8 && s->size != 0;
}

/* Whether the section table (read from the ELF header itself) is usable. */
FUZZ_REFERENCE static bool ref_sections_usable(const uint8_t *file, size_t size)
{
	if (kernel.format == KERNEL_AOUT_KLUDGE)
		return false;
	bool is64 = kernel.format == KERNEL_ELF64;
	uint64_t off = is64 ? rd(file + 40, 8) : rd(file + 32, 4);
	uint64_t es = rd(file + (is64 ? 58 : 46), 2), n = rd(file + (is64 ? 60 : 48), 2);
	uint64_t names = rd(file + (is64 ? 62 : 50), 2);

	FUZZ_CHECK(off == kernel.sections.offset && es == kernel.sections.entry_size &&
		   n == kernel.sections.count && names == kernel.sections.names,
		   "sections recorded: 0x%llx %llu %llu %llu", (unsigned long long)off,
		   (unsigned long long)es, (unsigned long long)n, (unsigned long long)names);
	if (!off || !n || es < (is64 ? 64u : 40u) || names >= n || off > size ||
	    n * es > size - off)
		return false;
	for (uint64_t i = 0; i < n; i++) {
		struct ref_shdr s = ref_shdr(file + off + i * es, is64);

		if (ref_copied(&s) && (s.offset > size || s.size > size - s.offset))
			return false;
	}
	return true;
}

FUZZ_REFERENCE static void check_sections_tag(const uint8_t *info, uint32_t at,
					      const uint8_t *file)
{
	bool is64 = kernel.format == KERNEL_ELF64;
	const uint8_t *t = info + at;
	uint32_t size = (uint32_t)rd(t + 4, 4);
	uint64_t n = kernel.sections.count, es = kernel.sections.entry_size;
	const uint8_t *table = file + kernel.sections.offset;
	uint64_t tag_addr = OUT_ADDR + at, data_end = up8(20 + n * es);
	uint64_t delta = (uint64_t)kernel.load_addr - kernel.link_addr;
	size_t addr_at = is64 ? 16 : 12, addr_len = is64 ? 8 : 4;

	FUZZ_CHECK(rd(t + 8, 4) == n && rd(t + 12, 4) == es && rd(t + 16, 4) == kernel.sections.names,
		   "ELF-sections tag fields");
	FUZZ_CHECK(size >= 20 + n * es, "ELF-sections tag size %u for %llu headers", size,
		   (unsigned long long)n);
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *got = t + 20 + i * es, *want = table + i * es;
		struct ref_shdr s = ref_shdr(want, is64);
		uint64_t addr = is64 ? rd(got + 16, 8) : rd(got + 12, 4);

		FUZZ_CHECK(!memcmp(got, want, addr_at) &&
			   !memcmp(got + addr_at + addr_len, want + addr_at + addr_len,
				   es - addr_at - addr_len),
			   "section %llu's header is the file's", (unsigned long long)i);
		if (ref_copied(&s)) {
			uint64_t off = addr - tag_addr;

			FUZZ_CHECK(addr >= tag_addr && off % 8 == 0 && off >= data_end &&
				   off + s.size <= size,
				   "section %llu's copy at 0x%llx: tag 0x%llx+%u, copies end at %llu",
				   (unsigned long long)i, (unsigned long long)addr,
				   (unsigned long long)tag_addr, size, (unsigned long long)data_end);
			FUZZ_CHECK(!memcmp(t + off, file + s.offset, s.size),
				   "section %llu's copy holds the file's bytes", (unsigned long long)i);
			data_end = off + up8(s.size);
		} else if (s.flags & 2) {
			uint64_t moved = is64 ? s.addr + delta : (uint32_t)(s.addr + delta);

			FUZZ_CHECK(addr == moved, "loaded section %llu at 0x%llx, want 0x%llx",
				   (unsigned long long)i, (unsigned long long)addr,
				   (unsigned long long)moved);
		} else {
			FUZZ_CHECK(addr == s.addr, "section %llu keeps 0x%llx, got 0x%llx",
				   (unsigned long long)i, (unsigned long long)s.addr,
				   (unsigned long long)addr);
		}
	}
	FUZZ_CHECK(data_end == size, "copies end at %llu, tag size %u",
		   (unsigned long long)data_end, size);
}

/* The information as a kernel reads it. */
FUZZ_REFERENCE static void walk(const uint8_t *info, int total, const uint8_t *file,
				size_t file_size, bool mmap_given)
{
	uint32_t count[MB2_TAG_TYPES] = { 0 };
	uint32_t size = (uint32_t)rd(info, 4);

	FUZZ_CHECK(size == (uint32_t)total && rd(info + 4, 4) == 0, "total_size %u, returned %d",
		   size, total);
	for (uint32_t at = 8;;) {
		FUZZ_CHECK(at % 8 == 0 && (uint64_t)at + 8 <= size, "tag at %u of %u", at, size);
		uint32_t type = (uint32_t)rd(info + at, 4), tsize = (uint32_t)rd(info + at + 4, 4);

		FUZZ_CHECK(tsize >= 8 && tsize <= size - at && type < MB2_TAG_TYPES,
			   "tag type %u size %u at %u of %u", type, tsize, at, size);
		if (type == MB2_TAG_END) {
			FUZZ_CHECK(tsize == 8 && at + 8 == size, "end tag at %u of %u", at, size);
			break;
		}
		count[type]++;
		if (type == MB2_TAG_ELF_SECTIONS)
			check_sections_tag(info, at, file);
		at += (uint32_t)up8(tsize);
	}
	FUZZ_CHECK(count[MB2_TAG_ELF_SECTIONS] == ref_sections_usable(file, file_size),
		   "ELF-sections tag (%u) exactly when the table is usable",
		   count[MB2_TAG_ELF_SECTIONS]);
	FUZZ_CHECK(count[MB2_TAG_MODULE] == payload.mod_count && count[MB2_TAG_CMDLINE] == 1 &&
		   count[MB2_TAG_EFI_MMAP] == 1 && count[MB2_TAG_MMAP] == mmap_given &&
		   count[MB2_TAG_LOAD_BASE_ADDR] == kernel.mb2_header.relocatable,
		   "tag counts");
}

FUZZ_REFERENCE static bool in_image(uint32_t a)
{
	return a >= kernel.load_addr && a - kernel.load_addr < kernel.image_size;
}

FUZZ_REFERENCE static void check_kernel(const uint8_t *file, size_t size)
{
	struct mb2_header h;
	char why[64];
	const struct mb2_header *m = &kernel.mb2_header;

	FUZZ_CHECK(mb2header_find(file, size, &h, why, sizeof(why)) == 1 &&
		   h.offset == m->offset && h.length == m->length,
		   "the header mb2header_find finds");
	FUZZ_CHECK(m->offset % 8 == 0 && m->offset < MB2_SEARCH &&
		   (uint64_t)m->offset + m->length <= size, "header at 0x%x+0x%x", m->offset,
		   m->length);
	FUZZ_CHECK((kernel.format == KERNEL_AOUT_KLUDGE) == m->has_address &&
		   (!m->has_address || m->has_entry), "a.out exactly with an address tag");
	FUZZ_CHECK(!m->has_entry || kernel.entry == m->entry, "entry tag");
	FUZZ_CHECK(in_image(kernel.entry) && (!m->has_efi32_entry || in_image(m->efi32_entry)) &&
		   (!m->has_efi64_entry || in_image(m->efi64_entry)), "entries inside the image");
	FUZZ_CHECK(kernel.link_addr == kernel.load_addr, "link_addr");
	FUZZ_CHECK(!m->relocatable || (m->reloc_min <= m->reloc_max &&
				       !(m->reloc_align & (m->reloc_align - 1))),
		   "relocatable tag");
	FUZZ_CHECK(!!(kernel.header.flags & MULTIBOOT_PAGE_ALIGN) == m->module_align &&
		   kernel.header.has_video == m->has_framebuffer, "MB1 view of the tags");
}

/* mb2_place's answer obeys the header; then move the kernel there or to base. */
FUZZ_REFERENCE static void check_base(uint32_t base, const uint32_t image_size)
{
	const struct mb2_header *m = &kernel.mb2_header;
	uint64_t align = m->reloc_align > 4096 ? m->reloc_align : 4096;
	uint64_t size = ((uint64_t)image_size + 4095) & ~4095ull;
	bool free = false;

	FUZZ_CHECK(base >= m->reloc_min && base >= MB2_RELOC_FLOOR && base % align == 0 &&
		   (uint64_t)base + size <= (uint64_t)m->reloc_max + 1,
		   "base 0x%x for 0x%x-0x%x align 0x%x size 0x%x", base, m->reloc_min,
		   m->reloc_max, m->reloc_align, image_size);
	for (size_t i = 0; i < map.count; i++)
		free |= map.ranges[i].kind == MEM_FREE && map.ranges[i].start <= base &&
			base + size <= map.ranges[i].end;
	FUZZ_CHECK(free, "base 0x%x+0x%llx in free memory", base, (unsigned long long)size);
}

FUZZ_REFERENCE static void check_relocated(const struct kernel_file *before, uint32_t base)
{
	uint32_t delta = base - before->load_addr;

	FUZZ_CHECK(kernel.load_addr == base && kernel.link_addr == before->link_addr &&
		   kernel.image_size == before->image_size &&
		   kernel.entry == before->entry + delta &&
		   kernel.segment_count == before->segment_count, "relocated kernel");
	for (size_t i = 0; i < kernel.segment_count; i++)
		FUZZ_CHECK(kernel.segments[i].addr == before->segments[i].addr + delta &&
			   kernel.segments[i].file_offset == before->segments[i].file_offset,
			   "segment %zu relocated", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t opt = get8(&c);
	uint32_t want_base = get32(&c) & ~0xFFFu;
	char why[256];

	if (!payload.meta)
		setup();
	uint8_t *file = malloc(c.n ? c.n : 1);

	FUZZ_CHECK(file, "malloc");
	memcpy(file, c.p, c.n);
	size_t file_size = c.n;

	why[0] = 0;
	int rc = kernel_file_parse(&kernel, file, file_size, false, why, sizeof(why));

	FUZZ_LOG("%zu-byte file: %s%s\n", file_size, rc ? "refused: " : "parsed", rc ? why : "");
	if (rc || !kernel.mb2) {
		FUZZ_CHECK(!rc || (why[0] && !memchr(why, '\n', strlen(why))), "reason");
		free(file);
		return 0;
	}
	check_kernel(file, file_size);

	if (kernel.mb2_header.relocatable) {
		uint32_t base = 0;

		why[0] = 0;
		if (mb2_place(&map, &kernel.mb2_header, kernel.image_size, &base, why,
				  sizeof(why)) == 0)
			check_base(base, kernel.image_size);
		else
			FUZZ_CHECK(why[0], "pick_base failed with no reason");
		if ((opt & 0x20) && (uint64_t)want_base + kernel.image_size <= 1ull << 32) {
			static struct kernel_file before;

			before = kernel;
			kernel_file_relocate(&kernel, want_base);
			check_relocated(&before, want_base);
		}
	}

	struct framebuffer fb = {
		.addr = 0x80000000u, .pitch = 4096, .width = 1024, .height = 768, .bpp = 32,
		.type = opt & 4 ? MULTIBOOT_FRAMEBUFFER_TYPE_RGB : MULTIBOOT_FRAMEBUFFER_TYPE_EGA_TEXT,
		.red_pos = 16, .red_size = 8, .green_pos = 8, .green_size = 8, .blue_size = 8,
	};
	memcpy(smbios, opt & 0x80 ? "_SM3_" : "_SM_\x01", 5);
	struct mb2_info_input in = {
		.payload = &payload,
		.plan = &plan,
		.loader_name = "multiboot.efi",
		.kernel = &kernel,
		.file = file,
		.file_size = file_size,
		.fb = opt & 2 ? &fb : NULL,
		.efi64 = opt & 1,
		.system_table = 0x3F8E5018,
		.image_handle = 0x13E0F1A98ull,
		.rsdp = rsdp,
		.rsdp_size = opt & 0x40 ? 36 : 20,
		.smbios = smbios,
		.smbios_size = opt & 0x80 ? 24 : 31,
		.boot_services_kept = opt & 8,
	};
	struct mb2_final_maps maps = {
		.mmap = opt & 0x10 ? NULL : mmap,
		.mmap_count = 3,
		.efi_map = efi_map,
		.efi_map_size = sizeof(efi_map),
		.efi_desc_size = 48,
		.efi_desc_version = 1,
	};
	size_t static_size = mb2_info_static_size(&in);

	FUZZ_CHECK(static_size % 8 == 0, "static size %zu", static_size);
	if (static_size > MAX_INFO) {
		FUZZ_LOG("  static information of %zu bytes: not written\n", static_size);
		free(file);
		return 0;
	}
	size_t bound = mb2_info_final_bound(maps.mmap ? 3 : 0, sizeof(efi_map));
	size_t room = static_size + bound + GUARD;
	uint8_t *info = malloc(room);

	FUZZ_CHECK(info, "malloc");
	memset(info, 0xCC, room);
	size_t wrote = mb2_info_write_static(info, OUT_ADDR, &in);

	FUZZ_CHECK(wrote == static_size, "write_static %zu, static_size %zu", wrote, static_size);
	for (size_t i = wrote; i < room; i++)
		FUZZ_CHECK(info[i] == 0xCC, "write_static wrote byte %zu past %zu", i, wrote);
	if (maps.mmap) {
		why[0] = 0;
		FUZZ_CHECK(mb2_info_finish(info, wrote, wrote + bound - 1, &maps, why,
					   sizeof(why)) == -1 && why[0],
			   "finish one byte short");
	}
	int total = mb2_info_finish(info, wrote, wrote + bound, &maps, why, sizeof(why));

	FUZZ_CHECK(total > 0 && (size_t)total <= wrote + bound &&
		   (!maps.mmap || (size_t)total == wrote + bound),
		   "finish: %d into %zu (%s)", total, wrote + bound, total < 0 ? why : "");
	for (size_t i = (size_t)total; i < room; i++)
		FUZZ_CHECK(info[i] == 0xCC, "finish wrote byte %zu past %d", i, total);
	walk(info, total, file, file_size, maps.mmap != NULL);
	FUZZ_LOG("  %s, %u sections, information %d bytes\n", kernel_format_name(kernel.format),
		 kernel.sections.count, total);
	free(info);
	free(file);
	return 0;
}
