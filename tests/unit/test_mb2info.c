// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/mb2info.c: the Multiboot 2 information. Each test writes the
 * static part and finishes it as efi/main.c does, into a buffer with a
 * guard after it, then walks the result as a kernel would: total_size,
 * every tag 8-aligned and inside, the end tag last, each tag's contents.
 */
#include "check.h"
#include "loader/bytes.h"
#include "fixture.h"
#include "loader/mb2info.h"
#include "loader/mbi.h"

#define GUARD 64
#define OUT_ADDR 0x7654000ull  /* where the information "lives" */


static size_t up8(size_t n) { return (n + 7) & ~(size_t)7; }

/* ---- the walk ---- */

#define MAX_MODS 8

struct walked {
	uint32_t total;
	uint32_t count[MB2_TAG_TYPES];
	uint32_t at[MB2_TAG_TYPES];  /* offset of the (last) tag of each type */
	uint32_t mods[MAX_MODS];
	uint32_t nmods;
};

static void walk(const uint8_t *info, size_t returned, struct walked *w, int line)
{
	memset(w, 0, sizeof(*w));
	w->total = get_le32(info);
	if (w->total != returned)
		check_fail(__FILE__, line, "total_size %u is the size returned, %zu", w->total,
			   returned);
	if (get_le32(info + 4))
		check_fail(__FILE__, line, "reserved is 0, not 0x%x", get_le32(info + 4));
	for (uint32_t at = 8;;) {
		if (at % 8 || (uint64_t)at + 8 > w->total)
			check_fail(__FILE__, line, "a tag at %u: 8-aligned, inside %u", at, w->total);
		uint32_t type = get_le32(info + at), size = get_le32(info + at + 4);

		if (size < 8 || size > w->total - at)
			check_fail(__FILE__, line, "tag type %u at %u: size %u inside %u", type, at,
				   size, w->total);
		if (type >= MB2_TAG_TYPES)
			check_fail(__FILE__, line, "tag type %u at %u is a known type", type, at);
		if (type == MB2_TAG_END) {
			if (size != 8 || at + 8 != w->total)
				check_fail(__FILE__, line, "the end tag (size %u) at %u is last in %u",
					   size, at, w->total);
			return;
		}
		if (type == MB2_TAG_MODULE) {
			if (w->nmods >= MAX_MODS)
				check_fail(__FILE__, line, "at most %u module tags", MAX_MODS);
			w->mods[w->nmods++] = at;
		} else if (w->count[type]) {
			check_fail(__FILE__, line, "one tag of type %u", type);
		}
		w->count[type]++;
		w->at[type] = at;
		/* The padding after a tag is zero. */
		for (uint32_t i = size; i < up8(size); i++)
			if (info[at + i])
				check_fail(__FILE__, line, "tag type %u: padding byte %u is 0", type, i);
		at += (uint32_t)up8(size);
	}
}

/* ---- the inputs ---- */

struct env {
	struct fixture *fx;
	struct kernel_file *k;
	struct framebuffer fb;
	uint8_t rsdp[36];
	uint8_t smbios[31];
	struct multiboot_mmap_entry mmap[6];
	uint8_t efi[3 * 48];
	struct mb2_info_input in;
	struct mb2_final_maps maps;
	/* What came of it. */
	uint8_t *info;
	size_t static_size;
	size_t capacity;
	int total;
	struct walked w;
	char why[256];
};

static const struct multiboot_mmap_entry mmap_entries[6] = {
	{ 20, 0x0, 0x9FC00, MULTIBOOT_MEMORY_AVAILABLE },
	{ 20, 0x9FC00, 0x400, MULTIBOOT_MEMORY_RESERVED },
	{ 20, 0x100000, 0x3E9F0000, MULTIBOOT_MEMORY_AVAILABLE },
	{ 20, 0x3EAF0000, 0x10000, MULTIBOOT_MEMORY_ACPI_RECLAIMABLE },
	{ 20, 0x3EB00000, 0x80000, MULTIBOOT_MEMORY_NVS },
	{ 20, 0x100000000ull, 0x1000, MULTIBOOT_MEMORY_BADRAM },
};

/* A payload with mods modules on OVMF's map, planned; everything else on. */
static struct env *env_new(uint32_t mods)
{
	struct env *e = tcalloc(1, sizeof(*e));

