// SPDX-License-Identifier: BSD-2-Clause
/* loader/mbi.c: the Multiboot memory map, module list and MBI handed over. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "fixture.h"
#include "loader/mbi.h"

struct mm {
	uint64_t addr, len;
	uint32_t type;
};

static void check_mmap(const struct multiboot_mmap_entry *got, int count,
		       const struct mm *want, int want_count, int line)
{
	if (count != want_count) {
		for (int i = 0; i < count; i++)
			fprintf(stderr, "  entry %d: 0x%llx+0x%llx type %u\n", i,
				(unsigned long long)got[i].addr, (unsigned long long)got[i].len,
				got[i].type);
		check_fail(__FILE__, line, "%d map entries, expected %d", count, want_count);
	}
	for (int i = 0; i < count; i++) {
		if (got[i].size != 20)
			check_fail(__FILE__, line, "entry %d: size field %u is 20", i, got[i].size);
		if (got[i].addr != want[i].addr || got[i].len != want[i].len ||
		    got[i].type != want[i].type)
			check_fail(__FILE__, line,
				   "entry %d is 0x%llx+0x%llx type %u, expected 0x%llx+0x%llx type %u",
				   i, (unsigned long long)got[i].addr, (unsigned long long)got[i].len,
				   got[i].type, (unsigned long long)want[i].addr,
				   (unsigned long long)want[i].len, want[i].type);
	}
}
#define CHECK_MMAP(got, n, want) \
	check_mmap((got), (n), (want), (int)(sizeof(want) / sizeof((want)[0])), __LINE__)

/* Sorted, non-overlapping, no two touching entries of one type. */
static void check_mmap_canonical(const struct multiboot_mmap_entry *e, int n, int line)
{
	for (int i = 1; i < n; i++) {
		if (e[i].addr < e[i - 1].addr + e[i - 1].len)
			check_fail(__FILE__, line, "entry %d sorted, not overlapping", i);
		if (e[i].addr == e[i - 1].addr + e[i - 1].len && e[i].type == e[i - 1].type)
			check_fail(__FILE__, line, "entries %d and %d merged", i - 1, i);
	}
}

TEST(mbi_mmap_bound)
{
	struct mem_map *m = map_ovmf();

	/* 16 Multiboot runs in the OVMF map, plus 8 of slack. */
	CHECK_EQ(mbi_mmap_bound(m), 16 + 8);
	/* Same Multiboot type, kinds differing: one run. */
	struct mem_range r[] = {
		{ 0x0, 0x1000, MEM_FREE },
		{ 0x1000, 0x2000, MEM_BOOT },
		{ 0x2000, 0x3000, MEM_RUNTIME },
		{ 0x3000, 0x4000, MEM_RESERVED },
		{ 0x5000, 0x6000, MEM_RESERVED },  /* after a hole: a new run */
		{ 0x6000, 0x7000, MEM_UNUSABLE },
	};
	struct mem_map small = { r, 6, 6 };
	CHECK_EQ(mbi_mmap_bound(&small), 4 + 8);
	struct mem_map empty = { r, 0, 6 };
	CHECK_EQ(mbi_mmap_bound(&empty), 8);
	/* The bound holds what mbi_build_mmap makes from the map. */
	map_free(m);
}

