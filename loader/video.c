// SPDX-License-Identifier: BSD-2-Clause
#include "video.h"

static uint64_t area(const struct video_mode *m)
{
	return (uint64_t)m->width * m->height;
}

/* Lower is better: exact, then larger by the least, then smaller by the least. */
static uint64_t distance(const struct video_mode *m, uint32_t w, uint32_t h)
{
	uint32_t mw = w ? m->width : 0, mh = h ? m->height : 0;
	uint64_t want = (uint64_t)(w ? w : 1) * (h ? h : 1);
	uint64_t have = (uint64_t)(w ? mw : 1) * (h ? mh : 1);

	if (mw == w && mh == h)
		return 0;
	if (mw >= w && mh >= h)
		return 1 + (have - want);
	return (1ull << 62) + (want > have ? want - have : have - want);
}

int video_pick_mode(const struct video_mode *modes, size_t count,
		    uint32_t want_width, uint32_t want_height)
{
	int best = -1;
	uint64_t best_distance = UINT64_MAX;

	for (size_t i = 0; i < count; i++) {
		uint64_t d;

		if (!modes[i].direct)
			continue;
		d = distance(&modes[i], want_width, want_height);
		/* Ties (say, any size asked for) go to the larger mode. */
		if (d < best_distance ||
		    (d == best_distance && area(&modes[i]) > area(&modes[best]))) {
			best = (int)i;
			best_distance = d;
		}
	}
	return best;
}

bool video_mask_field(uint32_t mask, uint8_t *pos, uint8_t *size)
{
	uint8_t p = 0, n = 0;

	if (!mask)
		return false;
	while (!(mask & 1)) {
		mask >>= 1;
		p++;
	}
	while (mask & 1) {
		mask >>= 1;
		n++;
	}
	if (mask)
		return false;
	*pos = p;
	*size = n;
	return true;
}
