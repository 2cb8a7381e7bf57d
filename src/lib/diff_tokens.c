/*
 * diff_tokens.c - the tokens of a diff's texts, kept with the diff, and
 * the diffs of parts of them.
 *
 * The engine cuts into tokens only what it token-diffs (the regions
 * between equal lines, less their identical ends), and keeps in the diff
 * it returns the tokens of each change, with the whitespace around them:
 * what is read again (all of a text's tokens would double the engine's
 * memory on a text where most paragraphs changed a little).  Whoever reads a diff's words asks
 * rd_diff_tokens for a range of bytes: the engine's tokens when one of its
 * regions holds the range, else the range is cut here, once, and kept too.
 * Regions start at a line start or after ASCII whitespace (diff_trim.c),
 * where no token can continue, so their tokens are the ones a cut of the
 * range itself would give.  A text whose reader wants all of it
 * (RD_DIFF_KEEP_*: blame, the checker) is cut whole before the diff, its
 * regions read from that cut, and kept whole; a moved text's inner diff
 * (rd_diff_ranges) runs that way on the tokens the diff already holds.
 */
#include "diff_int.h"

#include <stdlib.h>
#include <string.h>

/* Keeps tokens v[0, n), the tokens of bytes [from, to). */
static void keep(struct tok_keep *k, const struct rd_token *v, size_t n, size_t from, size_t to)
{
	if (from == to)
		return;
	if (n) {
		rd_grow((void **)&k->v, &k->cap, k->n + n, sizeof(*k->v));
		memcpy(k->v + k->n, v, n * sizeof(*v));
	}
	rd_grow((void **)&k->r, &k->capr, k->nr + 1, sizeof(*k->r));
	if (k->nr && k->r[k->nr - 1].from > from)
		k->unsorted = 1;
	k->r[k->nr++] = (struct tok_range){ (uint32_t)from, (uint32_t)to, (uint32_t)k->n, (uint32_t)n };
	k->n += n;
}

void rd_tok_keep_add(struct tok_keep *k, const struct rd_tokens *t)
{
	keep(k, t->v, t->n, t->start, t->len);
}

/* Tokens [i, i + n) of t, with the whitespace around them up to the
 * tokens before and after. */
static void keep_run(struct tok_keep *k, const struct rd_tokens *t, size_t i, size_t n)
{
	size_t from = i ? rd_token_end(&t->v[i - 1]) : t->start;
	size_t to = i + n < t->n ? t->v[i + n].off : t->len;

	keep(k, t->v + i, n, from, to);
}

void rd_tok_keep_runs(struct tok_keep k[2], const struct runs *r, const struct rd_tokens *ta,
		      const struct rd_tokens *tb)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct run *c = &r->v[i];
		if (c->eq)
			continue;
		if (ta)
			keep_run(&k[0], ta, c->a, c->na);
		if (tb)
			keep_run(&k[1], tb, c->b, c->nb);
	}
}

/* Appends src's tokens to dst's, with no range. */
static void append(struct tok_keep *dst, const struct tok_keep *src)
{
	if (!src->n)
		return;
	rd_grow((void **)&dst->v, &dst->cap, dst->n + src->n, sizeof(*dst->v));
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
}

void rd_tok_keep_join(struct tok_keep *dst, struct tok_keep *x, const struct tok_keep *y,
		      size_t *bx, size_t *by)
{
	if (!dst->v) {
		dst->v = x->v;
		dst->cap = x->cap;
		dst->n = x->n;
		x->v = NULL;
		x->cap = x->n = 0;
		*bx = 0;
	} else {
		*bx = dst->n;
		append(dst, x);
	}
	*by = dst->n;
	append(dst, y);
}

void rd_tok_keep_ranges(struct tok_keep *dst, const struct tok_keep *src, size_t r0, size_t r1,
			size_t base)
{
	rd_grow((void **)&dst->r, &dst->capr, dst->nr + (r1 - r0), sizeof(*dst->r));
	for (size_t i = r0; i < r1; i++) {
		struct tok_range r = src->r[i];
		if (r.from == r.to)
			continue;
		if (dst->nr && dst->r[dst->nr - 1].from > r.from)
			dst->unsorted = 1;
		r.first += (uint32_t)base;
		dst->r[dst->nr++] = r;
	}
}

void rd_tok_keep_take(struct tok_keep *k, struct rd_tokens *t)
{
	if (t->start < t->len) {
		k->v = t->v;
		k->cap = k->n = t->n;
		t->v = NULL;
		rd_grow((void **)&k->r, &k->capr, 1, sizeof(*k->r));
		k->r[0] = (struct tok_range){ (uint32_t)t->start, (uint32_t)t->len, 0, (uint32_t)t->n };
		k->nr = 1;
	}
	rd_tokens_release(t);
}

void rd_tok_keep_release(struct tok_keep *k)
{
	free(k->v);
	free(k->r);
	memset(k, 0, sizeof(*k));
}

void rd_diff_tokens_free(struct rd_diff *d)
{
	if (!d->tokens)
		return;
	for (int s = 0; s < 2; s++) {
		rd_tok_keep_release(&d->tokens->engine[s]);
		rd_tok_keep_release(&d->tokens->late[s]);
	}
	free(d->tokens);
	d->tokens = NULL;
}

