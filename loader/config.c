// SPDX-License-Identifier: BSD-2-Clause
#include "config.h"

#include <stdarg.h>

#include "bytes.h"
#include "fmt.h"
#include "number.h"

/* The UEFI shell's quoting, as options_parse reads it, and comments. */
#define QUOTE '"'
#define ESCAPE '^'
#define COMMENT '#'
#define DELETE 0x7f

static const char utf8_bom[] = "\xef\xbb\xbf";
#define UTF8_BOM_SIZE (sizeof(utf8_bom) - 1)

/* The most of an unknown word an error quotes. */
#define QUOTED_WORD_SIZE 40
/* options_parse's reason, before the file and line go in front. */
#define REASON_SIZE 192

enum line_kind { LINE_BLANK, LINE_TEXT, LINE_ENTRY, LINE_TIMEOUT, LINE_DEFAULT };

struct parser {
	struct config *c;
	unsigned line;              /* the current line, from 1 */
	char *start, *end;          /* it, up to its '\n' or the text's end */
	struct config_entry *open;  /* the entry lines go to, or NULL */
	bool has_entries;           /* the file has "entry" lines */
	unsigned timeout_line, default_line;  /* where given, or 0 */
	unsigned default_number;
	char *why;
	size_t why_size;
	char word[CONFIG_MAX_LINE + 1];  /* a line's words, unquoted */
};

static int fail_line(struct parser *p, unsigned line, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* "NAME:LINE: what", and -1. */
static int fail_line(struct parser *p, unsigned line, const char *format, ...)
{
	va_list args;
	size_t n = fmt_snprintf(p->why, p->why_size, "%s:%u: ", p->c->name, line);

	va_start(args, format);
	fmt_vsnprintf(p->why + n, p->why_size - n, format, args);
	va_end(args);
	return -1;
}

#define fail(p, ...) fail_line((p), (p)->line, __VA_ARGS__)

/* Blanks inside a line: '\n' ends it. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool same(const char *s, const char *end, const char *word)
{
	while (s < end && *word && *s == *word) {
		s++;
		word++;
	}
	return s == end && !*word;
}

/*
 * What a line is, by its first word as written (a quoted or escaped word is
 * no directive); *rest is set past that word. A '#' ends the word, so that
 * this reads the same before and after comments are blanked out.
 */
static enum line_kind line_kind(const char *s, const char *end, const char **rest)
{
	const char *word;

	while (s < end && is_blank(*s))
		s++;
	if (s == end || *s == COMMENT)
		return LINE_BLANK;
	for (word = s; s < end && !is_blank(*s) && *s != COMMENT; s++)
		;
	*rest = s;
	if (same(word, s, "entry"))
		return LINE_ENTRY;
	if (same(word, s, "timeout"))
		return LINE_TIMEOUT;
	if (same(word, s, "default"))
		return LINE_DEFAULT;
	return LINE_TEXT;
}

static char *line_end(char *s, const char *end)
{
	while (s < end && *s != '\n')
		s++;
	return s;
}

/* Whether any line is an "entry" line: then nothing else may precede one. */
static bool has_entry_lines(char *s, char *end)
{
	const char *rest;

	for (;;) {
		char *eol = line_end(s, end);

		if (line_kind(s, eol, &rest) == LINE_ENTRY)
			return true;
		if (eol == end)
			return false;
		s = eol + 1;
	}
}

/*
 * Checks a line's characters and quoting, and blanks out its comment.
 * *non_ascii is set to its first byte past ASCII outside the comment (0
 * for none): only a title may hold them.
 */
static int scan_line(struct parser *p, unsigned char *non_ascii)
{
	bool quoted = false;

	*non_ascii = 0;
	if ((size_t)(p->end - p->start) > CONFIG_MAX_LINE)
		return fail(p, "longer than %u characters", CONFIG_MAX_LINE);
	for (char *s = p->start; s < p->end; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == COMMENT && !quoted) {
			for (; s < p->end; s++) {
				if (!*s)
					return fail(p, "a NUL byte: this is not a text file");
				*s = ' ';
			}
			break;
		}
		if (ch == QUOTE) {
			quoted = !quoted;
			continue;
		}
		if (ch == ESCAPE) {
			if (s + 1 == p->end || (s[1] == '\r' && s + 2 == p->end))
				return fail(p, "'^' at the end of the line escapes nothing");
			ch = (unsigned char)*++s;
		}
		if (!ch)
			return fail(p, "a NUL byte: this is not a text file");
		if (ch >= 0x80) {
			if (!*non_ascii)
				*non_ascii = ch;
			continue;
		}
		/* A CR only before the line's end: CR LF, as Windows writes. */
		if ((ch < ' ' && ch != '\t' && !(ch == '\r' && s + 1 == p->end)) || ch == DELETE)
			return fail(p, "a control character (0x%02x)", ch);
	}
	if (quoted)
		return fail(p, "a quote (\") opened here is never closed");
	return 0;
}

