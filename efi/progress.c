// SPDX-License-Identifier: BSD-2-Clause
#include "progress.h"

#include "../loader/fmt.h"
#include "console.h"

#define MIB (1u << 20)
/*
 * About a second's worth of each transfer on QEMU under TCG (make bench):
 * DMA into fresh guest pages ~300 MB/s, file reads through the firmware's
 * FAT driver ~100 MB/s, fw_cfg's byte-wide data port ~14 MB/s; and how
 * much one read moves while progress is shown (about 20 updates a second).
 */
#define DMA_SECOND (256 * MIB)
#define FILE_SECOND (64 * MIB)
#define PIO_SECOND (8 * MIB)

static uint64_t second_of(const char *transfer)
{
	if (transfer[0] == 'D')
		return DMA_SECOND;
	if (transfer[0] == 'f')
		return FILE_SECOND;
	return PIO_SECOND;
}

static void show(struct progress *pr, bool done)
{
	unsigned percent = (unsigned)(pr->done * 100 / pr->total);

	if (!done && percent == pr->percent)
		return;
	pr->percent = percent;
	con_progress(done, "loading %llu MiB by %s: %u%%",
		     (unsigned long long)(pr->total / MIB), pr->transfer, percent);
}

void progress_start(struct progress *pr, const struct source *src, uint64_t total)
{
	uint64_t second = second_of(source_transfer_name(src));

	/* No percentage shown yet: the first one is drawn. */
	*pr = (struct progress){ .transfer = source_transfer_name(src), .total = total,
				 .percent = ~0u };
	if (total <= second)
		return;
	pr->chunk = (uint32_t)(second / 20);
	show(pr, false);
}

int progress_read(struct progress *pr, struct source *src, uint32_t offset, void *dest,
		  uint32_t len)
{
	uint8_t *out = dest;

	if (!pr->chunk)
		return source_read(src, offset, dest, len);
	while (len) {
		uint32_t n = len < pr->chunk ? len : pr->chunk;

		if (source_read(src, offset, out, n))
			return -1;
		offset += n;
		out += n;
		len -= n;
		pr->done += n;
		show(pr, false);
	}
	return 0;
}

void progress_end(struct progress *pr)
{
	if (pr->chunk)
		show(pr, true);
}
