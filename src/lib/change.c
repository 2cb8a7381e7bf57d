/*
 * change.c - what a diff holds beyond its ops: the change table (each
 * change's ops, bytes, class and move partner) and the word diff of each
 * moved text against where it came from.  The renderers ask here
 * instead of diffing the moved text again each; the classifier hands over
 * the diffs it made to find the moves, the first ask computes the others,
 * and the diff keeps them until rd_diff_free.
 */
#include "classify_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rd_move_inner {
	size_t op;            /* the insert op of the move */
	struct rd_diff *diff; /* NULL when it could not be diffed */
};

/* The insert op that ends a move, or NULL. */
static const struct rd_op *move_end(const struct rd_diff *d, size_t op)
{
	if (op >= d->nops || d->ops[op].kind != RD_OP_INSERT || !d->ops[op].partner_op ||
	    d->ops[op].partner_op > d->nops)
		return NULL;
	return &d->ops[op];
}

/* Where op's entry is, or goes: the entries are kept sorted by op, and
 * renderers ask in op order, so appending is the common case. */
static struct rd_move_inner *slot(struct rd_diff *d, size_t op, int *found)
{
	size_t lo = 0, hi = d->nmoved;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->moved[mid].op < op)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < d->nmoved && d->moved[lo].op == op;
	if (!*found) {
		rd_grow((void **)&d->moved, &d->capmoved, d->nmoved + 1, sizeof(*d->moved));
		memmove(&d->moved[lo + 1], &d->moved[lo], (d->nmoved++ - lo) * sizeof(*d->moved));
		d->moved[lo].op = op;
		d->moved[lo].diff = NULL;
	}
	return &d->moved[lo];
}

const struct rd_diff *rd_diff_move_inner(const struct rd_diff *cd, size_t op)
{
	/* a cache: asking does not change what the diff says */
	struct rd_diff *d = (struct rd_diff *)cd;
	const struct rd_op *to = move_end(d, op), *from;
	struct rd_move_inner *m;
	int found;

	if (!to)
		return NULL;
	m = slot(d, op, &found);
	if (found)
		return m->diff;
	from = &d->ops[to->partner_op - 1];
	if (rd_diff_ranges(&m->diff, d, from->a_start, from->a_end, to->b_start, to->b_end, NULL) < 0)
		m->diff = NULL;
	return m->diff;
}

int rd_diff_move_inner_keep(struct rd_diff *d, size_t op, struct rd_diff *inner)
{
	const struct rd_op *to = move_end(d, op), *from;
	struct rd_move_inner *m;
	int found;

	if (!to)
		return 0;
	from = &d->ops[to->partner_op - 1];
	/* only the diff of exactly the two ends' texts will do */
	if (inner->a != d->a + from->a_start || inner->alen != from->a_end - from->a_start ||
	    inner->b != d->b + to->b_start || inner->blen != to->b_end - to->b_start)
		return 0;
	m = slot(d, op, &found);
	if (found)
		return 0;
	m->diff = inner;
	return 1;
}

const struct rd_change *rd_diff_changes(const struct rd_diff *cd)
{
	/* a cache, as rd_diff_move_inner */
	struct rd_diff *d = (struct rd_diff *)cd;

	if (d->changes || !d->nchanges)
		return d->changes;
	d->changes = rd_malloc(d->nchanges * sizeof(*d->changes));
	for (size_t c = 0; c < d->nchanges; c++)
		d->changes[c] = (struct rd_change){ SIZE_MAX, 0, SIZE_MAX, 0, SIZE_MAX, 0,
						    RD_CLASS_NONE, 0 };
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_EQUAL || !o->change || o->change > d->nchanges)
			continue;
		struct rd_change *c = &d->changes[o->change - 1];
		if (c->op0 == SIZE_MAX)
			c->op0 = i;
		c->op1 = i + 1;
		c->a_start = o->a_start < c->a_start ? o->a_start : c->a_start;
		c->a_end = o->a_end > c->a_end ? o->a_end : c->a_end;
		c->b_start = o->b_start < c->b_start ? o->b_start : c->b_start;
		c->b_end = o->b_end > c->b_end ? o->b_end : c->b_end;
		if (o->partner_op) {
			if (!c->partner)
				c->partner = o->partner;
			if (c->cls == RD_CLASS_NONE)
				c->cls = RD_CLASS_MOVED;
		} else if (c->cls == RD_CLASS_NONE || c->cls == RD_CLASS_MOVED) {
			c->cls = o->cls;
		}
	}
	return d->changes;
}

void rd_diff_moved_release(struct rd_diff *d)
{
	free(d->changes);
	d->changes = NULL;
	for (size_t k = 0; k < d->nmoved; k++)
		rd_diff_free(d->moved[k].diff);
	free(d->moved);
	d->moved = NULL;
	d->nmoved = d->capmoved = 0;
}
