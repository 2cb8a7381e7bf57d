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
"      --format=FMT     color, plain or json; default color on a terminal.\n"
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

/* Versions read between two openings of the store (see the loop). */
#define REOPEN_EVERY 1000

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

int cmd_blame(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 1000 },
		{ "color", optional_argument, NULL, 1001 },
		CLI_DATE_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_store *store = NULL;
	struct rd_history h;
	struct rd_blame *b = NULL;
	struct rd_buf text = RD_BUF_INIT;
	struct sides sides = { 0 };
	struct rd_blame_render_opts ro;
	size_t index = 0;
	int format = -1, opt, rc = EXIT_TROUBLE;

	memset(&h, 0, sizeof(h));
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 1000:
			format = rd_format_parse(optarg);
			if (format != RD_FORMAT_PLAIN && format != RD_FORMAT_COLOR && format != RD_FORMAT_JSON)
				return cli_usage_error("blame", "unknown format '%s' (color, plain or json)", optarg);
			break;
		case 1001:
			if (cli_parse_color(optarg) <= 0)
				return cli_usage_error("blame", "--color takes auto, always or never, not '%s'", optarg);
			break;
		case 1100:
			if (cli_parse_date_style("blame", optarg))
				return EXIT_TROUBLE;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_bad_option("blame", argv, "h");
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
		if (v->text_deleted)
			continue;
		/* libgit2 keeps a delta-base cache in each pack file it reads,
		 * and a long imported history spans many packs: reopening the
		 * store now and then drops them (Anarchism: 16 packs) */
		if (i && i % REOPEN_EVERY == 0) {
			rd_store_free(store);
			if (!(store = cli_store_open()))
				goto done;
		}
		if (rd_store_version_text(store, &h, i, &text) < 0 ||
		    rd_blame_add(b, (int)i + 1, text.ptr ? text.ptr : "", text.len) < 0) {
			rc = cli_lib_error();
			goto done;
		}
	}
	memset(&ro, 0, sizeof(ro));
	ro.format = (enum rd_format)format;
	ro.blamed = &sides.v[index];
	ro.side = side_of;
	ro.side_ctx = &sides;
	if (rd_blame_render(b, &ro, cli_write_stdout, NULL) < 0) {
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
	rd_buf_release(&text);
	rd_history_release(&h);
	rd_store_free(store);
	return rc;
}
