/*
 * grave.h - removed text, for blame (blame.c; grave.c): every run of
 * tokens a version removed, kept so that text put back at any distance
 * is matched to its old tokens, in memory bounded by what differs.
 *
 * A run is a list of token numbers (blame's instances) in text order.
 * Instances are numbered as they are written, so a removed run is mostly
 * a few ranges of consecutive numbers: it is stored as segments (first
 * number, length), 12 bytes each, not a number per token.  A run stored
 * before with the same numbers (a vandal's blanking of the same text,
 * again and again) is not stored twice: its old position is given back.
 * On the Anarchism history (15,180 revisions) 4.7 million removed tokens
 * take 0.5 million segments.
 *
 * Positions number the tokens of all runs, one after another, each run
 * followed by one position that holds none (RD_GRAVE_SEP), so a matcher
 * walks a run forwards or backwards from any of its positions and stops
 * at the separator.
 */
#ifndef RD_GRAVE_H
#define RD_GRAVE_H

#include <stddef.h>
#include <stdint.h>

/* No token: between two runs, past the end, or a run not stored. */
#define RD_GRAVE_SEP UINT32_MAX

struct rd_grave_seg {
	uint32_t pos;   /* position of its first token */
	uint32_t first; /* the first token's number; the others follow */
	uint32_t len;
};

struct rd_grave_run;

struct rd_grave {
	struct rd_grave_seg *seg; /* ascending positions */
	size_t nseg, cap_seg;
	uint32_t end;  /* the next run's position */
	size_t last;   /* segment of the last lookup: runs are walked */
	/* stored runs by a hash of their numbers (open addressing) */
	struct rd_grave_run *runs;
	size_t runs_mask, nruns;
};

void rd_grave_init(struct rd_grave *g);
void rd_grave_release(struct rd_grave *g);

/* Stores the run ids[0..n), n > 0, and returns the position of its first
 * token: an earlier run's when it had the same numbers.  RD_GRAVE_SEP
 * when the positions (2^32) are used up: the run is then not kept. */
uint32_t rd_grave_bury(struct rd_grave *g, const uint32_t *ids, size_t n);

/* The token number at position pos, or RD_GRAVE_SEP. */
uint32_t rd_grave_at(struct rd_grave *g, uint32_t pos);

#endif
