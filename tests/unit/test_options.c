// SPDX-License-Identifier: BSD-2-Clause
/* loader/options.c: the app's command line. */
#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "loader/options.h"

static char files[256];

static int parse(struct options *o, const char *line, char *why, size_t why_size)
{
	static char buf[512];

	strncpy(buf, line, sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	why[0] = '\0';
	return options_parse(o, buf, files, sizeof(files), why, why_size);
}

/* The n-th file's command line ("path args"). */
static const char *file_entry(const struct options *o, unsigned n)
{
	const char *cmdline;

	options_file(o, n, &cmdline);
	return cmdline;
}

/* The n-th file's path. */
static const char *file_path(const struct options *o, unsigned n)
{
	const char *cmdline;

	return options_file(o, n, &cmdline);
}

static bool no_flags(const struct options *o)
{
	return !o->help && !o->version && !o->quiet && !o->verbose && !o->strict &&
	       !o->dry_run && !o->no_dma && !o->sha256 && !o->no_rsdp && !o->file_count;
}

TEST(options_no_args)
{
	struct options o;
	char why[128];

	memset(&o, 0xFF, sizeof(o));
	CHECK_OK(parse(&o, "", why, sizeof(why)), why);
	CHECK(no_flags(&o));
	memset(&o, 0xFF, sizeof(o));
	CHECK_OK(parse(&o, "   \t ", why, sizeof(why)), why);
	CHECK(no_flags(&o));
}

TEST(options_kernel_and_modules)
{
	struct options o;
	char why[128];

	CHECK_OK(parse(&o, "--strict \\boot\\kernel.elf console=com0 -s", why, sizeof(why)), why);
	CHECK(o.strict);
	CHECK_EQ(o.file_count, 1);
	CHECK_STR(file_entry(&o, 0), "\\boot\\kernel.elf console=com0 -s");

	CHECK_OK(parse(&o, "k a  b --module m1 x,,y --module m2 --module m3 -v", why, sizeof(why)),
		 why);
	CHECK(!o.verbose);  /* after the kernel, words are arguments */
	CHECK_EQ(o.file_count, 4);
	CHECK_STR(file_entry(&o, 0), "k a b");
	CHECK_STR(file_entry(&o, 1), "m1 x,,y");
	CHECK_STR(file_entry(&o, 2), "m2");
	CHECK_STR(file_entry(&o, 3), "m3 -v");
	CHECK_STR(file_path(&o, 0), "k");
	CHECK_STR(file_path(&o, 1), "m1");
	CHECK_STR(file_path(&o, 3), "m3");

	/* A module file name is required. */
	CHECK_REFUSED(parse(&o, "k --module", why, sizeof(why)), why, "--module");
	/* --module before a kernel says what comes first. */
	CHECK_REFUSED(parse(&o, "--strict --module m", why, sizeof(why)), why,
		      "a kernel file must come before --module");
	/* --module --module: the second is the file name. */
	CHECK_OK(parse(&o, "k --module --module", why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_entry(&o, 1), "--module");
}

/* Quoting as the UEFI shell reads it: "..." groups blanks, ^ escapes. */
TEST(options_quoted_paths)
{
	struct options o;
	char why[128];

	CHECK_OK(parse(&o, "\\boot\\kernel.elf --module \"\\boot\\my mod.img\" a b", why,
		       sizeof(why)), why);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_path(&o, 1), "\\boot\\my mod.img");
	/* The kernel sees the path quoted again, as GRUB quotes it. */
	CHECK_STR(file_entry(&o, 1), "\"\\boot\\my mod.img\" a b");

	CHECK_OK(parse(&o, "k \"title=my os\" x^\"y \"\" ^^", why, sizeof(why)), why);
	CHECK_STR(file_path(&o, 0), "k");
	CHECK_STR(file_entry(&o, 0), "k \"title=my os\" x\"y \"\" ^");

	/* Quotes may open mid-word; a blank inside keeps it one word. */
	CHECK_OK(parse(&o, "\\a\" b\"c\\k.elf", why, sizeof(why)), why);
	CHECK_STR(file_path(&o, 0), "\\a bc\\k.elf");
	/* Options can be quoted too. */
	CHECK_OK(parse(&o, "\"--strict\" k", why, sizeof(why)), why);
	CHECK(o.strict);
}

TEST(options_unterminated_quote_refused)
{
	struct options o;
	char why[128];

	CHECK_REFUSED(parse(&o, "k --module \"\\boot\\my mod.img", why, sizeof(why)), why,
		      "never closed");
}

/* A shell argument quoted back reads as the same single word. */
TEST(options_quote_word_round_trip)
{
	static const char *const words[] = {
		"plain", "two words", "tab\there", "quote\"in", "caret^in", "",
		"\\boot\\my mod.img", "\"", "^",
	};
	char quoted[64], line[80];
	struct options o;
	char why[128];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		CHECK(options_quote_word(quoted, sizeof(quoted), words[i]) >= 0);
		snprintf(line, sizeof(line), "%s tail", quoted);
		CHECK_OK(parse(&o, line, why, sizeof(why)), why);
		CHECK_EQ(o.file_count, 1);
		CHECK_STR(file_path(&o, 0), words[i]);
	}
	CHECK_EQ(options_quote_word(quoted, 4, "two words"), -1);
	CHECK_EQ(options_quote_word(quoted, 6, "abcde"), 5);
	CHECK_EQ(options_quote_word(quoted, 5, "abcde"), -1);
}

