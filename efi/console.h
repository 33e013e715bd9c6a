/* SPDX-License-Identifier: BSD-2-Clause */
/* Lines on the firmware console (and so on the serial port under OVMF). */
#ifndef EFI_CONSOLE_H
#define EFI_CONSOLE_H

#include <efi.h>

enum verbosity { VERBOSITY_QUIET, VERBOSITY_NORMAL, VERBOSITY_VERBOSE };

void con_init(EFI_SYSTEM_TABLE *st, enum verbosity level);
/* Errors always print; info at normal verbosity; detail only when verbose. */
void con_error(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_warn(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_info(const char *format, ...) __attribute__((format(printf, 1, 2)));
void con_detail(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Plain text, no prefix, at any verbosity (usage, version). */
void con_text(const char *text);

#endif
