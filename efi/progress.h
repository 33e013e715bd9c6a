/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Progress on long loads, as firmware boot loaders show it: one console
 * line, redrawn in place, when the whole transfer is expected to take more
 * than about a second (port I/O, file reads, very large DMA). Otherwise
 * nothing changes: every piece is still one read, one DMA transfer.
 */
#ifndef EFI_PROGRESS_H
#define EFI_PROGRESS_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#include "source.h"

struct progress {
	const char *transfer;  /* "DMA", "port I/O", "file reads" */
	uint64_t total;        /* bytes to move */
	uint64_t done;
	uint32_t chunk;        /* bytes a read while shown; 0: not shown */
	unsigned percent;      /* last shown */
};

/* Decide whether to show progress for total bytes moved by src. */
void progress_start(struct progress *pr, const struct source *src, uint64_t total);

/* source_read(), in chunks while progress is shown. Returns 0 or -1. */
int progress_read(struct progress *pr, struct source *src, uint32_t offset, void *dest,
		  uint32_t len);

/* The line's last state, 100%, when it was shown. */
void progress_end(struct progress *pr);

#endif
