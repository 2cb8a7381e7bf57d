/*
 * grave.c - removed text as runs of segments, each run stored once
 * (grave.h says why and how).
 */
#include "grave.h"
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct rd_grave_run {
	uint64_t key;
	uint32_t pos;
	uint32_t len; /* 0: empty slot */
};

void rd_grave_init(struct rd_grave *g)
{
	memset(g, 0, sizeof(*g));
}

void rd_grave_release(struct rd_grave *g)
{
	free(g->seg);
	free(g->runs);
	rd_grave_init(g);
}

/* Index of the last segment at or before pos (there is one). */
static size_t seg_of(struct rd_grave *g, uint32_t pos)
{
	size_t lo = 0, hi = g->nseg, l = g->last;

	/* a matcher walks: the same segment, or the next or previous one */
	if (g->seg[l].pos <= pos && (l + 1 == g->nseg || g->seg[l + 1].pos > pos))
		return l;
	if (l + 1 < g->nseg && g->seg[l + 1].pos <= pos &&
	    (l + 2 == g->nseg || g->seg[l + 2].pos > pos))
		return l + 1;
	if (l > 0 && g->seg[l - 1].pos <= pos && g->seg[l].pos > pos)
		return l - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->seg[mid].pos <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

uint32_t rd_grave_at(struct rd_grave *g, uint32_t pos)
{
	const struct rd_grave_seg *s;

	if (!g->nseg || pos >= g->end || pos < g->seg[0].pos)
		return RD_GRAVE_SEP;
	g->last = seg_of(g, pos);
	s = &g->seg[g->last];
	return pos - s->pos < s->len ? s->first + (pos - s->pos) : RD_GRAVE_SEP;
}

static int stored_at(struct rd_grave *g, uint32_t pos, const uint32_t *ids, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (rd_grave_at(g, pos + (uint32_t)k) != ids[k])
			return 0;
	return 1;
}

static struct rd_grave_run *run_slot(struct rd_grave *g, uint64_t key)
{
	size_t h = (size_t)key & g->runs_mask;

	while (g->runs[h].len && g->runs[h].key != key)
		h = (h + 1) & g->runs_mask;
	return &g->runs[h];
}

static void runs_grow(struct rd_grave *g)
{
	struct rd_grave_run *old = g->runs;
	size_t oldn = old ? g->runs_mask + 1 : 0, n = oldn ? oldn * 2 : 256;

	g->runs = rd_calloc(n, sizeof(*g->runs));
	g->runs_mask = n - 1;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].len)
			*run_slot(g, old[i].key) = old[i];
	free(old);
}

uint32_t rd_grave_bury(struct rd_grave *g, const uint32_t *ids, size_t n)
{
	uint64_t key = XXH3_64bits(ids, n * sizeof(*ids));
	struct rd_grave_run *r;
	uint32_t start = g->end;

	if ((g->nruns + 1) * 2 > (g->runs ? g->runs_mask + 1 : 0))
		runs_grow(g);
	r = run_slot(g, key);
	if (r->len == n && stored_at(g, r->pos, ids, n))
		return r->pos;
	/* n tokens and a separator, RD_GRAVE_SEP itself never a position */
	if (n >= (size_t)(RD_GRAVE_SEP - g->end))
		return RD_GRAVE_SEP;
	for (size_t i = 0, j; i < n; i = j) {
		struct rd_grave_seg *s;
		for (j = i + 1; j < n && ids[j] == ids[j - 1] + 1; j++)
			;
		rd_grow((void **)&g->seg, &g->cap_seg, g->nseg + 1, sizeof(*g->seg));
		s = &g->seg[g->nseg++];
		s->pos = start + (uint32_t)i;
		s->first = ids[i];
		s->len = (uint32_t)(j - i);
	}
	g->end = start + (uint32_t)n + 1;
	if (!r->len)
		g->nruns++;
	/* a different run of the same hash gives way: the newest is kept */
	r->key = key;
	r->pos = start;
	r->len = (uint32_t)n;
	return start;
}
