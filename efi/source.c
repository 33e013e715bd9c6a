// SPDX-License-Identifier: BSD-2-Clause
#include "source.h"

#include "../loader/fmt.h"
#include "../loader/kernel_file.h"
#include "../loader/synth.h"
#include "esp_files.h"
#include "firmware.h"
#include "fwcfg_dir.h"
#include "status.h"

#define WHY_DETAIL 192

/* QEMU names the option ROM it meant for the payload in fw_cfg's files. */
static const char *const multiboot_roms[] = {
	"genroms/multiboot_dma.bin", "genroms/multiboot.bin",
};

/*
 * Everything the file paths need, in one allocation. Each module is a
 * fw_cfg item or, from the ESP, an open file.
 */
struct raw_files {
	uint8_t *file;       /* the kernel file, read whole */
	uint32_t file_size;
	struct kernel_file kernel;
	struct synth synth;
	struct synth_module modules[PAYLOAD_MAX_MODULES];
	uint16_t module_select[PAYLOAD_MAX_MODULES];
	EFI_FILE_PROTOCOL *root;
	EFI_FILE_PROTOCOL *module_file[PAYLOAD_MAX_MODULES];
	const char *cmdline;
	uint32_t module_count;
	size_t strings_used;
	char strings[PAYLOAD_MAX_META];
};

static int read_qemu_blob(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct source *s = ctx;

	return fwcfg_read(s->fw, FW_CFG_KERNEL_DATA, s->blob_size, offset, dest, len);
}

static void read_raw_image(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct raw_files *raw = ((struct source *)ctx)->raw;

	kernel_file_image(&raw->kernel, raw->file, offset, dest, len);
}

static int read_raw_module(void *ctx, uint32_t index, uint32_t offset, void *dest,
			   uint32_t len)
{
	struct source *s = ctx;

	if (s->raw->module_file[index])
		return esp_read(s->raw->module_file[index], offset, dest, len);
	return fwcfg_read(s->fw, s->raw->module_select[index], s->raw->modules[index].size,
			  offset, dest, len);
}

static int read_raw_blob(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct source *s = ctx;
	struct synth_readers readers = { read_raw_image, read_raw_module, s };

	return synth_read(&s->raw->synth, &readers, offset, dest, len);
}

/* 1 when QEMU set up its multiboot ROM, 0 when not, -1 on a bad directory. */
static int has_multiboot_rom(struct fwcfg *fw)
{
	struct fwcfg_file_info info;

	for (size_t i = 0; i < sizeof(multiboot_roms) / sizeof(multiboot_roms[0]); i++) {
		int r = fwcfg_dir_lookup(fw, multiboot_roms[i], &info);

		if (r <= 0)
			return r ? -1 : 1;
	}
	return 0;
}

