/*
 * diff_jobs.c - a large text's regions token-diffed on two cores.
 *
 * The line pass (diff_lines.c) lists what it found, in order: runs of
 * equal lines and regions to token-diff.  The regions are diffed by two
 * threads, each into ops of its own, and the ops are then appended in
 * order, as if the regions had been diffed one after the other: the same
 * ops, the same change numbers, the same counts.  Only the cost bound
 * ties a region to the ones before it (its budget is what they left): a
 * region diffed ahead with a budget it would not have had is diffed again,
 * and every one after it, in order.
 */
#include "diff_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void rd_jobs_add(struct rd_jobs *j, int eq, size_t a0, size_t a1, size_t b0, size_t b1)
{
	if (a0 == a1 && b0 == b1)
		return;
	rd_grow((void **)&j->v, &j->cap, j->n + 1, sizeof(*j->v));
	memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
	j->v[j->n].eq = (uint8_t)eq;
	j->v[j->n].a0 = (uint32_t)a0;
	j->v[j->n].a1 = (uint32_t)a1;
	j->v[j->n].b0 = (uint32_t)b0;
	j->v[j->n].b1 = (uint32_t)b1;
	j->n++;
}

/* The ops a region's diff left in d, copied to j in their compact form;
 * d's array is kept for the next region. */
static void keep_ops(struct rd_job *j, struct rd_diff *d)
{
	j->ops = d->nops ? rd_malloc(d->nops * sizeof(*j->ops)) : NULL;
	for (size_t k = 0; k < d->nops; k++)
		j->ops[k] = (struct rd_job_op){ (uint32_t)d->ops[k].a_start, (uint32_t)d->ops[k].a_end,
						(uint32_t)d->ops[k].b_start, (uint32_t)d->ops[k].b_end,
						d->ops[k].kind };
	j->nops = (uint32_t)d->nops;
	j->words_deleted = (uint32_t)d->stats.words_deleted;
	j->words_inserted = (uint32_t)d->stats.words_inserted;
	j->tokens_deleted = (uint32_t)d->stats.tokens_deleted;
	j->tokens_inserted = (uint32_t)d->stats.tokens_inserted;
	j->bounded = (uint8_t)d->bounded;
	d->nops = 0;
	d->bounded = 0;
	memset(&d->stats, 0, sizeof(d->stats));
}

struct crew {
	struct engine *e;
	struct rd_jobs *jobs;
	size_t next; /* the next job to take, shared */
};

/* One thread: the tokens its regions' changes kept, all in one place
 * (rd_job.keep says which are whose). */
struct worker {
	struct crew *c;
	struct tok_keep keep[2];
};

/* Takes jobs until none is left: each region diffed from a zero cost
 * into an rd_diff of the thread's own, whose ops the job then keeps. */
static void *work(void *arg)
{
	struct worker *wk = arg;
	struct crew *c = wk->c;
	struct rd_diff d;
	struct engine w;
	size_t i;

	memset(&d, 0, sizeof(d));
	d.a = c->e->d->a;
	d.b = c->e->d->b;
	d.alen = c->e->d->alen;
	d.blen = c->e->d->blen;
	memset(&w, 0, sizeof(w));
	w.opts = c->e->opts;
	w.whole[0] = c->e->whole[0];
	w.whole[1] = c->e->whole[1];
	w.d = &d;
	w.ob.d = &d;
	while ((i = __atomic_fetch_add(&c->next, 1, __ATOMIC_RELAXED)) < c->jobs->n) {
		struct rd_job *j = &c->jobs->v[i];
		if (j->eq)
			continue;
		w.keep = c->e->keep ? wk->keep : NULL;
		j->keep = wk->keep;
		j->r0[0] = (uint32_t)wk->keep[0].nr;
		j->r0[1] = (uint32_t)wk->keep[1].nr;
		j->err = rd_diff_region(&w, j->a0, j->a1, j->b0, j->b1);
		j->r1[0] = (uint32_t)wk->keep[0].nr;
		j->r1[1] = (uint32_t)wk->keep[1].nr;
		j->cost = w.cost;
		keep_ops(j, &d);
		w.ob.change = 0;
		w.cost = 0;
	}
	free(d.ops);
	rd_engine_scratch_release(&w);
	return NULL;
}

int rd_jobs_run(struct engine *e, struct rd_jobs *jobs)
{
	struct crew c = { e, jobs, 0 };
	struct worker wk[2] = { { &c, { { 0 } } }, { &c, { { 0 } } } };
	struct rd_diff *d = e->d;
	uint64_t max = e->opts->max_cost ? e->opts->max_cost : UINT64_MAX;
	pthread_t th;
	int threaded = pthread_create(&th, NULL, work, &wk[1]) == 0, late = 0, err = 0;

	work(&wk[0]);
	if (threaded)
		pthread_join(th, NULL);
	/* where each thread's tokens start in e->keep: they are appended
	 * whole, and each region's ranges point into them */
	size_t base[2][2] = { { 0, 0 }, { 0, 0 } };
	if (e->keep)
		for (int s = 0; s < 2; s++)
			rd_tok_keep_join(&e->keep[s], &wk[0].keep[s], &wk[1].keep[s], &base[s][0],
					 &base[s][1]);
	for (size_t i = 0; i < jobs->n; i++) {
		struct rd_job *j = &jobs->v[i];
		if (j->eq) {
			rd_op_push(&e->ob, RD_OP_EQUAL, j->a0, j->a1, j->b0, j->b1);
			continue;
		}
		late |= j->err < 0 || e->cost + j->cost > max;
		if (late) { /* in order from here, each with what is left */
			if (!err)
				err = rd_diff_region(e, j->a0, j->a1, j->b0, j->b1);
		} else {
			for (size_t k = 0; k < j->nops; k++)
				rd_op_push(&e->ob, j->ops[k].kind, j->ops[k].as, j->ops[k].ae,
					   j->ops[k].bs, j->ops[k].be);
			d->stats.words_deleted += j->words_deleted;
			d->stats.words_inserted += j->words_inserted;
			d->stats.tokens_deleted += j->tokens_deleted;
			d->stats.tokens_inserted += j->tokens_inserted;
			d->bounded |= j->bounded;
			e->cost += j->cost;
			if (e->keep)
				for (int s = 0; s < 2; s++)
					rd_tok_keep_ranges(&e->keep[s], &j->keep[s], j->r0[s], j->r1[s],
							   base[s][j->keep == wk[1].keep]);
		}
		free(j->ops);
	}
	for (int s = 0; s < 2; s++) {
		rd_tok_keep_release(&wk[0].keep[s]);
		rd_tok_keep_release(&wk[1].keep[s]);
	}
	free(jobs->v);
	memset(jobs, 0, sizeof(*jobs));
	return err;
}
