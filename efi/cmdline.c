// SPDX-License-Identifier: BSD-2-Clause
#include "cmdline.h"

#include <efishell.h>

#include "../loader/fmt.h"
#include "../loader/options.h"
#include "firmware.h"
#include "status.h"

/* The longest shell argument, as ASCII. */
#define ARG_MAX 1024

/* UCS-2 text as ASCII into ascii; false on anything else (binary data). */
static bool to_ascii(char *ascii, size_t size, const CHAR16 *text, size_t chars)
{
	size_t n = 0;

	for (; n < chars && text[n]; n++) {
		if ((text[n] < 0x20 && text[n] != '\t') || text[n] > 0x7e || n + 1 >= size)
			return false;
		ascii[n] = (char)text[n];
	}
	ascii[n] = '\0';
	return true;
}

/* Room for a blank and one more character after what out holds. */
static char *next_part(char *out, size_t size, size_t *used)
{
	if (*used && *used + 1 < size)
		out[(*used)++] = ' ';
	return out + *used;
}

static size_t length(const CHAR16 *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * The shell has split its command line and removed the quoting: quote each
 * argument again, so that options_parse finds the same words.
 */
static bool append_shell_args(const EFI_SHELL_PARAMETERS_PROTOCOL *shell, char *out,
			      size_t size, size_t *used)
{
	char arg[ARG_MAX];

	for (UINTN i = 1; i < shell->Argc; i++) {
		char *part = next_part(out, size, used);
		int n;

		if (!to_ascii(arg, sizeof(arg), shell->Argv[i], length(shell->Argv[i])))
			return false;
		n = options_quote_word(part, size - *used, arg);
		if (n < 0)
			return false;
		*used += (size_t)n;
	}
	return true;
}

EFI_STATUS cmdline_get(EFI_HANDLE image, struct fwcfg *fw, char *out, size_t size,
		       char *why, size_t why_size)
{
	EFI_GUID shell_guid = EFI_SHELL_PARAMETERS_PROTOCOL_GUID;
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_SHELL_PARAMETERS_PROTOCOL *shell;
	EFI_LOADED_IMAGE *loaded;
	size_t used = 0;

	out[0] = '\0';
	if (fw && fwcfg_file_read_string(fw, CMDLINE_FWCFG_FILE, out, size) == FWCFG_UNREADABLE)
		return efi_fail(why, why_size, EFI_INVALID_PARAMETER,
				"cannot read the fw_cfg file %s (at most %u bytes)",
				CMDLINE_FWCFG_FILE, (unsigned)size - 1);
	while (out[used])
		used++;

	if (!EFI_ERROR(boot_services->HandleProtocol(image, &shell_guid, (void **)&shell))) {
		if (!append_shell_args(shell, out, size, &used))
			return efi_fail(why, why_size, EFI_INVALID_PARAMETER,
					"the arguments are not ASCII, or longer than %u bytes",
					(unsigned)size - 1);
		return EFI_SUCCESS;
	}
	/* A boot option's data may be binary (OVMF's own options hold a GUID):
	 * only text counts as arguments. */
	if (!EFI_ERROR(boot_services->HandleProtocol(image, &loaded_guid, (void **)&loaded)) &&
	    loaded->LoadOptions) {
		size_t before = used;
		char *part = next_part(out, size, &used);

		if (to_ascii(part, size - used, loaded->LoadOptions,
			     loaded->LoadOptionsSize / sizeof(CHAR16))) {
			while (out[used])
				used++;
		} else {
			used = before;
			out[used] = '\0';
		}
	}
	return EFI_SUCCESS;
}
