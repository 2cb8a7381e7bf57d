/*
 * classify_moves.c - moved sentences: the deleted side of one change
 * paired with the inserted side of another when the diff engine finds
 * them alike (exactly, or edited a little), for rd_classify (classify.c).
 * Candidates share word pairs (an index from pair hash to sides); the
 * best is checked with the engine; the most similar pairs win, each side
 * once.  Whole short lines moved are moves.c's.
 */
#include "classify_int.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>

/* A side needs this many words to be a moved sentence: fewer and common
 * phrases ("of the United States") would pair up by chance. */
#define MOVE_MIN_WORDS 5
/* Token similarity (the engine's measure) of a block moved with small
 * edits: a quarter of its tokens may differ.  Lower, and two different
 * paragraphs of the same boilerplate start to pair up. */
#define MOVE_MIN_SIMILARITY 0.75
/* Word pairs present in more sides than this say nothing about which two
 * match. */
#define MOVE_MAX_BUCKET 32
/* Past this many candidate sides move detection is skipped: a diff that
 * fragmented is a rewrite, not a rearrangement.  NEEDSWORK: smarter. */
#define MOVE_MAX_SIDES 20000
/* Work bound for diffing two candidate sides, per token: a moved block
 * edited a little needs a few diagonals; a bounded result is no move. */
#define MOVE_COST_PER_TOKEN 16
/* All the candidate checks together read at most this many times the
 * changed text, so that unrelated texts cannot make moves expensive. */
#define MOVE_BUDGET 8
/* Word pairs indexed in full; beyond, a sample (prose: ~6 bytes a word). */
#define MOVE_FULL_PAIRS (1u << 20)
#define MOVE_BYTES_PER_PAIR 6

struct side {
	uint32_t change; /* index into the change array */
	uint64_t *hashes; /* distinct hashes of pairs of neighbouring words, sorted */
	size_t nh;
	size_t bytes;
};

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Keeps the hashes whose top `sample` bits are 0 (all when 0): the same
 * pairs are kept on every side, so shared counts stay comparable. */
static void side_hashes(struct side *sd, const struct rd_diff *d, int side, size_t from,
			size_t to, unsigned sample)
{
	size_t k = 0, nt;
	const struct rd_token *v = rd_diff_tokens(d, side, from, to, &nt);

	/* Pairs, not single words: two unrelated texts share most of their
	 * words but few of their word pairs. */
	sd->hashes = rd_malloc((nt + 1) * sizeof(*sd->hashes));
	uint64_t prev = 0;
	int have = 0;
	for (size_t i = 0; i < nt; i++) {
		if (!rd_token_is_word(&v[i]))
			continue;
		uint64_t h = prev * 0x9E3779B97F4A7C15ULL ^ v[i].hash;
		if (have && (!sample || !(h >> (64 - sample))))
			sd->hashes[k++] = h;
		prev = v[i].hash;
		have = 1;
	}
	qsort(sd->hashes, k, sizeof(*sd->hashes), cmp_u64);
	sd->nh = 0;
	for (size_t i = 0; i < k; i++)
		if (!sd->nh || sd->hashes[sd->nh - 1] != sd->hashes[i])
			sd->hashes[sd->nh++] = sd->hashes[i];
}

struct cand {
	uint32_t src, dst; /* side indexes */
	double sim;
	struct rd_diff *d; /* the diff that measured sim */
};

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->sim != b->sim)
		return a->sim < b->sim ? 1 : -1;
	return a->src != b->src ? (a->src < b->src ? -1 : 1) : (a->dst > b->dst) - (a->dst < b->dst);
}

/* Token similarity of old bytes [as, ae) and new bytes [bs, be) of d, by
 * the diff engine itself; 0 when they are too different to say cheaply.
 * The diff goes to *out (NULL when 0): one within the bound is the
 * unbounded one, which a move shows. */
