// SPDX-License-Identifier: BSD-2-Clause
/* loader/config.c: multiboot.cfg, its directives, entries and errors. */
#include <stdio.h>

#include "check.h"
#include "loader/config.h"

#define NAME "multiboot.cfg"

/* The file's text, parsed from a copy with the byte config_parse may write. */
static char text[CONFIG_MAX_SIZE + 2];

static int parse_bytes(struct config *c, const char *file, size_t len, char *why,
		       size_t why_size)
{
	memcpy(text, file, len);
	why[0] = '\0';
	return config_parse(c, text, len, NAME, why, why_size);
}

static int parse(struct config *c, const char *file, char *why, size_t why_size)
{
	return parse_bytes(c, file, strlen(file), why, why_size);
}

/* An entry's command line with its line ends shown as '|'. */
static const char *entry_text(const struct config *c, unsigned i)
{
	static char shown[512];
	size_t n = 0;

	for (const char *s = c->entries[i].text; *s && n + 1 < sizeof(shown); s++)
		shown[n++] = *s == '\n' ? '|' : *s;
	shown[n] = '\0';
	return shown;
}

/* The entry's options, after the app's own (own may be ""). */
static char line[4096], files[4096];

static int entry_options(const struct config *c, unsigned i, const char *own,
			 struct options *o, char *why, size_t why_size)
{
	snprintf(line, sizeof(line), "%s", own);
	return config_entry_options(c, i, line, sizeof(line), o, files, sizeof(files), why,
				    why_size);
}

static const char *file_cmdline(const struct options *o, unsigned i)
{
	const char *cmdline;

	options_file(o, i, &cmdline);
	return cmdline;
}

static const char example[] =
	"# global directives, before the first entry\n"
	"timeout 5        # seconds\n"
	"default 2\n"
	"\n"
	"entry \"Xen 4.17\"\n"
	"    --strict \\boot\\xen.gz console=com1\n"
	"    --module \\boot\\vmlinuz root=/dev/vda\n"
	"entry \"Test kernel\"\n"
	"    \\boot\\mbtest.elf mods=1 --module \"\\boot\\my mod.bin\" arg\n";

TEST(config_example)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, example, why, sizeof(why)), why);
	CHECK_STR(c.name, NAME);
	CHECK_EQ(c.timeout, 5);
	CHECK_EQ(c.default_index, 1);
	CHECK_EQ(c.entry_count, 2);
	CHECK_EQ(c.line_count, 9);
	CHECK_STR(c.entries[0].title, "Xen 4.17");
	CHECK_EQ(c.entries[0].line, 5);
	CHECK_EQ(c.entries[0].text_line, 5);
	CHECK_STR(entry_text(&c, 0),
		  "|    --strict \\boot\\xen.gz console=com1|    --module \\boot\\vmlinuz root=/dev/vda");
	CHECK_STR(c.entries[1].title, "Test kernel");
	CHECK_EQ(c.entries[1].line, 8);

	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK(o.strict);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_cmdline(&o, 0), "\\boot\\xen.gz console=com1");
	CHECK_STR(file_cmdline(&o, 1), "\\boot\\vmlinuz root=/dev/vda");
	CHECK_OK(entry_options(&c, 1, "", &o, why, sizeof(why)), why);
	CHECK(!o.strict);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_cmdline(&o, 0), "\\boot\\mbtest.elf mods=1");
	CHECK_STR(file_cmdline(&o, 1), "\"\\boot\\my mod.bin\" arg");
}

/* The app's own options come first and apply too. */
TEST(config_own_options_first)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, example, why, sizeof(why)), why);
	CHECK_OK(entry_options(&c, 1, "-v --no-rsdp", &o, why, sizeof(why)), why);
	CHECK(o.verbose && o.no_rsdp);
	CHECK_STR(file_cmdline(&o, 0), "\\boot\\mbtest.elf mods=1");
	/* A contradiction names the entry's line, where the later flag is. */
	CHECK_OK(parse(&c, "entry A\n\n  -q \\k\n", why, sizeof(why)), why);
	CHECK_REFUSED(entry_options(&c, 0, "-v", &o, why, sizeof(why)), why,
		      NAME ":3: --quiet and --verbose contradict each other");
}

