// SPDX-License-Identifier: BSD-2-Clause
#include "mb1.h"

#include <multiboot/multiboot.h>

#include "../loader/bytes.h"
#include "../loader/mbi.h"

static uint32_t mb1_info_size(void *ctx, uint32_t mmap_entries, size_t efi_map_size)
{
	const struct mb1_boot *b = ctx;

	/* The map has a place of its own (plan->mmap_addr): only the MBI and the name. */
	(void)mmap_entries;
	(void)efi_map_size;
	return (uint32_t)(MBI_SIZE + string_size(b->loader_name));
}

static void mb1_write_before_exit(void *ctx, const struct plan *plan,
				  const struct framebuffer *fb)
{
	struct mb1_boot *b = ctx;

	b->plan = plan;
	if (fb) {
		b->fb_copy = *fb;
		b->fb = &b->fb_copy;
	}
}

/* The whole MBI, once the map is final: QEMU's MBI, the map, the framebuffer. */
static int mb1_write_at_exit(void *ctx, const struct efi_map *map,
			     const struct multiboot_mmap_entry *mmap, uint32_t count,
			     char *why, size_t why_size)
{
	const struct mb1_boot *b = ctx;
	const struct plan *pl = b->plan;

	(void)map;
	(void)why;
	(void)why_size;
	mbi_write(b->payload, pl, mmap, count, b->loader_name, (void *)(uintptr_t)pl->mbi_addr);
	if (b->fb)
		mbi_set_framebuffer((void *)(uintptr_t)pl->mbi_addr, b->fb);
	return 0;
}

void mb1_protocol(struct protocol *proto, struct mb1_boot *b, const struct payload *payload,
		  const char *loader_name)
{
	*b = (struct mb1_boot){ .payload = payload, .loader_name = loader_name };
	*proto = (struct protocol){
		.name = "Multiboot",
		.magic = MULTIBOOT_BOOTLOADER_MAGIC,
		.entry = payload->entry,
		.info_size = mb1_info_size,
		.write_before_exit = mb1_write_before_exit,
		.write_at_exit = mb1_write_at_exit,
		.ctx = b,
	};
}
