// SPDX-License-Identifier: BSD-2-Clause
#include "payload.h"

#include "bytes.h"
#include "fmt.h"

#define FLAGS_WE_FULFIL (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | \
			 MULTIBOOT_VIDEO_MODE)
/* Bits 0-15 of the header flags are requirements; 16-31 are optional. */
#define FLAGS_REQUIRED_MASK 0xffffu

/* An absolute pointer from the payload, as an offset into the blob. */
static bool blob_offset(const struct payload *p, uint32_t addr, uint32_t *off)
{
	if (addr < p->blob_addr || addr - p->blob_addr >= p->blob_size)
		return false;
	*off = addr - p->blob_addr;
	return true;
}

static int find_header(struct payload *p, const struct blob_source *src,
		       char *why, size_t size)
{
	uint8_t head[MULTIBOOT_SEARCH];
	uint32_t len = p->image_size < sizeof(head) ? p->image_size : sizeof(head);

	if (src->read(src->ctx, 0, head, len))
		return fmt_fail(why, size, "cannot read the kernel image from fw_cfg");
	if (!mbheader_find(head, len, &p->header))
		return fmt_fail(why, size,
			    "the -kernel image (%u bytes at 0x%x) has no Multiboot header with a valid checksum in its first %u bytes",
			    p->image_size, p->blob_addr, len);
	return 0;
}

static int check_requirements(const struct payload *p, char *why, size_t size)
{
	uint32_t unknown = p->header.flags & FLAGS_REQUIRED_MASK & ~FLAGS_WE_FULFIL;

	if (unknown)
		return fmt_fail(why, size,
			    "the kernel's Multiboot header (flags 0x%x) requires features 0x%x this loader does not know",
			    p->header.flags, unknown);
	return 0;
}

static int check_layout(struct payload *p, const struct payload_input *in,
			char *why, size_t size)
{
	const struct multiboot_info *mbi = &p->mbi;
	uint32_t first;

	if (!(mbi->flags & MULTIBOOT_INFO_MODS))
		return fmt_fail(why, size,
			    "QEMU's multiboot info has no module list (flags 0x%x): the fw_cfg payload is not QEMU's layout",
			    mbi->flags);
	if (!blob_offset(p, mbi->mods_addr, &first) || first % PAGE_SIZE)
		return fmt_fail(why, size,
			    "the module list at 0x%x is not a page boundary inside the payload 0x%x-0x%llx",
			    mbi->mods_addr, p->blob_addr,
			    (unsigned long long)p->blob_addr + p->blob_size);
	p->image_size = first;
	p->meta_offset = first;
	if (in->entry < p->blob_addr || in->entry - p->blob_addr >= p->image_size)
		return fmt_fail(why, size,
			    "the kernel entry 0x%x lies outside the kernel image 0x%x-0x%x",
			    in->entry, p->blob_addr, p->blob_addr + p->image_size);
	if (mbi->mods_count > PAYLOAD_MAX_MODULES)
		return fmt_fail(why, size, "%u modules is more than the %u this loader accepts",
			    mbi->mods_count, PAYLOAD_MAX_MODULES);
	uint32_t list_size = mbi->mods_count * sizeof(struct multiboot_mod_list);
	if (list_size > p->blob_size - first)
		return fmt_fail(why, size, "the list of %u modules runs past the end of the payload",
			    mbi->mods_count);
	return 0;
}

/* Modules follow the metadata, in order, inside the blob. */
static int check_modules(struct payload *p, const struct blob_source *src,
			 char *why, size_t size)
{
	uint32_t list_size = p->mbi.mods_count * sizeof(struct multiboot_mod_list);
	uint32_t floor = p->meta_offset + list_size;

	if (list_size && src->read(src->ctx, p->meta_offset, p->meta, list_size))
		return fmt_fail(why, size, "cannot read the module list from fw_cfg");
	p->mod_count = p->mbi.mods_count;
	for (uint32_t i = 0; i < p->mod_count; i++) {
		const uint8_t *entry = p->meta + i * sizeof(struct multiboot_mod_list);
		uint32_t start = get_le32(entry), end = get_le32(entry + 4);
		uint32_t start_off = start - p->blob_addr;

		/* An empty last module starts (and ends) at the payload's end. */
		if (end < start || start < p->blob_addr ||
		    end - p->blob_addr > p->blob_size)
			return fmt_fail(why, size,
				    "module %u (0x%x-0x%x) is not inside the payload 0x%x-0x%llx",
				    i, start, end, p->blob_addr,
				    (unsigned long long)p->blob_addr + p->blob_size);
		if (start_off < floor)
			return fmt_fail(why, size,
				    "module %u (0x%x-0x%x) overlaps the metadata or the module before it",
				    i, start, end);
		p->mods[i].offset = start_off;
		p->mods[i].size = end - start;
		floor = start_off + p->mods[i].size;
	}
	p->meta_size = (p->mod_count ? p->mods[0].offset : p->blob_size) -
		       p->meta_offset;
	if (p->meta_size > PAYLOAD_MAX_META)
		return fmt_fail(why, size,
			    "the payload's metadata is %u bytes, more than the %u this loader accepts",
			    p->meta_size, PAYLOAD_MAX_META);
	return 0;
}

