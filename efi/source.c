#include "source.h"

#include "../loader/fmt.h"
#include "../loader/kernel_file.h"
#include "../loader/synth.h"
#include "firmware.h"
#include "fwcfg_dir.h"

/* QEMU names the option ROM it meant for the payload in fw_cfg's files. */
static const char *const multiboot_roms[] = {
	"genroms/multiboot_dma.bin", "genroms/multiboot.bin",
};

/* Everything the raw-file path needs, in one allocation. */
struct raw_files {
	uint8_t *file;       /* the kernel file, read whole */
	uint32_t file_size;
	struct kernel_file kernel;
	struct synth synth;
	struct synth_module modules[PAYLOAD_MAX_MODULES];
	uint16_t module_select[PAYLOAD_MAX_MODULES];
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

static EFI_STATUS open_raw_files(struct source *s, const struct fwcfg_file_info *kernel,
				 struct payload *p, uint8_t *meta, const char *loader_name,
				 char *why, size_t why_size)
{
	struct raw_files *raw;
	uint32_t count = 0;

	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, sizeof(*raw), (void **)&raw))) {
		fmt_snprintf(why, why_size, "cannot allocate memory for the raw kernel files");
		return EFI_OUT_OF_RESOURCES;
	}
	*raw = (struct raw_files){ .file_size = kernel->size };
	s->raw = raw;
	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, kernel->size ? kernel->size : 1,
						  (void **)&raw->file))) {
		raw->file = NULL;
		fmt_snprintf(why, why_size, "cannot allocate 0x%x bytes for the kernel file",
			     kernel->size);
		return EFI_OUT_OF_RESOURCES;
	}
	if (fwcfg_read(s->fw, kernel->select, kernel->size, 0, raw->file, kernel->size)) {
		fmt_snprintf(why, why_size, "fw_cfg failed reading %s", SOURCE_RAW_KERNEL);
		return EFI_DEVICE_ERROR;
	}
	if (kernel_file_parse(&raw->kernel, raw->file, raw->file_size, why, why_size))
		return EFI_LOAD_ERROR;

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
	if (synth_build(&raw->synth, &raw->kernel, cmdline, raw->modules, count, loader_name,
			meta, why, why_size))
		return EFI_LOAD_ERROR;
	s->blob_size = raw->synth.input.blob_size;
	s->blob = (struct blob_source){ read_raw_blob, s };
	if (payload_load(p, &raw->synth.input, &s->blob, meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

EFI_STATUS source_open(struct source *s, struct fwcfg *fw, struct payload *p,
		       uint8_t *meta, const char *loader_name, char *why, size_t why_size)
{
	struct fwcfg_file_info kernel;

	*s = (struct source){ .fw = fw };
	int r = fwcfg_dir_lookup(fw, SOURCE_RAW_KERNEL, &kernel);

	if (r < 0) {
		fmt_snprintf(why, why_size, "cannot read fw_cfg's file directory");
		return EFI_DEVICE_ERROR;
	}
	if (r == 0)
		return open_raw_files(s, &kernel, p, meta, loader_name, why, why_size);
	return open_qemu_blob(s, p, meta, why, why_size);
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
	fmt_snprintf(out, size, "fw_cfg %s (%s, %u bytes, %u segment%s)", SOURCE_RAW_KERNEL,
		     kernel_format_name(s->raw->kernel.format), s->raw->file_size,
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
		if (s->raw->file)
			boot_services->FreePool(s->raw->file);
		boot_services->FreePool(s->raw);
	}
	s->raw = NULL;
	fwcfg_dir_release();
}
