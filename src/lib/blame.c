/*
 * blame.c - who wrote each word: word-level blame over an entry's
 * versions, phrase counting for `log -S`, and identity-revert flags.
 *
 * Blame follows WikiWho's central rule (Flöck and Acosta, "WikiWho:
 * Precise and Efficient Attribution of Authorship of Revisioned Content",
 * WWW 2014): text that is removed and later put back keeps its original
 * author.  Every word ever introduced is an "instance" with an origin
 * version.  Each new version is diffed against the previous one with
 * rd_diff_texts; tokens inside equal ops keep their instance.  The other
 * tokens are inserted runs, which are first matched against removed text
 * before anything is credited to the inserting version:
 *
 *   1. an identity revert (the text equals one of the last
 *      RD_BLAME_REVERT_WINDOW versions) takes that version's instances;
 *   2. a new sentence equal to an old sentence of the previous version
 *      takes the old tokens the diff left unmatched (moved text), and one
 *      equal to any sentence that ever lost a token takes back the removed
 *      tokens (restored text, at any distance);
 *   3. an inserted run equal, as a whole, to a run removed in this same
 *      version takes its instances (short moved runs);
 *   4. longer runs are searched for NGRAM-token grams of removed text,
 *      and each hit is extended both ways as far as the tokens agree
 *      (at least LONG_MATCH tokens for text removed before this version,
 *      MOVE_MATCH for text removed in it).
 *
 * Short equal runs of the diff between two rewritten stretches are not
 * kept (rewrite_island): a "[[" or "in town" met again is chance.
 *
 * Tokens are compared in lower case, as WikiWho compares them: a capital
 * put on a word (a title, a link target) does not take its authorship.
 *
 * Anything else is new.  Like WikiWho, a word is not restored on its own
 * or in a short phrase inside a newly written sentence: such reuse is
 * new writing (a "the" or "[[" put back is not the old one).  The diff
 * merges lone punctuation between two rewrites (merge_islands) so that
 * it is not credited to a sentence it does not belong to.
 *
 * Removed text lives in a "graveyard" (grave.h): the instance ids of
 * every removed run, in text order, stored as ranges of ids and each
 * distinct run once, indexed here by whole-run hash and by gram hash
 * (newest position wins).  Text moved within one version
 * is removed and matched back in that same version: it records a move,
 * not a removal.
 */
#define _GNU_SOURCE /* memmem */
#include "revdiff.h"
#include "grave.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Gram length for matching inside inserted runs: three tokens are rarely
 * common by chance ("of the" is two), and short enough to catch a
 * restored clause. */
#define NGRAM 3
/* Short runs (under NGRAM tokens) are restored only from text removed
 * this many versions before: 0, the same version (a move).  Measured on
 * the Anarchism history against WikiWho, a wider window (15, MediaWiki's
 * revert window) lost 3 points: it mostly revived common words. */
#define SHORT_WINDOW 0
/* Text removed in an earlier version is restored by a gram match only
 * when the match reaches this many tokens (a long clause or a citation);
 * a whole restored sentence is found by step 2 however short.  7 lost
 * 4 points against WikiWho on Anarchism, 20 to 1000 are about equal. */
#define LONG_MATCH 20
/* A short run put back between the neighbours it was removed from is
 * restored up to this many versions later (MediaWiki's revert window). */
#define CONTEXT_WINDOW 15
/* Within CONTEXT_WINDOW versions a gram match of this many tokens is
 * enough (a sentence put back, edited, after a vandal's blanking); 6
 * lost a point against WikiWho on Anarchism. */
#define RECENT_MATCH 12
/* Text removed in this same version (moved) is matched from this many
 * tokens: 3 credited fragments like "[http://www." or "of the [[" to
 * whatever text they were cut from (5: +1 point against WikiWho on
 * Anarchism; 10 gained another half point, but shorter moved phrases
 * then went to the mover where the history shows they were older). */
#define MOVE_MATCH 5
/* ... and from this many when the version removes half the text or
 * more: a vandal's paste of another article, whose citations are then
 * whole when restored years later (the Russell citation on Anarchism). */
#define MOVE_MATCH_REWRITE 10
/* See rewrite_island(): 12 and 25 bytes, +0.7 points on Anarchism, and
 * the history refutes revdiff less often (a wider island lost both). */
#define ISLAND_BYTES 12
#define ISLAND_CHANGE 25
#define SEP UINT32_MAX
#define NONE UINT32_MAX

enum { EV_REMOVED = 0, EV_REINSERTED, EV_MOVED };

struct inst {
	uint64_t hash;
	size_t text;      /* offset of its bytes in the arena */
	uint32_t len;
	int origin;
	uint32_t ev; /* its newest event, NONE when none */
	uint8_t live;
};

/*
 * An instance's events are a list, newest first, whose older part is
 * shared: the tokens of a run removed (or put back) together get one new
 * node over the same older list.  A long history holds millions of
 * events (Anarchism: 9.2 million, most of them vandals' blankings and
 * their reverts) but few distinct lists (0.8 million nodes).
 */
struct event {
	uint32_t prev; /* the older event, NONE at the first */
	uint32_t version : 30;
	uint32_t kind : 2;
};
/* Recently made nodes, looked up to share them: the tokens of one run
 * meet their neighbours' nodes here (a power of two). */
