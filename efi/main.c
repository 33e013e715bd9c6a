// SPDX-License-Identifier: BSD-2-Clause
/*
 * multiboot.efi: boot the Multiboot kernel QEMU left in fw_cfg.
 * Every check runs before ExitBootServices; on any problem one line says
 * what and why, and an EFI error lets the firmware go on to its next option.
 */
#include <efi.h>
#include <stdarg.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/fmt.h"
#include "../loader/mbi.h"
#include "../loader/options.h"
#include "../loader/payload.h"
#include "../loader/plan.h"
#include "../loader/sha256.h"
#include "alloc.h"
#include "cmdline.h"
#include "console.h"
#include "exit.h"
#include "firmware.h"
#include "fwcfg_dir.h"
#include "acpi.h"
#include "bios_shim.h"
#include "handoff.h"
#include "mb2.h"
#include "memmap.h"
#include "secureboot.h"
#include "source.h"
#include "timer.h"
#include "vga.h"
#include "video.h"
#include "vm_exit.h"

#define LOADER_NAME "multiboot.efi " MULTIBOOT_EFI_VERSION
#define WHY_SIZE 256
#define CMDLINE_SIZE 4096
#define MIB (1024 * 1024)

EFI_SYSTEM_TABLE *system_table;
EFI_BOOT_SERVICES *boot_services;

static void report_plan(const struct payload *p, const struct plan *pl,
			const struct source *src, uint32_t entry)
{
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

/* With -v: the firmware's map first, so that it explains a refusal too. */
static void report_map(const struct mem_map *map)
{
	for (size_t i = 0; i < map->count; i++)
		con_detail("map 0x%llx-0x%llx %s", (unsigned long long)map->ranges[i].start,
			   (unsigned long long)map->ranges[i].end,
			   memmap_kind_name(map->ranges[i].kind));
}

static void report_allocations(const struct plan *pl)
{
	for (size_t i = 0; i < pl->alloc_count; i++)
		con_detail("allocate 0x%llx-0x%llx", (unsigned long long)pl->allocs[i].start,
			   (unsigned long long)(pl->allocs[i].start + pl->allocs[i].pages * PAGE_SIZE));
}

/* Every piece straight to its final pages (the kernel to staging if staged). */
static EFI_STATUS load_pieces(struct source *src, const struct payload *p,
			      const struct plan *pl, char *why, size_t why_size)
{
	uint64_t kernel_dest = pl->kernel_staged ? pl->staging_addr : pl->kernel_addr;

	if (source_read(src, 0, (void *)(uintptr_t)kernel_dest, p->image_size)) {
		fmt_snprintf(why, why_size, "fw_cfg failed reading the kernel image");
		return EFI_DEVICE_ERROR;
	}
	for (uint32_t i = 0; i < p->mod_count; i++) {
		if (source_read(src, p->mods[i].offset,
				(void *)(uintptr_t)pl->mod_addr[i], p->mods[i].size)) {
			fmt_snprintf(why, why_size, "fw_cfg failed reading module %u", i);
			return EFI_DEVICE_ERROR;
		}
	}
	mbi_write_meta(p, pl, (void *)(uintptr_t)pl->meta_addr);
	return EFI_SUCCESS;
}

static void print_hash(uint64_t addr, uint64_t len, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* "sha256 <hex> <what>": what was hashed, so the line can be checked. */
static void print_hash(uint64_t addr, uint64_t len, const char *format, ...)
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

static void print_hashes(const struct source *src, const struct payload *p,
			 const struct plan *pl)
{
	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);
	uint64_t image = pl->kernel_staged ? pl->staging_addr : pl->kernel_addr;

	if (file)
		print_hash((uintptr_t)file, file_size, "the kernel file (%u bytes, as sha256sum hashes it)",
			   file_size);
	else
		print_hash(image, p->image_size,
			   "the kernel image as QEMU's -kernel loaded it (%u bytes at 0x%llx; not the file, which sha256sum hashes)",
			   p->image_size, (unsigned long long)pl->kernel_addr);
	for (uint32_t i = 0; i < p->mod_count; i++)
		print_hash(pl->mod_addr[i], p->mods[i].size, "module %u (%u bytes) \"%s\"", i,
			   p->mods[i].size, payload_string(p, p->mods[i].cmdline));
}

/* Under Secure Boot: the bytes as they landed, before anything runs them. */
static EFI_STATUS authorise_pieces(const struct secureboot *sb, const struct source *src,
				   const struct payload *p, const struct plan *pl,
				   char *why, size_t why_size)
{
	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);
	EFI_STATUS status = secureboot_authorise(sb, file, file_size, "the kernel file",
						 why, why_size);

	for (uint32_t i = 0; !EFI_ERROR(status) && i < p->mod_count; i++) {
		char what[96];

		fmt_snprintf(what, sizeof(what), "module %u \"%s\"", i,
			     payload_string(p, p->mods[i].cmdline));
		status = secureboot_authorise(sb, (const void *)(uintptr_t)pl->mod_addr[i],
					      p->mods[i].size, what, why, why_size);
	}
	return status;
}

