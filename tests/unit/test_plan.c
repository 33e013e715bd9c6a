// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/plan.c: placement on maps modelled on OVMF q35 1 GiB
 * (ovmf-qemu-facts.md). Every successful plan goes through check_plan
 * (fixture.c): nothing overlaps anything, allocations sorted, merged, free
 * and exactly the pieces' pages.
 */
#include <stdlib.h>

#include "check.h"
#include "fixture.h"
#include "loader/mbi.h"

#define MIB (1024u * 1024u)

/* QEMU's layout, everything where the BIOS path puts it. */
TEST(plan_kernel_in_place)
{
	uint32_t sizes[] = { 0x3000, 0x10 };
	struct fixture *f = fx_modules(0x7000, 2, sizes, map_ovmf());
	const struct plan *pl = f->plan;

	fx_plan_ok(f);
	CHECK(!pl->kernel_staged);
	CHECK_EQ(pl->kernel_addr, 0x100000);
	CHECK_EQ(pl->kernel_size, 0x7000);
	CHECK_EQ(pl->nvs_count, 0);
	CHECK_EQ(pl->meta_addr, 0x107000);
	CHECK_EQ(pl->mod_addr[0], 0x108000);
	CHECK_EQ(pl->mod_addr[1], 0x10B000);
	CHECK_EQ(pl->mbi_addr, 0x9500);
	CHECK_EQ(pl->mmap_addr, 0x9000);
	CHECK(pl->ebda);
	/* The loader's own page goes high: the top of the highest free range. */
	CHECK_EQ(pl->handoff_addr + FX_HANDOFF_SIZE, 0x3DEC4000);
	/* Kernel, metadata and modules: one allocation; 0x9000, EBDA, hand-off. */
	CHECK_EQ(pl->alloc_count, 4);
	CHECK_EQ(pl->allocs[0].start, 0x9000);
	CHECK_EQ(pl->allocs[0].pages, 1);
	CHECK_EQ(pl->allocs[1].start, 0x9F000);
	CHECK_EQ(pl->allocs[2].start, 0x100000);
	CHECK_EQ(pl->allocs[2].pages, 0xC);
	fx_free(f);
}

/* 64 MiB from 0x108000 crosses the NVS at 0x806000: moved, nothing else. */
TEST(plan_module_crossing_nvs_relocated)
{
	uint32_t sizes[] = { 64 * MIB };
	struct fixture *f = fx_modules(0x7000, 1, sizes, map_ovmf());
	const struct plan *pl = f->plan;

	fx_plan_ok(f);
	CHECK(!pl->kernel_staged);
	CHECK_EQ(pl->meta_addr, 0x107000);
	/* The lowest free page-aligned range above the kernel that holds it. */
	CHECK_EQ(pl->mod_addr[0], 0x1500000);
	CHECK_EQ(pl->mbi_addr, 0x9500);
	CHECK_EQ(pl->mmap_addr, 0x9000);
	fx_free(f);
}

/* A relocated module does not take a home another piece still needs. */
TEST(plan_relocation_keeps_homes)
{
	uint32_t sizes[] = { 0x2000, 64 * MIB, 0x1000 };
	struct fixture *f = fx_modules(0x7000, 3, sizes, map_ovmf());
	const struct plan *pl = f->plan;

	fx_plan_ok(f);
	CHECK_EQ(pl->mod_addr[0], 0x108000);
	CHECK_EQ(pl->mod_addr[2], 0x410A000);  /* its home, in 0x1500000-... */
	CHECK_EQ(pl->mod_addr[1], 0x410B000);  /* above module 2, not at 0x1500000 */
	fx_free(f);
}

/* Like QEMU's 120 MB example: module at 0x106000 over the NVS. */
TEST(plan_module_120mb)
{
	uint32_t sizes[] = { 120000000 };
	struct blob_spec s = blob_default_spec();

	s.kernel_size = 0x5000;
	s.mod_count = 1;
	s.mod_sizes = sizes;
	struct fixture *f = fx_new(&s, map_ovmf());

	CHECK_EQ(f->blob->mod_offset[0], 0x6000);
	fx_plan_ok(f);
	CHECK_EQ(f->plan->mod_addr[0], 0x1500000);
	fx_free(f);
}

