/*
 * diff_myers.c - the matching algorithms over interned token ids.
 *
 * Large regions are first cut at anchors: tokens that occur exactly once in
 * each side of the region, kept where they form the longest increasing run
 * (patience diff, Bram Cohen; as git's xpatience.c).  Regions small enough,
 * or with no anchor, go to Myers' O(ND) algorithm in linear space ("An
 * O(ND) Difference Algorithm and Its Variations", Algorithmica 1986,
 * section 4b), after tokens with no match on the other side are set aside
 * as git's xprepare.c does.  When a region costs too much, the split point
 * is taken from the furthest-reaching path found so far (xdiff's
 * heuristic), which bounds the time; the result is then not minimal, and
 * the match says so.
 */
#include "diff_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Regions with fewer tokens than this go straight to Myers: anchoring
 * only pays off when a region is large, and Myers alone is minimal. */
#define ANCHOR_MIN 2048

/* Work per Myers split before the heuristic cuts in; as xdiff's
 * XDL_MAX_COST_MIN, raised to sqrt(n) for large inputs. */
#define MXCOST_MIN 256

struct myers {
	struct rd_match *m;
	const uint32_t *a, *b; /* compacted ids */
	const size_t *amap, *bmap; /* compacted index -> token index */
	long *kvdf, *kvdb;
	long mxcost;
};

static void mark_a(struct rd_match *m, size_t from, size_t to)
{
	memset(m->ca + from, 1, to - from);
}

static void mark_b(struct rd_match *m, size_t from, size_t to)
{
	memset(m->cb + from, 1, to - from);
}

/*
 * Finds a point (*sx, *sy) on an optimal (or, past mxcost, a good) path
 * through [a0,a1) x [b0,b1), where neither side is empty and the ends do
 * not match.  The V arrays are indexed by diagonal k = x - y.
 */
static void split(struct myers *s, long a0, long a1, long b0, long b1,
		  long *sx, long *sy)
{
	const uint32_t *A = s->a, *B = s->b;
	long *kf = s->kvdf, *kb = s->kvdb;
	long dmin = a0 - b1, dmax = a1 - b0;
	long fmid = a0 - b0, bmid = a1 - b1;
	long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	int odd = (fmid - bmid) & 1;
	long ec, d, i1, i2;

	kf[fmid] = a0;
	kb[bmid] = a1;
	for (ec = 1;; ec++) {
		if (fmin > dmin)
			kf[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			kf[++fmax + 1] = -1;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			if (kf[d - 1] >= kf[d + 1])
				i1 = kf[d - 1] + 1;
			else
				i1 = kf[d + 1];
			i2 = i1 - d;
			while (i1 < a1 && i2 < b1 && A[i1] == B[i2])
				i1++, i2++;
			kf[d] = i1;
			if (odd && bmin <= d && d <= bmax && kb[d] <= i1) {
				*sx = i1;
				*sy = i2;
				return;
			}
		}
		if (bmin > dmin)
			kb[--bmin - 1] = LONG_MAX;
		else
			++bmin;
		if (bmax < dmax)
			kb[++bmax + 1] = LONG_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			if (kb[d - 1] < kb[d + 1])
				i1 = kb[d - 1];
			else
				i1 = kb[d + 1] - 1;
			i2 = i1 - d;
			while (i1 > a0 && i2 > b0 && A[i1 - 1] == B[i2 - 1])
				i1--, i2--;
			kb[d] = i1;
			if (!odd && fmin <= d && d <= fmax && i1 <= kf[d]) {
				*sx = i1;
				*sy = i2;
				return;
			}
		}
		s->m->cost += (uint64_t)(fmax - fmin + bmax - bmin + 2);
		if (ec < s->mxcost)
			continue;

		/* Too expensive: split at the path that got furthest. */
		long fbest = -1, fbest1 = -1, bbest = LONG_MAX, bbest1 = -1;
		for (d = fmax; d >= fmin; d -= 2) {
			i1 = kf[d] < a1 ? kf[d] : a1;
			i2 = i1 - d;
			if (i2 > b1) {
				i1 = b1 + d;
				i2 = b1;
			}
			if (fbest < i1 + i2) {
				fbest = i1 + i2;
				fbest1 = i1;
			}
		}
		for (d = bmax; d >= bmin; d -= 2) {
			i1 = kb[d] > a0 ? kb[d] : a0;
			i2 = i1 - d;
			if (i2 < b0) {
				i1 = b0 + d;
				i2 = b0;
			}
			if (i1 + i2 < bbest) {
				bbest = i1 + i2;
				bbest1 = i1;
			}
		}
		s->m->bounded = 1;
		if ((a1 + b1) - bbest < fbest - (a0 + b0)) {
			*sx = fbest1;
			*sy = fbest - fbest1;
		} else {
			*sx = bbest1;
			*sy = bbest - bbest1;
		}
		return;
	}
}