/*
 * The EBDA as a BIOS leaves it (its size in KiB first), with a copy of the
 * firmware's RSDP where BIOS-style ACPI scans look first, and the real-mode
 * BIOS-call shim (its data follows once the final map is known).
 */
static void write_ebda(const struct options *opt)
{
	uint8_t *ebda = (uint8_t *)(uintptr_t)EBDA_ADDR;
	uint8_t rsdp[ACPI_RSDP_MAX_SIZE];
	size_t rsdp_size = opt->no_rsdp ? 0 : acpi_find_rsdp(rsdp);

	__builtin_memset(ebda, 0, EBDA_SIZE);
	ebda[0] = EBDA_SIZE / 1024;
	__builtin_memcpy(ebda + ACPI_RSDP_EBDA_OFFSET, rsdp, rsdp_size);
	bios_shim_install(ebda);
	if (rsdp_size)
		con_info("ACPI RSDP (revision %u) copied to 0x%llx", rsdp[15],
			 (unsigned long long)(EBDA_ADDR + ACPI_RSDP_EBDA_OFFSET));
}

/*
 * Kernels that print to 0xB8000 expect the text mode a BIOS leaves: set it
 * up on a VGA-compatible adapter. QEMU's BIOS path gives a -kernel text mode
 * whatever its header asks (bios_video: a -kernel payload, or --bios-video);
 * a kernel given as a file gets the graphics mode its header asks for, as
 * GRUB gives it. A Multiboot 2 kernel that does not say it supports EGA
 * text gets no text mode unless --text-mode insists.
 */
static bool wants_text_mode(const struct payload *p, const struct kernel_file *mb2,
			    const struct options *opt, bool bios_video)
{
	bool asks_graphics = p->header.has_video && p->header.mode_type == 0;
	bool no_text = mb2 && !(mb2->mb2_header.console_flags & MB2_CONSOLE_EGA_TEXT);

	if (opt->keep_graphics)
		return false;
	if (!opt->text_mode && (no_text || (asks_graphics && !bios_video)))
		return false;
	return vga_present();
}

static uint64_t payload_bytes(const struct payload *p)
{
	uint64_t total = p->image_size;

	for (uint32_t i = 0; i < p->mod_count; i++)
		total += p->mods[i].size;
	return total;
}

/* What a boot attempt holds, released whenever it returns to the firmware. */
struct work {
	struct payload *payload;
	struct plan *plan;
	uint8_t *meta;
	struct efi_map map;
	struct secureboot secureboot;
	struct source source;
	struct mb2_boot mb2;      /* for a Multiboot 2 kernel */
	bool pages_allocated;
	bool committed;  /* ExitBootServices was called: nothing may be undone */
	char why[WHY_SIZE];
};

