/*
 * moves.c - moves of whole lines, and cutting ops at the ends of moves.
 *
 * The sentence-level move finder (classify.c) pairs changed sides of five
 * words or more that the diff engine finds alike.  Short lines moved (a
 * list item, an array item in a JSON document, a heading, a table row)
 * are found here instead, by their exact text: a line deleted in one place
 * and inserted in another, when no other deleted or inserted line reads
 * the same, is a move whatever its length.  Either way a move is recorded
 * as a byte range in one delete op and one in an insert op; the ops are
 * then cut so that a moved op holds the moved text and nothing else.
 */
#include "classify_int.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* see token.c */
#include <xxhash.h>

/* Past this many changed lines, a diff is a rewrite: no line moves. */
#define LINE_MOVES_MAX 200000

void rd_moves_push(struct rd_moves *m, size_t as, size_t ae, size_t bs, size_t be)
{
	rd_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v));
	m->v[m->n++] = (struct rd_move){ as, ae, bs, be };
}

/* One whole line inside a delete or an insert op. */
struct unit {
	uint64_t key;     /* hash of the line's text without the whitespace around it */
	size_t s, e;      /* the line's bytes, its newline included, within the op */
	uint32_t op;
	uint32_t other;   /* index + 1 of the unit it pairs with */
};

struct units {
	struct unit *v;
	size_t n, cap;
};

/* Whether s[0..n) holds a word character (a letter or digit, any script). */
static int has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

/* The whole lines of op bytes [s, e) of text t: a line counts when the op
 * holds all of its visible text. */
static void op_units(struct units *u, const char *t, size_t len, size_t s, size_t e, uint32_t op)
{
	size_t p = s, first = u->n;

	while (p < e && u->n < LINE_MOVES_MAX) {
		const char *nl = memchr(t + p, '\n', e - p);
		size_t le = nl ? (size_t)(nl - t) + 1 : e; /* end of this piece */
		size_t ls = p, cs = p, ce = le;
		/* the line must start inside the op, or at its start with only
		 * whitespace before it on that line */
		while (ls > 0 && t[ls - 1] != '\n' && rd_is_space(t[ls - 1]))
			ls--;
		int starts = ls == 0 || t[ls - 1] == '\n';
		/* and end inside it, or at its end with only whitespace after */
		size_t q = le;
		if (!nl)
			while (q < len && t[q] != '\n' && rd_is_space(t[q]))
				q++;
		int ends = nl || q == len || t[q] == '\n';
		while (cs < ce && rd_is_space(t[cs]))
			cs++;
		while (ce > cs && rd_is_space(t[ce - 1]))
			ce--;
		if (starts && ends && ce > cs && has_word(t + cs, ce - cs)) {
			rd_grow((void **)&u->v, &u->cap, u->n + 1, sizeof(*u->v));
			u->v[u->n++] = (struct unit){ XXH3_64bits(t + cs, ce - cs) ^ (ce - cs), p, le, op, 0 };
		}
		p = le;
	}
	/* whitespace alone at either end of the op goes with the line next
	 * to it, so that no piece of the op is whitespace only */
	if (u->n > first) {
		if (rd_is_blank(t + s, u->v[first].s - s))
			u->v[first].s = s;
		if (rd_is_blank(t + u->v[u->n - 1].e, e - u->v[u->n - 1].e))
			u->v[u->n - 1].e = e;
	}
}

static int cmp_key(const void *x, const void *y)
{
	const struct unit *a = *(const struct unit *const *)x, *b = *(const struct unit *const *)y;

	return a->key < b->key ? -1 : a->key > b->key;
}

/* Sorted pointers to the units, for finding the ones met once. */
static const struct unit **by_key(const struct units *u)
{
	const struct unit **v = rd_malloc((u->n + 1) * sizeof(*v));

	for (size_t i = 0; i < u->n; i++)
		v[i] = &u->v[i];
	qsort(v, u->n, sizeof(*v), cmp_key);
	return v;
}

static int cmp_a(const void *x, const void *y);
static int cmp_b(const void *x, const void *y);

/* Per op, whether it holds an end of one of the moves already in m. */
static unsigned char *ops_moved(const struct rd_diff *d, const struct rd_moves *m)
{
	unsigned char *in = rd_calloc(d->nops + 1, 1);
	const struct rd_move **sa = rd_malloc((m->n + 1) * sizeof(*sa));
	const struct rd_move **sb = rd_malloc((m->n + 1) * sizeof(*sb));
	size_t ka = 0, kb = 0;

	for (size_t k = 0; k < m->n; k++)
		sa[k] = sb[k] = &m->v[k];
	qsort(sa, m->n, sizeof(*sa), cmp_a);
	qsort(sb, m->n, sizeof(*sb), cmp_b);
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_DELETE) {
			while (ka < m->n && sa[ka]->as < o->a_start)
				ka++;
			in[i] = ka < m->n && sa[ka]->as < o->a_end;
		} else if (o->kind == RD_OP_INSERT) {
			while (kb < m->n && sb[kb]->bs < o->b_start)
				kb++;
			in[i] = kb < m->n && sb[kb]->bs < o->b_end;
		}
	}
	free(sa);
	free(sb);
	return in;
}

