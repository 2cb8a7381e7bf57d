/*
 * diff_readable.c - the engine's readability pass over a region's runs
 * of equal and changed tokens (diff.c's pipeline, after matching): a pure
 * insert or delete slides to word and sentence boundaries, three runs
 * that could be cut two ways are balanced, and a tiny equal island
 * between two rewrites is merged into them.  Tokens, not bytes: the byte
 * ops are built after.
 */
#include "diff_int.h"

#include <string.h>

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

/* A line break (or the region's start or end) before token i. */
static int line_before(const struct rd_tokens *t, size_t i)
{
	size_t prev_end = i ? rd_token_end(&t->v[i - 1]) : t->start;
	size_t off = i < t->n ? t->v[i].off : t->len;

	return i == 0 || i == t->n || memchr(t->text + prev_end, '\n', off - prev_end) != NULL;
}

/* How good a place it is for a change covering tokens [s, e) of t: best
 * whole lines, then whole words and sentences. */
static int slide_score(const struct rd_tokens *t, size_t s, size_t e)
{
	int score = 0;

	if (space_before(t, s))
		score += 2 + 2 * line_before(t, s);
	if (space_before(t, e))
		score += 2 + 2 * line_before(t, e);
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
void rd_runs_slide(struct runs *r, const uint32_t *ida, const uint32_t *idb,
		  const struct rd_tokens *ta, const struct rd_tokens *tb, int *edge)
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
		/* slid over a whole end run: the region's bounds decided it */
		if ((k == 1 && up == prev->na) || (k + 2 == r->n && down == next->na))
			*edge = 1;
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

/*
 * An insert, a kept run, then a change that deletes more than it inserts
 * ("a a a a a" -> "b a a a b" found as {+b+} a a a [-a a-]{+b+}): when the
 * kept run can slide over the surplus deletions (they repeat its first
 * tokens), it does, so that each insert meets a deletion, two
 * substitutions ([-a-]{+b+} a a a [-a-]{+b+}) as a reader sees them.  The
 * same with the roles of old and new swapped.
 */
/* Kept runs longer than this are left alone: the pattern is about a few
 * repeated words, and checking a shift costs the run's length. */
#define BALANCE_MAX 64

static int same(const uint32_t *x, const uint32_t *y, size_t n)
{
	return memcmp(x, y, n * sizeof(*x)) == 0;
}

/* Swaps old and new in runs v[0, n). */
static inline void mirror(struct run *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t a = v[i].a, na = v[i].na;
		v[i].a = v[i].b;
		v[i].na = v[i].nb;
		v[i].b = a;
		v[i].nb = na;
	}
}

/* The insert, kept run and surplus deletions in t[0..2], when they are. */
static inline void balance_three(struct run *t, const uint32_t *ida, const uint32_t *idb)
{
	struct run *prev = &t[0], *cur = &t[1], *next = &t[2];
	size_t s = 0;

	if (prev->na || !prev->nb || !next->nb || next->na <= next->nb)
		return;
	while (s < prev->nb && next->na - s > next->nb &&
	       same(ida + cur->a + s + 1, idb + cur->b, cur->na))
		s++;
	prev->na += s;
	cur->a += s;
	next->a += s;
	next->na -= s;
}

void rd_runs_balance(struct runs *r, const uint32_t *ida, const uint32_t *idb)
{
	for (size_t k = 1; k + 1 < r->n; k++) {
		struct run *t = &r->v[k - 1];

		if (!t[1].eq || t[0].eq || t[2].eq || t[1].na > BALANCE_MAX)
			continue;
		if (t[0].nb) {
			balance_three(t, ida, idb);
		} else {
			/* the roles swapped: the same slide, mirrored */
			mirror(t, 3);
			balance_three(t, idb, ida);
			mirror(t, 3);
		}
	}
}

/* Tokens a change on each side of a kept word must reach, old and new
 * together, before the word counts as a coincidence of wording between two
 * rewrites rather than a phrase kept: about a sentence.  Tuned so that on
 * the license pairs in tests/data revdiff reports fewer changed words and
 * fewer runs than git's word diff (tests/cli/vs_git.sh). */
#define ISLAND_REWRITE 14

/* Whether equal run `cur` between changes `p` and `n` joins them: a lone
 * punctuation mark always (it costs no word), a short word only between
 * two long rewrites. */
static int island_ok(const struct run *p, const struct run *cur, const struct run *n,
		     const struct rd_tokens *ta)
{
	size_t i;

	for (i = 0; i < cur->na; i++)
		if (ta->v[cur->a + i].kind != RD_TOK_PUNCT)
			break;
	if (i == cur->na)
		return 1;
	return cur->na == 1 && ta->v[cur->a].len <= 4 &&
	       p->na + p->nb >= ISLAND_REWRITE && n->na + n->nb >= ISLAND_REWRITE;
}

/* Equal runs of at most `max` tokens between two changes join them, where
 * island_ok() says so. */
void rd_runs_merge_islands(struct runs *r, unsigned max, const struct rd_tokens *ta)
{
	size_t w = 0;

	if (!max)
		return;
	for (size_t k = 0; k < r->n; k++) {
		struct run cur = r->v[k];
		if (cur.eq && cur.na <= max && w > 0 && k + 1 < r->n &&
		    !r->v[w - 1].eq && !r->v[k + 1].eq && island_ok(&r->v[w - 1], &cur, &r->v[k + 1], ta)) {
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
