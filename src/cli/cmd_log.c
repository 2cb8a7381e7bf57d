/* cmd_log.c - `revdiff log ENTRY`: the versions, newest first. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff log [--date=STYLE] [--stat] [--format=html [DIFF OPTIONS]] ENTRY\n"
	"\n"
	"Lists the versions of ENTRY, newest first, one a line: the version\n"
	"number, its time, the words it inserted and deleted against the\n"
	"version before (the first version inserts all its words), the author,\n"
	"and the label or comment.\n"
	"\n"
	"Options:\n"
	CLI_DATE_HELP
	"      --stat           under each version, its changed words split into\n"
	"                       substantive and trivial (whitespace, spacing, case,\n"
	"                       unicode, punctuation) and its changes by class\n"
	"      --format=html    one self-contained HTML page instead: the table of\n"
	"                       versions (times, contributors, comments), then\n"
	"                       each version's diff, inline and side by side\n"
	"  -U, --context=N      with html: lines of context (default 3)\n"
	"      --full           with html: the whole texts\n"
	"      --ignore=CLASSES with html: hide these change classes\n"
	"  -h, --help           this help\n";

/* "    4 substantive words, 3 trivial: 1 spacing, 1 insert" */
static int log_stat(const char *a, size_t alen, const char *b, size_t blen)
{
	struct rd_diff *d;
	size_t sub, triv;
	int first = 1;

	if (rd_diff_texts(&d, a, alen, b, blen, NULL) < 0)
		return -1;
	rd_classify(d);
	rd_diff_words_by_kind(d, &sub, &triv);
	printf("    %zu substantive %s, %zu trivial", sub, sub == 1 ? "word" : "words", triv);
	for (int c = 1; c < RD_CLASS__COUNT; c++) {
		if (!d->stats.by_class[c])
			continue;
		printf("%s %zu %s", first ? ":" : ",", d->stats.by_class[c],
		       rd_class_name((enum rd_class)c));
		first = 0;
	}
	putchar('\n');
	rd_diff_free(d);
	return 0;
}

/* The versions newest first, then each one's diff against its parent. */
static int log_html(struct rd_store *s, const struct rd_history *h, const struct cli_diffopts *o)
{
	struct rd_side *sides = rd_calloc(h->n ? h->n : 1, sizeof(*sides));
	struct rd_side *newest_first = rd_calloc(h->n ? h->n : 1, sizeof(*sides));
	struct rd_buf *ts = rd_calloc(h->n ? h->n : 1, sizeof(*ts));
	struct rd_buf *shown = rd_calloc(h->n ? h->n : 1, sizeof(*shown));
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT, title = RD_BUF_INIT;
	struct rd_render_opts ro = o->render;
	int rc = EXIT_TROUBLE;

	for (size_t i = 0; i < h->n; i++) {
		cli_side_of(&sides[i], &ts[i], h, i);
		newest_first[h->n - 1 - i] = sides[i];
		/* the table shows times in --date's style (log.date) */
		if (h->v[i].when.has_time) {
			cli_format_time(&shown[i], &h->v[i].when);
			newest_first[h->n - 1 - i].timestamp = shown[i].ptr;
		}
	}
	rd_buf_printf(&title, "History of %s", h->entry);
	if (rd_render_html_begin(title.ptr, cli_write_stdout, NULL) < 0 ||
	    rd_render_html_versions(newest_first, h->n, cli_write_stdout, NULL) < 0)
		goto fail;
	ro.format = RD_FORMAT_HTML;
	ro.fragment = 1;
	for (size_t i = h->n; i-- > 0;) {
		struct rd_diff *d = NULL;
		rd_buf_clear(&a);
		if (rd_store_text(s, &h->v[i], &b) < 0 || (i && rd_store_text(s, &h->v[i - 1], &a) < 0) ||
		    rd_diff_texts(&d, a.ptr ? a.ptr : "", a.len, b.ptr ? b.ptr : "", b.len, &o->diff) < 0)
			goto fail;
		rd_classify(d);
		ro.from = i ? &sides[i - 1] : NULL;
		ro.to = &sides[i];
		int err = rd_render(d, &ro, cli_write_stdout, NULL);
		rd_diff_free(d);
		if (err < 0)
			goto fail;
	}
	if (rd_render_html_end(cli_write_stdout, NULL) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = cli_lib_error();
out:
	for (size_t i = 0; i < h->n; i++) {
		rd_buf_release(&ts[i]);
		rd_buf_release(&shown[i]);
	}
	free(ts);
	free(shown);
	free(sides);
	free(newest_first);
	rd_buf_release(&a);
	rd_buf_release(&b);
	rd_buf_release(&title);
	return rc;
}

int cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATE_LONGOPT,
		{ "format", required_argument, NULL, 1000 },
		{ "context", required_argument, NULL, 1002 },
		{ "full", no_argument, NULL, 1003 },
		{ "ignore", required_argument, NULL, 1005 },
		{ "stat", no_argument, NULL, 1101 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_store *s;
	struct rd_history h = { 0 };
	struct rd_buf when = RD_BUF_INIT, words = RD_BUF_INIT, a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct cli_diffopts o;
	int opt, rc = 0, stat = 0;

	cli_diffopts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "hU:", longopts, NULL)) != -1) {
		int r = cli_diffopt(opt, optarg, "log", &o);
		if (r < 0)
			return EXIT_TROUBLE;
		if (r)
			continue;
		if (opt == 1101) {
			stat = 1;
			continue;
		}
		if (opt == 1100) {
			if (cli_parse_date_style("log", optarg))
				return EXIT_TROUBLE;
			continue;
		}
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return 0;
		}
		return cli_usage_error("log", "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error("log", "log takes one entry");
	if (o.format_set && o.render.format != RD_FORMAT_HTML)
		return cli_usage_error("log", "log's --format takes html (the default is a line per version)");
	if (!(s = cli_store_open()))
		return EXIT_TROUBLE;
	if (rd_store_history(s, argv[optind], &h) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (o.format_set) {
		rc = log_html(s, &h, &o);
		goto out;
	}
	for (size_t i = h.n; i-- > 0;) {
		const struct rd_version *v = &h.v[i];
		rd_buf_clear(&words);
		if (rd_store_text(s, v, &b) < 0 || (i && rd_store_text(s, &h.v[i - 1], &a) < 0)) {
			rc = cli_lib_error();
			break;
		}
		if (!i)
			rd_buf_clear(&a);
		if (cli_word_counts(&words, a.ptr ? a.ptr : "", a.len, b.ptr ? b.ptr : "", b.len) < 0) {
			rc = cli_lib_error();
			break;
		}
		cli_format_time(&when, &v->when);
		/* the label's first line: log is one line per version */
		printf("%d  %s  %s  %s%s%.*s\n", v->number, when.ptr, words.ptr, v->author,
		       v->label ? "  " : "", v->label ? (int)strcspn(v->label, "\n") : 0,
		       v->label ? v->label : "");
		if (stat && log_stat(a.ptr ? a.ptr : "", a.len, b.ptr ? b.ptr : "", b.len) < 0) {
			rc = cli_lib_error();
			break;
		}
	}
out:
	rd_history_release(&h);
	rd_buf_release(&when);
	rd_buf_release(&words);
	rd_buf_release(&a);
	rd_buf_release(&b);
	rd_store_free(s);
	return rc;
}