/*
 * The next word of the line from *s, unquoted into out (which has room for
 * the whole line), *s moved past it; false at the line's end. The quoting
 * is options_parse's.
 */
static bool next_word(const char **s, const char *end, char *out)
{
	const char *in = *s;
	bool quoted = false;

	while (in < end && is_blank(*in))
		in++;
	if (in == end)
		return false;
	for (; in < end && (quoted || !is_blank(*in)); in++) {
		if (*in == QUOTE)
			quoted = !quoted;
		else if (*in == ESCAPE && in + 1 < end)
			*out++ = *++in;
		else
			*out++ = *in;
	}
	*out = '\0';
	*s = in;
	return true;
}

/*
 * One UTF-8 character within the Basic Multilingual Plane: its length (and
 * *code), or 0 for anything else (malformed, overlong, a surrogate, past
 * U+FFFF). s is NUL-terminated, so a sequence cut short stops at the NUL.
 */
static unsigned utf8_char(const unsigned char *s, uint16_t *code)
{
	if (s[0] < 0x80) {
		*code = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*code = (uint16_t)((s[0] & 0x1f) << 6 | (s[1] & 0x3f));
		return *code >= 0x80 ? 2 : 0;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*code = (uint16_t)((s[0] & 0x0f) << 12 | (s[1] & 0x3f) << 6 | (s[2] & 0x3f));
		return *code >= 0x800 && (*code < 0xd800 || *code > 0xdfff) ? 3 : 0;
	}
	return 0;
}

size_t config_title_ucs2(const char *title, uint16_t *out, size_t count)
{
	const unsigned char *s = (const unsigned char *)title;
	size_t n = 0;

	while (*s && n + 1 < count) {
		unsigned len = utf8_char(s, &out[n]);

		if (!len)
			break;
		s += len;
		n++;
	}
	out[n] = 0;
	return n;
}

/* The rest of an "entry" line, its words joined by one blank: the title. */
static int parse_title(struct parser *p, const char *rest, char *title)
{
	const unsigned char *s;
	size_t n = 0, used = 0;
	bool cut = false;

	while (next_word(&rest, p->end, p->word + n)) {
		size_t len = string_size(p->word + n) - 1;

		if (len) {
			n += len;
			p->word[n++] = ' ';
		}
	}
	if (!n)
		return fail(p, "'entry' needs a title, e.g. entry \"My kernel\"");
	p->word[n - 1] = '\0';
	/* Whole characters, as many as fit; all of them must be valid. */
	for (s = (const unsigned char *)p->word; *s; s += n) {
		uint16_t code;

		n = utf8_char(s, &code);
		if (!n)
			return fail(p, "the title is not UTF-8 within U+0000-U+FFFF (what the firmware console shows)");
		cut |= used + n >= CONFIG_TITLE_SIZE;
		if (!cut) {
			__builtin_memcpy(title + used, s, n);
			used += n;
		}
	}
	title[used] = '\0';
	return 0;
}

