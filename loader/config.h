/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * multiboot.cfg: boot entries in a file beside the app, so that a disk image
 * boots its kernel with no UEFI shell script and no boot option of its own.
 *
 *   # global directives, before the first entry
 *   timeout 5     # seconds the menu waits; 0 (the default): boot at once
 *   default 2     # the entry booted when nobody picks one (from 1; default 1)
 *
 *   entry "Xen 4.17"
 *       --strict \boot\xen.gz console=com1
 *       --module \boot\vmlinuz root=/dev/vda
 *   entry Test kernel
 *       \boot\mbtest.elf mods=1 --module "\boot\my mod.bin" arg
 *
 * An "entry" line's other words are its title (quotes optional). The lines
 * after it, up to the next "entry" line, are one command line of the app
 * (options, KERNEL ARGS, then "--module FILE ARGS"...: see options_parse),
 * quoted as the UEFI shell quotes: "..." groups blanks, ^ makes the next
 * character literal. '#' outside quotes, unless escaped, starts a comment
 * to the end of its line; quotes do not span lines. A word is a directive
 * only as the first word of a line, unquoted. A file without "entry"
 * lines is one unnamed entry: all its lines that are not directives.
 *
 * Lines end with LF or CR LF, and a UTF-8 byte-order mark is skipped, so
 * that files written on Windows read the same. Command lines are printable
 * ASCII (file names are opened as such); titles may be UTF-8 within the
 * Basic Multilingual Plane, what the firmware's console shows.
 *
 * The file chooses what to boot, never how a kernel is checked: under
 * Secure Boot, kernels and modules are authorised by their hash whatever
 * it says.
 */
#ifndef LOADER_CONFIG_H
#define LOADER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define CONFIG_FILE_NAME "multiboot.cfg"
/* Limits: larger files, longer lines, more entries are refused. */
#define CONFIG_MAX_SIZE (32 * 1024)
#define CONFIG_MAX_LINE 1024
#define CONFIG_MAX_ENTRIES 16
#define CONFIG_MAX_TIMEOUT 3600
/* A title's bytes with the NUL: longer titles are cut at a character. */
#define CONFIG_TITLE_SIZE 64

struct config_entry {
	char title[CONFIG_TITLE_SIZE];  /* UTF-8; "" for the unnamed entry */
	unsigned line;       /* its "entry" line; the unnamed entry's first */
	/*
	 * Its command line, NUL-terminated, inside the text config_parse was
	 * given, with comments blanked out and the line ends kept (blanks to
	 * options_parse). It starts on line text_line.
	 */
	char *text;
	unsigned text_line;
};

struct config {
	const char *name;         /* the file, as messages name it */
	unsigned timeout;         /* seconds the menu waits; 0: no menu */
	unsigned default_index;   /* from 0 */
	unsigned line_count;      /* lines in the file */
	unsigned entry_count;
	struct config_entry entries[CONFIG_MAX_ENTRIES];
};

/**
 * config_parse() - a configuration file's directives and entries
 * @c: the result, which points into @text
 * @text: the file's bytes; modified (comments blanked, entries
 *        NUL-terminated), and @text[@len] is written: @len + 1 bytes
 * @len: the file's length
 * @name: the file's name for messages, kept in @c (e.g. its path)
 * @why: the reason when refused
 * @why_size: its size
 *
 * Return: 0, or -1 with a one-line reason, "NAME:LINE: what" (or "NAME:
 * what" when no line is to blame), in @why.
 */
int config_parse(struct config *c, char *text, size_t len, const char *name, char *why,
		 size_t why_size);

/**
 * config_entry_options() - an entry's command line, parsed
 * @c: a parsed configuration
 * @index: the entry (< @c->entry_count)
 * @line: holds the app's own options (NUL-terminated, maybe empty), which
 *        come first; the entry's text is appended and the whole parsed in
 *        place (options_parse)
 * @line_size: its size
 * @o: the options, as options_parse sets them
 * @files: options_parse's file list
 * @files_size: its size
 * @why: the reason when refused
 * @why_size: its size
 *
 * Return: 0, or -1 with a one-line reason naming the file and the line of
 * the word to blame (the entry's line when none is) in @why: also for an
 * entry that names no kernel file.
 */
int config_entry_options(const struct config *c, unsigned index, char *line, size_t line_size,
			 struct options *o, char *files, size_t files_size, char *why,
			 size_t why_size);

/**
 * config_file_line() - the line that names one of an entry's files
 * @c: a parsed configuration
 * @index: the entry, whose options parsed (config_entry_options)
 * @file: 0 for the kernel, then the modules in order
 * @scratch: room to parse the entry's first lines again
 * @scratch_size: its size
 * @files: room for their file list
 * @files_size: its size
 *
 * For an error about the file itself (it cannot be opened).
 *
 * Return: the line on which its name stands, or the entry's line.
 */
unsigned config_file_line(const struct config *c, unsigned index, unsigned file, char *scratch,
			  size_t scratch_size, char *files, size_t files_size);

/**
 * config_title_ucs2() - a title as the firmware's console shows text
 * @title: an entry's title (UTF-8, as config_parse checked it)
 * @out: UCS-2 characters, NUL-terminated
 * @count: room in @out, in characters (at least 1)
 *
 * Return: the characters written, without the NUL.
 */
size_t config_title_ucs2(const char *title, uint16_t *out, size_t count);

#endif
