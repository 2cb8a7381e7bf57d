/*
 * diff.c - the word diff as one pipeline, shaped like git's xdiff:
 *
 *   tokenize -> intern (hash buckets, bytes confirmed, small ids)
 *   -> match (diff_myers.c) -> runs of equal / changed tokens
 *   -> readability (merge tiny equal islands, slide to boundaries)
 *   -> byte ops, whitespace included, with a baseline class per change.
 *
 * No I/O, no git: texts in, an edit script out.
 */
#include "diff_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Default work bound, in diagonal steps of Myers' search: about a second
 * of work, enough for any real revision while two unrelated 10 MB files
 * still finish quickly. */
#define DEFAULT_MAX_COST 400000000ULL

void rd_diff_opts_init(struct rd_diff_opts *o)
{
	o->merge_islands = 1;
	o->max_cost = DEFAULT_MAX_COST;
}

/* ---- interning ---------------------------------------------------------- */

struct intern {
	uint32_t *slots; /* 0 = empty, else id + 1 */
	size_t mask;
	/* representative token of each id */
	const char **rep_text;
	const struct rd_token **rep;
	size_t nids, cap;
};

static uint32_t intern_one(struct intern *in, const char *text, const struct rd_token *t)
{
	size_t h = (size_t)t->hash & in->mask;

	for (;; h = (h + 1) & in->mask) {
		uint32_t s = in->slots[h];
		if (!s)
			break;
		const struct rd_token *r = in->rep[s - 1];
		if (r->hash == t->hash && r->len == t->len &&
		    memcmp(in->rep_text[s - 1] + r->off, text + t->off, t->len) == 0)
			return s - 1;
	}
	rd_grow((void **)&in->rep, &in->cap, in->nids + 1, sizeof(*in->rep));
	in->rep_text = rd_realloc(in->rep_text, in->cap * sizeof(*in->rep_text));
	in->rep[in->nids] = t;
	in->rep_text[in->nids] = text;
	in->slots[h] = (uint32_t)++in->nids;
	return (uint32_t)(in->nids - 1);
}

static void intern_all(struct intern *in, const struct rd_tokens *ta,
		       const struct rd_tokens *tb, uint32_t *ida, uint32_t *idb)
{
	size_t n = ta->n + tb->n, size = 64, i;

	/* Load factor at most 1/2: distinct tokens are far fewer than tokens. */
	while (size < 2 * n)
		size <<= 1;
	in->slots = rd_calloc(size, sizeof(*in->slots));
	in->mask = size - 1;
	for (i = 0; i < ta->n; i++)
		ida[i] = intern_one(in, ta->text, &ta->v[i]);
	for (i = 0; i < tb->n; i++)
		idb[i] = intern_one(in, tb->text, &tb->v[i]);
	free(in->slots);
	free(in->rep);
	free(in->rep_text);
}

/* ---- runs --------------------------------------------------------------- */

/* A run: `na` old tokens from `a` and `nb` new tokens from `b`; an equal
 * run has na == nb and eq set. */
struct run {
	size_t a, na, b, nb;
	int eq;
};

struct runs {
	struct run *v;
	size_t n, cap;
};

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

/* ---- readability -------------------------------------------------------- */

static int is_sentence_end(const struct rd_tokens *t, size_t i)
{
	const struct rd_token *k = &t->v[i];
	char c;

	if (k->kind != RD_TOK_PUNCT || k->len != 1)
		return 0;
	c = t->text[k->off];
	return c == '.' || c == '!' || c == '?' || c == ';' || c == ':';
}

/* Whitespace before token i (i == n: the end). */
static int space_before(const struct rd_tokens *t, size_t i)
{
	size_t prev_end = i ? rd_token_end(&t->v[i - 1]) : 0;
	size_t off = i < t->n ? t->v[i].off : t->len;

	return i == 0 || i == t->n || off > prev_end;
}

/* How good a place it is for a change covering tokens [s, e) of t. */
static int slide_score(const struct rd_tokens *t, size_t s, size_t e)
{
	int score = 0;

	if (space_before(t, s))
		score += 2;
	if (space_before(t, e))
		score += 2;
	if (s == 0 || is_sentence_end(t, s - 1))
		score += 1;
	if (e > s && is_sentence_end(t, e - 1))
		score += 1;
	return score;
}

/*
 * A pure insert or delete inside equal text can often sit in several
 * places ("a b [a b] c"); pick the one that starts and ends at whitespace
 * and, better, at a sentence end.  Ties go to the latest place, as git.
 */
