/*
 * blame.c - who wrote each word: word-level blame over an entry's
 * versions (phrases, reverts and the log scan are history.c's).
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
 *      tokens (restored text, at any distance; of several removed copies
 *      the oldest); when one of two equal sentences is deleted, the one
 *      kept keeps the older tokens: blame_sentences.c;
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
#include "blame_int.h"
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
/* Within CONTEXT_WINDOW versions of a blanking (a version that removed
 * half the text) a gram match of this many tokens is enough: the page
 * put back with an edit (WikiWho skips such a version altogether).  For
 * any removal, 12 tokens lost 0.2 points against WikiWho on Anarchism:
 * it took back clauses WikiWho counts as rewritten. */
#define RECENT_MATCH 12
/* Text removed in this same version (moved) is matched from this many
 * tokens: 3 credited fragments like "[http://www." or "of the [[" to
 * whatever text they were cut from; 5 gained a point against WikiWho on
 * Anarchism, 10 another half point (8 and 15 less).  Shorter moved
 * phrases go to the mover, as in WikiWho; with whole sentences and their
 * copies followed (blame_sentences.c), the history still sides with
 * revdiff 536 times to 152.  A vandal's paste of another article shares
 * no run this long with it by chance. */
#define MOVE_MATCH 10
/* See rewrite_island(): 12 and 25 bytes, +0.7 points on Anarchism, and
 * the history refutes revdiff less often (a wider island lost both). */
#define ISLAND_BYTES 12
#define ISLAND_CHANGE 25

/* ---- instances and events ---------------------------------------------------- */

struct rd_blame *rd_blame_new(void)
{
	return rd_calloc(1, sizeof(struct rd_blame));
}

void rd_blame_free(struct rd_blame *b)
{
	if (!b)
		return;
	free(b->inst);
	free(b->strs);
	rd_bmap_release(&b->strmap);
	rd_buf_release(&b->arena);
	free(b->ev);
	rd_grave_release(&b->grave);
	rd_bmap_release(&b->runs);
	rd_bmap_release(&b->grams);
	rd_bmap_release(&b->ctxruns);
	free(b->blanking);
	rd_blame_sents_release(&b->sents);
	free(b->text);
	free(b->orig);
	rd_tokens_release(&b->toks);
	/* b->ids is the ring's newest */
	for (size_t i = 0; i < RD_BLAME_REVERT_WINDOW; i++)
		free(b->ring[i].ids);
	free(b->out);
	free(b->out_ev);
	free(b);
}

/* String `str` holds the bytes of token t of `text`. */
static int str_is(const struct rd_blame *b, uint32_t str, const char *text, const struct rd_token *t)
{
	const struct str *s = &b->strs[str];

	/* short tokens' hashes are their bytes (RD_TOKEN_EXACT) */
	return s->hash == t->hash && s->len == t->len &&
	       (t->len <= RD_TOKEN_EXACT || memcmp(b->arena.ptr + s->text, text + t->off, t->len) == 0);
}

static uint32_t intern(struct rd_blame *b, const char *text, const struct rd_token *t)
{
	const struct slot *sl = rd_bmap_get(&b->strmap, t->hash);
	struct str *s;

	if (sl && str_is(b, sl->pos, text, t))
		return sl->pos;
	rd_grow((void **)&b->strs, &b->cap_strs, b->nstrs + 1, sizeof(*b->strs));
	s = &b->strs[b->nstrs];
	s->hash = t->hash;
	s->text = b->arena.len;
	s->len = t->len;
	rd_buf_put(&b->arena, text + t->off, t->len);
	if (!sl) /* else two strings of one hash: the second is not shared */
		rd_bmap_put(&b->strmap, t->hash, (uint32_t)b->nstrs, 0);
	return (uint32_t)b->nstrs++;
}

static uint32_t inst_new(struct rd_blame *b, const char *text, const struct rd_token *t, int version)
{
	struct inst *in;

	rd_grow((void **)&b->inst, &b->cap_inst, b->ninst + 1, sizeof(*b->inst));
	in = &b->inst[b->ninst];
	in->str = intern(b, text, t);
	in->origin = version;
	in->ev = NONE;
	in->live = 1;
	return (uint32_t)b->ninst++;
}

static uint64_t inst_hash(const struct rd_blame *b, uint32_t id)
{
	return b->strs[b->inst[id].str].hash;
}