static void work_release(struct work *w)
{
	if (w->pages_allocated)
		alloc_release(w->plan);
	efi_map_free(&w->map);
	secureboot_release(&w->secureboot);
	if (w->payload)
		boot_services->FreePool(w->payload);
	if (w->plan)
		boot_services->FreePool(w->plan);
	if (w->meta)
		boot_services->FreePool(w->meta);
	source_close(&w->source);
}

/* The Multiboot 1 information: QEMU's MBI with the final map. */
struct mb1_info {
	const struct payload *payload;
	const struct plan *plan;
	const struct framebuffer *fb;
};

static int write_mb1_info(void *ctx, const struct efi_map *map,
			  const struct multiboot_mmap_entry *mmap, uint32_t count,
			  char *why, size_t why_size)
{
	const struct mb1_info *info = ctx;
	const struct plan *pl = info->plan;

	(void)map;
	(void)why;
	(void)why_size;
	mbi_write(info->payload, pl, mmap, count, LOADER_NAME, (void *)(uintptr_t)pl->mbi_addr);
	if (info->fb)
		mbi_set_framebuffer((void *)(uintptr_t)pl->mbi_addr, info->fb);
	if (pl->ebda)
		bios_shim_set_map((uint8_t *)(uintptr_t)EBDA_ADDR, mmap, count,
				  mbi_mem_lower(mmap, count));
	return 0;
}

/*
 * The firmware allocates too, between our GetMemoryMap and AllocatePages:
 * its own pool and map descriptors come from the top of its memory-type
 * bins, which its map reports as free. Pages it took meanwhile are
 * refused (EFI_NOT_FOUND): plan again from a fresh map, a few times.
 */
#define PLAN_ATTEMPTS 4

static EFI_STATUS plan_and_allocate(const struct options *opt, struct work *w, bool is_mb2,
				    bool keep_boot_services, uint32_t entry)
{
	struct plan *pl = w->plan;
	EFI_STATUS status = EFI_SUCCESS;

	report_map(&w->map.neutral);
	for (int attempt = 1;; attempt++) {
		struct plan_request req = {
			.payload = w->payload,
			.map = &w->map.neutral,
			.strict = opt->strict,
			.mbi_size = MBI_SIZE + sizeof(LOADER_NAME),
			.mmap_entries = mbi_mmap_bound(&w->map.neutral),
			.handoff_size = HANDOFF_PAGES * PAGE_SIZE,
			.keep_boot_services = keep_boot_services,
		};
		if (is_mb2)
			req.mbi_size = mb2_boot_info_size(&w->mb2, req.mmap_entries,
							  w->map.buffer_size);
		if (plan_make(pl, &req, w->why, sizeof(w->why)))
			return EFI_LOAD_ERROR;
		if (opt->dry_run && !opt->sha256)
			break;
		status = alloc_plan(pl, w->why, sizeof(w->why));
		if (status != EFI_NOT_FOUND || attempt == PLAN_ATTEMPTS)
			break;
		con_detail("%s; planning again from a fresh memory map", w->why);
		status = efi_map_refresh(&w->map, w->why, sizeof(w->why));
		if (EFI_ERROR(status))
			return status;
	}
	if (EFI_ERROR(status))
		return status;
	w->pages_allocated = !(opt->dry_run && !opt->sha256);
	report_allocations(pl);
	report_plan(w->payload, pl, &w->source, entry);
	if (!w->pages_allocated)
		con_info("dry run: the payload is valid and fits; not booting");
	return EFI_SUCCESS;
}