static void slide(struct runs *r, const uint32_t *ida, const uint32_t *idb,
		  const struct rd_tokens *ta, const struct rd_tokens *tb)
{
	for (size_t k = 1; k + 1 < r->n; k++) {
		struct run *prev = &r->v[k - 1], *cur = &r->v[k], *next = &r->v[k + 1];
		int ins;
		const uint32_t *id;
		const struct rd_tokens *t;
		size_t s, len, up = 0, down = 0;

		if (cur->eq || (cur->na && cur->nb) || !prev->eq || !next->eq)
			continue;
		ins = cur->nb > 0;
		id = ins ? idb : ida;
		t = ins ? tb : ta;
		s = ins ? cur->b : cur->a;
		len = ins ? cur->nb : cur->na;
		/* how far it can move up (into prev) and down (into next) */
		while (up < prev->na && id[s - up - 1] == id[s + len - up - 1])
			up++;
		while (down < next->na && id[s + down] == id[s + len + down])
			down++;
		if (!up && !down)
			continue;
		size_t best = s - up;
		int best_score = -1;
		for (size_t p = s - up; p <= s + down; p++) {
			int sc = slide_score(t, p, p + len);
			if (sc >= best_score) {
				best_score = sc;
				best = p;
			}
		}
		long delta = (long)best - (long)s;
		if (!delta)
			continue;
		prev->na += delta;
		prev->nb += delta;
		next->a += delta;
		next->b += delta;
		next->na -= delta;
		next->nb -= delta;
		cur->a += delta;
		cur->b += delta;
	}
}

/* Equal runs of at most `max` tokens between two changes join them. */
static void merge_islands(struct runs *r, unsigned max)
{
	size_t w = 0;

	if (!max)
		return;
	for (size_t k = 0; k < r->n; k++) {
		struct run cur = r->v[k];
		if (cur.eq && cur.na <= max && w > 0 && k + 1 < r->n &&
		    !r->v[w - 1].eq && !r->v[k + 1].eq) {
			struct run *p = &r->v[w - 1], *n = &r->v[k + 1];
			p->na += cur.na + n->na;
			p->nb += cur.nb + n->nb;
			k++;
			continue;
		}
		if (w && r->v[w - 1].eq == cur.eq) {
			r->v[w - 1].na += cur.na;
			r->v[w - 1].nb += cur.nb;
			continue;
		}
		r->v[w++] = cur;
	}
	r->n = w;
}

/* ---- byte ops ------------------------------------------------------------- */

struct opbuild {
	struct rd_diff *d;
	size_t cap;
	uint32_t change; /* number of the current change, 0 while equal */
};

static void op_push(struct opbuild *ob, int kind, size_t as, size_t ae, size_t bs, size_t be)
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
					    as, ae, bs, be, 0 };
}

static int is_ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Length of the common prefix of two whitespace spans, cut at a whole
 * character: whitespace can hold multi-byte spaces (NBSP). */
static size_t common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, n = na < nb ? na : nb;

	while (i < n && a[i] == b[i] && is_ws(a[i]))
		i++;
	return i;
}

static size_t common_suffix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, n = na < nb ? na : nb;

	while (i < n && a[na - 1 - i] == b[nb - 1 - i] && is_ws(a[na - 1 - i]))
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

	op_push(ob, RD_OP_EQUAL, as, as + pre, bs, bs + pre);
	op_push(ob, RD_OP_DELETE, as + pre, ae - suf, bs + pre, bs + pre);
	op_push(ob, RD_OP_INSERT, ae - suf, ae - suf, bs + pre, be - suf);
	op_push(ob, RD_OP_EQUAL, ae - suf, ae, be - suf, be);
}

