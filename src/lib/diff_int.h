/* diff_int.h - what the diff engine's files share; not for the CLI. */
#ifndef RD_DIFF_INT_H
#define RD_DIFF_INT_H

#include "revdiff.h"

/*
 * The algorithms see two arrays of small integer ids (equal tokens, equal
 * ids) and mark what they could not match: ca[i] = 1 when old token i is
 * deleted, cb[j] = 1 when new token j is inserted.
 */
struct rd_match {
	const uint32_t *a, *b;
	size_t na, nb;
	uint32_t nids;
	char *ca, *cb;
	uint64_t cost;     /* work done so far, in diagonal steps */
	uint64_t max_cost; /* past this, regions are marked changed whole */
	int bounded;       /* a heuristic or the bound cut in */
};

/* The longest chain of pairs whose keys increase (pairs are already in
 * increasing order of their other coordinate): its length, and in *keep
 * (caller frees) the indices of the pairs kept. */
size_t rd_diff_lis(const size_t *key, size_t n, size_t **keep);

/* Per-id counts the matcher needs, zero between uses, kept from one
 * region to the next (a large text has thousands of small regions). */
struct rd_idcount {
	uint32_t a, b; /* occurrences in each side of the region */
	uint32_t pos;  /* where in the old side (the last one) */
};

struct rd_match_scratch {
	struct rd_idcount *cnt; /* per id, together: one cache line a token */
	size_t cap;
	/* Myers' arrays, kept from one small region to the next */
	void *myers;
	size_t myers_cap;
};

/* Matches a[0..na) against b[0..nb): anchors, then Myers per region. */
void rd_match_run(struct rd_match *m, struct rd_match_scratch *sc);
void rd_match_scratch_release(struct rd_match_scratch *sc);

/* Bytes at the start (*head) and end (*tail) of a[0, na) and b[0, nb),
 * identical in both, that the token diff can leave out (diff_trim.c). */
void rd_diff_trim(const char *a, size_t na, const char *b, size_t nb, size_t *head, size_t *tail);

/* ---- the engine's state, shared by diff.c and diff_lines.c ---- */

struct islot {
	uint64_t hash;
	const char *p;
	uint32_t len;
	uint32_t id; /* id + 1 (diff.c: + its table's base); 0 = empty */
};

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

struct opbuild {
	struct rd_diff *d;
	size_t cap;
	uint32_t change; /* number of the current change, 0 while equal */
};

/* Arrays the token diff of one region needs, kept from region to region:
 * a large text has thousands of small regions, and allocating afresh for
 * each cost more than diffing most of them. */
/* New tokens [b, b + n) of a region are old tokens [a, a + n), shifted. */
struct rd_share {
	size_t b, a, n;
};

struct rd_shares {
	struct rd_share *v;
	size_t n, cap;
};

/* Tokenizes new bytes [from, to) of text into *tb (an array of *capb
 * tokens, grown as needed) as rd_tokenize_reuse() would, copying the
 * tokens of the old side's ta where the bytes repeat it; the copies are
 * listed in *sh, in order (diff_share.c). */
void rd_tokenize_shared(struct rd_tokens *tb, size_t *capb, const char *text, size_t from,
			size_t to, const struct rd_tokens *ta, struct rd_shares *sh);

struct tok_scratch {
	struct rd_tokens ta, tb;
	struct rd_shares shared; /* tb's tokens copied from ta */
	size_t capa, capb;
	uint32_t *ida, *idb;
	size_t cap_ida, cap_idb;
	char *ca, *cb;
	size_t cap_ca, cap_cb;
	struct islot *slots;
	size_t nslots;
	uint32_t slot_base; /* ids of the slots' last region end here */
	struct runs r;
	struct rd_match_scratch match;
};

/* Tokens kept of one text (diff_tokens.c): ranges of bytes, each with
 * the tokens cut there, in the order they were added. */
struct tok_range {
	uint32_t from, to;   /* bytes [from, to) of the text (RD_TEXT_MAX) */
	uint32_t first, n;   /* its tokens: v[first, first + n) */
};
struct tok_keep {
	struct rd_token *v;
	size_t n, cap;
	struct tok_range *r;
	size_t nr, capr;
	int unsorted; /* a range added before one already there */
	size_t hint;  /* the range found last: readers go forward */
};
struct rd_diff_tokens {
	struct tok_keep engine[2]; /* the engine's, old and new text */
	struct tok_keep late[2];   /* cut since, for rd_diff_tokens */
};
/* diff_readable.c: a region's runs made readable, in this order.  A pure
 * insert or delete slides to whitespace and sentence ends (*edge set when
 * it would slide onto the region's trimmed ends); three runs that can be
 * cut two ways are balanced; equal islands of at most max tokens between
 * two rewrites are merged (0: none). */
void rd_runs_slide(struct runs *r, const uint32_t *ida, const uint32_t *idb,
		   const struct rd_tokens *ta, const struct rd_tokens *tb, int *edge);
