/*
 * diff.c - the word diff as one pipeline, shaped like git's xdiff:
 *
 *   tokenize -> intern (hash buckets, bytes confirmed, small ids)
 *   -> match (diff_myers.c) -> runs of equal / changed tokens
 *   -> readability (diff_readable.c: slide to boundaries, balance,
 *      merge tiny equal islands)
 *   -> byte ops, whitespace included, with a baseline class per change.
 *
 * No I/O, no git: texts in, an edit script out.
 */
#include "diff_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* see token.c */
#include <xxhash.h>

/* Default work bound, in diagonal steps of Myers' search: about a second
 * of work, enough for any real revision while two unrelated 10 MB files
 * still finish quickly. */
#define DEFAULT_MAX_COST 400000000ULL

void rd_diff_opts_init(struct rd_diff_opts *o)
{
	o->merge_islands = 1;
	o->max_cost = DEFAULT_MAX_COST;
	o->keep_tokens = 0;
}

/* ---- interning ----------------------------------------------------------
 * Equal byte strings get equal small ids.  The hash only picks the bucket;
 * a hit is confirmed on the bytes.  Slots carry hash, length and pointer so
 * a lookup touches one cache line; the table grows to stay at most half
 * full, and is sized by distinct strings, which are far fewer than tokens.
 * A table is kept from region to region uncleared: ids go on from where
 * the last region's stopped (base), and a slot of an id at or below base
 * is empty, so clearing it costs nothing until the ids would wrap.
 */


struct itab {
	struct islot *slots;
	size_t mask, cap; /* cap: slots allocated, mask + 1 in use */
	uint32_t nids, base; /* ids in use: base + 1 .. base + nids */
};

/* The table starts in *slots (*nslots of them, from an earlier region
 * whose ids ended at *base) when it is large enough; itab_keep() hands it
 * back.  At most `most` strings will be interned. */
static void itab_init(struct itab *t, size_t expect, size_t most, struct islot **slots,
		      size_t *nslots, uint32_t *base)
{
	size_t size = 16;

	while (size < 2 * expect)
		size <<= 1;
	if (*nslots >= size) {
		t->slots = *slots;
		t->cap = *nslots;
		t->base = *base;
		if (most >= UINT32_MAX - t->base) {
			memset(t->slots, 0, t->cap * sizeof(*t->slots));
			t->base = 0;
		}
	} else {
		free(*slots);
		t->slots = rd_calloc(size, sizeof(*t->slots));
		t->cap = size;
		t->base = 0;
	}
	*slots = NULL;
	*nslots = 0;
	t->mask = size - 1;
	t->nids = 0;
}

static void itab_keep(struct itab *t, struct islot **slots, size_t *nslots, uint32_t *base)
{
	*slots = t->slots;
	*nslots = t->cap;
	*base = t->base + t->nids;
	t->slots = NULL;
}

static __attribute__((noinline)) void itab_grow(struct itab *t)
{
	size_t size = (t->mask + 1) * 2, n = 0;
	struct islot *old = t->slots;

	if (t->cap >= size) {
		/* a table kept from a larger region has the room: this
		 * region's slots are taken out, emptied and put back, so the
		 * larger table is kept for the next large region */
		old = rd_malloc(t->nids * sizeof(*old));
		for (size_t i = 0; i <= t->mask; i++)
			if (t->slots[i].id > t->base) {
				old[n++] = t->slots[i];
				t->slots[i].id = 0;
			}
	} else {
		t->slots = rd_calloc(size, sizeof(*t->slots));
		t->cap = size;
		for (size_t i = 0; i <= t->mask; i++)
			if (old[i].id > t->base)
				old[n++] = old[i];
	}
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)old[i].hash & (size - 1);
		while (t->slots[h].id > t->base)
			h = (h + 1) & (size - 1);
		t->slots[h] = old[i];
	}
	t->mask = size - 1;
	free(old);
}

/* Whether the len bytes (len > RD_TOKEN_EXACT) at p and q are the same:
 * most such tokens are words of 8 to 16 bytes, two loads each. */
static inline int same_bytes(const char *p, const char *q, size_t len)
{
	uint64_t a, b, c, e;

	if (len > 16)
		return memcmp(p, q, len) == 0;
	memcpy(&a, p, 8);
	memcpy(&b, q, 8);
	memcpy(&c, p + len - 8, 8);
	memcpy(&e, q + len - 8, 8);
	return a == b && c == e;
}