/* A kernel with 16 MiB of bss at 1 MiB covers both NVS ranges and boot data. */
TEST(plan_kernel_bss_16m_staged)
{
	uint32_t sizes[] = { 0x5000, 0x200000 };
	struct fixture *f = fx_modules(0x1000000, 2, sizes, map_ovmf());
	const struct plan *pl = f->plan;

	fx_plan_ok(f);
	CHECK(pl->kernel_staged);
	CHECK_EQ(pl->nvs_count, 2);
	CHECK_EQ(pl->nvs[0].start, 0x806000);
	CHECK_EQ(pl->nvs[0].end, 0x808000);
	CHECK_EQ(pl->nvs[1].start, 0x810000);
	CHECK_EQ(pl->nvs[1].end, 0x900000);
	CHECK(pl->staging_addr + pl->kernel_size <= FOUR_GIB);
	CHECK(pl->staging_addr >= 0x1100000 || pl->staging_addr + pl->kernel_size <= 0x100000);
	CHECK(pl->handoff_addr >= 0x1100000);
	CHECK(pl->handoff_addr + FX_HANDOFF_SIZE <= FOUR_GIB);
	/* The metadata's home (0x1100000) is boot-services data: moved up. */
	CHECK_EQ(pl->meta_addr, 0x1500000);
	CHECK(pl->mod_addr[0] >= 0x1100000);
	CHECK_EQ(pl->mbi_addr, 0x9500);
	/* The kernel's pages are not allocated (they are not free now). */
	for (size_t i = 0; i < pl->alloc_count; i++)
		CHECK(pl->allocs[i].start >= 0x1100000 ||
		      pl->allocs[i].start + pl->allocs[i].pages * PAGE_SIZE <= 0x100000);
	fx_free(f);
}

TEST(plan_kernel_bss_16m_strict_refused)
{
	struct fixture *f = fx_modules(0x1000000, 0, NULL, map_ovmf());

	f->req.strict = true;
	CHECK_REFUSED(fx_plan(f), f->why, "ACPI NVS memory 0x806000-0x808000");
	CHECK_CONTAINS(f->why, "strict");
	fx_free(f);
}

/* Strict is fine for a kernel that covers boot-services memory only. */
TEST(plan_kernel_over_boot_services_strict)
{
	struct blob_spec s = blob_default_spec();

	s.load_addr = 0x1000000;
	s.kernel_size = 0x600000;
	struct fixture *f = fx_new(&s, map_ovmf());

	f->req.strict = true;
	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged);
	CHECK_EQ(f->plan->nvs_count, 0);
	fx_free(f);
}

static void check_kernel_refused(uint32_t load_addr, uint32_t size, const char *keyword, int line)
{
	struct blob_spec s = blob_default_spec();

	s.load_addr = load_addr;
	s.kernel_size = size;
	s.mod_count = 1;
	struct fixture *f = fx_new(&s, map_ovmf());
	int rc = fx_plan(f);

	if (rc != -1 || !f->why[0] || !strstr(f->why, keyword))
		check_fail(__FILE__, line,
			   "a kernel at 0x%x (0x%x bytes) refused naming \"%s\" (returned %d: \"%s\")",
			   load_addr, size, keyword, rc, f->why);
	fx_free(f);
}

TEST(plan_kernel_over_runtime_refused)
{
	check_kernel_refused(0x3EC00000, 0x7000, "runtime-services", __LINE__);
	/* Starting in free memory and running into runtime memory. */
	check_kernel_refused(0x3EBF0000, 0x20000, "runtime-services memory 0x3ec00000-0x3ee00000",
			     __LINE__);
}

TEST(plan_kernel_over_acpi_reclaim_refused)
{
	check_kernel_refused(0x3EB00000, 0x7000, "ACPI-tables", __LINE__);
	check_kernel_refused(0x3F780000, 0x1000, "ACPI-tables", __LINE__);
}