static double similarity(struct rd_diff **out, const struct rd_diff *d, size_t as, size_t ae,
			 size_t bs, size_t be)
{
	struct rd_diff_opts o;

	rd_diff_opts_init(&o);
	/* bytes over-count tokens, which only loosens the bound */
	o.max_cost = (uint64_t)((ae - as) + (be - bs) + 64) * MOVE_COST_PER_TOKEN;
	if (rd_diff_ranges(out, d, as, ae, bs, be, &o) < 0)
		return 0;
	if ((*out)->bounded) {
		rd_diff_free(*out);
		*out = NULL;
		return 0;
	}
	return (*out)->stats.similarity;
}

/* A hash -> sides index, open addressing over the distinct hashes. */
struct bucket {
	uint64_t hash;
	uint32_t *sides;
	size_t n, cap;
};

/* Open addressing: slots hold 1 + an index into the buckets, so the probed
 * memory stays small. */
struct index {
	uint32_t *slots;
	size_t mask;
	struct bucket *b;
	size_t nb;
};

static struct bucket *bucket_find(struct index *ix, uint64_t h, int add)
{
	size_t i = (size_t)(h ^ (h >> 29)) & ix->mask;

	for (; ix->slots[i]; i = (i + 1) & ix->mask)
		if (ix->b[ix->slots[i] - 1].hash == h)
			return &ix->b[ix->slots[i] - 1];
	if (!add)
		return NULL;
	ix->b[ix->nb] = (struct bucket){ h, NULL, 0, 0 };
	ix->slots[i] = (uint32_t)++ix->nb;
	return &ix->b[ix->nb - 1];
}

/*
 * Pairs deleted sides with inserted sides of other changes that hold the
 * same text, exactly or edited a little.  Candidates share many words
 * (an index from word hash to inserted sides); the best of them is checked
 * with the diff engine; the most similar pairs win, each side once.
 */
/* The op of `kind` in change c, or NULL. */
static const struct rd_op *side_op(const struct rd_diff *d, const struct rd_class_change *c,
				   int kind)
{
	for (size_t k = c->op0; k < c->op1; k++)
		if (d->ops[k].kind == kind)
			return &d->ops[k];
	return NULL;
}

/*
 * A move of the text of delete op x to insert op y, cut to what the two
 * share: text only inserted (or only deleted) before the first or after
 * the last word they keep is an ordinary insert (or delete) next to the
 * move, not part of it.
 */
static void push_move(const struct rd_diff *d, const struct rd_op *x, const struct rd_op *y,
		      struct rd_diff *in, struct rd_moves *out, struct rd_kept_moves *kept)
{
	size_t as = x->a_start, ae = x->a_end, bs = y->b_start, be = y->b_end;

	/* `in`, when given, is the diff of exactly these texts */
	if (in || rd_diff_ranges(&in, d, as, ae, bs, be, NULL) == 0) {
		size_t f = 0, l = in->nops;
		while (f < in->nops && in->ops[f].kind != RD_OP_EQUAL)
			f++;
		while (l > f && in->ops[l - 1].kind != RD_OP_EQUAL)
			l--;
		if (f < l) {
			/* only a one-sided run is cut off; a replaced first or
			 * last word stays inside the move */
			int lead_one = f == 0 || in->ops[0].change != in->ops[f - 1].change ||
				       in->ops[0].kind == in->ops[f - 1].kind;
			int trail_one = l == in->nops || in->ops[l].change != in->ops[in->nops - 1].change ||
					in->ops[l].kind == in->ops[in->nops - 1].kind;
			/* whitespace alone is never cut off: it would be a
			 * change of its own */
			lead_one &= !(rd_is_blank(d->a + as, in->ops[f].a_start) &&
				      rd_is_blank(d->b + bs, in->ops[f].b_start));
			trail_one &= !(rd_is_blank(d->a + as + in->ops[l - 1].a_end, ae - as - in->ops[l - 1].a_end) &&
				       rd_is_blank(d->b + bs + in->ops[l - 1].b_end, be - bs - in->ops[l - 1].b_end));
			size_t na = as + (lead_one ? in->ops[f].a_start : 0);
			size_t nb = bs + (lead_one ? in->ops[f].b_start : 0);
			size_t xa = trail_one ? as + in->ops[l - 1].a_end : ae;
			size_t xb = trail_one ? bs + in->ops[l - 1].b_end : be;
			as = na, bs = nb, ae = xa, be = xb;
		}
		if (as == x->a_start && ae == x->a_end && bs == y->b_start && be == y->b_end) {
			rd_grow((void **)&kept->v, &kept->cap, kept->n + 1, sizeof(*kept->v));
			kept->v[kept->n].bs = bs;
			kept->v[kept->n].be = be;
			kept->v[kept->n++].d = in;
		} else {
			rd_diff_free(in);
		}
	}
	rd_moves_push(out, as, ae, bs, be);
}