/*
 * The open entry ends where stop is (written NUL): the '\n' before the
 * next "entry" line, or the text's end. It must hold some word.
 */
static int close_entry(struct parser *p, char *stop)
{
	struct config_entry *e = p->open;

	if (!e)
		return 0;
	*stop = '\0';
	p->open = NULL;
	for (const char *s = e->text; *s; s++)
		if (!is_blank(*s) && *s != '\n')
			return 0;
	return fail_line(p, e->line, "entry \"%s\" is empty: a kernel file must follow it",
			 e->title);
}

static int open_entry(struct parser *p, const char *rest)
{
	struct config *c = p->c;
	struct config_entry *e;

	/* A line precedes this one: its '\n' ends the entry before. */
	if (close_entry(p, p->start - 1))
		return -1;
	if (c->entry_count == CONFIG_MAX_ENTRIES)
		return fail(p, "more than %u entries", CONFIG_MAX_ENTRIES);
	e = &c->entries[c->entry_count];
	if (parse_title(p, rest, e->title))
		return -1;
	e->line = e->text_line = p->line;
	/* Its command line starts at this line's end. */
	e->text = p->end;
	c->entry_count++;
	p->open = e;
	return 0;
}

/* "timeout N" or "default N": one number from min to max. */
static int parse_directive(struct parser *p, const char *name, const char *rest, unsigned min,
			   unsigned max, unsigned *given_on, unsigned *value)
{
	char *word = p->word;
	uint32_t number;

	if (p->has_entries && p->open)
		return fail(p, "'%s' must come before the first entry", name);
	if (*given_on)
		return fail(p, "a second '%s' (the first is on line %u)", name, *given_on);
	if (!next_word(&rest, p->end, word) ||
	    next_word(&rest, p->end, word + string_size(word)))
		return fail(p, "'%s' takes one number, from %u to %u", name, min, max);
	if (number_parse_u32(word, &number) || number < min || number > max)
		return fail(p, "%s '%s' is not a number from %u to %u", name, word, min, max);
	*value = number;
	*given_on = p->line;
	/* Not part of the unnamed entry's command line, should it span this. */
	for (char *s = p->start; s < p->end; s++)
		*s = ' ';
	return 0;
}

static int command_text(struct parser *p, unsigned char non_ascii)
{
	struct config *c = p->c;

	if (non_ascii)
		return fail(p, "a byte that is not ASCII (0x%02x): file names, options and arguments are ASCII",
			    non_ascii);
	if (p->open)
		return 0;
	if (p->has_entries) {
		char word[QUOTED_WORD_SIZE];
		const char *s = p->start;
		size_t n = 0;

		while (is_blank(*s))
			s++;
		while (s < p->end && !is_blank(*s) && n + 1 < sizeof(word))
			word[n++] = *s++;
		word[n] = '\0';
		return fail(p, "unknown directive '%s' (before the first entry: timeout, default or entry)",
			    word);
	}
	/* A file without "entry" lines: its command lines are one entry. */
	c->entries[0] = (struct config_entry){
		.line = p->line, .text = p->start, .text_line = p->line,
	};
	c->entry_count = 1;
	p->open = &c->entries[0];
	return 0;
}

static int parse_line(struct parser *p)
{
	unsigned char non_ascii;
	const char *rest;

	if (scan_line(p, &non_ascii))
		return -1;
	switch (line_kind(p->start, p->end, &rest)) {
	case LINE_BLANK:
		return 0;
	case LINE_ENTRY:
		return open_entry(p, rest);
	case LINE_TIMEOUT:
		return parse_directive(p, "timeout", rest, 0, CONFIG_MAX_TIMEOUT, &p->timeout_line,
				       &p->c->timeout);
	case LINE_DEFAULT:
		return parse_directive(p, "default", rest, 1, CONFIG_MAX_ENTRIES, &p->default_line,
				       &p->default_number);
	default:
		return command_text(p, non_ascii);
	}
}

