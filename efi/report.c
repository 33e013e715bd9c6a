// SPDX-License-Identifier: BSD-2-Clause
#include "report.h"

#include <stdarg.h>

#include "../loader/fmt.h"
#include "../loader/sha256.h"
#include "console.h"
#include "timer.h"

void report_map(const struct mem_map *map)
{
	for (size_t i = 0; i < map->count; i++)
		con_detail("map 0x%llx-0x%llx %s", (unsigned long long)map->ranges[i].start,
			   (unsigned long long)map->ranges[i].end,
			   memmap_kind_name(map->ranges[i].kind));
}

void report_plan(const struct payload *p, const struct plan *pl, const struct source *src,
		 uint32_t entry)
{
	for (size_t i = 0; i < pl->alloc_count; i++)
		con_detail("allocate 0x%llx-0x%llx", (unsigned long long)pl->allocs[i].start,
			   (unsigned long long)(pl->allocs[i].start + pl->allocs[i].pages * PAGE_SIZE));
	con_info("kernel 0x%llx-0x%llx, entry 0x%x, %s",
		 (unsigned long long)pl->kernel_addr,
		 (unsigned long long)(pl->kernel_addr + pl->kernel_size), entry,
		 pl->kernel_staged ? "staged, copied into place at hand-off"
				   : "loaded in place");
	for (size_t i = 0; i < pl->nvs_count; i++)
		con_warn("the kernel image overwrites ACPI NVS 0x%llx-0x%llx (firmware S3 state; --strict refuses)",
			 (unsigned long long)pl->nvs[i].start,
			 (unsigned long long)pl->nvs[i].end);
	for (uint32_t i = 0; i < p->mod_count; i++) {
		uint64_t home = p->blob_addr + p->mods[i].offset;

		con_info("module %u 0x%llx-0x%llx (%u bytes) \"%s\"%s", i,
			 (unsigned long long)pl->mod_addr[i],
			 (unsigned long long)(pl->mod_addr[i] + p->mods[i].size),
			 p->mods[i].size, payload_string(p, p->mods[i].cmdline),
			 pl->mod_addr[i] != home ? " (moved: its QEMU address is not free)" : "");
	}
	con_info("multiboot info 0x%llx, memory map 0x%llx, module list 0x%llx%s, transfer by %s",
		 (unsigned long long)pl->mbi_addr, (unsigned long long)pl->mmap_addr,
		 (unsigned long long)pl->meta_addr, pl->ebda ? ", EBDA 0x9fc00" : "",
		 source_transfer_name(src));
}

static void report_hash(uint64_t addr, uint64_t len, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static void report_hash(uint64_t addr, uint64_t len, const char *format, ...)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE], what[160];
	va_list args;

	va_start(args, format);
	fmt_vsnprintf(what, sizeof(what), format, args);
	va_end(args);
	sha256((const void *)(uintptr_t)addr, (size_t)len, digest);
	sha256_hex(digest, hex);
	con_info("sha256 %s %s", hex, what);
}

void report_hashes(const struct source *src, const struct payload *p, const struct plan *pl)
{
	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);
	uint64_t image = pl->kernel_staged ? pl->staging_addr : pl->kernel_addr;

	if (file)
		report_hash((uintptr_t)file, file_size,
			    "the kernel file (%u bytes, as sha256sum hashes it)", file_size);
	else
		report_hash(image, p->image_size,
			    "the kernel image as QEMU's -kernel loaded it (%u bytes at 0x%llx; not the file, which sha256sum hashes)",
			    p->image_size, (unsigned long long)pl->kernel_addr);
	for (uint32_t i = 0; i < p->mod_count; i++)
		report_hash(pl->mod_addr[i], p->mods[i].size, "module %u (%u bytes) \"%s\"", i,
			    p->mods[i].size, payload_string(p, p->mods[i].cmdline));
}

void report_loaded(const struct payload *p, uint64_t load_start_us, bool boot_services_kept)
{
	uint64_t us = timer_elapsed_us();
	uint64_t transfer_us = us - load_start_us;

	con_info("loaded %llu KiB in %llu.%03llu ms (transfer %llu.%03llu ms, %llu MB/s); entering the kernel%s",
		 (unsigned long long)(payload_total_bytes(p) / 1024),
		 (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
		 (unsigned long long)(transfer_us / 1000),
		 (unsigned long long)(transfer_us % 1000),
		 (unsigned long long)(payload_total_bytes(p) / (transfer_us ? transfer_us : 1)),
		 boot_services_kept ? " through its EFI entry, boot services up" : "");
}