/* No "entry" line: the command lines are one unnamed entry. */
TEST(config_unnamed_entry)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, "# just a command line\n\\boot\\k.elf a=1\n  --module \\m b\n",
		       why, sizeof(why)), why);
	CHECK_EQ(c.entry_count, 1);
	CHECK_STR(c.entries[0].title, "");
	CHECK_EQ(c.entries[0].line, 2);
	CHECK_EQ(c.timeout, 0);
	CHECK_EQ(c.default_index, 0);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_cmdline(&o, 0), "\\boot\\k.elf a=1");
	CHECK_STR(file_cmdline(&o, 1), "\\m b");

	/* Directives anywhere in it are not part of its command line. */
	CHECK_OK(parse(&c, "\\k a\ntimeout 3\n--module \\m\ndefault 1", why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 3);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_cmdline(&o, 0), "\\k a");
	CHECK_STR(file_cmdline(&o, 1), "\\m");

	/* Without a final line end. */
	CHECK_OK(parse(&c, "\\k", why, sizeof(why)), why);
	CHECK_EQ(c.line_count, 1);
	CHECK_STR(entry_text(&c, 0), "\\k");
}

TEST(config_comments)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, "entry A # not in the title\n"
			   "  \\k a \"c#d\" e^#f # gone \"unclosed\n"
			   "#--module \\gone\n"
			   "    # --module \\gone\n",
		       why, sizeof(why)), why);
	CHECK_STR(c.entries[0].title, "A");
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 1);
	CHECK_STR(file_cmdline(&o, 0), "\\k a c#d e#f");
	/* Also in the middle of a word, as in the UEFI shell. */
	CHECK_OK(parse(&c, "\\k x#y z\n", why, sizeof(why)), why);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_STR(file_cmdline(&o, 0), "\\k x");
	/* A comment may hold anything but NUL, UTF-8 included. */
	CHECK_OK(parse(&c, "entry A # caf\xc3\xa9 \x01\n \\k\n", why, sizeof(why)), why);
}

TEST(config_quoting)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, "entry \"two  blanks\" and ^\"more^\"\n"
			   " \"\\my dir\\k.elf\" \"x y\" ^^z\n"
			   "--module \\a^ b.bin\n",
		       why, sizeof(why)), why);
	CHECK_STR(c.entries[0].title, "two  blanks and \"more\"");
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 2);
	CHECK_STR(file_cmdline(&o, 0), "\"\\my dir\\k.elf\" \"x y\" ^z");
	CHECK_STR(file_cmdline(&o, 1), "\"\\a b.bin\"");
	/* A quoted word is never a directive. */
	CHECK_OK(parse(&c, "\"timeout\" 5\n", why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 0);
	CHECK_EQ(c.entry_count, 1);
}

/* Files written on Windows: CR LF and a byte-order mark read the same. */
TEST(config_crlf_and_bom)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, "\xef\xbb\xbftimeout 2\r\ndefault 2\r\n"
			   "entry \"One\"\r\n  \\k1 a\r\n"
			   "entry Two  \r\n\t\\k2 b \"c d\"\r\n",
		       why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 2);
	CHECK_EQ(c.default_index, 1);
	CHECK_EQ(c.entry_count, 2);
	CHECK_STR(c.entries[0].title, "One");
	CHECK_STR(c.entries[1].title, "Two");
	CHECK_EQ(c.entries[1].line, 5);
	CHECK_OK(entry_options(&c, 1, "", &o, why, sizeof(why)), why);
	CHECK_STR(file_cmdline(&o, 0), "\\k2 b \"c d\"");
	/* The lines of errors are counted the same. */
	CHECK_REFUSED(parse(&c, "\xef\xbb\xbf\r\nentry A\r\n \\k \"open\r\n", why, sizeof(why)),
		      why, NAME ":3: a quote (\") opened here is never closed");
	CHECK_REFUSED(parse(&c, "entry A\r\n \\k^\r\n", why, sizeof(why)), why,
		      NAME ":2: '^' at the end of the line escapes nothing");
	/* A BOM alone before a command line. */
	CHECK_OK(parse(&c, "\xef\xbb\xbf\\k x\r\n", why, sizeof(why)), why);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_STR(file_cmdline(&o, 0), "\\k x");
	/* A CR inside a line is refused. */
	CHECK_REFUSED(parse(&c, "\\k a\rb\n", why, sizeof(why)), why,
		      NAME ":1: a control character (0x0d)");
}

