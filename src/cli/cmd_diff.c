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
	"the text itself holds [- -] { + + } or a backslash before one of - + ] }\n"
	"a backslash is put after its first character ([\\-, -\\], {\\+, +\\}, \\\\).\n"
	"Whitespace-only changes show as glyphs: \xc2\xb7 space, \xe2\x86\x92 tab, \xe2\x86\xb5 newline.\n"
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
	struct rd_file a, b;
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
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (rd_file_load(&a, pa) < 0 || rd_file_load(&b, pb) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!o.text && (rd_text_is_binary(a.data, a.len) || rd_text_is_binary(b.data, b.len))) {
		if (a.len == b.len && !memcmp(a.data, b.data, a.len)) {
			rc = EXIT_SAME;
		} else {
			printf("Binary files %s and %s differ\n", pa, pb);
			rc = EXIT_DIFFERENT;
		}
		goto out;
	}
	if (rd_diff_texts(&d, a.data, a.len, b.data, b.len, &o.diff) < 0) {
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
	rd_file_release(&a);
	rd_file_release(&b);
	return rc;
}
