// SPDX-License-Identifier: BSD-2-Clause
/*
 * multiboot.efi: boot a Multiboot kernel from QEMU's fw_cfg or from files.
 * One straight pipeline, boot_steps(), in the six steps README's "How it
 * works" describes. Every check runs before ExitBootServices; on any problem
 * one line says what and why, and an EFI error lets the firmware go on to
 * its next option (or, when QEMU asks, ends the VM: efi/vm_exit.h).
 */
#include <efi.h>

#include "../fwcfg/fwcfg.h"
#include "../loader/fmt.h"
#include "../loader/mb2place.h"
#include "../loader/mbi.h"
#include "../loader/options.h"
#include "../loader/payload.h"
#include "../loader/plan.h"
#include "alloc.h"
#include "bios_area.h"
#include "cmdline.h"
#include "config_file.h"
#include "console.h"
#include "display.h"
#include "exit.h"
#include "firmware.h"
#include "handoff.h"
#include "mb1.h"
#include "mb2.h"
#include "firmware_map.h"
#include "progress.h"
#include "protocol.h"
#include "report.h"
#include "secureboot.h"
#include "source.h"
#include "status.h"
#include "timer.h"
#include "vga.h"
#include "vm_exit.h"

#define LOADER_NAME "multiboot.efi " MULTIBOOT_EFI_VERSION
#define WHY_SIZE 256
#define CMDLINE_SIZE 4096

EFI_SYSTEM_TABLE *system_table;
EFI_BOOT_SERVICES *boot_services;

/* What a boot attempt holds, released whenever it returns to the firmware. */
struct work {
	struct payload *payload;
	struct plan *plan;
	uint8_t *meta;
	struct efi_map map;
	struct secureboot secureboot;
	struct source source;
	struct protocol protocol;
	union {
		struct mb1_boot mb1;
		struct mb2_boot mb2;
	} protocol_ctx;
	struct display display;
	struct bios_area bios;
	struct handoff_block *block;
	uint64_t load_start_us;
	bool pages_allocated;
	bool committed;  /* ExitBootServices was called: nothing may be undone */
	char why[WHY_SIZE];
};

