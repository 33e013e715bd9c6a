#include "options.h"

#include "fmt.h"

const char options_usage[] =
	"usage: multiboot.efi [--strict] [--dry-run] [--sha256] [--no-dma] [--no-rsdp]\n"
	"                     [-q|-v] [--help] [--version]\n"
	"Boots the Multiboot kernel QEMU was given with -kernel/-initrd/-append,\n"
	"reading it from fw_cfg (DMA when available). Options come from the\n"
	"command line and from QEMU: -fw_cfg name=opt/multiboot.efi/options,string=...\n"
	"  --strict   refuse a kernel image that covers ACPI NVS memory\n"
	"  --dry-run  check the payload and print the plan, then return\n"
	"  --sha256   print the SHA-256 of the kernel image and each module as\n"
	"             loaded (for Secure Boot's db or allowlist); with --dry-run,\n"
	"             load, print, then return\n"
	"  --no-dma   read fw_cfg by port I/O even when DMA is available\n"
	"  --no-rsdp  do not copy the ACPI RSDP into the EBDA for BIOS-style scans\n"
	"  -q, --quiet    print errors and warnings only\n"
	"  -v, --verbose  also print the memory map and every allocation\n";

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

int options_parse(struct options *o, char *cmdline, char *why, size_t why_size)
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
	};
	bool first = true;

	*o = (struct options){ 0 };
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
		if (first && word[0] != '-') {
			first = false;
			continue;
		}
		first = false;

		size_t i;
		for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
			if ((flags[i].short_name && streq(word, flags[i].short_name)) ||
			    streq(word, flags[i].long_name)) {
				*(bool *)((char *)o + flags[i].field) = true;
				break;
			}
		}
		if (i == sizeof(flags) / sizeof(flags[0])) {
			fmt_snprintf(why, why_size, "unknown option '%s' (try --help)", word);
			return -1;
		}
	}
	if (o->quiet && o->verbose) {
		fmt_snprintf(why, why_size, "--quiet and --verbose contradict each other");
		return -1;
	}
	return 0;
}
