/* classify_int.h - what classify.c, classify_moves.c, moves.c and change.c
 * share; not for the CLI. */
#ifndef RD_CLASSIFY_INT_H
#define RD_CLASSIFY_INT_H

#include "revdiff.h"

/* A move: old bytes [as, ae), inside one delete op, went to new bytes
 * [bs, be), inside one insert op. */
struct rd_move {
	size_t as, ae, bs, be;
};

struct rd_moves {
	struct rd_move *v;
	size_t n, cap;
};

void rd_moves_push(struct rd_moves *m, size_t as, size_t ae, size_t bs, size_t be);

/* A change as the classifier sees it (classify.c builds them). */
struct rd_class_change {
	size_t op0, op1;   /* ops [op0, op1) */
	size_t as, ae, bs, be;
	uint8_t base;      /* insert, delete, replace or whitespace */
	uint8_t cls;
	uint32_t del_partner, ins_partner;
	size_t del_words, ins_words;
};


/* The word diffs push_move kept for moves not cut (the new end's bytes
 * [bs, be)), for rd_diff_move_inner once the ops are cut. */
struct rd_kept_moves {
	struct { size_t bs, be; struct rd_diff *d; } *v;
	size_t n, cap;
};
/* Moved sentences (classify_moves.c): pairs of changed sides alike into
 * `out`; the word diffs that measured them go to `kept`, and after the
 * ops are cut, rd_moves_keep_inner gives d those of moves not cut (the
 * rest are freed). */
void rd_sentence_moves(const struct rd_diff *d, struct rd_class_change *cv, size_t nc,
		       struct rd_moves *out, struct rd_kept_moves *kept);
void rd_moves_keep_inner(struct rd_diff *d, struct rd_kept_moves *kept);

/*
 * Whole lines deleted in one place and inserted, the same but for the
 * whitespace around them, in another: list items, array items, headings,
 * table rows, too short to be found as moved sentences.  A line counts
 * when it holds a word and is the only one of its kind among the deleted
 * lines and among the inserted ones; runs of lines that stay together on
 * both sides make one move.  Ops holding an end of a move already in
 * `out` (sentences moved, perhaps edited) are left alone.
 */
void rd_line_moves(const struct rd_diff *d, struct rd_moves *out);

/* Cuts the ops so that each move's ends are ops of their own, marked
 * moved, with partner_op linking them; the rest keeps its ops.  remap
 * (nops + 1 entries) receives where each old op's first piece now is,
 * and remap[nops] the new number of ops. */
void rd_moves_apply(struct rd_diff *d, const struct rd_moves *m, size_t *remap);

/* Hands `inner`, the word diff of exactly the texts of insert op `op`
 * (the new end of a move) and of its partner, to d for
 * rd_diff_move_inner (change.c).  Returns 1 when d took it, 0 when it
 * does not fit (the caller keeps it). */
int rd_diff_move_inner_keep(struct rd_diff *d, size_t op, struct rd_diff *inner);

#endif
