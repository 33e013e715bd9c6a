// SPDX-License-Identifier: BSD-2-Clause
#include <stddef.h>
#include "check.h"
#include "cksum.h"
#include "mb2test.h"
#include "module_report.h"
#include "print.h"

/* With the module-align header tag, modules start on page boundaries. */
#define MODULE_ALIGN 4096

static void check_module(uint32_t index, const struct mb2_tag_module *mod, int aligned)
{
	const char *cmdline;
	uint32_t len, sum = 0;

	if (mod->size < sizeof(*mod) + 1) {
		fail("module %u tag size=%u too small for a command line", index, mod->size);
		return;
	}
	cmdline = tag_text((const void *)mod, offsetof(struct mb2_tag_module, cmdline),
			   "module cmdline");
	if (!cmdline)
		cmdline = "";
	len = module_length(mod->mod_start, mod->mod_end);
	if (addressable(mod->mod_start, len))
		sum = posix_cksum(phys(mod->mod_start), len);
	module_report(index, mod->mod_start, mod->mod_end, len, sum, cmdline);

	if (mod->mod_end < mod->mod_start)
		fail("module %u end=0x%x before start=0x%x", index, mod->mod_end, mod->mod_start);
	if (!addressable(mod->mod_start, len) && len)
		fail("module %u start=0x%x unreadable", index, mod->mod_start);
	if (aligned && mod->mod_start % MODULE_ALIGN)
		fail("module %u start=0x%x not %u-aligned (header has module-align)", index,
		     mod->mod_start, MODULE_ALIGN);
	module_check_claims(index, cmdline, len, sum);
	place("module", index, mod->mod_start, mod->mod_start + (uint64_t)len);
}

void modules_check_mb2(const struct mb2_info *info, int aligned)
{
	report("tag 3 modules count=%u", info->count[MB2_TAG_MODULE]);
	for (uint32_t i = 0; i < info->module_count; i++)
		check_module(i, info->module[i], aligned);
}
