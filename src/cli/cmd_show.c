/* cmd_show.c - `revdiff show ENTRY[@REV]`: what one version changed
 * against the version before it, word by word, with both times. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff show [OPTIONS] ENTRY[@REV]\n"
	"\n"
	"Shows what a version of ENTRY changed against the version before it: a\n"
	"header with both versions' numbers, times and labels and the time\n"
	"between them, a one-line summary of the changes, then the word diff.\n"
	"The first version shows as all inserted.  A version whose text the\n"
	"source deleted is stepped over: the next one is compared with the one\n"
	"before it.  A version identical to an earlier one (up to 15 versions\n"
	"back) is flagged as a revert, and the versions it undid as reverted.\n"
	"\n"
	"Versions (the newest when no @REV is given):\n"
	"  ENTRY@3              the third version (counting from 1)\n"
	"  ENTRY@~1             one before the newest\n"
	"  ENTRY@{2017-08-20}   the version in force at that time (a date alone\n"
	"                       means its end; undated versions are never chosen)\n"
	"  ENTRY@r789001230     the version with that revision id\n"
	"  1a2b3c4              a commit id prefix (at least 4 hex digits)\n"
	"An address splits at the last '@' followed by one of these forms; an\n"
	"entry whose own name ends so is reached as NAME@~0.\n"
	"\n"
	"Options:\n"
	CLI_DIFF_HELP
	CLI_DATE_HELP
	"  -h, --help           this help\n"
	"\n"
	"--format=json prints one object with both versions' metadata and no\n"
	"header; --format=html one self-contained page with both versions, the\n"
	"diff inline and side by side.  Exit status: 0 when shown, 2 on trouble.\n";

/* `pi` is the parent's index, SIZE_MAX when none; `d` NULL when the
 * version's text was deleted. */
/* A label as it is safe to show (quote.c), newlines kept. */
static void print_label(const char *label)
{
	struct rd_buf b = RD_BUF_INIT;

	if (!label)
		return;
	rd_buf_put_shown(&b, label, strlen(label), 1);
	fwrite(b.ptr, 1, b.len, stdout);
	rd_buf_release(&b);
}

static void header(const struct rd_history *h, size_t i, size_t pi, const struct rd_diff *d,
		   unsigned hide)
{
	const struct rd_version *v = &h->v[i], *p = pi != SIZE_MAX ? &h->v[pi] : NULL;
	struct rd_buf t = RD_BUF_INIT, sum = RD_BUF_INIT;
	struct rd_revert *rv = rd_calloc(h->n, sizeof(*rv));

	char *q = rd_quote_name(h->entry);
	printf("entry    %s\n", q);
	free(q);
	cli_format_time(&t, &v->when);
	printf("version  %d of %zu   %s%s", v->number, h->n, t.ptr, v->label ? "   " : "");
	print_label(v->label);
	putchar('\n');
	printf("author   ");
	print_label(v->author ? v->author : "(unknown)");
	putchar('\n');
	if (v->minor || v->comment_deleted)
		printf("flags    %s%s%s\n", v->minor ? "[minor]" : "",
		       v->minor && v->comment_deleted ? "  " : "", v->comment_deleted ? "[comment deleted]" : "");
	if (p) {
		cli_format_time(&t, &p->when);
		printf("parent   %d of %zu   %s%s", p->number, h->n, t.ptr, p->label ? "   " : "");
		print_label(p->label);
		if (v->when.has_time && p->when.has_time) {
			int64_t span = v->when.sec - p->when.sec;
			rd_buf_clear(&t);
			if (span == 0) {
				printf("   (same time)");
			} else {
				rd_time_span(&t, span);
				printf("   (%s %s)", t.ptr, span > 0 ? "earlier" : "later");
			}
		} else {
			printf("   (time between unknown)");
		}
		putchar('\n');
	} else {
		printf("parent   none: the first version, shown as all inserted\n");
	}
	if (pi != SIZE_MAX && pi + 1 < i)
		printf("skipped  %zu version%s whose text was deleted\n", i - pi - 1, i - pi - 1 == 1 ? "" : "s");
	rd_history_reverts(rv, h);
	if (rv[i].revert_to)
		printf("revert   to version %d: the text is identical\n", rv[i].revert_to);
	if (rv[i].reverted_by)
		printf("reverted by version %d\n", rv[i].reverted_by);
	free(rv);
	if (!d) {
		printf("text     deleted in the source: nothing to show\n");
		rd_buf_release(&t);
		return;
	}
	rd_render_summary(&sum, d, hide);
	printf("changes  %s\n\n", sum.ptr);
	rd_buf_release(&t);
	rd_buf_release(&sum);
}