/* Marks the compacted region [a0,a1) x [b0,b1) changed whole. */
static void mark_whole(struct myers *s, long a0, long a1, long b0, long b1)
{
	for (long i = a0; i < a1; i++)
		s->m->ca[s->amap[i]] = 1;
	for (long j = b0; j < b1; j++)
		s->m->cb[s->bmap[j]] = 1;
}

static void myers_rec(struct myers *s, long a0, long a1, long b0, long b1)
{
	struct rd_match *m = s->m;

	while (a0 < a1 && b0 < b1 && s->a[a0] == s->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && s->a[a1 - 1] == s->b[b1 - 1])
		a1--, b1--;
	if (a0 == a1 || b0 == b1 || m->cost > m->max_cost) {
		if (b0 < b1 && a0 < a1)
			m->bounded = 1;
		mark_whole(s, a0, a1, b0, b1);
		return;
	}
	long sx, sy;
	split(s, a0, a1, b0, b1, &sx, &sy);
	/* Guard against a split that makes no progress (cannot happen with
	 * the algorithm above, but a loop here would hang on hostile input). */
	if ((sx == a0 && sy == b0) || (sx == a1 && sy == b1)) {
		m->bounded = 1;
		mark_whole(s, a0, a1, b0, b1);
		return;
	}
	myers_rec(s, a0, sx, b0, sy);
	myers_rec(s, sx, a1, sy, b1);
}

static long isqrt(long n)
{
	long r = 1;

	while (r * r < n)
		r <<= 1;
	while (r * r > n)
		r--;
	return r;
}

/* Shared scratch: per-id occurrence counts, zero between uses. */
#define scratch rd_match_scratch

/* Of ids[from, to), marks changed those the other side of the region
 * lacks (their count there, cnt[].b for the old side's, cnt[].a for the
 * new's, is 0) and keeps the rest in kept, their positions in map; how
 * many were kept.  Inlined: the side is a constant at each call. */
static inline size_t set_aside(const uint32_t *ids, size_t from, size_t to,
			       const struct rd_idcount *cnt, int old_side, char *changed,
			       uint32_t *kept, size_t *map)
{
	size_t k = 0;

	for (size_t i = from; i < to; i++) {
		if (old_side ? cnt[ids[i]].b : cnt[ids[i]].a) {
			kept[k] = ids[i];
			map[k++] = i;
		} else {
			changed[i] = 1;
		}
	}
	return k;
}

/* Myers over a[a0,a1) x b[b0,b1), after setting aside unmatched tokens. */
static void myers_region(struct rd_match *m, struct scratch *sc,
			 size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t na = a1 - a0, nb = b1 - b0, i, ka, kb;
	uint32_t *ca_ids, *cb_ids;
	size_t *amap, *bmap;
	struct myers s;

	if (!na || !nb) {
		mark_a(m, a0, a1);
		mark_b(m, b0, b1);
		return;
	}
	for (i = b0; i < b1; i++)
		sc->cnt[m->b[i]].b++;
	for (i = a0; i < a1; i++)
		sc->cnt[m->a[i]].a++;
	/* one block for the five arrays, kept in the scratch: most regions
	 * are small, and an allocation each cost more than their diff */
	long ndiags = (long)(na + nb + 3);
	size_t need = 2 * (size_t)ndiags * sizeof(long) + (na + nb) * (sizeof(size_t) + sizeof(uint32_t));
	if (need > sc->myers_cap) {
		free(sc->myers);
		sc->myers = rd_malloc(need);
		sc->myers_cap = need;
	}
	long *kv = sc->myers;
	amap = (size_t *)(kv + 2 * ndiags);
	bmap = amap + na;
	ca_ids = (uint32_t *)(bmap + nb);
	cb_ids = ca_ids + na;
	ka = set_aside(m->a, a0, a1, sc->cnt, 1, m->ca, ca_ids, amap);
	kb = set_aside(m->b, b0, b1, sc->cnt, 0, m->cb, cb_ids, bmap);
	for (i = b0; i < b1; i++)
		sc->cnt[m->b[i]].b = 0;
	for (i = a0; i < a1; i++)
		sc->cnt[m->a[i]].a = 0;

	s.m = m;
	s.a = ca_ids;
	s.b = cb_ids;
	s.amap = amap;
	s.bmap = bmap;
	ndiags = (long)(ka + kb + 3);
	s.kvdf = kv + kb + 1;
	s.kvdb = kv + ndiags + kb + 1;
	s.mxcost = isqrt(ndiags);
	if (s.mxcost < MXCOST_MIN)
		s.mxcost = MXCOST_MIN;
	myers_rec(&s, 0, (long)ka, 0, (long)kb);
}

