// SPDX-License-Identifier: BSD-2-Clause
#include "plan.h"

#include "fmt.h"
#include "sort.h"

/* The first piece already placed that overlaps [start, start + size). */
static const struct byte_range *overlap(const struct plan *pl, uint64_t start,
					uint64_t size)
{
	for (size_t i = 0; i < pl->taken_count; i++) {
		const struct byte_range *t = &pl->taken[i];

		if (start < t->end && t->start < start + size)
			return t;
	}
	return NULL;
}

/* Whether a piece can go to [start, start + size): free pages, nothing placed. */
static bool fits_at(const struct plan *pl, const struct mem_map *map,
		    uint64_t start, uint64_t size)
{
	return start + size <= FOUR_GIB &&
	       memmap_all_kind(map, page_round_down(start), page_round_up(start + size), MEM_FREE) &&
	       !overlap(pl, start, size);
}

static void take(struct plan *pl, uint64_t start, uint64_t size, bool allocate)
{
	if (!size)
		return;
	pl->taken[pl->taken_count++] = (struct byte_range){ start, start + size };
	if (allocate)
		pl->allocs[pl->alloc_count++] = (struct page_range){
			page_round_down(start),
			(page_round_up(start + size) - page_round_down(start)) / PAGE_SIZE,
		};
}

/* The lowest page-aligned free range of size bytes at or above floor. */
static bool find_low(const struct plan *pl, const struct mem_map *map,
		     uint64_t size, uint64_t floor, uint64_t *out)
{
	for (size_t i = 0; i < map->count; i++) {
		const struct mem_range *r = &map->ranges[i];
		uint64_t top = r->end < FOUR_GIB ? r->end : FOUR_GIB;
		uint64_t at = page_round_up(r->start > floor ? r->start : floor);

		if (r->kind != MEM_FREE)
			continue;
		while (at < top && size <= top - at) {
			const struct byte_range *t = overlap(pl, at, size);

			if (!t) {
				*out = at;
				return true;
			}
			at = page_round_up(t->end);
		}
	}
	return false;
}

/* The highest page-aligned free range of size bytes below 4 GiB. */
static bool find_high(const struct plan *pl, const struct mem_map *map,
		      uint64_t size, uint64_t *out)
{
	for (size_t i = map->count; i--;) {
		const struct mem_range *r = &map->ranges[i];
		uint64_t top = r->end < FOUR_GIB ? r->end : FOUR_GIB;
		uint64_t bottom = page_round_up(r->start);

		if (r->kind != MEM_FREE || top < bottom || top - bottom < size)
			continue;
		uint64_t at = page_round_down(top - size);
		while (at >= bottom) {
			const struct byte_range *t = overlap(pl, at, size);

			if (!t) {
				*out = at;
				return true;
			}
			if (t->start < bottom + size)
				break;
			at = page_round_down(t->start - size);
		}
	}
	return false;
}

/*
 * The kernel image's range: free (loaded in place), free after
 * ExitBootServices or ACPI NVS (staged), anything else refused.
 */
static int plan_kernel(struct plan *pl, const struct plan_request *req,
		       char *why, size_t size)
{
	const struct payload *p = req->payload;
	uint64_t start = p->blob_addr, end = start + p->image_size;
	bool all_free = true;

	pl->kernel_addr = start;
	pl->kernel_size = p->image_size;
	for (uint64_t at = start; at < end;) {
		uint64_t gap_end;
		const struct mem_range *r = memmap_find(req->map, at, &gap_end);

		if (!r)
			return fmt_fail(why, size,
				    "the kernel image 0x%llx-0x%llx needs RAM at 0x%llx-0x%llx, where the machine has none",
				    (unsigned long long)start, (unsigned long long)end,
				    (unsigned long long)at,
				    (unsigned long long)(gap_end < end ? gap_end : end));
		uint64_t part_end = r->end < end ? r->end : end;

		switch (r->kind) {
		case MEM_FREE:
			break;
		case MEM_BOOT:
			all_free = false;
			break;
		case MEM_ACPI_NVS:
			if (req->strict)
				return fmt_fail(why, size,
					    "the kernel image 0x%llx-0x%llx covers ACPI NVS memory 0x%llx-0x%llx (refused: --strict)",
					    (unsigned long long)start, (unsigned long long)end,
					    (unsigned long long)r->start, (unsigned long long)r->end);
			if (pl->nvs_count == PLAN_MAX_NVS)
				return fmt_fail(why, size,
					    "the kernel image 0x%llx-0x%llx covers more than %u ACPI NVS ranges",
					    (unsigned long long)start, (unsigned long long)end,
					    PLAN_MAX_NVS);
			pl->nvs[pl->nvs_count++] = (struct byte_range){ r->start, r->end };
			all_free = false;
			break;
		default:
			return fmt_fail(why, size,
				    "the kernel image 0x%llx-0x%llx covers %s memory 0x%llx-0x%llx",
				    (unsigned long long)start, (unsigned long long)end,
				    memmap_kind_name(r->kind),
				    (unsigned long long)r->start, (unsigned long long)r->end);
		}
		at = part_end;
	}
	if (!all_free && req->keep_boot_services)
		return fmt_fail(why, size,
			    "the kernel image 0x%llx-0x%llx is not all free memory now, and its EFI entry keeps boot services up (nothing could copy it into place later)",
			    (unsigned long long)start, (unsigned long long)end);
	pl->kernel_staged = !all_free;
	take(pl, start, p->image_size, all_free);
	return 0;
}

