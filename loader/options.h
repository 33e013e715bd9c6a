/* The app's command line: from the UEFI shell or a boot option's load options. */
#ifndef LOADER_OPTIONS_H
#define LOADER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct options {
	bool help;
	bool version;
	bool quiet;
	bool verbose;
	bool strict;    /* refuse to overwrite ACPI NVS */
	bool dry_run;   /* validate and plan, then return */
	bool no_dma;    /* read fw_cfg by port I/O even when DMA is offered */
	bool sha256;    /* print the SHA-256 of each piece as loaded */
	bool no_rsdp;   /* no copy of the ACPI RSDP in the EBDA */
};

extern const char options_usage[];

/*
 * Parse a command line (ASCII, modified in place). The first word is the
 * program's name when it does not start with '-' (the shell passes it; boot
 * options usually do not). Returns 0, or -1 with the reason in why.
 */
int options_parse(struct options *o, char *cmdline, char *why, size_t why_size);

#endif
