/* cli_wiki.c - what `log --stat`, `log -S` and `show` add for wiki
 * audits: byte deltas, word counts, phrase counts and revert flags of an
 * entry's versions, computed in one pass over its history. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double cli_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_clear(const struct cli_progress *p)
{
	if (p->tty && !p->quiet)
		fputs("\r\033[K", stderr);
}

void cli_progress_warning(void *ctx, const char *msg)
{
	struct cli_progress *p = ctx;

	p->warnings++;
	cli_progress_clear(p);
	fprintf(stderr, "revdiff: warning: %s\n", msg);
}

struct text_ctx {
	struct rd_store *store;
	const struct rd_history *h;
	struct rd_buf buf;
};

static int text_of(void *ctx, int version, const char **text, size_t *len)
{
	struct text_ctx *c = ctx;
	const struct rd_version *v = &c->h->v[version - 1];
	int rc;

	*text = NULL;
	*len = 0;
	if (v->text_deleted)
		return 0;
	if ((rc = rd_store_version_text(c->store, c->h, (size_t)version - 1, &c->buf)) < 0)
		return rc;
	*text = c->buf.ptr ? c->buf.ptr : "";
	*len = c->buf.len;
	return 0;
}

int cli_log_rows(struct rd_log_row **out, struct rd_store *s, const struct rd_history *h,
		 const struct rd_phrase *phrase, unsigned flags)
{
	struct text_ctx c = { s, h, RD_BUF_INIT };
	const char **ids = rd_calloc(h->n ? h->n : 1, sizeof(*ids));
	struct rd_log_row *rows = rd_calloc(h->n ? h->n : 1, sizeof(*rows));
	int rc;

	for (size_t i = 0; i < h->n; i++)
		ids[i] = h->v[i].text_deleted ? NULL : h->v[i].blob;
	rc = rd_log_scan(rows, h->n, text_of, &c, ids, RD_REVERT_WINDOW, phrase, flags);
	free(ids);
	rd_buf_release(&c.buf);
	if (rc < 0) {
		free(rows);
		*out = NULL;
		return rc;
	}
	*out = rows;
	return 0;
}

void cli_log_row_format(struct rd_buf *b, const struct rd_log_row *r, int with_words)
{
	if (r->text_deleted) {
		rd_buf_puts(b, "text deleted");
	} else {
		/* as Wikipedia's history page: size, then the change in bytes */
		rd_buf_printf(b, "%zu bytes (%+lld)", r->bytes, r->byte_delta);
		if (with_words)
		{
			/* "(+6 -1)", no zero side: "(+23)" */
			rd_buf_printf(b, ", %zu %s (", r->words, r->words == 1 ? "word" : "words");
			if (r->words_inserted || !r->words_deleted)
				rd_buf_printf(b, "+%zu%s", r->words_inserted, r->words_deleted ? " " : "");
			if (r->words_deleted)
				rd_buf_printf(b, "-%zu", r->words_deleted);
			rd_buf_putc(b, ')');
		}
	}
	if (r->revert.revert_to)
		rd_buf_printf(b, ", revert to version %d", r->revert.revert_to);
	if (r->revert.reverted_by)
		rd_buf_printf(b, ", reverted by version %d", r->revert.reverted_by);
}
