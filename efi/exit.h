/* The last firmware step: final map, Multiboot map and MBI, ExitBootServices. */
#ifndef EFI_EXIT_H
#define EFI_EXIT_H

#include <efi.h>
#include <stdbool.h>

#include "../loader/payload.h"
#include "../loader/plan.h"
#include "../loader/video.h"
#include "memmap.h"

/*
 * On success boot services are gone. On failure *committed says whether
 * ExitBootServices was already tried (then nothing may be printed).
 */
EFI_STATUS exit_firmware(EFI_HANDLE image, struct efi_map *map,
			 const struct payload *p, const struct plan *plan,
			 bool strict, const char *loader_name,
			 const struct framebuffer *fb, bool bios_shim, bool *committed,
			 char *why, size_t why_size);

#endif