	CHECK(mods <= MAX_MODS);
	e->fx = fx_modules(0x7000, mods, NULL, map_ovmf());
	fx_plan_ok(e->fx);
	e->k = tcalloc(1, sizeof(*e->k));
	e->k->format = KERNEL_ELF32;
	e->k->mb2 = true;
	e->k->load_addr = e->k->link_addr = 0x100000;
	e->k->image_size = 0x7000;
	e->fb = (struct framebuffer){
		.addr = 0x80000000ull, .pitch = 4096, .width = 1024, .height = 768, .bpp = 32,
		.type = MULTIBOOT_FRAMEBUFFER_TYPE_RGB,
		.red_pos = 16, .red_size = 8, .green_pos = 8, .green_size = 8,
		.blue_pos = 0, .blue_size = 8,
	};
	for (size_t i = 0; i < sizeof(e->rsdp); i++)
		e->rsdp[i] = (uint8_t)(0x30 + i);
	memcpy(e->rsdp, "RSD PTR ", 8);
	for (size_t i = 0; i < sizeof(e->smbios); i++)
		e->smbios[i] = (uint8_t)(0x60 + i);
	memcpy(e->smbios, "_SM3_", 5);
	e->smbios[7] = 3;
	e->smbios[8] = 6;
	memcpy(e->mmap, mmap_entries, sizeof(e->mmap));
	for (size_t i = 0; i < sizeof(e->efi); i++)
		e->efi[i] = (uint8_t)(i * 11 + 3);
	e->in = (struct mb2_info_input){
		.payload = e->fx->payload,
		.plan = e->fx->plan,
		.loader_name = FX_LOADER_NAME,
		.kernel = e->k,
		.fb = &e->fb,
		.efi64 = true,
		.system_table = 0x3F8E5018ull,
		.image_handle = 0x13E0F1A98ull,
		.rsdp = e->rsdp,
		.rsdp_size = 36,
		.smbios = e->smbios,
		.smbios_size = 24,
		.boot_services_kept = false,
	};
	e->maps = (struct mb2_final_maps){
		.mmap = e->mmap,
		.mmap_count = 6,
		.efi_map = e->efi,
		.efi_map_size = sizeof(e->efi),
		.efi_desc_size = 48,
		.efi_desc_version = 1,
	};
	return e;
}

static void env_free(struct env *e)
{
	tfree(e->info);
	tfree(e->k);
	fx_free(e->fx);
	tfree(e);
}

/*
 * Write the static part (its size as promised, nothing written past it),
 * finish with capacity extra bytes past what the bound says (exact when
 * extra is 0), then walk. Returns finish's result; walks only on success.
 */
static int build_extra(struct env *e, long extra, int line)
{
	uint32_t entries = e->maps.mmap ? e->maps.mmap_count : 0;

	tfree(e->info);
	e->static_size = mb2_info_static_size(&e->in);
	if (e->static_size % 8)
		check_fail(__FILE__, line, "static size %zu is 8-aligned", e->static_size);
	e->capacity = (size_t)((long)(e->static_size +
				      mb2_info_final_bound(entries, e->maps.efi_map_size)) + extra);
	size_t room = (e->capacity > e->static_size ? e->capacity : e->static_size) + GUARD;

	e->info = tmalloc(room);
	memset(e->info, 0xCC, room);
	size_t wrote = mb2_info_write_static(e->info, OUT_ADDR, &e->in);

	if (wrote != e->static_size)
		check_fail(__FILE__, line, "write_static wrote %zu, static_size said %zu", wrote,
			   e->static_size);
	for (size_t i = wrote; i < room; i++)
		if (e->info[i] != 0xCC)
			check_fail(__FILE__, line, "write_static wrote byte %zu past its %zu", i, wrote);
	e->why[0] = '\0';
	e->total = mb2_info_finish(e->info, wrote, e->capacity, &e->maps, e->why, sizeof(e->why));
	if (e->total < 0) {
		for (size_t i = wrote; i < room; i++)
			if (e->info[i] != 0xCC)
				check_fail(__FILE__, line, "a refused finish wrote byte %zu", i);
		return e->total;
	}
	if ((size_t)e->total > e->capacity)
		check_fail(__FILE__, line, "finish returned %d, past the capacity %zu", e->total,
			   e->capacity);
	for (size_t i = (size_t)e->total; i < room; i++)
		if (e->info[i] != 0xCC)
			check_fail(__FILE__, line, "finish wrote byte %zu past its %d", i, e->total);
	walk(e->info, (size_t)e->total, &e->w, line);
	return e->total;
}

static void build(struct env *e, int line)
{
	if (build_extra(e, 0, line) < 0)
		check_fail(__FILE__, line, "finish failed: %s", e->why);
}
#define BUILD(e) build((e), __LINE__)

static const uint8_t *tag_of(const struct env *e, uint32_t type)
{
	CHECK_EQ(e->w.count[type], 1);
	return e->info + e->w.at[type];
}

static void check_string_tag(const struct env *e, uint32_t type, const char *want, int line)
{
	const uint8_t *t = tag_of(e, type);

	if (get_le32(t + 4) != 8 + strlen(want) + 1 || strcmp((const char *)t + 8, want))
		check_fail(__FILE__, line, "tag %u (size %u) holds \"%s\", want \"%s\"", type,
			   get_le32(t + 4), (const char *)t + 8, want);
}
#define CHECK_STRING_TAG(e, type, want) check_string_tag((e), (type), (want), __LINE__)

/* ---- tests ---- */

