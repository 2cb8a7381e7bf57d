/*
 * change.c - what a classified diff holds beyond its ops: the word diff
 * of each moved text against where it came from.  The renderers ask here
 * instead of diffing the moved text again each; the first ask computes
 * it, the diff keeps it until rd_diff_free.
 */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

struct rd_move_inner {
	size_t op;            /* the insert op of the move */
	struct rd_diff *diff; /* NULL when it could not be diffed */
};

const struct rd_diff *rd_diff_move_inner(const struct rd_diff *cd, size_t op)
{
	/* a cache: asking does not change what the diff says */
	struct rd_diff *d = (struct rd_diff *)cd;
	const struct rd_op *to, *from;
	struct rd_move_inner *m;

	if (op >= d->nops || d->ops[op].kind != RD_OP_INSERT || !d->ops[op].partner_op ||
	    d->ops[op].partner_op > d->nops)
		return NULL;
	/* kept sorted by op: renderers ask in op order, so appending is the
	 * common case */
	size_t lo = 0, hi = d->nmoved;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->moved[mid].op < op)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nmoved && d->moved[lo].op == op)
		return d->moved[lo].diff;
	to = &d->ops[op];
	from = &d->ops[to->partner_op - 1];
	rd_grow((void **)&d->moved, &d->capmoved, d->nmoved + 1, sizeof(*d->moved));
	m = &d->moved[lo];
	memmove(m + 1, m, (d->nmoved++ - lo) * sizeof(*m));
	m->op = op;
	if (rd_diff_texts(&m->diff, d->a + from->a_start, from->a_end - from->a_start,
			  d->b + to->b_start, to->b_end - to->b_start, NULL) < 0)
		m->diff = NULL;
	return m->diff;
}

void rd_diff_moved_release(struct rd_diff *d)
{
	for (size_t k = 0; k < d->nmoved; k++)
		rd_diff_free(d->moved[k].diff);
	free(d->moved);
	d->moved = NULL;
	d->nmoved = d->capmoved = 0;
}
