/*
 * blame_sentences.c - blame's step 2 (blame.c): sentences, as WikiWho
 * cuts them, matched whole before single tokens: a new sentence equal to
 * an old one of the previous version takes the old tokens the diff left
 * unmatched (moved text); one equal to any sentence that ever lost a
 * token takes back the removed tokens (restored text, at any distance),
 * from the oldest removed copy; of two equal sentences, one deleted, the
 * one kept takes the older tokens.
 */
#define _GNU_SOURCE /* memmem */
#include "blame_int.h"
#include "words.h"

/*
 * Sentences, as WikiWho cuts them (Flöck and Acosta 2014): at every line
 * break or tab; after . preceded by three characters that are not
 * white space, "." or "=" ("p. 12" and "ed. by" go on), and after ; ? ! :
 * when a space follows; a citation (<ref ... /ref>), a comment and a web
 * address are sentences of their own.  Whole sentences are matched before
 * single tokens, so a moved or restored sentence keeps all its tokens even
 * where the diff aligned a few of them elsewhere.
 */
static int starts_with(const struct rd_tokens *t, size_t at, const char *s)
{
	size_t n = strlen(s);

	return at + n <= t->len && memcmp(t->text + at, s, n) == 0;
}

static int ends_with(const struct rd_tokens *t, size_t end, const char *s)
{
	size_t n = strlen(s);

	return end >= n && memcmp(t->text + end - n, s, n) == 0;
}

static int url_stop(char c)
{
	return c == ' ' || c == '|' || c == '<' || c == '>' || c == '\n' || c == '\r';
}

/* Bytes [s, e) hold "http" and later "://": a web address. */
static int has_url(const struct rd_tokens *t, size_t s, size_t e)
{
	const char *h = e - s >= 7 ? memmem(t->text + s, e - s, "http", 4) : NULL;

	return h && memmem(h + 4, (size_t)(t->text + e - h - 4), "://", 3) != NULL;
}

/* A web address ends at byte `stop` (a space, | < or >): walking back to
 * the previous stop, "://" and then "http" are met. */
static int url_ends_at(const struct rd_tokens *t, size_t stop)
{
	const char *x = t->text;
	int colon = 0;

	for (size_t s = stop; s > 0 && !url_stop(x[s - 1]);) {
		s--;
		if (x[s] == ':' && s + 2 < stop && x[s + 1] == '/' && x[s + 2] == '/')
			colon = 1;
		else if (colon && x[s] == 'h' && s + 4 <= stop && memcmp(x + s, "http", 4) == 0)
			return 1;
	}
	return 0;
}

/* Three characters before byte `at`, none white space, "." or "=". */
static int three_before(const struct rd_tokens *t, size_t at)
{
	for (int n = 0; n < 3; n++) {
		unsigned char c;
		do {
			if (at == 0)
				return 0;
			c = (unsigned char)t->text[--at];
		} while ((c & 0xc0) == 0x80);
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '.' || c == '=')
			return 0;
	}
	return 1;
}