/* A pointer to a NUL-terminated string inside the metadata. */
static int check_string(const struct payload *p, uint32_t addr, uint32_t *off,
			const char *what, char *why, size_t size)
{
	uint32_t blob_off;

	if (!blob_offset(p, addr, &blob_off) || blob_off < p->meta_offset ||
	    blob_off - p->meta_offset >= p->meta_size)
		return fmt_fail(why, size, "the %s at 0x%x is not inside the payload's metadata",
			    what, addr);
	*off = blob_off - p->meta_offset;
	for (uint32_t i = *off; i < p->meta_size; i++)
		if (!p->meta[i])
			return 0;
	return fmt_fail(why, size, "the %s at 0x%x is not NUL-terminated", what, addr);
}

static int check_strings(struct payload *p, const struct blob_source *src,
			 char *why, size_t size)
{
	uint32_t unused;

	if (src->read(src->ctx, p->meta_offset, p->meta, p->meta_size))
		return fmt_fail(why, size, "cannot read the payload's metadata from fw_cfg");
	p->has_cmdline = p->mbi.flags & MULTIBOOT_INFO_CMDLINE;
	if (p->has_cmdline &&
	    check_string(p, p->mbi.cmdline, &p->cmdline, "kernel command line", why, size))
		return -1;
	if ((p->mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) &&
	    check_string(p, p->mbi.boot_loader_name, &unused, "boot loader name", why, size))
		return -1;
	for (uint32_t i = 0; i < p->mod_count; i++) {
		const uint8_t *entry = p->meta + i * sizeof(struct multiboot_mod_list);
		char what[32];

		fmt_snprintf(what, sizeof(what), "module %u command line", i);
		if (check_string(p, get_le32(entry + 8), &p->mods[i].cmdline, what, why, size))
			return -1;
	}
	return 0;
}

int payload_load(struct payload *p, const struct payload_input *in,
		 const struct blob_source *src, uint8_t *meta,
		 char *why, size_t why_size)
{
	*p = (struct payload){
		.blob_addr = in->blob_addr,
		.blob_size = in->blob_size,
		.entry = in->entry,
		.mbi_addr = in->mbi_addr,
		.meta = meta,
	};
	if (!in->blob_size)
		return fmt_fail(why, why_size, "fw_cfg holds no kernel (no -kernel option?)");
	if ((uint64_t)in->blob_addr + in->blob_size > 1ull << 32)
		return fmt_fail(why, why_size, "the payload 0x%x+0x%x runs past 4 GiB",
			    in->blob_addr, in->blob_size);
	if (in->mbi_size != PAYLOAD_MBI_SIZE)
		return fmt_fail(why, why_size,
			    "fw_cfg's multiboot info is %u bytes, not QEMU's %u: the payload is not QEMU's multiboot layout",
			    in->mbi_size, PAYLOAD_MBI_SIZE);
	__builtin_memcpy(&p->mbi, in->mbi, PAYLOAD_MBI_SIZE);
	/* Until the layout is known, the header search may look at the whole blob. */
	p->image_size = in->blob_size;
	if (check_layout(p, in, why, why_size) ||
	    (in->header_known ? (p->header = in->header, 0)
			      : find_header(p, src, why, why_size)) ||
	    check_requirements(p, why, why_size) ||
	    check_modules(p, src, why, why_size) ||
	    check_strings(p, src, why, why_size))
		return -1;
	return 0;
}

const char *payload_string(const struct payload *p, uint32_t meta_offset)
{
	return (const char *)p->meta + meta_offset;
}

uint64_t payload_total_bytes(const struct payload *p)
{
	uint64_t total = p->image_size;

	for (uint32_t i = 0; i < p->mod_count; i++)
		total += p->mods[i].size;
	return total;
}
