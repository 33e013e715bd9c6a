// SPDX-License-Identifier: BSD-2-Clause
#include "console.h"

#include <stdarg.h>

#include "../loader/fmt.h"

#define PREFIX "multiboot.efi: "
#define LINE_MAX 512

static EFI_SIMPLE_TEXT_OUT_PROTOCOL *con_out;
static enum verbosity con_level;

void con_init(EFI_SYSTEM_TABLE *st, enum verbosity level)
{
	con_out = st->ConOut;
	con_level = level;
}

/* ASCII to UCS-2 in chunks, with the CR the console wants before LF. */
void con_text(const char *text)
{
	CHAR16 chunk[128];
	size_t n = 0;

	if (!con_out)
		return;
	for (const char *p = text;; p++) {
		if (n + 3 > sizeof(chunk) / sizeof(chunk[0]) || !*p) {
			chunk[n] = 0;
			con_out->OutputString(con_out, chunk);
			n = 0;
		}
		if (!*p)
			break;
		if (*p == '\n')
			chunk[n++] = '\r';
		chunk[n++] = (unsigned char)*p;
	}
}

static void line(const char *kind, const char *format, va_list args)
{
	char buf[LINE_MAX];
	size_t n = fmt_snprintf(buf, sizeof(buf), "%s%s", PREFIX, kind);

	n += fmt_vsnprintf(buf + n, sizeof(buf) - n - 1, format, args);
	buf[n++] = '\n';
	buf[n] = '\0';
	con_text(buf);
}

#define DEFINE_LEVEL(name, kind, min_level)			\
	void name(const char *format, ...)			\
	{							\
		va_list args;					\
								\
		if (con_level < (min_level))			\
			return;					\
		va_start(args, format);				\
		line(kind, format, args);			\
		va_end(args);					\
	}

DEFINE_LEVEL(con_error, "error: ", VERBOSITY_QUIET)
DEFINE_LEVEL(con_warn, "warning: ", VERBOSITY_QUIET)
DEFINE_LEVEL(con_info, "", VERBOSITY_NORMAL)
DEFINE_LEVEL(con_detail, "", VERBOSITY_VERBOSE)

void con_progress(bool done, const char *format, ...)
{
	char buf[LINE_MAX];
	va_list args;
	size_t n;

	if (con_level < VERBOSITY_NORMAL)
		return;
	n = fmt_snprintf(buf, sizeof(buf), "%s", PREFIX);
	va_start(args, format);
	n += fmt_vsnprintf(buf + n, sizeof(buf) - n - 1, format, args);
	va_end(args);
	buf[n++] = done ? '\n' : '\r';
	buf[n] = '\0';
	con_text(buf);
}
