/* cmd_log.c - `revdiff log ENTRY`: the versions, newest first. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff log [--date=STYLE] [--stat] ENTRY\n"
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

int cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATE_LONGOPT,
		{ "stat", no_argument, NULL, 1101 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_store *s;
	struct rd_history h = { 0 };
	struct rd_buf when = RD_BUF_INIT, words = RD_BUF_INIT, a = RD_BUF_INIT, b = RD_BUF_INIT;
	int opt, rc = 0, stat = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 1100) {
			if (cli_parse_date_style("log", optarg))
				return EXIT_TROUBLE;
			continue;
		}
		if (opt == 1101) {
			stat = 1;
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