TEST(mb2info_everything)
{
	struct env *e = env_new(3);

	e->k->mb2_header.relocatable = true;
	e->k->load_addr = 0x2000000;
	e->in.boot_services_kept = true;
	BUILD(e);
	/* Exactly the bound, with a memory map. */
	CHECK_EQ(e->total, e->capacity);

	CHECK_STRING_TAG(e, MB2_TAG_CMDLINE, e->fx->blob->kcmdline);
	CHECK_STRING_TAG(e, MB2_TAG_BOOT_LOADER_NAME, FX_LOADER_NAME);

	/* Modules, in order: where the plan put them, their strings. */
	CHECK_EQ(e->w.nmods, 3);
	for (uint32_t i = 0; i < 3; i++) {
		const uint8_t *t = e->info + e->w.mods[i];
		const char *arg = e->fx->blob->mod_arg[i];

		CHECK_EQ(get_le32(t + 4), 16 + strlen(arg) + 1);
		CHECK_EQ(get_le32(t + 8), e->fx->plan->mod_addr[i]);
		CHECK_EQ(get_le32(t + 12), e->fx->plan->mod_addr[i] + e->fx->payload->mods[i].size);
		CHECK_STR((const char *)t + 16, arg);
		if (i)
			CHECK(e->w.mods[i] > e->w.mods[i - 1]);
	}

	/* The framebuffer, RGB. */
	const uint8_t *t = tag_of(e, MB2_TAG_FRAMEBUFFER);

	CHECK_EQ(get_le32(t + 4), 38);
	CHECK_EQ(get_le64(t + 8), 0x80000000ull);
	CHECK_EQ(get_le32(t + 16), 4096);
	CHECK_EQ(get_le32(t + 20), 1024);
	CHECK_EQ(get_le32(t + 24), 768);
	CHECK_EQ(t[28], 32);
	CHECK_EQ(t[29], MB2_FRAMEBUFFER_RGB);
	CHECK_EQ(get_le16(t + 30), 0);
	static const uint8_t rgb[6] = { 16, 8, 8, 8, 0, 8 };
	CHECK(!memcmp(t + 32, rgb, 6));

	/* EFI64 pointers, 64 bits wide; no 32-bit ones. */
	t = tag_of(e, MB2_TAG_EFI64);
	CHECK_EQ(get_le32(t + 4), 16);
	CHECK_EQ(get_le64(t + 8), 0x3F8E5018ull);
	t = tag_of(e, MB2_TAG_EFI64_IH);
	CHECK_EQ(get_le32(t + 4), 16);
	CHECK_EQ(get_le64(t + 8), 0x13E0F1A98ull);
	CHECK_EQ(e->w.count[MB2_TAG_EFI32], 0);
	CHECK_EQ(e->w.count[MB2_TAG_EFI32_IH], 0);

	/* SMBIOS 3: version from bytes 7 and 8; the entry point whole. */
	t = tag_of(e, MB2_TAG_SMBIOS);
	CHECK_EQ(get_le32(t + 4), 16 + 24);
	CHECK_EQ(t[8], 3);
	CHECK_EQ(t[9], 6);
	for (int i = 10; i < 16; i++)
		CHECK_EQ(t[i], 0);
	CHECK(!memcmp(t + 16, e->smbios, 24));

	/* ACPI: old with the first 20 bytes, new with all 36. */
	t = tag_of(e, MB2_TAG_ACPI_OLD);
	CHECK_EQ(get_le32(t + 4), 8 + 20);
	CHECK(!memcmp(t + 8, e->rsdp, 20));
	t = tag_of(e, MB2_TAG_ACPI_NEW);
	CHECK_EQ(get_le32(t + 4), 8 + 36);
	CHECK(!memcmp(t + 8, e->rsdp, 36));

	/* Relocatable: where it was loaded. */
	t = tag_of(e, MB2_TAG_LOAD_BASE_ADDR);
	CHECK_EQ(get_le32(t + 4), 12);
	CHECK_EQ(get_le32(t + 8), 0x2000000);

	t = tag_of(e, MB2_TAG_EFI_BS);
	CHECK_EQ(get_le32(t + 4), 8);

	/* Basic memory information, from the map as the MBI's is. */
	t = tag_of(e, MB2_TAG_BASIC_MEMINFO);
	CHECK_EQ(get_le32(t + 4), 16);
	CHECK_EQ(get_le32(t + 8), mbi_mem_lower(mmap_entries, 6));
	CHECK_EQ(get_le32(t + 12), mbi_mem_upper(mmap_entries, 6));
	CHECK_EQ(get_le32(t + 8), 639);
	CHECK_EQ(get_le32(t + 12), (0x3EAF0000 - 0x100000) / 1024);

	/* The memory map: 24-byte entries, version 0, types as Multiboot 1. */
	t = tag_of(e, MB2_TAG_MMAP);
	CHECK_EQ(get_le32(t + 4), 16 + 6 * 24);
	CHECK_EQ(get_le32(t + 8), 24);
	CHECK_EQ(get_le32(t + 12), 0);
	for (int i = 0; i < 6; i++) {
		const uint8_t *m = t + 16 + 24 * i;

		CHECK_EQ(get_le64(m), mmap_entries[i].addr);
		CHECK_EQ(get_le64(m + 8), mmap_entries[i].len);
		CHECK_EQ(get_le32(m + 16), mmap_entries[i].type);
		CHECK_EQ(get_le32(m + 20), 0);
	}

	/* The EFI map, verbatim. */
	t = tag_of(e, MB2_TAG_EFI_MMAP);
	CHECK_EQ(get_le32(t + 4), 16 + sizeof(e->efi));
	CHECK_EQ(get_le32(t + 8), 48);
	CHECK_EQ(get_le32(t + 12), 1);
	CHECK(!memcmp(t + 16, e->efi, sizeof(e->efi)));

	/* Nothing that was not asked for. */
	CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 0);
	CHECK_EQ(e->w.count[MB2_TAG_BOOTDEV], 0);
	CHECK_EQ(e->w.count[MB2_TAG_VBE], 0);
	CHECK_EQ(e->w.count[MB2_TAG_APM], 0);
	CHECK_EQ(e->w.count[MB2_TAG_NETWORK], 0);
	env_free(e);
}

