/* SPDX-License-Identifier: BSD-2-Clause */
/* What the app says about a boot, on the firmware's console (efi/console.h). */
#ifndef EFI_REPORT_H
#define EFI_REPORT_H

#include <stdint.h>

#include "../loader/memmap.h"
#include "../loader/payload.h"
#include "../loader/plan.h"
#include "source.h"

/* With -v: the firmware's map, before planning, so that it explains a refusal too. */
void report_map(const struct mem_map *map);

/* The plan: with -v every allocation; the kernel, modules, information. */
void report_plan(const struct payload *p, const struct plan *pl, const struct source *src,
		 uint32_t entry);

/* --sha256: one "sha256 <hex> <what was hashed>" line per piece as loaded. */
void report_hashes(const struct source *src, const struct payload *p, const struct plan *pl);

/* The last line before ExitBootServices: how much, how long, how fast. */
void report_loaded(const struct payload *p, uint64_t load_start_us, bool boot_services_kept);

#endif
