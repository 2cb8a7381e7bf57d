/* cmd_log.c - `revdiff log ENTRY`: the versions, newest first. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff log [--date=STYLE] ENTRY\n"
	"\n"
	"Lists the versions of ENTRY, newest first, one a line: the version\n"
	"number, its time, the words it inserted and deleted against the\n"
	"version before (the first version inserts all its words), the author,\n"
	"and the label or comment.\n"
	"\n"
	"Options:\n"
	CLI_DATE_HELP
	"  -h, --help           this help\n";

int cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATE_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_store *s;
	struct rd_history h = { 0 };
	struct rd_buf when = RD_BUF_INIT, words = RD_BUF_INIT, a = RD_BUF_INIT, b = RD_BUF_INIT;
	int opt, rc = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
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
	if (!(s = cli_store_open()))
		return EXIT_TROUBLE;
	if (rd_store_history(s, argv[optind], &h) < 0) {
		rc = cli_lib_error();
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