#define EV_CACHE 4096

/* Open addressing map, uint64 key -> (position, version). */
struct slot {
	uint64_t key;
	uint32_t pos; /* SEP when empty */
	int version;
};
struct map {
	struct slot *v;
	size_t mask, n;
};

struct past {
	int version;
	uint64_t hash;
	size_t len;
	uint32_t *ids;
	size_t n;
};

struct rd_blame {
	struct inst *inst;
	size_t ninst, cap_inst;
	struct rd_buf arena;
	struct event *ev;
	size_t nev, cap_ev;
	uint32_t ev_cache[EV_CACHE];

	struct rd_grave grave;
	struct map runs, grams, ctxruns;

	/* every sentence that ever lost a token: its length, then its
	 * instances, indexed by sentence hash (the newest wins) */
	uint32_t *sents;
	size_t nsents, cap_sents;
	struct map sent;

	/* the newest version: `text` in lower case (what is matched, so a
	 * capital put on a word keeps its author, as in WikiWho), `orig`
	 * as written (what blame shows); the same length and offsets */
	int version;
	char *text, *orig;
	size_t len;
	uint64_t hash;
	struct rd_tokens toks;
	uint32_t *ids;

	struct past ring[RD_BLAME_REVERT_WINDOW];
	size_t ring_next;

	/* output of rd_blame_tokens, built on demand */
	struct rd_blame_token *out;
	int *out_ev;
	int out_version; /* version `out` describes, 0 when stale */
};

/* ---- a small hash map ------------------------------------------------------ */

static void map_put(struct map *m, uint64_t key, uint32_t pos, int version);

static void map_grow(struct map *m)
{
	struct slot *old = m->v;
	size_t oldn = m->v ? m->mask + 1 : 0;
	size_t n = oldn ? oldn * 2 : 1024;

	m->v = rd_malloc(n * sizeof(*m->v));
	for (size_t i = 0; i < n; i++)
		m->v[i].pos = SEP;
	m->mask = n - 1;
	m->n = 0;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].pos != SEP)
			map_put(m, old[i].key, old[i].pos, old[i].version);
	free(old);
}

static void map_put(struct map *m, uint64_t key, uint32_t pos, int version)
{
	size_t h;

	if (!m->v || (m->n + 1) * 2 > m->mask + 1)
		map_grow(m);
	for (h = (size_t)key & m->mask; m->v[h].pos != SEP; h = (h + 1) & m->mask)
		if (m->v[h].key == key)
			break;
	if (m->v[h].pos == SEP)
		m->n++;
	m->v[h].key = key;
	m->v[h].pos = pos;
	m->v[h].version = version;
}

static const struct slot *map_get(const struct map *m, uint64_t key)
{
	if (!m->v)
		return NULL;
	for (size_t h = (size_t)key & m->mask; m->v[h].pos != SEP; h = (h + 1) & m->mask)
		if (m->v[h].key == key)
			return &m->v[h];
	return NULL;
}

