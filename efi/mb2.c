// SPDX-License-Identifier: BSD-2-Clause
#include "mb2.h"

#include "../loader/mb2place.h"
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

EFI_STATUS mb2_boot_prepare(struct mb2_boot *b, EFI_HANDLE image, const struct options *opt,
			    struct source *src, struct payload *p, uint8_t *meta,
			    const struct plan *plan, const struct mem_map *map,
			    const char *loader_name, char *why, size_t why_size)
{
	const struct kernel_file *k = source_kernel(src);
	const struct mb2_header *h = &k->mb2_header;

	*b = (struct mb2_boot){ .kernel = k };
	warn_missing(h);
	if (h->relocatable) {
		uint32_t base, link = k->link_addr;
		EFI_STATUS status;

		if (mb2_pick_base(map, h, k->image_size, &base, why, why_size))
			return EFI_LOAD_ERROR;
		status = source_relocate(src, base, p, meta, loader_name, why, why_size);
		if (EFI_ERROR(status))
			return status;
		con_info("relocatable kernel linked at 0x%x: loading it at 0x%x", link, base);
	}
	b->keep_boot_services = h->efi_boot_services &&
				(EFI64 ? h->has_efi64_entry : h->has_efi32_entry);
	b->efi_entry = EFI64 ? h->efi64_entry : h->efi32_entry;
	b->smbios_size = smbios_find(b->smbios);
	b->rsdp_size = opt->no_rsdp ? 0 : acpi_find_rsdp(b->rsdp);

	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);

	b->info = (struct mb2_info_input){
		.payload = p,
		.plan = plan,
		.loader_name = loader_name,
		.kernel = k,
		.file = file,
		.file_size = file_size,
		.efi64 = EFI64,
		.system_table = (uintptr_t)system_table,
		.image_handle = (uintptr_t)image,
		.rsdp = b->rsdp,
		.rsdp_size = (uint32_t)b->rsdp_size,
		.smbios = b->smbios,
		.smbios_size = (uint32_t)b->smbios_size,
		.boot_services_kept = b->keep_boot_services,
	};
	return EFI_SUCCESS;
}

uint32_t mb2_boot_info_size(struct mb2_boot *b, uint32_t mmap_entries, size_t efi_map_size)
{
	/* Room for a framebuffer tag, whether or not one comes. */
	struct framebuffer any_fb = { .type = MULTIBOOT_FRAMEBUFFER_TYPE_RGB };
	struct mb2_info_input sizing = b->info;

	sizing.fb = &any_fb;
	b->capacity = (uint32_t)(mb2_info_static_size(&sizing) +
				 mb2_info_final_bound(mmap_entries, efi_map_size));
	return b->capacity;
}

void mb2_boot_write_static(struct mb2_boot *b, const struct plan *plan,
			   const struct framebuffer *fb)
{
	b->info.fb = fb;
	b->mbi_addr = plan->mbi_addr;
	b->static_size = mb2_info_write_static((void *)(uintptr_t)b->mbi_addr, b->mbi_addr,
					       &b->info);
}

int mb2_boot_write_final(void *ctx, const struct efi_map *map,
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
