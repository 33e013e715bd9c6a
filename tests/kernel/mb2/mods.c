#include <stddef.h>
#include "check.h"
#include "cksum.h"
#include "mb2test.h"
#include "print.h"
#include "text.h"

/* With the module-align header tag, modules start on page boundaries. */
#define MODULE_ALIGN 4096
/* A module's first word is its name (tests/kernel/modules.c does the same). */
#define MODULE_NAME_WORDS 1

/* A "key=N" word in the module's command line must equal actual. */
static void check_claim(uint32_t index, const char *cmdline, const char *key, uint32_t actual)
{
	uint32_t len, claimed;
	const char *value = text_find_value(cmdline, MODULE_NAME_WORDS, key, &len);

	if (!value)
		return;
	if (!text_parse_number(value, len, &claimed))
		fail("module %u %s= is not a number", index, key);
	else if (claimed != actual)
		fail("module %u %s=%u but the module has %u", index, key, claimed, actual);
}

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
	len = mod->mod_end >= mod->mod_start ? mod->mod_end - mod->mod_start : 0;
	if (addressable(mod->mod_start, len))
		sum = posix_cksum(phys(mod->mod_start), len);
	/* The line tests/boot/expect.sh matches: as tests/kernel/modules.c. */
	report("module %u start=0x%x end=0x%x len=%u cksum=%u cmdline=\"%s\"",
	       index, mod->mod_start, mod->mod_end, len, sum, cmdline);

	if (mod->mod_end < mod->mod_start)
		fail("module %u end=0x%x before start=0x%x", index, mod->mod_end, mod->mod_start);
	if (!addressable(mod->mod_start, len) && len)
		fail("module %u start=0x%x unreadable", index, mod->mod_start);
	if (aligned && mod->mod_start % MODULE_ALIGN)
		fail("module %u start=0x%x not %u-aligned (header has module-align)", index,
		     mod->mod_start, MODULE_ALIGN);
	check_claim(index, cmdline, "len", len);
	check_claim(index, cmdline, "cksum", sum);
	place("module", index, mod->mod_start, mod->mod_start + (uint64_t)len);
}

void modules_check_mb2(const struct mb2_info *info, int aligned)
{
	report("tag 3 modules count=%u", info->count[MB2_TAG_MODULE]);
	for (uint32_t i = 0; i < info->module_count; i++)
		check_module(i, info->module[i], aligned);
}