TEST(plan_kernel_over_reserved_refused)
{
	check_kernel_refused(0x3F800000, 0x7000, "reserved", __LINE__);
	check_kernel_refused(0xB0000000, 0x7000, "reserved", __LINE__);  /* MMCONFIG */
	check_kernel_refused(0xFFC00000, 0x7000, "reserved", __LINE__);  /* flash */
}

TEST(plan_kernel_unusable_refused)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x200000, 0x201000, MEM_UNUSABLE);
	struct fixture *f = fx_modules(0x200000, 0, NULL, m);
	CHECK_REFUSED(fx_plan(f), f->why, "unusable");
	fx_free(f);
}

TEST(plan_kernel_no_ram_refused)
{
	/* The legacy hole below 1 MiB. */
	check_kernel_refused(0xA0000, 0x7000, "has none", __LINE__);
	/* Between the top of RAM (1 GiB) and MMCONFIG. */
	check_kernel_refused(0x50000000, 0x7000, "0x50000000-0x50007000", __LINE__);
	/* Starting in RAM, running into the hole at 640 KiB. */
	check_kernel_refused(0x90000, 0x20000, "0xa0000-0xb0000", __LINE__);
}

/* RAM that ends under the kernel (like -m 128 with a kernel at 512 MiB). */
TEST(plan_kernel_past_end_of_ram_refused)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x2000000, 0x40000000, -1);
	struct fixture *f = fx_modules(0x2000000, 0, NULL, m);  /* to 0x2100000 */
	CHECK_REFUSED(fx_plan(f), f->why, "0x2000000-0x2100000");
	fx_free(f);
}

TEST(plan_module_too_big_refused)
{
	uint32_t sizes[] = { 0x5000, 1536 * MIB };
	struct fixture *f = fx_modules(0x7000, 2, sizes, map_ovmf());

	CHECK_REFUSED(fx_plan(f), f->why, "module 1 (1610612736 bytes) does not fit");
	fx_free(f);
}

/* With 6 GiB the module would fit above 4 GiB, which Multiboot cannot use. */
TEST(plan_module_only_above_4gib_refused)
{
	uint32_t sizes[] = { 1536 * MIB };
	struct fixture *f = fx_modules(0x7000, 1, sizes,
				       map_new(ovmf_q35_6g, ovmf_q35_6g_count, 8));

	CHECK_REFUSED(fx_plan(f), f->why, "below 4 GiB");
	fx_free(f);

	/* Several modules that fit one by one but not together. */
	uint32_t many[] = { 400 * MIB, 400 * MIB, 400 * MIB };
	f = fx_modules(0x7000, 3, many, map_new(ovmf_q35_6g, ovmf_q35_6g_count, 8));
	CHECK_REFUSED(fx_plan(f), f->why, "does not fit");
	fx_free(f);
}

/* With 6 GiB, nothing lands above 4 GiB even when it is the only room. */
TEST(plan_6g_map_stays_below_4gib)
{
	uint32_t sizes[] = { 64 * MIB, 0x1000 };
	struct fixture *f = fx_modules(0x1000000, 2, sizes,
				       map_new(ovmf_q35_6g, ovmf_q35_6g_count, 8));

	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged);
	fx_free(f);
}

/* The 0x9000 page is boot-services data: the MBI and the map move. */
TEST(plan_low_page_taken_mbi_and_map_relocated)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x9000, 0xA000, MEM_BOOT);
	struct fixture *f = fx_modules(0x7000, 1, NULL, m);
	const struct plan *pl = f->plan;

	fx_plan_ok(f);
	CHECK(pl->mbi_addr != 0x9500);
	CHECK(pl->mmap_addr != 0x9000);
	CHECK(pl->mbi_addr >= 0x100000 + 0x7000);
	CHECK(pl->mmap_addr >= 0x100000 + 0x7000);
	CHECK_EQ(pl->mbi_addr % PAGE_SIZE, 0);
	CHECK_EQ(pl->mmap_addr % PAGE_SIZE, 0);
	CHECK(pl->ebda);
	fx_free(f);
}