int cmd_show(int argc, char **argv)
{
	const struct option *longopts = cli_longopts(CLI_DIFF_OPTS " date");
	struct cli_diffopts o;
	struct rd_store *s = NULL;
	struct rd_history h = { 0 };
	struct rd_buf ta = RD_BUF_INIT, tb = RD_BUF_INIT;
	struct rd_history_diff hd = { 0 };
	struct rd_side from = { 0 }, to = { 0 };
	struct rd_diff *d = NULL;
	size_t i, pi;
	int opt, rc = EXIT_TROUBLE;

	cli_diffopts_init(&o);
	optind = 1;
	while ((opt = cli_diffopt_next(argc, argv, "haU:", longopts, "show", &o)) != -1) {
		if (opt < 0)
			return EXIT_TROUBLE;
		if (opt == OPT_DATE) {
			if (cli_parse_date_style("show", optarg))
				return EXIT_TROUBLE;
			continue;
		}
		return cli_help_or_bad_option(opt, usage_text, "show", argv, "haU:");
	}
	if (argc - optind != 1)
		return cli_usage_error("show", "show takes one ENTRY[@REV]");
	cli_diffopts_finish(&o);
	if (!(s = cli_store_open()))
		goto out;
	if (rd_store_resolve(s, argv[optind], &h, &i) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	/* a deleted text is said so (no JSON of it), never diffed as empty */
	if (h.v[i].text_deleted && o.render.format == RD_FORMAT_JSON) {
		rc = cli_error("version %zu of '%s' has its text deleted in the source", i + 1, h.entry);
		goto out;
	}
	if (rd_history_diff(&hd, s, &h, i, &o.diff) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	pi = hd.parent;
	if (!(d = hd.d)) {
		header(&h, i, pi, NULL, o.render.hide);
		rc = 0;
		goto out;
	}
	if (pi != SIZE_MAX)
		cli_side_of(&from, &ta, &h, pi);
	cli_side_of(&to, &tb, &h, i);
	{
		struct rd_revert *rv = rd_calloc(h.n, sizeof(*rv));
		rd_history_reverts(rv, &h);
		to.revert_to = rv[i].revert_to;
		to.reverted_by = rv[i].reverted_by;
		if (pi != SIZE_MAX) {
			from.revert_to = rv[pi].revert_to;
			from.reverted_by = rv[pi].reverted_by;
		}
		free(rv);
	}
	o.render.from = pi != SIZE_MAX ? &from : NULL;
	o.render.to = &to;
	/* json and html carry both versions themselves */
	if (o.render.format != RD_FORMAT_JSON && o.render.format != RD_FORMAT_HTML)
		header(&h, i, pi, d, o.render.hide);
	if (o.stat && o.render.format == RD_FORMAT_JSON) {
		o.render.stat_only = 1;
		if (rd_render(d, &o.render, cli_write_stdout, NULL) < 0) {
			rc = cli_lib_error();
			goto out;
		}
	} else if (o.stat) {
		char na[64], nb[64];
		snprintf(na, sizeof(na), "version %zu", pi + 1);
		snprintf(nb, sizeof(nb), "version %zu", i + 1);
		cli_print_stat(d, pi != SIZE_MAX ? na : "(nothing)", nb, o.render.hide);
	} else if (rd_render(d, &o.render, cli_write_stdout, NULL) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = 0;
out:
	rd_history_diff_release(&hd);
	rd_history_release(&h);
	rd_buf_release(&ta);
	rd_buf_release(&tb);
	rd_store_free(s);
	return rc;
}
