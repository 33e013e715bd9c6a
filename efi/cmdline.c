// SPDX-License-Identifier: BSD-2-Clause
#include "cmdline.h"

#include <efishell.h>

#include "../loader/fmt.h"
#include "firmware.h"
#include "fwcfg_dir.h"

/* Append UCS-2 text as ASCII; false on anything else (binary data). */
static bool append(char *out, size_t size, size_t *used, const CHAR16 *text, size_t chars)
{
	if (*used && *used + 1 < size)
		out[(*used)++] = ' ';
	for (size_t i = 0; i < chars && text[i]; i++) {
		if ((text[i] < 0x20 && text[i] != '\t') || text[i] > 0x7e || *used + 1 >= size)
			return false;
		out[(*used)++] = (char)text[i];
	}
	out[*used] = '\0';
	return true;
}

static size_t length(const CHAR16 *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int cmdline_get(EFI_HANDLE image, struct fwcfg *fw, char *out, size_t size,
		char *why, size_t why_size)
{
	EFI_GUID shell_guid = EFI_SHELL_PARAMETERS_PROTOCOL_GUID;
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_SHELL_PARAMETERS_PROTOCOL *shell;
	EFI_LOADED_IMAGE *loaded;
	size_t used = 0;

	out[0] = '\0';
	if (fw && fwcfg_dir_read_string(fw, CMDLINE_FWCFG_FILE, out, size) < 0) {
		fmt_snprintf(why, why_size, "cannot read the fw_cfg file %s (at most %u bytes)",
			     CMDLINE_FWCFG_FILE, (unsigned)size - 1);
		return -1;
	}
	while (out[used])
		used++;

	if (!EFI_ERROR(boot_services->HandleProtocol(image, &shell_guid, (void **)&shell))) {
		for (UINTN i = 1; i < shell->Argc; i++) {
			if (!append(out, size, &used, shell->Argv[i], length(shell->Argv[i]))) {
				fmt_snprintf(why, why_size, "the arguments are not ASCII or longer than %u bytes",
					     (unsigned)size - 1);
				return -1;
			}
		}
		return 0;
	}
	/* A boot option's data may be binary (OVMF's own options hold a GUID):
	 * only text counts as arguments. */
	if (!EFI_ERROR(boot_services->HandleProtocol(image, &loaded_guid, (void **)&loaded)) &&
	    loaded->LoadOptions) {
		size_t before = used;

		if (!append(out, size, &used, loaded->LoadOptions,
			    loaded->LoadOptionsSize / sizeof(CHAR16))) {
			used = before;
			out[used] = '\0';
		}
	}
	return 0;
}
