/*
 * diff_lines.c - the word diff cut at lines first.
 *
 * Large texts: lines that occur once in each text anchor the diff
 * (patience); the token diff runs between anchors.  Small texts: the
 * shortest script over whole lines (Myers on line ids) says which lines are
 * kept, so that a token is never aligned across a line break where a whole
 * line explains the change (a short line moved, a line edited next to one
 * deleted); each block of changed lines is then token-diffed whole, which
 * keeps reflowed paragraphs a whitespace change.
 */
#include "diff_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#define XXH_INLINE_ALL /* see token.c */
#include <xxhash.h>

/* ---- line anchors -----------------------------------------------------------
 * In a large text most lines are untouched.  Lines that occur once in each
 * text, identical, in the same order (patience again), grown by the equal
 * lines around them, are matched whole without tokenizing them; the token
 * diff runs over everything between, however many lines that spans.  This
 * is the "anchoring on paragraphs" that keeps big documents near-linear.
 */


struct lines {
	size_t n;
	uint32_t *start; /* n + 1 entries: start[n] is the text length */
	uint32_t *id;
};

/*
 * Lines get ids by hash and length alone, in a table of 16-byte slots: a
 * lookup is one cache miss, where confirming each line's bytes would be a
 * second one into a text far larger than the cache.  The bytes are
 * confirmed instead where it is cheap, in bulk, when a block of lines is
 * matched (equal_lines), and a block that fails is token-diffed.
 */
struct lslot {
	uint64_t hash;
	uint32_t len;
	uint32_t id; /* id + 1; 0 = empty */
};

struct ltab {
	struct lslot *slots;
	size_t mask;
	uint32_t nids;
};

/* always inlined: it is most of the line pass of a large text */
static inline __attribute__((always_inline)) uint32_t ltab_get(struct ltab *t, uint32_t len, uint64_t hash)
{
	size_t h = (size_t)hash & t->mask;

	for (;; h = (h + 1) & t->mask) {
		struct lslot *s = &t->slots[h];
		if (!s->id)
			break;
		if (s->hash == hash && s->len == len)
			return s->id - 1;
	}
	t->slots[h] = (struct lslot){ hash, len, ++t->nids };
	if ((size_t)t->nids * 2 > t->mask) {
		size_t size = (t->mask + 1) * 2;
		struct lslot *old = t->slots;
		t->slots = rd_map_zeroed(size * sizeof(*t->slots));
		for (size_t i = 0; i <= t->mask; i++) {
			if (!old[i].id)
				continue;
			size_t k = (size_t)old[i].hash & (size - 1);
			while (t->slots[k].id)
				k = (k + 1) & (size - 1);
			t->slots[k] = old[i];
		}
		rd_unmap(old, (t->mask + 1) * sizeof(*old));
		t->mask = size - 1;
	}
	return t->nids - 1;
}

/* Splits a text into lines and hashes each: memory-bound work that the
 * two texts can do on two cores at once. */
struct split_job {
	struct lines *l;
	const char *text;
	size_t len;
	uint64_t *hash;
};

#ifdef __SSE2__
/* The newlines among the 64 bytes at p, a bit each. */
static inline uint64_t newlines64(const char *p)
{
	const __m128i nl = _mm_set1_epi8('\n');
	uint64_t m = 0;

	for (int k = 0; k < 4; k++) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, nl)) << (16 * k);
	}
	return m;
}
#endif

/* Line i is bytes [from, end): its start and hash recorded. */
static inline void add_line(struct split_job *j, size_t *cap, size_t from, size_t end)
{
	struct lines *l = j->l;

	if (l->n + 2 > *cap) {
		size_t c = *cap;
		rd_grow((void **)&l->start, &c, l->n + 2, sizeof(*l->start));
		j->hash = rd_realloc(j->hash, c * sizeof(*j->hash));
		*cap = c;
	}
	l->start[l->n] = (uint32_t)from;
	j->hash[l->n++] = XXH3_64bits(j->text + from, end - from);
}