/* The staged 16 MiB kernel at 1 MiB on OVMF: its NVS is the kernel's now. */
TEST(mbi_build_mmap_ovmf_staged)
{
	struct fixture *f = fx_modules(0x1000000, 1, NULL, map_ovmf());
	struct multiboot_mmap_entry *out;
	struct mem_map *final;
	char why[256] = "";
	int n;

	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged && f->plan->ebda);
	final = map_copy(f->map, 64 + 2);  /* efi/memmap.c's slack */
	/* The final map has our allocations in it (loader data). */
	for (size_t i = 0; i < f->plan->alloc_count; i++)
		map_paint(final, f->plan->allocs[i].start,
			  f->plan->allocs[i].start + f->plan->allocs[i].pages * PAGE_SIZE, MEM_BOOT);
	out = tcalloc(f->plan->mmap_capacity, sizeof(*out));
	n = mbi_build_mmap(f->plan, final, out, f->plan->mmap_capacity, why, sizeof(why));
	if (n < 0)
		check_fail(__FILE__, __LINE__, "mbi_build_mmap: %s (map %zu of %zu)", why,
			   final->count, final->capacity);
	static const struct mm want[] = {
		{ 0x0, 0x9FC00, 1 },                   /* EBDA split out */
		{ 0x9FC00, 0x400, 2 },
		{ 0x100000, 0x3EB00000 - 0x100000, 1 }, /* the kernel's NVS: available */
		{ 0x3EB00000, 0x10000, 3 },
		{ 0x3EB10000, 0x70000, 4 },
		{ 0x3EB80000, 0x80000, 1 },
		{ 0x3EC00000, 0x200000, 2 },
		{ 0x3EE00000, 0x900000, 1 },
		{ 0x3F700000, 0x80000, 4 },
		{ 0x3F780000, 0x80000, 3 },
		{ 0x3F800000, 0x800000, 2 },            /* reserved + runtime: merged */
		{ 0xB0000000, 0x10000000, 2 },
		{ 0xFFC00000, 0x400000, 2 },
	};
	CHECK_MMAP(out, n, want);
	CHECK(n <= (int)f->plan->mmap_capacity);
	CHECK_EQ(mbi_mem_lower(out, (uint32_t)n), 639);
	CHECK_EQ(mbi_mem_upper(out, (uint32_t)n), (0x3EB00000 - 0x100000) / 1024);
	tfree(out);
	map_free(final);
	fx_free(f);
}

/* An in-place kernel: the NVS at 0x806000 stays NVS; unsorted 6 GiB map. */
TEST(mbi_build_mmap_in_place_6g)
{
	struct fixture *f = fx_modules(0x7000, 1, NULL, map_new(ovmf_q35_6g, ovmf_q35_6g_count, 8));
	struct multiboot_mmap_entry out[64];
	struct mem_map *final;
	char why[256] = "";
	int n;

	fx_plan_ok(f);
	CHECK(!f->plan->kernel_staged);
	final = map_copy(f->map, 4);
	n = mbi_build_mmap(f->plan, final, out, 64, why, sizeof(why));
	CHECK(n > 0);
	check_mmap_canonical(out, n, __LINE__);
	CHECK_EQ(out[2].addr, 0x100000);
	CHECK_EQ(out[2].len, 0x706000);
	CHECK_EQ(out[2].type, 1);
	CHECK_EQ(out[3].addr, 0x806000);
	CHECK_EQ(out[3].type, 4);
	CHECK_EQ(out[n - 1].addr, 0x100000000);
	CHECK_EQ(out[n - 1].len, 0x100000000);
	CHECK_EQ(out[n - 1].type, 1);
	CHECK_EQ(out[n - 2].addr, 0xFFC00000);
	CHECK_EQ(mbi_mem_upper(out, (uint32_t)n), 0x706000 / 1024);
	map_free(final);
	fx_free(f);
}

TEST(mbi_build_mmap_no_ebda)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x9F000, 0xA0000, MEM_RESERVED);
	struct fixture *f = fx_modules(0x7000, 0, NULL, m);
	struct multiboot_mmap_entry out[64];
	struct mem_map *final;
	char why[256] = "";
	int n;

	fx_plan_ok(f);
	CHECK(!f->plan->ebda);
	final = map_copy(f->map, 4);
	n = mbi_build_mmap(f->plan, final, out, 64, why, sizeof(why));
	CHECK(n > 2);
	CHECK_EQ(out[0].addr, 0);
	CHECK_EQ(out[0].len, 0x9F000);
	CHECK_EQ(out[1].addr, 0x9F000);
	CHECK_EQ(out[1].len, 0x1000);
	CHECK_EQ(out[1].type, 2);
	CHECK_EQ(mbi_mem_lower(out, (uint32_t)n), 0x9F000 / 1024);
	map_free(final);
	fx_free(f);
}

