/* cmd_list.c - `revdiff list`: the entries, with version counts and times. */
#include "cli.h"

#include <stdlib.h>

static const char usage_text[] =
	"usage: revdiff list [--date=STYLE | --names]\n"
	"\n"
	"Lists the store's entries, one a line: the name, the number of\n"
	"versions, and the times of the first and the newest version\n"
	"(\"(undated)\" when a version has no known time), in the order of the\n"
	"entries' ref names, as it reads them (a store of millions lists at once).\n"
	"An entry the store holds damaged (changed outside revdiff: a commit or\n"
	"text missing) is flagged [damaged] and named on stderr, and the exit\n"
	"status is then 2.\n"
	"\n"
	"Options:\n"
	CLI_DATE_HELP
	"      --names          the names only, one a line (for scripts and the\n"
	"                       shell completions)\n"
	"  -h, --help           this help\n";

struct list_ctx {
	struct rd_store *s;
	int names_only;
	int rc; /* 2 once an entry was damaged */
	struct rd_buf first, last;
};

/* One line per entry as the refs are read: a store of millions of
 * entries lists in constant memory, and the first lines come at once. */
static int list_one(void *ctx, const char *entry, const char *commit)
{
	struct list_ctx *l = ctx;
	struct rd_history h;
	char *q;
	int err;

	(void)commit;
	if (l->names_only) {
		q = rd_quote_name(entry);
		printf("%s\n", q);
		free(q);
		return 0;
	}
	q = rd_quote_name(entry);
	err = rd_store_history(l->s, entry, &h);
	if (err == RD_EDAMAGED) {
		/* its chain is broken: the others are still listed */
		printf("%s  [damaged]\n", q);
		free(q);
		l->rc = cli_lib_error();
		return 0;
	}
	if (err < 0) {
		free(q);
		return -1;
	}
	cli_format_time(&l->first, &h.v[0].when);
	cli_format_time(&l->last, &h.v[h.n - 1].when);
	printf("%s  %zu version%s  %s .. %s", q, h.n, h.n == 1 ? "" : "s", l->first.ptr,
	       l->last.ptr);
	for (size_t k = 0; k < h.n; k++)
		if (h.v[k].damaged)
			printf("  [damaged: version %d]", h.v[k].number);
	putchar('\n');
	for (size_t k = 0; k < h.n; k++)
		if (h.v[k].damaged)
			l->rc = cli_error("entry '%s' is damaged: version %d (commit %s): %s",
					  entry, h.v[k].number, h.v[k].commit, h.v[k].damaged);
	free(q);
	rd_history_release(&h);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("date names");
	struct list_ctx l = { NULL, 0, 0, RD_BUF_INIT, RD_BUF_INIT };
	int opt, rc = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == OPT_DATE) {
			if (cli_parse_date_style("list", optarg))
				return EXIT_TROUBLE;
			continue;
		}
		if (opt == OPT_NAMES) {
			l.names_only = 1;
			continue;
		}
		return cli_help_or_bad_option(opt, usage_text, "list", argv, "h");
	}
	if (optind != argc)
		return cli_usage_error("list", "list takes no arguments");
	if (!(l.s = cli_store_open()))
		return EXIT_TROUBLE;
	if (rd_store_foreach_entry(l.s, list_one, &l) != 0)
		rc = cli_lib_error();
	else
		rc = l.rc;
	rd_buf_release(&l.first);
	rd_buf_release(&l.last);
	rd_store_free(l.s);
	return rc;
}
