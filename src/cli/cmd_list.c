/* cmd_list.c - `revdiff list`: the entries, with version counts and times. */
#include "cli.h"

#include <stdlib.h>

static const char usage_text[] =
	"usage: revdiff list [--date=STYLE | --names]\n"
	"\n"
	"Lists the store's entries, one a line: the name, the number of\n"
	"versions, and the times of the first and the newest version\n"
	"(\"(undated)\" when a version has no known time).  An entry the store\n"
	"holds damaged (changed outside revdiff: a commit or text missing) is\n"
	"flagged [damaged] and named on stderr, and the exit status is then 2.\n"
	"\n"
	"Options:\n"
	CLI_DATE_HELP
	"      --names          the names only, one a line (for scripts and the\n"
	"                       shell completions)\n"
	"  -h, --help           this help\n";

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATE_LONGOPT,
		{ "names", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_store *s;
	struct rd_buf first = RD_BUF_INIT, last = RD_BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	int opt, rc = 0, names_only = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 1100) {
			if (cli_parse_date_style("list", optarg))
				return EXIT_TROUBLE;
			continue;
		}
		if (opt == 'n') {
			names_only = 1;
			continue;
		}
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return 0;
		}
		return cli_usage_error("list", "unknown option");
	}
	if (optind != argc)
		return cli_usage_error("list", "list takes no arguments");
	if (!(s = cli_store_open()))
		return EXIT_TROUBLE;
	if (rd_store_entries(s, &names, &n) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (size_t i = 0; i < n && names_only; i++) {
		char *q = rd_quote_name(names[i]);
		printf("%s\n", q);
		free(q);
	}
	for (size_t i = 0; i < n && !names_only; i++) {
		struct rd_history h;
		char *q = rd_quote_name(names[i]);
		int err = rd_store_history(s, names[i], &h);
		if (err == RD_EDAMAGED) {
			/* its chain is broken: the others are still listed */
			printf("%s  [damaged]\n", q);
			free(q);
			rc = cli_lib_error();
			continue;
		}
		if (err < 0) {
			free(q);
			rc = cli_lib_error();
			break;
		}
		cli_format_time(&first, &h.v[0].when);
		cli_format_time(&last, &h.v[h.n - 1].when);
		printf("%s  %zu version%s  %s .. %s", q, h.n, h.n == 1 ? "" : "s", first.ptr, last.ptr);
		for (size_t k = 0; k < h.n; k++)
			if (h.v[k].damaged)
				printf("  [damaged: version %d]", h.v[k].number);
		putchar('\n');
		for (size_t k = 0; k < h.n; k++)
			if (h.v[k].damaged)
				rc = cli_error("entry '%s' is damaged: version %d (commit %s): %s",
					       names[i], h.v[k].number, h.v[k].commit, h.v[k].damaged);
		free(q);
		rd_history_release(&h);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	rd_buf_release(&first);
	rd_buf_release(&last);
	rd_store_free(s);
	return rc;
}