/* More map entries than QEMU's 0x500 bytes at 0x9000: the map moves, the MBI stays. */
TEST(plan_big_mmap_relocated)
{
	struct fixture *f = fx_modules(0x7000, 1, NULL, map_ovmf());
	const struct plan *pl = f->plan;

	f->req.mmap_entries = 100;
	fx_plan_ok(f);
	CHECK_EQ(pl->mbi_addr, 0x9500);
	CHECK(pl->mmap_addr != 0x9000);
	CHECK_EQ(pl->mmap_capacity, 100);
	fx_free(f);

	/* 53 entries (QEMU's room) still fit at home. */
	f = fx_modules(0x7000, 1, NULL, map_ovmf());
	f->req.mmap_entries = 53;
	fx_plan_ok(f);
	CHECK_EQ(f->plan->mmap_addr, 0x9000);
	fx_free(f);
}

/* No EBDA where its page is not free; nothing else changes. */
TEST(plan_no_ebda_page)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x9F000, 0xA0000, MEM_RESERVED);
	struct fixture *f = fx_modules(0x7000, 1, NULL, m);

	fx_plan_ok(f);
	CHECK(!f->plan->ebda);
	CHECK_EQ(f->plan->mbi_addr, 0x9500);
	fx_free(f);
}

/*
 * The F segment usable (the caller probed the chipset): the plan says so,
 * and keeps the IVT and BDA free for the hand-off even without an EBDA
 * (the Secure Boot/SMM builds reserve its page).
 */
TEST(plan_fsegment_without_ebda)
{
	struct mem_map *m = map_ovmf();

	map_paint(m, 0x9F000, 0xA0000, MEM_RESERVED);
	struct fixture *f = fx_modules(0x7000, 1, NULL, m);

	f->req.fsegment = true;
	fx_plan_ok(f);
	CHECK(!f->plan->ebda);
	CHECK(f->plan->fsegment);
	for (size_t i = 0; i < f->plan->taken_count; i++)
		if (f->plan->taken[i].start == 0)
			CHECK_EQ(f->plan->taken[i].end, BIOS_DATA_END);
	fx_free(f);

	/* Not with boot services kept: no hand-off writes low memory then. */
	f = fx_modules(0x7000, 1, NULL, map_ovmf());
	f->req.fsegment = true;
	f->req.keep_boot_services = true;
	fx_plan_ok(f);
	CHECK(!f->plan->fsegment);
	CHECK(!f->plan->ebda);
	fx_free(f);
}

/* An ELF kernel loaded at 0x2000B0: page-aligned modules must move, others may stay. */
TEST(plan_unaligned_blob_module_alignment)
{
	struct blob_spec s = blob_default_spec();
	uint32_t sizes[] = { 0x3000 };

	s.load_addr = 0x2000B0;
	s.entry = 0x2000B0 + 0x40;
	s.mod_count = 1;
	s.mod_sizes = sizes;
	struct fixture *f = fx_new(&s, map_ovmf());

	fx_plan_ok(f);
	CHECK(!f->plan->kernel_staged);
	CHECK_EQ(f->plan->meta_addr, 0x2070B0);
	CHECK(f->plan->mod_addr[0] != 0x2080B0);
	CHECK_EQ(f->plan->mod_addr[0] % PAGE_SIZE, 0);
	fx_free(f);

	s.header_flags = MULTIBOOT_MEMORY_INFO;  /* no page alignment asked */
	f = fx_new(&s, map_ovmf());
	fx_plan_ok(f);
	CHECK_EQ(f->plan->mod_addr[0], 0x2080B0);
	fx_free(f);
}

/* kvm-unit-tests' x86_64 tests: 0xC33000 bytes at 0x4000B0, over the NVS. */
TEST(plan_kvm_unit_tests_layout)
{
	struct blob_spec s = blob_default_spec();

	s.load_addr = 0x4000B0;
	s.kernel_size = 0xC33000;
	s.entry = 0x4000B0 + 0x100;
	s.header_flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO;
	s.mod_count = 1;
	struct fixture *f = fx_new(&s, map_ovmf());

	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged);
	CHECK_EQ(f->plan->nvs_count, 2);
	fx_free(f);
}