/* 32-bit firmware, an EGA text framebuffer, SMBIOS 2, an ACPI 1.0 RSDP. */
TEST(mb2info_efi32_ega_smbios2_acpi1)
{
	struct env *e = env_new(1);

	e->in.efi64 = false;
	e->in.system_table = 0x3F8E5018ull;
	e->in.image_handle = 0x3E0F1A98ull;
	e->fb = (struct framebuffer){ .addr = 0xB8000, .pitch = 160, .width = 80, .height = 25,
				      .bpp = 16, .type = MULTIBOOT_FRAMEBUFFER_TYPE_EGA_TEXT };
	memcpy(e->smbios, "_SM_", 4);
	e->smbios[6] = 2;
	e->smbios[7] = 8;
	e->in.smbios_size = 31;
	e->in.rsdp_size = 20;
	BUILD(e);

	const uint8_t *t = tag_of(e, MB2_TAG_EFI32);

	CHECK_EQ(get_le32(t + 4), 12);
	CHECK_EQ(get_le32(t + 8), 0x3F8E5018u);
	t = tag_of(e, MB2_TAG_EFI32_IH);
	CHECK_EQ(get_le32(t + 4), 12);
	CHECK_EQ(get_le32(t + 8), 0x3E0F1A98u);
	CHECK_EQ(e->w.count[MB2_TAG_EFI64], 0);
	CHECK_EQ(e->w.count[MB2_TAG_EFI64_IH], 0);

	t = tag_of(e, MB2_TAG_FRAMEBUFFER);
	CHECK_EQ(get_le32(t + 4), 32);
	CHECK_EQ(get_le64(t + 8), 0xB8000);
	CHECK_EQ(get_le32(t + 16), 160);
	CHECK_EQ(get_le32(t + 20), 80);
	CHECK_EQ(get_le32(t + 24), 25);
	CHECK_EQ(t[28], 16);
	CHECK_EQ(t[29], MB2_FRAMEBUFFER_EGA_TEXT);

	t = tag_of(e, MB2_TAG_SMBIOS);
	CHECK_EQ(get_le32(t + 4), 16 + 31);
	CHECK_EQ(t[8], 2);
	CHECK_EQ(t[9], 8);
	CHECK(!memcmp(t + 16, e->smbios, 31));

	t = tag_of(e, MB2_TAG_ACPI_OLD);
	CHECK_EQ(get_le32(t + 4), 28);
	CHECK(!memcmp(t + 8, e->rsdp, 20));
	CHECK_EQ(e->w.count[MB2_TAG_ACPI_NEW], 0);

	/* Not relocatable, boot services ended: neither tag. */
	CHECK_EQ(e->w.count[MB2_TAG_LOAD_BASE_ADDR], 0);
	CHECK_EQ(e->w.count[MB2_TAG_EFI_BS], 0);
	CHECK_EQ(e->w.nmods, 1);
	env_free(e);
}

/* No framebuffer, RSDP, SMBIOS, modules or command line. */
TEST(mb2info_minimal)
{
	struct env *e = env_new(0);

	e->in.fb = NULL;
	e->in.rsdp_size = 0;
	e->in.smbios_size = 0;
	e->fx->payload->has_cmdline = false;
	BUILD(e);
	CHECK_STRING_TAG(e, MB2_TAG_CMDLINE, "");
	CHECK_STRING_TAG(e, MB2_TAG_BOOT_LOADER_NAME, FX_LOADER_NAME);
	CHECK_EQ(e->w.nmods, 0);
	CHECK_EQ(e->w.count[MB2_TAG_FRAMEBUFFER], 0);
	CHECK_EQ(e->w.count[MB2_TAG_ACPI_OLD], 0);
	CHECK_EQ(e->w.count[MB2_TAG_ACPI_NEW], 0);
	CHECK_EQ(e->w.count[MB2_TAG_SMBIOS], 0);
	/* An RSDP too short for revision 0: none either. */
	e->in.rsdp_size = 19;
	BUILD(e);
	CHECK_EQ(e->w.count[MB2_TAG_ACPI_OLD], 0);
	CHECK_EQ(e->w.count[MB2_TAG_ACPI_NEW], 0);
	/* No kernel at all: no kernel tags. */
	e->in.kernel = NULL;
	BUILD(e);
	CHECK_EQ(e->w.count[MB2_TAG_LOAD_BASE_ADDR], 0);
	CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 0);
	env_free(e);
}

