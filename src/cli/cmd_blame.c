/* cmd_blame.c - `revdiff blame ENTRY[@REV]`: who wrote each word. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
"usage: revdiff blame [options] ENTRY[@REV]\n"
"\n"
"Shows every word of a version (the newest by default) with the version,\n"
"time and author that introduced it.  Text that was moved, or removed and\n"
"later restored, keeps its original author (a revert or a reorder is not\n"
"credited with the words it brings back or moves).  Versions whose text\n"
"was deleted are stepped over.\n"
"\n"
"      --format=FMT     color, plain, json or html; default color on a\n"
"                       terminal.  html: one page, the text coloured by\n"
"                       author (as WikiWho's WhoColor) with a legend of\n"
"                       their shares; each run of words links to the diff\n"
"                       that introduced it, and hovering names the author,\n"
"                       time and revision.\n"
"                       Text formats list each origin version with its\n"
"                       word count, then the text with [vN] where a run of\n"
"                       words from version N starts (in plain text, page\n"
"                       text like \"[v9]\" is written \"[\\v9]\", and \"[\\\"\n"
"                       as \"[\\\\\").  json: every token,\n"
"                       whitespace included, with its origin and the\n"
"                       versions that removed, restored and moved it\n"
"      --color[=WHEN]   auto, always or never (NO_COLOR is honoured)\n"
CLI_DATE_HELP
"  -h, --help           this help\n"
"\n"
"ENTRY@REV: ENTRY@3 (third version), ENTRY@~1 (one before the newest),\n"
"ENTRY@{2017-08-20}, ENTRY@rREVID (a revision id), or a commit id prefix.\n";

struct sides {
	struct rd_side *v;
	struct rd_buf *times;
	size_t n;
};

static const struct rd_side *side_of(void *ctx, int version)
{
	struct sides *s = ctx;

	return version >= 1 && (size_t)version <= s->n ? &s->v[version - 1] : NULL;
}

/* After the HTML blame: the diff of every version that wrote some of the
 * text, newest first, where the text's links lead; then the page's end. */
static int blame_diffs(struct rd_store *s, const struct rd_history *h, const struct sides *sd,
		       struct rd_blame *b)
{
	size_t n;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	unsigned char *wrote = rd_calloc(sd->n + 1, 1);
	struct rd_render_opts ro;
	struct rd_diff_opts dopts;
	int err = 0;

	rd_render_opts_init(&ro);
	rd_diff_opts_init(&dopts);
	for (size_t i = 0; i < n; i++)
		if (t[i].origin >= 1 && (size_t)t[i].origin <= sd->n)
			wrote[t[i].origin] = 1;
	for (size_t v = sd->n; v >= 1 && !err; v--)
		if (wrote[v])
			err = cli_html_version(s, h, sd->v, v - 1, &ro, &dopts);
	free(wrote);
	return err ? err : rd_render_html_end(cli_write_stdout, NULL);
}

int cmd_blame(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("format color date");
	struct rd_store *store = NULL;
	struct rd_history h;
	struct rd_blame *b = NULL;
	struct sides sides = { 0 };
	struct rd_blame_render_opts ro;
	size_t index = 0;
	int format = -1, opt, rc = EXIT_TROUBLE;

	memset(&h, 0, sizeof(h));
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_FORMAT:
			format = rd_format_parse(optarg);
			if (format != RD_FORMAT_PLAIN && format != RD_FORMAT_COLOR && format != RD_FORMAT_JSON &&
			    format != RD_FORMAT_HTML)
				return cli_usage_error("blame", "unknown format '%s' (color, plain, json or html)",
						       optarg);
			break;
		case OPT_COLOR:
			if (cli_color_option(opt, optarg, "blame") < 0)
				return EXIT_TROUBLE;
			break;
		case OPT_DATE:
			if (cli_parse_date_style("blame", optarg))
				return EXIT_TROUBLE;
			break;
		default:
			return cli_help_or_bad_option(opt, usage, "blame", argv, "h");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("blame", "one ENTRY[@REV] is needed");
	if (format < 0)
		format = cli_use_color() ? RD_FORMAT_COLOR : RD_FORMAT_PLAIN;

	if (!(store = cli_store_open()))
		goto done;
	if (rd_store_resolve(store, argv[optind], &h, &index) < 0) {
		rc = cli_lib_error();
		goto done;
	}
	if (h.v[index].text_deleted) {
		rc = cli_error("version %zu of '%s' has its text deleted: there is nothing to blame (try %s@%zu)",
			       index + 1, h.entry, h.entry, index);
		goto done;
	}
	sides.n = index + 1;
	sides.v = rd_calloc(sides.n, sizeof(*sides.v));
	sides.times = rd_calloc(sides.n, sizeof(*sides.times));
	b = rd_blame_new();
	for (size_t i = 0; i <= index; i++) {
		const struct rd_version *v = &h.v[i];

		cli_side_of(&sides.v[i], &sides.times[i], &h, i);
		if (v->comment_deleted)
			sides.v[i].label = "[comment deleted]";
	}
	if (rd_history_blame(b, store, &h, index) < 0) {
		rc = cli_lib_error();
		goto done;
	}
	memset(&ro, 0, sizeof(ro));
	ro.format = (enum rd_format)format;
	ro.blamed = &sides.v[index];
	ro.side = side_of;
	ro.side_ctx = &sides;
	if (rd_blame_render(b, &ro, cli_write_stdout, NULL) < 0 ||
	    (format == RD_FORMAT_HTML && blame_diffs(store, &h, &sides, b) < 0)) {
		rc = cli_lib_error();
		goto done;
	}
	rc = 0;
done:
	for (size_t i = 0; i < sides.n; i++)
		rd_buf_release(&sides.times[i]);
	free(sides.times);
	free(sides.v);
	rd_blame_free(b);
	rd_history_release(&h);
	rd_store_free(store);
	return rc;
}