/* 1024 modules behind a staged kernel: every piece table full. */
TEST(plan_1024_modules_staged)
{
	struct fixture *f = fx_modules(0x1000000, PAYLOAD_MAX_MODULES, NULL, map_ovmf());

	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged);
	fx_free(f);
}

TEST(plan_1024_modules_in_place)
{
	struct fixture *f = fx_modules(0x7000, PAYLOAD_MAX_MODULES, NULL, map_ovmf());

	fx_plan_ok(f);
	CHECK(!f->plan->kernel_staged);
	fx_free(f);
}

/* No room for the staging copy. */
TEST(plan_no_room_to_stage_refused)
{
	struct mem_map *m = map_ovmf();

	/* Above the kernel only 64 KiB stay free: room for the metadata, not for 16 MiB. */
	map_paint(m, 0x1500000, 0x3DEC4000, MEM_BOOT);
	map_paint(m, 0x2000000, 0x2010000, MEM_FREE);
	struct fixture *f = fx_modules(0x1000000, 0, NULL, m);
	CHECK_REFUSED(fx_plan(f), f->why, "stage");
	fx_free(f);
}

TEST(plan_no_room_for_handoff_refused)
{
	struct mem_map *m = map_ovmf();

	/* Only the kernel's own free range (and its pieces') is free. */
	map_paint(m, 0x0, 0xA0000, MEM_BOOT);
	map_paint(m, 0x808000, 0x810000, MEM_BOOT);
	map_paint(m, 0x1500000, 0x3DEC4000, MEM_BOOT);
	map_paint(m, 0x108000, 0x806000, MEM_BOOT);
	struct fixture *f = fx_modules(0x7000, 0, NULL, m);
	f->req.mbi_size = 0;  /* keep MBI and map out of it */
	f->req.mmap_entries = 0;
	CHECK_REFUSED(fx_plan(f), f->why, "hand-off");
	fx_free(f);
}

/* The final map: boot-services memory under a staged kernel is fine. */
TEST(plan_check_final_accepts_boot_memory)
{
	struct fixture *f = fx_modules(0x1000000, 1, NULL, map_ovmf());
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	CHECK(f->plan->kernel_staged);
	final = map_copy(f->map, 4);
	CHECK_OK(plan_check_final(f->plan, final, false, why, sizeof(why)), why);
	/* The firmware allocated some of the free part after planning. */
	map_paint(final, 0x200000, 0x280000, MEM_BOOT);
	map_paint(final, 0x808000, 0x810000, MEM_BOOT);
	CHECK_OK(plan_check_final(f->plan, final, false, why, sizeof(why)), why);
	/* And it freed boot-services memory. */
	map_paint(final, 0x900000, 0x1000000, MEM_FREE);
	CHECK_OK(plan_check_final(f->plan, final, false, why, sizeof(why)), why);
	map_free(final);
	fx_free(f);
}

TEST(plan_check_final_refuses_runtime)
{
	struct fixture *f = fx_modules(0x1000000, 1, NULL, map_ovmf());
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	final = map_copy(f->map, 4);
	map_paint(final, 0x400000, 0x401000, MEM_RUNTIME);
	CHECK_REFUSED(plan_check_final(f->plan, final, false, why, sizeof(why)), why,
		      "runtime-services memory 0x400000-0x401000");
	map_free(final);

	final = map_copy(f->map, 4);
	map_paint(final, 0x10FF000, 0x1100000, MEM_ACPI_RECLAIM);  /* the last page */
	CHECK_REFUSED(plan_check_final(f->plan, final, false, why, sizeof(why)), why, "ACPI-tables");
	map_free(final);

	final = map_copy(f->map, 4);
	map_paint(final, 0x100000, 0x101000, MEM_RESERVED);  /* the first page */
	CHECK_REFUSED(plan_check_final(f->plan, final, false, why, sizeof(why)), why, "reserved");
	map_free(final);

	/* Runtime memory next to the kernel, not under it: fine. */
	final = map_copy(f->map, 4);
	map_paint(final, 0x1100000, 0x1101000, MEM_RUNTIME);
	CHECK_OK(plan_check_final(f->plan, final, false, why, sizeof(why)), why);
	map_free(final);
	fx_free(f);
}