/* Every combination of the optional parts: the sizes agree, the walk holds. */
TEST(mb2info_static_size_every_combination)
{
	struct env *e = env_new(2);

	for (unsigned bits = 0; bits < 256; bits++) {
		e->in.fb = bits & 1 ? &e->fb : NULL;
		e->fb.type = bits & 2 ? MULTIBOOT_FRAMEBUFFER_TYPE_RGB
				      : MULTIBOOT_FRAMEBUFFER_TYPE_EGA_TEXT;
		e->in.efi64 = bits & 4;
		e->in.rsdp_size = bits & 8 ? 20 + (bits >> 6) : 0;
		e->in.smbios_size = bits & 16 ? 24 + (bits >> 5) : 0;
		e->k->mb2_header.relocatable = bits & 32;
		e->in.boot_services_kept = bits & 64;
		e->maps.mmap = bits & 128 ? e->mmap : NULL;
		e->maps.mmap_count = (bits >> 3) % 7;
		e->maps.efi_map_size = (bits % 4) * 48;
		if (build_extra(e, 64, __LINE__) < 0)
			check_fail(__FILE__, __LINE__, "combination 0x%x: %s", bits, e->why);
		CHECK_EQ(e->w.count[MB2_TAG_FRAMEBUFFER], !!(bits & 1));
		CHECK_EQ(e->w.count[MB2_TAG_EFI64], !!(bits & 4));
		CHECK_EQ(e->w.count[MB2_TAG_EFI32], !(bits & 4));
		CHECK_EQ(e->w.count[MB2_TAG_ACPI_OLD], !!(bits & 8));
		CHECK_EQ(e->w.count[MB2_TAG_ACPI_NEW], (bits & 8) && (bits >> 6));
		CHECK_EQ(e->w.count[MB2_TAG_SMBIOS], !!(bits & 16));
		CHECK_EQ(e->w.count[MB2_TAG_LOAD_BASE_ADDR], !!(bits & 32));
		CHECK_EQ(e->w.count[MB2_TAG_EFI_BS], !!(bits & 64));
		CHECK_EQ(e->w.count[MB2_TAG_BASIC_MEMINFO], !!(bits & 128));
		CHECK_EQ(e->w.count[MB2_TAG_MMAP], !!(bits & 128));
		CHECK_EQ(e->w.count[MB2_TAG_EFI_MMAP], 1);
		if (bits & 128)
			CHECK_EQ(get_le32(e->info + e->w.at[MB2_TAG_MMAP] + 4),
				 16 + 24 * e->maps.mmap_count);
	}
	env_free(e);
}

TEST(mb2info_finish_capacity)
{
	struct env *e = env_new(2);

	/* Exactly enough: fine. One byte short: refused, nothing written. */
	BUILD(e);
	CHECK_EQ(e->total, e->capacity);
	CHECK_EQ(build_extra(e, -1, __LINE__), -1);
	CHECK(e->why[0] && !strchr(e->why, '\n'));
	CHECK_CONTAINS(e->why, "needs");
	/* More than enough: the same information. */
	CHECK(build_extra(e, 4096, __LINE__) > 0);
	CHECK_EQ(e->total, e->capacity - 4096);
	/* No EFI map at all. */
	e->maps.efi_map_size = 0;
	BUILD(e);
	CHECK_EQ(get_le32(tag_of(e, MB2_TAG_EFI_MMAP) + 4), 16);
	/* The bound is the information's size with that many entries. */
	CHECK_EQ(mb2_info_final_bound(6, 144), 16 + up8(16 + 6 * 24) + up8(16 + 144) + 8);
	CHECK_EQ(mb2_info_final_bound(0, 0), 16 + 16 + 16 + 8);
	env_free(e);
}

/* Boot services kept: no memory map, no basic memory information. */
TEST(mb2info_finish_without_mmap)
{
	struct env *e = env_new(1);

	e->maps.mmap = NULL;
	e->in.boot_services_kept = true;
	CHECK(build_extra(e, 0, __LINE__) > 0);
	CHECK_EQ(e->w.count[MB2_TAG_BASIC_MEMINFO], 0);
	CHECK_EQ(e->w.count[MB2_TAG_MMAP], 0);
	CHECK_EQ(e->w.count[MB2_TAG_EFI_MMAP], 1);
	CHECK_EQ(e->w.count[MB2_TAG_EFI_BS], 1);
	CHECK(!memcmp(tag_of(e, MB2_TAG_EFI_MMAP) + 16, e->efi, sizeof(e->efi)));
	env_free(e);
}