struct anchor {
	size_t a, b;
};

/*
 * Patience: anchors are tokens unique in both sides of the region; the
 * longest run of them increasing on both sides is kept.  Returns the count
 * written to *out (caller frees).
 */
static size_t find_anchors(struct rd_match *m, struct scratch *sc, size_t a0,
			   size_t a1, size_t b0, size_t b1, struct anchor **out)
{
	size_t i, n = 0, cap = 0, *cand_a = NULL, *cand_b = NULL;

	for (i = a0; i < a1; i++) {
		sc->cnt[m->a[i]].a++;
		sc->cnt[m->a[i]].pos = (uint32_t)i;
	}
	for (i = b0; i < b1; i++)
		sc->cnt[m->b[i]].b++;
	/* a new token's count is cleared once looked at: a later copy of
	 * it (count 2 or more) is no candidate either way */
	for (i = b0; i < b1; i++) {
		uint32_t id = m->b[i];
		if (sc->cnt[id].a == 1 && sc->cnt[id].b == 1) {
			if (n + 1 > cap) {
				rd_grow((void **)&cand_a, &cap, n + 1, sizeof(*cand_a));
				cand_b = rd_realloc(cand_b, cap * sizeof(*cand_b));
			}
			cand_a[n] = sc->cnt[id].pos;
			cand_b[n] = i;
			n++;
		}
		sc->cnt[id].b = 0;
	}
	for (i = a0; i < a1; i++)
		sc->cnt[m->a[i]].a = 0;
	if (!n) {
		*out = NULL;
		return 0;
	}

	/* cand is in b order; keep the longest run increasing in a */
	size_t *keep, len = rd_diff_lis(cand_a, n, &keep);
	struct anchor *res = rd_malloc((len + 1) * sizeof(*res));
	for (i = 0; i < len; i++) {
		res[i].a = cand_a[keep[i]];
		res[i].b = cand_b[keep[i]];
	}
	free(keep);
	free(cand_a);
	free(cand_b);
	*out = res;
	return len;
}

size_t rd_diff_lis(const size_t *key, size_t n, size_t **keep)
{
	size_t *tails = rd_malloc((n + 1) * sizeof(*tails));
	size_t *prev = rd_malloc((n + 1) * sizeof(*prev));
	size_t len = 0, i;

	/* patience sorting: piles by binary search, with back links */
	for (i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (key[tails[mid]] < key[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	*keep = rd_malloc((len + 1) * sizeof(**keep));
	for (size_t k = len ? tails[len - 1] : 0, j = len; j-- > 0; k = prev[k])
		(*keep)[j] = k;
	free(tails);
	free(prev);
	return len;
}

static void match_region(struct rd_match *m, struct scratch *sc, size_t a0,
			 size_t a1, size_t b0, size_t b1)
{
	struct anchor *anc;
	size_t n, k;

	while (a0 < a1 && b0 < b1 && m->a[a0] == m->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && m->a[a1 - 1] == m->b[b1 - 1])
		a1--, b1--;
	if (a0 == a1 || b0 == b1 || (a1 - a0) + (b1 - b0) < ANCHOR_MIN) {
		myers_region(m, sc, a0, a1, b0, b1);
		return;
	}
	n = find_anchors(m, sc, a0, a1, b0, b1, &anc);
	if (!n) {
		myers_region(m, sc, a0, a1, b0, b1);
		return;
	}
	for (k = 0; k <= n; k++) {
		size_t ea = k < n ? anc[k].a : a1;
		size_t eb = k < n ? anc[k].b : b1;
		match_region(m, sc, a0, ea, b0, eb);
		if (k < n) {
			a0 = ea + 1;
			b0 = eb + 1;
		}
	}
	free(anc);
}

void rd_match_run(struct rd_match *m, struct rd_match_scratch *sc)
{
	if (m->nids + 1 > sc->cap) {
		rd_match_scratch_release(sc);
		sc->cap = m->nids + 1;
		sc->cnt = rd_calloc(sc->cap, sizeof(*sc->cnt));
	}
	match_region(m, sc, 0, m->na, 0, m->nb);
}

void rd_match_scratch_release(struct rd_match_scratch *sc)
{
	free(sc->cnt);
	free(sc->myers);
	memset(sc, 0, sizeof(*sc));
}