static void map_release(struct map *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Order-dependent combination of token hashes (buckets only). */
static uint64_t mix(uint64_t acc, uint64_t h)
{
	acc ^= h + 0x9e3779b97f4a7c15ULL + (acc << 6) + (acc >> 2);
	return acc * 0xff51afd7ed558ccdULL;
}

/* ---- instances and events ---------------------------------------------------- */

struct rd_blame *rd_blame_new(void)
{
	struct rd_blame *b = rd_calloc(1, sizeof(*b));

	return b;
}

void rd_blame_free(struct rd_blame *b)
{
	if (!b)
		return;
	free(b->inst);
	rd_buf_release(&b->arena);
	free(b->ev);
	rd_grave_release(&b->grave);
	map_release(&b->runs);
	map_release(&b->grams);
	map_release(&b->ctxruns);
	free(b->sents);
	map_release(&b->sent);
	free(b->text);
	free(b->orig);
	rd_tokens_release(&b->toks);
	free(b->ids);
	for (size_t i = 0; i < RD_BLAME_REVERT_WINDOW; i++)
		free(b->ring[i].ids);
	free(b->out);
	free(b->out_ev);
	free(b);
}

static uint32_t inst_new(struct rd_blame *b, const char *text, const struct rd_token *t, int version)
{
	struct inst *in;

	rd_grow((void **)&b->inst, &b->cap_inst, b->ninst + 1, sizeof(*b->inst));
	in = &b->inst[b->ninst];
	in->hash = t->hash;
	in->text = b->arena.len;
	in->len = t->len;
	in->origin = version;
	in->ev = NONE;
	in->live = 1;
	rd_buf_put(&b->arena, text + t->off, t->len);
	return (uint32_t)b->ninst++;
}

/* The node (version, kind) over `prev`: a recent equal one, or a new one. */
static uint32_t event_node(struct rd_blame *b, uint32_t prev, int version, int kind)
{
	uint32_t *c = &b->ev_cache[(mix(prev, (uint64_t)version << 2 | (uint64_t)kind) >> 40) &
				   (EV_CACHE - 1)];
	struct event *e;

	if (*c < b->nev && b->ev[*c].prev == prev && b->ev[*c].version == (uint32_t)version &&
	    b->ev[*c].kind == (uint32_t)kind)
		return *c;
	rd_grow((void **)&b->ev, &b->cap_ev, b->nev + 1, sizeof(*b->ev));
	e = &b->ev[b->nev];
	e->prev = prev;
	e->version = (uint32_t)version;
	e->kind = (uint32_t)kind;
	*c = (uint32_t)b->nev++;
	return *c;
}

static void event_add(struct rd_blame *b, uint32_t id, int version, int kind)
{
	struct inst *in = &b->inst[id];
	uint32_t prev = in->ev;

	/* Removed and put back in one version: it moved. */
	if (kind == EV_REINSERTED && prev != NONE && b->ev[prev].version == (uint32_t)version &&
	    b->ev[prev].kind == EV_REMOVED) {
		kind = EV_MOVED;
		prev = b->ev[prev].prev;
	}
	in->ev = event_node(b, prev, version, kind);
}

/* Instance `id` is dead and holds the bytes of token t of `text`. */
static int same(const struct rd_blame *b, uint32_t id, const char *text, const struct rd_token *t)
{
	const struct inst *in;

	if (id == SEP)
		return 0;
	in = &b->inst[id];
	return !in->live && in->hash == t->hash && in->len == t->len &&
	       memcmp(b->arena.ptr + in->text, text + t->off, t->len) == 0;
}

/* The instance at a position of the graveyard, SEP between runs. */
static uint32_t grave_at(struct rd_blame *b, size_t pos)
{
	return pos < RD_GRAVE_SEP ? rd_grave_at(&b->grave, (uint32_t)pos) : SEP;
}

static void revive(struct rd_blame *b, uint32_t id, int version)
{
	b->inst[id].live = 1;
	event_add(b, id, version, EV_REINSERTED);
}

/* Run hash `rh` of tokens [s, e) of t with the tokens on either side:
 * a short run put back between the same neighbours is the old one. */
static uint64_t in_context(const struct rd_tokens *t, size_t s, size_t e, uint64_t rh)
{
	rh = mix(rh, s > 0 ? t->v[s - 1].hash : 1);
	return mix(rh, e < t->n ? t->v[e].hash : 2);
}

/* Buries ids[s..e) as one removed run. */
static void bury(struct rd_blame *b, const uint32_t *ids, size_t s, size_t e, int version)
{
	uint32_t start;
	uint64_t rh = 0;

	for (size_t i = s; i < e; i++) {
		b->inst[ids[i]].live = 0;
		event_add(b, ids[i], version, EV_REMOVED);
		rh = mix(rh, b->inst[ids[i]].hash);
	}
	if ((start = rd_grave_bury(&b->grave, ids + s, e - s)) == RD_GRAVE_SEP)
		return; /* positions used up: never matched again */
	map_put(&b->runs, mix(rh, e - s), start, version);
	if (e - s < NGRAM && ids == b->ids)
		map_put(&b->ctxruns, in_context(&b->toks, s, e, mix(rh, e - s)), start, version);
	for (size_t i = s; i + NGRAM <= e; i++) {
		uint64_t g = 0;
		for (size_t k = 0; k < NGRAM; k++)
			g = mix(g, b->inst[ids[i + k]].hash);
		map_put(&b->grams, g, start + (uint32_t)(i - s), version);
	}
}

/* ---- matching inserted runs -------------------------------------------------- */

/* Gives new tokens [s, e) their instances: restored or new. */
static void place_run(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
		      size_t s, size_t e, int version, size_t same_min)
{
	const struct slot *sl;
	uint64_t rh = 0;
	size_t n = e - s;

	/* 2. the whole run was removed as one */
	for (size_t i = s; i < e; i++)
		rh = mix(rh, t->v[i].hash);
	sl = map_get(&b->runs, mix(rh, n));
	if (sl && n < NGRAM && version - sl->version > SHORT_WINDOW)
		sl = map_get(&b->ctxruns, in_context(t, s, e, mix(rh, n)));
	if (sl && (n >= NGRAM || version - sl->version <= SHORT_WINDOW ||
		   version - sl->version <= CONTEXT_WINDOW)) {
		size_t k = 0;
		while (k < n && same(b, grave_at(b, sl->pos + k), t->text, &t->v[s + k]))
			k++;
		if (k == n && grave_at(b, sl->pos + n) == SEP) {
			for (k = 0; k < n; k++) {
				ids[s + k] = grave_at(b, sl->pos + k);
				revive(b, ids[s + k], version);
			}
			return;
		}
	}

	/* 3. grams of removed text, extended both ways */
	for (size_t i = s; i + NGRAM <= e;) {
		uint64_t g = 0;
		size_t pos, m = 0, back = 0;

		if (ids[i] != NONE) {
			i++;
			continue;
		}
		for (size_t k = 0; k < NGRAM; k++)
			g = mix(g, t->v[i + k].hash);
		sl = map_get(&b->grams, g);
		if (!sl) {
			i++;
			continue;
		}
		pos = sl->pos;
		while (i + m < e && ids[i + m] == NONE &&
		       same(b, grave_at(b, pos + m), t->text, &t->v[i + m]))
			m++;
		if (m < NGRAM || (version - sl->version <= SHORT_WINDOW && m < same_min) ||
		    (m < LONG_MATCH && version - sl->version > SHORT_WINDOW &&
				  (m < RECENT_MATCH || version - sl->version > CONTEXT_WINDOW))) {
			i++;
			continue;
		}
		while (back < i - s && back < pos && ids[i - back - 1] == NONE &&
		       same(b, grave_at(b, pos - back - 1), t->text, &t->v[i - back - 1]))
			back++;
		for (size_t k = 0; k < m + back; k++) {
			ids[i - back + k] = grave_at(b, pos - back + k);
			revive(b, ids[i - back + k], version);
		}
		i += m;
	}

	for (size_t i = s; i < e; i++)
		if (ids[i] == NONE)
			ids[i] = inst_new(b, t->text, &t->v[i], version);
}

/* ---- sentences ------------------------------------------------------------------ */

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
static void widen(const struct rd_tokens *t, size_t *s, size_t *e)
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
		h = mix(h, t->v[i].hash);
	while (!ends_sentence(t, i++));
	*z = i;
	return mix(h, i - s);
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
static void match_moved(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			uint8_t *kept, size_t ns, size_t ne, size_t ps, size_t pe, int version)
{
	struct map heads = { 0 };
	size_t *next = rd_malloc((pe - ps + 1) * sizeof(*next)), z;

	for (size_t p = ps; p < pe; p = z) {
		uint64_t h = sentence_at(&b->toks, p, &z);
		const struct slot *sl = map_get(&heads, h);
		next[p - ps] = sl ? sl->pos : SEP;
		map_put(&heads, h, (uint32_t)p, (int)(z - p));
	}
	for (size_t a = ns; a < ne; a = z) {
		uint64_t h = sentence_at(t, a, &z);
		const struct slot *sl;
		size_t best = SEP, n = z - a;
		int score = 0;

		for (size_t k = a; k < z && best == SEP; k++)
			if (ids[k] == NONE)
				best = 0;
		if (best == SEP || !(sl = map_get(&heads, h)))
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
				event_add(b, ids[a + k], version, EV_MOVED);
			}
	}
	free(next);
	map_release(&heads);
}

