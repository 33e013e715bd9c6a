/* SPDX-License-Identifier: BSD-2-Clause */
/* Allocating exactly the pages the plan names, all or none. */
#ifndef EFI_ALLOC_H
#define EFI_ALLOC_H

#include <efi.h>

#include "../loader/plan.h"

/* Returns EFI_SUCCESS, or frees what it got and says which range failed. */
EFI_STATUS alloc_plan(const struct plan *plan, char *why, size_t why_size);
void alloc_release(const struct plan *plan);

#endif