/*
 * Without a memory map, as much room as the information takes is enough:
 * finish refuses only when it "would exceed capacity".
 */
TEST(mb2info_finish_exact_capacity_without_mmap)
{
	struct env *e = env_new(1);

	e->maps.mmap = NULL;
	/* What the information takes: the static part, the EFI map, the end tag. */
	long needed = (long)(up8(16 + sizeof(e->efi)) + 8);
	long bound = (long)mb2_info_final_bound(0, sizeof(e->efi));

	int rc = build_extra(e, needed - bound, __LINE__);

	if (rc < 0)
		check_fail(__FILE__, __LINE__,
			   "finish into exactly the 0x%lx bytes it writes refused: %s",
			   (long)e->static_size + needed, e->why);
	CHECK_EQ(e->total, e->static_size + needed);
	CHECK_EQ(e->total, e->capacity);
	env_free(e);
}

/* ---- the ELF-sections tag ---- */

#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_NOBITS 8
#define SHF_WRITE 1
#define SHF_ALLOC 2
#define SHF_EXECINSTR 4

struct shdr_spec {
	uint32_t type;
	uint64_t flags, addr, offset, size;
};

/* .text, .bss, .symtab, .strtab, .shstrtab, a non-alloc NOBITS, an empty one. */
static const struct shdr_spec sections[] = {
	{ 0, 0, 0, 0, 0 },
	{ SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x100000, 0x1000, 0x1000 },
	{ SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0x101000, 0x2000, 0x1000 },
	{ SHT_SYMTAB, 0, 0, 0x2000, 0x30 },
	{ SHT_STRTAB, 0, 0, 0x2030, 0x13 },
	{ SHT_STRTAB, 0, 0, 0x2050, 0x2b },
	{ SHT_NOBITS, 0, 0x1234, 0x2080, 0x40 },
	{ SHT_PROGBITS, 0, 0x5678, 0x2080, 0 },
};
#define NSECT (sizeof(sections) / sizeof(sections[0]))
#define SHOFF 0x2100u
#define SHSTRNDX 5

/*
 * An ELF file with one segment (0x1000 bytes at 1 MiB, bss to 0x2000), a
 * relocatable Multiboot 2 header at 0x800, and the sections above.
 */
static uint8_t *sections_elf(bool is64, size_t *size)
{
	uint16_t es = is64 ? 64 : 40;
	size_t n = SHOFF + NSECT * es;
	uint8_t *f = tmalloc(n);

	for (size_t i = 0; i < n; i++)
		f[i] = (uint8_t)(i * 29 + 7);
	memset(f, 0, 0x100);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = is64 ? 2 : 1;
	f[5] = 1;
	f[6] = 1;
	put_le16(f + 16, 2);
	put_le16(f + 18, is64 ? 62 : 3);
	put_le32(f + 20, 1);
	if (is64) {
		put_le64(f + 24, 0x100000);
		put_le64(f + 32, 0x40);
		put_le64(f + 40, SHOFF);
		put_le16(f + 52, 64);
		put_le16(f + 54, 56);
		put_le16(f + 56, 1);
		put_le16(f + 58, es);
		put_le16(f + 60, NSECT);
		put_le16(f + 62, SHSTRNDX);
		uint8_t *ph = f + 0x40;

		put_le32(ph, 1);
		put_le32(ph + 4, 5);
		put_le64(ph + 8, 0x1000);
		put_le64(ph + 16, 0x100000);
		put_le64(ph + 24, 0x100000);
		put_le64(ph + 32, 0x1000);
		put_le64(ph + 40, 0x2000);
	} else {
		put_le32(f + 24, 0x100000);
		put_le32(f + 28, 0x40);
		put_le32(f + 32, SHOFF);
		put_le16(f + 40, 52);
		put_le16(f + 42, 32);
		put_le16(f + 44, 1);
		put_le16(f + 46, es);
		put_le16(f + 48, NSECT);
		put_le16(f + 50, SHSTRNDX);
		uint8_t *ph = f + 0x40;

		put_le32(ph, 1);
		put_le32(ph + 4, 0x1000);
		put_le32(ph + 8, 0x100000);
		put_le32(ph + 12, 0x100000);
		put_le32(ph + 16, 0x1000);
		put_le32(ph + 20, 0x2000);
	}
	/* The Multiboot 2 header: relocatable anywhere, page-aligned. */
	uint8_t *h = f + 0x800;
	static const uint32_t words[] = {
		MB2_HEADER_MAGIC, MB2_ARCH_I386, 48, -(MB2_HEADER_MAGIC + 48),
		MB2_HT_RELOCATABLE, 24, 0, 0xFFFFFFFF, 0x1000, MB2_RELOC_LOWEST,  /* flags 0 */
		MB2_HT_END, 8,
	};
	for (size_t i = 0; i < sizeof(words) / 4; i++)
		put_le32(h + 4 * i, words[i]);
	for (size_t i = 0; i < NSECT; i++) {
		uint8_t *s = f + SHOFF + i * es;
		const struct shdr_spec *sp = &sections[i];

		memset(s, 0, es);
		put_le32(s, (uint32_t)(i * 8 + 1));  /* sh_name */
		put_le32(s + 4, sp->type);
		if (is64) {
			put_le64(s + 8, sp->flags);
			put_le64(s + 16, sp->addr);
			put_le64(s + 24, sp->offset);
			put_le64(s + 32, sp->size);
			put_le64(s + 48, 8);
		} else {
			put_le32(s + 8, (uint32_t)sp->flags);
			put_le32(s + 12, (uint32_t)sp->addr);
			put_le32(s + 16, (uint32_t)sp->offset);
			put_le32(s + 20, (uint32_t)sp->size);
			put_le32(s + 32, 4);
		}
	}
	*size = n;
	return f;
}

