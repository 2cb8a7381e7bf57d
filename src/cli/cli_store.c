/* cli_store.c - what the store commands share: opening the store, --date,
 * and turning a version into the rd_side the renderers print. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum rd_date_style cli_date_style = RD_DATE_ISO;

/* The store the command opened, for the change tags read on demand. */
static struct rd_store *opened;
static struct rd_mw_tags *mw_tags;
static int mw_tags_tried;

static void mw_tags_drop(void)
{
	rd_mw_tags_free(mw_tags);
}

struct rd_store *cli_store_open(void)
{
	struct rd_store *s;

	if (rd_store_open(&s, cli.store) < 0) {
		cli_lib_error();
		return NULL;
	}
	opened = s;
	return s;
}

const char *cli_mw_tags(const char *commit)
{
	if (!mw_tags_tried && opened) {
		mw_tags_tried = 1;
		/* a store whose tags cannot be read still shows its versions */
		if (rd_mw_tags_load(&mw_tags, opened) < 0)
			fprintf(stderr, "revdiff: warning: %s\n", rd_error_last());
		atexit(mw_tags_drop);
	}
	return mw_tags && commit ? rd_mw_tags_of(mw_tags, commit) : NULL;
}

int cli_parse_date_style(const char *cmd, const char *arg)
{
	int st = rd_date_style_parse(arg);

	if (st < 0)
		return cli_usage_error(cmd, "--date takes iso, relative, unix or short, not '%s'", arg);
	cli_date_style = (enum rd_date_style)st;
	return 0;
}

void cli_format_time(struct rd_buf *b, const struct rd_time *t)
{
	rd_buf_clear(b);
	rd_time_format(b, t, cli_date_style, (int64_t)time(NULL));
}

void cli_side_of(struct rd_side *side, struct rd_buf *ts, const struct rd_history *h, size_t i)
{
	const struct rd_version *v = &h->v[i];

	memset(side, 0, sizeof(*side));
	rd_buf_clear(ts);
	side->name = h->entry;
	side->version = v->number;
	side->nversions = (int)h->n;
	side->commit = v->commit;
	if (v->when.has_time)
		rd_time_format(ts, &v->when, RD_DATE_STRICT, 0);
	side->author = v->author;
	side->label = v->label;
	side->revision_id = v->revision_id;
	side->tags = cli_mw_tags(v->commit);
	side->minor = v->minor;
	side->text_deleted = v->text_deleted;
	side->comment_deleted = v->comment_deleted;
	if (v->when.has_time) {
		/* the strict form, a NUL, then the one for people, in one buffer */
		size_t at = ts->len + 1;
		rd_buf_putc(ts, '\0');
		rd_time_format(ts, &v->when, cli_date_style, (int64_t)time(NULL));
		side->timestamp = ts->ptr;
		side->shown_time = ts->ptr + at;
	}
}

void cli_sides_fill(struct cli_sides *s, const struct rd_history *h, const struct rd_log_row *rows)
{
	struct rd_revert *rv = rd_calloc(h->n ? h->n : 1, sizeof(*rv));

	s->n = h->n;
	s->v = rd_calloc(h->n ? h->n : 1, sizeof(*s->v));
	s->ts = rd_calloc(h->n ? h->n : 1, sizeof(*s->ts));
	rd_history_reverts(rv, h);
	for (size_t i = 0; i < h->n; i++) {
		cli_side_of(&s->v[i], &s->ts[i], h, i);
		s->v[i].revert_to = rv[i].revert_to;
		s->v[i].reverted_by = rv[i].reverted_by;
		s->v[i].row = rows ? &rows[i] : NULL;
	}
	free(rv);
}

void cli_sides_release(struct cli_sides *s)
{
	for (size_t i = 0; i < s->n; i++)
		rd_buf_release(&s->ts[i]);
	free(s->ts);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int cli_history_upto(struct rd_store *s, const char *address, struct rd_history *h)
{
	size_t i;
	int err = rd_store_resolve(s, address, h, &i);

	if (err < 0)
		return err;
	rd_history_truncate(h, i + 1);
	return 0;
}