static EFI_STATUS open_qemu_blob(struct source *s, struct payload *p, uint8_t *meta,
				 char *why, size_t why_size)
{
	struct fwcfg *fw = s->fw;
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	struct payload_input in = { .blob_size = fwcfg_read_u32(fw, FW_CFG_KERNEL_SIZE) };

	if (!in.blob_size) {
		fmt_snprintf(why, why_size,
			     "QEMU was given no -kernel (nor -fw_cfg name=%s): nothing to boot",
			     SOURCE_RAW_KERNEL);
		return EFI_NOT_FOUND;
	}
	int rom = has_multiboot_rom(fw);

	if (rom < 0) {
		fmt_snprintf(why, why_size, "cannot read fw_cfg's file directory");
		return EFI_DEVICE_ERROR;
	}
	if (!rom) {
		fmt_snprintf(why, why_size,
			     "QEMU did not load -kernel as a Multiboot kernel (no Multiboot header it accepts): nothing to boot");
		return EFI_UNSUPPORTED;
	}
	in.blob_addr = fwcfg_read_u32(fw, FW_CFG_KERNEL_ADDR);
	in.entry = fwcfg_read_u32(fw, FW_CFG_KERNEL_ENTRY);
	in.mbi_addr = fwcfg_read_u32(fw, FW_CFG_INITRD_ADDR);
	in.mbi_size = fwcfg_read_u32(fw, FW_CFG_INITRD_SIZE);
	in.mbi = mbi;
	if (in.mbi_size == sizeof(mbi) &&
	    fwcfg_read(fw, FW_CFG_INITRD_DATA, in.mbi_size, 0, mbi, sizeof(mbi))) {
		fmt_snprintf(why, why_size, "cannot read the multiboot info from fw_cfg");
		return EFI_DEVICE_ERROR;
	}
	s->blob_size = in.blob_size;
	s->blob = (struct blob_source){ read_qemu_blob, s };
	if (payload_load(p, &in, &s->blob, meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

/* A command line file into the string area; absent gives the fallback. */
static const char *raw_string(struct source *s, const char *name, const char *fallback)
{
	struct raw_files *raw = s->raw;
	char *out = raw->strings + raw->strings_used;
	size_t room = sizeof(raw->strings) - raw->strings_used;
	int r = fwcfg_dir_read_string(s->fw, name, out, room);

	if (r < 0)
		return NULL;
	if (r == 0) {
		size_t n = 0;

		while (fallback[n] && n + 1 < room) {
			out[n] = fallback[n];
			n++;
		}
		if (fallback[n])
			return NULL;
		out[n] = '\0';
	}
	while (*out)
		out++;
	const char *start = raw->strings + raw->strings_used;

	raw->strings_used = (size_t)(out - raw->strings) + 1;
	return start;
}

static EFI_STATUS raw_alloc(struct source *s, uint64_t kernel_size, char *why,
			    size_t why_size)
{
	struct raw_files *raw;

	if (kernel_size >> 32) {
		fmt_snprintf(why, why_size, "the kernel file is larger than 4 GiB");
		return EFI_LOAD_ERROR;
	}
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*raw), (void **)&raw))) {
		fmt_snprintf(why, why_size, "cannot allocate memory for the kernel's files");
		return EFI_OUT_OF_RESOURCES;
	}
	*raw = (struct raw_files){ .file_size = (uint32_t)kernel_size };
	s->raw = raw;
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, kernel_size ? kernel_size : 1,
						  (void **)&raw->file))) {
		raw->file = NULL;
		fmt_snprintf(why, why_size, "cannot allocate %llu bytes for the kernel file",
			     (unsigned long long)kernel_size);
		return EFI_OUT_OF_RESOURCES;
	}
	return EFI_SUCCESS;
}