void rd_sentence_moves(const struct rd_diff *d, struct rd_class_change *cv, size_t nc,
		       struct rd_moves *out, struct rd_kept_moves *kept)
{
	struct side *src = NULL, *dst = NULL;
	size_t nsrc = 0, ndst = 0, total = 0, size = 64, budget = 0;
	struct index ix = { NULL, 0, NULL, 0 };
	struct cand *cands = NULL;
	size_t ncand = 0, capcand = 0;
	uint32_t *count = NULL;
	uint32_t *touched = NULL;

	for (size_t i = 0; i < nc; i++) {
		struct rd_class_change *c = &cv[i];
		if (c->base == RD_CLASS_WHITESPACE)
			continue;
		c->del_words = rd_diff_count_words(d, 0, c->as, c->ae);
		c->ins_words = rd_diff_count_words(d, 1, c->bs, c->be);
		nsrc += c->del_words >= MOVE_MIN_WORDS;
		ndst += c->ins_words >= MOVE_MIN_WORDS;
	}
	if (!nsrc || !ndst || nsrc + ndst > MOVE_MAX_SIDES)
		return;
	/* Past about a million word pairs of changed text (a rewrite rather
	 * than an edit), sample them.  NEEDSWORK: short sides may then keep
	 * too few pairs to be found as moves. */
	size_t changed = 0;
	unsigned sample = 0;
	for (size_t i = 0; i < nc; i++)
		changed += (cv[i].ae - cv[i].as) + (cv[i].be - cv[i].bs);
	while (sample < 16 && (changed / MOVE_BYTES_PER_PAIR) >> sample > MOVE_FULL_PAIRS)
		sample++;
	src = rd_calloc(nsrc, sizeof(*src));
	dst = rd_calloc(ndst, sizeof(*dst));
	nsrc = ndst = 0;
	for (size_t i = 0; i < nc; i++) {
		struct rd_class_change *c = &cv[i];
		if (c->base == RD_CLASS_WHITESPACE)
			continue;
		budget += MOVE_BUDGET * ((c->ae - c->as) + (c->be - c->bs));
		if (c->del_words >= MOVE_MIN_WORDS) {
			src[nsrc].change = (uint32_t)i;
			side_hashes(&src[nsrc++], d, 0, c->as, c->ae, sample);
		}
		if (c->ins_words >= MOVE_MIN_WORDS) {
			dst[ndst].change = (uint32_t)i;
			side_hashes(&dst[ndst], d, 1, c->bs, c->be, sample);
			total += dst[ndst++].nh;
		}
	}
	while (size < 2 * total + 2)
		size <<= 1;
	ix.slots = rd_calloc(size, sizeof(*ix.slots));
	ix.mask = size - 1;
	ix.b = rd_malloc((total + 1) * sizeof(*ix.b));
	for (size_t j = 0; j < ndst; j++) {
		for (size_t h = 0; h < dst[j].nh; h++) {
			struct bucket *b = bucket_find(&ix, dst[j].hashes[h], 1);
			rd_grow((void **)&b->sides, &b->cap, b->n + 1, sizeof(*b->sides));
			b->sides[b->n++] = (uint32_t)j;
		}
	}
	count = rd_calloc(ndst, sizeof(*count));
	touched = rd_malloc(ndst * sizeof(*touched));
	for (size_t i = 0; i < nsrc; i++) {
		size_t ntouched = 0, best = 0;
		uint32_t bestj = 0;
		for (size_t h = 0; h < src[i].nh; h++) {
			struct bucket *b = bucket_find(&ix, src[i].hashes[h], 0);
			if (!b || b->n > MOVE_MAX_BUCKET)
				continue;
			for (size_t k = 0; k < b->n; k++) {
				uint32_t j = b->sides[k];
				if (!count[j]++)
					touched[ntouched++] = j;
			}
		}
		/* the best few by shared words go to the engine */
		for (int round = 0; round < 3; round++) {
			best = 0;
			for (size_t k = 0; k < ntouched; k++) {
				uint32_t j = touched[k];
				if (count[j] > best && dst[j].change != src[i].change) {
					best = count[j];
					bestj = j;
				}
			}
			size_t small = src[i].nh < dst[bestj].nh ? src[i].nh : dst[bestj].nh;
			size_t large = src[i].nh + dst[bestj].nh - small;
			if (!best || best < small / 2 || best < large / 3)
				break;
			count[bestj] = 0;
			const struct rd_class_change *cs = &cv[src[i].change], *cd = &cv[dst[bestj].change];
			size_t work = (cs->ae - cs->as) + (cd->be - cd->bs);
			if (work > budget)
				break;
			budget -= work;
			struct rd_diff *sd;
			double sim = similarity(&sd, d, cs->as, cs->ae, cd->bs, cd->be);
			if (sim >= MOVE_MIN_SIMILARITY) {
				rd_grow((void **)&cands, &capcand, ncand + 1, sizeof(*cands));
				cands[ncand++] = (struct cand){ (uint32_t)i, bestj, sim, sd };
			} else {
				rd_diff_free(sd);
			}
		}
		for (size_t k = 0; k < ntouched; k++)
			count[touched[k]] = 0;
	}
	if (ncand)
		qsort(cands, ncand, sizeof(*cands), cmp_cand);
	/* the most similar pairs first, each side once */
	for (size_t k = 0; k < ncand; k++) {
		struct rd_class_change *cs = &cv[src[cands[k].src].change], *cd = &cv[dst[cands[k].dst].change];
		if (cs->del_partner || cd->ins_partner)
			continue;
		cs->del_partner = (uint32_t)(cd - cv) + 1;
		cd->ins_partner = (uint32_t)(cs - cv) + 1;
		const struct rd_op *x = side_op(d, cs, RD_OP_DELETE), *y = side_op(d, cd, RD_OP_INSERT);
		if (!x || !y)
			continue;
		/* the diff that found the pair, when it was of the ops' texts */
		struct rd_diff *in = NULL;
		if (x->a_start == cs->as && x->a_end == cs->ae && y->b_start == cd->bs &&
		    y->b_end == cd->be) {
			in = cands[k].d;
			cands[k].d = NULL;
		}
		push_move(d, x, y, in, out, kept);
	}
	for (size_t k = 0; k < ncand; k++)
		rd_diff_free(cands[k].d);