/* Remembers the old sentences in [ps, pe) that lose a token. */
static void index_sentences(struct rd_blame *b, const uint8_t *kept, size_t ps, size_t pe)
{
	size_t z;

	for (size_t p = ps; p < pe; p = z) {
		uint64_t h = sentence_at(&b->toks, p, &z);
		const struct slot *sl;
		size_t k = p;

		while (k < z && kept[k])
			k++;
		if (k == z)
			continue;
		sl = map_get(&b->sent, h);
		if (sl && b->sents[sl->pos] == z - p &&
		    memcmp(b->sents + sl->pos + 1, b->ids + p, (z - p) * sizeof(*b->ids)) == 0)
			continue;
		rd_grow((void **)&b->sents, &b->cap_sents, b->nsents + 1 + (z - p), sizeof(*b->sents));
		map_put(&b->sent, h, (uint32_t)b->nsents, 0);
		b->sents[b->nsents++] = (uint32_t)(z - p);
		memcpy(b->sents + b->nsents, b->ids + p, (z - p) * sizeof(*b->ids));
		b->nsents += z - p;
	}
}

/* New sentences in [ns, ne) that were written before, at any distance,
 * take back the removed tokens they still lack. */
static void match_restored(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			   size_t ns, size_t ne, int version)
{
	size_t z;

	for (size_t a = ns; a < ne; a = z) {
		uint64_t h = sentence_at(t, a, &z);
		const struct slot *sl = map_get(&b->sent, h);
		const uint32_t *old;

		if (!sl || b->sents[sl->pos] != z - a)
			continue;
		old = b->sents + sl->pos + 1;
		for (size_t k = 0; k < z - a; k++)
			if (ids[a + k] == NONE && same(b, old[k], t->text, &t->v[a + k])) {
				ids[a + k] = old[k];
				revive(b, old[k], version);
			}
	}
}

/* ---- adding a version ----------------------------------------------------------- */

static void remember(struct rd_blame *b, uint64_t hash)
{
	struct past *p = &b->ring[b->ring_next];

	b->ring_next = (b->ring_next + 1) % RD_BLAME_REVERT_WINDOW;
	p->version = b->version;
	p->hash = hash;
	p->len = b->len;
	p->n = b->toks.n;
	p->ids = rd_realloc(p->ids, (p->n ? p->n : 1) * sizeof(*p->ids));
	if (p->n)
		memcpy(p->ids, b->ids, p->n * sizeof(*p->ids));
}

/* An earlier version with this exact text, its tokens checked. */
static const struct past *find_identical(const struct rd_blame *b, uint64_t hash,
					 size_t len, const struct rd_tokens *t)
{
	for (size_t k = 1; k <= RD_BLAME_REVERT_WINDOW; k++) {
		const struct past *p = &b->ring[(b->ring_next + RD_BLAME_REVERT_WINDOW - k) % RD_BLAME_REVERT_WINDOW];
		size_t i;
		if (!p->version || p->hash != hash || p->len != len || p->n != t->n)
			continue;
		for (i = 0; i < t->n; i++) {
			const struct inst *in = &b->inst[p->ids[i]];
			if (in->hash != t->v[i].hash || in->len != t->v[i].len ||
			    memcmp(b->arena.ptr + in->text, t->text + t->v[i].off, in->len) != 0)
				break;
		}
		if (i == t->n)
			return p;
	}
	return NULL;
}