TEST(config_tabs)
{
	struct config c;
	struct options o;
	char why[160];

	CHECK_OK(parse(&c, "\ttimeout\t7\t\n\tdefault\t1\nentry\t\"T\"\t\n\t\\k\ta\t\"b\tc\"\n",
		       why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 7);
	CHECK_STR(c.entries[0].title, "T");
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_STR(file_cmdline(&o, 0), "\\k a \"b\tc\"");
}

TEST(config_empty_entry_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse(&c, "entry A\nentry B\n \\k\n", why, sizeof(why)), why,
		      NAME ":1: entry \"A\" is empty: a kernel file must follow it");
	CHECK_REFUSED(parse(&c, "entry A\n \\k\nentry B\n  # nothing\n\n", why, sizeof(why)),
		      why, NAME ":3: entry \"B\" is empty");
	CHECK_REFUSED(parse(&c, "entry A\n \\k\nentry B", why, sizeof(why)), why,
		      NAME ":3: entry \"B\" is empty");
}

TEST(config_missing_title_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse(&c, "entry\n \\k\n", why, sizeof(why)), why,
		      NAME ":1: 'entry' needs a title");
	CHECK_REFUSED(parse(&c, "entry   # a comment is no title\n \\k\n", why, sizeof(why)),
		      why, NAME ":1: 'entry' needs a title");
	/* Empty quoted words make no title. */
	CHECK_REFUSED(parse(&c, "entry \"\"\n \\k\n", why, sizeof(why)), why,
		      NAME ":1: 'entry' needs a title");
}

