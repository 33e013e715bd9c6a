/* SPDX-License-Identifier: BSD-2-Clause */
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
	bool keep_graphics;  /* no VGA text mode: keep the firmware's mode */
	bool text_mode;      /* VGA text mode even if the kernel asks for graphics */
	bool multiboot1;     /* a file with both headers boots as Multiboot 1 */
	/* Files to boot: "path args" per file, NUL-separated, kernel first. */
	unsigned file_count;
	const char *files;
};

#define OPTIONS_MODULE "--module"

extern const char options_usage[];

/*
 * Parse the arguments (ASCII, without the program's name; modified in place):
 * options first, then optionally a kernel file with its arguments and
 * "--module FILE ARGS" groups, whose command lines go to files (files_size
 * bytes). Returns 0, or -1 with the reason in why.
 */
int options_parse(struct options *o, char *cmdline, char *files, size_t files_size,
		  char *why, size_t why_size);

#endif