/* Bytes ahead of the line split that are asked for: measured on the 10
 * MB bench pairs, 1 to 4 KiB ahead took the split from 6.6 to 5.9 ms of
 * CPU (para) where the text is read for the first time; 2 KiB. */
#define SPLIT_AHEAD 2048

/* Lines found and hashed in one pass: each as soon as its end is seen,
 * while its bytes are still in the cache (a second pass over a text far
 * larger than the cache cost about as much as the first). */
static void *split_hash(void *arg)
{
	struct split_job *j = arg;
	struct lines *l = j->l;
	const char *t = j->text;
	size_t len = j->len, cap = len / 64 + 16, from = 0, i = 0;

	l->n = 0;
	l->start = rd_malloc(cap * sizeof(*l->start));
	j->hash = rd_malloc(cap * sizeof(*j->hash));
#ifdef __SSE2__
	for (; i + 64 <= len; i += 64) {
		/* the first read of the text: ask for it ahead (the hardware's
		 * prefetch stops at each 4 KiB page) */
		__builtin_prefetch(t + i + SPLIT_AHEAD);
		for (uint64_t m = newlines64(t + i); m; m &= m - 1) {
			size_t e = i + (size_t)__builtin_ctzll(m) + 1;
			add_line(j, &cap, from, e);
			from = e;
		}
	}
#endif
	for (; i < len; i++)
		if (t[i] == '\n') {
			add_line(j, &cap, from, i + 1);
			from = i + 1;
		}
	/* a final '\n' starts no line */
	if (from < len)
		add_line(j, &cap, from, len);
	l->start[l->n] = (uint32_t)len;
	l->id = rd_malloc((l->n + 1) * sizeof(*l->id));
	return NULL;
}

/* Ids for the hashed lines, with the slot of a later line already on its
 * way from memory: the table is far larger than the cache. */
static void intern_lines(struct split_job *j, struct ltab *it)
{
	struct lines *l = j->l;

	for (size_t i = 0; i < l->n; i++) {
		if (i + 16 < l->n)
			__builtin_prefetch(&it->slots[(size_t)j->hash[i + 16] & it->mask]);
		l->id[i] = ltab_get(it, l->start[i + 1] - l->start[i], j->hash[i]);
	}
	free(j->hash);
}

static void split_lines(struct lines *la, struct lines *lb, struct ltab *it, const struct rd_diff *d)
{
	struct split_job ja = { la, d->a, d->alen, NULL }, jb = { lb, d->b, d->blen, NULL };
	pthread_t th;
	int threaded = pthread_create(&th, NULL, split_hash, &jb) == 0;

	split_hash(&ja);
	if (threaded)
		pthread_join(th, NULL);
	else
		split_hash(&jb);
	/* sized by the lines, which a text written a paragraph a line has
	 * few of; it grows past half full (distinct lines are fewer) */
	size_t size = 1024;
	while (size < la->n + lb->n)
		size <<= 1;
	it->slots = rd_map_zeroed(size * sizeof(*it->slots));
	it->mask = size - 1;
	it->nids = 0;
	intern_lines(&ja, it);
	intern_lines(&jb, it);
}

static void lines_release(struct lines *l)
{
	free(l->start);
	free(l->id);
}

/* A line worth anchoring on: some text, not just blank or a lone brace. */
static int anchorable(const char *p, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k < 3; i++)
		k += !rd_is_space(p[i]);
	return k >= 3;
}

struct linediff {
	struct engine *e;
	struct rd_jobs *jobs; /* large texts: what to do, for diff_jobs.c */
	struct lines la, lb;
	uint32_t *cnta, *cntb, *posa; /* per line id; zero between uses */
	uint8_t *gcnta, *gcntb; /* per line id: its lines in each text, 2 = more */
	uint32_t *posb;         /* small texts: per id, the new line it is on */
};

/* Changed old lines [a0, a1) against new [b0, b1): token-diffed. */
typedef int lines_fn(struct linediff *ld, size_t a0, size_t a1, size_t b0, size_t b1);

/* The next group of moved lines at or after line i (< n): its start
 * (n if none) in *g0 and its end in *g1. */
