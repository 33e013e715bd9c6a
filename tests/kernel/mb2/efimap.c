// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "print.h"
#include "regions.h"

/* UEFI 2.x EFI_MEMORY_DESCRIPTOR: u32 type, pad, u64 physical start,
 * virtual start, number of 4 KiB pages, attributes. Firmware may use a
 * larger stride (descr_size), never a smaller one. */
#define DESCRIPTOR_MIN_SIZE  40
#define DESCRIPTOR_ALIGN     8
#define DESCRIPTOR_VERSION   1
#define EFI_PAGE_SHIFT       12
#define EFI_LOADER_CODE      1
#define EFI_LOADER_DATA      2
#define EFI_MMAP_HEADER      16  /* type, size, descr_size, descr_vers */

/* EFI_SYSTEM_TABLE and EFI_BOOT_SERVICES: a 24-byte header, then
 * pointer-sized fields (FirmwareRevision is padded to one on x64). */
#define TABLE_HEADER_SIZE    24
#define ST_BOOT_SERVICES     (TABLE_HEADER_SIZE + 9 * sizeof(uintptr_t))
#define BS_GET_MEMORY_MAP    (TABLE_HEADER_SIZE + 4 * sizeof(uintptr_t))
#define BOOT_SERVICES_SIGNATURE 0x56524553544F4F42ull  /* "BOOTSERV" */
#define SYSTEM_TABLE_SIGNATURE  0x5453595320494249ull  /* "IBI SYST" */
#define EFI_SUCCESS          0

/* OVMF hands out about 150 descriptors of 48 bytes. */
#define LIVE_MAP_BYTES       32768

#ifdef __x86_64__
#define EFIAPI __attribute__((ms_abi))
#else
#define EFIAPI
#endif

typedef uintptr_t (EFIAPI *get_memory_map_fn)(uintptr_t *size, void *map, uintptr_t *key,
					      uintptr_t *descr_size, uint32_t *descr_version);

struct efi_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t pages;
	uint64_t attribute;
};

static const uint8_t *map;
static uint32_t map_bytes, descr_size;
static uint8_t live_map[LIVE_MAP_BYTES] __attribute__((aligned(8)));

static const struct efi_descriptor *descriptor(uint32_t i)
{
	return (const void *)(map + (uintptr_t)i * descr_size);
}

static uint32_t descriptor_count(void)
{
	return map ? map_bytes / descr_size : 0;
}

static void print_map(const char *source)
{
	report("efi map from %s descriptors=%u descr_size=%u", source, descriptor_count(),
	       descr_size);
	for (uint32_t i = 0; i < descriptor_count(); i++) {
		const struct efi_descriptor *d = descriptor(i);

		report("efimap %u type=%u addr=0x%llx pages=0x%llx", i, d->type,
		       (unsigned long long)d->phys_start, (unsigned long long)d->pages);
	}
}

static void use_tag(const struct mb2_tag_efi_mmap *tag)
{
	uint32_t bytes = tag->size >= EFI_MMAP_HEADER ? tag->size - EFI_MMAP_HEADER : 0;

	report("tag 17 efi-mmap bytes=%u descr_size=%u descr_vers=%u", bytes, tag->descr_size,
	       tag->descr_vers);
	if (tag->descr_size < DESCRIPTOR_MIN_SIZE || tag->descr_size % DESCRIPTOR_ALIGN) {
		fail("efi-mmap descr_size=%u: want at least %u and a multiple of %u",
		     tag->descr_size, DESCRIPTOR_MIN_SIZE, DESCRIPTOR_ALIGN);
		return;
	}
	if (bytes % tag->descr_size)
		fail("efi-mmap holds %u bytes, not a whole number of %u-byte descriptors", bytes,
		     tag->descr_size);
	if (tag->descr_vers != DESCRIPTOR_VERSION)
		report("note: efi-mmap descr_vers=%u (UEFI defines %u)", tag->descr_vers,
		       DESCRIPTOR_VERSION);
	map = tag->efi_mmap;
	map_bytes = bytes;
	descr_size = tag->descr_size;
	print_map("tag 17");
}

/* The system table the matching tag (11 in the 32-bit kernels, 12 in the
 * 64-bit one) points to, or 0. */
static uint64_t system_table(const struct mb2_info *info)
{
#ifdef __x86_64__
	const struct mb2_tag_efi64 *t = (const void *)info->tag[MB2_TAG_EFI64];
#else
	const struct mb2_tag_efi32 *t = (const void *)info->tag[MB2_TAG_EFI32];
#endif
	return t && t->size >= sizeof(*t) ? t->pointer : 0;
}

