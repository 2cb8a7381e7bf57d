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

/* Matches a[0..na) against b[0..nb): anchors, then Myers per region. */
void rd_match_run(struct rd_match *m);

#endif