/* New ids by identity with an earlier version: the rest is removed. */
static void apply_identity(struct rd_blame *b, const struct past *p, uint32_t *ids, int version)
{
	size_t s;

	for (size_t i = 0; i < p->n; i++)
		b->inst[p->ids[i]].live |= 2; /* wanted */
	/* remove what the old version does not have, run by run */
	for (size_t i = 0; i < b->toks.n;) {
		if (b->inst[b->ids[i]].live & 2) {
			i++;
			continue;
		}
		for (s = i; i < b->toks.n && !(b->inst[b->ids[i]].live & 2); i++)
			;
		bury(b, b->ids, s, i, version);
	}
	for (size_t i = 0; i < p->n; i++) {
		struct inst *in = &b->inst[p->ids[i]];
		ids[i] = p->ids[i];
		if (in->live & 1) {
			in->live = 1;
		} else {
			in->live = 0;
			revive(b, ids[i], version);
		}
	}
}

/* Maps the new tokens inside one equal range [as, ae) = [bs, be) to the
 * old ones; *ia and *ib walk forward over the calls. */
static void map_equal(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids, uint8_t *kept,
		      size_t as, size_t bs, size_t be, size_t *ia, size_t *ib)
{
	while (*ib < t->n && t->v[*ib].off < bs)
		(*ib)++;
	for (; *ib < t->n && rd_token_end(&t->v[*ib]) <= be; (*ib)++) {
		size_t want = as + (t->v[*ib].off - bs);
		while (*ia < b->toks.n && b->toks.v[*ia].off < want)
			(*ia)++;
		if (*ia < b->toks.n && b->toks.v[*ia].off == want &&
		    b->toks.v[*ia].len == t->v[*ib].len) {
			ids[*ib] = b->ids[*ia];
			kept[*ia] = 1;
		}
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/*
 * The bytes two texts share at their start (*pre) and end (*suf), cut
 * back to white space so no token straddles the cut.  Most revisions
 * change a few words of a long text: only the middle is then diffed,
 * which makes blame and log several times faster.
 */
static void common_ends(const char *a, size_t alen, const char *b, size_t blen,
			size_t *pre, size_t *suf)
{
	size_t n = alen < blen ? alen : blen, p = 0, s = 0;

	while (p < n && a[p] == b[p])
		p++;
	if (p < alen || p < blen)
		while (p > 0 && !is_space(a[p - 1]))
			p--;
	while (s < n - p && a[alen - 1 - s] == b[blen - 1 - s])
		s++;
	if (s < alen - p || s < blen - p)
		while (s > 0 && !is_space(b[blen - s]))
			s--;
	*pre = p;
	*suf = s;
}

static size_t changed_bytes(const struct rd_op *op)
{
	return op->kind == RD_OP_EQUAL ? 0 : (op->a_end - op->a_start) + (op->b_end - op->b_start);
}

/*
 * An equal run of the diff shorter than ISLAND_BYTES between changes of
 * ISLAND_CHANGE bytes or more on both sides ("[[", "the", "ref>" met
 * again inside a rewritten passage) is a coincidence, not text kept: its
 * tokens are matched like inserted ones, and are new unless they moved.
 */
static int rewrite_island(const struct rd_diff *d, size_t k)
{
	const struct rd_op *op = &d->ops[k];
	size_t before = 0, after = 0;

	if (op->b_end - op->b_start >= ISLAND_BYTES)
		return 0;
	for (size_t j = k; j > 0 && d->ops[j - 1].kind != RD_OP_EQUAL; j--)
		before += changed_bytes(&d->ops[j - 1]);
	for (size_t j = k + 1; j < d->nops && d->ops[j].kind != RD_OP_EQUAL; j++)
		after += changed_bytes(&d->ops[j]);
	return before >= ISLAND_CHANGE && after >= ISLAND_CHANGE;
}

static int diff_in(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids, int version,
		   size_t pre, size_t suf)
{
	struct rd_diff_opts o;
	struct rd_diff *d = NULL;
	uint8_t *kept;
	size_t ia = 0, ib = 0, ns = 0, ne, ps = 0, pe, removed = 0, same_min;
	int rc;

	rd_diff_opts_init(&o);
	/* a lone punctuation mark or short word kept between two rewrites is
	 * a coincidence, not text kept (+0.8 points against WikiWho) */
	o.merge_islands = 2;
	if ((rc = rd_diff_texts(&d, b->text + pre, b->len - pre - suf, t->text + pre,
				t->len - pre - suf, &o)) < 0)
		return rc;
	kept = rd_calloc(b->toks.n + 1, 1);
	map_equal(b, t, ids, kept, 0, 0, pre, &ia, &ib);
	for (size_t k = 0; k < d->nops; k++) {
		const struct rd_op *op = &d->ops[k];
		if (op->kind == RD_OP_EQUAL && !rewrite_island(d, k))
			map_equal(b, t, ids, kept, pre + op->a_start, pre + op->b_start,
				  pre + op->b_end, &ia, &ib);
	}
	map_equal(b, t, ids, kept, b->len - suf, t->len - suf, t->len, &ia, &ib);
	rd_diff_free(d);
	/* the changed middle, in whole sentences */
	while (ns < t->n && ids[ns] != NONE)
		ns++;
	for (ne = t->n; ne > ns && ids[ne - 1] != NONE;)
		ne--;
	while (ps < b->toks.n && kept[ps])
		ps++;
	for (pe = b->toks.n; pe > ps && kept[pe - 1];)
		pe--;
	if (ns < ne || ps < pe) {
		widen(t, &ns, &ne);
		widen(&b->toks, &ps, &pe);
	}
	if (ns < ne && ps < pe)
		match_moved(b, t, ids, kept, ns, ne, ps, pe, version);
	if (ps < pe)
		index_sentences(b, kept, ps, pe);
	for (size_t i = 0; i < b->toks.n;) {
		size_t s;
		if (kept[i]) {
			i++;
			continue;
		}
		for (s = i; i < b->toks.n && !kept[i]; i++)
			;
		bury(b, b->ids, s, i, version);
		removed += i - s;
	}
	free(kept);
	/* a version that removes most of the text (a vandal pasting another
	 * article) shares many short runs with it by chance */
	same_min = removed * 2 >= b->toks.n ? MOVE_MATCH_REWRITE : MOVE_MATCH;
	if (ns < ne)
		match_restored(b, t, ids, ns, ne, version);
	for (size_t i = 0; i < t->n;) {
		size_t s;
		if (ids[i] != NONE) {
			i++;
			continue;
		}
		for (s = i; i < t->n && ids[i] == NONE; i++)
			;
		place_run(b, t, ids, s, i, version, same_min);
	}
	return 0;
}

/* Tokens of the new text: the old ones where the text did not change
 * (its first `pre` and last `suf` bytes), the tokenizer on the rest. */
static int tokenize_new(const struct rd_blame *b, struct rd_tokens *t, const char *text,
			size_t len, size_t pre, size_t suf)
{
	struct rd_tokens mid;
	size_t np = 0, ns = 0;
	int rc;

	if (!b->text)
		return rd_tokenize(t, text, len);
	if (len > RD_TEXT_MAX)
		return rd_error_set(RD_ETOOBIG, "blame: a text larger than 4 GiB");
	if ((rc = rd_tokenize(&mid, text + pre, len - pre - suf)) < 0)
		return rc;
	while (np < b->toks.n && rd_token_end(&b->toks.v[np]) <= pre)
		np++;
	while (ns < b->toks.n - np && b->toks.v[b->toks.n - 1 - ns].off >= b->len - suf)
		ns++;
	t->text = text;
	t->len = len;
	t->n = np + mid.n + ns;
	t->v = rd_malloc((t->n ? t->n : 1) * sizeof(*t->v));
	if (np)
		memcpy(t->v, b->toks.v, np * sizeof(*t->v));
	for (size_t i = 0; i < mid.n; i++) {
		t->v[np + i] = mid.v[i];
		t->v[np + i].off += (uint32_t)pre;
	}
	for (size_t i = 0; i < ns; i++) {
		struct rd_token *x = &t->v[np + mid.n + i];
		*x = b->toks.v[b->toks.n - ns + i];
		x->off = (uint32_t)(x->off - (b->len - suf) + (len - suf));
	}
	rd_tokens_release(&mid);
	return 0;
}

/* The lower-case copy of `text`, whose first `pre` and last `suf` bytes
 * are those of the newest version: only the middle is lowered again. */
static char *lower_copy(const struct rd_blame *b, const char *text, size_t len,
			size_t pre, size_t suf)
{
	char *c = rd_malloc(len + 1);

	if (pre)
		memcpy(c, b->text, pre);
	rd_lower_same_length(c + pre, text + pre, len - pre - suf);
	if (suf)
		memcpy(c + len - suf, b->text + b->len - suf, suf);
	c[len] = '\0';
	return c;
}

int rd_blame_add(struct rd_blame *b, int version, const char *text, size_t len)
{
	struct rd_tokens t;
	uint32_t *ids = NULL;
	char *copy, *orig;
	uint64_t hash;
	const struct past *p;
	size_t pre = 0, suf = 0;
	int rc;

	if (version <= b->version)
		return rd_error_set(RD_EINVALID, "blame: version %d after version %d", version, b->version);
	if (version >= 1 << 30)
		return rd_error_set(RD_ETOOBIG, "blame: more than 2^30 versions");
	orig = rd_malloc(len + 1);
	memcpy(orig, text, len);
	orig[len] = '\0';
	if (b->orig)
		common_ends(b->orig, b->len, orig, len, &pre, &suf);
	copy = lower_copy(b, orig, len, pre, suf);
	if ((rc = tokenize_new(b, &t, copy, len, pre, suf)) < 0) {
		free(copy);
		free(orig);
		return rc;
	}
	ids = rd_malloc((t.n ? t.n : 1) * sizeof(*ids));
	for (size_t i = 0; i < t.n; i++)
		ids[i] = NONE;
	/* as written: a case change is not an identity revert */
	hash = XXH3_64bits(orig, len);

	if (b->text)
		remember(b, b->hash);
	if (b->text && b->len == len && pre == len) {
		/* same text: same instances */
		if (t.n)
			memcpy(ids, b->ids, t.n * sizeof(*ids));
	} else if (b->text && (p = find_identical(b, hash, len, &t)) != NULL) {
		apply_identity(b, p, ids, version);
	} else if (b->text) {
		if ((rc = diff_in(b, &t, ids, version, pre, suf)) < 0)
			goto fail;
	} else {
		for (size_t i = 0; i < t.n; i++)
			ids[i] = inst_new(b, copy, &t.v[i], version);
	}
	if (b->arena.len > RD_TEXT_MAX * 4) {
		rc = rd_error_set(RD_ETOOBIG, "blame: the history holds too much text");
		goto fail;
	}

	free(b->text);
	free(b->orig);
	rd_tokens_release(&b->toks);
	free(b->ids);
	b->text = copy;
	b->orig = orig;
	b->len = len;
	b->toks = t;
	b->ids = ids;
	b->hash = hash;
	b->version = version;
	b->out_version = 0;
	return 0;
fail:
	rd_tokens_release(&t);
	free(ids);
	free(copy);
	free(orig);
	return rc;
}

const char *rd_blame_text(const struct rd_blame *b, size_t *len)
{
	*len = b->len;
	return b->orig ? b->orig : "";
}

/* Writes the versions of the `n` events of this kind in list `e` to
 * out, oldest first (the list is newest first), and returns out. */
static const int *fill_events(const struct rd_blame *b, uint32_t e, int *out, size_t n, int kind)
{
	for (; e != NONE && n; e = b->ev[e].prev)
		if (b->ev[e].kind == (uint32_t)kind)
			out[--n] = (int)b->ev[e].version;
	return out;
}

const struct rd_blame_token *rd_blame_tokens(struct rd_blame *b, size_t *n)
{
	size_t nout = b->toks.n, nev = 0, k = 0;

	*n = 0;
	if (!b->text || !b->len)
		return NULL;
	if (b->out_version == b->version) {
		*n = nout ? nout : 1;
		return b->out;
	}
	free(b->out);
	free(b->out_ev);
	if (!nout) {
		/* white space only: one token, from this version */
		b->out = rd_calloc(1, sizeof(*b->out));
		b->out->len = b->len;
		b->out->origin = b->version;
		b->out_ev = NULL;
		b->out_version = b->version;
		*n = 1;
		return b->out;
	}
	for (size_t i = 0; i < nout; i++)
		for (uint32_t e = b->inst[b->ids[i]].ev; e != NONE; e = b->ev[e].prev)
			nev++;
	b->out = rd_calloc(nout, sizeof(*b->out));
	b->out_ev = rd_malloc((nev ? nev : 1) * sizeof(*b->out_ev));
	for (size_t i = 0; i < nout; i++) {
		const struct inst *in = &b->inst[b->ids[i]];
		struct rd_blame_token *o = &b->out[i];
		size_t start = i ? b->toks.v[i].off : 0;
		size_t end = i + 1 < nout ? b->toks.v[i + 1].off : b->len;

		o->off = start;
		o->len = end - start;
		o->origin = in->origin;
		o->word = rd_token_is_word(&b->toks.v[i]);
		for (uint32_t e = in->ev; e != NONE; e = b->ev[e].prev) {
			o->nremoved += b->ev[e].kind == EV_REMOVED;
			o->nreinserted += b->ev[e].kind == EV_REINSERTED;
			o->nmoved += b->ev[e].kind == EV_MOVED;
		}
		o->removed_in = fill_events(b, in->ev, b->out_ev + k, o->nremoved, EV_REMOVED);
		k += o->nremoved;
		o->reinserted_in = fill_events(b, in->ev, b->out_ev + k, o->nreinserted, EV_REINSERTED);
		k += o->nreinserted;
		o->moved_in = fill_events(b, in->ev, b->out_ev + k, o->nmoved, EV_MOVED);
		k += o->nmoved;
	}
	b->out_version = b->version;
	*n = nout;
	return b->out;
}

/* ---- phrases -------------------------------------------------------------------- */

struct rd_phrase {
	char *text; /* the phrase, case-folded with RD_PHRASE_ICASE */
	struct rd_tokens toks;
	size_t longest; /* index of its longest token, for a quick memmem */
	unsigned flags;
};

/* A case-folded copy (rd_fold), NUL-terminated; free() it. */
static char *fold(const char *s, size_t len, size_t *outlen)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_fold(&b, s, len);
	return rd_buf_detach(&b, outlen);
}

int rd_phrase_new(struct rd_phrase **out, const char *phrase, size_t len, unsigned flags)
{
	struct rd_phrase *p = rd_calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (flags & RD_PHRASE_ICASE) {
		p->text = fold(phrase, len, &len);
	} else {
		p->text = rd_malloc(len + 1);
		memcpy(p->text, phrase, len);
		p->text[len] = '\0';
	}
	p->flags = flags;
	if ((rc = rd_tokenize(&p->toks, p->text, len)) < 0 || p->toks.n == 0) {
		if (!rc)
			rc = rd_error_set(RD_EINVALID, "the phrase has no word in it");
		rd_phrase_free(p);
		return rc;
	}
	for (size_t i = 1; i < p->toks.n; i++)
		if (p->toks.v[i].len > p->toks.v[p->longest].len)
			p->longest = i;
	*out = p;
	return 0;
}

void rd_phrase_free(struct rd_phrase *p)
{
	if (!p)
		return;
	rd_tokens_release(&p->toks);
	free(p->text);
	free(p);
}

static int tok_eq(const char *ta, const struct rd_token *a, const char *tb, const struct rd_token *b)
{
	return a->hash == b->hash && a->len == b->len &&
	       memcmp(ta + a->off, tb + b->off, a->len) == 0;
}

int rd_phrase_count(const struct rd_phrase *p, const char *text, size_t len, size_t *count)
{
	struct rd_tokens t;
	char *folded = NULL;
	size_t m = p->toks.n, c = 0;
	int rc;

	*count = 0;
	if (p->flags & RD_PHRASE_ICASE) {
		text = folded = fold(text, len, &len);
	} else if (!memmem(text, len, p->text + p->toks.v[p->longest].off,
			   p->toks.v[p->longest].len)) {
		return 0; /* the rarest-looking word is not there at all */
	}
	if ((rc = rd_tokenize(&t, text, len)) < 0) {
		free(folded);
		return rc;
	}
	for (size_t i = 0; i + m <= t.n;) {
		size_t k = 0;
		while (k < m && tok_eq(text, &t.v[i + k], p->text, &p->toks.v[k]))
			k++;
		if (k == m) {
			c++;
			i += m;
		} else {
			i++;
		}
	}
	rd_tokens_release(&t);
	free(folded);
	*count = c;
	return 0;
}

/* ---- identity reverts ---------------------------------------------------------------- */

void rd_reverts_detect(struct rd_revert *out, const char *const *ids, size_t n, size_t window)
{
	/* id -> newest version index holding it */
	size_t cap = 16, mask;
	size_t *slot;

	while (cap < n * 2)
		cap *= 2;
	mask = cap - 1;
	slot = rd_malloc(cap * sizeof(*slot));
	for (size_t i = 0; i < cap; i++)
		slot[i] = SIZE_MAX;
	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		size_t h;
		if (!ids[i])
			continue;
		for (h = (size_t)XXH3_64bits(ids[i], strlen(ids[i])) & mask; slot[h] != SIZE_MAX;
		     h = (h + 1) & mask)
			if (strcmp(ids[slot[h]], ids[i]) == 0)
				break;
		if (slot[h] != SIZE_MAX) {
			size_t j = slot[h];
			/* j == i - 1 is a null edit, not a revert */
			if (j + 1 < i && (!window || i - j <= window)) {
				out[i].revert_to = (int)j + 1;
				for (size_t k = j + 1; k < i; k++)
					if (!out[k].reverted_by)
						out[k].reverted_by = (int)i + 1;
			}
		}
		slot[h] = i;
	}
	free(slot);
}

