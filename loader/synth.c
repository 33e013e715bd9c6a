// SPDX-License-Identifier: BSD-2-Clause
#include "synth.h"

#include <multiboot/multiboot.h>

#include "bytes.h"
#include "fmt.h"

int synth_build(struct synth *s, const struct kernel_file *k, const char *cmdline,
		const struct synth_module *mods, uint32_t count, const char *loader_name,
		uint8_t *meta, char *why, size_t why_size)
{
	uint64_t strings = string_size(cmdline) + string_size(loader_name);

	*s = (struct synth){ .kernel = k, .meta = meta, .mod_count = count };
	if (count > PAYLOAD_MAX_MODULES)
		return fmt_fail(why, why_size, "%u modules is more than the %u this loader accepts",
				count, PAYLOAD_MAX_MODULES);
	for (uint32_t i = 0; i < count; i++)
		strings += string_size(mods[i].cmdline);
	uint64_t list_size = (uint64_t)count * sizeof(struct multiboot_mod_list);
	uint64_t meta_size = page_round_up(list_size + strings);

	if (meta_size > PAYLOAD_MAX_META)
		return fmt_fail(why, why_size, "the command lines take %llu bytes, more than %u",
				(unsigned long long)(list_size + strings), PAYLOAD_MAX_META);
	uint64_t image_size = page_round_up(k->image_size);

	s->meta_size = (uint32_t)meta_size;

	/* Module offsets, as QEMU places them: page-aligned, in order. The
	 * whole blob must lie below 4 GiB, its size fitting 32 bits. */
	uint64_t end = image_size + meta_size;
	for (uint32_t i = 0; i <= count; i++) {
		if ((uint64_t)k->load_addr + end > FOUR_GIB || end >= FOUR_GIB)
			return fmt_fail(why, why_size,
					"the kernel at 0x%x, its command lines and modules do not fit below 4 GiB",
					k->load_addr);
		if (i == count)
			break;
		s->mod_offset[i] = (uint32_t)end;
		s->mod_size[i] = mods[i].size;
		end = page_round_up(end + mods[i].size);
	}

	s->image_size = (uint32_t)image_size;

	/* The metadata: module list, module strings, kernel line, loader name. */
	uint32_t base = k->load_addr + s->image_size;
	size_t at = list_size;

	__builtin_memset(meta, 0, meta_size);
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *entry = meta + i * sizeof(struct multiboot_mod_list);

		put_le32(entry, k->load_addr + s->mod_offset[i]);
		put_le32(entry + 4, k->load_addr + s->mod_offset[i] + mods[i].size);
		put_le32(entry + 8, base + (uint32_t)at);
		__builtin_memcpy(meta + at, mods[i].cmdline, string_size(mods[i].cmdline));
		at += string_size(mods[i].cmdline);
	}
	uint32_t cmdline_addr = base + (uint32_t)at;

	__builtin_memcpy(meta + at, cmdline, string_size(cmdline));
	at += string_size(cmdline);
	uint32_t name_addr = base + (uint32_t)at;

	__builtin_memcpy(meta + at, loader_name, string_size(loader_name));

	struct multiboot_info mbi = {
		.flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_BOOTDEV | MULTIBOOT_INFO_CMDLINE |
			 MULTIBOOT_INFO_MODS | MULTIBOOT_INFO_MEM_MAP |
			 MULTIBOOT_INFO_BOOT_LOADER_NAME,
		.boot_device = QEMU_BOOT_DEVICE,
		.cmdline = cmdline_addr,
		.mods_count = count,
		.mods_addr = base,
		.mmap_addr = QEMU_MMAP_ADDR,
		.boot_loader_name = name_addr,
	};
	__builtin_memcpy(s->mbi, &mbi, PAYLOAD_MBI_SIZE);
	s->input = (struct payload_input){
		.blob_addr = k->load_addr,
		.blob_size = (uint32_t)end,
		.entry = k->entry,
		.mbi_addr = QEMU_MBI_ADDR,
		.mbi_size = PAYLOAD_MBI_SIZE,
		.mbi = s->mbi,
		.header_known = true,
		.header = k->header,
	};
	return 0;
}

int synth_read(const struct synth *s, const struct synth_readers *r,
	       uint32_t offset, void *dest, uint32_t len)
{
	uint8_t *out = dest;

	while (len) {
		uint32_t part_end, n;

		if (offset < s->image_size) {
			part_end = s->image_size;
			n = part_end - offset < len ? part_end - offset : len;
			r->image(r->ctx, offset, out, n);
		} else if (offset < s->image_size + s->meta_size) {
			part_end = s->image_size + s->meta_size;
			n = part_end - offset < len ? part_end - offset : len;
			__builtin_memcpy(out, s->meta + (offset - s->image_size), n);
		} else {
			/* A module, or the padding after one. */
			uint32_t i = 0;

			while (i + 1 < s->mod_count && s->mod_offset[i + 1] <= offset)
				i++;
			if (!s->mod_count || offset < s->mod_offset[i])
				return -1;
			uint32_t mod_end = s->mod_offset[i] + s->mod_size[i];

			if (offset < mod_end) {
				n = mod_end - offset < len ? mod_end - offset : len;
				if (r->module(r->ctx, i, offset - s->mod_offset[i], out, n))
					return -1;
			} else {
				part_end = (uint32_t)page_round_up(mod_end);
				if (offset >= part_end)
					return -1;
				n = part_end - offset < len ? part_end - offset : len;
				__builtin_memset(out, 0, n);
			}
		}
		out += n;
		offset += n;
		len -= n;
	}
	return 0;
}
