// SPDX-License-Identifier: BSD-2-Clause
#include "options.h"

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
	"  --no-rsdp        no ACPI RSDP for the kernel (no EBDA copy, no MB2 tags)\n"
	"  --keep-graphics  keep the firmware's graphics mode (no VGA text mode)\n"
	"  --text-mode      VGA text mode even if the kernel's header asks for\n"
	"                   graphics (kernels that print to 0xB8000 regardless)\n"
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

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

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
		{ NULL, "--keep-graphics", offsetof(struct options, keep_graphics) },
		{ NULL, "--text-mode", offsetof(struct options, text_mode) },
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

/* Append a word to the file list: a new entry, or an argument of the last. */
static bool add_word(struct options *o, char *files, size_t size, size_t *used,
		     const char *word, bool new_entry)
{
	size_t n = 0;

	while (word[n])
		n++;
	if (*used + n + 1 > size)
		return false;
	if (new_entry) {
		o->file_count++;
	} else {
		files[*used - 1] = ' ';
	}
	for (size_t i = 0; i <= n; i++)
		files[(*used)++] = word[i];
	return true;
}

int options_parse(struct options *o, char *cmdline, char *files, size_t files_size,
		  char *why, size_t why_size)
{
	size_t used = 0;
	bool want_module_path = false;

	*o = (struct options){ .files = files };
	for (char *p = cmdline; *p;) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		char *word = p;

		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';

		if (!o->file_count && word[0] == '-') {
			if (!set_flag(o, word)) {
				fmt_snprintf(why, why_size, "unknown option '%s' (try --help)", word);
				return -1;
			}
			continue;
		}
		if (o->file_count && !want_module_path && streq(word, OPTIONS_MODULE)) {
			want_module_path = true;
			continue;
		}
		if (!add_word(o, files, files_size, &used, word,
			      !o->file_count || want_module_path)) {
			fmt_snprintf(why, why_size, "the kernel and module command lines are longer than %u bytes",
				     (unsigned)files_size);
			return -1;
		}
		want_module_path = false;
	}
	if (want_module_path) {
		fmt_snprintf(why, why_size, "%s needs a file name", OPTIONS_MODULE);
		return -1;
	}
	if (o->keep_graphics && o->text_mode) {
		fmt_snprintf(why, why_size, "--keep-graphics and --text-mode contradict each other");
		return -1;
	}
	if (o->quiet && o->verbose) {
		fmt_snprintf(why, why_size, "--quiet and --verbose contradict each other");
		return -1;
	}
	return 0;
}