/* always inlined: interning is a lookup per token of every region */
static inline __attribute__((always_inline)) uint32_t itab_get(struct itab *t, const char *p,
								uint32_t len, uint64_t hash)
{
	size_t h = (size_t)hash & t->mask;

	for (;; h = (h + 1) & t->mask) {
		struct islot *s = &t->slots[h];
		if (s->id <= t->base)
			break;
		if (s->hash == hash && s->len == len &&
		    (len <= RD_TOKEN_EXACT || same_bytes(s->p, p, len)))
			return s->id - t->base - 1;
	}
	t->slots[h] = (struct islot){ hash, p, len, t->base + ++t->nids };
	if (__builtin_expect((size_t)t->nids * 2 > t->mask, 0))
		itab_grow(t);
	return t->nids - 1;
}

/* Ids of tokens [i0, i1) of t, into ids[i0, i1). */
static void intern(struct itab *it, const struct rd_tokens *t, size_t i0, size_t i1, uint32_t *ids)
{
	const struct rd_token *v = t->v;

	for (size_t i = i0; i < i1; i++)
		ids[i] = itab_get(it, t->text + v[i].off, v[i].len, v[i].hash);
}

/* ---- runs --------------------------------------------------------------- */



static void runs_push(struct runs *r, int eq, size_t a, size_t na, size_t b, size_t nb)
{
	if (!na && !nb)
		return;
	if (r->n && r->v[r->n - 1].eq == eq) {
		r->v[r->n - 1].na += na;
		r->v[r->n - 1].nb += nb;
		return;
	}
	rd_grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = (struct run){ a, na, b, nb, eq };
}

static inline uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void build_runs(struct runs *r, const struct rd_match *m)
{
	size_t i = 0, j = 0;

	while (i < m->na || j < m->nb) {
		size_t i0 = i, j0 = j;
		while (i < m->na && m->ca[i])
			i++;
		while (j < m->nb && m->cb[j])
			j++;
		runs_push(r, 0, i0, i - i0, j0, j - j0);
		i0 = i;
		j0 = j;
		/* kept tokens are most of a region: eight marks at a time */
		while (i + 8 <= m->na && j + 8 <= m->nb && !load8(m->ca + i) && !load8(m->cb + j))
			i += 8, j += 8;
		while (i < m->na && j < m->nb && !m->ca[i] && !m->cb[j])
			i++, j++;
		runs_push(r, 1, i0, i - i0, j0, j - j0);
		if (i0 == i && j0 == j && (i < m->na || j < m->nb)) {
			/* unbalanced marks cannot occur; stop rather than spin */
			runs_push(r, 0, i, m->na - i, j, m->nb - j);
			break;
		}
	}
}

/* ---- byte ops ------------------------------------------------------------- */


void rd_op_push(struct opbuild *ob, int kind, size_t as, size_t ae, size_t bs, size_t be)
{
	struct rd_diff *d = ob->d;
	struct rd_op *last = d->nops ? &d->ops[d->nops - 1] : NULL;

	if (as == ae && bs == be)
		return;
	if (kind == RD_OP_EQUAL) {
		ob->change = 0;
	} else if (!ob->change) {
		ob->change = (uint32_t)++d->nchanges;
	}
	if (last && last->kind == kind && last->a_end == as && last->b_end == bs) {
		last->a_end = ae;
		last->b_end = be;
		return;
	}
	rd_grow((void **)&d->ops, &ob->cap, d->nops + 1, sizeof(*d->ops));
	d->ops[d->nops++] = (struct rd_op){ (uint8_t)kind, RD_CLASS_NONE, ob->change,
					    as, ae, bs, be, 0, 0 };
}

/* Length of the common prefix of two whitespace spans, cut at a whole
 * character: whitespace can hold multi-byte spaces (NBSP). */
static size_t common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, n = na < nb ? na : nb;

	while (i < n && a[i] == b[i] && rd_is_space(a[i]))
		i++;
	return i;
}

static size_t common_suffix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, n = na < nb ? na : nb;

	while (i < n && a[na - 1 - i] == b[nb - 1 - i] && rd_is_space(a[na - 1 - i]))
		i++;
	return i;
}

