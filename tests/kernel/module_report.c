// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "module_report.h"
#include "print.h"
#include "text.h"

/* A module's first word is its file name, as QEMU passes it. */
#define MODULE_NAME_WORDS 1

uint32_t module_length(uint32_t start, uint32_t end)
{
	return end >= start ? end - start : 0;
}

void module_report(uint32_t index, uint32_t start, uint32_t end, uint32_t len, uint32_t cksum,
		   const char *cmdline)
{
	report("module %u start=0x%x end=0x%x len=%u cksum=%u cmdline=\"%s\"",
	       index, start, end, len, cksum, cmdline);
}

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

void module_check_claims(uint32_t index, const char *cmdline, uint32_t len, uint32_t cksum)
{
	check_claim(index, cmdline, "len", len);
	check_claim(index, cmdline, "cksum", cksum);
}