static void work_release(struct work *w)
{
	if (w->pages_allocated)
		alloc_release(w->plan);
	bios_area_release(&w->bios);
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

static EFI_STATUS allocate_pool(size_t size, void **p)
{
	return boot_services->AllocatePool(EfiLoaderData, size, p);
}

static void *pool_alloc(size_t size)
{
	void *p;

	return EFI_ERROR(allocate_pool(size, &p)) ? NULL : p;
}

static void pool_free(void *p)
{
	boot_services->FreePool(p);
}

static const struct fwcfg_allocator pool_allocator = { pool_alloc, pool_free };

/*
 * 1. Source: the working memory, Secure Boot's state, then the kernel (read
 * whole when it is a file) and its modules (known, not read).
 */
static EFI_STATUS read_source(EFI_HANDLE image, struct fwcfg *fw, const struct options *opt,
			      struct work *w)
{
	EFI_STATUS status;
	char origin[128];

	if (EFI_ERROR(allocate_pool(sizeof(*w->payload), (void **)&w->payload)) ||
	    EFI_ERROR(allocate_pool(sizeof(*w->plan), (void **)&w->plan)) ||
	    EFI_ERROR(allocate_pool(PAYLOAD_MAX_META, (void **)&w->meta)))
		return efi_fail(w->why, sizeof(w->why), EFI_OUT_OF_RESOURCES,
				"cannot allocate working memory");
	status = secureboot_init(&w->secureboot, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	status = source_open(&w->source, image, fw, opt, w->payload, w->meta, LOADER_NAME,
			     w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	if (w->secureboot.enforcing && !source_kernel(&w->source))
		return efi_fail(w->why, sizeof(w->why), EFI_SECURITY_VIOLATION,
				"Secure Boot is enforcing and a -kernel payload cannot be authorised (QEMU pads its image with uninitialised memory, so it has no stable hash): pass the kernel as -fw_cfg name=%s,file=KERNEL",
				SOURCE_FWCFG_KERNEL);
	source_describe(&w->source, origin, sizeof(origin));
	con_info("kernel from %s", origin);
	return EFI_SUCCESS;
}

/*
 * 2. Payload: the firmware's memory map; a relocatable Multiboot 2 kernel's
 * base picked in it; the payload laid out there and validated; the
 * protocol chosen once.
 */
static EFI_STATUS lay_out_payload(EFI_HANDLE image, const struct options *opt, struct work *w)
{
	const struct kernel_file *k = source_kernel(&w->source);
	uint32_t base = k ? k->load_addr : 0;
	EFI_STATUS status = efi_map_init(&w->map, w->why, sizeof(w->why));

	if (EFI_ERROR(status))
		return status;
	if (k && k->mb2 && k->mb2_header.relocatable) {
		if (mb2_place(&w->map.neutral, &k->mb2_header, k->image_size, &base, w->why,
				  sizeof(w->why)))
			return EFI_LOAD_ERROR;
		con_info("relocatable kernel linked at 0x%x: loading it at 0x%x", k->link_addr,
			 base);
	}
	status = source_lay_out(&w->source, base, w->why, sizeof(w->why));
	if (EFI_ERROR(status))
		return status;
	if (k && k->mb2)
		mb2_protocol(&w->protocol, &w->protocol_ctx.mb2, image, opt, &w->source);
	else
		mb1_protocol(&w->protocol, &w->protocol_ctx.mb1, w->payload, LOADER_NAME);
	return EFI_SUCCESS;
}

/*
 * 3. Plan, and allocate what it names. The firmware allocates too, between
 * our GetMemoryMap and AllocatePages: its own pool and map descriptors come
 * from the top of its memory-type bins, which its map reports as free.
 * Pages it took meanwhile are refused (EFI_NOT_FOUND): plan again from a
 * fresh map, a few times. A plain dry run stops before allocating.
 */
#define PLAN_ATTEMPTS 4

static EFI_STATUS plan_placement(const struct options *opt, struct work *w)
{
	const struct protocol *proto = &w->protocol;
	bool allocate = !opt->dry_run || opt->sha256;
	bool fsegment = !proto->keep_boot_services && bios_area_fsegment_usable(opt);
	EFI_STATUS status = EFI_SUCCESS;

	report_map(&w->map.neutral);
	for (int attempt = 1;; attempt++) {
		uint32_t mmap_entries = mbi_mmap_bound(&w->map.neutral);
		struct plan_request req = {
			.payload = w->payload,
			.map = &w->map.neutral,
			.strict = opt->strict,
			.mbi_size = proto->info_size(proto->ctx, mmap_entries, w->map.buffer_size),
			.mmap_entries = mmap_entries,
			.handoff_size = HANDOFF_PAGES * PAGE_SIZE,
			.fsegment = fsegment,
			.keep_boot_services = proto->keep_boot_services,
		};

		if (plan_make(w->plan, &req, w->why, sizeof(w->why)))
			return EFI_LOAD_ERROR;
		if (!allocate)
			break;
		status = alloc_plan(w->plan, w->why, sizeof(w->why));
		if (status != EFI_NOT_FOUND || attempt == PLAN_ATTEMPTS)
			break;
		con_detail("%s; planning again from a fresh memory map", w->why);
		status = efi_map_refresh(&w->map, w->why, sizeof(w->why));
		if (EFI_ERROR(status))
			return status;
	}
	if (EFI_ERROR(status))
		return status;
	w->pages_allocated = allocate;
	report_plan(w->payload, w->plan, &w->source, proto->entry);
	if (!allocate)
		con_info("dry run: the payload is valid and fits; not booting");
	return EFI_SUCCESS;
}

/*
 * 4. Load: every piece straight into its final pages (a staged kernel into
 * its staging buffer), the module list beside them; hashed where they
 * landed under Secure Boot, or for --sha256.
 */
static EFI_STATUS load_payload(const struct options *opt, struct work *w)
{
	const struct payload *p = w->payload;
	const struct plan *pl = w->plan;
	uint64_t kernel_dest = pl->kernel_staged ? pl->staging_addr : pl->kernel_addr;
	struct progress progress;

	w->load_start_us = timer_elapsed_us();
	progress_start(&progress, &w->source, payload_total_bytes(p));
	if (progress_read(&progress, &w->source, 0, (void *)(uintptr_t)kernel_dest,
			  p->image_size))
		return efi_fail(w->why, sizeof(w->why), EFI_DEVICE_ERROR,
				"fw_cfg failed reading the kernel image");
	for (uint32_t i = 0; i < p->mod_count; i++) {
		if (progress_read(&progress, &w->source, p->mods[i].offset,
				  (void *)(uintptr_t)pl->mod_addr[i], p->mods[i].size))
			return efi_fail(w->why, sizeof(w->why), EFI_DEVICE_ERROR,
					"fw_cfg failed reading module %u", i);
	}
	progress_end(&progress);
	mbi_write_meta(p, pl, (void *)(uintptr_t)pl->meta_addr);
	if (opt->sha256)
		report_hashes(&w->source, p, pl);
	if (opt->dry_run) {
		con_info("dry run: the payload is valid, fits and loaded; not booting");
		return EFI_SUCCESS;
	}
	if (w->secureboot.enforcing)
		return secureboot_authorise_payload(&w->secureboot, &w->source, pl, w->why,
						    sizeof(w->why));
	return EFI_SUCCESS;
}

/* The information's rest and the BIOS-call shim's answers, for the final map. */
static int write_at_exit(void *ctx, const struct efi_map *map,
			 const struct multiboot_mmap_entry *mmap, uint32_t count,
			 char *why, size_t why_size)
{
	struct work *w = ctx;
	const struct protocol *proto = &w->protocol;

	if (proto->write_at_exit(proto->ctx, map, mmap, count, why, why_size))
		return -1;
	return mmap ? bios_area_finish(&w->bios, mmap, count, why, why_size) : 0;
}

/*
 * 5. Exit: what the kernel finds written (low memory as a BIOS leaves it
 * and the F segment's image, the display, the information's first part,
 * the hand-off block), then the final map, the information's rest and
 * ExitBootServices (none for an EFI entry).
 */
static EFI_STATUS leave_firmware(EFI_HANDLE image, const struct options *opt, struct work *w)
{
	const struct protocol *proto = &w->protocol;
	const struct plan *pl = w->plan;
	EFI_STATUS status = bios_area_prepare(&w->bios, opt, pl, w->why, sizeof(w->why));

	if (EFI_ERROR(status))
		return status;
	display_choose(&w->display, opt, &w->source, proto->keep_boot_services);
	proto->write_before_exit(proto->ctx, pl, w->display.have_fb ? &w->display.fb : NULL);
	w->block = handoff_prepare(pl, proto->entry, proto->magic, w->bios.shim_segment);
	report_loaded(w->payload, w->load_start_us, proto->keep_boot_services);
	boot_services->SetWatchdogTimer(0, 0, 0, NULL);
	return exit_firmware(image, &w->map, pl, opt->strict, !proto->keep_boot_services,
			     write_at_exit, w, &w->committed, w->why, sizeof(w->why));
}

/*
 * 6. Hand-off: an EFI entry as the firmware's own call; else the F segment
 * filled and text mode if chosen, then the copied hand-off code leaves
 * long mode and enters the kernel in 32-bit protected mode.
 */
__attribute__((noreturn)) static void hand_off(struct work *w)
{
	if (w->protocol.keep_boot_services)
		handoff_enter_efi(w->protocol.entry, (uint32_t)w->plan->mbi_addr);
	bios_area_install(&w->bios);
	if (w->display.text_mode)
		vga_set_text_mode();
	handoff_enter(w->plan, w->block);
}

static EFI_STATUS boot_steps(EFI_HANDLE image, struct fwcfg *fw, const struct options *opt,
			     struct work *w)
{
	EFI_STATUS status;

	status = read_source(image, fw, opt, w);
	if (!EFI_ERROR(status))
		status = lay_out_payload(image, opt, w);
	if (!EFI_ERROR(status))
		status = plan_placement(opt, w);
	if (EFI_ERROR(status) || !w->pages_allocated)
		return status;
	status = load_payload(opt, w);
	if (EFI_ERROR(status) || opt->dry_run)
		return status;
	status = leave_firmware(image, opt, w);
	if (EFI_ERROR(status))
		return status;
	hand_off(w);
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

/* How a boot attempt that returned must end (set in efi_main and boot). */
struct ending {
	bool committed;      /* ExitBootServices failed: release nothing */
	uint16_t exit_port;  /* end the VM through it instead of returning */
};

/* fw: QEMU's fw_cfg device, or NULL when there is none. */
static EFI_STATUS run(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, struct fwcfg *fw,
		      char *cmdline, char *files, struct ending *ending)
{
	char why[WHY_SIZE];
	struct options opt;

	if (EFI_ERROR(cmdline_get(image, fw, cmdline, CMDLINE_SIZE, why, sizeof(why))) ||
	    options_parse(&opt, cmdline, files, CMDLINE_SIZE, why, sizeof(why))) {
		con_error("%s", why);
		con_text(options_usage);
		return EFI_INVALID_PARAMETER;
	}
	/* Nothing names a kernel: the entry multiboot.cfg beside the app says. */
	if (config_file_wanted(fw, &opt)) {
		EFI_STATUS status = config_file_options(image, fw, &opt, cmdline, files,
							CMDLINE_SIZE, why, sizeof(why));

		if (EFI_ERROR(status) && status != EFI_NOT_FOUND) {
			con_error("%s", why);
			return status;
		}
		/* The menu's wait is no part of loading. */
		timer_restart();
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
	if (!fw && !opt.file_count) {
		con_error("no kernel given and no QEMU fw_cfg device at I/O port 0x510: nothing to boot");
		return EFI_NOT_FOUND;
	}
	if (opt.no_dma && fw)
		fw->dma = false;
	con_info("version %s, loading the kernel from %s", MULTIBOOT_EFI_VERSION,
		 opt.file_count ? "this file system" : "fw_cfg");
	con_detail("timing: tsc-start=%llu tsc-per-us=%llu",
		   (unsigned long long)timer_start_tsc(),
		   (unsigned long long)timer_ticks_per_us());
	return boot(image, fw, &opt, &ending->committed);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	char *buffer;
	struct ending ending = { 0 };
	struct fwcfg fw;
	bool have_fwcfg;
	EFI_STATUS status;

	system_table = st;
	boot_services = st->BootServices;
	con_init(st, VERBOSITY_NORMAL);
	timer_init();
	/* Pool, not static: the image's .bss is stored in the file. */
	if (EFI_ERROR(allocate_pool(2 * CMDLINE_SIZE, (void **)&buffer))) {
		con_error("cannot allocate memory for the command line");
		return EFI_OUT_OF_RESOURCES;
	}
	have_fwcfg = fwcfg_probe(&fw, true, &pool_allocator);
	ending.exit_port = vm_exit_port(have_fwcfg ? &fw : NULL);
	status = run(image, st, have_fwcfg ? &fw : NULL, buffer, buffer + CMDLINE_SIZE, &ending);
	if (!ending.committed) {
		fwcfg_release(&fw);
		boot_services->FreePool(buffer);
	}
	if (ending.exit_port)
		vm_exit(ending.exit_port, status);
	return status;
}