TEST(config_timeout_default_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse(&c, "timeout 1\ntimeout 2\n\\k\n", why, sizeof(why)), why,
		      NAME ":2: a second 'timeout' (the first is on line 1)");
	CHECK_REFUSED(parse(&c, "default 1\n\ndefault 1\nentry A\n \\k\n", why, sizeof(why)),
		      why, NAME ":3: a second 'default' (the first is on line 1)");
	CHECK_REFUSED(parse(&c, "timeout abc\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: timeout 'abc' is not a number from 0 to 3600");
	CHECK_REFUSED(parse(&c, "timeout -1\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: timeout '-1' is not a number");
	CHECK_REFUSED(parse(&c, "timeout 3601\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: timeout '3601' is not a number");
	CHECK_REFUSED(parse(&c, "timeout 99999999999\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: timeout '99999999999' is not a number");
	CHECK_REFUSED(parse(&c, "timeout\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: 'timeout' takes one number, from 0 to 3600");
	CHECK_REFUSED(parse(&c, "timeout 5 s\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: 'timeout' takes one number");
	CHECK_REFUSED(parse(&c, "default 0\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: default '0' is not a number from 1 to 16");
	CHECK_REFUSED(parse(&c, "default 3\nentry A\n \\k\nentry B\n \\k\n", why, sizeof(why)),
		      why, NAME ":1: default 3, but the last entry is 2");
	CHECK_REFUSED(parse(&c, "default 2\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: default 2, but the last entry is 1");
	/* Directives go before the entries. */
	CHECK_REFUSED(parse(&c, "entry A\n \\k\ntimeout 3\n", why, sizeof(why)), why,
		      NAME ":3: 'timeout' must come before the first entry");
	/* Seconds may be written in hexadecimal, as numbers elsewhere are. */
	CHECK_OK(parse(&c, "timeout 0x10\n\\k\n", why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 16);
	/* The largest timeout. */
	CHECK_OK(parse(&c, "timeout 3600\n\\k\n", why, sizeof(why)), why);
	CHECK_EQ(c.timeout, 3600);
}

TEST(config_unknown_directive_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse(&c, "timeout 5\n# comment\n\n  tmeout 5\nentry A\n \\k\n", why,
			    sizeof(why)), why,
		      NAME ":4: unknown directive 'tmeout' (before the first entry: timeout, default or entry)");
	/* Command text before the first entry is no directive either. */
	CHECK_REFUSED(parse(&c, "\\k a\nentry A\n \\k\n", why, sizeof(why)), why,
		      NAME ":1: unknown directive '\\k'");
	/* "entry" is a directive only as a line's first word. */
	CHECK_OK(parse(&c, "\\k entry A\n", why, sizeof(why)), why);
	CHECK_EQ(c.entry_count, 1);
	CHECK_STR(c.entries[0].title, "");
	/* A comment ends the word before it. */
	CHECK_REFUSED(parse(&c, "entry#A\n\\k\n", why, sizeof(why)), why,
		      NAME ":1: 'entry' needs a title");
}

TEST(config_no_entry_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse(&c, "", why, sizeof(why)), why, NAME ": no boot entry");
	CHECK_REFUSED(parse(&c, "# nothing\n\n   \n", why, sizeof(why)), why,
		      NAME ": no boot entry");
	CHECK_REFUSED(parse(&c, "timeout 3\ndefault 1\n", why, sizeof(why)), why,
		      NAME ": no boot entry");
	CHECK_REFUSED(parse(&c, "\xef\xbb\xbf", why, sizeof(why)), why, NAME ": no boot entry");
}

TEST(config_limits_refused)
{
	static char big[CONFIG_MAX_SIZE + 1];
	struct config c;
	char why[160], entries[CONFIG_MAX_ENTRIES * 16 + 32];
	size_t n = 0;

	/* The longest line passes, one more character does not. */
	memset(big, ' ', CONFIG_MAX_LINE + 1);
	memcpy(big, "\\k", 2);
	CHECK_OK(parse_bytes(&c, big, CONFIG_MAX_LINE, why, sizeof(why)), why);
	CHECK_REFUSED(parse_bytes(&c, big, CONFIG_MAX_LINE + 1, why, sizeof(why)), why,
		      NAME ":1: longer than 1024 characters");
	memcpy(big, "entry A\n", 8);
	CHECK_REFUSED(parse_bytes(&c, big, CONFIG_MAX_LINE + 9, why, sizeof(why)), why,
		      NAME ":2: longer than 1024 characters");
	/* A file of the largest size passes, one byte more does not. */
	memset(big, '\n', sizeof(big));
	memcpy(big, "\\k", 2);
	CHECK_OK(parse_bytes(&c, big, CONFIG_MAX_SIZE, why, sizeof(why)), why);
	CHECK_EQ(c.line_count, CONFIG_MAX_SIZE - 2);
	CHECK_REFUSED(parse_bytes(&c, big, CONFIG_MAX_SIZE + 1, why, sizeof(why)), why,
		      NAME ": 32769 bytes, more than the 32768 a configuration file may have");
	/* The most entries, then one more. */
	for (unsigned i = 0; i < CONFIG_MAX_ENTRIES; i++)
		n += (size_t)snprintf(entries + n, sizeof(entries) - n, "entry %u\n \\k\n", i + 1);
	CHECK_OK(parse(&c, entries, why, sizeof(why)), why);
	CHECK_EQ(c.entry_count, CONFIG_MAX_ENTRIES);
	CHECK_STR(c.entries[15].title, "16");
	snprintf(entries + n, sizeof(entries) - n, "entry 17\n \\k\n");
	CHECK_REFUSED(parse(&c, entries, why, sizeof(why)), why,
		      NAME ":33: more than 16 entries");
}

TEST(config_bytes_refused)
{
	struct config c;
	char why[160];

	CHECK_REFUSED(parse_bytes(&c, "entry A\n \\k\0x\n", 13, why, sizeof(why)), why,
		      NAME ":2: a NUL byte: this is not a text file");
	CHECK_REFUSED(parse_bytes(&c, "\\k # \0\n", 7, why, sizeof(why)), why,
		      NAME ":1: a NUL byte");
	CHECK_REFUSED(parse_bytes(&c, "\\k ^\0\n", 6, why, sizeof(why)), why,
		      NAME ":1: a NUL byte");
	CHECK_REFUSED(parse(&c, "\n\\k \x1b[0m\n", why, sizeof(why)), why,
		      NAME ":2: a control character (0x1b)");
	CHECK_REFUSED(parse(&c, "\\k \x7f\n", why, sizeof(why)), why,
		      NAME ":1: a control character (0x7f)");
	CHECK_REFUSED(parse(&c, "entry A\n \\boot\\caf\xc3\xa9.elf\n", why, sizeof(why)), why,
		      NAME ":2: a byte that is not ASCII (0xc3): file names, options and arguments are ASCII");
}

TEST(config_utf8_titles)
{
	struct config c;
	char why[160];
	uint16_t shown[8];

	CHECK_OK(parse(&c, "entry \"Caf\xc3\xa9 \xe2\x82\xac\"\n \\k\n", why, sizeof(why)), why);
	CHECK_STR(c.entries[0].title, "Caf\xc3\xa9 \xe2\x82\xac");
	CHECK_EQ(config_title_ucs2(c.entries[0].title, shown, 8), 6);
	CHECK_EQ(shown[3], 0xe9);
	CHECK_EQ(shown[5], 0x20ac);
	CHECK_EQ(shown[6], 0);
	/* Cut to the room given. */
	CHECK_EQ(config_title_ucs2(c.entries[0].title, shown, 4), 3);
	CHECK_EQ(shown[3], 0);

	static const char *const bad[] = {
		"entry \xc3\n \\k\n",              /* cut short */
		"entry \xc3(\n \\k\n",             /* not a continuation */
		"entry \xc0\xaf\n \\k\n",          /* overlong */
		"entry \xed\xa0\x80\n \\k\n",      /* a surrogate */
		"entry \xf0\x9f\x98\x80\n \\k\n",  /* past U+FFFF */
		"entry \xff\n \\k\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_REFUSED(parse(&c, bad[i], why, sizeof(why)), why,
			      NAME ":1: the title is not UTF-8 within U+0000-U+FFFF");
}

/* A long title is cut at a whole character, short of CONFIG_TITLE_SIZE. */
TEST(config_long_title_cut)
{
	struct config c;
	char why[160], file[256];

	snprintf(file, sizeof(file), "entry %.62s\xc3\xa9xyz\n \\k\n",
		 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn");
	CHECK_OK(parse(&c, file, why, sizeof(why)), why);
	CHECK_EQ(strlen(c.entries[0].title), 62);
	snprintf(file, sizeof(file), "entry %.61s\xc3\xa9xyz\n \\k\n",
		 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn");
	CHECK_OK(parse(&c, file, why, sizeof(why)), why);
	CHECK_EQ(strlen(c.entries[0].title), 63);
	CHECK_STR(c.entries[0].title + 61, "\xc3\xa9");
}

/* An entry whose options do not parse names the line of the word to blame. */
TEST(config_entry_errors_name_their_line)
{
	struct config c;
	struct options o;
	char why[200];

	CHECK_OK(parse(&c, "timeout 1\nentry A\n  \\k\nentry B\n  -v\n\n  --bogus \\k\n"
			   "entry C\n  \\k a\n  --module\n"
			   "entry D\n  --strict -n # only options\n"
			   "entry E\n \\k\n --module \\m1 x --module\n \\m2\n",
		       why, sizeof(why)), why);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_REFUSED(entry_options(&c, 1, "", &o, why, sizeof(why)), why,
		      NAME ":7: unknown option '--bogus' (try --help)");
	CHECK_REFUSED(entry_options(&c, 2, "", &o, why, sizeof(why)), why,
		      NAME ":10: --module needs a file name");
	CHECK_REFUSED(entry_options(&c, 3, "", &o, why, sizeof(why)), why,
		      NAME ":11: the entry names no kernel file, only options");
	/* --module at a line's end takes its file from the next line. */
	CHECK_OK(entry_options(&c, 4, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 3);
	CHECK_STR(file_cmdline(&o, 2), "\\m2");
	/* The app's own options are not the file's: a refusal there names
	 * the entry. */
	CHECK_REFUSED(entry_options(&c, 0, "--module", &o, why, sizeof(why)), why,
		      NAME ":2: a kernel file must come before --module");
	/* An entry too long for the command line is refused, not cut. */
	CHECK_OK(parse(&c, example, why, sizeof(why)), why);
	snprintf(line, sizeof(line), "-v");
	CHECK_REFUSED(config_entry_options(&c, 0, line, 40, &o, files, sizeof(files), why,
					   sizeof(why)), why,
		      NAME ":5: the entry's command line is longer than 39 bytes");
}

TEST(config_file_lines)
{
	struct config c;
	struct options o;
	char why[160], scratch[512], more[512];

	CHECK_OK(parse(&c, "entry A\n\n  --strict\n  \\k a\n  b --module \\m1\n  --module\n"
			   "  \"\\m 2\" --module \\m3\n",
		       why, sizeof(why)), why);
	CHECK_OK(entry_options(&c, 0, "", &o, why, sizeof(why)), why);
	CHECK_EQ(o.file_count, 4);
	CHECK_EQ(config_file_line(&c, 0, 0, scratch, sizeof(scratch), more, sizeof(more)), 4);
	CHECK_EQ(config_file_line(&c, 0, 1, scratch, sizeof(scratch), more, sizeof(more)), 5);
	CHECK_EQ(config_file_line(&c, 0, 2, scratch, sizeof(scratch), more, sizeof(more)), 7);
	CHECK_EQ(config_file_line(&c, 0, 3, scratch, sizeof(scratch), more, sizeof(more)), 7);
	/* No such file, or no room to look: the entry's line. */
	CHECK_EQ(config_file_line(&c, 0, 4, scratch, sizeof(scratch), more, sizeof(more)), 1);
	CHECK_EQ(config_file_line(&c, 0, 0, scratch, 4, more, sizeof(more)), 1);
	/* The unnamed entry, whose text starts on its first line. */
	CHECK_OK(parse(&c, "\n\\k --module \\m\n", why, sizeof(why)), why);
	CHECK_EQ(config_file_line(&c, 0, 1, scratch, sizeof(scratch), more, sizeof(more)), 2);
}