static void next_group(const char *mov, size_t i, size_t n, size_t *g0, size_t *g1)
{
	while (i < n && !mov[i])
		i++;
	*g0 = i;
	while (i < n && mov[i])
		i++;
	*g1 = i;
}

static size_t groups(const char *mov, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += mov[i] && (i == 0 || !mov[i - 1]);
	return k;
}

/*
 * Changed lines [a0, a1) x [b0, b1) of which some were moved (mova and
 * movb, indexed from a0 and b0: whole lines whose copy is elsewhere in the
 * other text).  The moved lines are set apart, deleted or inserted whole,
 * for the move finder, and the lines between them are diffed piece
 * against piece; otherwise a moved paragraph is aligned with the words of
 * the paragraphs edited beside it (a cascade of number edits, in a list or
 * a table).  Only where both sides have as many lines besides the moved
 * ones (paragraphs edited in place); with moved lines on one side only,
 * the other side is cut into as many pieces, of the same numbers of
 * lines.  Returns 1, having done nothing, where this does not apply.
 */
static int blank(const struct lines *l, const char *text, size_t k)
{
	for (size_t i = l->start[k]; i < l->start[k + 1]; i++)
		if (!rd_is_space(text[i]))
			return 0;
	return 1;
}

/* A group of moved lines takes the blank lines after it along (a
 * paragraph moves with the blank line that follows it); the lines left
 * with words are counted into *words. */
static void take_blanks(const struct lines *l, const char *text, size_t l0, char *mov, size_t n,
			size_t *words)
{
	*words = 0;
	for (size_t k = 0; k < n; k++) {
		int b = blank(l, text, l0 + k);
		if (!mov[k] && b && k && mov[k - 1])
			mov[k] = 2;
		*words += !mov[k] && !b;
	}
}

/* The end of the piece of lines from i (< n) that has as many lines with
 * words as lines [j0, j1) of the other text, then as many blank lines
 * as those end with. */
static size_t cut_like(const struct lines *l, const char *text, size_t l0, size_t i, size_t n,
		       const struct lines *o, const char *otext, size_t j0, size_t j1)
{
	size_t words = 0, trail = 0;

	for (size_t k = j0; k < j1; k++) {
		int b = blank(o, otext, k);
		words += !b;
		trail = b ? trail + 1 : 0;
	}
	while (i < n && (words || !blank(l, text, l0 + i)))
		words -= !blank(l, text, l0 + i++);
	while (i < n && trail-- && blank(l, text, l0 + i))
		i++;
	return i;
}

/* Whether old line x and new line y read as one edited in place: their
 * common start and end together are half the longer one or more. */
static int alike(const struct linediff *ld, size_t x, size_t y)
{
	const char *p = ld->e->d->a + ld->la.start[x], *q = ld->e->d->b + ld->lb.start[y];
	size_t n = ld->la.start[x + 1] - ld->la.start[x], m = ld->lb.start[y + 1] - ld->lb.start[y];
	size_t lo = n < m ? n : m, pre = 0, suf = 0;

	while (pre < lo && p[pre] == q[pre])
		pre++;
	while (suf < lo - pre && p[n - 1 - suf] == q[m - 1 - suf])
		suf++;
	return 2 * (pre + suf) >= (n > m ? n : m);
}

/* Whether old lines [x0, x1) and new [y0, y1) pair up, line with words
 * against line with words, each alike. */
static int pieces_alike(const struct linediff *ld, size_t x0, size_t x1, size_t y0, size_t y1)
{
	const char *A = ld->e->d->a, *B = ld->e->d->b;

	for (;;) {
		while (x0 < x1 && blank(&ld->la, A, x0))
			x0++;
		while (y0 < y1 && blank(&ld->lb, B, y0))
			y0++;
		if (x0 == x1 || y0 == y1)
			return x0 == x1 && y0 == y1;
		if (!alike(ld, x0++, y0++))
			return 0;
	}
}

