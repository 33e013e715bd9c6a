// SPDX-License-Identifier: BSD-2-Clause
#include "mb2.h"

#include "console.h"
#include "firmware.h"

#ifdef __x86_64__
#define EFI64 true
#else
#define EFI64 false
#endif

/* Information tags no UEFI loader can give, or not at this word size. */
#define MB2_NEVER_GIVEN ((1u << MB2_TAG_BOOTDEV) | (1u << MB2_TAG_VBE) | (1u << MB2_TAG_APM) | \
			 (1u << MB2_TAG_NETWORK) | \
			 (EFI64 ? (1u << MB2_TAG_EFI32) | (1u << MB2_TAG_EFI32_IH) \
				: (1u << MB2_TAG_EFI64) | (1u << MB2_TAG_EFI64_IH)))

static void warn_missing(const struct mb2_header *h)
{
	uint32_t missing = h->requested & MB2_NEVER_GIVEN;

	for (uint32_t type = 0; type < MB2_TAG_TYPES; type++)
		if (missing & (1u << type))
			con_warn("the kernel %s the Multiboot 2 %s tag, which this loader cannot give: left out",
				 h->required & (1u << type) ? "requires" : "asks for",
				 mb2_info_tag_name(type));
}

static uint32_t mb2_info_size(void *ctx, uint32_t mmap_entries, size_t efi_map_size)
{
	struct mb2_boot *b = ctx;
	/* Room for a framebuffer tag, whether or not one comes. */
	struct framebuffer any_fb = { .type = MULTIBOOT_FRAMEBUFFER_TYPE_RGB };
	struct mb2_info_input sizing = b->info;

	sizing.fb = &any_fb;
	b->capacity = (uint32_t)(mb2_info_static_size(&sizing) +
				 mb2_info_final_bound(mmap_entries, efi_map_size));
	return b->capacity;
}

static void mb2_write_before_exit(void *ctx, const struct plan *plan,
				  const struct framebuffer *fb)
{
	struct mb2_boot *b = ctx;

	if (fb) {
		b->fb = *fb;
		b->info.fb = &b->fb;
	}
	b->info.plan = plan;
	b->mbi_addr = plan->mbi_addr;
	b->static_size = mb2_info_write_static((void *)(uintptr_t)b->mbi_addr, b->mbi_addr,
					       &b->info);
}

/* The maps and the end tag (exit.h: a write_info_fn). */
static int mb2_write_at_exit(void *ctx, const struct efi_map *map,
			     const struct multiboot_mmap_entry *mmap, uint32_t count,
			     char *why, size_t why_size)
{
	const struct mb2_boot *b = ctx;
	struct mb2_final_maps maps = {
		.mmap = mmap,
		.mmap_count = count,
		.efi_map = map->buffer,
		.efi_map_size = map->size,
		.efi_desc_size = (uint32_t)map->desc_size,
		.efi_desc_version = map->desc_version,
	};

	return mb2_info_finish((void *)(uintptr_t)b->mbi_addr, b->static_size, b->capacity,
			       &maps, why, why_size) < 0 ? -1 : 0;
}

void mb2_protocol(struct protocol *proto, struct mb2_boot *b, EFI_HANDLE image,
		  const struct options *opt, const struct source *src)
{
	const struct kernel_file *k = source_kernel(src);
	const struct mb2_header *h = &k->mb2_header;
	bool efi_entry = h->efi_boot_services &&
			 (EFI64 ? h->has_efi64_entry : h->has_efi32_entry);
	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);

	*b = (struct mb2_boot){ 0 };
	warn_missing(h);
	b->info = (struct mb2_info_input){
		.payload = src->payload,
		.loader_name = src->loader_name,
		.kernel = k,
		.file = file,
		.file_size = file_size,
		.efi64 = EFI64,
		.system_table = (uintptr_t)system_table,
		.image_handle = (uintptr_t)image,
		.rsdp = b->rsdp,
		.rsdp_size = (uint32_t)(opt->no_rsdp ? 0 : acpi_find_rsdp(b->rsdp)),
		.smbios = b->smbios,
		.smbios_size = (uint32_t)smbios_find(b->smbios),
		.boot_services_kept = efi_entry,
	};
	*proto = (struct protocol){
		.name = "Multiboot 2",
		.magic = MB2_BOOTLOADER_MAGIC,
		.entry = efi_entry ? (EFI64 ? h->efi64_entry : h->efi32_entry)
				   : src->payload->entry,
		.keep_boot_services = efi_entry,
		.info_size = mb2_info_size,
		.write_before_exit = mb2_write_before_exit,
		.write_at_exit = mb2_write_at_exit,
		.ctx = b,
	};
}