int config_parse(struct config *c, char *text, size_t len, const char *name, char *why,
		 size_t why_size)
{
	struct parser p = { .c = c, .why = why, .why_size = why_size };
	char *end = text + len, *s = text;

	*c = (struct config){ .name = name };
	if (len > CONFIG_MAX_SIZE)
		return fmt_fail(why, why_size, "%s: %llu bytes, more than the %u a configuration file may have",
				name, (unsigned long long)len, CONFIG_MAX_SIZE);
	*end = '\0';
	if (len >= UTF8_BOM_SIZE && same(text, text + UTF8_BOM_SIZE, utf8_bom))
		s += UTF8_BOM_SIZE;
	p.has_entries = has_entry_lines(s, end);
	for (p.line = 1;; p.line++) {
		p.start = s;
		p.end = line_end(s, end);
		if (parse_line(&p))
			return -1;
		if (p.end == end)
			break;
		s = p.end + 1;
	}
	/* The last line counts when something is on it. */
	c->line_count = p.start < end || p.line == 1 ? p.line : p.line - 1;
	if (close_entry(&p, end))
		return -1;
	if (!c->entry_count)
		return fmt_fail(why, why_size, "%s: no boot entry", name);
	if (p.default_line && p.default_number > c->entry_count)
		return fail_line(&p, p.default_line, "default %u, but the last entry is %u",
				 p.default_number, c->entry_count);
	c->default_index = p.default_line ? p.default_number - 1 : 0;
	return 0;
}

/* The line of a place in an entry's text. */
static unsigned line_at(const struct config_entry *e, const char *at)
{
	unsigned line = e->text_line;

	for (const char *s = e->text; s < at; s++)
		line += *s == '\n';
	return line;
}

int config_entry_options(const struct config *c, unsigned index, char *line, size_t line_size,
			 struct options *o, char *files, size_t files_size, char *why,
			 size_t why_size)
{
	const struct config_entry *e = &c->entries[index];
	size_t own = string_size(line) - 1;
	size_t start = own ? own + 1 : 0;
	size_t text_size = string_size(e->text);
	char reason[REASON_SIZE];

	if (start + text_size > line_size)
		return fmt_fail(why, why_size, "%s:%u: the entry's command line is longer than %u bytes",
				c->name, e->line, (unsigned)(line_size - 1));
	if (own)
		line[own] = ' ';
	__builtin_memcpy(line + start, e->text, text_size);
	if (options_parse(o, line, files, files_size, reason, sizeof(reason))) {
		unsigned at = e->line;

		if (o->fail_at && o->fail_at >= line + start)
			at = line_at(e, e->text + (o->fail_at - (line + start)));
		return fmt_fail(why, why_size, "%s:%u: %s", c->name, at, reason);
	}
	if (!o->file_count)
		return fmt_fail(why, why_size, "%s:%u: the entry names no kernel file, only options",
				c->name, e->line);
	return 0;
}

/*
 * The entry's first lines parsed again, one more each time, until they name
 * the file: quotes do not span lines, so every such prefix reads as the
 * whole does, and the file count only grows.
 */
unsigned config_file_line(const struct config *c, unsigned index, unsigned file, char *scratch,
			  size_t scratch_size, char *files, size_t files_size)
{
	const struct config_entry *e = &c->entries[index];
	const char *eol = e->text;
	char why[1];

	for (;;) {
		struct options o;
		size_t n;

		while (*eol && *eol != '\n')
			eol++;
		n = (size_t)(eol - e->text);
		if (n + 1 > scratch_size)
			break;
		__builtin_memcpy(scratch, e->text, n);
		scratch[n] = '\0';
		options_parse(&o, scratch, files, files_size, why, sizeof(why));
		if (o.file_count > file)
			return line_at(e, eol);
		if (!*eol)
			break;
		eol++;
	}
	return e->line;
}