/*
 * Emits old bytes [as, ae) against new bytes [bs, be): the common leading
 * and trailing whitespace (at most `pa`/`pb` leading bytes, `sa`/`sb`
 * trailing) as equal, the rest as a delete and an insert.
 */
static void emit_region(struct opbuild *ob, size_t as, size_t ae, size_t bs, size_t be,
			size_t pa, size_t pb, size_t sa, size_t sb)
{
	const char *A = ob->d->a, *B = ob->d->b;
	size_t pre = common_prefix(A + as, pa, B + bs, pb);
	size_t ra = ae - as - pre, rb = be - bs - pre;
	size_t suf = common_suffix(A + ae - (sa < ra ? sa : ra), sa < ra ? sa : ra,
				   B + be - (sb < rb ? sb : rb), sb < rb ? sb : rb);

	rd_op_push(ob, RD_OP_EQUAL, as, as + pre, bs, bs + pre);
	rd_op_push(ob, RD_OP_DELETE, as + pre, ae - suf, bs + pre, bs + pre);
	rd_op_push(ob, RD_OP_INSERT, ae - suf, ae - suf, bs + pre, be - suf);
	rd_op_push(ob, RD_OP_EQUAL, ae - suf, ae, be - suf, be);
}

static int has_newline(const char *s, size_t n)
{
	return memchr(s, '\n', n) != NULL;
}

/*
 * A replacement whose words sit on different lines: words added at the end
 * of a line and whole lines deleted after it ("Line H" -> "Line H 一" with
 * "Line I" gone), or the reverse.  Shown as one change per line, with the
 * line break between them kept, not as one change that spans the break:
 * the insert, the old text's line break (which the new text has after the
 * insert), then the deleted lines; or the mirror image.  0 when the
 * whitespace does not allow it.
 */
static int line_layout(struct opbuild *ob, size_t pa, size_t ea, size_t pb, size_t eb,
		       size_t lead_a, size_t lead_b, size_t trail_a, size_t trail_b)
{
	const char *A = ob->d->a, *B = ob->d->b;

	if (has_newline(A + pa, lead_a) && !has_newline(B + pb, lead_b) && trail_b >= lead_a &&
	    memcmp(B + eb - trail_b, A + pa, lead_a) == 0) {
		size_t nb0 = eb - trail_b + lead_a;
		rd_op_push(ob, RD_OP_INSERT, pa, pa, pb, eb - trail_b);
		rd_op_push(ob, RD_OP_EQUAL, pa, pa + lead_a, eb - trail_b, nb0);
		emit_region(ob, pa + lead_a, ea, nb0, eb, 0, 0, trail_a, eb - nb0);
		return 1;
	}
	if (has_newline(B + pb, lead_b) && !has_newline(A + pa, lead_a) && trail_a >= lead_b &&
	    memcmp(A + ea - trail_a, B + pb, lead_b) == 0) {
		size_t na0 = ea - trail_a + lead_b;
		rd_op_push(ob, RD_OP_DELETE, pa, ea - trail_a, pb, pb);
		rd_op_push(ob, RD_OP_EQUAL, ea - trail_a, na0, pb, pb + lead_b);
		emit_region(ob, na0, ea, pb + lead_b, eb, 0, 0, ea - na0, trail_b);
		return 1;
	}
	return 0;
}