/* The F segment in use: reported reserved, as QEMU's BIOS path reports it. */
TEST(mbi_build_mmap_fsegment_reserved)
{
	struct fixture *f = fx_modules(0x7000, 0, NULL, map_ovmf());
	struct multiboot_mmap_entry out[64];
	struct mem_map *final;
	char why[256] = "";
	int n, found = 0;

	f->req.fsegment = true;
	fx_plan_ok(f);
	CHECK(f->plan->fsegment);
	final = map_copy(f->map, MBI_PAINT_SPARE_RANGES);
	n = mbi_build_mmap(f->plan, final, out, 64, why, sizeof(why));
	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		if (out[i].addr == FSEGMENT_START) {
			CHECK_EQ(out[i].len, FSEGMENT_END - FSEGMENT_START);
			CHECK_EQ(out[i].type, MULTIBOOT_MEMORY_RESERVED);
			found++;
		}
		/* Sorted: the segment between low memory and 1 MiB. */
		if (i)
			CHECK(out[i].addr >= out[i - 1].addr + out[i - 1].len);
	}
	CHECK_EQ(found, 1);
	/* It does not join the available RAM at 1 MiB. */
	CHECK_EQ(mbi_mem_upper(out, (uint32_t)n), 0x706000 / 1024);
	map_free(final);
	fx_free(f);
}

TEST(mbi_build_mmap_capacity_exceeded)
{
	struct fixture *f = fx_modules(0x1000000, 1, NULL, map_ovmf());
	struct multiboot_mmap_entry out[16];
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	final = map_copy(f->map, 4);
	memset(out, 0xEE, sizeof(out));
	/* 13 entries needed. */
	CHECK_REFUSED(mbi_build_mmap(f->plan, final, out, 12, why, sizeof(why)), why,
		      "more than the 12 entries");
	for (size_t i = 12; i < 16; i++)
		CHECK_EQ(out[i].size, 0xEEEEEEEE);  /* nothing past capacity */
	map_free(final);
	final = map_copy(f->map, 4);
	CHECK_REFUSED(mbi_build_mmap(f->plan, final, out, 0, why, sizeof(why)), why, "0 entries");
	map_free(final);
	final = map_copy(f->map, 4);
	CHECK_EQ(mbi_build_mmap(f->plan, final, out, 13, why, sizeof(why)), 13);
	map_free(final);
	fx_free(f);
}

/* No room in the neutral map for the painted ranges: refused, not overrun. */
TEST(mbi_build_mmap_no_room_to_paint)
{
	struct fixture *f = fx_modules(0x7000, 0, NULL, map_ovmf());
	struct multiboot_mmap_entry out[64];
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	final = map_copy(f->map, 0);
	CHECK_REFUSED(mbi_build_mmap(f->plan, final, out, 64, why, sizeof(why)), why, "no room");
	map_free(final);
	fx_free(f);
}

/*
 * mbi.h: "the final firmware map (changed in place; it needs two spare
 * ranges)". Painting the kernel at 1 MiB (the start of a range) and the EBDA
 * (the end of a range) adds one range each: two spare ranges are enough.
 */
TEST(mbi_build_mmap_two_spare_ranges)
{
	struct fixture *f = fx_modules(0x7000, 0, NULL, map_ovmf());
	struct multiboot_mmap_entry out[64];
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	CHECK(f->plan->ebda);
	final = map_copy(f->map, 2);
	int n = mbi_build_mmap(f->plan, final, out, 64, why, sizeof(why));
	if (n < 0)
		check_fail(__FILE__, __LINE__, "built with two spare ranges (\"%s\")", why);
	CHECK_EQ(final->count, f->map->count + 2);
	map_free(final);
	fx_free(f);
}

