// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "expect_mb2.h"
#include "mb2test.h"
#include "text.h"

#define KERNEL_NAME_WORDS 1

/* Reads a numeric expectation; WANT_ANY if absent, and a malformed one
 * (a test bug) counts as a failure. */
static int number(const char *cmdline, const char *key)
{
	uint32_t len, value;
	const char *text = text_find_value(cmdline, KERNEL_NAME_WORDS, key, &len);

	if (!text)
		return WANT_ANY;
	if (!text_parse_number(text, len, &value) || value > INT32_MAX) {
		fail("cmdline %s= is not a number", key);
		return WANT_ANY;
	}
	return (int)value;
}

static int word_is(const char *text, uint32_t len, const char *word)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (text[i] != word[i])
			return 0;
	return !word[i];
}

static int entry_kind_of(const char *cmdline)
{
	uint32_t len;
	const char *text = text_find_value(cmdline, KERNEL_NAME_WORDS, "entry", &len);

	if (!text)
		return WANT_ANY;
	if (word_is(text, len, "i386"))
		return ENTRY_KIND_I386;
	if (word_is(text, len, "efi32"))
		return ENTRY_KIND_EFI32;
	if (word_is(text, len, "efi64"))
		return ENTRY_KIND_EFI64;
	fail("cmdline entry= is not i386, efi32 or efi64");
	return WANT_ANY;
}

void expect_parse(const char *cmdline, struct expectations *want)
{
	uint32_t len;
	const char *text;
	int efi = number(cmdline, "efi");

	want->mods = number(cmdline, "mods");
	want->loader = text_find_value(cmdline, KERNEL_NAME_WORDS, "loader", &want->loader_len);
	want->entry = entry_kind_of(cmdline);
	want->efi_bits = efi == 32 || efi == 64 ? (uint32_t)efi : 0;
	if (efi != WANT_ANY && !want->efi_bits)
		fail("cmdline efi=%u: want 32 or 64", (unsigned)efi);
	want->fb = number(cmdline, "fb");
	if (want->fb > MB2_FRAMEBUFFER_EGA_TEXT) {
		fail("cmdline fb=%u: want 0, 1 or 2", (unsigned)want->fb);
		want->fb = WANT_ANY;
	}
	want->reloc = number(cmdline, "reloc") == 1;
	want->acpi = number(cmdline, "acpi");
	want->smbios = number(cmdline, "smbios") == 1;
	text = text_find_value(cmdline, KERNEL_NAME_WORDS, "shaddr", &len);
	want->shaddr_link = text && word_is(text, len, "link");
	want->pic = number(cmdline, "pic") == 1;
	want->fseg = number(cmdline, "fseg");
	want->cpus = number(cmdline, "cpus");
}
