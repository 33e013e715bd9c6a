// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness for memmap_from_efi, memmap_find and memmap_all_kind
 * (loader/memmap.c).
 *
 * Input: [mode][capacity][probe count][probes: 16 bytes each][descriptors]
 *   mode bits 0-2: the descriptor size: 40 or 48 (the common ones), else
 *                  56, 80, or an invalid 24, 44, 36, 0
 *   mode bit 3: "compact" descriptors, 8 input bytes each (type, start page
 *               as a delta from the last end, pages), so maps are mostly
 *               sorted, adjacent and mergeable; else the raw bytes are the
 *               descriptor array
 *   mode bit 4: compact descriptors are emitted in reverse order
 *   capacity:   the neutral map's capacity (0-255)
 *   probes:     [addr:8][len:8] pairs for memmap_find and memmap_all_kind
 * The descriptors are copied into an 8-byte-aligned heap block of exactly
 * the map size. The result is compared with a reference: memmap_from_efi
 * must fail exactly when the descriptor size is bad, a range wraps, there
 * are more non-empty descriptors than capacity, or two overlap; on success
 * the map is sorted, non-overlapping, has no empty ranges, merges every
 * adjacent pair of one kind, has valid kinds, and covers exactly the
 * descriptors' ranges with their kinds. memmap_find and memmap_all_kind are
 * checked against reference scans.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <multiboot/multiboot.h>

#include "loader/memmap.h"

#include "fuzz_common.h"

#define PAGE 4096ull
#define MAX_DESCS 4096
#define MAX_PROBES 8

static const size_t strides[8] = { 40, 48, 40, 48, 56, 80, 24, 44 };

struct desc {
	uint32_t type;
	uint64_t start, pages;
};

static struct desc descs[MAX_DESCS];
static struct mem_range ranges[256];
static struct mem_range ref[MAX_DESCS];

FUZZ_REFERENCE static void sort_ref(struct mem_range *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct mem_range key = r[i];
		size_t j = i;

		for (; j && r[j - 1].start > key.start; j--)
			r[j] = r[j - 1];
		r[j] = key;
	}
}

/* The kind the map gives addr by a plain scan of the descriptors, or -1. */
FUZZ_REFERENCE static int kind_at(size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (ref[i].start <= addr && addr < ref[i].end)
			return (int)ref[i].kind;
	return -1;
}

FUZZ_REFERENCE static void check_find(const struct mem_map *map, uint64_t addr)
{
	uint64_t gap_end = 0;
	const struct mem_range *r = memmap_find(map, addr, &gap_end);
	const struct mem_range *want = NULL;
	uint64_t want_gap = UINT64_MAX;

	for (size_t i = 0; i < map->count; i++) {
		if (map->ranges[i].start <= addr && addr < map->ranges[i].end) {
			want = &map->ranges[i];
			break;
		}
		if (map->ranges[i].start > addr) {
			want_gap = map->ranges[i].start;
			break;
		}
	}
	FUZZ_CHECK(r == want, "memmap_find(0x%llx) gave range %td, want %td",
		   (unsigned long long)addr, r ? r - map->ranges : -1,
		   want ? want - map->ranges : -1);
	if (!r)
		FUZZ_CHECK(gap_end == want_gap, "memmap_find(0x%llx) gap_end 0x%llx, want 0x%llx",
			   (unsigned long long)addr, (unsigned long long)gap_end,
			   (unsigned long long)want_gap);
}

FUZZ_REFERENCE static void check_all_kind(const struct mem_map *map, uint64_t start, uint64_t end,
			   enum mem_kind kind)
{
	int got = memmap_all_kind(map, start, end, kind);
	int want = 1;
	uint64_t at = start;