/* Parse the file into e's kernel and point the input at it. */
static void use_file(struct env *e, const uint8_t *f, size_t size)
{
	CHECK_OK(kernel_file_parse(e->k, f, size, false, e->why, sizeof(e->why)), e->why);
	CHECK(e->k->mb2 && e->k->mb2_header.relocatable);
	e->in.file = f;
	e->in.file_size = size;
}

static void check_sections(const struct env *e, const uint8_t *f, bool is64, int line)
{
	uint16_t es = is64 ? 64 : 40;
	const uint8_t *t = tag_of(e, MB2_TAG_ELF_SECTIONS);
	uint64_t tag_addr = OUT_ADDR + e->w.at[MB2_TAG_ELF_SECTIONS];
	uint32_t size = get_le32(t + 4);
	size_t data_at = up8(20 + NSECT * es), data_end = data_at;
	uint64_t delta = (uint64_t)e->k->load_addr - e->k->link_addr;

#define FAILS(...) check_fail(__FILE__, line, __VA_ARGS__)
	if (get_le32(t + 8) != NSECT || get_le32(t + 12) != es || get_le32(t + 16) != SHSTRNDX)
		FAILS("num %u entsize %u shndx %u", get_le32(t + 8), get_le32(t + 12), get_le32(t + 16));
	for (size_t i = 0; i < NSECT; i++) {
		const uint8_t *got = t + 20 + i * es, *want = f + SHOFF + i * es;
		size_t addr_at = is64 ? 16 : 12, addr_len = is64 ? 8 : 4;
		uint64_t addr = is64 ? get_le64(got + 16) : get_le32(got + 12);
		const struct shdr_spec *sp = &sections[i];

		/* Every byte but the address is the file's. */
		if (memcmp(got, want, addr_at) ||
		    memcmp(got + addr_at + addr_len, want + addr_at + addr_len,
			   es - addr_at - addr_len))
			FAILS("section %zu's header is the file's", i);
		if (sp->flags & SHF_ALLOC) {
			uint64_t moved = is64 ? sp->addr + delta : (uint32_t)(sp->addr + delta);

			if (addr != moved)
				FAILS("loaded section %zu at 0x%llx, want 0x%llx", i,
				      (unsigned long long)addr, (unsigned long long)moved);
		} else if (sp->type != SHT_NOBITS && sp->size) {
			/* A copy inside the tag, after the headers and earlier copies. */
			uint64_t off = addr - tag_addr;

			if (addr < tag_addr || off % 8 || off < data_end ||
			    off + sp->size > size)
				FAILS("section %zu's copy at 0x%llx (tag at 0x%llx, size %u)", i,
				      (unsigned long long)addr, (unsigned long long)tag_addr, size);
			if (memcmp(t + off, f + sp->offset, sp->size))
				FAILS("section %zu's copy holds the file's bytes", i);
			data_end = off + up8(sp->size);
		} else if (addr != sp->addr) {
			FAILS("section %zu keeps its address 0x%llx (got 0x%llx)", i,
			      (unsigned long long)sp->addr, (unsigned long long)addr);
		}
	}
	if (size != up8(20 + NSECT * es) + up8(0x30) + up8(0x13) + up8(0x2b) || data_end != size)
		FAILS("tag size %u, copies end at %zu", size, data_end);
	(void)data_at;
#undef FAILS
}
#define CHECK_SECTIONS(e, f, is64) check_sections((e), (f), (is64), __LINE__)

TEST(mb2info_elf_sections)
{
	for (int is64 = 0; is64 < 2; is64++) {
		struct env *e = env_new(1);
		size_t size;
		uint8_t *f = sections_elf(is64, &size);

		use_file(e, f, size);
		CHECK_EQ(e->k->sections.count, NSECT);
		BUILD(e);
		CHECK_SECTIONS(e, f, is64);

		/* Relocated: loaded sections move with the image, the copies do not. */
		kernel_file_relocate(e->k, 0x800000);
		BUILD(e);
		CHECK_SECTIONS(e, f, is64);
		CHECK_EQ(get_le32(tag_of(e, MB2_TAG_LOAD_BASE_ADDR) + 8), 0x800000);
		/* Downwards too. */
		kernel_file_relocate(e->k, 0x80000);
		BUILD(e);
		CHECK_SECTIONS(e, f, is64);
		tfree(f);
		env_free(e);
	}
}

