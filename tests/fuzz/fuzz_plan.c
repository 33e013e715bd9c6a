// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for plan_make (loader/plan.c), then plan_check_final,
 * mbi_build_mmap, mbi_write_meta and mbi_write (loader/mbi.c) on its plan.
 *
 * Input: [opt][opt2][payload parameters][map parameters]
 *   opt  bit 0 strict; bit 1 the kernel asks for page-aligned modules;
 *        bit 2 QEMU's MBI has its memory-map flag (mmap_addr is a home);
 *        bit 3 descriptors listed in reverse order; bit 4 an unaligned
 *        load address; bit 5 mmap_entries, bit 6 handoff_size, bit 7
 *        mbi_size from the input (else what efi/main.c asks for)
 *   opt2 bits 0-1: the map: 0-1 generated from the input (type, gap,
 *        size per descriptor, never overlapping), 2 OVMF q35 -m 1024,
 *        3 OVMF with RAM above 4 GiB; both OVMF ones edited by the input
 *        (types changed, ranges split, removed, shrunk);
 *        bit 2 mbi_addr, bit 3 mmap_addr from the input (else QEMU's);
 *        bit 4 metadata size not page-aligned; bit 5 module offsets not
 *        page-aligned (payload_load allows both, QEMU makes neither);
 *        bits 6-7: the load address: 1 MiB, a raw input value, or the
 *        start of a map range (plus some pages)
 * The payload is made valid by construction (what payload_load accepts):
 * page-aligned image, module list and strings after it, modules in order
 * after that, all below 4 GiB. The memory map goes through memmap_from_efi
 * with a 40- or 48-byte stride.
 *
 * When plan_make succeeds: every piece (kernel, EBDA page, metadata,
 * modules, MBI, memory map, staging copy, hand-off) lies below 4 GiB and
 * no two non-empty ones overlap; allocations are page-aligned, sorted,
 * separate, each entirely in free memory, and exactly the pages of the
 * pieces that are allocated; a staged kernel covers only free, boot-services
 * or (not strict) ACPI NVS memory and an unstaged one only free memory;
 * relocated pieces and staging/hand-off are page-aligned, as are modules
 * when the kernel asks. plan_check_final on the same map must pass. Then
 * mbi_build_mmap on a copy of the map with two ranges' room per paint:
 * with mmap_entries from mbi_mmap_bound it must succeed; its entries are
 * sorted, separate, non-empty, merged, and give every address the type a
 * reference computes (EBDA and F segment reserved, kernel available, else
 * the map's);
 * mbi_write and mbi_set_framebuffer fill exactly MBI_SIZE + the name.
 * Then [keep:1]: bit 0, boot services stay up (a Multiboot 2 EFI entry):
 * the kernel must not be staged and no EBDA or F segment set up; bit 1, the
 * F segment is offered (the app found it usable).
 * Trailing bytes: [final:1][fb addr:8][pitch:4][width:4][height:4][index:1]
 * final bit 7: spare ranges for the painting = final % 7 (else 6); bit 6:
 * plan_check_final sees range <index> as kind final & 7 (7: removed), and
 * must agree with a reference scan of the kernel's range.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <multiboot/multiboot.h>

#include "loader/mbi.h"
#include "loader/memmap.h"
#include "loader/payload.h"
#include "loader/plan.h"
#include "loader/video.h"

#include "fuzz_common.h"

#define PAGE 4096ull
#define MAX_DESCS 96
#define LOADER_NAME "multiboot.efi 0.1.0"
#define HANDOFF_PAGES 3
#define QEMU_MBI_FLAGS 0x24Fu

/*
 * plan_make takes time cubic in the number of relocated pieces (each
 * relocation walks the pieces placed so far, testing each step against all
 * of them): 1024 relocated modules take ~0.15 s natively and seconds under
 * the sanitizers, which would starve the fuzzer. Up to this many modules are
 * fuzzed; -DFUZZ_PLAN_MAX_MODULES=1024 covers the full range.
 */
/*
 * With the EBDA set up, the hand-off writes the real-mode IVT and the BDA,
 * [0, BIOS_DATA_END): no piece may lie there either.
 */
#ifndef FUZZ_PLAN_BIOS_DATA
#define FUZZ_PLAN_BIOS_DATA 1
#endif

#ifndef FUZZ_PLAN_MAX_MODULES
#define FUZZ_PLAN_MAX_MODULES 128
#endif

struct spec {
	uint32_t type;
	uint64_t start, end;
};

/* OVMF q35 -m 1024 (OVMF_CODE_4M.fd), as GetMemoryMap lists it. */
static const struct spec ovmf[] = {
	{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xA0000 },
	{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x806000 },
	{ EFI_ACPI_MEMORY_NVS, 0x806000, 0x808000 },
	{ EFI_CONVENTIONAL_MEMORY, 0x808000, 0x810000 },
	{ EFI_ACPI_MEMORY_NVS, 0x810000, 0x900000 },
	{ EFI_BOOT_SERVICES_DATA, 0x900000, 0x1500000 },
	{ EFI_CONVENTIONAL_MEMORY, 0x1500000, 0x3DEC4000 },
	{ EFI_LOADER_CODE, 0x3DEC4000, 0x3DF00000 },
	{ EFI_LOADER_DATA, 0x3DF00000, 0x3DF40000 },
	{ EFI_BOOT_SERVICES_DATA, 0x3DF40000, 0x3E700000 },
	{ EFI_BOOT_SERVICES_CODE, 0x3E700000, 0x3EB00000 },
	{ EFI_ACPI_RECLAIM_MEMORY, 0x3EB00000, 0x3EB10000 },
	{ EFI_ACPI_MEMORY_NVS, 0x3EB10000, 0x3EB80000 },
	{ EFI_BOOT_SERVICES_DATA, 0x3EB80000, 0x3EC00000 },
	{ EFI_RUNTIME_SERVICES_DATA, 0x3EC00000, 0x3ED00000 },
	{ EFI_RUNTIME_SERVICES_CODE, 0x3ED00000, 0x3EE00000 },
	{ EFI_BOOT_SERVICES_DATA, 0x3EE00000, 0x3F700000 },
	{ EFI_ACPI_MEMORY_NVS, 0x3F700000, 0x3F780000 },
	{ EFI_ACPI_RECLAIM_MEMORY, 0x3F780000, 0x3F800000 },
	{ EFI_RESERVED_MEMORY, 0x3F800000, 0x3FC00000 },
	{ EFI_RUNTIME_SERVICES_DATA, 0x3FC00000, 0x40000000 },
	{ EFI_RESERVED_MEMORY, 0xB0000000, 0xC0000000 },
	{ EFI_MEMORY_MAPPED_IO, 0xFFC00000, 0x100000000 },
};
#define OVMF_COUNT (sizeof(ovmf) / sizeof(ovmf[0]))

static struct spec specs[MAX_DESCS];
static uint64_t efi_buf[MAX_DESCS * 48 / 8];
static struct mem_range ranges[MAX_DESCS];
static struct mem_range final_ranges[MAX_DESCS + 8];
static struct payload payload;
static struct plan plan;
static uint8_t meta[PAYLOAD_MAX_META];

struct piece {
	const char *name;
	uint64_t start, size;
	bool allocated;
};
static struct piece pieces[PAYLOAD_MAX_MODULES + 16];

static uint64_t page_down(uint64_t a) { return a & ~(PAGE - 1); }
static uint64_t page_up(uint64_t a) { return page_down(a + PAGE - 1); }

static size_t generate_map(struct cursor *c)
{
	size_t n = get8(c) % (MAX_DESCS - 8);
	uint64_t at = (uint64_t)get8(c) * PAGE;

	for (size_t i = 0; i < n; i++) {
		uint8_t t = get8(c), g = get8(c), s = get8(c);
		uint16_t p = get16(c);
		uint64_t pages = ((uint64_t)(p % 4096) + 1) << (s % 16);

		if (g >= 128)
			at += ((uint64_t)(g & 15) + 1) << (((g >> 4) & 7) * 3) << 12;
		specs[i] = (struct spec){ t < 224 ? t % 16 : t, at, at + pages * PAGE };
		at += pages * PAGE;
	}
	return n;
}

static size_t edit_ovmf(struct cursor *c, bool high)
{
	size_t n = OVMF_COUNT;
	uint8_t edits = get8(c) % 12;

	memcpy(specs, ovmf, sizeof(ovmf));
	if (high)
		specs[n++] = (struct spec){ EFI_CONVENTIONAL_MEMORY, 0x100000000, 0x200000000 };
	for (uint8_t e = 0; e < edits && n; e++) {
		uint8_t op = get8(c);
		size_t i = get8(c) % n;
		uint16_t arg = get16(c);
		struct spec *s = &specs[i];
		uint64_t pages = (s->end - s->start) / PAGE;

		switch (op % 4) {
		case 0:
			s->type = arg % 16;
			break;
		case 1:  /* split; the upper part another type */
			if (pages > 1 && n < MAX_DESCS) {
				uint64_t cut = s->start + (1 + arg % (pages - 1)) * PAGE;

				memmove(s + 1, s, (n - i) * sizeof(*s));
				n++;
				s->end = cut;
				s[1].start = cut;
				s[1].type = (op >> 2) % 16;
			}
			break;
		case 2:  /* gone: a hole */
			memmove(s, s + 1, (n - i - 1) * sizeof(*s));
			n--;
			break;
		default:  /* shrunk from the top */
			if (pages > 1)
				s->end -= (1 + arg % (pages - 1)) * PAGE;
			break;
		}
	}
	return n;
}

FUZZ_REFERENCE static int cmp_piece(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The reference: whether [start, end) is all of one kind in the map. */
FUZZ_REFERENCE static bool all_kind(const struct mem_map *m, uint64_t start, uint64_t end, enum mem_kind k)
{
	for (size_t i = 0; i < m->count && start < end; i++) {
		const struct mem_range *r = &m->ranges[i];

		if (r->end <= start)
			continue;
		if (r->start > start || r->kind != k)
			return false;
		start = r->end;
	}
	return start >= end;
}

FUZZ_REFERENCE static uint32_t mb_type(enum mem_kind k)
{
	switch (k) {
	case MEM_FREE:
	case MEM_BOOT: return MULTIBOOT_MEMORY_AVAILABLE;
	case MEM_ACPI_RECLAIM: return MULTIBOOT_MEMORY_ACPI_RECLAIMABLE;
	case MEM_ACPI_NVS: return MULTIBOOT_MEMORY_NVS;
	case MEM_UNUSABLE: return MULTIBOOT_MEMORY_BADRAM;
	default: return MULTIBOOT_MEMORY_RESERVED;
	}
}

/* The type the Multiboot map should give addr (0: none). */
FUZZ_REFERENCE static uint32_t want_type(const struct plan *pl, const struct mem_map *m, uint64_t addr)
{
	if (pl->ebda && addr >= EBDA_ADDR && addr < EBDA_ADDR + EBDA_SIZE)
		return MULTIBOOT_MEMORY_RESERVED;
	/* No kernel lies there: it is no RAM in any firmware's map. */
	if (pl->fsegment && addr >= FSEGMENT_START && addr < FSEGMENT_END)
		return MULTIBOOT_MEMORY_RESERVED;
	if (addr >= pl->kernel_addr && addr < pl->kernel_addr + pl->kernel_size)
		return MULTIBOOT_MEMORY_AVAILABLE;
	for (size_t i = 0; i < m->count; i++)
		if (m->ranges[i].start <= addr && addr < m->ranges[i].end)
			return mb_type(m->ranges[i].kind);
	return 0;
}

FUZZ_REFERENCE static uint32_t got_type(const struct multiboot_mmap_entry *e, int n, uint64_t addr)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (e[mid].addr + e[mid].len <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && e[lo].addr <= addr ? e[lo].type : 0;
}

FUZZ_REFERENCE static void check_type_at(const struct plan *pl, const struct mem_map *m,
			  const struct multiboot_mmap_entry *e, int n, uint64_t addr)
{
	uint32_t want = want_type(pl, m, addr), got = got_type(e, n, addr);

	FUZZ_CHECK(want == got, "Multiboot map gives 0x%llx type %u, want %u",
		   (unsigned long long)addr, got, want);
}

FUZZ_REFERENCE static uint64_t available_kib(const struct multiboot_mmap_entry *e, int n, uint64_t base)
{
	uint64_t at = base;

	for (int i = 0; i < n; i++)
		if (e[i].type == MULTIBOOT_MEMORY_AVAILABLE && e[i].addr <= at && e[i].addr + e[i].len > at)
			at = e[i].addr + e[i].len;
	return (at - base) / 1024;
}

FUZZ_REFERENCE static void check_mmap(const struct plan *pl, const struct payload *p,
		       const struct mem_map *map, bool bound_capacity, size_t spare,
		       const struct framebuffer *fb)
{
	/* Painting the kernel, the EBDA and the F segment: up to MBI_PAINT_SPARE_RANGES more. */
	struct mem_map final = { final_ranges, map->count, map->count + spare };
	uint32_t cap = pl->mmap_capacity;
	struct multiboot_mmap_entry *out = malloc((cap ? cap : 1) * sizeof(*out));
	char why[160];

	FUZZ_CHECK(out, "malloc");
	memcpy(final_ranges, map->ranges, map->count * sizeof(*map->ranges));
	int n = mbi_build_mmap(pl, &final, out, cap, why, sizeof(why));

	if (bound_capacity && spare >= MBI_PAINT_SPARE_RANGES)
		FUZZ_CHECK(n >= 0, "mbi_build_mmap with mbi_mmap_bound's %u entries: %s", cap, why);
	if (n < 0) {
		FUZZ_CHECK(why[0], "failure with no reason");
		free(out);
		return;
	}
	FUZZ_CHECK((uint32_t)n <= cap, "%d entries for %u", n, cap);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(out[i].size == 20 && out[i].len > 0 &&
			   out[i].type >= MULTIBOOT_MEMORY_AVAILABLE &&
			   out[i].type <= MULTIBOOT_MEMORY_BADRAM,
			   "entry %d: size %u len 0x%llx type %u", i, out[i].size,
			   (unsigned long long)out[i].len, out[i].type);
		FUZZ_CHECK(out[i].addr + out[i].len > out[i].addr, "entry %d wraps", i);
		if (i) {
			uint64_t last_end = out[i - 1].addr + out[i - 1].len;

			FUZZ_CHECK(last_end <= out[i].addr, "entries %d and %d overlap or are unsorted",
				   i - 1, i);
			FUZZ_CHECK(last_end != out[i].addr || out[i - 1].type != out[i].type,
				   "entries %d and %d not merged", i - 1, i);
		}
	}
	/* Both sides are constant between these points: compare at every one. */
	for (size_t i = 0; i < map->count; i++) {
		check_type_at(pl, map, out, n, map->ranges[i].start);
		check_type_at(pl, map, out, n, map->ranges[i].end);
	}
	for (int i = 0; i < n; i++) {
		check_type_at(pl, map, out, n, out[i].addr);
		check_type_at(pl, map, out, n, out[i].addr + out[i].len);
	}
	check_type_at(pl, map, out, n, pl->kernel_addr);
	check_type_at(pl, map, out, n, pl->kernel_addr + pl->kernel_size);
	check_type_at(pl, map, out, n, EBDA_ADDR);
	check_type_at(pl, map, out, n, EBDA_ADDR + EBDA_SIZE);

	/* The MBI: into a block of exactly its size. */
	size_t mbi_bytes = MBI_SIZE + sizeof(LOADER_NAME);
	uint8_t *mbi = malloc(mbi_bytes);
	struct multiboot_info info;

	FUZZ_CHECK(mbi, "malloc");
	mbi_write(p, pl, out, (uint32_t)n, LOADER_NAME, mbi);
	memset(&info, 0, sizeof(info));
	memcpy(&info, mbi, MBI_SIZE);
	FUZZ_CHECK(!strcmp((char *)mbi + MBI_SIZE, LOADER_NAME), "loader name");
	FUZZ_CHECK((info.flags & (MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP |
				  MULTIBOOT_INFO_BOOT_LOADER_NAME)) ==
		   (MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME),
		   "MBI flags 0x%x", info.flags);
	/* 32-bit fields (a zero-size MBI may sit at 0xffffffff: its name wraps). */
	FUZZ_CHECK(info.mmap_addr == (uint32_t)pl->mmap_addr && info.mmap_length == (uint32_t)n * 24 &&
		   info.mods_addr == (uint32_t)pl->meta_addr && info.mods_count == p->mod_count &&
		   info.boot_loader_name == (uint32_t)(pl->mbi_addr + MBI_SIZE) &&
		   (!p->has_cmdline || info.cmdline == (uint32_t)(pl->meta_addr + p->cmdline)),
		   "MBI pointers");
	uint64_t lower = available_kib(out, n, 0), upper = available_kib(out, n, LOW_MEMORY_END);

	FUZZ_CHECK(info.mem_lower == (lower > 640 ? 640 : lower) &&
		   info.mem_upper == (upper > UINT32_MAX ? UINT32_MAX : upper),
		   "mem_lower %u mem_upper %u, want %llu %llu", info.mem_lower, info.mem_upper,
		   (unsigned long long)lower, (unsigned long long)upper);
	/* The framebuffer fields, into the same block. */
	mbi_set_framebuffer(mbi, fb);
	memcpy(&info, mbi, MBI_SIZE);
	FUZZ_CHECK((info.flags & MULTIBOOT_INFO_FRAMEBUFFER_INFO) && info.framebuffer_addr == fb->addr &&
		   info.framebuffer_pitch == fb->pitch && info.framebuffer_width == fb->width &&
		   info.framebuffer_height == fb->height && info.framebuffer_bpp == fb->bpp &&
		   info.framebuffer_type == fb->type && info.mmap_addr == (uint32_t)pl->mmap_addr,
		   "framebuffer fields");
	free(mbi);
	free(out);
}

/* plan_check_final against a final map with one range changed. */
FUZZ_REFERENCE static void check_final(const struct plan *pl, const struct mem_map *map, bool strict,
			size_t index, uint8_t kind)
{
	struct mem_map final = { final_ranges, map->count, map->count };
	char why[160];

	memcpy(final_ranges, map->ranges, map->count * sizeof(*map->ranges));
	if (map->count) {
		size_t i = index % map->count;

		if (kind >= MEM_KINDS) {  /* the range disappears */
			memmove(&final_ranges[i], &final_ranges[i + 1],
				(map->count - i - 1) * sizeof(*final_ranges));
			final.count--;
		} else {
			final_ranges[i].kind = (enum mem_kind)kind;
		}
	}
	bool want = true;
	uint64_t at = pl->kernel_addr, end = pl->kernel_addr + pl->kernel_size;

	for (size_t i = 0; i < final.count && at < end; i++) {
		const struct mem_range *r = &final.ranges[i];

		if (r->end <= at)
			continue;
		if (r->start > at || !(r->kind == MEM_FREE || r->kind == MEM_BOOT ||
				       (r->kind == MEM_ACPI_NVS && !strict))) {
			want = false;
			break;
		}
		at = r->end;
	}
	if (at < end)
		want = false;
	int rc = plan_check_final(pl, &final, strict, why, sizeof(why));

	FUZZ_CHECK((rc == 0) == want, "plan_check_final %d (%s), want %s", rc, rc ? why : "",
		   want ? "success" : "failure");
}

FUZZ_REFERENCE static void check_plan(const struct plan *pl, const struct plan_request *req)
{
	const struct payload *p = req->payload;
	const struct mem_map *map = req->map;
	size_t n = 0;
	uint64_t mmap_bytes = (uint64_t)req->mmap_entries * sizeof(struct multiboot_mmap_entry);
	bool aligned = p->header.flags & MULTIBOOT_PAGE_ALIGN;

	FUZZ_CHECK(pl->kernel_addr == p->blob_addr && pl->kernel_size == p->image_size,
		   "kernel 0x%llx+0x%llx", (unsigned long long)pl->kernel_addr,
		   (unsigned long long)pl->kernel_size);
	FUZZ_CHECK(pl->mmap_capacity == req->mmap_entries, "mmap_capacity");

	/* The kernel's range: only free, boot-services or (not strict) NVS memory. */
	bool all_free = true;
	size_t nvs = 0;

	for (uint64_t at = pl->kernel_addr; at < pl->kernel_addr + pl->kernel_size;) {
		const struct mem_range *r = NULL;

		for (size_t i = 0; i < map->count; i++)
			if (map->ranges[i].start <= at && at < map->ranges[i].end)
				r = &map->ranges[i];
		FUZZ_CHECK(r, "the kernel covers no RAM at 0x%llx", (unsigned long long)at);
		FUZZ_CHECK(r->kind == MEM_FREE || r->kind == MEM_BOOT ||
			   (r->kind == MEM_ACPI_NVS && !req->strict),
			   "the kernel covers %s memory at 0x%llx", memmap_kind_name(r->kind),
			   (unsigned long long)at);
		if (r->kind != MEM_FREE)
			all_free = false;
		if (r->kind == MEM_ACPI_NVS) {
			FUZZ_CHECK(nvs < pl->nvs_count && pl->nvs[nvs].start == r->start &&
				   pl->nvs[nvs].end == r->end, "NVS range %zu", nvs);
			nvs++;
		}
		at = r->end;
	}
	FUZZ_CHECK(nvs == pl->nvs_count && nvs <= PLAN_MAX_NVS, "%zu NVS ranges, plan %zu",
		   nvs, pl->nvs_count);
	FUZZ_CHECK(pl->kernel_staged == !all_free, "kernel_staged %d, all free %d",
		   pl->kernel_staged, all_free);
	/* Boot services up: nothing copies the kernel later, no BIOS data. */
	FUZZ_CHECK(!req->keep_boot_services || (!pl->kernel_staged && !pl->ebda && !pl->fsegment),
		   "boot services kept, yet staged %d, EBDA %d, F segment %d", pl->kernel_staged,
		   pl->ebda, pl->fsegment);
	FUZZ_CHECK(!pl->fsegment || req->fsegment, "F segment used, not offered");

	pieces[n++] = (struct piece){ "kernel", pl->kernel_addr, pl->kernel_size, !pl->kernel_staged };
	if (pl->ebda)
		pieces[n++] = (struct piece){ "EBDA", page_down(EBDA_ADDR),
					      page_up(EBDA_ADDR + EBDA_SIZE) - page_down(EBDA_ADDR), true };
#if FUZZ_PLAN_BIOS_DATA
	/* With the EBDA or the F segment, the hand-off writes the IVT and the BDA. */
	if (pl->ebda || pl->fsegment)
		pieces[n++] = (struct piece){ "IVT and BDA", 0, BIOS_DATA_END, false };
#endif
	pieces[n++] = (struct piece){ "metadata", pl->meta_addr, p->meta_size, true };
	for (uint32_t i = 0; i < p->mod_count; i++)
		pieces[n++] = (struct piece){ "module", pl->mod_addr[i], p->mods[i].size, true };
	pieces[n++] = (struct piece){ "MBI", pl->mbi_addr, req->mbi_size, true };
	pieces[n++] = (struct piece){ "memory map", pl->mmap_addr, mmap_bytes, true };
	if (pl->kernel_staged)
		pieces[n++] = (struct piece){ "staging", pl->staging_addr, pl->kernel_size, true };
	pieces[n++] = (struct piece){ "hand-off", pl->handoff_addr, req->handoff_size, true };

	/* Homes: where a piece is not, it moved, to page-aligned free memory. */
	FUZZ_CHECK(pl->meta_addr == p->blob_addr + p->meta_offset || pl->meta_addr % PAGE == 0,
		   "metadata relocated to 0x%llx", (unsigned long long)pl->meta_addr);
	FUZZ_CHECK(pl->mbi_addr == p->mbi_addr || pl->mbi_addr % PAGE == 0,
		   "MBI relocated to 0x%llx", (unsigned long long)pl->mbi_addr);
	FUZZ_CHECK(pl->mmap_addr % PAGE == 0 ||
		   ((p->mbi.flags & MULTIBOOT_INFO_MEM_MAP) && pl->mmap_addr == p->mbi.mmap_addr),
		   "memory map relocated to 0x%llx", (unsigned long long)pl->mmap_addr);
	for (uint32_t i = 0; i < p->mod_count; i++) {
		uint64_t home = (uint64_t)p->blob_addr + p->mods[i].offset;

		FUZZ_CHECK(pl->mod_addr[i] == home || pl->mod_addr[i] % PAGE == 0,
			   "module %u relocated to 0x%llx", i, (unsigned long long)pl->mod_addr[i]);
		if (aligned && p->mods[i].size)
			FUZZ_CHECK(pl->mod_addr[i] % PAGE == 0, "module %u at 0x%llx, kernel wants pages",
				   i, (unsigned long long)pl->mod_addr[i]);
	}
	FUZZ_CHECK(pl->handoff_addr % PAGE == 0 && (!pl->kernel_staged || pl->staging_addr % PAGE == 0),
		   "hand-off 0x%llx staging 0x%llx", (unsigned long long)pl->handoff_addr,
		   (unsigned long long)pl->staging_addr);

	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(pieces[i].start + pieces[i].size <= FOUR_GIB &&
			   pieces[i].start + pieces[i].size >= pieces[i].start,
			   "%s 0x%llx+0x%llx past 4 GiB", pieces[i].name,
			   (unsigned long long)pieces[i].start, (unsigned long long)pieces[i].size);

	/* No two non-empty pieces overlap. */
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (pieces[i].size)
			pieces[m++] = pieces[i];
	qsort(pieces, m, sizeof(*pieces), cmp_piece);
	for (size_t i = 1; i < m; i++)
		FUZZ_CHECK(pieces[i - 1].start + pieces[i - 1].size <= pieces[i].start,
			   "%s 0x%llx+0x%llx overlaps %s 0x%llx+0x%llx", pieces[i - 1].name,
			   (unsigned long long)pieces[i - 1].start, (unsigned long long)pieces[i - 1].size,
			   pieces[i].name, (unsigned long long)pieces[i].start,
			   (unsigned long long)pieces[i].size);

	/* Allocations: page-aligned, sorted, separate, free, below 4 GiB. */
	FUZZ_CHECK(pl->alloc_count <= PLAN_MAX_PIECES, "alloc_count %zu", pl->alloc_count);
	for (size_t i = 0; i < pl->alloc_count; i++) {
		const struct page_range *a = &pl->allocs[i];
		uint64_t end = a->start + a->pages * PAGE;

		FUZZ_CHECK(a->pages && a->start % PAGE == 0 && end <= FOUR_GIB,
			   "allocation %zu 0x%llx %llu pages", i, (unsigned long long)a->start,
			   (unsigned long long)a->pages);
		FUZZ_CHECK(!i || a->start > pl->allocs[i - 1].start + pl->allocs[i - 1].pages * PAGE,
			   "allocations %zu and %zu unsorted, overlapping or not merged", i - 1, i);
		FUZZ_CHECK(all_kind(map, a->start, end, MEM_FREE),
			   "allocation 0x%llx-0x%llx is not all free memory",
			   (unsigned long long)a->start, (unsigned long long)end);
	}
	/* ... and exactly the pages of the allocated pieces (sorted by start). */
	size_t ai = 0;
	uint64_t run_start = 0, run_end = 0;
	bool run = false;

	for (size_t i = 0; i <= m; i++) {
		bool last = i == m;

		if (!last && !pieces[i].allocated)
			continue;
		uint64_t s = last ? 0 : page_down(pieces[i].start);
		uint64_t e = last ? 0 : page_up(pieces[i].start + pieces[i].size);

		if (!last && run && s <= run_end) {
			if (e > run_end)
				run_end = e;
			continue;
		}
		if (run) {
			FUZZ_CHECK(ai < pl->alloc_count && pl->allocs[ai].start == run_start &&
				   pl->allocs[ai].pages * PAGE == run_end - run_start,
				   "pieces' pages 0x%llx-0x%llx are not allocation %zu",
				   (unsigned long long)run_start, (unsigned long long)run_end, ai);
			ai++;
		}
		run = !last;
		run_start = s;
		run_end = e;
	}
	FUZZ_CHECK(ai == pl->alloc_count, "%zu allocations for %zu runs of pieces",
		   pl->alloc_count, ai);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t opt = get8(&c), opt2 = get8(&c);
	char why[256];

	/* The payload (valid by construction). */
	struct payload *p = &payload;
	uint8_t isel = get8(&c);
	uint32_t image_pages = 1 + get16(&c) % (isel & 1 ? 0x10000 : 0x800);
	uint8_t mc = get8(&c);
	uint32_t count = mc < 192 ? mc % 5 : mc < 250 ? mc % 64 : get16(&c) % (FUZZ_PLAN_MAX_MODULES + 1);
	uint32_t meta_size = (uint32_t)page_up(16 * count + 40 + get8(&c) * 7u);
	uint64_t off;

	if (opt2 & 16)
		meta_size = 16 * count + get16(&c) % 0x2000;
	memset(p, 0, offsetof(struct payload, mods));
	p->image_size = image_pages * (uint32_t)PAGE;
	p->meta_offset = p->image_size;
	p->meta = meta;
	p->header.flags = opt & 2 ? MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO : MULTIBOOT_MEMORY_INFO;
	off = (uint64_t)p->meta_offset + meta_size;
	for (uint32_t i = 0; i < count; i++) {
		uint8_t code = get8(&c);
		uint32_t sz;

		if (code == 0)
			sz = 0x1234 + i * 0x11;
		else if (code == 1)
			sz = 0;
		else
			sz = (uint32_t)get16(&c) << (code % (count > 8 ? 5 : 13));
		if (opt2 & 32)
			off += get8(&c) % 3 ? 0 : get16(&c);
		else
			off = page_up(off);
		p->mods[i] = (struct payload_module){ (uint32_t)off, sz, i % 4 };
		off += sz;
	}
	if (off > 0xF0000000u)
		return 0;
	/* As payload_load defines them: the metadata ends at module 0 or the blob's end. */
	p->blob_size = (uint32_t)page_up(off);  /* an empty last module may start here */
	meta_size = (count ? p->mods[0].offset : p->blob_size) - p->meta_offset;
	p->meta_size = meta_size;
	p->mod_count = count;
	p->has_cmdline = meta_size > 0;
	p->cmdline = meta_size - 1;
	if (meta_size)
		meta[meta_size - 1] = 0;  /* the rest is whatever the last input left */

	/* The memory map. */
	size_t n = (opt2 & 3) < 2 ? generate_map(&c) : edit_ovmf(&c, (opt2 & 3) == 3);
	size_t stride = opt & 8 ? 48 : 40;
	uint8_t *buf = (uint8_t *)efi_buf;

	for (size_t i = 0; i < n; i++) {
		const struct spec *s = &specs[opt & 8 ? n - 1 - i : i];
		struct efi_memory_descriptor d = {
			s->type, 0, s->start, 0, (s->end - s->start) / PAGE, 0xf,
		};

		memset(buf + i * stride, 0xEE, stride);
		memcpy(buf + i * stride, &d, sizeof(d));
	}
	struct mem_map map = { ranges, 0, MAX_DESCS };

	if (memmap_from_efi(&map, buf, n * stride, stride, why, sizeof(why))) {
		FUZZ_LOG("map refused: %s\n", why);
		return 0;  /* an overlap (generated maps wrap past 2^64 at most) */
	}

	/* Where it goes: the load address, the MBI's and memory map's homes. */
	uint32_t addr;

	switch (opt2 >> 6) {
	case 0:
	case 1:
		addr = 0x100000;
		break;
	case 2:
		addr = get32(&c) & ~(uint32_t)(PAGE - 1);
		break;
	default: {
		size_t i = map.count ? get8(&c) % map.count : 0;

		addr = map.count && map.ranges[i].start < FOUR_GIB ? (uint32_t)map.ranges[i].start : 0;
		addr += (uint32_t)(get8(&c) % 16 * PAGE);
		break;
	}
	}
	if (opt & 16)
		addr += get16(&c) % PAGE;
	if ((uint64_t)addr + p->blob_size >= FOUR_GIB)  /* as payload_load allows */
		addr = (uint32_t)page_down(FOUR_GIB - p->blob_size - PAGE);
	p->blob_addr = addr;
	p->entry = addr;
	p->mbi_addr = opt2 & 4 ? get32(&c) : 0x9500;
	p->mbi.flags = QEMU_MBI_FLAGS & ~(opt & 4 ? 0u : MULTIBOOT_INFO_MEM_MAP);
	p->mbi.mmap_addr = opt2 & 8 ? get32(&c) : 0x9000;
	p->mbi.mods_count = count;
	p->mbi.mods_addr = addr + p->meta_offset;
	p->mbi.cmdline = addr + p->meta_offset + p->cmdline;

	/* What efi/main.c asks for, unless the input says otherwise. */
	bool bound_capacity = !(opt & 32);
	struct plan_request req = {
		.payload = p,
		.map = &map,
		.strict = opt & 1,
		.mbi_size = MBI_SIZE + sizeof(LOADER_NAME),
		.mmap_entries = mbi_mmap_bound(&map),
		.handoff_size = HANDOFF_PAGES * (uint32_t)PAGE,
	};

	if (opt & 128)
		req.mbi_size = get16(&c);
	if (!bound_capacity)
		req.mmap_entries = get16(&c);
	if (opt & 64) {
		uint32_t bytes = get16(&c);

		req.handoff_size = bytes * (get8(&c) % 4);
	}

	uint8_t kept = get8(&c);

	req.keep_boot_services = kept & 1;
	req.fsegment = kept & 2;
	why[0] = 0;
	int rc = plan_make(&plan, &req, why, sizeof(why));

	FUZZ_LOG("%zu ranges, kernel 0x%x+0x%x, %u modules: %s%s", map.count, p->blob_addr,
		 p->image_size, count, rc ? "refused: " : "planned", rc ? why : "");
	if (!rc)
		FUZZ_LOG(" (%s, %zu allocations, meta 0x%llx, mbi 0x%llx, mmap 0x%llx, hand-off 0x%llx)",
			 plan.kernel_staged ? "staged" : "in place", plan.alloc_count,
			 (unsigned long long)plan.meta_addr, (unsigned long long)plan.mbi_addr,
			 (unsigned long long)plan.mmap_addr, (unsigned long long)plan.handoff_addr);
	FUZZ_LOG("\n");
	if (rc) {
		FUZZ_CHECK(why[0] && memchr(why, 0, sizeof(why)), "failure with no reason");
		return 0;
	}
	check_plan(&plan, &req);
	FUZZ_CHECK(!plan_check_final(&plan, &map, req.strict, why, sizeof(why)),
		   "plan_check_final on the planning map: %s", why);

	/* What the app writes at meta_addr: into a block of exactly meta_size. */
	uint8_t *meta_out = malloc(p->meta_size ? p->meta_size : 1);

	FUZZ_CHECK(meta_out, "malloc");
	mbi_write_meta(p, &plan, meta_out);
	free(meta_out);

	/* The final map: spare room, one range changed, a framebuffer. */
	size_t spare = MBI_PAINT_SPARE_RANGES;
	uint8_t final_sel = get8(&c);
	struct framebuffer fb = { .bpp = 32, .type = 1, .red_pos = 16, .red_size = 8,
				  .green_pos = 8, .green_size = 8, .blue_pos = 0, .blue_size = 8 };

	fb.addr = get64(&c);
	fb.pitch = get32(&c);
	fb.width = get32(&c);
	fb.height = get32(&c);

	if (final_sel & 0x80)
		spare = final_sel % (MBI_PAINT_SPARE_RANGES + 1);
	check_mmap(&plan, p, &map, bound_capacity, spare, &fb);
	check_final(&plan, &map, req.strict, get8(&c), final_sel & 0x40 ? (final_sel & 7) : MEM_FREE);
	return 0;
}