	/* Walk the map: every byte of [start, end) in a range of this kind. */
	for (size_t i = 0; i < map->count && at < end; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (r->end <= at)
			continue;
		if (r->start > at || r->kind != kind) {
			want = 0;
			break;
		}
		at = r->end;
	}
	if (at < end && want)
		want = 0;
	FUZZ_CHECK(got == want, "memmap_all_kind(0x%llx-0x%llx, %d) = %d, want %d",
		   (unsigned long long)start, (unsigned long long)end, kind, got, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	uint8_t mode = get8(&c);
	size_t stride = strides[mode & 7];
	size_t capacity = get8(&c);
	size_t nprobes = get8(&c) % (MAX_PROBES + 1);
	uint64_t probe[MAX_PROBES][2];
	size_t n = 0;
	uint8_t *buf;
	size_t map_size;

	for (size_t i = 0; i < nprobes; i++) {
		probe[i][0] = get64(&c);
		probe[i][1] = get64(&c);
	}
	if (mode & 8) {
		uint64_t end = 0;

		while (c.n && n < MAX_DESCS) {
			uint8_t t = get8(&c);
			uint8_t g = get8(&c);
			uint16_t p = get16(&c);
			uint32_t s = get32(&c);
			struct desc *d = &descs[n++];

			d->type = t < 240 ? t % 16 : s;
			/* Mostly adjacent; sometimes a gap, an overlap, or far away. */
			if (g < 160)
				d->start = end;
			else if (g < 200)
				d->start = end + (uint64_t)(g - 159) * PAGE;
			else if (g < 230)
				d->start = end - (uint64_t)(g - 199) * PAGE;
			else
				d->start = (uint64_t)s << (g - 230);
			d->pages = t & 0x80 ? p : (uint64_t)p << (s % 24);
			end = d->start + d->pages * PAGE;
		}
		map_size = n * stride;
		buf = aligned_alloc(8, map_size ? (map_size + 7) / 8 * 8 : 8);
		FUZZ_CHECK(buf, "malloc");
		memset(buf, 0xEE, map_size);
		for (size_t i = 0; i < n; i++) {
			const struct desc *d = &descs[mode & 16 ? n - 1 - i : i];
			struct efi_memory_descriptor e = {
				d->type, 0, d->start, 0x5a5a5a5a5a5a5a5aull, d->pages, 0xf,
			};

			if (stride >= sizeof(e))
				memcpy(buf + i * stride, &e, sizeof(e));
			else
				memcpy(buf + i * stride, &e, stride);
		}
	} else {
		map_size = c.n;
		buf = aligned_alloc(8, map_size ? (map_size + 7) / 8 * 8 : 8);
		FUZZ_CHECK(buf, "malloc");
		memcpy(buf, c.p, map_size);
	}

	/* The reference: the non-empty descriptors, in the order read. */
	bool bad_size = stride < sizeof(struct efi_memory_descriptor) || stride % 8;
	bool wraps = false, overlap = false;
	size_t m = 0;

	if (!bad_size) {
		for (size_t off = 0; off + stride <= map_size && m < MAX_DESCS; off += stride) {
			struct efi_memory_descriptor e;

			memcpy(&e, buf + off, sizeof(e));
			if (!e.pages)
				continue;
			if ((unsigned __int128)e.physical_start + (unsigned __int128)e.pages * PAGE >
			    (unsigned __int128)UINT64_MAX) {
				wraps = true;
				break;
			}
			ref[m++] = (struct mem_range){
				e.physical_start, e.physical_start + e.pages * PAGE,
				memmap_kind_from_efi(e.type),
			};
		}
		sort_ref(ref, m);
		for (size_t i = 1; i < m; i++)
			if (ref[i].start < ref[i - 1].end)
				overlap = true;
	}

	struct mem_map map = { ranges, 0, capacity };
	char why[160];

	why[0] = 0;
	memset(ranges, 0xA5, sizeof(ranges));
	int rc = memmap_from_efi(&map, buf, map_size, stride, why, sizeof(why));
	/* Too many ranges is found before any overlap; either way it fails. */
	bool want_fail = bad_size || wraps || m > capacity || overlap;

	FUZZ_CHECK(memchr(why, 0, sizeof(why)), "why not terminated");
	FUZZ_LOG("stride %zu, %zu descriptors, capacity %zu: %s%s (%zu ranges)\n", stride, m,
		 capacity, rc ? "refused: " : "ok", rc ? why : "", rc ? 0 : map.count);
	if (m >= MAX_DESCS && !want_fail) {
		free(buf);
		return 0;  /* beyond what the reference holds */
	}
	FUZZ_CHECK((rc != 0) == want_fail,
		   "memmap_from_efi returned %d (%s); reference: bad size %d, wraps %d, %zu ranges for %zu, overlap %d",
		   rc, why, bad_size, wraps, m, capacity, overlap);
	if (rc) {
		FUZZ_CHECK(why[0], "failure with no reason");
		free(buf);
		return 0;
	}

	FUZZ_CHECK(map.count <= capacity && map.count <= m, "%zu ranges (capacity %zu, %zu given)",
		   map.count, capacity, m);
	for (size_t i = 0; i < map.count; i++) {
		const struct mem_range *r = &map.ranges[i];

		FUZZ_CHECK(r->start < r->end, "range %zu empty", i);
		FUZZ_CHECK((unsigned)r->kind < MEM_KINDS, "range %zu kind %d", i, r->kind);
		FUZZ_CHECK(memmap_kind_name(r->kind)[0] != '?', "kind name");
		if (i) {
			const struct mem_range *l = r - 1;

			FUZZ_CHECK(l->end <= r->start, "ranges %zu and %zu overlap or are unsorted", i - 1, i);
			FUZZ_CHECK(l->end != r->start || l->kind != r->kind,
				   "ranges %zu and %zu not merged", i - 1, i);
		}
		/* Every output range is covered by descriptors of its kind, and back. */
		uint64_t at = r->start;

		for (size_t j = 0; j < m && at < r->end; j++) {
			if (ref[j].end <= at || ref[j].start > at)
				continue;
			FUZZ_CHECK(ref[j].kind == r->kind, "range %zu kind %d, descriptor kind %d",
				   i, r->kind, ref[j].kind);
			at = ref[j].end;
		}
		FUZZ_CHECK(at >= r->end, "range %zu 0x%llx-0x%llx has a hole at 0x%llx", i,
			   (unsigned long long)r->start, (unsigned long long)r->end,
			   (unsigned long long)at);
	}
	for (size_t j = 0; j < m; j++) {
		uint64_t gap;
		const struct mem_range *r = memmap_find(&map, ref[j].start, &gap);

		FUZZ_CHECK(r && r->kind == ref[j].kind && r->start <= ref[j].start &&
			   ref[j].end <= r->end,
			   "descriptor 0x%llx-0x%llx not in the map",
			   (unsigned long long)ref[j].start, (unsigned long long)ref[j].end);
	}

	/* Lookups: at range edges, and at the input's probes. */
	for (size_t i = 0; i < map.count && i < 64; i++) {
		const struct mem_range *r = &map.ranges[i];

		check_find(&map, r->start);
		check_find(&map, r->end - 1);
		check_find(&map, r->end);
		check_all_kind(&map, r->start, r->end, r->kind);
		check_all_kind(&map, r->start, r->end + 1, r->kind);
	}
	for (size_t i = 0; i < nprobes; i++) {
		uint64_t a = probe[i][0], len = probe[i][1];
		uint64_t end = len > UINT64_MAX - a ? UINT64_MAX : a + len;
		int k = kind_at(m, a);

		check_find(&map, a);
		check_all_kind(&map, a, end, (enum mem_kind)(len % MEM_KINDS));
		if (k >= 0)
			check_all_kind(&map, a, end, (enum mem_kind)k);
		if (map.count) {
			/* A probe relative to a range, so that it lands. */
			const struct mem_range *r = &map.ranges[a % map.count];
			uint64_t s = r->start + (len % 3 == 0 ? 0 : (len >> 2) % (r->end - r->start));
			uint64_t e2 = s + ((len >> 8) % 0x100000);

			check_find(&map, s);
			check_all_kind(&map, s, e2 < s ? UINT64_MAX : e2, r->kind);
		}
	}
	for (int k = 0; k < MEM_KINDS; k++)
		FUZZ_CHECK(memmap_multiboot_type((enum mem_kind)k) >= MULTIBOOT_MEMORY_AVAILABLE &&
			   memmap_multiboot_type((enum mem_kind)k) <= MULTIBOOT_MEMORY_BADRAM,
			   "multiboot type");
	free(buf);
	return 0;
}
