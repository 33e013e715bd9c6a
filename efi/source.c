#include "source.h"

#include "../loader/fmt.h"
#include "firmware.h"

/* QEMU names the option ROM it meant for the payload in fw_cfg's files. */
static const char *const multiboot_roms[] = {
	"genroms/multiboot_dma.bin", "genroms/multiboot.bin",
};
#define MAX_FILES 4096

struct blob_ctx {
	struct fwcfg *fw;
	uint32_t size;
};

static int read_blob(void *ctx, uint32_t offset, void *dest, uint32_t len)
{
	struct blob_ctx *b = ctx;

	return fwcfg_read(b->fw, FW_CFG_KERNEL_DATA, b->size, offset, dest, len);
}

int source_read_blob(struct fwcfg *fw, const struct payload *p, uint32_t offset,
		     void *dest, uint32_t len)
{
	return fwcfg_read(fw, FW_CFG_KERNEL_DATA, p->blob_size, offset, dest, len);
}

/* fw_cfg's file directory, read once. */
static void *directory;
static uint32_t directory_size;

static int read_directory(struct fwcfg *fw)
{
	uint8_t count_be[4];

	if (directory)
		return 0;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, sizeof(count_be), 0, count_be, sizeof(count_be)))
		return -1;
	uint32_t count = (uint32_t)count_be[0] << 24 | count_be[1] << 16 |
			 count_be[2] << 8 | count_be[3];
	if (count > MAX_FILES)
		return -1;
	uint32_t size = sizeof(count_be) + count * sizeof(struct fw_cfg_file);

	if (EFI_ERROR(boot_services->AllocatePool(EfiLoaderData, size, &directory)))
		return -1;
	if (fwcfg_read(fw, FW_CFG_FILE_DIR, size, 0, directory, size)) {
		boot_services->FreePool(directory);
		directory = NULL;
		return -1;
	}
	directory_size = size;
	return 0;
}

int source_find_file(struct fwcfg *fw, const char *name, struct fwcfg_file_info *info)
{
	if (read_directory(fw))
		return -1;
	return fwcfg_dir_find(directory, directory_size, name, info);
}

void source_release(void)
{
	if (directory)
		boot_services->FreePool(directory);
	directory = NULL;
}

/* 1 when QEMU set up its multiboot ROM, 0 when not, -1 on a bad directory. */
static int has_multiboot_rom(struct fwcfg *fw)
{
	struct fwcfg_file_info info;

	for (size_t i = 0; i < sizeof(multiboot_roms) / sizeof(multiboot_roms[0]); i++) {
		int r = source_find_file(fw, multiboot_roms[i], &info);

		if (r <= 0)
			return r ? -1 : 1;
	}
	return 0;
}

int source_read_options(struct fwcfg *fw, char *out, size_t size)
{
	struct fwcfg_file_info info;

	out[0] = '\0';
	if (source_find_file(fw, SOURCE_OPTIONS_FILE, &info))
		return 0;
	if (info.size >= size ||
	    fwcfg_read(fw, info.select, info.size, 0, out, info.size))
		return -1;
	out[info.size] = '\0';
	return 0;
}

EFI_STATUS source_read_payload(struct fwcfg *fw, struct payload *p, uint8_t *meta,
			       char *why, size_t why_size)
{
	uint8_t mbi[PAYLOAD_MBI_SIZE];
	struct payload_input in = {
		.blob_size = fwcfg_read_u32(fw, FW_CFG_KERNEL_SIZE),
	};

	if (!in.blob_size) {
		fmt_snprintf(why, why_size, "QEMU was given no -kernel: nothing to boot");
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

	struct blob_ctx ctx = { fw, in.blob_size };
	struct blob_source src = { read_blob, &ctx };

	if (payload_load(p, &in, &src, meta, why, why_size))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}
