// SPDX-License-Identifier: BSD-2-Clause
#include "fixture.h"

#include <stdlib.h>

#include "check.h"
#include "loader/mbi.h"

struct fixture *fx_new(const struct blob_spec *spec, struct mem_map *map)
{
	struct fixture *f = tcalloc(1, sizeof(*f));

	CHECK(f);
	f->blob = blob_new(spec);
	f->payload = tmalloc(sizeof(*f->payload));
	f->plan = tmalloc(sizeof(*f->plan));
	CHECK(f->payload && f->plan);
	memset(f->plan, 0xA5, sizeof(*f->plan));
	blob_load_ok(f->blob, f->payload);
	f->map = map;
	f->req = (struct plan_request){
		.payload = f->payload,
		.map = map,
		.strict = false,
		.mbi_size = FX_MBI_SIZE,
		.mmap_entries = mbi_mmap_bound(map),
		.handoff_size = FX_HANDOFF_SIZE,
	};
	return f;
}

struct fixture *fx_modules(uint32_t kernel_size, uint32_t count, const uint32_t *sizes,
			   struct mem_map *map)
{
	struct blob_spec s = blob_default_spec();

	s.kernel_size = kernel_size;
	s.mod_count = count;
	s.mod_sizes = sizes;
	return fx_new(&s, map);
}

void fx_free(struct fixture *f)
{
	blob_free(f->blob);
	tfree(f->payload);
	tfree(f->plan);
	map_free(f->map);
	tfree(f);
}

int fx_plan(struct fixture *f)
{
	f->why[0] = '\0';
	return plan_make(f->plan, &f->req, f->why, sizeof(f->why));
}

void fx_plan_ok(struct fixture *f)
{
	CHECK_OK(fx_plan(f), f->why);
	CHECK_PLAN(f);
}

size_t fx_pieces(const struct fixture *f, struct piece *out, size_t max)
{
	const struct payload *p = f->payload;
	const struct plan *pl = f->plan;
	size_t n = 0;

#define ADD(...) do { CHECK(n < max); out[n++] = (struct piece){ __VA_ARGS__ }; } while (0)
	ADD("kernel", pl->kernel_addr, pl->kernel_size, p->blob_addr, !pl->kernel_staged);
	if (pl->ebda)
		ADD("EBDA page", 0x9F000, 0x1000, 0x9F000, true);
	ADD("metadata", pl->meta_addr, p->meta_size, p->blob_addr + p->meta_offset, true);
	for (uint32_t i = 0; i < p->mod_count; i++)
		ADD("module", pl->mod_addr[i], p->mods[i].size, p->blob_addr + p->mods[i].offset, true);
	ADD("MBI", pl->mbi_addr, f->req.mbi_size, p->mbi_addr, true);
	ADD("memory map", pl->mmap_addr,
	    (uint64_t)f->req.mmap_entries * sizeof(struct multiboot_mmap_entry),
	    p->mbi.mmap_addr, true);
	if (pl->kernel_staged)
		ADD("staging", pl->staging_addr, pl->kernel_size, UINT64_MAX, true);
	ADD("hand-off", pl->handoff_addr, f->req.handoff_size, UINT64_MAX, true);
#undef ADD
	return n;
}

