/* cli_wiki.c - what wiki audits print: an import's progress line, a log
 * row (byte deltas, word counts, revert flags), one version's HTML
 * section.  The figures themselves come from history.c. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

int cli_import_start(struct cli_import *im)
{
	im->p.tty = isatty(2);
	im->p.start = cli_now();
	return (im->store = cli_store_open()) ? 0 : -1;
}

int cli_import_finish(struct cli_import *im, int rc)
{
	const struct cli_progress *p = &im->p;
	const struct rd_mw_import_stats *st = &im->st;

	if (!p->quiet) {
		if (st->pages_conflicting)
			printf("; %zu pages left as they were (their stored history differs)",
			       st->pages_conflicting);
		if (p->warnings)
			printf("; %zu warning%s", p->warnings, p->warnings == 1 ? "" : "s");
		putchar('\n');
	}
	rd_store_free(im->store);
	if (rc < 0)
		return cli_lib_error();
	return p->warnings ? EXIT_DIFFERENT : 0;
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

int cli_html_version(struct rd_store *s, const struct rd_history *h, const struct rd_side *sides,
		     size_t i, const struct rd_render_opts *o, const struct rd_diff_opts *dopts)
{
	struct rd_render_opts ro = *o;
	struct rd_history_diff hd;
	const struct rd_side *parent;
	int err;

	if ((err = rd_history_diff(&hd, s, h, i, dopts)) < 0)
		return err;
	parent = hd.parent != SIZE_MAX ? &sides[hd.parent] : NULL;
	if (!hd.d) {
		err = rd_render_html_deleted(&sides[i], parent, cli_write_stdout, NULL);
	} else {
		ro.format = RD_FORMAT_HTML;
		ro.fragment = 1;
		ro.from = parent;
		ro.to = &sides[i];
		err = rd_render(hd.d, &ro, cli_write_stdout, NULL);
	}
	rd_history_diff_release(&hd);
	return err;
}