static int ends_sentence(const struct rd_tokens *t, size_t i)
{
	const struct rd_token *k = &t->v[i];
	const char *x = t->text;
	size_t end = rd_token_end(k), next = i + 1 < t->n ? t->v[i + 1].off : t->len;
	char c = x[k->off];

	if (i + 1 >= t->n)
		return 1;
	for (size_t j = end; j < next; j++)
		if (x[j] == '\n' || x[j] == '\t')
			return 1;
	if (x[next] == '<' && (starts_with(t, next, "<ref") || starts_with(t, next, "<!--")))
		return 1;
	if (k->kind == RD_TOK_PUNCT && k->len == 1) {
		if (c == '>' && (ends_with(t, end, "/ref>") || ends_with(t, end, "-->")))
			return 1;
		if (next > end && x[end] == ' ' &&
		    ((c == '.' && three_before(t, k->off)) || c == ';' || c == '?' || c == '!' ||
		     c == ':'))
			return 1;
		if ((c == '|' || c == '<' || c == '>') && url_ends_at(t, k->off))
			return 1;
	}
	/* a word after white space holds no "://" (most tokens) */
	if (next > end && x[end] == ' ' &&
	    (k->kind == RD_TOK_PUNCT || (i > 0 && rd_token_end(&t->v[i - 1]) == k->off)) &&
	    url_ends_at(t, end))
		return 1;
	/* a web address starts the next sentence */
	if (x[next] == 'h' && starts_with(t, next, "http")) {
		size_t e = next;
		while (e < t->len && !url_stop(x[e]))
			e++;
		return has_url(t, next, e);
	}
	return 0;
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

/* Old sentence at `p` (n tokens) fits new sentence at `a`: same tokens,
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

/* Token of t that starts at byte `off`, or t->n. */
static size_t token_at(const struct rd_tokens *t, size_t off)
{
	size_t i = rd_token_search(t, 0, off, 0);

	return i < t->n && t->v[i].off == off ? i : t->n;
}

/* Shorter removed sentences are not looked for ("." or "== ==" lines). */
#define KEEP_OLDER_MIN 4

/* Old position of the kept copy ids[j, j + n) of old sentence [p, p + n). */
static size_t kept_copy(const struct rd_blame *b, const uint32_t *ids, const uint8_t *kept,
			size_t p, size_t j, size_t n)
{
	const char *s = b->text + b->toks.v[p].off, *hit, *from = b->text;
	size_t len = rd_token_end(&b->toks.v[p + n - 1]) - b->toks.v[p].off;

	while ((hit = memmem(from, (size_t)(b->text + b->len - from), s, len)) != NULL) {
		size_t q = token_at(&b->toks, (size_t)(hit - b->text)), m = 0;
		from = hit + 1;
		while (q + n <= b->toks.n && m < n && kept[q + m] && b->ids[q + m] == ids[j + m])
			m++;
		if (m == n)
			return q;
	}
	return SEP;
}

/*
 * Old sentence [p, p + n) is removed in full while an equal one stays
 * (two copies, one deleted): the copy kept takes the old tokens when they
 * are older, and its own are removed instead.  The copy deleted is the
 * copy, not the original, whichever place it had.  Returns the old
 * position of the copy removed, p when there is none.
 */
static size_t keep_older(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			 uint8_t *kept, size_t p, size_t n)
{
	const char *s = b->text + b->toks.v[p].off, *hit, *from = t->text;
	size_t len = rd_token_end(&b->toks.v[p + n - 1]) - b->toks.v[p].off;

	while ((hit = memmem(from, (size_t)(t->text + t->len - from), s, len)) != NULL) {
		size_t j = token_at(t, (size_t)(hit - t->text)), m = 0, q;
		from = hit + 1;
		if (j + n > t->n || (j > 0 && !ends_sentence(t, j - 1)) || !ends_sentence(t, j + n - 1))
			continue;
		while (m < n && ids[j + m] != NONE && tok_same(&b->toks, p + m, t, j + m) &&
		       b->inst[b->ids[p + m]].origin <= b->inst[ids[j + m]].origin)
			m++;
		if (m < n || (q = kept_copy(b, ids, kept, p, j, n)) == SEP)
			continue;
		for (m = 0; m < n; m++) {
			kept[q + m] = 0;
			kept[p + m] = 1;
			ids[j + m] = b->ids[p + m];
		}
		return q;
	}
	return p;
}

void rd_blame_sents_release(struct rd_blame_sents *s)
{
	rd_grave_release(&s->copies);
	rd_bmap_release(&s->by_hash);
	rd_bmap_release(&s->prev);
}

/* Remembers old sentence [p, p + n), of hash h, that loses a token. */
static void index_sentence(struct rd_blame *b, size_t p, size_t n, uint64_t h)
{
	const struct slot *sl;
	uint32_t pos = rd_grave_bury(&b->sents.copies, b->ids + p, n);

	/* the same copy buried again is in its chain already */
	if (pos == RD_GRAVE_SEP || rd_bmap_get(&b->sents.prev, pos))
		return;
	sl = rd_bmap_get(&b->sents.by_hash, h);
	rd_bmap_put(&b->sents.prev, pos, sl ? sl->pos : SEP, 0);
	rd_bmap_put(&b->sents.by_hash, h, pos, (int)n);
}

/* Remembers the old sentences in [*ps, *pe) that lose a token; of two
 * copies, one deleted, the younger (keep_older), whose place widens
 * [*ps, *pe) when it lies outside. */
void rd_blame_index_sentences(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			      uint8_t *kept, size_t *ps, size_t *pe)
{
	size_t z, lo = *ps, hi = *pe;

	for (size_t p = *ps; p < *pe; p = z) {
		uint64_t h = sentence_at(&b->toks, p, &z);
		size_t lost = 0, at = p;

		for (size_t k = p; k < z; k++)
			lost += !kept[k];
		if (!lost)
			continue;
		if (lost == z - p && lost >= KEEP_OLDER_MIN)
			at = keep_older(b, t, ids, kept, p, z - p);
		index_sentence(b, at, z - p, h);
		lo = at < lo ? at : lo;
		hi = at + (z - p) > hi ? at + (z - p) : hi;
	}
	*ps = lo;
	*pe = hi;
}

/* How many removed tokens the copy at `pos` gives back to [a, z), and
 * in *age the sum of their origins (the older copy is preferred). */
static size_t revivable(struct rd_blame *b, const struct rd_tokens *t, const uint32_t *ids,
			uint32_t pos, size_t a, size_t z, uint64_t *age)
{
	size_t n = 0;

	*age = 0;
	for (size_t k = 0; k < z - a; k++) {
		uint32_t old = rd_grave_at(&b->sents.copies, pos + (uint32_t)k);
		if (old == RD_GRAVE_SEP)
			return 0; /* another sentence of the same hash */
		if (ids[a + k] == NONE && rd_blame_same(b, old, t->text, &t->v[a + k])) {
			n++;
			*age += (uint64_t)b->inst[old].origin;
		}
	}
	return rd_grave_at(&b->sents.copies, pos + (uint32_t)(z - a)) == RD_GRAVE_SEP ? n : 0;
}

/* Copies of one sentence looked at: the newest this many. */
#define SENT_COPIES 32

/* New sentences in [ns, ne) that were written before, at any distance,
 * take back the removed tokens they still lack, from the removed copy
 * that has the most of them (the oldest of equals). */
void rd_blame_match_restored(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			     size_t ns, size_t ne, int version)
{
	size_t z;

	for (size_t a = ns; a < ne; a = z) {
		uint64_t h = sentence_at(t, a, &z);
		const struct slot *sl = rd_bmap_get(&b->sents.by_hash, h);
		uint32_t pos, best = SEP;
		size_t most = 0, k = a;
		uint64_t oldest = 0;

		while (k < z && ids[k] != NONE)
			k++;
		if (k == z || !sl || (size_t)sl->version != z - a)
			continue;
		pos = sl->pos;
		for (int c = 0; c < SENT_COPIES && pos != SEP; c++) {
			uint64_t age;
			size_t n = revivable(b, t, ids, pos, a, z, &age);
			const struct slot *pv = rd_bmap_get(&b->sents.prev, pos);
			if (n > most || (n && n == most && age < oldest)) {
				most = n;
				oldest = age;
				best = pos;
			}
			pos = pv ? pv->pos : SEP;
		}
		for (size_t k = 0; best != SEP && k < z - a; k++) {
			uint32_t old = rd_grave_at(&b->sents.copies, best + (uint32_t)k);
			if (ids[a + k] == NONE && rd_blame_same(b, old, t->text, &t->v[a + k])) {
				ids[a + k] = old;
				rd_blame_revive(b, old, version);
			}
		}
	}
}