static EFI_STATUS boot_steps(EFI_HANDLE image, struct fwcfg *fw,
			     const struct options *opt, struct work *w)
{
	EFI_STATUS status;

	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*w->payload),
						  (void **)&w->payload)) ||
	    EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*w->plan),
						  (void **)&w->plan)) ||
	    EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, PAYLOAD_MAX_META,
						  (void **)&w->meta))) {
		fmt_snprintf(w->why, sizeof(w->why), "cannot allocate working memory");
		return EFI_OUT_OF_RESOURCES;
	}
	struct payload *p = w->payload;
	struct plan *pl = w->plan;

	status = secureboot_init(&w->secureboot, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	status = source_open(&w->source, image, fw, opt, p, w->meta, LOADER_NAME, w->why,
			     sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	if (w->secureboot.enforcing && !source_kernel_file(&w->source, &(uint32_t){ 0 })) {
		fmt_snprintf(w->why, sizeof(w->why),
			     "Secure Boot is enforcing and a -kernel payload cannot be authorised (QEMU pads its image with uninitialised memory, so it has no stable hash): pass the kernel as -fw_cfg name=%s,file=KERNEL",
			     SOURCE_RAW_KERNEL);
		return EFI_SECURITY_VIOLATION;
	}
	char origin[128];

	source_describe(&w->source, origin, sizeof(origin));
	con_info("kernel from %s", origin);
	status = efi_map_init(&w->map, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;

	const struct kernel_file *k = source_kernel(&w->source);
	bool is_mb2 = k && k->mb2;

	if (is_mb2) {
		status = mb2_boot_prepare(&w->mb2, image, opt, &w->source, p, w->meta, pl,
					  &w->map.neutral, LOADER_NAME, w->why, sizeof(w->why));
		if (EFI_ERROR(status))
			return status;
	}
	/* A Multiboot 2 EFI entry: entered with boot services up. */
	bool keep_boot_services = is_mb2 && w->mb2.keep_boot_services;
	uint32_t entry = keep_boot_services ? w->mb2.efi_entry : p->entry;

	status = plan_and_allocate(opt, w, is_mb2, keep_boot_services, entry);
	if (EFI_ERROR(status) || (opt->dry_run && !w->pages_allocated))
		return status;
	uint64_t load_start_us = timer_elapsed_us();

	status = load_pieces(&w->source, p, pl, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	if (opt->sha256)
		print_hashes(&w->source, p, pl);
	if (opt->dry_run) {
		con_info("dry run: the payload is valid, fits and loaded; not booting");
		return EFI_SUCCESS;
	}
	if (w->secureboot.enforcing) {
		status = authorise_pieces(&w->secureboot, &w->source, p, pl, w->why,
					  sizeof(w->why));
		if (EFI_ERROR(status))
			return status;
	}
	if (pl->ebda)
		write_ebda(opt);
	struct framebuffer fb;
	/* Text mode is set after ExitBootServices: not for an EFI entry. */
	bool bios_video = opt->bios_video || !source_kernel(&w->source);
	bool text_mode = !keep_boot_services &&
			 wants_text_mode(p, is_mb2 ? w->mb2.kernel : NULL, opt, bios_video);
	bool have_fb = text_mode || video_setup(p, &fb);

	if (text_mode) {
		vga_text_framebuffer(&fb);
		con_info("VGA text mode 80x25 at 0xb8000 will be set up at hand-off (--keep-graphics keeps this mode)");
	} else if (have_fb) {
		con_info("framebuffer %ux%u, %u bytes per line, at 0x%llx", fb.width, fb.height,
			 fb.pitch, (unsigned long long)fb.addr);
	}
	struct mb1_info mb1 = { p, pl, have_fb ? &fb : NULL };
	write_info_fn write_info = write_mb1_info;
	void *info_ctx = &mb1;

	if (is_mb2) {
		mb2_boot_write_static(&w->mb2, pl, have_fb ? &fb : NULL);
		write_info = mb2_boot_write_final;
		info_ctx = &w->mb2;
	}
	uint32_t magic = is_mb2 ? MB2_BOOTLOADER_MAGIC : MULTIBOOT_BOOTLOADER_MAGIC;
	struct handoff_block *block = handoff_prepare(pl, entry, magic);
	uint64_t us = timer_elapsed_us();
	uint64_t transfer_us = us - load_start_us;

	con_info("loaded %llu KiB in %llu.%03llu ms (transfer %llu.%03llu ms, %llu MB/s); entering the kernel%s",
		 (unsigned long long)(payload_bytes(p) / 1024),
		 (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
		 (unsigned long long)(transfer_us / 1000),
		 (unsigned long long)(transfer_us % 1000),
		 (unsigned long long)(payload_bytes(p) / (transfer_us ? transfer_us : 1)),
		 keep_boot_services ? " through its EFI entry, boot services up" : "");
	boot_services->SetWatchdogTimer(0, 0, 0, NULL);
	status = exit_firmware(image, &w->map, pl, opt->strict, !keep_boot_services,
			       write_info, info_ctx, &w->committed, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	if (keep_boot_services)
		handoff_enter_efi(entry, (uint32_t)pl->mbi_addr);
	if (text_mode)
		vga_set_text_mode();
	handoff_enter(pl, block);
}

/*
 * *committed: ExitBootServices was called and failed; from then on only
 * GetMemoryMap and ExitBootServices may be called, so nothing is released.
 */
static EFI_STATUS boot(EFI_HANDLE image, struct fwcfg *fw, const struct options *opt,
		       bool *committed)
{
	struct work w = { 0 };
	EFI_STATUS status = boot_steps(image, fw, opt, &w);

	*committed = w.committed;
	if (w.committed)
		return status;
	if (EFI_ERROR(status))
		con_error("%s", w.why);
	work_release(&w);
	return status;
}

/* How a boot attempt that returned must end. */
struct ending {
	bool committed;      /* ExitBootServices failed: release nothing */
	uint16_t exit_port;  /* end the VM through it instead of returning */
};

static EFI_STATUS run(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, char *cmdline, char *files,
		      struct ending *ending)
{
	char why[WHY_SIZE];
	struct options opt;
	struct fwcfg fw;
	bool have_fwcfg;

	have_fwcfg = fwcfg_probe(&fw, true);
	ending->exit_port = vm_exit_port(have_fwcfg ? &fw : NULL);
	if (EFI_ERROR(cmdline_get(image, have_fwcfg ? &fw : NULL, cmdline, CMDLINE_SIZE,
				  why, sizeof(why))) ||
	    options_parse(&opt, cmdline, files, CMDLINE_SIZE, why, sizeof(why))) {
		con_error("%s", why);
		con_text(options_usage);
		return EFI_INVALID_PARAMETER;
	}
	con_init(st, opt.quiet ? VERBOSITY_QUIET : opt.verbose ? VERBOSITY_VERBOSE
							       : VERBOSITY_NORMAL);
	if (opt.help) {
		con_text(options_usage);
		return EFI_SUCCESS;
	}
	if (opt.version) {
		con_text(LOADER_NAME "\n");
		return EFI_SUCCESS;
	}
	if (!have_fwcfg && !opt.file_count) {
		con_error("no kernel given and no QEMU fw_cfg device at I/O port 0x510: nothing to boot");
		return EFI_NOT_FOUND;
	}
	if (opt.no_dma)
		fw.dma = false;
	con_info("version %s, loading the kernel from %s", MULTIBOOT_EFI_VERSION,
		 opt.file_count ? "this file system" : "fw_cfg");
	con_detail("timing: tsc-start=%llu tsc-per-us=%llu",
		   (unsigned long long)timer_start_tsc(),
		   (unsigned long long)timer_ticks_per_us());
	return boot(image, have_fwcfg ? &fw : NULL, &opt, &ending->committed);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	char *buffer;
	struct ending ending = { 0 };
	EFI_STATUS status;

	system_table = st;
	boot_services = st->BootServices;
	con_init(st, VERBOSITY_NORMAL);
	timer_init();
	/* Pool, not static: the image's .bss is stored in the file. */
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, 2 * CMDLINE_SIZE,
						  (void **)&buffer))) {
		con_error("cannot allocate memory for the command line");
		return EFI_OUT_OF_RESOURCES;
	}
	status = run(image, st, buffer, buffer + CMDLINE_SIZE, &ending);
	if (!ending.committed)
		boot_services->FreePool(buffer);
	if (ending.exit_port)
		vm_exit(ending.exit_port, status);
	return status;
}
