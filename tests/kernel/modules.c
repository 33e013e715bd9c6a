// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "cksum.h"
#include "module_report.h"
#include "modules.h"
#include "print.h"
#include "regions.h"
#include "text.h"

/* Enough for any test; beyond it the kernel says so instead of guessing. */
#define MAX_CHECKED_MODULES 128

static void check_module(uint32_t index, const multiboot_module_t *mod)
{
	int32_t cmdline_len = text_length(mod->cmdline);
	const char *cmdline = cmdline_len < 0 ? "" : (const char *)mod->cmdline;
	uint32_t len = module_length(mod->mod_start, mod->mod_end);
	uint32_t sum = posix_cksum((const uint8_t *)mod->mod_start, len);

	module_report(index, mod->mod_start, mod->mod_end, len, sum, cmdline);

	if (mod->mod_start % MULTIBOOT_MOD_ALIGN)
		fail("module %u start=0x%x not %u-aligned", index, mod->mod_start, MULTIBOOT_MOD_ALIGN);
	if (mod->mod_end < mod->mod_start)
		fail("module %u end=0x%x before start=0x%x", index, mod->mod_end, mod->mod_start);
	if (mod->pad)
		fail("module %u pad=0x%x want 0", index, mod->pad);
	if (cmdline_len < 0) {
		fail("module %u cmdline=0x%x missing or unterminated", index, mod->cmdline);
		return;
	}
	module_check_claims(index, cmdline, len, sum);

	region_add("module", index, mod->mod_start, mod->mod_start + (uint64_t)len);
	region_add("module-cmdline", index, mod->cmdline, mod->cmdline + (uint64_t)cmdline_len + 1);
}

void modules_check(const multiboot_info_t *mbi)
{
	const multiboot_module_t *mods = (const void *)mbi->mods_addr;
	uint32_t count = mbi->mods_count;

	report("mods_count=%u mods_addr=0x%x", mbi->mods_count, mbi->mods_addr);
	if (count > MAX_CHECKED_MODULES) {
		fail("mods_count=%u: checking only the first %u", count, MAX_CHECKED_MODULES);
		count = MAX_CHECKED_MODULES;
	}
	region_add("module-list", REGION_SINGLE, mbi->mods_addr,
		   mbi->mods_addr + (uint64_t)mbi->mods_count * sizeof(*mods));
	for (uint32_t i = 0; i < count; i++)
		check_module(i, &mods[i]);
}