static int cmp_range(const void *a, const void *b)
{
	const struct page_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void check_plan(const struct fixture *f, int line)
{
	static struct piece pieces[PLAN_MAX_PIECES + 8];
	static struct page_range want[PLAN_MAX_PIECES + 8];
	const struct plan *pl = f->plan;
	const struct payload *p = f->payload;
	const struct mem_map *map = f->map;
	size_t n = fx_pieces(f, pieces, sizeof(pieces) / sizeof(pieces[0]));
	size_t w = 0, merged = 0;

#define FAILF(...) check_fail(__FILE__, line, __VA_ARGS__)
	if (pl->kernel_addr != p->blob_addr || pl->kernel_size != p->image_size)
		FAILF("the kernel stays at 0x%x (0x%x bytes)", p->blob_addr, p->image_size);
	if (pl->mmap_capacity != f->req.mmap_entries)
		FAILF("mmap_capacity %u is the %u entries asked for", pl->mmap_capacity,
		      f->req.mmap_entries);

	for (size_t i = 0; i < n; i++) {
		const struct piece *a = &pieces[i];
		uint64_t end = a->start + a->size;

		if (!a->size)
			continue;
		if (end > FOUR_GIB)
			FAILF("%s 0x%llx-0x%llx lies below 4 GiB", a->name,
			      (unsigned long long)a->start, (unsigned long long)end);
		/* Nothing placed overlaps anything else. */
		for (size_t j = 0; j < i; j++) {
			const struct piece *b = &pieces[j];

			if (b->size && a->start < b->start + b->size && b->start < end)
				FAILF("%s 0x%llx-0x%llx overlaps %s 0x%llx-0x%llx", a->name,
				      (unsigned long long)a->start, (unsigned long long)end,
				      b->name, (unsigned long long)b->start,
				      (unsigned long long)(b->start + b->size));
		}
		/* Not at home: moved to whole free pages. */
		if (a->home != UINT64_MAX && a->start != a->home && a->start % PAGE_SIZE)
			FAILF("relocated %s at 0x%llx is page-aligned", a->name,
			      (unsigned long long)a->start);
		if (a->allocated) {
			if (!map_all(map, fx_page_down(a->start), fx_page_up(end), MEM_FREE))
				FAILF("%s 0x%llx-0x%llx is on free pages", a->name,
				      (unsigned long long)a->start, (unsigned long long)end);
			want[w++] = (struct page_range){ fx_page_down(a->start),
							 (fx_page_up(end) - fx_page_down(a->start)) / PAGE_SIZE };
		}
	}
	if ((p->header.flags & MULTIBOOT_PAGE_ALIGN))
		for (uint32_t i = 0; i < p->mod_count; i++)
			if (p->mods[i].size && pl->mod_addr[i] % PAGE_SIZE)
				FAILF("module %u at 0x%llx is page-aligned (header flag 0)", i,
				      (unsigned long long)pl->mod_addr[i]);

	/* The allocations: sorted, merged, and exactly the pieces' pages. */
	for (size_t i = 0; i < pl->alloc_count; i++) {
		const struct page_range *a = &pl->allocs[i];

		if (a->start % PAGE_SIZE || !a->pages)
			FAILF("allocation %zu (0x%llx, %llu pages) is whole pages", i,
			      (unsigned long long)a->start, (unsigned long long)a->pages);
		if (i && a->start <= pl->allocs[i - 1].start + pl->allocs[i - 1].pages * PAGE_SIZE)
			FAILF("allocation %zu at 0x%llx is sorted and merged with the one before", i,
			      (unsigned long long)a->start);
		if (!map_all(map, a->start, a->start + a->pages * PAGE_SIZE, MEM_FREE))
			FAILF("allocation 0x%llx-0x%llx is free memory", (unsigned long long)a->start,
			      (unsigned long long)(a->start + a->pages * PAGE_SIZE));
	}
	qsort(want, w, sizeof(want[0]), cmp_range);
	for (size_t i = 0; i < w; i++) {
		uint64_t end = want[i].start + want[i].pages * PAGE_SIZE;

		if (merged && want[i].start <= want[merged - 1].start + want[merged - 1].pages * PAGE_SIZE) {
			uint64_t last = want[merged - 1].start + want[merged - 1].pages * PAGE_SIZE;

			if (end > last)
				want[merged - 1].pages = (end - want[merged - 1].start) / PAGE_SIZE;
		} else {
			want[merged++] = want[i];
		}
	}
	if (merged != pl->alloc_count)
		FAILF("%zu allocations cover the pieces, not %zu", merged, pl->alloc_count);
	for (size_t i = 0; i < merged; i++)
		if (want[i].start != pl->allocs[i].start || want[i].pages != pl->allocs[i].pages)
			FAILF("allocation %zu is 0x%llx+%llu pages, the pieces need 0x%llx+%llu", i,
			      (unsigned long long)pl->allocs[i].start,
			      (unsigned long long)pl->allocs[i].pages,
			      (unsigned long long)want[i].start, (unsigned long long)want[i].pages);

	/* The kernel: in place on free memory, or staged over what is free later. */
	uint64_t kend = pl->kernel_addr + pl->kernel_size;
	size_t nvs = 0;
	bool all_free = map_all(map, pl->kernel_addr, kend, MEM_FREE);
	if (pl->kernel_staged == all_free)
		FAILF("the kernel is staged (%d) exactly when its range is not all free", pl->kernel_staged);
	for (size_t i = 0; i < map->count; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (r->start >= kend || r->end <= pl->kernel_addr)
			continue;
		if (r->kind != MEM_FREE && r->kind != MEM_BOOT && r->kind != MEM_ACPI_NVS)
			FAILF("the kernel covers no %s memory", memmap_kind_name(r->kind));
		if (r->kind == MEM_ACPI_NVS) {
			if (nvs >= pl->nvs_count || pl->nvs[nvs].start != r->start ||
			    pl->nvs[nvs].end != r->end)
				FAILF("NVS 0x%llx-0x%llx under the kernel is listed",
				      (unsigned long long)r->start, (unsigned long long)r->end);
			nvs++;
		}
	}
	if (nvs != pl->nvs_count)
		FAILF("%zu NVS ranges listed, %zu under the kernel", pl->nvs_count, nvs);
	if (pl->kernel_staged && f->req.strict && nvs)
		FAILF("strict never stages over NVS");
	/* Where the BIOS path can put the EBDA, so does the plan; the F
	 * segment when the caller found it usable. Neither with boot services
	 * kept, nor under a kernel that covers the IVT and BDA. */
	bool low_free = !f->req.keep_boot_services && pl->kernel_addr >= BIOS_DATA_END;

	if (pl->ebda != (low_free && map_all(map, 0x9F000, 0xA0000, MEM_FREE) &&
			 (pl->kernel_addr >= 0xA0000 || kend <= 0x9F000)))
		FAILF("the EBDA is set up (%d) exactly when its page is free", pl->ebda);
	if (pl->fsegment != (low_free && f->req.fsegment))
		FAILF("the F segment is used (%d) exactly when the caller offers it", pl->fsegment);
#undef FAILF
}