static int cmp_range(const void *x, const void *y)
{
	const struct tok_range *a = x, *b = y;

	return (a->from > b->from) - (a->from < b->from);
}

/* The range of k that holds [from, to), or NULL. */
static const struct tok_range *find(struct tok_keep *k, size_t from, size_t to)
{
	size_t lo = 0, hi = k->nr;

	if (k->unsorted) {
		qsort(k->r, k->nr, sizeof(*k->r), cmp_range);
		k->unsorted = 0;
	}
	/* the last range found or the next, when it is the one the search
	 * below would find: the last starting at or before from */
	for (size_t i = k->hint; i < k->nr && i <= k->hint + 1; i++)
		if (k->r[i].from <= from && (i + 1 == k->nr || k->r[i + 1].from > from)) {
			if (to <= k->r[i].to) {
				k->hint = i;
				return &k->r[i];
			}
			break;
		}
	while (lo < hi) { /* the first range starting after from */
		size_t mid = lo + (hi - lo) / 2;
		if (k->r[mid].from <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ranges may overlap (late ones): look back a little */
	for (size_t i = lo; i-- > 0 && lo - i <= 8;)
		if (k->r[i].from <= from && to <= k->r[i].to) {
			k->hint = i;
			return &k->r[i];
		}
	return NULL;
}

size_t rd_tok_span(const struct rd_token *v, size_t n, size_t from, size_t to, size_t *cnt)
{
	size_t lo = 0, hi = n, e;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].off < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < n && rd_token_end(&v[e]) <= to; e++)
		;
	*cnt = e - lo;
	return lo;
}

void rd_tokens_view(struct rd_tokens *view, const struct rd_tokens *whole, size_t from, size_t to)
{
	size_t n, i = rd_tok_span(whole->v, whole->n, from, to, &n);

	*view = (struct rd_tokens){ whole->text, from, to, whole->v + i, n };
}

/* The tokens of range r that lie in [from, to). */
static const struct rd_token *slice(const struct tok_keep *k, const struct tok_range *r,
				    size_t from, size_t to, size_t *n)
{
	const struct rd_token *v = k->v + r->first;

	return v + rd_tok_span(v, r->n, from, to, n);
}

const struct rd_token *rd_diff_tokens(const struct rd_diff *cd, int side, size_t from, size_t to,
				      size_t *n)
{
	struct rd_diff *d = (struct rd_diff *)cd; /* the kept tokens are a cache */
	const char *text = side ? d->b : d->a;
	const struct tok_range *r;
	struct rd_tokens t;

	*n = 0;
	if (from >= to)
		return NULL;
	if (!d->tokens)
		d->tokens = rd_calloc(1, sizeof(*d->tokens));
	if ((r = find(&d->tokens->engine[side], from, to)))
		return slice(&d->tokens->engine[side], r, from, to, n);
	if ((r = find(&d->tokens->late[side], from, to)))
		return slice(&d->tokens->late[side], r, from, to, n);
	/* texts are below RD_TEXT_MAX (rd_diff_texts checked), so this cannot fail */
	if (rd_tokenize_range(&t, text, from, to) < 0)
		return NULL;
	rd_tok_keep_add(&d->tokens->late[side], &t);
	rd_tokens_release(&t);
	/* the range just kept is the last (from < to): no search, and no
	 * sort of ranges kept out of order until the next lookup */
	return slice(&d->tokens->late[side], &d->tokens->late[side].r[d->tokens->late[side].nr - 1],
		     from, to, n);
}

/* The tokens d holds of bytes [from, to) of a side, as a whole text's
 * tokens of the text that starts at `from` (a copy: offsets shifted). */
static void tokens_of(struct rd_tokens *t, const struct rd_diff *d, int side, size_t from,
		      size_t to)
{
	size_t n;
	const struct rd_token *v = rd_diff_tokens(d, side, from, to, &n);

	t->text = (side ? d->b : d->a) + from;
	t->start = 0;
	t->len = to - from;
	t->n = n;
	t->v = rd_malloc((n ? n : 1) * sizeof(*t->v));
	for (size_t i = 0; i < n; i++) {
		t->v[i] = v[i];
		t->v[i].off -= (uint32_t)from;
	}
}

/* The ranges are mostly changes of d, whose tokens d keeps: the engine
 * runs on those, not on a new cut of the bytes. */
int rd_diff_ranges(struct rd_diff **out, const struct rd_diff *d, size_t as, size_t ae, size_t bs,
		   size_t be, const struct rd_diff_opts *opts)
{
	struct rd_diff_opts defaults;
	struct rd_tokens whole[2];

	*out = NULL;
	if (!opts) {
		rd_diff_opts_init(&defaults);
		opts = &defaults;
	}
	tokens_of(&whole[0], d, 0, as, ae);
	tokens_of(&whole[1], d, 1, bs, be);
	return rd_diff_run(out, d->a + as, ae - as, d->b + bs, be - bs, opts, whole);
}