TEST(plan_check_final_nvs_and_holes)
{
	struct fixture *f = fx_modules(0x1000000, 1, NULL, map_ovmf());
	struct mem_map *final = NULL;
	char why[256] = "";

	fx_plan_ok(f);
	final = map_copy(f->map, 4);
	/* NVS under the kernel: fine unless strict. */
	CHECK_OK(plan_check_final(f->plan, final, false, why, sizeof(why)), why);
	CHECK_REFUSED(plan_check_final(f->plan, final, true, why, sizeof(why)), why, "ACPI-NVS");
	/* Memory under the kernel gone from the map. */
	map_paint(final, 0x300000, 0x302000, -1);
	CHECK_REFUSED(plan_check_final(f->plan, final, false, why, sizeof(why)), why,
		      "0x300000");
	CHECK_CONTAINS(why, "disappeared");
	map_free(final);
	fx_free(f);
}

/* An in-place kernel: its pages are ours (loader data) in the final map. */
TEST(plan_check_final_in_place_kernel)
{
	struct fixture *f = fx_modules(0x7000, 1, NULL, map_ovmf());
	struct mem_map *final;
	char why[256] = "";

	fx_plan_ok(f);
	final = map_copy(f->map, 4);
	map_paint(final, 0x100000, 0x107000, MEM_BOOT);
	CHECK_OK(plan_check_final(f->plan, final, true, why, sizeof(why)), why);
	map_free(final);
	fx_free(f);
}

/*
 * Random payloads on random variants of the OVMF map: every plan made keeps
 * the invariants, every refusal has a reason. (Deterministic.)
 */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

TEST(plan_random_invariants)
{
	static const uint32_t loads[] = { 0x100000, 0x4000B0, 0x200000, 0x1000000, 0x800000,
					  0x1500000, 0x3000000, 0x10000 };
	static uint32_t sizes[64];
	int made = 0, refused = 0;

	for (int iter = 0; iter < 300; iter++) {
		struct blob_spec s = blob_default_spec();
		struct mem_map *m = map_ovmf();

		for (int k = rng() % 4; k > 0; k--) {
			uint64_t start = (uint64_t)(rng() % 0x3E000) * PAGE_SIZE;
			uint64_t len = (uint64_t)(1 + rng() % 0x800) * PAGE_SIZE;
			static const int kinds[] = { MEM_BOOT, MEM_BOOT, MEM_ACPI_NVS, MEM_RUNTIME,
						     MEM_FREE, -1 };

			map_paint(m, start, start + len, kinds[rng() % 6]);
		}
		s.load_addr = loads[rng() % 8];
		s.kernel_size = 0x1000 + rng() % (rng() % 2 ? 0x10000 : 0x1400000);
		s.entry = s.load_addr;
		s.header_flags = rng() % 2 ? MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO
					   : MULTIBOOT_MEMORY_INFO;
		s.mod_count = rng() % 9;
		for (uint32_t i = 0; i < s.mod_count; i++)
			sizes[i] = rng() % 5 == 0 ? rng() % (96 * MIB) : rng() % 0x30000;
		s.mod_sizes = sizes;
		struct fixture *f = fx_new(&s, m);
		f->req.strict = rng() % 4 == 0;
		f->req.mmap_entries = mbi_mmap_bound(m) + rng() % 60;
		if (fx_plan(f) == 0) {
			CHECK_PLAN(f);
			made++;
		} else {
			if (!f->why[0])
				check_fail(__FILE__, __LINE__, "iteration %d: refusal with a reason", iter);
			refused++;
		}
		fx_free(f);
	}
	/* Both outcomes exercised. */
	CHECK(made > 50);
	CHECK(refused > 10);
}