/* ---- log --stat and -S in one pass --------------------------------------------------- */

int rd_log_scan(struct rd_log_row *rows, size_t n, rd_log_text_fn text,
		    void *ctx, const char *const *blob_ids, size_t window,
		    const struct rd_phrase *phrase, unsigned flags)
{
	char *prev = NULL;
	size_t prev_len = 0, prev_words = 0, last_count = 0;
	int have_prev = 0, rc = 0;

	memset(rows, 0, n * sizeof(*rows));
	for (size_t i = 0; i < n; i++) {
		struct rd_log_row *r = &rows[i];
		const char *t = NULL;
		size_t len = 0;

		if ((rc = text(ctx, (int)i + 1, &t, &len)) < 0)
			goto done;
		if (!t) {
			r->text_deleted = 1;
			r->phrase_count = last_count;
			continue;
		}
		r->bytes = len;
		r->byte_delta = (long long)len - (long long)(have_prev ? prev_len : 0);
		if ((flags & (RD_LOG_WORDS | RD_LOG_CLASSES)) && (have_prev || (flags & RD_LOG_CLASSES))) {
			struct rd_diff *d;
			size_t pre = 0, suf = 0;
			/* only the changed middle: the counts are the same */
			if (have_prev)
				common_ends(prev, prev_len, t, len, &pre, &suf);
			if ((rc = rd_diff_texts(&d, have_prev ? prev + pre : "",
						have_prev ? prev_len - pre - suf : 0, t + pre,
						len - pre - suf, NULL)) < 0)
				goto done;
			r->words_inserted = d->stats.words_inserted;
			r->words_deleted = d->stats.words_deleted;
			r->words = prev_words + r->words_inserted - r->words_deleted;
			if (flags & RD_LOG_CLASSES) {
				rd_classify(d);
				rd_diff_words_by_kind(d, &r->words_substantive, &r->words_trivial);
				memcpy(r->by_class, d->stats.by_class, sizeof(r->by_class));
			}
			rd_diff_free(d);
		} else if (flags & RD_LOG_WORDS) {
			r->words = r->words_inserted = rd_count_words(t, len);
		}
		if (phrase) {
			if ((rc = rd_phrase_count(phrase, t, len, &r->phrase_count)) < 0)
				goto done;
			r->phrase_changed = r->phrase_count != last_count;
			last_count = r->phrase_count;
		}
		free(prev);
		prev = rd_malloc(len + 1);
		memcpy(prev, t, len);
		prev_len = len;
		prev_words = r->words;
		have_prev = 1;
	}
	if (blob_ids) {
		struct rd_revert *rv = rd_malloc((n ? n : 1) * sizeof(*rv));
		rd_reverts_detect(rv, blob_ids, n, window);
		for (size_t i = 0; i < n; i++)
			rows[i].revert = rv[i];
		free(rv);
	}
done:
	free(prev);
	return rc;
}