	for (size_t k = 0; k < ix.nb; k++)
		free(ix.b[k].sides);
	free(ix.b);
	free(ix.slots);
	for (size_t i = 0; i < nsrc; i++)
		free(src[i].hashes);
	for (size_t j = 0; j < ndst; j++)
		free(dst[j].hashes);
	free(src);
	free(dst);
	free(cands);
	free(count);
	free(touched);
}

/* Gives d the moves' word diffs find_moves made, each to the insert op
 * that now holds exactly its new end (ops are in text order). */
void rd_moves_keep_inner(struct rd_diff *d, struct rd_kept_moves *kept)
{
	for (size_t k = 0; k < kept->n; k++) {
		size_t lo = 0, hi = d->nops;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (d->ops[mid].b_end <= kept->v[k].bs)
				lo = mid + 1;
			else
				hi = mid;
		}
		int taken = 0;
		for (; lo < d->nops && d->ops[lo].b_start <= kept->v[k].bs && !taken; lo++)
			if (d->ops[lo].b_start == kept->v[k].bs && d->ops[lo].b_end == kept->v[k].be)
				taken = rd_diff_move_inner_keep(d, lo, kept->v[k].d);
		if (!taken)
			rd_diff_free(kept->v[k].d);
	}
	free(kept->v);
}
