// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for multiboot.cfg (loader/config.c) and the options of
 * its entries (loader/options.c).
 *
 * Input: the file's bytes, parsed from a heap block of exactly their size
 * plus the one byte config_parse may write (ASan sees any access past it).
 * Invariants:
 *   - a refusal is one line "multiboot.cfg: ..." or "multiboot.cfg:LINE:
 *     ..." with LINE within the file;
 *   - a parsed file has 1 to CONFIG_MAX_ENTRIES entries, the default among
 *     them, a timeout within its limit; every entry's lines are within the
 *     file, its title fits and converts whole to UCS-2, its text lies in
 *     the buffer;
 *   - every entry's command line, with or without the app's own options in
 *     front, parses (naming a kernel) or is refused with a reason naming a
 *     line of that entry; each of its files is named on one of its lines.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "loader/config.h"

#include "fuzz_common.h"

#define NAME "multiboot.cfg"
#define LINE_SIZE 4096
#define WHY_SIZE 256

static char line[LINE_SIZE], files[LINE_SIZE], scratch[LINE_SIZE], more[LINE_SIZE];

/* The line a reason names ("NAME:LINE: ..."), 0 for "NAME: ...". */
FUZZ_REFERENCE static unsigned reason_line(const char *why)
{
	size_t prefix = strlen(NAME);
	unsigned line_number = 0;

	FUZZ_CHECK(!strncmp(why, NAME ":", prefix + 1), "reason \"%s\" does not name the file", why);
	FUZZ_CHECK(!strchr(why, '\n'), "reason \"%s\" is not one line", why);
	for (why += prefix + 1; *why >= '0' && *why <= '9'; why++)
		line_number = line_number * 10 + (unsigned)(*why - '0');
	FUZZ_CHECK(*why == ':' || (*why == ' ' && !line_number), "reason \"%s\": no line, no text",
		   why);
	return line_number;
}

FUZZ_REFERENCE static void check_title(const char *title)
{
	uint16_t shown[CONFIG_TITLE_SIZE];
	size_t len = strnlen(title, CONFIG_TITLE_SIZE);
	size_t chars = 0;

	FUZZ_CHECK(len < CONFIG_TITLE_SIZE, "title not terminated");
	/* Each character converts: as many as UTF-8 lead bytes. */
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)title[i] & 0xc0) != 0x80;
	FUZZ_CHECK(config_title_ucs2(title, shown, CONFIG_TITLE_SIZE) == chars,
		   "title \"%s\" converts to fewer than its %zu characters", title, chars);
}

static void check_entry(const struct config *c, unsigned i, const char *own)
{
	const struct config_entry *e = &c->entries[i];
	struct options o;
	char why[WHY_SIZE];
	/* Its lines end before the next entry's. */
	unsigned last = i + 1 < c->entry_count ? c->entries[i + 1].line - 1 : c->line_count;

	strcpy(line, own);
	if (config_entry_options(c, i, line, sizeof(line), &o, files, sizeof(files), why,
				 sizeof(why))) {
		unsigned at = reason_line(why);

		FUZZ_LOG("entry %u (%s): %s\n", i + 1, own, why);
		FUZZ_CHECK(at >= e->line && at <= last, "entry %u (lines %u-%u) refused at %u: %s",
			   i + 1, e->line, last, at, why);
		return;
	}
	FUZZ_CHECK(o.file_count >= 1, "entry %u accepted without a kernel", i + 1);
	for (unsigned f = 0; f < o.file_count; f++) {
		unsigned at = config_file_line(c, i, f, scratch, sizeof(scratch), more,
					       sizeof(more));

		FUZZ_CHECK(at >= e->line && at <= last, "entry %u (lines %u-%u): file %u on line %u",
			   i + 1, e->line, last, f, at);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct config c;
	char why[WHY_SIZE];

	FUZZ_CHECK(text, "malloc");
	memcpy(text, data, size);
	why[0] = '\0';
	if (config_parse(&c, text, size, NAME, why, sizeof(why))) {
		unsigned at = reason_line(why);
		unsigned lines = 1;

		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		FUZZ_LOG("refused: %s\n", why);
		FUZZ_CHECK(at <= lines, "refused at line %u of %u: %s", at, lines, why);
		free(text);
		return 0;
	}
	FUZZ_LOG("%u entries, default %u, timeout %u\n", c.entry_count, c.default_index + 1,
		 c.timeout);
	FUZZ_CHECK(c.entry_count >= 1 && c.entry_count <= CONFIG_MAX_ENTRIES, "%u entries",
		   c.entry_count);
	FUZZ_CHECK(c.default_index < c.entry_count, "default %u of %u", c.default_index,
		   c.entry_count);
	FUZZ_CHECK(c.timeout <= CONFIG_MAX_TIMEOUT, "timeout %u", c.timeout);
	for (unsigned i = 0; i < c.entry_count; i++) {
		const struct config_entry *e = &c.entries[i];

		FUZZ_CHECK(e->line >= 1 && e->line <= c.line_count && e->text_line == e->line,
			   "entry %u on line %u (text %u) of %u", i + 1, e->line, e->text_line,
			   c.line_count);
		FUZZ_CHECK(i == 0 || e->line > c.entries[i - 1].line, "entry %u before its previous",
			   i + 1);
		FUZZ_CHECK(e->text >= text && e->text + strlen(e->text) <= text + size,
			   "entry %u's text outside the file", i + 1);
		check_title(e->title);
		check_entry(&c, i, "");
		check_entry(&c, i, "-v --strict");
	}
	free(text);
	return 0;
}