static int split_moved(struct linediff *ld, lines_fn *diff, size_t a0, size_t a1, size_t b0,
		       size_t b1, char *mova, char *movb)
{
	const char *A = ld->e->d->a, *B = ld->e->d->b;
	size_t na = a1 - a0, nb = b1 - b0, p = groups(mova, na), q = groups(movb, nb);
	size_t i = 0, j = 0, ga0 = 0, ga1 = 0, gb0 = 0, gb1 = 0, ka, kb;
	int err = 0;

	take_blanks(&ld->la, A, a0, mova, na, &ka);
	take_blanks(&ld->lb, B, b0, movb, nb, &kb);
	/* as many other lines with words each side: paragraphs edited in
	 * place beside the moved ones, not a rewrite (which a cut would
	 * misalign) */
	if ((!p && !q) || (p && q && p != q) || ka != kb)
		return 1;
	/* a first pass checks that the pieces pair up, the second diffs */
	for (int pass = 0; pass < 2; pass++, i = j = 0)
	for (size_t k = 0; k <= (p > q ? p : q) && !err; k++) {
		/* the piece before group k on each side */
		if (p)
			next_group(mova, i, na, &ga0, &ga1);
		if (q)
			next_group(movb, j, nb, &gb0, &gb1);
		if (!p) /* cut like the other side's piece */
			ga0 = ga1 = k < q ? cut_like(&ld->la, A, a0, i, na, &ld->lb, B, b0 + j, b0 + gb0) : na;
		if (!q)
			gb0 = gb1 = k < p ? cut_like(&ld->lb, B, b0, j, nb, &ld->la, A, a0 + i, a0 + ga0) : nb;
		if (!pass) {
			if (!pieces_alike(ld, a0 + i, a0 + ga0, b0 + j, b0 + gb0))
				return 1;
			i = ga1;
			j = gb1;
			continue;
		}
		err = diff(ld, a0 + i, a0 + ga0, b0 + j, b0 + gb0);
		if (!err)
			err = diff(ld, a0 + ga0, a0 + ga1, b0 + gb0, b0 + gb0);
		if (!err)
			err = diff(ld, a0 + ga1, a0 + ga1, b0 + gb0, b0 + gb1);
		i = ga1;
		j = gb1;
	}
	return err;
}

/* Old bytes [as, ae) against new [bs, be): token-diffed, now or (large
 * texts) on two threads after the line pass. */
static int region(struct linediff *ld, size_t as, size_t ae, size_t bs, size_t be)
{
	if (!ld->jobs)
		return rd_diff_region(ld->e, as, ae, bs, be);
	rd_jobs_add(ld->jobs, 0, as, ae, bs, be);
	return 0;
}

static int lines_region(struct linediff *ld, size_t a0, size_t a1, size_t b0, size_t b1)
{
	return region(ld, ld->la.start[a0], ld->la.start[a1], ld->lb.start[b0], ld->lb.start[b1]);
}

/* Old bytes [as, ae) against new bytes [bs, be): equal when they are the
 * same bytes, else token-diffed. */
static int same_or_region(struct linediff *ld, size_t as, size_t ae, size_t bs, size_t be)
{
	if (ae - as == be - bs && memcmp(ld->e->d->a + as, ld->e->d->b + bs, ae - as) == 0) {
		if (ld->jobs)
			rd_jobs_add(ld->jobs, 1, as, ae, bs, be);
		else
			rd_op_push(&ld->e->ob, RD_OP_EQUAL, as, ae, bs, be);
		return 0;
	}
	return region(ld, as, ae, bs, be);
}

/* Old lines [a0, a1) match new lines [b0, b1) by id: confirm on the bytes
 * and emit them equal, or token-diff them if a hash collided. */
static int equal_lines(struct linediff *ld, size_t a0, size_t a1, size_t b0, size_t b1)
{
	return same_or_region(ld, ld->la.start[a0], ld->la.start[a1], ld->lb.start[b0],
			      ld->lb.start[b1]);
}

/*
 * Lines [a0, a1) of the old text against [b0, b1) of the new: equal lines
 * at both ends are matched; then lines unique within this range on both
 * sides anchor it (patience), each grown into a block of equal lines, and
 * the ranges between blocks recurse, since a line repeated in the whole
 * text is often unique in a smaller range.  A range with no anchor is
 * token-diffed whole.
 */
