/*
 * blame_int.h - what blame.c and blame_sentences.c share: the blame's
 * state, its instances and events, and a small hash map (inline: it is in
 * blame's inner loops).  Not for the CLI.
 */
#ifndef RD_BLAME_INT_H
#define RD_BLAME_INT_H

#include "revdiff.h"
#include "grave.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SEP UINT32_MAX
#define NONE UINT32_MAX

enum { EV_REMOVED = 0, EV_REINSERTED, EV_MOVED };

/* A token's bytes, kept once however many instances have them
 * (Anarchism: 390,000 instances, 70,000 strings). */
struct str {
	uint64_t hash;
	size_t text; /* offset of its bytes in the arena */
	uint32_t len;
};

struct inst {
	uint32_t str;
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

/* blame_sentences.c's index of every sentence that ever lost a token. */
struct rd_blame_sents {
	/* the copies' instances, indexed by sentence hash (the newest wins;
	 * the slot's version is its length) */
	struct rd_grave copies;
	struct map by_hash;
	/* position -> the older position of the same sentence (SEP at the
	 * oldest): every removed copy stays findable */
	struct map prev;
};

struct rd_blame {
	struct inst *inst;
	size_t ninst, cap_inst;
	struct str *strs;
	size_t nstrs, cap_strs;
	struct map strmap; /* string hash -> string */
	struct rd_buf arena;
	struct event *ev;
	size_t nev, cap_ev;
	uint32_t ev_cache[EV_CACHE];

	struct rd_grave grave;
	struct map runs, grams, ctxruns;
	/* by version: 1 when it removed half the text or more (a blanking) */
	uint8_t *blanking;
	size_t cap_blanking;

	struct rd_blame_sents sents;

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

/* ---- a small hash map: uint64 key -> (position, version) ---------------- */

static inline void rd_bmap_put(struct map *m, uint64_t key, uint32_t pos, int version);

static inline void rd_bmap_grow(struct map *m)
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
			rd_bmap_put(m, old[i].key, old[i].pos, old[i].version);
	free(old);
}

static inline void rd_bmap_put(struct map *m, uint64_t key, uint32_t pos, int version)
{
	size_t h;

	if (!m->v || (m->n + 1) * 2 > m->mask + 1)
		rd_bmap_grow(m);
	for (h = (size_t)key & m->mask; m->v[h].pos != SEP; h = (h + 1) & m->mask)
		if (m->v[h].key == key)
			break;
	if (m->v[h].pos == SEP)
		m->n++;
	m->v[h].key = key;
	m->v[h].pos = pos;
	m->v[h].version = version;
}

static inline const struct slot *rd_bmap_get(const struct map *m, uint64_t key)
{
	if (!m->v)
		return NULL;
	for (size_t h = (size_t)key & m->mask; m->v[h].pos != SEP; h = (h + 1) & m->mask)
		if (m->v[h].key == key)
			return &m->v[h];
	return NULL;
}

static inline void rd_bmap_release(struct map *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Order-dependent combination of token hashes (buckets only). */
static inline uint64_t rd_blame_mix(uint64_t acc, uint64_t h)
{
	acc ^= h + 0x9e3779b97f4a7c15ULL + (acc << 6) + (acc >> 2);
	return acc * 0xff51afd7ed558ccdULL;
}

/* blame.c: events and instances */
void rd_blame_event_add(struct rd_blame *b, uint32_t id, int version, int kind);
/* Instance `id` is dead and holds the bytes of token t of `text`. */
int rd_blame_same(const struct rd_blame *b, uint32_t id, const char *text,
		  const struct rd_token *t);
/* Instance `id` lives again, put back in `version`. */
void rd_blame_revive(struct rd_blame *b, uint32_t id, int version);

/* blame_sentences.c: whole sentences matched before single tokens */
void rd_blame_widen(const struct rd_tokens *t, size_t *s, size_t *e);
void rd_blame_match_moved(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			  uint8_t *kept, size_t ns, size_t ne, size_t ps, size_t pe, int version);
/* ... may remove a kept copy outside [*ps, *pe): widens them to it */
void rd_blame_index_sentences(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			      uint8_t *kept, size_t *ps, size_t *pe);
void rd_blame_match_restored(struct rd_blame *b, const struct rd_tokens *t, uint32_t *ids,
			     size_t ns, size_t ne, int version);
void rd_blame_sents_release(struct rd_blame_sents *s);

#endif
