/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A planning fixture: a QEMU payload (blob.c), a firmware map (maps.c) and
 * the request efi/main.c makes, plus the invariants every plan must keep.
 */
#ifndef UNIT_FIXTURE_H
#define UNIT_FIXTURE_H

#include "blob.h"
#include "loader/plan.h"
#include "maps.h"

/* What efi/main.c passes: MBI + "multiboot.efi <version>", 3 hand-off pages. */
#define FX_LOADER_NAME "multiboot.efi 0.1.0"
#define FX_MBI_SIZE (PAYLOAD_MBI_SIZE + sizeof(FX_LOADER_NAME))
#define FX_HANDOFF_SIZE (3 * PAGE_SIZE)

struct fixture {
	struct blob *blob;
	struct payload *payload;
	struct mem_map *map;
	struct plan *plan;
	struct plan_request req;
	char why[256];
};

/* Load the payload (CHECKed) and prepare the request; takes map. */
struct fixture *fx_new(const struct blob_spec *spec, struct mem_map *map);
/* A payload with one module per size, on map. */
struct fixture *fx_modules(uint32_t kernel_size, uint32_t count, const uint32_t *sizes,
			   struct mem_map *map);
void fx_free(struct fixture *f);
int fx_plan(struct fixture *f);
/* plan_make, CHECKed to succeed, then every invariant CHECKed. */
void fx_plan_ok(struct fixture *f);

/* Every piece's range; what check_plan looks at. */
struct piece {
	const char *name;
	uint64_t start, size;
	uint64_t home;       /* its BIOS-path address, or UINT64_MAX */
	bool allocated;      /* the plan allocates its pages */
};
size_t fx_pieces(const struct fixture *f, struct piece *out, size_t max);

/* The invariants, line-tagged. */
void check_plan(const struct fixture *f, int line);
#define CHECK_PLAN(f) check_plan((f), __LINE__)

static inline uint64_t fx_page_down(uint64_t a) { return a & ~(uint64_t)(PAGE_SIZE - 1); }
static inline uint64_t fx_page_up(uint64_t a) { return fx_page_down(a + PAGE_SIZE - 1); }

#endif