static int diff_lines(struct linediff *ld, size_t a0, size_t a1, size_t b0, size_t b1)
{
	struct engine *e = ld->e;
	const struct lines *la = &ld->la, *lb = &ld->lb;
	size_t i, n = 0, cap = 0, *cand_a = NULL, *cand_b = NULL, *keep, len;
	size_t pa0 = a0, pb0 = b0, ta1 = a1, tb1 = b1;
	int err = 0;

	while (a0 < a1 && b0 < b1 && la->id[a0] == lb->id[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && la->id[a1 - 1] == lb->id[b1 - 1])
		a1--, b1--;
	if ((err = equal_lines(ld, pa0, a0, pb0, b0)) < 0)
		return err;
	if (a0 == a1 || b0 == b1)
		goto tokens;

	for (i = a0; i < a1; i++) {
		ld->cnta[la->id[i]]++;
		ld->posa[la->id[i]] = (uint32_t)i;
	}
	for (i = b0; i < b1; i++)
		ld->cntb[lb->id[i]]++;
	for (i = b0; i < b1; i++) {
		uint32_t id = lb->id[i];
		if (ld->cnta[id] != 1 || ld->cntb[id] != 1 ||
		    !anchorable(e->d->b + lb->start[i], lb->start[i + 1] - lb->start[i]))
			continue;
		if (n + 1 > cap) {
			rd_grow((void **)&cand_a, &cap, n + 1, sizeof(*cand_a));
			cand_b = rd_realloc(cand_b, cap * sizeof(*cand_b));
		}
		cand_a[n] = ld->posa[id];
		cand_b[n] = i;
		n++;
	}
	for (i = a0; i < a1; i++)
		ld->cnta[la->id[i]] = 0;
	for (i = b0; i < b1; i++)
		ld->cntb[lb->id[i]] = 0;
	if (!n)
		goto tokens;

	len = rd_diff_lis(cand_a, n, &keep);
	size_t ea = a0, eb = b0; /* end of the last block */
	for (size_t j = 0; j <= len && !err; j++) {
		size_t ba, bb, xa, xb;
		if (j < len) {
			ba = cand_a[keep[j]];
			bb = cand_b[keep[j]];
			if (ba < ea) /* already inside the previous block */
				continue;
			xa = ba + 1;
			xb = bb + 1;
			while (ba > ea && bb > eb && la->id[ba - 1] == lb->id[bb - 1])
				ba--, bb--;
			while (xa < a1 && xb < b1 && la->id[xa] == lb->id[xb])
				xa++, xb++;
		} else {
			ba = xa = a1;
			bb = xb = b1;
		}
		if (!(err = diff_lines(ld, ea, ba, eb, bb)))
			err = equal_lines(ld, ba, xa, bb, xb);
		ea = xa;
		eb = xb;
	}
	free(keep);
	free(cand_a);
	free(cand_b);
	goto suffix;
tokens:
	free(cand_a);
	free(cand_b);
	err = 1;
	if (a0 < a1 && b0 < b1) {
		/* no anchor here: a line unique in both texts has its copy
		 * outside this range, moved */
		char *mova = rd_malloc(a1 - a0), *movb = rd_malloc(b1 - b0);
		for (i = a0; i < a1; i++)
			mova[i - a0] = ld->gcnta[la->id[i]] == 1 && ld->gcntb[la->id[i]] == 1 &&
				       anchorable(e->d->a + la->start[i], la->start[i + 1] - la->start[i]);
		for (i = b0; i < b1; i++)
			movb[i - b0] = ld->gcnta[lb->id[i]] == 1 && ld->gcntb[lb->id[i]] == 1 &&
				       anchorable(e->d->b + lb->start[i], lb->start[i + 1] - lb->start[i]);
		err = split_moved(ld, lines_region, a0, a1, b0, b1, mova, movb);
		free(mova);
		free(movb);
	}
	if (err == 1)
		err = region(ld, la->start[a0], la->start[a1], lb->start[b0], lb->start[b1]);
suffix:
	if (!err)
		err = equal_lines(ld, a1, ta1, b1, tb1);
	return err;
}

int rd_diff_by_lines(struct engine *e)
{
	struct linediff ld;
	struct rd_jobs jobs;
	struct ltab it;
	int err;

	ld.e = e;
	split_lines(&ld.la, &ld.lb, &it, e->d);
	ld.cnta = rd_map_zeroed((it.nids + 1) * sizeof(*ld.cnta));
	ld.cntb = rd_map_zeroed((it.nids + 1) * sizeof(*ld.cntb));
	ld.posa = rd_map_zeroed((it.nids + 1) * sizeof(*ld.posa));
	ld.gcnta = rd_calloc(it.nids + 1, 1);
	ld.gcntb = rd_calloc(it.nids + 1, 1);
	for (size_t k = 0; k < ld.la.n; k++)
		ld.gcnta[ld.la.id[k]] += ld.gcnta[ld.la.id[k]] < 2;
	for (size_t k = 0; k < ld.lb.n; k++)
		ld.gcntb[ld.lb.id[k]] += ld.gcntb[ld.lb.id[k]] < 2;
	rd_unmap(it.slots, (it.mask + 1) * sizeof(*it.slots));
	memset(&jobs, 0, sizeof(jobs));
	ld.jobs = &jobs;
	err = diff_lines(&ld, 0, ld.la.n, 0, ld.lb.n);
	if (!err)
		err = rd_jobs_run(e, &jobs);
	free(jobs.v);
	rd_unmap(ld.cnta, (it.nids + 1) * sizeof(*ld.cnta));
	rd_unmap(ld.cntb, (it.nids + 1) * sizeof(*ld.cntb));
	rd_unmap(ld.posa, (it.nids + 1) * sizeof(*ld.posa));
	free(ld.gcnta);
	free(ld.gcntb);
	lines_release(&ld.la);
	/* kept for the renderer: its first entries are rd_line_starts()'s */
	e->d->b_lines = ld.lb.start;
	e->d->nb_lines = ld.lb.n + (e->d->blen == 0 || e->d->b[e->d->blen - 1] == '\n');
	free(ld.lb.id);
	return err;
}


/* ---- small texts: the shortest line script ------------------------------- */

/* Lines [a0, a1) and [b0, b1) that are all changed: token-diffed whole. */
static int changed_lines(struct linediff *ld, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t as = ld->la.start[a0], ae = ld->la.start[a1], bs = ld->lb.start[b0], be = ld->lb.start[b1];

	if (as == ae && bs == be)
		return 0;
	/* blank lines kept (they never match as lines) */
	return same_or_region(ld, as, ae, bs, be);
}

/* Lines a rewrite must change on each side of a kept line, old and new
 * together, before that line counts as a coincidence inside the rewrite:
 * the token diff then sees across it, as it sees across a kept word
 * (ISLAND_REWRITE in diff.c).  Tuned on the license pairs of vs_git.sh. */
#define LINE_ISLAND_REWRITE 6

/* Changed lines before old line i (and new line j), in the block that
 * ends there. */
static size_t block_before(const struct rd_match *m, size_t i, size_t j)
{
	size_t n = 0;

	while (i > 0 && m->ca[i - 1])
		i--, n++;
	while (j > 0 && m->cb[j - 1])
		j--, n++;
	return n;
}

/* One kept line between two long changed blocks joins them. */
static void fold_islands(struct rd_match *m)
{
	size_t i = 0, j = 0;

	while (i < m->na && j < m->nb) {
		if (m->ca[i]) {
			i++;
			continue;
		}
		if (m->cb[j]) {
			j++;
			continue;
		}
		/* old line i and new line j are kept, and alone between changes */
		if ((i > 0 && m->ca[i - 1]) + (j > 0 && m->cb[j - 1]) &&
		    i + 1 < m->na && j + 1 < m->nb && (m->ca[i + 1] || m->cb[j + 1]) &&
		    block_before(m, i, j) >= LINE_ISLAND_REWRITE) {
			size_t n = 0, x = i + 1, y = j + 1;
			while (x < m->na && m->ca[x])
				x++, n++;
			while (y < m->nb && m->cb[y])
				y++, n++;
			if (n >= LINE_ISLAND_REWRITE)
				m->ca[i] = m->cb[j] = 1;
		}
		i++, j++;
	}
}

/* Whether changed lines [l0, l1) of one text (side 0 old, 1 new) hold
 * words and every one of them is also a changed line of the other text:
 * lines moved, which a token diff against the lines beside them would
 * break up. */
static int twins_only(const struct linediff *ld, const struct rd_match *m, const uint32_t *twin,
		      size_t l0, size_t l1, int side)
{
	const struct lines *l = side ? &ld->lb : &ld->la;
	const uint32_t *id = side ? m->b : m->a;
	const char *t = side ? ld->e->d->b : ld->e->d->a;
	int any = 0;

	for (size_t k = l0; k < l1; k++) {
		size_t s = l->start[k], e = l->start[k + 1];
		while (s < e && rd_is_space(t[s]))
			s++;
		if (s == e)
			continue; /* blank */
		if (!twin[id[k]])
			return 0;
		any = 1;
	}
	return any;
}

static int unique(const struct linediff *ld, uint32_t id)
{
	return ld->gcnta[id] == 1 && ld->gcntb[id] == 1;
}

/* A block of changed lines some of which are moved (lines with words,
 * unique in each text, changed in both): split_moved(). */
static int split_twins(struct linediff *ld, const struct rd_match *m, const uint32_t *twin_a,
		       const uint32_t *twin_b, size_t i0, size_t i1, size_t j0, size_t j1)
{
	char *mova, *movb;
	int err;

	if (i0 == i1 || j0 == j1)
		return 1;
	mova = rd_malloc(i1 - i0);
	movb = rd_malloc(j1 - j0);
	/* the copy elsewhere: not in this block (a kept line that
	 * fold_islands joined to the change around it is not moved) */
	for (size_t k = i0; k < i1; k++)
		mova[k - i0] = unique(ld, m->a[k]) && twin_a[m->a[k]] &&
			       (ld->posb[m->a[k]] < j0 || ld->posb[m->a[k]] >= j1) &&
			       anchorable(ld->e->d->a + ld->la.start[k], ld->la.start[k + 1] - ld->la.start[k]);
	for (size_t k = j0; k < j1; k++)
		movb[k - j0] = unique(ld, m->b[k]) && twin_b[m->b[k]] &&
			       (ld->posa[m->b[k]] < i0 || ld->posa[m->b[k]] >= i1) &&
			       anchorable(ld->e->d->b + ld->lb.start[k], ld->lb.start[k + 1] - ld->lb.start[k]);
	err = split_moved(ld, changed_lines, i0, i1, j0, j1, mova, movb);
	free(mova);
	free(movb);
	return err;
}

/* Line ids; a blank line gets one of its own, matching nothing: blank
 * lines are many and alike, and a script that keeps them would pair the
 * lines between them ("Line D" against "Line F") rather than keep the
 * lines that have words.  They fall into the changed blocks, where the
 * token diff sees them as the whitespace they are. */
static void small_ids(struct lines *l, const char *text, const uint64_t *hash, struct ltab *it)
{
	for (size_t k = 0; k < l->n; k++) {
		size_t s = l->start[k], n = l->start[k + 1] - s, q = 0;
		while (q < n && rd_is_space(text[s + q]))
			q++;
		l->id[k] = q < n ? ltab_get(it, (uint32_t)n, hash[k]) : it->nids++;
	}
}

int rd_diff_small_by_lines(struct engine *e)
{
	struct rd_diff *d = e->d;
	struct linediff ld;
	struct split_job ja, jb;
	struct ltab it;
	struct rd_match m;
	size_t size = 16, i = 0, j = 0, i0, j0;
	int err = 0;

	/* one line on either side: no line structure to respect */
	if (!memchr(d->a, '\n', d->alen) || !memchr(d->b, '\n', d->blen))
		return rd_diff_region(e, 0, d->alen, 0, d->blen);
	memset(&ld, 0, sizeof(ld));
	ld.e = e;
	ja = (struct split_job){ &ld.la, d->a, d->alen, NULL };
	jb = (struct split_job){ &ld.lb, d->b, d->blen, NULL };
	split_hash(&ja);
	split_hash(&jb);
	/* at most half full, so it never grows */
	while (size < 2 * (ld.la.n + ld.lb.n) + 16)
		size <<= 1;
	it.slots = rd_calloc(size, sizeof(*it.slots));
	it.mask = size - 1;
	it.nids = 0;
	small_ids(&ld.la, d->a, ja.hash, &it);
	small_ids(&ld.lb, d->b, jb.hash, &it);
	free(it.slots);
	free(ja.hash);
	free(jb.hash);

	memset(&m, 0, sizeof(m));
	m.a = ld.la.id;
	m.b = ld.lb.id;
	m.na = ld.la.n;
	m.nb = ld.lb.n;
	m.nids = it.nids;
	m.ca = rd_calloc(m.na + 1, 1);
	m.cb = rd_calloc(m.nb + 1, 1);
	m.cost = e->cost;
	m.max_cost = e->opts->max_cost ? e->opts->max_cost : UINT64_MAX;
	rd_match_run(&m, &e->s.match);
	e->cost = m.cost;
	/* a bounded line match is only a coarser cut: the token diff of each
	 * block still finds what it can */
	fold_islands(&m);
	/* how many changed lines of each id the other text has */
	uint32_t *twin_a = rd_calloc(m.nids + 1, sizeof(*twin_a)), *twin_b = rd_calloc(m.nids + 1, sizeof(*twin_b));
	for (size_t k = 0; k < m.na; k++)
		twin_b[m.a[k]] += m.ca[k];
	for (size_t k = 0; k < m.nb; k++)
		twin_a[m.b[k]] += m.cb[k];
	/* lines in each text, per id (2: more), for split_twins */
	ld.gcnta = rd_calloc(m.nids + 1, 1);
	ld.gcntb = rd_calloc(m.nids + 1, 1);
	for (size_t k = 0; k < m.na; k++)
		ld.gcnta[m.a[k]] += ld.gcnta[m.a[k]] < 2;
	for (size_t k = 0; k < m.nb; k++)
		ld.gcntb[m.b[k]] += ld.gcntb[m.b[k]] < 2;
	ld.posa = rd_calloc(m.nids + 1, sizeof(*ld.posa));
	ld.posb = rd_calloc(m.nids + 1, sizeof(*ld.posb));
	for (size_t k = 0; k < m.na; k++)
		ld.posa[m.a[k]] = (uint32_t)k;
	for (size_t k = 0; k < m.nb; k++)
		ld.posb[m.b[k]] = (uint32_t)k;

	while (!err && (i < m.na || j < m.nb)) {
		i0 = i;
		j0 = j;
		while (i < m.na && m.ca[i])
			i++;
		while (j < m.nb && m.cb[j])
			j++;
		if (twins_only(&ld, &m, twin_a, i0, i, 0) || twins_only(&ld, &m, twin_b, j0, j, 1))
			/* lines moved here or away: kept whole, for the move
			 * finder, rather than aligned on a stray word */
			err = changed_lines(&ld, i0, i, j0, j0) < 0 ? -1 : changed_lines(&ld, i, i, j0, j);
		else if ((err = split_twins(&ld, &m, twin_a, twin_b, i0, i, j0, j)) == 1)
			err = changed_lines(&ld, i0, i, j0, j);
		if (err < 0)
			break;
		i0 = i;
		j0 = j;
		while (i < m.na && j < m.nb && !m.ca[i] && !m.cb[j])
			i++, j++;
		if (i0 < i)
			err = equal_lines(&ld, i0, i, j0, j);
		else if (i0 == i && j0 == j) /* unbalanced marks: the rest whole */
			err = changed_lines(&ld, i, m.na, j, m.nb), i = m.na, j = m.nb;
	}
	free(ld.gcnta);
	free(ld.gcntb);
	free(ld.posa);
	free(ld.posb);
	free(twin_a);
	free(twin_b);
	free(m.ca);
	free(m.cb);
	lines_release(&ld.la);
	lines_release(&ld.lb);
	return err;
}
