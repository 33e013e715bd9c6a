// SPDX-License-Identifier: BSD-2-Clause
#include "mbi.h"

#include "bytes.h"
#include "fmt.h"

/* Room for the ranges our own painting and late firmware allocations add. */
#define MMAP_SLACK 8
#define LOW_MEMORY_KIB 640

uint32_t mbi_mmap_bound(const struct mem_map *map)
{
	uint32_t runs = 0;

	for (size_t i = 0; i < map->count; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (!i || r->start != r[-1].end ||
		    memmap_multiboot_type(r->kind) != memmap_multiboot_type(r[-1].kind))
			runs++;
	}
	return runs + MMAP_SLACK;
}

void mbi_write_meta(const struct payload *p, const struct plan *plan,
		    void *meta_out)
{
	uint8_t *out = meta_out;

	__builtin_memcpy(out, p->meta, p->meta_size);
	for (uint32_t i = 0; i < p->mod_count; i++) {
		uint8_t *entry = out + i * sizeof(struct multiboot_mod_list);

		put_le32(entry, plan->mod_addr[i]);
		put_le32(entry + 4, plan->mod_addr[i] + p->mods[i].size);
		put_le32(entry + 8, plan->meta_addr + p->mods[i].cmdline);
		put_le32(entry + 12, 0);
	}
}

/* Give [start, end) the kind, splitting what it covers. */
static int paint(struct mem_map *map, uint64_t start, uint64_t end,
		 enum mem_kind kind)
{
	struct mem_range *r = map->ranges;
	size_t at = 0;

	if (map->count + 1 > map->capacity)
		return -1;
	for (size_t i = 0; i < map->count; i++) {
		if (r[i].end <= start) {
			at = i + 1;
			continue;
		}
		if (r[i].start >= end)
			break;
		if (r[i].start < start && r[i].end > end) {
			if (map->count + 2 > map->capacity)
				return -1;
			/* Split in two around the painted range. */
			for (size_t j = map->count; j > i + 1; j--)
				r[j] = r[j - 1];
			r[i + 1] = (struct mem_range){ end, r[i].end, r[i].kind };
			r[i].end = start;
			map->count++;
			at = i + 1;
			break;
		}
		if (r[i].start < start) {
			r[i].end = start;
			at = i + 1;
		} else if (r[i].end > end) {
			r[i].start = end;
			break;
		} else {
			for (size_t j = i; j + 1 < map->count; j++)
				r[j] = r[j + 1];
			map->count--;
			i--;
		}
	}
	for (size_t j = map->count; j > at; j--)
		r[j] = r[j - 1];
	r[at] = (struct mem_range){ start, end, kind };
	map->count++;
	return 0;
}

int mbi_build_mmap(const struct plan *plan, struct mem_map *final,
		   struct multiboot_mmap_entry *out, uint32_t capacity,
		   char *why, size_t why_size)
{
	uint32_t n = 0;

	/* The kernel owns its range now, ACPI NVS it covered included. */
	if (paint(final, plan->kernel_addr, plan->kernel_addr + plan->kernel_size, MEM_FREE) ||
	    (plan->ebda && paint(final, EBDA_ADDR, EBDA_ADDR + EBDA_SIZE, MEM_RESERVED)) ||
	    (plan->fsegment && paint(final, FSEGMENT_START, FSEGMENT_END, MEM_RESERVED)))
		return fmt_fail(why, why_size, "no room to edit the memory map");
	for (size_t i = 0; i < final->count; i++) {
		const struct mem_range *r = &final->ranges[i];
		uint32_t type = memmap_multiboot_type(r->kind);

		if (n && out[n - 1].type == type &&
		    out[n - 1].addr + out[n - 1].len == r->start) {
			out[n - 1].len += r->end - r->start;
			continue;
		}
		if (n == capacity)
			return fmt_fail(why, why_size,
					"the memory map needs more than the %u entries reserved for it",
					capacity);
		out[n++] = (struct multiboot_mmap_entry){
			.size = sizeof(struct multiboot_mmap_entry) - sizeof(uint32_t),
			.addr = r->start,
			.len = r->end - r->start,
			.type = type,
		};
	}
	return (int)n;
}

/* KiB of available memory contiguous from base. */
static uint64_t available_from(const struct multiboot_mmap_entry *mmap,
			       uint32_t count, uint64_t base)
{
	uint64_t at = base;

	for (uint32_t i = 0; i < count; i++) {
		const struct multiboot_mmap_entry *e = &mmap[i];

		if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= at &&
		    e->addr + e->len > at)
			at = e->addr + e->len;
	}
	return (at - base) / 1024;
}

uint32_t mbi_mem_lower(const struct multiboot_mmap_entry *mmap, uint32_t count)
{
	uint64_t kib = available_from(mmap, count, 0);

	return kib > LOW_MEMORY_KIB ? LOW_MEMORY_KIB : (uint32_t)kib;
}

uint32_t mbi_mem_upper(const struct multiboot_mmap_entry *mmap, uint32_t count)
{
	uint64_t kib = available_from(mmap, count, LOW_MEMORY_END);

	return kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}

void mbi_write(const struct payload *p, const struct plan *plan,
	       const struct multiboot_mmap_entry *mmap, uint32_t mmap_count,
	       const char *loader_name, void *mbi_out)
{
	struct multiboot_info mbi = p->mbi;
	char *name_out = (char *)mbi_out + MBI_SIZE;

	mbi.flags |= MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP |
		     MULTIBOOT_INFO_BOOT_LOADER_NAME;
	mbi.mem_lower = mbi_mem_lower(mmap, mmap_count);
	mbi.mem_upper = mbi_mem_upper(mmap, mmap_count);
	if (p->has_cmdline)
		mbi.cmdline = plan->meta_addr + p->cmdline;
	mbi.mods_addr = plan->meta_addr;
	mbi.mmap_addr = plan->mmap_addr;
	mbi.mmap_length = mmap_count * sizeof(struct multiboot_mmap_entry);
	mbi.boot_loader_name = plan->mbi_addr + MBI_SIZE;
	__builtin_memcpy(mbi_out, &mbi, MBI_SIZE);
	for (size_t i = 0;; i++) {
		name_out[i] = loader_name[i];
		if (!loader_name[i])
			break;
	}
}

void mbi_set_framebuffer(void *mbi_out, const struct framebuffer *fb)
{
	struct multiboot_info mbi;

	__builtin_memcpy(&mbi, mbi_out, MBI_SIZE);
	mbi.flags |= MULTIBOOT_INFO_FRAMEBUFFER_INFO;
	mbi.framebuffer_addr = fb->addr;
	mbi.framebuffer_pitch = fb->pitch;
	mbi.framebuffer_width = fb->width;
	mbi.framebuffer_height = fb->height;
	mbi.framebuffer_bpp = fb->bpp;
	mbi.framebuffer_type = fb->type;
	mbi.framebuffer_red_field_position = fb->red_pos;
	mbi.framebuffer_red_mask_size = fb->red_size;
	mbi.framebuffer_green_field_position = fb->green_pos;
	mbi.framebuffer_green_mask_size = fb->green_size;
	mbi.framebuffer_blue_field_position = fb->blue_pos;
	mbi.framebuffer_blue_mask_size = fb->blue_size;
	__builtin_memcpy(mbi_out, &mbi, MBI_SIZE);
}
