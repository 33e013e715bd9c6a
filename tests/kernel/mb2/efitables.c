// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "print.h"

#define SYSTEM_TABLE_SIGNATURE 0x5453595320494249ull  /* "IBI SYST" */

/* A system-table tag's pointer must lead to a table with the signature. */
static int check_system_table(uint32_t type, uint64_t pointer)
{
	report("tag %u efi%s system table=0x%llx", type, type == MB2_TAG_EFI32 ? "32" : "64",
	       (unsigned long long)pointer);
	if (!addressable(pointer, sizeof(uint64_t))) {
		fail("tag %u: system table 0x%llx unreadable", type, (unsigned long long)pointer);
		return 0;
	}
	if (*(const volatile uint64_t *)phys(pointer) != SYSTEM_TABLE_SIGNATURE) {
		fail("tag %u: no EFI system table signature at 0x%llx", type,
		     (unsigned long long)pointer);
		return 0;
	}
	return 1;
}

static uint64_t pointer_of(const struct mb2_tag *tag)
{
	if (tag->type == MB2_TAG_EFI32 || tag->type == MB2_TAG_EFI32_IH) {
		const struct mb2_tag_efi32 *t = (const void *)tag;

		return t->size >= sizeof(*t) ? t->pointer : 0;
	} else {
		const struct mb2_tag_efi64 *t = (const void *)tag;

		return t->size >= sizeof(*t) ? t->pointer : 0;
	}
}

void efi_tables_check(const struct mb2_info *info, uint32_t want_bits)
{
	const struct mb2_tag *st32 = info->tag[MB2_TAG_EFI32], *st64 = info->tag[MB2_TAG_EFI64];
	const struct mb2_tag *ih32 = info->tag[MB2_TAG_EFI32_IH], *ih64 = info->tag[MB2_TAG_EFI64_IH];
	int boot_services = info->tag[MB2_TAG_EFI_BS] != 0;
	int ok32 = st32 && check_system_table(MB2_TAG_EFI32, pointer_of(st32));
	int ok64 = st64 && check_system_table(MB2_TAG_EFI64, pointer_of(st64));

	if (ih32)
		report("tag 19 efi32 image handle=0x%llx", (unsigned long long)pointer_of(ih32));
	if (ih64)
		report("tag 20 efi64 image handle=0x%llx", (unsigned long long)pointer_of(ih64));
	if (ih32 && !pointer_of(ih32))
		fail("tag 19: image handle 0");
	if (ih64 && !pointer_of(ih64))
		fail("tag 20: image handle 0");
	if (want_bits == 32 && !ok32)
		fail("efi=32: no valid EFI32 system table tag (11)");
	if (want_bits == 64 && !ok64)
		fail("efi=64: no valid EFI64 system table tag (12)");
	/* An image handle is of use only while boot services run: required
	 * then (spec 3.6.17/18), and GRUB gives it only then. */
	if (boot_services && want_bits == 32 && !ih32)
		fail("efi=32 with boot services kept: no image handle tag (19)");
	if (boot_services && want_bits == 64 && !ih64)
		fail("efi=64 with boot services kept: no image handle tag (20)");
}