void rd_line_moves(const struct rd_diff *d, struct rd_moves *out)
{
	struct units del = { NULL, 0, 0 }, ins = { NULL, 0, 0 };
	unsigned char *taken = ops_moved(d, out);

	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (taken[i])
			continue;
		if (o->kind == RD_OP_DELETE)
			op_units(&del, d->a, d->alen, o->a_start, o->a_end, (uint32_t)i);
		else if (o->kind == RD_OP_INSERT)
			op_units(&ins, d->b, d->blen, o->b_start, o->b_end, (uint32_t)i);
	}
	if (del.n && ins.n && del.n < LINE_MOVES_MAX && ins.n < LINE_MOVES_MAX) {
		const struct unit **a = by_key(&del), **b = by_key(&ins);
		size_t i = 0, j = 0;
		/* keys met exactly once on each side pair up, their bytes confirmed */
		while (i < del.n && j < ins.n) {
			uint64_t k = a[i]->key;
			if (k != b[j]->key) {
				k < b[j]->key ? i++ : j++;
				continue;
			}
			size_t i1 = i, j1 = j;
			while (i1 < del.n && a[i1]->key == k)
				i1++;
			while (j1 < ins.n && b[j1]->key == k)
				j1++;
			if (i1 - i == 1 && j1 - j == 1) {
				struct unit *x = (struct unit *)a[i], *y = (struct unit *)b[j];
				x->other = (uint32_t)(y - ins.v) + 1;
				y->other = (uint32_t)(x - del.v) + 1;
			}
			i = i1;
			j = j1;
		}
		free(a);
		free(b);
		/* runs of paired lines next to each other on both sides: one move */
		for (size_t k = 0; k < del.n; k++) {
			struct unit *x = &del.v[k];
			if (!x->other)
				continue;
			struct unit *y = &ins.v[x->other - 1];
			size_t as = x->s, ae = x->e, bs = y->s, be = y->e;
			while (k + 1 < del.n && del.v[k + 1].other && del.v[k + 1].op == x->op &&
			       del.v[k + 1].s == ae && del.v[k + 1].other == x->other + 1 &&
			       ins.v[x->other].s == be && ins.v[x->other].op == y->op) {
				k++;
				x = &del.v[k];
				y = &ins.v[x->other - 1];
				ae = x->e;
				be = y->e;
			}
			rd_moves_push(out, as, ae, bs, be);
		}
	}
	free(del.v);
	free(ins.v);
	free(taken);
}

static int cmp_a(const void *x, const void *y)
{
	const struct rd_move *a = *(const struct rd_move *const *)x, *b = *(const struct rd_move *const *)y;

	return a->as < b->as ? -1 : a->as > b->as;
}

static int cmp_b(const void *x, const void *y)
{
	const struct rd_move *a = *(const struct rd_move *const *)x, *b = *(const struct rd_move *const *)y;

	return a->bs < b->bs ? -1 : a->bs > b->bs;
}

/* Appends op `o` cut to [s, e) of its own text (old for a delete). */
static void put_piece(struct rd_op **v, size_t *n, size_t *cap, const struct rd_op *o,
		      size_t s, size_t e)
{
	struct rd_op p = *o;

	if (s == e)
		return;
	if (o->kind == RD_OP_DELETE) {
		p.a_start = s;
		p.a_end = e;
	} else {
		p.b_start = s;
		p.b_end = e;
	}
	p.partner_op = 0;
	rd_grow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = p;
}

void rd_moves_apply(struct rd_diff *d, const struct rd_moves *m, size_t *remap)
{
	const struct rd_move **sa, **sb;
	size_t *del_at, *ins_at;
	struct rd_op *v = NULL;
	size_t n = 0, cap = 0, ka = 0, kb = 0;

	if (!m->n) {
		for (size_t i = 0; i <= d->nops; i++)
			remap[i] = i;
		return;
	}
	sa = rd_malloc(m->n * sizeof(*sa));
	sb = rd_malloc(m->n * sizeof(*sb));
	for (size_t k = 0; k < m->n; k++)
		sa[k] = sb[k] = &m->v[k];
	qsort(sa, m->n, sizeof(*sa), cmp_a);
	qsort(sb, m->n, sizeof(*sb), cmp_b);
	del_at = rd_calloc(m->n, sizeof(*del_at));
	ins_at = rd_calloc(m->n, sizeof(*ins_at));
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		int del = o->kind == RD_OP_DELETE;
		size_t s = del ? o->a_start : o->b_start, e = del ? o->a_end : o->b_end, p = s;
		const struct rd_move **sv = del ? sa : sb;
		size_t *k = del ? &ka : &kb;
		remap[i] = n;
		if (o->kind == RD_OP_EQUAL) {
			rd_grow((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = *o;
			continue;
		}
		while (*k < m->n && (del ? sv[*k]->as : sv[*k]->bs) < e) {
			const struct rd_move *x = sv[*k];
			size_t ms = del ? x->as : x->bs, me = del ? x->ae : x->be;
			if (ms < p || me > e) { /* not inside this op: never expected */
				(*k)++;
				continue;
			}
			/* whitespace alone before or after a move goes with it:
			 * it would be a change of its own */
			if (rd_is_blank((del ? d->a : d->b) + p, ms - p))
				ms = p;
			(*k)++;
			size_t next = *k < m->n ? (del ? sv[*k]->as : sv[*k]->bs) : e;
			if (next > e)
				next = e;
			if (rd_is_blank((del ? d->a : d->b) + me, next - me))
				me = next;
			put_piece(&v, &n, &cap, o, p, ms);
			put_piece(&v, &n, &cap, o, ms, me);
			(del ? del_at : ins_at)[x - m->v] = n;
			p = me;
		}
		put_piece(&v, &n, &cap, o, p, e);
	}
	for (size_t k = 0; k < m->n; k++) {
		if (!del_at[k] || !ins_at[k])
			continue;
		v[del_at[k] - 1].partner_op = (uint32_t)ins_at[k];
		v[ins_at[k] - 1].partner_op = (uint32_t)del_at[k];
	}
	remap[d->nops] = n;
	free(d->ops);
	d->ops = v;
	d->nops = n;
	free(sa);
	free(sb);
	free(del_at);
	free(ins_at);
}