/* Place a piece at its BIOS-path address if it can stay there. */
static bool place_at_home(struct plan *pl, const struct mem_map *map,
			  uint64_t home, uint64_t size, bool aligned,
			  uint64_t *addr)
{
	if (!size || (fits_at(pl, map, home, size) && (!aligned || home % PAGE_SIZE == 0))) {
		*addr = home;
		take(pl, home, size, true);
		return true;
	}
	return false;
}

/* Move a piece to the lowest free pages above the kernel (else above 1 MiB). */
static int relocate(struct plan *pl, const struct plan_request *req,
		    uint64_t size, uint64_t *addr, const char *what,
		    char *why, size_t why_size)
{
	uint64_t kernel_end = pl->kernel_addr + pl->kernel_size;

	if (!find_low(pl, req->map, size, kernel_end, addr) &&
	    !find_low(pl, req->map, size, LOW_MEMORY_END, addr))
		return fmt_fail(why, why_size,
			    "%s (%llu bytes) does not fit in free memory below 4 GiB",
			    what, (unsigned long long)size);
	take(pl, *addr, size, true);
	return 0;
}

_Static_assert(sizeof(struct page_range) <= SORT_MAX_ELEMENT, "sortable");

static uint64_t page_range_start(const void *range)
{
	return ((const struct page_range *)range)->start;
}

static void sort_and_merge_allocs(struct plan *pl)
{
	struct page_range *a = pl->allocs;
	size_t n = pl->alloc_count, out = 0;

	sort_by_key(a, n, sizeof(*a), page_range_start);
	for (size_t i = 0; i < n; i++) {
		uint64_t end = a[i].start + a[i].pages * PAGE_SIZE;

		if (out && a[i].start <= a[out - 1].start + a[out - 1].pages * PAGE_SIZE) {
			uint64_t last_end = a[out - 1].start + a[out - 1].pages * PAGE_SIZE;

			if (end > last_end)
				a[out - 1].pages = (end - a[out - 1].start) / PAGE_SIZE;
		} else {
			a[out++] = a[i];
		}
	}
	pl->alloc_count = out;
}

