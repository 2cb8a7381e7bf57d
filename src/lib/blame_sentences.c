/*
 * blame_sentences.c - blame's step 2 (blame.c): sentences, as WikiWho
 * cuts them, matched whole before single tokens: a new sentence equal to
 * an old one of the previous version takes the old tokens the diff left
 * unmatched (moved text); one equal to any sentence that ever lost a
 * token takes back the removed tokens (restored text, at any distance).
 */
#include "blame_int.h"


/*
 * Sentences, as WikiWho cuts them (Flöck and Acosta 2014): after . ; ? ! :
 * followed by white space, and at every line break.  Whole sentences are
 * matched before single tokens, so a moved or restored sentence keeps
 * all its tokens even where the diff aligned a few of them elsewhere.
 */
static int ends_sentence(const struct rd_tokens *t, size_t i)
{
	const struct rd_token *k = &t->v[i];
	size_t end = rd_token_end(k), next = i + 1 < t->n ? t->v[i + 1].off : t->len;

	if (i + 1 >= t->n || memchr(t->text + end, '\n', next - end))
		return 1;
	return next > end && k->kind == RD_TOK_PUNCT && k->len == 1 &&
	       memchr(".;?!:", t->text[k->off], 5);
}

/* Widens tokens [*s, *e) to whole sentences. */
void rd_blame_widen(const struct rd_tokens *t, size_t *s, size_t *e)
{
	while (*s > 0 && !ends_sentence(t, *s - 1))
		(*s)--;
	while (*e < t->n && (*e == 0 || !ends_sentence(t, *e - 1)))
		(*e)++;
}

/* Sentence hash of tokens [s, e); *z is set to the sentence's end. */
static uint64_t sentence_at(const struct rd_tokens *t, size_t s, size_t *z)
{
	uint64_t h = 0;
	size_t i = s;

	do
		h = rd_blame_mix(h, t->v[i].hash);
	while (!ends_sentence(t, i++));
	*z = i;
	return rd_blame_mix(h, i - s);
}

static int tok_same(const struct rd_tokens *a, size_t i, const struct rd_tokens *b, size_t j)
{
	return a->v[i].hash == b->v[j].hash && a->v[i].len == b->v[j].len &&
	       memcmp(a->text + a->v[i].off, b->text + b->v[j].off, a->v[i].len) == 0;
}

/* Old sentence at `p` (n tokens) fits new sentence at `a`: rd_blame_same tokens,
 * and unmatched old tokens where the new one is unplaced.  2 when some
 * token is already placed from it (the diff aligned part of it). */
static int fits(const struct rd_blame *b, const struct rd_tokens *t, const uint32_t *ids,
		const uint8_t *kept, size_t p, size_t a, size_t n)
{
	int useful = 0, aligned = 0;

	for (size_t k = 0; k < n; k++) {
		if (!tok_same(&b->toks, p + k, t, a + k))
			return 0;
		if (ids[a + k] == NONE)
			useful |= !kept[p + k];
		else
			aligned |= ids[a + k] == b->ids[p + k];
	}
	return useful ? 1 + aligned : 0;
}

/*
 * New sentences in tokens [ns, ne) equal to old ones in [ps, pe) take the
 * old tokens the diff left unmatched: the text moved (or the diff cut a
 * reordered block in an odd place).  An old sentence the diff aligned in
 * part is preferred among equal ones.
 */
void rd_blame_match_moved(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			  uint8_t *kept, size_t ns, size_t ne, size_t ps, size_t pe, int version)
{
	struct map heads = { 0 };
	size_t *next = rd_malloc((pe - ps + 1) * sizeof(*next)), z;

	for (size_t p = ps; p < pe; p = z) {
		uint64_t h = sentence_at(&b->toks, p, &z);
		const struct slot *sl = rd_bmap_get(&heads, h);
		next[p - ps] = sl ? sl->pos : SEP;
		rd_bmap_put(&heads, h, (uint32_t)p, (int)(z - p));
	}
	for (size_t a = ns; a < ne; a = z) {
		uint64_t h = sentence_at(t, a, &z);
		const struct slot *sl;
		size_t best = SEP, n = z - a;
		int score = 0;

		for (size_t k = a; k < z && best == SEP; k++)
			if (ids[k] == NONE)
				best = 0;
		if (best == SEP || !(sl = rd_bmap_get(&heads, h)))
			continue;
		best = SEP;
		for (size_t p = sl->pos; p != SEP && score < 2; p = next[p - ps]) {
			int f = (size_t)(b->toks.n - p) >= n ? fits(b, t, ids, kept, p, a, n) : 0;
			if (f > score) {
				score = f;
				best = p;
			}
		}
		if (best == SEP)
			continue;
		for (size_t k = 0; k < n; k++)
			if (ids[a + k] == NONE && !kept[best + k]) {
				ids[a + k] = b->ids[best + k];
				kept[best + k] = 1;
				rd_blame_event_add(b, ids[a + k], version, EV_MOVED);
			}
	}
	free(next);
	rd_bmap_release(&heads);
}

/* Remembers the old sentences in [ps, pe) that lose a token. */
void rd_blame_index_sentences(struct rd_blame *b, const uint8_t *kept, size_t ps, size_t pe)
{
	size_t z;

	for (size_t p = ps; p < pe; p = z) {
		uint64_t h = sentence_at(&b->toks, p, &z);
		uint32_t pos;
		size_t k = p;

		while (k < z && kept[k])
			k++;
		/* a sentence kept before is found where it was */
		if (k < z && (pos = rd_grave_bury(&b->sents, b->ids + p, z - p)) != RD_GRAVE_SEP)
			rd_bmap_put(&b->sent, h, pos, (int)(z - p));
	}
}

/* New sentences in [ns, ne) that were written before, at any distance,
 * take back the removed tokens they still lack. */
void rd_blame_match_restored(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			     size_t ns, size_t ne, int version)
{
	size_t z;

	for (size_t a = ns; a < ne; a = z) {
		uint64_t h = sentence_at(t, a, &z);
		const struct slot *sl = rd_bmap_get(&b->sent, h);

		if (!sl || (size_t)sl->version != z - a)
			continue;
		for (size_t k = 0; k < z - a; k++) {
			uint32_t old = rd_grave_at(&b->sents, sl->pos + (uint32_t)k);
			if (ids[a + k] == NONE && rd_blame_same(b, old, t->text, &t->v[a + k])) {
				ids[a + k] = old;
				rd_blame_revive(b, old, version);
			}
		}
	}
}
