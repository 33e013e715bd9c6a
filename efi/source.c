// SPDX-License-Identifier: BSD-2-Clause
#include "source.h"

#include "../loader/fmt.h"
#include "../loader/kernel_file.h"
#include "../loader/synth.h"
#include "esp_files.h"
#include "firmware.h"
#include "status.h"

#define WHY_DETAIL 192

/* QEMU names the option ROM it meant for the payload in fw_cfg's files. */
static const char *const multiboot_roms[] = {
	"genroms/multiboot_dma.bin", "genroms/multiboot.bin",
};

/*
 * A kernel file and modules the loader reads itself, in one allocation.
 * Each module is a fw_cfg item or, from the ESP, an open file.
 */
struct kernel_files {
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

static void read_file_image(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct kernel_files *files = ((struct source *)ctx)->files;

	kernel_file_image(&files->kernel, files->file, offset, dest, len);
}

static int read_file_module(void *ctx, uint32_t index, uint32_t offset, void *dest,
			    uint32_t len)
{
	struct source *s = ctx;

	if (s->files->module_file[index])
		return esp_read(s->files->module_file[index], offset, dest, len);
	return fwcfg_read(s->fw, s->files->module_select[index], s->files->modules[index].size,
			  offset, dest, len);
}

static int read_file_blob(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct source *s = ctx;
	struct synth_readers readers = { read_file_image, read_file_module, s };

	return synth_read(&s->files->synth, &readers, offset, dest, len);
}

/* Whether QEMU set up its multiboot ROM (FWCFG_FOUND), as fwcfg_file_lookup. */
static enum fwcfg_found has_multiboot_rom(struct fwcfg *fw)
{
	struct fwcfg_file_info info;

	for (size_t i = 0; i < sizeof(multiboot_roms) / sizeof(multiboot_roms[0]); i++) {
		enum fwcfg_found r = fwcfg_file_lookup(fw, multiboot_roms[i], &info);

		if (r != FWCFG_ABSENT)
			return r;
	}
	return FWCFG_ABSENT;
}

/* QEMU's -kernel blob: laid out by QEMU, validated here. */
static EFI_STATUS open_qemu_blob(struct source *s, char *why, size_t why_size)
{
	struct fwcfg *fw = s->fw;
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	struct payload_input in = { .blob_size = fwcfg_read_u32(fw, FW_CFG_KERNEL_SIZE) };

	if (!in.blob_size)
		return efi_fail(why, why_size, EFI_NOT_FOUND,
				"QEMU was given no -kernel (nor -fw_cfg name=%s): nothing to boot",
				SOURCE_FWCFG_KERNEL);
	enum fwcfg_found rom = has_multiboot_rom(fw);

	if (rom == FWCFG_UNREADABLE)
		return efi_fail(why, why_size, EFI_DEVICE_ERROR,
				"cannot read fw_cfg's file directory");
	if (rom == FWCFG_ABSENT)
		return efi_fail(why, why_size, EFI_UNSUPPORTED,
				"QEMU did not load -kernel as a Multiboot kernel (no Multiboot header it accepts): nothing to boot");
	in.blob_addr = fwcfg_read_u32(fw, FW_CFG_KERNEL_ADDR);
	in.entry = fwcfg_read_u32(fw, FW_CFG_KERNEL_ENTRY);
	in.mbi_addr = fwcfg_read_u32(fw, FW_CFG_INITRD_ADDR);
	in.mbi_size = fwcfg_read_u32(fw, FW_CFG_INITRD_SIZE);
	in.mbi = mbi;
	if (in.mbi_size == sizeof(mbi) &&
	    fwcfg_read(fw, FW_CFG_INITRD_DATA, in.mbi_size, 0, mbi, sizeof(mbi)))
		return efi_fail(why, why_size, EFI_DEVICE_ERROR,
				"cannot read the multiboot info from fw_cfg");
	s->blob_size = in.blob_size;
	s->blob = (struct blob_source){ read_qemu_blob, s };
	if (payload_load(s->payload, &in, &s->blob, s->meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

/* A command line file into the string area; absent gives the fallback. */
static const char *fwcfg_string(struct source *s, const char *name, const char *fallback)
{
	struct kernel_files *files = s->files;
	char *out = files->strings + files->strings_used;
	size_t room = sizeof(files->strings) - files->strings_used;
	enum fwcfg_found r = fwcfg_file_read_string(s->fw, name, out, room);

	if (r == FWCFG_UNREADABLE)
		return NULL;
	if (r == FWCFG_ABSENT) {
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
	const char *start = files->strings + files->strings_used;

	files->strings_used = (size_t)(out - files->strings) + 1;
	return start;
}

static EFI_STATUS files_alloc(struct source *s, uint64_t kernel_size, char *why,
			      size_t why_size)
{
	struct kernel_files *files;

	if (kernel_size >> 32)
		return efi_fail(why, why_size, EFI_LOAD_ERROR,
				"the kernel file is larger than 4 GiB");
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*files),
						  (void **)&files)))
		return efi_fail(why, why_size, EFI_OUT_OF_RESOURCES,
				"cannot allocate memory for the kernel's files");
	*files = (struct kernel_files){ .file_size = (uint32_t)kernel_size };
	s->files = files;
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, kernel_size ? kernel_size : 1,
						  (void **)&files->file))) {
		files->file = NULL;
		return efi_fail(why, why_size, EFI_OUT_OF_RESOURCES,
				"cannot allocate %llu bytes for the kernel file",
				(unsigned long long)kernel_size);
	}
	return EFI_SUCCESS;
}