static void build_ops(struct opbuild *ob, const struct runs *r,
		      const struct rd_tokens *ta, const struct rd_tokens *tb)
{
	size_t pa = ta->start, pb = tb->start;

	for (size_t k = 0; k < r->n; k++) {
		const struct run *c = &r->v[k];
		if (c->eq && c->na) {
			/* byte-identical run, whitespace included: one op */
			const struct rd_token *x0 = &ta->v[c->a], *x1 = &ta->v[c->a + c->na - 1];
			const struct rd_token *y0 = &tb->v[c->b], *y1 = &tb->v[c->b + c->nb - 1];
			size_t sa = x0->off, ea = rd_token_end(x1), sb = y0->off, eb = rd_token_end(y1);
			if (ea - sa == eb - sb && memcmp(ob->d->a + sa, ob->d->b + sb, ea - sa) == 0) {
				size_t ga = sa - pa, gb = sb - pb;
				emit_region(ob, pa, sa, pb, sb, ga, gb, ga, gb);
				rd_op_push(ob, RD_OP_EQUAL, sa, ea, sb, eb);
				pa = ea;
				pb = eb;
				continue;
			}
		}
		if (c->eq) {
			for (size_t t = 0; t < c->na; t++) {
				const struct rd_token *x = &ta->v[c->a + t], *y = &tb->v[c->b + t];
				size_t ga = x->off - pa, gb = y->off - pb;
				emit_region(ob, pa, x->off, pb, y->off, ga, gb, ga, gb);
				rd_op_push(ob, RD_OP_EQUAL, x->off, rd_token_end(x), y->off, rd_token_end(y));
				pa = rd_token_end(x);
				pb = rd_token_end(y);
			}
			continue;
		}
		/* A change reaches to the next equal token (or the end), so its
		 * trailing whitespace is weighed here too. */
		size_t ea = c->a + c->na < ta->n ? ta->v[c->a + c->na].off : ta->len;
		size_t eb = c->b + c->nb < tb->n ? tb->v[c->b + c->nb].off : tb->len;
		size_t lead_a = c->na ? ta->v[c->a].off - pa : ea - pa;
		size_t lead_b = c->nb ? tb->v[c->b].off - pb : eb - pb;
		size_t trail_a = c->na ? ea - rd_token_end(&ta->v[c->a + c->na - 1]) : ea - pa;
		size_t trail_b = c->nb ? eb - rd_token_end(&tb->v[c->b + c->nb - 1]) : eb - pb;
		if (!(c->na && c->nb && line_layout(ob, pa, ea, pb, eb, lead_a, lead_b, trail_a, trail_b)))
			emit_region(ob, pa, ea, pb, eb, lead_a, lead_b, trail_a, trail_b);
		pa = ea;
		pb = eb;
	}
	size_t ga = ta->len - pa, gb = tb->len - pb;
	emit_region(ob, pa, ta->len, pb, tb->len, ga, gb, ga, gb);
}

/* Baseline class of every change: insert, delete, replace, or whitespace
 * when no token changed; classify.c refines it. */
static void base_classes(struct rd_diff *d)
{
	size_t i = 0;

	while (i < d->nops) {
		if (d->ops[i].kind == RD_OP_EQUAL) {
			i++;
			continue;
		}
		size_t j = i;
		int del = 0, ins = 0, only_ws = 1;
		while (j < d->nops && d->ops[j].kind != RD_OP_EQUAL) {
			const struct rd_op *o = &d->ops[j];
			const char *s = o->kind == RD_OP_DELETE ? d->a + o->a_start : d->b + o->b_start;
			size_t n = o->kind == RD_OP_DELETE ? o->a_end - o->a_start : o->b_end - o->b_start;
			for (size_t q = 0; q < n && only_ws; q++)
				if (!rd_is_space(s[q]))
					only_ws = 0;
			del |= o->kind == RD_OP_DELETE;
			ins |= o->kind == RD_OP_INSERT;
			j++;
		}
		enum rd_class c = only_ws ? RD_CLASS_WHITESPACE
			: del && ins ? RD_CLASS_REPLACE : del ? RD_CLASS_DELETE : RD_CLASS_INSERT;
		for (size_t q = i; q < j; q++)
			d->ops[q].cls = (uint8_t)c;
		d->stats.by_class[c]++;
		i = j;
	}
}

/* The tokens and words the changed runs delete and insert. */
static void count_changed(struct rd_diff_stats *st, const struct runs *r,
			  const struct rd_tokens *ta, const struct rd_tokens *tb)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct run *c = &r->v[k];
		if (c->eq)
			continue;
		st->tokens_deleted += c->na;
		st->tokens_inserted += c->nb;
		for (size_t i = 0; i < c->na; i++)
			st->words_deleted += rd_token_is_word(&ta->v[c->a + i]);
		for (size_t i = 0; i < c->nb; i++)
			st->words_inserted += rd_token_is_word(&tb->v[c->b + i]);
	}
}

static void *scratch_get(void *p, size_t *cap, size_t n, size_t size)
{
	if (n > *cap) {
		free(p);
		p = rd_malloc(n * size);
		*cap = n;
	}
	return p;
}

static void scratch_release(struct tok_scratch *s)
{
	free(s->ta.v);
	free(s->tb.v);
	free(s->shared.v);
	free(s->ida);
	free(s->idb);
	free(s->ca);
	free(s->cb);
	free(s->slots);
	free(s->r.v);
	rd_match_scratch_release(&s->match);
}