/* Boot services are still running (an EFI entry without tag 17): ask the
 * firmware, which also tells whether the loader really allocated what it
 * placed, rather than merely writing there. */
static void use_firmware(const struct mb2_info *info)
{
	uint64_t st = system_table(info), bs;
	uintptr_t size = sizeof(live_map), key = 0, dsize = 0;
	uint32_t version = 0;
	get_memory_map_fn get_memory_map;
	uintptr_t status;

	if (!addressable(st, ST_BOOT_SERVICES + sizeof(uintptr_t)) ||
	    *(const volatile uint64_t *)phys(st) != SYSTEM_TABLE_SIGNATURE) {
		fail("efi map: no tag 17 and no usable system table (0x%llx) to ask",
		     (unsigned long long)st);
		return;
	}
	bs = *(const volatile uintptr_t *)phys(st + ST_BOOT_SERVICES);
	if (!addressable(bs, BS_GET_MEMORY_MAP + sizeof(uintptr_t)) ||
	    *(const volatile uint64_t *)phys(bs) != BOOT_SERVICES_SIGNATURE) {
		fail("efi map: boot services table 0x%llx is gone", (unsigned long long)bs);
		return;
	}
	get_memory_map = *(const get_memory_map_fn *)phys(bs + BS_GET_MEMORY_MAP);
	status = get_memory_map(&size, live_map, &key, &dsize, &version);
	/* Its RestoreTPL may have turned interrupts back on; the entry code
	 * had them off so the firmware's handlers stay out of the checks. */
	__asm__ volatile("cli");
	if (status != EFI_SUCCESS) {
		fail("efi map: GetMemoryMap status=0x%llx (size %llu)",
		     (unsigned long long)status, (unsigned long long)size);
		return;
	}
	if (dsize < DESCRIPTOR_MIN_SIZE || dsize % DESCRIPTOR_ALIGN) {
		fail("efi map: GetMemoryMap descriptor size %u", (unsigned)dsize);
		return;
	}
	map = live_map;
	map_bytes = (uint32_t)size;
	descr_size = (uint32_t)dsize;
	print_map("GetMemoryMap");
}

void efimap_check(const struct mb2_info *info)
{
	if (info->tag[MB2_TAG_EFI_MMAP])
		use_tag((const void *)info->tag[MB2_TAG_EFI_MMAP]);
	else if (entry_kind != ENTRY_KIND_I386 && info->tag[MB2_TAG_EFI_BS])
		use_firmware(info);
}

static const struct efi_descriptor *containing(uint64_t addr)
{
	for (uint32_t i = 0; i < descriptor_count(); i++) {
		const struct efi_descriptor *d = descriptor(i);

		if (d->phys_start <= addr && addr - d->phys_start < d->pages << EFI_PAGE_SHIFT)
			return d;
	}
	return 0;
}

/* " N" for numbered regions (modules), "" for single ones. */
static const char *index_text(uint32_t index)
{
	static char text[12];
	char digits[10];
	uint32_t n = 0, d = 0;

	if (index == REGION_SINGLE)
		return "";
	do {
		digits[d++] = (char)('0' + index % 10);
		index /= 10;
	} while (index);
	text[n++] = ' ';
	while (d)
		text[n++] = digits[--d];
	text[n] = '\0';
	return text;
}

void efimap_require_loader(const char *name, uint32_t index, uint64_t start, uint64_t end)
{
	uint64_t at = start;

	/* After the i386 entry the firmware is gone and cannot reuse anything. */
	if (entry_kind == ENTRY_KIND_I386 || start >= end)
		return;
	if (!map) {
		fail("%s%s: no EFI map to check its allocation against", name, index_text(index));
		return;
	}
	while (at < end) {
		const struct efi_descriptor *d = containing(at);

		if (!d || (d->type != EFI_LOADER_CODE && d->type != EFI_LOADER_DATA)) {
			/* Type 0 (EfiReservedMemoryType) also stands for "in no descriptor". */
			fail("%s%s [0x%llx,0x%llx): 0x%llx is in EFI type %u, not LoaderCode/Data"
			     " (the firmware may reuse it)", name, index_text(index),
			     (unsigned long long)start, (unsigned long long)end,
			     (unsigned long long)at, d ? d->type : 0);
			return;
		}
		at = d->phys_start + (d->pages << EFI_PAGE_SHIFT);
	}
}