static void build_ops(struct rd_diff *d, const struct runs *r,
		      const struct rd_tokens *ta, const struct rd_tokens *tb)
{
	struct opbuild ob = { d, 0, 0 };
	size_t pa = 0, pb = 0;

	for (size_t k = 0; k < r->n; k++) {
		const struct run *c = &r->v[k];
		if (c->eq) {
			for (size_t t = 0; t < c->na; t++) {
				const struct rd_token *x = &ta->v[c->a + t], *y = &tb->v[c->b + t];
				size_t ga = x->off - pa, gb = y->off - pb;
				emit_region(&ob, pa, x->off, pb, y->off, ga, gb, ga, gb);
				op_push(&ob, RD_OP_EQUAL, x->off, rd_token_end(x), y->off, rd_token_end(y));
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
		emit_region(&ob, pa, ea, pb, eb, lead_a, lead_b, trail_a, trail_b);
		pa = ea;
		pb = eb;
	}
	size_t ga = ta->len - pa, gb = tb->len - pb;
	emit_region(&ob, pa, ta->len, pb, tb->len, ga, gb, ga, gb);
}

/* Baseline class of every change: insert, delete, replace, or whitespace
 * when no token changed; classify.c refines it. */
static void base_classes(struct rd_diff *d, const struct rd_tokens *ta,
			 const struct rd_tokens *tb)
{
	(void)ta;
	(void)tb;
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
				if (!is_ws(s[q]))
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

static int is_wordish(const struct rd_token *t)
{
	return t->kind == RD_TOK_WORD || t->kind == RD_TOK_NUMBER || t->kind == RD_TOK_CJK;
}

static void count_stats(struct rd_diff *d, const struct rd_match *m,
			const struct rd_tokens *ta, const struct rd_tokens *tb)
{
	struct rd_diff_stats *s = &d->stats;
	size_t i, matched = 0;

	for (i = 0; i < ta->n; i++) {
		int w = is_wordish(&ta->v[i]);
		s->words_old += w;
		if (m->ca[i]) {
			s->tokens_deleted++;
			s->words_deleted += w;
		} else {
			matched++;
		}
	}
	for (i = 0; i < tb->n; i++) {
		int w = is_wordish(&tb->v[i]);
		s->words_new += w;
		if (m->cb[i]) {
			s->tokens_inserted++;
			s->words_inserted += w;
		}
	}
	s->changes = d->nchanges;
	s->similarity = ta->n + tb->n ? 2.0 * matched / (double)(ta->n + tb->n)
				      : (d->nchanges ? 0.0 : 1.0);
}

/* Marks from runs back into ca/cb, after the readability pass. */
static void runs_to_marks(const struct runs *r, struct rd_match *m)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct run *c = &r->v[k];
		memset(m->ca + c->a, !c->eq, c->na);
		memset(m->cb + c->b, !c->eq, c->nb);
	}
}

int rd_diff_texts(struct rd_diff **out, const char *a, size_t alen,
		  const char *b, size_t blen, const struct rd_diff_opts *opts)
{
	struct rd_diff_opts defaults;
	struct rd_tokens ta, tb;
	struct rd_match m;
	struct intern in;
	struct runs r = { NULL, 0, 0 };
	struct rd_diff *d;
	uint32_t *ida = NULL, *idb = NULL;
	int err;

	*out = NULL;
	if (!opts) {
		rd_diff_opts_init(&defaults);
		opts = &defaults;
	}
	if ((err = rd_tokenize(&ta, a, alen)) < 0)
		return err;
	if ((err = rd_tokenize(&tb, b, blen)) < 0) {
		rd_tokens_release(&ta);
		return err;
	}

	ida = rd_malloc((ta.n + 1) * sizeof(*ida));
	idb = rd_malloc((tb.n + 1) * sizeof(*idb));
	memset(&in, 0, sizeof(in));
	intern_all(&in, &ta, &tb, ida, idb);

	memset(&m, 0, sizeof(m));
	m.a = ida;
	m.b = idb;
	m.na = ta.n;
	m.nb = tb.n;
	m.nids = (uint32_t)in.nids;
	m.ca = rd_calloc(ta.n + 1, 1);
	m.cb = rd_calloc(tb.n + 1, 1);
	m.max_cost = opts->max_cost ? opts->max_cost : UINT64_MAX;
	rd_match_run(&m);

	build_runs(&r, &m);
	slide(&r, ida, idb, &ta, &tb);
	merge_islands(&r, opts->merge_islands);
	runs_to_marks(&r, &m);

	d = rd_calloc(1, sizeof(*d));
	d->a = a;
	d->b = b;
	d->alen = alen;
	d->blen = blen;
	d->bounded = m.bounded;
	build_ops(d, &r, &ta, &tb);
	base_classes(d, &ta, &tb);
	count_stats(d, &m, &ta, &tb);

	free(r.v);
	free(m.ca);
	free(m.cb);
	free(ida);
	free(idb);
	rd_tokens_release(&ta);
	rd_tokens_release(&tb);
	*out = d;
	return 0;
}

void rd_diff_free(struct rd_diff *d)
{
	if (!d)
		return;
	free(d->ops);
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