/* The kernel file is in memory and the modules are known: parse its header. */
static EFI_STATUS files_parse(struct source *s, const char *kernel_name, const char *cmdline,
			      uint32_t count, bool prefer_mb1, char *why, size_t why_size)
{
	struct kernel_files *files = s->files;
	char detail[WHY_DETAIL];

	if (kernel_file_parse(&files->kernel, files->file, files->file_size, prefer_mb1, detail,
			      sizeof(detail)))
		return efi_fail(why, why_size, EFI_LOAD_ERROR, "%s: %s", kernel_name, detail);
	files->cmdline = cmdline;
	files->module_count = count;
	return EFI_SUCCESS;
}

EFI_STATUS source_lay_out(struct source *s, uint32_t base, char *why, size_t why_size)
{
	struct kernel_files *files = s->files;

	if (!files)
		return EFI_SUCCESS;
	if (base != files->kernel.load_addr)
		kernel_file_relocate(&files->kernel, base);
	if (synth_build(&files->synth, &files->kernel, files->cmdline, files->modules,
			files->module_count, s->loader_name, s->meta, why, why_size))
		return EFI_LOAD_ERROR;
	s->blob_size = files->synth.input.blob_size;
	s->blob = (struct blob_source){ read_file_blob, s };
	if (payload_load(s->payload, &files->synth.input, &s->blob, s->meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

const struct kernel_file *source_kernel(const struct source *s)
{
	return s->files ? &s->files->kernel : NULL;
}

static EFI_STATUS open_fwcfg_files(struct source *s, const struct fwcfg_file_info *kernel,
				   const struct options *opt, char *why, size_t why_size)
{
	uint32_t count = 0;
	EFI_STATUS status = files_alloc(s, kernel->size, why, why_size);

	if (EFI_ERROR(status))
		return status;
	struct kernel_files *files = s->files;

	if (fwcfg_read(s->fw, kernel->select, kernel->size, 0, files->file, kernel->size))
		return efi_fail(why, why_size, EFI_DEVICE_ERROR,
				"fw_cfg failed reading %s", SOURCE_FWCFG_KERNEL);
	const char *cmdline = fwcfg_string(s, SOURCE_FWCFG_CMDLINE, "");

	if (!cmdline)
		return efi_fail(why, why_size, EFI_LOAD_ERROR,
				"fw_cfg file %s is unreadable or too long",
				SOURCE_FWCFG_CMDLINE);
	/* Modules 0, 1, 2, ... up to the first number missing. */
	for (;; count++) {
		char name[FW_CFG_MAX_FILE_PATH], cmd_name[FW_CFG_MAX_FILE_PATH];
		struct fwcfg_file_info info;

		fmt_snprintf(name, sizeof(name), SOURCE_FWCFG_MODULE "%u", count);
		enum fwcfg_found r = fwcfg_file_lookup(s->fw, name, &info);

		if (r == FWCFG_ABSENT)
			break;
		fmt_snprintf(cmd_name, sizeof(cmd_name), "%s.cmdline", name);
		const char *module_cmdline = r == FWCFG_FOUND ? fwcfg_string(s, cmd_name, name)
							      : NULL;

		if (!module_cmdline || count == PAYLOAD_MAX_MODULES)
			return efi_fail(why, why_size, EFI_LOAD_ERROR,
					"cannot read fw_cfg file %s or its command line",
					name);
		files->modules[count] = (struct synth_module){ info.size, module_cmdline };
		files->module_select[count] = info.select;
	}
	return files_parse(s, SOURCE_FWCFG_KERNEL, cmdline, count, opt->multiboot1, why,
			   why_size);
}

/* Open one file named on the command line. */
static EFI_STATUS open_esp_file(EFI_FILE_PROTOCOL *root, const char *path,
				EFI_FILE_PROTOCOL **file, uint64_t *size,
				char *why, size_t why_size)
{
	EFI_STATUS status = esp_open(root, path, file, size);

	if (EFI_ERROR(status)) {
		*file = NULL;
		return efi_fail(why, why_size, status, "cannot open %s on this file system (%s)",
				path, efi_status_name(status));
	}
	return EFI_SUCCESS;
}

static EFI_STATUS open_esp_files(struct source *s, EFI_HANDLE image, const struct options *opt,
				 char *why, size_t why_size)
{
	EFI_FILE_PROTOCOL *root, *kernel;
	uint64_t size;
	const char *kernel_cmdline;
	const char *kernel_path = options_file(opt, 0, &kernel_cmdline);
	EFI_STATUS status = esp_open_root(image, &root);

	if (EFI_ERROR(status))
		return efi_fail(why, why_size, status,
				"cannot open the file system this app was loaded from (%s)",
				efi_status_name(status));
	status = open_esp_file(root, kernel_path, &kernel, &size, why, why_size);
	if (!EFI_ERROR(status))
		status = files_alloc(s, size, why, why_size);
	if (!EFI_ERROR(status) && esp_read(kernel, 0, s->files->file, (uint32_t)size)) {
		fmt_snprintf(why, why_size, "cannot read the kernel file %s", kernel_path);
		status = EFI_DEVICE_ERROR;
	}
	if (kernel)
		kernel->Close(kernel);
	if (EFI_ERROR(status)) {
		root->Close(root);
		return status;
	}
	struct kernel_files *files = s->files;
	uint32_t count = opt->file_count - 1;

	files->root = root;
	if (count > PAYLOAD_MAX_MODULES)
		return efi_fail(why, why_size, EFI_LOAD_ERROR,
				"%u modules is more than the %u this loader accepts",
				count, PAYLOAD_MAX_MODULES);
	for (uint32_t i = 0; i < count; i++) {
		const char *cmdline, *path = options_file(opt, i + 1, &cmdline);

		status = open_esp_file(root, path, &files->module_file[i], &size, why, why_size);
		if (EFI_ERROR(status))
			return status;
		if (size >> 32)
			return efi_fail(why, why_size, EFI_LOAD_ERROR,
					"module %s is larger than 4 GiB", path);
		files->modules[i] = (struct synth_module){ (uint32_t)size, cmdline };
	}
	return files_parse(s, kernel_path, kernel_cmdline, count, opt->multiboot1, why,
			   why_size);
}

EFI_STATUS source_open(struct source *s, EFI_HANDLE image, struct fwcfg *fw,
		       const struct options *opt, struct payload *payload, uint8_t *meta,
		       const char *loader_name, char *why, size_t why_size)
{
	struct fwcfg_file_info kernel;

	*s = (struct source){
		.fw = fw, .payload = payload, .meta = meta, .loader_name = loader_name,
	};
	if (opt->file_count)
		return open_esp_files(s, image, opt, why, why_size);
	enum fwcfg_found r = fwcfg_file_lookup(fw, SOURCE_FWCFG_KERNEL, &kernel);

	if (r == FWCFG_UNREADABLE)
		return efi_fail(why, why_size, EFI_DEVICE_ERROR,
				"cannot read fw_cfg's file directory");
	if (r == FWCFG_FOUND)
		return open_fwcfg_files(s, &kernel, opt, why, why_size);
	return open_qemu_blob(s, why, why_size);
}

const char *source_transfer_name(const struct source *s)
{
	if (s->files && s->files->root)
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
	if (!s->files) {
		fmt_snprintf(out, size, "QEMU -kernel payload");
		return;
	}
	fmt_snprintf(out, size, "%s %s (%s%s, %u bytes, %u segment%s)",
		     s->files->root ? "file" : "fw_cfg",
		     s->files->root ? "on this file system" : SOURCE_FWCFG_KERNEL,
		     kernel_format_name(s->files->kernel.format),
		     s->files->kernel.mb2 ? ", Multiboot 2" : "", s->files->file_size,
		     (unsigned)s->files->kernel.segment_count,
		     s->files->kernel.segment_count == 1 ? "" : "s");
}

const uint8_t *source_kernel_file(const struct source *s, uint32_t *size)
{
	if (!s->files)
		return NULL;
	*size = s->files->file_size;
	return s->files->file;
}

void source_close(struct source *s)
{
	if (s->files) {
		for (size_t i = 0; i < PAYLOAD_MAX_MODULES; i++)
			if (s->files->module_file[i])
				s->files->module_file[i]->Close(s->files->module_file[i]);
		if (s->files->root)
			s->files->root->Close(s->files->root);
		if (s->files->file)
			boot_services->FreePool(s->files->file);
		boot_services->FreePool(s->files);
	}
	s->files = NULL;
}