/* Module indices by decreasing size: big modules first have the most room. */
static void largest_first(const struct payload *p, uint32_t *order)
{
	for (uint32_t i = 0; i < p->mod_count; i++) {
		uint32_t j = i;

		for (; j && p->mods[order[j - 1]].size < p->mods[i].size; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

/*
 * One placement attempt. With modules_home, modules stay at their QEMU
 * addresses where free and only the others move; without, all move,
 * largest first (a module kept at home can split the free memory another
 * needs).
 */
static int plan_attempt(struct plan *pl, const struct plan_request *req,
			bool modules_home, char *why, size_t size)
{
	const struct payload *p = req->payload;
	const struct mem_map *map = req->map;
	bool aligned = p->header.flags & MULTIBOOT_PAGE_ALIGN;
	uint64_t mmap_bytes = (uint64_t)req->mmap_entries * sizeof(struct multiboot_mmap_entry);
	bool meta_home, mbi_home, mmap_home;
	bool *mod_home = pl->mod_home;
	uint32_t *order = pl->order;

	*pl = (struct plan){ .mmap_capacity = req->mmap_entries };
	if (plan_kernel(pl, req, why, size))
		return -1;

	/* The EBDA, the F segment, and with them the BDA and the real-mode
	 * IVT written at hand-off, only where the kernel image does not lie. */
	uint64_t ebda_page = page_round_down(EBDA_ADDR);
	bool bios_data_free = !req->keep_boot_services && !overlap(pl, 0, BIOS_DATA_END);

	pl->ebda = bios_data_free &&
		   fits_at(pl, map, ebda_page, page_round_up(EBDA_ADDR + EBDA_SIZE) - ebda_page);
	pl->fsegment = bios_data_free && req->fsegment;
	if (pl->ebda)
		take(pl, ebda_page, page_round_up(EBDA_ADDR + EBDA_SIZE) - ebda_page, true);
	/* Written at hand-off, so no piece may lie there; page 0 itself is
	 * not allocated (firmware may keep it unmapped). */
	if (pl->ebda || pl->fsegment)
		take(pl, 0, BIOS_DATA_END, false);

	/* First every piece at home, so that no relocation takes a home. */
	meta_home = place_at_home(pl, map, p->blob_addr + p->meta_offset,
				  p->meta_size, false, &pl->meta_addr);
	for (uint32_t i = 0; i < p->mod_count; i++)
		mod_home[i] = modules_home &&
			      place_at_home(pl, map, p->blob_addr + p->mods[i].offset,
					    p->mods[i].size, aligned, &pl->mod_addr[i]);
	mbi_home = place_at_home(pl, map, p->mbi_addr, req->mbi_size, false,
				 &pl->mbi_addr);
	mmap_home = (p->mbi.flags & MULTIBOOT_INFO_MEM_MAP) &&
		    place_at_home(pl, map, p->mbi.mmap_addr, mmap_bytes, false,
				  &pl->mmap_addr);

	if (!meta_home &&
	    relocate(pl, req, p->meta_size, &pl->meta_addr, "the module list and command lines", why, size))
		return -1;
	largest_first(p, order);
	for (uint32_t k = 0; k < p->mod_count; k++) {
		uint32_t i = modules_home ? k : order[k];
		char what[24];

		fmt_snprintf(what, sizeof(what), "module %u", i);
		if (!mod_home[i] &&
		    relocate(pl, req, p->mods[i].size, &pl->mod_addr[i], what, why, size))
			return -1;
	}
	if (!mbi_home &&
	    relocate(pl, req, req->mbi_size, &pl->mbi_addr, "the multiboot info", why, size))
		return -1;
	if (!mmap_home &&
	    relocate(pl, req, mmap_bytes, &pl->mmap_addr, "the memory map", why, size))
		return -1;

	/* What only the loader uses goes high, out of the kernel's way. */
	if (pl->kernel_staged) {
		if (!find_high(pl, map, pl->kernel_size, &pl->staging_addr))
			return fmt_fail(why, size,
				    "no free memory below 4 GiB to stage the %llu-byte kernel image",
				    (unsigned long long)pl->kernel_size);
		take(pl, pl->staging_addr, pl->kernel_size, true);
	}
	if (!find_high(pl, map, req->handoff_size, &pl->handoff_addr))
		return fmt_fail(why, size, "no free page below 4 GiB for the hand-off code");
	take(pl, pl->handoff_addr, req->handoff_size, true);

	sort_and_merge_allocs(pl);
	return 0;
}

int plan_make(struct plan *pl, const struct plan_request *req,
	      char *why, size_t size)
{
	/* The BIOS-path layout first; if it leaves no room, pack instead. */
	if (!plan_attempt(pl, req, true, why, size))
		return 0;
	return req->payload->mod_count ? plan_attempt(pl, req, false, why, size) : -1;
}

int plan_check_final(const struct plan *pl, const struct mem_map *final,
		     bool strict, char *why, size_t size)
{
	uint64_t end = pl->kernel_addr + pl->kernel_size;

	for (uint64_t at = pl->kernel_addr; at < end;) {
		uint64_t gap_end;
		const struct mem_range *r = memmap_find(final, at, &gap_end);

		if (!r)
			return fmt_fail(why, size, "the memory at 0x%llx under the kernel image disappeared from the firmware's map",
				    (unsigned long long)at);
		if (r->kind != MEM_FREE && r->kind != MEM_BOOT &&
		    (r->kind != MEM_ACPI_NVS || strict))
			return fmt_fail(why, size,
				    "the firmware allocated %s memory 0x%llx-0x%llx under the kernel image after planning",
				    memmap_kind_name(r->kind),
				    (unsigned long long)r->start, (unsigned long long)r->end);
		at = r->end;
	}
	return 0;
}
