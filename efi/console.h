/* SPDX-License-Identifier: BSD-2-Clause */
/* Lines on the firmware console (and so on the serial port under OVMF). */
#ifndef EFI_CONSOLE_H
#define EFI_CONSOLE_H

#include <efi.h>
#include <stdbool.h>

enum verbosity { VERBOSITY_QUIET, VERBOSITY_NORMAL, VERBOSITY_VERBOSE };

void con_init(EFI_SYSTEM_TABLE *st, enum verbosity level);
/* Errors always print; info at normal verbosity; detail only when verbose. */
void con_error(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_warn(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_info(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_detail(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Plain text, no prefix, at any verbosity (usage, version). */
void con_text(const char *text);
/*
 * A line redrawn in place (progress), at normal verbosity: it ends with a
 * carriage return, and the next con_progress writes over it; finish it
 * with done true, which ends it with a newline.
 */
void con_progress(bool done, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