/* Lay out the blob for the kernel where it is to load, and validate it. */
static EFI_STATUS raw_layout(struct source *s, struct payload *p, uint8_t *meta,
			     const char *loader_name, char *why, size_t why_size)
{
	struct raw_files *raw = s->raw;

	if (synth_build(&raw->synth, &raw->kernel, raw->cmdline, raw->modules,
			raw->module_count, loader_name, meta, why, why_size))
		return EFI_LOAD_ERROR;
	s->blob_size = raw->synth.input.blob_size;
	s->blob = (struct blob_source){ read_raw_blob, s };
	if (payload_load(p, &raw->synth.input, &s->blob, meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

/* The kernel file is in memory and the modules are known: lay out the blob. */
static EFI_STATUS raw_finish(struct source *s, const char *kernel_name, const char *cmdline,
			     uint32_t count, bool prefer_mb1, struct payload *p, uint8_t *meta,
			     const char *loader_name, char *why, size_t why_size)
{
	struct raw_files *raw = s->raw;
	char detail[WHY_DETAIL];

	if (kernel_file_parse(&raw->kernel, raw->file, raw->file_size, prefer_mb1, detail, sizeof(detail))) {
		fmt_snprintf(why, why_size, "%s: %s", kernel_name, detail);
		return EFI_LOAD_ERROR;
	}
	raw->cmdline = cmdline;
	raw->module_count = count;
	return raw_layout(s, p, meta, loader_name, why, why_size);
}

EFI_STATUS source_relocate(struct source *s, uint32_t base, struct payload *p, uint8_t *meta,
			   const char *loader_name, char *why, size_t why_size)
{
	kernel_file_relocate(&s->raw->kernel, base);
	return raw_layout(s, p, meta, loader_name, why, why_size);
}

const struct kernel_file *source_kernel(const struct source *s)
{
	return s->raw ? &s->raw->kernel : NULL;
}

static EFI_STATUS open_fwcfg_files(struct source *s, const struct fwcfg_file_info *kernel,
				   const struct options *opt, struct payload *p, uint8_t *meta,
				   const char *loader_name, char *why, size_t why_size)
{
	uint32_t count = 0;
	EFI_STATUS status = raw_alloc(s, kernel->size, why, why_size);

	if (EFI_ERROR(status))
		return status;
	struct raw_files *raw = s->raw;

	if (fwcfg_read(s->fw, kernel->select, kernel->size, 0, raw->file, kernel->size)) {
		fmt_snprintf(why, why_size, "fw_cfg failed reading %s", SOURCE_RAW_KERNEL);
		return EFI_DEVICE_ERROR;
	}
	const char *cmdline = raw_string(s, SOURCE_RAW_CMDLINE, "");

	if (!cmdline) {
		fmt_snprintf(why, why_size, "fw_cfg file %s is unreadable or too long",
			     SOURCE_RAW_CMDLINE);
		return EFI_LOAD_ERROR;
	}
	/* Modules 0, 1, 2, ... up to the first number missing. */
	for (;; count++) {
		char name[FW_CFG_MAX_FILE_PATH], cmd_name[FW_CFG_MAX_FILE_PATH];
		struct fwcfg_file_info info;

		fmt_snprintf(name, sizeof(name), SOURCE_RAW_MODULE "%u", count);
		int r = fwcfg_dir_lookup(s->fw, name, &info);

		if (r > 0)
			break;
		fmt_snprintf(cmd_name, sizeof(cmd_name), "%s.cmdline", name);
		const char *module_cmdline = r ? NULL : raw_string(s, cmd_name, name);

		if (!module_cmdline || count == PAYLOAD_MAX_MODULES) {
			fmt_snprintf(why, why_size, "cannot read fw_cfg file %s or its command line",
				     name);
			return EFI_LOAD_ERROR;
		}
		raw->modules[count] = (struct synth_module){ info.size, module_cmdline };
		raw->module_select[count] = info.select;
	}
	return raw_finish(s, SOURCE_RAW_KERNEL, cmdline, count, opt->multiboot1, p, meta, loader_name,
			  why, why_size);
}

/* Open one file named on the command line. */
static EFI_STATUS open_esp_file(EFI_FILE_PROTOCOL *root, const char *path,
				EFI_FILE_PROTOCOL **file, uint64_t *size,
				char *why, size_t why_size)
{
	EFI_STATUS status = esp_open(root, path, file, size);

	if (EFI_ERROR(status)) {
		*file = NULL;
		return efi_fail(why, why_size, status, "cannot open %s on this file system", path);
	}
	return EFI_SUCCESS;
}

static EFI_STATUS open_esp_files(struct source *s, EFI_HANDLE image, const struct options *opt,
				 struct payload *p, uint8_t *meta, const char *loader_name,
				 char *why, size_t why_size)
{
	EFI_FILE_PROTOCOL *root, *kernel;
	uint64_t size;
	const char *kernel_cmdline;
	const char *kernel_path = options_file(opt, 0, &kernel_cmdline);
	EFI_STATUS status = esp_open_root(image, &root);

	if (EFI_ERROR(status))
		return efi_fail(why, why_size, status,
				"cannot open the file system this app was loaded from");
	status = open_esp_file(root, kernel_path, &kernel, &size, why, why_size);
	if (!EFI_ERROR(status))
		status = raw_alloc(s, size, why, why_size);
	if (!EFI_ERROR(status) && esp_read(kernel, 0, s->raw->file, (uint32_t)size)) {
		fmt_snprintf(why, why_size, "cannot read the kernel file %s", kernel_path);
		status = EFI_DEVICE_ERROR;
	}
	if (kernel)
		kernel->Close(kernel);
	if (EFI_ERROR(status)) {
		root->Close(root);
		return status;
	}
	struct raw_files *raw = s->raw;
	uint32_t count = opt->file_count - 1;

	raw->root = root;
	if (count > PAYLOAD_MAX_MODULES) {
		fmt_snprintf(why, why_size, "%u modules is more than the %u this loader accepts",
			     count, PAYLOAD_MAX_MODULES);
		return EFI_LOAD_ERROR;
	}
	for (uint32_t i = 0; i < count; i++) {
		const char *cmdline, *path = options_file(opt, i + 1, &cmdline);

		status = open_esp_file(root, path, &raw->module_file[i], &size, why, why_size);
		if (EFI_ERROR(status))
			return status;
		if (size >> 32) {
			fmt_snprintf(why, why_size, "module %s is larger than 4 GiB", path);
			return EFI_LOAD_ERROR;
		}
		raw->modules[i] = (struct synth_module){ (uint32_t)size, cmdline };
	}
	return raw_finish(s, kernel_path, kernel_cmdline, count, opt->multiboot1, p, meta,
			  loader_name, why, why_size);
}

EFI_STATUS source_open(struct source *s, EFI_HANDLE image, struct fwcfg *fw,
		       const struct options *opt, struct payload *p, uint8_t *meta,
		       const char *loader_name, char *why, size_t why_size)
{
	struct fwcfg_file_info kernel;

	*s = (struct source){ .fw = fw };
	if (opt->file_count)
		return open_esp_files(s, image, opt, p, meta, loader_name, why, why_size);
	int r = fwcfg_dir_lookup(fw, SOURCE_RAW_KERNEL, &kernel);

	if (r < 0) {
		fmt_snprintf(why, why_size, "cannot read fw_cfg's file directory");
		return EFI_DEVICE_ERROR;
	}
	if (r == 0)
		return open_fwcfg_files(s, &kernel, opt, p, meta, loader_name, why, why_size);
	return open_qemu_blob(s, p, meta, why, why_size);
}

const char *source_transfer_name(const struct source *s)
{
	if (s->raw && s->raw->root)
		return "file reads";
	return s->fw->dma ? "DMA" : "port I/O";
}

int source_read(struct source *s, uint32_t offset, void *dest, uint32_t len)
{
	if (offset > s->blob_size || len > s->blob_size - offset)
		return -1;
	return s->blob.read(s->blob.ctx, offset, dest, len);
}

void source_describe(const struct source *s, char *out, size_t size)
{
	if (!s->raw) {
		fmt_snprintf(out, size, "QEMU -kernel payload");
		return;
	}
	fmt_snprintf(out, size, "%s %s (%s%s, %u bytes, %u segment%s)",
		     s->raw->root ? "file" : "fw_cfg",
		     s->raw->root ? "on this file system" : SOURCE_RAW_KERNEL,
		     kernel_format_name(s->raw->kernel.format),
		     s->raw->kernel.mb2 ? ", Multiboot 2" : "", s->raw->file_size,
		     (unsigned)s->raw->kernel.segment_count,
		     s->raw->kernel.segment_count == 1 ? "" : "s");
}

const uint8_t *source_kernel_file(const struct source *s, uint32_t *size)
{
	if (!s->raw)
		return NULL;
	*size = s->raw->file_size;
	return s->raw->file;
}

void source_close(struct source *s)
{
	if (s->raw) {
		for (size_t i = 0; i < PAYLOAD_MAX_MODULES; i++)
			if (s->raw->module_file[i])
				s->raw->module_file[i]->Close(s->raw->module_file[i]);
		if (s->raw->root)
			s->raw->root->Close(s->raw->root);
		if (s->raw->file)
			boot_services->FreePool(s->raw->file);
		boot_services->FreePool(s->raw);
	}
	s->raw = NULL;
	fwcfg_dir_release();
}
