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
	bool no_rsdp;   /* no copy of the ACPI RSDP for the kernel */
	bool no_fsegment;  /* leave 0xF0000-0xFFFFF alone: no BIOS tables, shim in the EBDA */
	bool keep_graphics;  /* no VGA text mode: keep the firmware's mode */
	bool text_mode;      /* VGA text mode even if the kernel asks for graphics */
	bool bios_video;     /* video as QEMU's BIOS path gives a -kernel */
	bool multiboot1;     /* a file with both headers boots as Multiboot 1 */
	/*
	 * Files to boot, kernel first: per file its path, then its command
	 * line ("path args"), each NUL-terminated (options_file reads them).
	 */
	unsigned file_count;
	const char *files;
	/*
	 * On a refusal: where the word it names starts in the command line
	 * options_parse was given, so that a caller that assembled that line
	 * from several sources (a configuration file's lines) can say where
	 * the word came from. NULL when no one word is to blame.
	 */
	const char *fail_at;
};

#define OPTIONS_MODULE "--module"

extern const char options_usage[];

/**
 * options_parse() - the app's arguments
 * @o: the result
 * @cmdline: the arguments (ASCII, without the program's name; modified)
 * @files: where the files' paths and command lines go
 * @files_size: its size
 * @why: the reason when refused
 * @why_size: its size
 *
 * Options come first, then optionally a kernel file with its arguments and
 * "--module FILE ARGS" groups. Words are split at blanks as the UEFI shell
 * splits them: "double quotes" group blanks into a word, ^ makes the next
 * character literal ("^"" is a quote). Paths are opened as written without
 * the quoting; in a command line, a word with a blank is quoted again (as
 * GRUB does), so the kernel can split it the same way.
 *
 * Return: 0, or -1 with a one-line reason in @why, and @o->fail_at set to
 * the word it names.
 */
int options_parse(struct options *o, char *cmdline, char *files, size_t files_size,
		  char *why, size_t why_size);

/**
 * options_file() - one of the files to boot
 * @o: parsed options
 * @index: 0 for the kernel, then the modules in order (< @o->file_count)
 * @cmdline: set to its command line ("path args", quoted as above)
 *
 * Return: its path, unquoted.
 */
const char *options_file(const struct options *o, unsigned index, const char **cmdline);

/**
 * options_quote_word() - a word as options_parse reads it back
 * @out: where it goes
 * @size: the room there
 * @word: the word (a UEFI shell argument, already unquoted)
 *
 * Quotes a word holding blanks, quotes or ^ so that it stays one word.
 *
 * Return: the length written (without the NUL), or -1 when it does not fit.
 */
int options_quote_word(char *out, size_t size, const char *word);

#endif
