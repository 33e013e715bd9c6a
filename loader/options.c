// SPDX-License-Identifier: BSD-2-Clause
#include "options.h"

#include <stdarg.h>

#include "bytes.h"
#include "fmt.h"

const char options_usage[] =
	"usage: multiboot.efi [OPTIONS] [KERNEL [ARGS] [--module FILE [ARGS]]...]\n"
	"Boots a Multiboot or Multiboot 2 kernel: KERNEL and modules from this app's\n"
	"file system, else what QEMU was given, by fw_cfg: -kernel, -initrd\n"
	"\"m1 args,m2\", -append (Multiboot only),\n"
	"or files (for kernels -kernel refuses: x86-64 ELF, Multiboot 2):\n"
	"  -fw_cfg name=opt/multiboot/kernel,file=K\n"
	"  -fw_cfg name=opt/multiboot/cmdline,string=\"K args\"\n"
	"  -fw_cfg name=opt/multiboot/module/0,file=M   (then /1, /2, ...)\n"
	"  -fw_cfg name=opt/multiboot/module/0.cmdline,string=\"M args\"\n"
	"Options (also from QEMU: -fw_cfg name=opt/multiboot.efi/options,string=...):\n"
	"  --strict         refuse a kernel image that covers ACPI NVS memory\n"
	"  -n, --dry-run    check the payload and print the plan, then return\n"
	"  --sha256         print the SHA-256 of the kernel and each module as\n"
	"                   loaded (for Secure Boot); with --dry-run, then return\n"
	"  --no-dma         read fw_cfg by port I/O even when DMA is available\n"
	"  --no-rsdp        no ACPI RSDP for the kernel (no copy in the EBDA or the\n"
	"                   F segment, no MB2 tags)\n"
	"  --no-fsegment    leave 0xF0000-0xFFFFF alone: no BIOS tables (RSDP,\n"
	"                   SMBIOS, MP) there; the BIOS-call shim in the EBDA\n"
	"  --keep-graphics  keep the firmware's graphics mode (no VGA text mode)\n"
	"  --text-mode      VGA text mode even if the kernel's header asks for\n"
	"                   graphics (kernels that print to 0xB8000 regardless)\n"
	"  --bios-video     video as QEMU's BIOS path gives a -kernel: VGA text mode\n"
	"                   whatever the header asks (the default for a -kernel\n"
	"                   payload; multiboot-qemu sets it for the files it makes\n"
	"                   of one); --keep-graphics and --text-mode still win\n"
	"  --multiboot1     boot a kernel file with both headers by its Multiboot 1\n"
	"                   header (default: Multiboot 2)\n"
	"  -q, --quiet      print errors and warnings only\n"
	"  -v, --verbose    also print the memory map and every allocation\n"
	"  -h, --help, --version\n";

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The UEFI shell's escape character: the next one is taken literally. */
#define ESCAPE '^'
#define QUOTE '"'

static bool set_flag(struct options *o, const char *word)
{
	static const struct {
		const char *short_name, *long_name;
		size_t field;
	} flags[] = {
		{ "-h", "--help", offsetof(struct options, help) },
		{ NULL, "--version", offsetof(struct options, version) },
		{ "-q", "--quiet", offsetof(struct options, quiet) },
		{ "-v", "--verbose", offsetof(struct options, verbose) },
		{ NULL, "--strict", offsetof(struct options, strict) },
		{ "-n", "--dry-run", offsetof(struct options, dry_run) },
		{ NULL, "--no-dma", offsetof(struct options, no_dma) },
		{ NULL, "--sha256", offsetof(struct options, sha256) },
		{ NULL, "--no-rsdp", offsetof(struct options, no_rsdp) },
		{ NULL, "--no-fsegment", offsetof(struct options, no_fsegment) },
		{ NULL, "--keep-graphics", offsetof(struct options, keep_graphics) },
		{ NULL, "--text-mode", offsetof(struct options, text_mode) },
		{ NULL, "--bios-video", offsetof(struct options, bios_video) },
		{ NULL, "--multiboot1", offsetof(struct options, multiboot1) },
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if ((flags[i].short_name && streq(word, flags[i].short_name)) ||
		    streq(word, flags[i].long_name)) {
			*(bool *)((char *)o + flags[i].field) = true;
			return true;
		}
	}
	return false;
}

/*
 * The next word at *cursor, unquoted in place (NUL-terminated), *cursor
 * moved past it; NULL at the end. An open quote is an error.
 */
static char *next_word(char **cursor, bool *unterminated)
{
	char *in = *cursor, *out, *word;
	bool quoted = false;

	while (is_blank(*in))
		in++;
	if (!*in)
		return NULL;
	word = out = in;
	for (; *in && (quoted || !is_blank(*in)); in++) {
		if (*in == QUOTE)
			quoted = !quoted;
		else if (*in == ESCAPE && in[1])
			*out++ = *++in;
		else
			*out++ = *in;
	}
	*unterminated = quoted;
	*cursor = *in ? in + 1 : in;
	*out = '\0';
	return word;
}

