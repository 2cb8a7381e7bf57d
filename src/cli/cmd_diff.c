/*
 * cmd_diff.c - `revdiff diff FILE FILE`: the word diff of two files.
 * NEEDSWORK: ENTRY@REV addresses come with the store.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff diff [OPTIONS] OLD NEW\n"
	"\n"
	"Shows, word by word, what changed from OLD to NEW (files, or - for\n"
	"standard input).\n"
	"\n"
	"Options:\n"
	CLI_DIFF_HELP
	"  -h, --help           this help\n"
	"\n"
	"In plain output, [- -] holds deleted text and {+ +} inserted text; where\n"
	"the text itself holds [- -] {+ +} [~ ~] {~ ~} or a backslash before one of\n"
	"- + ~ ] } a backslash is put after its first character ([\\-, -\\], \\\\).\n"
	"Whitespace-only changes show as glyphs: \xc2\xb7 space, \xe2\x86\x92 tab, \xe2\x86\xb5 newline.\n"
	"Moved text shows once: [~moved to line N~] where it was, {~text~} where it\n"
	"is, with the word diff against its old self inside.\n"
	"\n"
	"Each change has a class (in --stat, JSON, color, and for --ignore).\n"
	"Trivial ones, in yellow, leave the wording alone:\n"
	"  whitespace   only spaces or line breaks (reflow)\n"
	"  unicode      only the Unicode form: NFC/NFD, NBSP, curly quotes, dashes\n"
	"  case         only letter case (Stra\xc3\x9f" "e -> STRASSE)\n"
	"  spacing      same letters, spaced or hyphenated: cybersecurity -> cyber security\n"
	"  punctuation  only punctuation\n"
	"Substantive ones:\n"
	"  quotation    inside quotation marks \"\xe2\x80\xa6\" \xe2\x80\x9c\xe2\x80\xa6\xe2\x80\x9d \xc2\xab\xe2\x80\xa6\xc2\xbb \xe2\x80\x9e\xe2\x80\xa6\xe2\x80\x9c \xe3\x80\x8c\xe2\x80\xa6\xe3\x80\x8d\n"
	"  number       numbers, dates, times: 2,680 -> 2,860, July 9 -> July 10\n"
	"  spelling     one word for a close one: recieve -> receive (never now -> not)\n"
	"  moved        a sentence or paragraph moved, perhaps edited\n"
	"  insert, delete, replace   anything else\n"
	"When several fit, the first listed wins, moved right after whitespace: a\n"
	"spacing fix inside a quotation is spacing, a number changed inside one is\n"
	"quotation.\n"
	"\n"
	"Exit status: 0 when the texts are the same, 1 when they differ, 2 on\n"
	"trouble.\n";

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DIFF_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_diffopts o;
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff *d = NULL;
	struct rd_side from = { 0 }, to = { 0 };
	int opt, rc = EXIT_TROUBLE;

	cli_diffopts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+haU:", longopts, NULL)) != -1) {
		int r = cli_diffopt(opt, optarg, "diff", &o);
		if (r < 0)
			return EXIT_TROUBLE;
		if (r)
			continue;
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return EXIT_SAME;
		}
		return cli_usage_error("diff", "unknown option");
	}
	if (argc - optind != 2)
		return cli_usage_error("diff", "diff takes two files");
	cli_diffopts_finish(&o);

	const char *pa = argv[optind], *pb = argv[optind + 1];
	if (!strcmp(pa, "-") && !strcmp(pb, "-"))
		return cli_error("only one side can be standard input");
	if (rd_file_read(&a, pa) < 0 || rd_file_read(&b, pb) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!o.text && (rd_text_is_binary(a.ptr, a.len) || rd_text_is_binary(b.ptr, b.len))) {
		if (a.len == b.len && !memcmp(a.ptr, b.ptr, a.len)) {
			rc = EXIT_SAME;
		} else {
			printf("Binary files %s and %s differ\n", pa, pb);
			rc = EXIT_DIFFERENT;
		}
		goto out;
	}
	if (rd_diff_texts(&d, a.ptr ? a.ptr : "", a.len, b.ptr ? b.ptr : "", b.len, &o.diff) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rd_classify(d);
	from.name = pa;
	from.is_file = 1;
	to.name = pb;
	to.is_file = 1;
	o.render.from = &from;
	o.render.to = &to;
	if (o.stat)
		cli_print_stat(d, pa, pb);
	else if (rd_render(d, &o.render, cli_write_stdout, NULL) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (d->bounded && o.render.format != RD_FORMAT_JSON)
		fprintf(stderr, "revdiff: note: the texts differ too much for a shortest diff; "
			"some regions are shown as replaced whole\n");
	rc = cli_visible_changes(d, o.render.hide) ? EXIT_DIFFERENT : EXIT_SAME;
out:
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
	return rc;
}