/* The kernel's range painted over several ranges of different kinds. */
TEST(mbi_build_mmap_paints_across_ranges)
{
	struct mem_range r[16] = {
		{ 0x0, 0xA0000, MEM_FREE },
		{ 0x100000, 0x200000, MEM_FREE },
		{ 0x200000, 0x201000, MEM_ACPI_NVS },
		{ 0x201000, 0x300000, MEM_BOOT },
		{ 0x300000, 0x302000, MEM_ACPI_NVS },
		{ 0x302000, 0x400000, MEM_FREE },
		{ 0x400000, 0x401000, MEM_RUNTIME },
	};
	struct mem_map final = { r, 7, 16 };
	struct plan *pl = tcalloc(1, sizeof(*pl));
	struct multiboot_mmap_entry out[16];
	char why[256] = "";

	/* Strictly inside one range's start and another's end. */
	pl->kernel_addr = 0x180000;
	pl->kernel_size = 0x301000 - 0x180000;
	pl->ebda = false;
	int n = mbi_build_mmap(pl, &final, out, 16, why, sizeof(why));
	static const struct mm want[] = {
		{ 0x0, 0xA0000, 1 },
		{ 0x100000, 0x301000 - 0x100000, 1 },
		{ 0x301000, 0x1000, 4 },  /* the part of the NVS past the kernel */
		{ 0x302000, 0x400000 - 0x302000, 1 },
		{ 0x400000, 0x1000, 2 },
	};
	CHECK_MMAP(out, n, want);
	/* The neutral map itself: sorted, the kernel one free range. */
	for (size_t i = 1; i < final.count; i++)
		CHECK(final.ranges[i].start >= final.ranges[i - 1].end);
	CHECK(map_all(&final, 0x180000, 0x301000, MEM_FREE));
	CHECK(map_all(&final, 0x301000, 0x302000, MEM_ACPI_NVS));

	/* A kernel strictly inside one range (split in three). */
	struct mem_range r2[8] = { { 0x0, 0x1000000, MEM_ACPI_NVS } };
	struct mem_map m2 = { r2, 1, 8 };
	pl->kernel_addr = 0x100000;
	pl->kernel_size = 0x100000;
	pl->ebda = true;
	n = mbi_build_mmap(pl, &m2, out, 16, why, sizeof(why));
	static const struct mm want2[] = {
		{ 0x0, 0x9FC00, 4 },
		{ 0x9FC00, 0x400, 2 },
		{ 0xA0000, 0x60000, 4 },
		{ 0x100000, 0x100000, 1 },
		{ 0x200000, 0xE00000, 4 },
	};
	CHECK_MMAP(out, n, want2);
	tfree(pl);
}

TEST(mbi_mem_lower)
{
	struct multiboot_mmap_entry e[4] = {
		{ 20, 0x0, 0x9FC00, 1 },
		{ 20, 0x9FC00, 0x400, 2 },
		{ 20, 0x100000, 0x700000, 1 },
	};

	CHECK_EQ(mbi_mem_lower(e, 3), 639);
	e[0].len = 0xA0000;
	e[1].type = 1;
	e[1].addr = 0xA0000;
	CHECK_EQ(mbi_mem_lower(e, 1), 640);
	/* Contiguous past 640 KiB: capped. */
	CHECK_EQ(mbi_mem_lower(e, 2), 640);
	struct multiboot_mmap_entry big = { 20, 0x0, 0x10000000, 1 };
	CHECK_EQ(mbi_mem_lower(&big, 1), 640);
	/* Page 0 missing: nothing from 0. */
	struct multiboot_mmap_entry late = { 20, 0x1000, 0x9F000, 1 };
	CHECK_EQ(mbi_mem_lower(&late, 1), 0);
	/* Reserved from 0. */
	struct multiboot_mmap_entry resv = { 20, 0x0, 0xA0000, 2 };
	CHECK_EQ(mbi_mem_lower(&resv, 1), 0);
	CHECK_EQ(mbi_mem_lower(e, 0), 0);
}