TEST(options_file_list_overflow_refused)
{
	struct options o;
	char why[128], line[400];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK_REFUSED(parse(&o, line, why, sizeof(why)), why, "longer");
}

TEST(options_each_flag)
{
	static const struct {
		const char *word;
		size_t field;
	} cases[] = {
		{ "-h", offsetof(struct options, help) },
		{ "--help", offsetof(struct options, help) },
		{ "--version", offsetof(struct options, version) },
		{ "-q", offsetof(struct options, quiet) },
		{ "--quiet", offsetof(struct options, quiet) },
		{ "-v", offsetof(struct options, verbose) },
		{ "--verbose", offsetof(struct options, verbose) },
		{ "--strict", offsetof(struct options, strict) },
		{ "-n", offsetof(struct options, dry_run) },
		{ "--dry-run", offsetof(struct options, dry_run) },
		{ "--no-dma", offsetof(struct options, no_dma) },
		{ "--sha256", offsetof(struct options, sha256) },
		{ "--no-rsdp", offsetof(struct options, no_rsdp) },
		{ "--keep-graphics", offsetof(struct options, keep_graphics) },
		{ "--text-mode", offsetof(struct options, text_mode) },
		{ "--bios-video", offsetof(struct options, bios_video) },
		{ "--multiboot1", offsetof(struct options, multiboot1) },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct options o, expect = { .files = files };
		char why[128];

		*(bool *)((char *)&expect + cases[i].field) = true;
		CHECK_OK(parse(&o, cases[i].word, why, sizeof(why)), why);
		if (memcmp(&o, &expect, sizeof(o)))
			check_fail(__FILE__, __LINE__, "\"%s\" sets exactly its flag", cases[i].word);
	}
}

TEST(options_all_together)
{
	struct options o;
	char why[128];

	CHECK_OK(parse(&o, "--help --version -v --strict --dry-run --no-dma --sha256 --no-rsdp",
		       why, sizeof(why)), why);
	CHECK(o.help && o.version && o.verbose && o.strict && o.dry_run && o.no_dma && o.sha256 &&
	      o.no_rsdp && !o.quiet && !o.file_count);
	/* Repeating a flag is harmless. */
	CHECK_OK(parse(&o, "-q -q --quiet", why, sizeof(why)), why);
	CHECK(o.quiet);
}