void rd_engine_scratch_release(struct engine *e)
{
	scratch_release(&e->s);
}

/*
 * The token diff of old bytes [a0, a1) and new bytes [b0, b1), of which
 * the first `head` and last `tail` bytes are identical and left out
 * (rd_diff_trim).  Returns 1, having emitted nothing, when a change
 * slides to where the bytes left out would have mattered.
 */
static int diff_trimmed(struct engine *e, size_t a0, size_t a1, size_t b0, size_t b1,
			size_t head, size_t tail)
{
	struct rd_diff *d = e->d;
	struct tok_scratch *sc = &e->s;
	struct rd_tokens *ta = &sc->ta, *tb = &sc->tb, va, vb;
	struct rd_match m;
	struct itab it;
	struct runs *r = &sc->r;
	uint32_t *ida, *idb;
	size_t i;
	int err, edge = 0;

	/* a side cut whole (RD_DIFF_KEEP_*) is read from that cut */
	if (e->whole[0])
		rd_tokens_view(ta = &va, e->whole[0], a0 + head, a1 - tail);
	else if ((err = rd_tokenize_reuse(ta, &sc->capa, d->a, a0 + head, a1 - tail)) < 0)
		return err;
	if (e->whole[1]) {
		rd_tokens_view(tb = &vb, e->whole[1], b0 + head, b1 - tail);
		sc->shared.n = 0;
	} else {
		rd_tokenize_shared(tb, &sc->capb, d->b, b0 + head, b1 - tail, ta, &sc->shared);
	}
	ida = sc->ida = scratch_get(sc->ida, &sc->cap_ida, ta->n + 1, sizeof(*ida));
	idb = sc->idb = scratch_get(sc->idb, &sc->cap_idb, tb->n + 1, sizeof(*idb));
	/* sized by the old side: the new side is mostly copies of it, and a
	 * few thousand distinct words cover most text (measured: larger
	 * tables cost more to clear than their growth saves) */
	itab_init(&it, ta->n < 4096 ? ta->n / 4 + 16 : 1024 + ta->n / 32, ta->n + tb->n, &sc->slots,
		  &sc->nslots, &sc->slot_base);
	intern(&it, ta, 0, ta->n, ida);
	/* new tokens copied from old ones have their ids; the rest are
	 * interned in order, so ids come out as if all were */
	i = 0;
	for (size_t k = 0; k < sc->shared.n; k++) {
		const struct rd_share *c = &sc->shared.v[k];
		intern(&it, tb, i, c->b, idb);
		memcpy(idb + c->b, ida + c->a, c->n * sizeof(*idb));
		i = c->b + c->n;
	}
	intern(&it, tb, i, tb->n, idb);

	memset(&m, 0, sizeof(m));
	m.a = ida;
	m.b = idb;
	m.na = ta->n;
	m.nb = tb->n;
	m.nids = it.nids;
	itab_keep(&it, &sc->slots, &sc->nslots, &sc->slot_base);
	m.ca = sc->ca = scratch_get(sc->ca, &sc->cap_ca, ta->n + 1, 1);
	m.cb = sc->cb = scratch_get(sc->cb, &sc->cap_cb, tb->n + 1, 1);
	memset(m.ca, 0, ta->n + 1);
	memset(m.cb, 0, tb->n + 1);
	m.cost = e->cost;
	m.max_cost = e->opts->max_cost ? e->opts->max_cost : UINT64_MAX;
	rd_match_run(&m, &sc->match);

	r->n = 0;
	build_runs(r, &m);
	rd_runs_slide(r, ida, idb, ta, tb, &edge);
	if (edge && (head || tail))
		return 1;
	e->cost = m.cost;
	d->bounded |= m.bounded;
	rd_runs_balance(r, ida, idb);
	rd_runs_merge_islands(r, e->opts->merge_islands, ta);
	rd_op_push(&e->ob, RD_OP_EQUAL, a0, a0 + head, b0, b0 + head);
	build_ops(&e->ob, r, ta, tb);
	rd_op_push(&e->ob, RD_OP_EQUAL, a1 - tail, a1, b1 - tail, b1);
	if (e->keep) /* a side cut whole is kept whole, at the end */
		rd_tok_keep_runs(e->keep, r, e->whole[0] ? NULL : ta, e->whole[1] ? NULL : tb);
	count_changed(&d->stats, r, ta, tb);
	return 0;
}