TEST(mbi_mem_upper)
{
	struct multiboot_mmap_entry e[6] = {
		{ 20, 0x0, 0x9FC00, 1 },
		{ 20, 0x9FC00, 0x400, 2 },
		{ 20, 0x100000, 0x706000, 1 },
		{ 20, 0x806000, 0x2000, 4 },
		{ 20, 0x808000, 0x8000, 1 },
	};

	/* Stops at the NVS. */
	CHECK_EQ(mbi_mem_upper(e, 5), 0x706000 / 1024);
	/* A hole instead of the NVS: stops too. */
	e[3].type = 1;
	e[3].addr = 0x807000;
	e[3].len = 0x1000;
	CHECK_EQ(mbi_mem_upper(e, 5), 0x706000 / 1024);
	/* Contiguous (unmerged) available entries: followed. */
	e[3].addr = 0x806000;
	e[3].len = 0x2000;
	CHECK_EQ(mbi_mem_upper(e, 5), (0x810000 - 0x100000) / 1024);
	/* Nothing at 1 MiB. */
	struct multiboot_mmap_entry high = { 20, 0x200000, 0x100000, 1 };
	CHECK_EQ(mbi_mem_upper(&high, 1), 0);
	/* One entry from 0 across 1 MiB. */
	struct multiboot_mmap_entry all = { 20, 0x0, 0x40000000, 1 };
	CHECK_EQ(mbi_mem_upper(&all, 1), (0x40000000 - 0x100000) / 1024);
	/* Huge: capped at 32 bits of KiB. */
	struct multiboot_mmap_entry huge = { 20, 0x100000, 0x40000000000000ull, 1 };
	CHECK_EQ(mbi_mem_upper(&huge, 1), UINT32_MAX);
}

/* Module list and strings copied; every entry pointing where the plan put things. */
TEST(mbi_write_meta_rebases)
{
	uint32_t sizes[] = { 0x3000, 0, 0x10 };
	struct fixture *f = fx_modules(0x7000, 3, sizes, map_ovmf());
	struct payload *p = f->payload;
	struct plan *pl = f->plan;
	uint8_t *out;

	/* QEMU leaves the pad field 0; junk must not survive either. */
	blob_set_mod_field(f->blob, 0, 12, 0xDEADBEEF);
	blob_load_ok(f->blob, p);
	memset(pl, 0, sizeof(*pl));
	pl->meta_addr = 0x2345000;
	pl->mod_addr[0] = 0x3000000;
	pl->mod_addr[1] = 0x3003000;
	pl->mod_addr[2] = 0x3100000;
	out = tmalloc(p->meta_size + 16);
	memset(out, 0xCC, p->meta_size + 16);
	mbi_write_meta(p, pl, out);
	for (uint32_t i = 0; i < 3; i++) {
		const struct multiboot_mod_list *e = (const void *)(out + 16 * i);

		CHECK_EQ(e->mod_start, pl->mod_addr[i]);
		CHECK_EQ(e->mod_end, pl->mod_addr[i] + sizes[i]);
		CHECK(e->cmdline >= pl->meta_addr && e->cmdline < pl->meta_addr + p->meta_size);
		CHECK_STR((const char *)out + (e->cmdline - pl->meta_addr), f->blob->mod_arg[i]);
		CHECK_EQ(e->pad, 0);
	}
	/* The strings after the list are the blob's, byte for byte. */
	CHECK(!memcmp(out + 48, f->blob->meta + 48, p->meta_size - 48));
	CHECK_STR((const char *)out + p->cmdline, f->blob->kcmdline);
	/* Nothing past the metadata. */
	for (size_t i = 0; i < 16; i++)
		CHECK_EQ(out[p->meta_size + i], 0xCC);
	tfree(out);
	fx_free(f);
}

/* At home, the rebased list is QEMU's list (pad 0). */
TEST(mbi_write_meta_at_home_unchanged)
{
	struct fixture *f = fx_modules(0x7000, 4, NULL, map_ovmf());
	uint8_t *out;

	fx_plan_ok(f);
	CHECK_EQ(f->plan->meta_addr, f->blob->addr + f->blob->list_offset);
	out = tmalloc(f->payload->meta_size);
	mbi_write_meta(f->payload, f->plan, out);
	CHECK(!memcmp(out, f->blob->meta, f->payload->meta_size));
	tfree(out);
	fx_free(f);
}