/* The node (version, kind) over `prev`: a recent equal one, or a new one. */
static uint32_t event_node(struct rd_blame *b, uint32_t prev, int version, int kind)
{
	uint32_t *c = &b->ev_cache[(rd_blame_mix(prev, (uint64_t)version << 2 | (uint64_t)kind) >> 40) &
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

void rd_blame_event_add(struct rd_blame *b, uint32_t id, int version, int kind)
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
int rd_blame_same(const struct rd_blame *b, uint32_t id, const char *text, const struct rd_token *t)
{
	return id != SEP && !b->inst[id].live && str_is(b, b->inst[id].str, text, t);
}

/* The instance at a position of the graveyard, SEP between runs. */
static uint32_t grave_at(struct rd_blame *b, size_t pos)
{
	return pos < RD_GRAVE_SEP ? rd_grave_at(&b->grave, (uint32_t)pos) : SEP;
}

void rd_blame_revive(struct rd_blame *b, uint32_t id, int version)
{
	b->inst[id].live = 1;
	rd_blame_event_add(b, id, version, EV_REINSERTED);
}

/* Run hash `rh` of tokens [s, e) of t with the tokens on either side:
 * a short run put back between the same neighbours is the old one. */
static uint64_t in_context(const struct rd_tokens *t, size_t s, size_t e, uint64_t rh)
{
	rh = rd_blame_mix(rh, s > 0 ? t->v[s - 1].hash : 1);
	return rd_blame_mix(rh, e < t->n ? t->v[e].hash : 2);
}

/* Buries ids[s..e) as one removed run. */
static void bury(struct rd_blame *b, const uint32_t *ids, size_t s, size_t e, int version)
{
	uint32_t start = rd_grave_bury(&b->grave, ids + s, e - s);
	uint64_t rh = 0, w[NGRAM]; /* the hashes of the last NGRAM tokens */

	/* one pass, each token's hash looked up once */
	for (size_t i = s; i < e; i++) {
		b->inst[ids[i]].live = 0;
		rd_blame_event_add(b, ids[i], version, EV_REMOVED);
		w[(i - s) % NGRAM] = inst_hash(b, ids[i]);
		rh = rd_blame_mix(rh, w[(i - s) % NGRAM]);
		if (start != RD_GRAVE_SEP && i + 1 - s >= NGRAM) {
			size_t g0 = i + 1 - NGRAM - s;
			uint64_t g = 0;
			for (size_t k = 0; k < NGRAM; k++)
				g = rd_blame_mix(g, w[(g0 + k) % NGRAM]);
			rd_bmap_put(&b->grams, g, start + (uint32_t)g0, version);
		}
	}
	if (start == RD_GRAVE_SEP)
		return; /* positions used up: never matched again */
	rd_bmap_put(&b->runs, rd_blame_mix(rh, e - s), start, version);
	if (e - s < NGRAM && ids == b->ids)
		rd_bmap_put(&b->ctxruns, in_context(&b->toks, s, e, rd_blame_mix(rh, e - s)), start, version);
}

/* ---- matching inserted runs -------------------------------------------------- */

/* Gives new tokens [s, e) their instances: restored or new. */
static void place_run(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
		      size_t s, size_t e, int version)
{
	const struct slot *sl;
	uint64_t rh = 0;
	size_t n = e - s;

	/* 2. the whole run was removed as one */
	for (size_t i = s; i < e; i++)
		rh = rd_blame_mix(rh, t->v[i].hash);
	sl = rd_bmap_get(&b->runs, rd_blame_mix(rh, n));
	if (sl && n < NGRAM && version - sl->version > SHORT_WINDOW)
		sl = rd_bmap_get(&b->ctxruns, in_context(t, s, e, rd_blame_mix(rh, n)));
	if (sl && (n >= NGRAM || version - sl->version <= SHORT_WINDOW ||
		   version - sl->version <= CONTEXT_WINDOW)) {
		size_t k = 0;
		while (k < n && rd_blame_same(b, grave_at(b, sl->pos + k), t->text, &t->v[s + k]))
			k++;
		if (k == n && grave_at(b, sl->pos + n) == SEP) {
			for (k = 0; k < n; k++) {
				ids[s + k] = grave_at(b, sl->pos + k);
				rd_blame_revive(b, ids[s + k], version);
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
			g = rd_blame_mix(g, t->v[i + k].hash);
		sl = rd_bmap_get(&b->grams, g);
		if (!sl) {
			i++;
			continue;
		}
		pos = sl->pos;
		while (i + m < e && ids[i + m] == NONE &&
		       rd_blame_same(b, grave_at(b, pos + m), t->text, &t->v[i + m]))
			m++;
		if (m < NGRAM || (version - sl->version <= SHORT_WINDOW && m < MOVE_MATCH) ||
		    (m < LONG_MATCH && version - sl->version > SHORT_WINDOW &&
		     (m < RECENT_MATCH || version - sl->version > CONTEXT_WINDOW ||
		      !b->blanking[sl->version]))) {
			i++;
			continue;
		}
		while (back < i - s && back < pos && ids[i - back - 1] == NONE &&
		       rd_blame_same(b, grave_at(b, pos - back - 1), t->text, &t->v[i - back - 1]))
			back++;
		for (size_t k = 0; k < m + back; k++) {
			ids[i - back + k] = grave_at(b, pos - back + k);
			rd_blame_revive(b, ids[i - back + k], version);
		}
		i += m;
	}

	for (size_t i = s; i < e; i++)
		if (ids[i] == NONE)
			ids[i] = inst_new(b, t->text, &t->v[i], version);
}

/* ---- adding a version ----------------------------------------------------------- */

/* The newest version joins the ring, which takes its ids (not a copy:
 * b->ids stays the ring's newest until the next version). */
static void remember(struct rd_blame *b)
{
	struct past *p = &b->ring[b->ring_next];

	b->ring_next = (b->ring_next + 1) % RD_BLAME_REVERT_WINDOW;
	free(p->ids);
	p->version = b->version;
	p->hash = b->hash;
	p->len = b->len;
	p->n = b->toks.n;
	p->ids = b->ids;
}

/* The version k versions back in the ring (1: the newest). */
static const struct past *ring_back(const struct rd_blame *b, size_t k)
{
	return &b->ring[(b->ring_next + RD_BLAME_REVERT_WINDOW - k) % RD_BLAME_REVERT_WINDOW];
}

/* Whether an earlier version may have this exact text: one of the same
 * hash and length, whose tokens find_identical checks. */
static int may_be_identical(const struct rd_blame *b, uint64_t hash, size_t len)
{
	for (size_t k = 1; k <= RD_BLAME_REVERT_WINDOW; k++) {
		const struct past *p = ring_back(b, k);
		if (p->version && p->hash == hash && p->len == len)
			return 1;
	}
	return 0;
}

/* An earlier version with this exact text, its tokens checked: all but
 * those of the ends t shares with the newest version (np and nsuf
 * tokens, rd_tokens_join) where the earlier one has the newest's instances
 * (a vandal's edit reverted), whose bytes are those tokens'. */
static const struct past *find_identical(const struct rd_blame *b, uint64_t hash, size_t len,
					 const struct rd_tokens *t, size_t np, size_t nsuf)
{
	for (size_t k = 1; k <= RD_BLAME_REVERT_WINDOW; k++) {
		const struct past *p = ring_back(b, k);
		size_t i = 0, hi = t->n;
		if (!p->version || p->hash != hash || p->len != len || p->n != t->n)
			continue;
		while (i < np && p->ids[i] == b->ids[i])
			i++;
		for (; hi > i && t->n - hi < nsuf &&
		       p->ids[hi - 1] == b->ids[b->toks.n - (t->n - hi) - 1]; hi--)
			;
		for (; i < hi; i++)
			if (!str_is(b, b->inst[p->ids[i]].str, t->text, &t->v[i]))
				break;
		if (i == hi)
			return p;
	}
	return NULL;
}

/* New ids by identity with an earlier version: the rest is removed. */
static void apply_identity(struct rd_blame *b, const struct past *p, uint32_t *ids, int version)
{
	size_t s, lo = 0, hp = p->n, hb = b->toks.n;

	/* The ends both have (a vandal's edit reverted) stay as they are: a
	 * version holds an instance once, so the instances of the middles
	 * are the only ones to bury or revive. */
	while (lo < hp && lo < hb && p->ids[lo] == b->ids[lo])
		lo++;
	for (; hp > lo && hb > lo && p->ids[hp - 1] == b->ids[hb - 1]; hp--)
		hb--;
	memcpy(ids, p->ids, lo * sizeof(*ids));
	memcpy(ids + hp, p->ids + hp, (p->n - hp) * sizeof(*ids));
	for (size_t i = lo; i < hp; i++)
		b->inst[p->ids[i]].live |= 2; /* wanted */
	/* remove what the old version does not have, run by run */
	for (size_t i = lo; i < hb;) {
		if (b->inst[b->ids[i]].live & 2) {
			i++;
			continue;
		}
		for (s = i; i < hb && !(b->inst[b->ids[i]].live & 2); i++)
			;
		bury(b, b->ids, s, i, version);
	}
	for (size_t i = lo; i < hp; i++) {
		struct inst *in = &b->inst[p->ids[i]];
		ids[i] = p->ids[i];
		if (in->live & 1) {
			in->live = 1;
		} else {
			in->live = 0;
			rd_blame_revive(b, ids[i], version);
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

/* Places the new tokens t by d, the diff of the bytes between the `pre`
 * and `suf` both texts share, whose first `np` and last `nsuf` tokens
 * are the old ones (diff_new); frees d. */
static void diff_in(struct rd_blame *b, const struct rd_tokens *t, struct rd_diff *d,
		    uint32_t *ids, int version, size_t pre, size_t np, size_t nsuf)
{
	uint8_t *kept;
	size_t ia = np, ib = np, ns = np, ne, ps = np, pe, removed = 0;

	kept = rd_calloc(b->toks.n + 1, 1);
	/* the unchanged ends keep their tokens one for one: only the
	 * middle is mapped, and scanned below */
	memcpy(ids, b->ids, np * sizeof(*ids));
	memset(kept, 1, np);
	memcpy(ids + t->n - nsuf, b->ids + b->toks.n - nsuf, nsuf * sizeof(*ids));
	memset(kept + b->toks.n - nsuf, 1, nsuf);
	for (size_t k = 0; k < d->nops; k++) {
		const struct rd_op *op = &d->ops[k];
		if (op->kind == RD_OP_EQUAL && !rewrite_island(d, k))
			map_equal(b, t, ids, kept, pre + op->a_start, pre + op->b_start,
				  pre + op->b_end, &ia, &ib);
	}
	rd_diff_free(d);
	/* the changed middle, in whole sentences */
	while (ns < t->n && ids[ns] != NONE)
		ns++;
	for (ne = t->n - nsuf > ns ? t->n - nsuf : ns; ne > ns && ids[ne - 1] != NONE;)
		ne--;
	while (ps < b->toks.n && kept[ps])
		ps++;
	for (pe = b->toks.n - nsuf > ps ? b->toks.n - nsuf : ps; pe > ps && kept[pe - 1];)
		pe--;
	if (ns < ne || ps < pe) {
		rd_blame_widen(t, &ns, &ne);
		rd_blame_widen(&b->toks, &ps, &pe);
	}
	if (ns < ne && ps < pe)
		rd_blame_match_moved(b, t, ids, kept, ns, ne, ps, pe, version);
	if (ps < pe)
		rd_blame_index_sentences(b, t, ids, kept, &ps, &pe);
	/* every token not kept lies in [ps, pe), every new one unplaced in [ns, ne) */
	for (size_t i = ps; i < pe;) {
		size_t s;
		if (kept[i]) {
			i++;
			continue;
		}
		for (s = i; i < pe && !kept[i]; i++)
			;
		bury(b, b->ids, s, i, version);
		removed += i - s;
	}
	free(kept);
	/* a blanking: removes half the text or more (RECENT_MATCH) */
	b->blanking[version] = removed * 2 >= b->toks.n;
	if (ns < ne)
		rd_blame_match_restored(b, t, ids, ns, ne, version);
	for (size_t i = ns; i < ne;) {
		size_t s;
		if (ids[i] != NONE) {
			i++;
			continue;
		}
		for (s = i; i < ne && ids[i] == NONE; i++)
			;
		place_run(b, t, ids, s, i, version);
	}
}

/* The tokens of a new text that may be an earlier one (find_identical):
 * its changed middle is cut here, as no diff is made of it. */
static int tokenize_new(const struct rd_blame *b, struct rd_tokens *t, const char *text,
			size_t len, size_t pre, size_t suf, size_t *npre, size_t *nsuf)
{
	struct rd_tokens mid;
	int rc;

	if ((rc = rd_tokenize(&mid, text + pre, len - pre - suf)) < 0)
		return rc;
	rd_tokens_join(t, &b->toks, text, len, pre, suf, mid.v, mid.n, npre, nsuf);
	rd_tokens_release(&mid);
	return 0;
}

/* The diff of the changed middles of the newest version and `text`, in
 * *d, and the new text's tokens, its middle's read from that diff: the
 * engine cuts it once for both. */
static int diff_new(const struct rd_blame *b, struct rd_diff **d, struct rd_tokens *t,
		    const char *text, size_t len, size_t pre, size_t suf, size_t *npre,
		    size_t *nsuf)
{
	struct rd_diff_opts o;
	const struct rd_token *mid;
	size_t nmid;
	int rc;

	rd_diff_opts_init(&o);
	/* a lone punctuation mark or short word kept between two rewrites is
	 * a coincidence, not text kept (+0.8 points against WikiWho) */
	o.merge_islands = 2;
	o.keep_tokens = RD_DIFF_KEEP_NEW;
	if ((rc = rd_diff_texts(d, b->text + pre, b->len - pre - suf, text + pre, len - pre - suf,
				&o)) < 0)
		return rc;
	mid = rd_diff_tokens(*d, 1, 0, (*d)->blen, &nmid);
	rd_tokens_join(t, &b->toks, text, len, pre, suf, mid, nmid, npre, nsuf);
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

/* Ids for n tokens, none placed yet. */
static uint32_t *new_ids(size_t n)
{
	uint32_t *ids = rd_malloc((n ? n : 1) * sizeof(*ids));

	for (size_t i = 0; i < n; i++)
		ids[i] = NONE;
	return ids;
}

int rd_blame_add(struct rd_blame *b, int version, const char *text, size_t len)
{
	struct rd_tokens t = { 0 };
	struct rd_diff *d;
	uint32_t *ids = NULL;
	char *copy, *orig;
	uint64_t hash;
	const struct past *p = NULL;
	size_t pre = 0, suf = 0, np = 0, nsuf = 0;
	int rc;

	if (version <= b->version)
		return rd_error_set(RD_EINVALID, "blame: version %d after version %d", version, b->version);
	if (version >= 1 << 30)
		return rd_error_set(RD_ETOOBIG, "blame: more than 2^30 versions");
	if (b->text && len > RD_TEXT_MAX)
		return rd_error_set(RD_ETOOBIG, "blame: a text larger than 4 GiB");
	if ((size_t)version >= b->cap_blanking) {
		size_t old = b->cap_blanking;
		rd_grow((void **)&b->blanking, &b->cap_blanking, (size_t)version + 1, 1);
		memset(b->blanking + old, 0, b->cap_blanking - old);
	}
	orig = rd_malloc(len + 1);
	memcpy(orig, text, len);
	orig[len] = '\0';
	if (b->orig)
		rd_common_ends(b->orig, b->len, orig, len, &pre, &suf);
	copy = lower_copy(b, orig, len, pre, suf);
	/* as written: a case change is not an identity revert */
	hash = XXH3_64bits(orig, len);

	if (!b->text) {
		if ((rc = rd_tokenize(&t, copy, len)) < 0)
			goto fail;
		ids = new_ids(t.n);
		for (size_t i = 0; i < t.n; i++)
			ids[i] = inst_new(b, copy, &t.v[i], version);
	} else if (b->len == len && pre == len) {
		/* same text: same instances */
		rd_tokens_join(&t, &b->toks, copy, len, pre, suf, NULL, 0, &np, &nsuf);
		ids = new_ids(t.n);
		if (t.n)
			memcpy(ids, b->ids, t.n * sizeof(*ids));
	} else {
		if (may_be_identical(b, hash, len)) {
			if ((rc = tokenize_new(b, &t, copy, len, pre, suf, &np, &nsuf)) < 0)
				goto fail;
			if ((p = find_identical(b, hash, len, &t, np, nsuf)) != NULL) {
				ids = new_ids(t.n);
				apply_identity(b, p, ids, version);
			} else {
				/* two texts of one hash: diffed, and cut again */
				rd_tokens_release(&t);
			}
		}
		if (!p) {
			if ((rc = diff_new(b, &d, &t, copy, len, pre, suf, &np, &nsuf)) < 0)
				goto fail;
			ids = new_ids(t.n);
			diff_in(b, &t, d, ids, version, pre, np, nsuf);
		}
	}
	if (b->arena.len > RD_TEXT_MAX * 4) {
		rc = rd_error_set(RD_ETOOBIG, "blame: the history holds too much text");
		goto fail;
	}

	free(b->text);
	free(b->orig);
	rd_tokens_release(&b->toks);
	b->text = copy;
	b->orig = orig;
	b->len = len;
	b->toks = t;
	b->ids = ids;
	b->hash = hash;
	b->version = version;
	b->out_version = 0;
	remember(b);
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