/* The token diff of old bytes [a0, a1) and new bytes [b0, b1), both
 * starting at a line start (or the text's start). */
int rd_diff_region(struct engine *e, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t head, tail;
	int err;

	if (a0 == a1 && b0 == b1)
		return 0;
	rd_diff_trim(e->d->a + a0, a1 - a0, e->d->b + b0, b1 - b0, &head, &tail);
	if ((err = diff_trimmed(e, a0, a1, b0, b1, head, tail)) == 1)
		err = diff_trimmed(e, a0, a1, b0, b1, 0, 0);
	return err;
}

int rd_diff_run(struct rd_diff **out, const char *a, size_t alen, const char *b, size_t blen,
		const struct rd_diff_opts *opts, struct rd_tokens whole[2])
{
	struct engine e;
	struct rd_diff *d;
	size_t equal = 0;
	int err;

	d = rd_calloc(1, sizeof(*d));
	d->a = a;
	d->b = b;
	d->alen = alen;
	d->blen = blen;
	memset(&e, 0, sizeof(e));
	e.opts = opts;
	e.d = d;
	e.ob.d = d;
	d->tokens = rd_calloc(1, sizeof(*d->tokens));
	e.keep = d->tokens->engine;
	for (int s = 0; s < 2; s++)
		e.whole[s] = whole[s].v ? &whole[s] : NULL;

	if (alen + blen >= LINE_ANCHOR_MIN)
		err = rd_diff_by_lines(&e);
	else
		err = rd_diff_small_by_lines(&e);
	rd_engine_scratch_release(&e);
	for (int s = 0; s < 2; s++)
		if (whole[s].v)
			rd_tok_keep_take(&d->tokens->engine[s], &whole[s]);
	if (err < 0) {
		rd_diff_free(d);
		return err;
	}
	base_classes(d);
	for (size_t i = 0; i < d->nops; i++)
		if (d->ops[i].kind == RD_OP_EQUAL)
			equal += d->ops[i].a_end - d->ops[i].a_start;
	d->stats.changes = d->nchanges;
	d->stats.similarity = alen + blen ? 2.0 * (double)equal / (double)(alen + blen) : 1.0;
	*out = d;
	return 0;
}

int rd_diff_texts(struct rd_diff **out, const char *a, size_t alen,
		  const char *b, size_t blen, const struct rd_diff_opts *opts)
{
	struct rd_diff_opts defaults;
	struct rd_tokens whole[2];
	int err;

	*out = NULL;
	if (!opts) {
		rd_diff_opts_init(&defaults);
		opts = &defaults;
	}
	if (alen > RD_TEXT_MAX || blen > RD_TEXT_MAX)
		return rd_error_set(RD_ETOOBIG, "texts larger than 4 GiB are not supported");
	memset(whole, 0, sizeof(whole));
	/* below RD_TEXT_MAX (checked), so these cannot fail */
	if ((opts->keep_tokens & RD_DIFF_KEEP_OLD) && (err = rd_tokenize(&whole[0], a, alen)) < 0)
		return err;
	if ((opts->keep_tokens & RD_DIFF_KEEP_NEW) && (err = rd_tokenize(&whole[1], b, blen)) < 0) {
		rd_tokens_release(&whole[0]);
		return err;
	}
	return rd_diff_run(out, a, alen, b, blen, opts, whole);
}

void rd_diff_free(struct rd_diff *d)
{
	if (!d)
		return;
	rd_diff_moved_release(d);
	rd_diff_tokens_free(d);
	free(d->ops);
	free(d->b_lines);
	free(d);
}

static const char *const class_names[RD_CLASS__COUNT] = {
	"equal", "whitespace", "spacing", "case", "unicode", "punctuation",
	"spelling", "number", "quotation", "moved", "insert", "delete", "replace"
};

const char *rd_class_name(enum rd_class c)
{
	return (unsigned)c < RD_CLASS__COUNT ? class_names[c] : "unknown";
}

enum rd_class rd_class_parse(const char *name)
{
	for (int c = 1; c < RD_CLASS__COUNT; c++)
		if (strcmp(name, class_names[c]) == 0)
			return (enum rd_class)c;
	return RD_CLASS_NONE;
}