void rd_runs_balance(struct runs *r, const uint32_t *ida, const uint32_t *idb);
void rd_runs_merge_islands(struct runs *r, unsigned max, const struct rd_tokens *ta);
/* Keeps the tokens t cut of bytes [t->start, t->len) of a text. */
void rd_tok_keep_add(struct tok_keep *k, const struct rd_tokens *t);
/* Keeps the tokens of the changed runs of r (and the whitespace around
 * each), old and new (not of a side given as NULL). */
void rd_tok_keep_runs(struct tok_keep k[2], const struct runs *r, const struct rd_tokens *ta,
		      const struct rd_tokens *tb);
/* Appends the tokens x and y kept to dst (taking x's array when dst has
 * none), with no range yet: *bx and *by say where each one's start. */
void rd_tok_keep_join(struct tok_keep *dst, struct tok_keep *x, const struct tok_keep *y,
		      size_t *bx, size_t *by);
/* Appends ranges [r0, r1) of src to dst, whose tokens rd_tok_keep_join
 * put at `base` in dst. */
void rd_tok_keep_ranges(struct tok_keep *dst, const struct tok_keep *src, size_t r0, size_t r1,
			size_t base);
/* Keeps all of t, a whole text's tokens, taking its array: k must be
 * empty. */
void rd_tok_keep_take(struct tok_keep *k, struct rd_tokens *t);
void rd_tok_keep_release(struct tok_keep *k);
/* The first of tokens v[0, n) (in text order) that starts at or after
 * `from`; *cnt of them end at or before `to`. */
size_t rd_tok_span(const struct rd_token *v, size_t n, size_t from, size_t to, size_t *cnt);
/* *view: the tokens of bytes [from, to) of whole (a text cut whole),
 * borrowed from it. */
void rd_tokens_view(struct rd_tokens *view, const struct rd_tokens *whole, size_t from, size_t to);
/* Frees d->tokens (rd_diff_free). */
void rd_diff_tokens_free(struct rd_diff *d);

struct engine {
	const struct rd_diff_opts *opts;
	struct rd_diff *d;
	struct opbuild ob;
	uint64_t cost;
	struct tok_scratch s;
	/* where each region's tokens are kept, old and new (NULL: not kept) */
	struct tok_keep *keep;
	/* a text cut whole before the diff (RD_DIFF_KEEP_*, rd_diff_ranges),
	 * old and new, whose regions are read from it; else NULL */
	const struct rd_tokens *whole[2];
};

/* rd_diff_texts on the tokens already cut of a side, where whole[s].v is
 * set: whole[s] holds all of that text's tokens (offsets in it), and the
 * diff takes them (freed with it, or here on error). */
int rd_diff_run(struct rd_diff **out, const char *a, size_t alen, const char *b, size_t blen,
		const struct rd_diff_opts *opts, struct rd_tokens whole[2]);

/* What the line pass of a large text found, in order (diff_jobs.c): a
 * run of equal lines (eq), or a region to token-diff, whose ops, counts
 * and cost a thread keeps until they are appended. */
/* An op of a job, held until it is appended: offsets fit 32 bits (texts
 * are at most RD_TEXT_MAX), and a 10 MB text has thousands of jobs. */
struct rd_job_op {
	uint32_t as, ae, bs, be;
	uint8_t kind;
};

struct rd_job {
	uint32_t a0, a1, b0, b1;
	int err;
	uint8_t eq, bounded;
	struct rd_job_op *ops;
	uint32_t nops;
	/* what rd_diff_stats would count of its tokens */
	uint32_t words_deleted, words_inserted, tokens_deleted, tokens_inserted;
	uint64_t cost;
	/* the tokens its changes kept: ranges [r0, r1) of keep, old and new */
	struct tok_keep *keep;
	uint32_t r0[2], r1[2];
};

struct rd_jobs {
	struct rd_job *v;
	size_t n, cap;
};

void rd_jobs_add(struct rd_jobs *j, int eq, size_t a0, size_t a1, size_t b0, size_t b1);
/* Diffs the regions on two threads and appends every job's ops in order. */
int rd_jobs_run(struct engine *e, struct rd_jobs *jobs);
/* Frees what an engine kept from region to region (diff.c). */
void rd_engine_scratch_release(struct engine *e);

/* Texts smaller than this (both together) are cut at lines by the
 * shortest line script; larger ones by unique lines, which stays
 * near-linear on texts of many megabytes. */
#define LINE_ANCHOR_MIN (256 * 1024)

/* Appends an op, merged with the last when it continues it (diff.c). */
void rd_op_push(struct opbuild *ob, int kind, size_t as, size_t ae, size_t bs, size_t be);
/* The token diff of old bytes [a0, a1) and new bytes [b0, b1), both
 * starting at a line start (or the text's start), as ops (diff.c). */
int rd_diff_region(struct engine *e, size_t a0, size_t a1, size_t b0, size_t b1);
/* The whole diff cut at lines first (diff_lines.c): for large texts at
 * lines unique in both (patience), for small ones by the shortest line
 * script (Myers on line ids). */
int rd_diff_by_lines(struct engine *e);
int rd_diff_small_by_lines(struct engine *e);

#endif