TEST(options_unknown_refused)
{
	struct options o;
	char why[128];

	CHECK_REFUSED(parse(&o, "--bogus", why, sizeof(why)), why, "'--bogus'");
	CHECK_REFUSED(parse(&o, "--strict -x", why, sizeof(why)), why, "'-x'");
	CHECK_REFUSED(parse(&o, "-", why, sizeof(why)), why, "'-'");
	CHECK_REFUSED(parse(&o, "--STRICT", why, sizeof(why)), why, "'--STRICT'");
	CHECK_REFUSED(parse(&o, "--strict=1", why, sizeof(why)), why, "'--strict=1'");
	CHECK_REFUSED(parse(&o, "-qv", why, sizeof(why)), why, "'-qv'");
	CHECK_REFUSED(parse(&o, "--sha", why, sizeof(why)), why, "'--sha'");
	/* A tiny reason buffer is still NUL-terminated. */
	char tiny[8];
	CHECK_EQ(parse(&o, "--bogus", tiny, sizeof(tiny)), -1);
	CHECK_EQ(strlen(tiny), sizeof(tiny) - 1);
}

TEST(options_quiet_verbose_refused)
{
	struct options o;
	char why[128];

	CHECK_REFUSED(parse(&o, "-q -v", why, sizeof(why)), why, "quiet");
	CHECK_REFUSED(parse(&o, "--verbose --quiet", why, sizeof(why)), why, "verbose");
	CHECK_REFUSED(parse(&o, "-v --strict -q", why, sizeof(why)), why, "contradict");
}

TEST(options_whitespace)
{
	struct options o;
	char why[128];

	CHECK_OK(parse(&o, "  \t\t--strict   -n\t", why, sizeof(why)), why);
	CHECK(o.strict && o.dry_run && !o.no_dma);
	CHECK_OK(parse(&o, "\t-v\r\n", why, sizeof(why)), why);
	CHECK(o.verbose);
	CHECK_OK(parse(&o, "  \t  --no-dma\n--version", why, sizeof(why)), why);
	CHECK(o.no_dma && o.version);
}

TEST(options_usage_text)
{
	CHECK_CONTAINS(options_usage, "--strict");
	CHECK_CONTAINS(options_usage, "--dry-run");
	CHECK_CONTAINS(options_usage, "--no-dma");
	CHECK_CONTAINS(options_usage, "--verbose");
	CHECK_CONTAINS(options_usage, "--quiet");
	CHECK_CONTAINS(options_usage, "--sha256");
	CHECK_CONTAINS(options_usage, "--module");
	CHECK_CONTAINS(options_usage, "opt/multiboot/kernel");
}

/* A refusal points at the word it names, where it starts in the line given. */
TEST(options_fail_at_names_the_word)
{
	static const struct {
		const char *line;
		size_t at;  /* offset of the word to blame */
	} cases[] = {
		{ "--strict --bogus k", 9 },
		{ "-v\n--strict\n  \"--module\" m", 14 },
		{ "k --module a --module", 13 },
		{ "k  x \"open quote", 5 },
		{ "--keep-graphics -n --text-mode k", 19 },
		{ "-q\t-v", 3 },
	};
	char buf[64], why[128];
	struct options o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].line);
		CHECK_EQ(options_parse(&o, buf, files, sizeof(files), why, sizeof(why)), -1);
		CHECK(o.fail_at == buf + cases[i].at);
	}
	/* The file list overflowing blames the word that did not fit. */
	char line[300];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "k x ", 4);
	CHECK_EQ(options_parse(&o, line, files, sizeof(files), why, sizeof(why)), -1);
	CHECK(o.fail_at == line + 4);
	/* Success leaves it NULL. */
	snprintf(buf, sizeof(buf), "--strict k a");
	CHECK_OK(options_parse(&o, buf, files, sizeof(files), why, sizeof(why)), why);
	CHECK(o.fail_at == NULL);
}