/* A section table the tag cannot carry whole: no tag at all. */
TEST(mb2info_elf_sections_malformed)
{
	for (int is64 = 0; is64 < 2; is64++) {
		struct env *e = env_new(0);
		size_t size;
		uint8_t *f = sections_elf(is64, &size);
		uint16_t es = is64 ? 64 : 40;
		struct elf_sections good;

		use_file(e, f, size);
		good = e->k->sections;
		BUILD(e);
		CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 1);

#define NO_TAG()                                                          \
	do {                                                              \
		BUILD(e);                                                 \
		CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 0);            \
		e->k->sections = good;                                    \
	} while (0)
		e->k->sections.entry_size = es - 1;       /* entsize too small */
		NO_TAG();
		e->k->sections.offset = size - NSECT * es + 1;  /* table past the file */
		NO_TAG();
		e->k->sections.offset = size + 1;
		NO_TAG();
		e->k->sections.offset = UINT64_MAX - 8;
		NO_TAG();
		e->k->sections.count = 0xFFFF;            /* more headers than the file */
		NO_TAG();
		e->k->sections.names = NSECT;             /* shstrndx >= count */
		NO_TAG();
		e->k->sections.names = 0xFFFF;
		NO_TAG();
		e->k->sections.count = 0;
		NO_TAG();
		e->k->sections.offset = 0;
		NO_TAG();
		e->k->format = KERNEL_AOUT_KLUDGE;
		NO_TAG();
		e->k->format = is64 ? KERNEL_ELF64 : KERNEL_ELF32;
		e->in.file = NULL;
		NO_TAG();
		e->in.file = f;

		/* A copied section's data past the file: .symtab, then by wrapping. */
		uint8_t *sym = f + SHOFF + 3 * es;

		if (is64)
			put_le64(sym + 32, size - 0x2000 + 1);
		else
			put_le32(sym + 20, (uint32_t)(size - 0x2000 + 1));
		NO_TAG();
		if (is64) {
			put_le64(sym + 24, UINT64_MAX - 0xF);
			put_le64(sym + 32, 0x20);
		} else {
			put_le32(sym + 16, 0xFFFFFFF0u);
			put_le32(sym + 20, 0x20);
		}
		NO_TAG();
		/* Up to the file's last byte: fine. */
		if (is64) {
			put_le64(sym + 24, 0x2000);
			put_le64(sym + 32, size - 0x2000);
		} else {
			put_le32(sym + 16, 0x2000);
			put_le32(sym + 20, (uint32_t)(size - 0x2000));
		}
		BUILD(e);
		CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 1);
		/* A loaded section's file range does not matter. */
		uint8_t *text = f + SHOFF + 1 * es;

		if (is64)
			put_le64(text + 32, 0x7FFFFFFF);
		else
			put_le32(text + 20, 0x7FFFFFFF);
		BUILD(e);
		CHECK_EQ(e->w.count[MB2_TAG_ELF_SECTIONS], 1);
#undef NO_TAG
		tfree(f);
		env_free(e);
	}
}

/*
 * Sections may share file bytes, so a file of n bytes can ask for about
 * n * n / 40 bytes of copies. The information's sizes are 32-bit (tag size,
 * total_size): past 4 GiB the tag cannot be written (and on a 32-bit build
 * the size_t sum wraps), so the ELF-sections tag has to be left out.
 */
TEST(mb2info_elf_sections_size_over_4gib)
{
	const size_t size = 0x80000, shoff = 0x1000;
	const uint32_t count = (uint32_t)((size - shoff) / 40);
	uint8_t *f = tcalloc(1, size);
	struct env *e = env_new(0);

	for (uint32_t i = 1; i < count; i++) {
		uint8_t *s = f + shoff + (size_t)i * 40;

		put_le32(s + 4, SHT_PROGBITS);  /* not loaded: copied, all of the file */
		put_le32(s + 16, 0);
		put_le32(s + 20, (uint32_t)size);
	}
	*e->k = (struct kernel_file){
		.format = KERNEL_ELF32, .mb2 = true, .load_addr = 0x100000, .link_addr = 0x100000,
		.image_size = 0x1000,
		.sections = { .offset = shoff, .count = count, .entry_size = 40, .names = 0 },
	};
	e->in.file = f;
	e->in.file_size = size;
	size_t s = mb2_info_static_size(&e->in);

	if (s > UINT32_MAX)
		check_fail(__FILE__, __LINE__,
			   "the static information is 0x%zx bytes, past what its 32-bit sizes can say",
			   s);
	tfree(f);
	env_free(e);
}