TEST(mbi_write_fields)
{
	struct fixture *f = fx_modules(0x1000000, 2, NULL, map_ovmf());
	struct multiboot_mmap_entry mmap[32];
	struct mem_map *final;
	char why[256] = "";
	uint8_t buf[MBI_SIZE + sizeof(FX_LOADER_NAME) + 16];
	struct multiboot_info mbi;
	int n;

	fx_plan_ok(f);
	final = map_copy(f->map, 4);
	n = mbi_build_mmap(f->plan, final, mmap, 32, why, sizeof(why));
	CHECK(n > 0);
	memset(buf, 0xCC, sizeof(buf));
	mbi_write(f->payload, f->plan, mmap, (uint32_t)n, FX_LOADER_NAME, buf);
	memcpy(&mbi, buf, MBI_SIZE);
	CHECK_EQ(mbi.flags, QEMU_MBI_FLAGS);
	CHECK_EQ(mbi.boot_device, QEMU_BOOT_DEVICE);
	CHECK_EQ(mbi.mem_lower, 639);
	CHECK_EQ(mbi.mem_upper, mbi_mem_upper(mmap, (uint32_t)n));
	CHECK_EQ(mbi.cmdline, f->plan->meta_addr + f->payload->cmdline);
	CHECK_EQ(mbi.mods_count, 2);
	CHECK_EQ(mbi.mods_addr, f->plan->meta_addr);
	CHECK_EQ(mbi.mmap_addr, f->plan->mmap_addr);
	CHECK_EQ(mbi.mmap_length, (uint32_t)n * 24);
	CHECK_EQ(mbi.boot_loader_name, f->plan->mbi_addr + MBI_SIZE);
	CHECK_EQ(mbi.u.elf_sec.num, 0);
	CHECK_EQ(mbi.drives_length, 0);
	CHECK_EQ(mbi.apm_table, 0);
	CHECK_EQ(mbi.vbe_mode, 0);
	CHECK_STR((const char *)buf + MBI_SIZE, FX_LOADER_NAME);
	for (size_t i = MBI_SIZE + sizeof(FX_LOADER_NAME); i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0xCC);
	map_free(final);
	fx_free(f);
}

/* Without QEMU's optional flags, the MBI still gets memory, map and name. */
TEST(mbi_write_minimal_flags)
{
	struct blob_spec s = blob_default_spec();
	struct blob *b = blob_new(&s);
	struct payload *p = tmalloc(sizeof(*p));
	struct plan *pl = tcalloc(1, sizeof(*pl));
	struct multiboot_mmap_entry mmap[1] = { { 20, 0x0, 0x40000000, 1 } };
	uint8_t buf[MBI_SIZE + 8];
	struct multiboot_info mbi;
	char why[256];

	blob_mbi_put32(b, MBI_FLAGS, MULTIBOOT_INFO_MODS);
	blob_mbi_put32(b, MBI_CMDLINE, 0x12345678);
	CHECK_OK(blob_load(b, p, why, sizeof(why)), why);
	CHECK(!p->has_cmdline);
	pl->meta_addr = 0x5000000;
	pl->mbi_addr = 0x6000;
	pl->mmap_addr = 0x7000;
	mbi_write(p, pl, mmap, 1, "x", buf);
	memcpy(&mbi, buf, MBI_SIZE);
	CHECK_EQ(mbi.flags, MULTIBOOT_INFO_MODS | MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP |
			    MULTIBOOT_INFO_BOOT_LOADER_NAME);
	CHECK_EQ(mbi.mem_lower, 640);
	CHECK_EQ(mbi.mem_upper, (0x40000000 - 0x100000) / 1024);
	CHECK_EQ(mbi.mmap_length, 24);
	CHECK_EQ(mbi.boot_loader_name, 0x6000 + MBI_SIZE);
	CHECK_STR((const char *)buf + MBI_SIZE, "x");
	tfree(pl);
	tfree(p);
	blob_free(b);
}