static bool needs_quotes(const char *word)
{
	if (!*word)
		return true;
	for (; *word; word++)
		if (is_blank(*word) || *word == QUOTE || *word == ESCAPE)
			return true;
	return false;
}

int options_quote_word(char *out, size_t size, const char *word)
{
	size_t n = 0;
	bool quote = needs_quotes(word);

#define PUT(c)                          \
	do {                            \
		if (n + 1 >= size)      \
			return -1;      \
		out[n++] = (c);         \
	} while (0)
	if (quote)
		PUT(QUOTE);
	for (; *word; word++) {
		if (*word == QUOTE || *word == ESCAPE)
			PUT(ESCAPE);
		PUT(*word);
	}
	if (quote)
		PUT(QUOTE);
#undef PUT
	out[n] = '\0';
	return (int)n;
}

/* The file list as it is built: entries of "path\0cmdline\0". */
struct file_list {
	char *buf;
	size_t size;
	size_t used;
};

static bool put_text(struct file_list *l, const char *text, bool terminate)
{
	size_t n = string_size(text) - 1;

	if (l->used + n + terminate > l->size)
		return false;
	for (size_t i = 0; i < n; i++)
		l->buf[l->used++] = text[i];
	if (terminate)
		l->buf[l->used++] = '\0';
	return true;
}

/*
 * A word of a command line, quoted when it holds blanks or is empty (as
 * GRUB quotes them), after a blank when it is not the first. The line stays
 * NUL-terminated: the NUL is overwritten by the next word.
 */
static bool add_cmdline_word(struct file_list *l, const char *word, bool first)
{
	bool quote = !*word;

	for (const char *c = word; *c; c++)
		quote |= is_blank(*c);
	if (!first)
		l->buf[l->used - 1] = ' ';
	return (!quote || put_text(l, "\"", false)) && put_text(l, word, !quote) &&
	       (!quote || put_text(l, "\"", true));
}

/* A new file: its path, then its command line, which starts with it. */
static bool add_file(struct options *o, struct file_list *l, const char *path)
{
	o->file_count++;
	return put_text(l, path, true) && add_cmdline_word(l, path, true);
}

const char *options_file(const struct options *o, unsigned index, const char **cmdline)
{
	const char *path = o->files;

	for (unsigned i = 0; i < index; i++) {
		path += string_size(path);
		path += string_size(path);
	}
	*cmdline = path + string_size(path);
	return path;
}

/* Flags that cannot go together: the reason, or NULL. */
static const char *contradiction(const struct options *o)
{
	if (o->keep_graphics && o->text_mode)
		return "--keep-graphics and --text-mode contradict each other";
	if (o->quiet && o->verbose)
		return "--quiet and --verbose contradict each other";
	return NULL;
}

static int refuse(struct options *o, const char *word, char *why, size_t why_size,
		  const char *format, ...) __attribute__((format(printf, 5, 6)));

/* A refusal that names word: where it starts goes into o->fail_at. */
static int refuse(struct options *o, const char *word, char *why, size_t why_size,
		  const char *format, ...)
{
	va_list args;

	o->fail_at = word;
	va_start(args, format);
	fmt_vsnprintf(why, why_size, format, args);
	va_end(args);
	return -1;
}

int options_parse(struct options *o, char *cmdline, char *files, size_t files_size,
		  char *why, size_t why_size)
{
	struct file_list list = { files, files_size, 0 };
	bool unterminated = false;
	char *word, *module_word = NULL;

	*o = (struct options){ .files = files };
	while ((word = next_word(&cmdline, &unterminated))) {
		bool ok;

		if (unterminated)
			return refuse(o, word, why, why_size,
				      "a quote (\") opened at '%s' is never closed", word);
		if (!o->file_count && streq(word, OPTIONS_MODULE))
			return refuse(o, word, why, why_size, "a kernel file must come before %s",
				      OPTIONS_MODULE);
		if (!o->file_count && word[0] == '-') {
			if (!set_flag(o, word))
				return refuse(o, word, why, why_size,
					      "unknown option '%s' (try --help)", word);
			/* Flags all come before the kernel: the later one is to blame. */
			if (contradiction(o))
				return refuse(o, word, why, why_size, "%s", contradiction(o));
			continue;
		}
		if (o->file_count && !module_word && streq(word, OPTIONS_MODULE)) {
			module_word = word;
			continue;
		}
		if (!o->file_count || module_word)
			ok = add_file(o, &list, word);
		else
			ok = add_cmdline_word(&list, word, false);
		if (!ok)
			return refuse(o, word, why, why_size,
				      "the kernel and module command lines are longer than %u bytes",
				      (unsigned)files_size);
		module_word = NULL;
	}
	if (module_word)
		return refuse(o, module_word, why, why_size, "%s needs a file name",
			      OPTIONS_MODULE);
	return 0;
}
