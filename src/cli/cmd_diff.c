/*
 * cmd_diff.c - `revdiff diff OLD NEW`: the word diff of two files, two
 * stored versions (ENTRY@REV, also of different entries), or one of each.
 * An argument that names an existing file (or -) is that file; any other
 * is a store address.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: revdiff diff [OPTIONS] OLD NEW\n"
	"       revdiff diff [OPTIONS] OLD_DIR NEW_DIR\n"
	"\n"
	"Shows, word by word, what changed from OLD to NEW.  Each is a file (-\n"
	"for standard input) or, when no file has that name, a version in the\n"
	"store: ENTRY (its newest version), ENTRY@N, ENTRY@~N, ENTRY@{DATE},\n"
	"ENTRY@rREVID or a commit id prefix (see 'revdiff show --help').  The\n"
	"two versions may belong to different entries.\n"
	"\n"
	"Two directories are compared file by file, recursively, paired by path:\n"
	"a file in one only is added or removed and shown whole, or a rename when\n"
	"a removed and an added file are 50% or more alike (as git); binary files\n"
	"are reported.  Each pair starts with git's header lines; JSON is one\n"
	"object a line (JSON lines) with a \"status\": modified, added, removed,\n"
	"renamed or binary; --stat ends with the totals.\n"
	"\n"
	"Options:\n"
	CLI_DIFF_HELP
	"  -q, --brief          only say which files differ\n"
	"      --quiet          print nothing: the exit status tells (git's)\n"
	"      --exit-code      accepted for git's sake (the status always tells)\n"
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

/* One side: a file when `arg` is - or exists, else a store version. */
struct side {
	const char *data; /* the text: mapped file, or stored version */
	size_t len;
	struct rd_file file;
	struct rd_buf text;
	struct rd_history h;
	struct rd_buf ts;
	struct rd_side info;
	int is_file;
};

static int load_file(struct side *sd, const char *path)
{
	int err = rd_file_load(&sd->file, path);

	sd->data = sd->file.data;
	sd->len = sd->file.len;
	return err;
}

/* A side is a file when `arg` is - or exists, else a store version. */
static int is_file_arg(const char *arg)
{
	return !strcmp(arg, "-") || access(arg, F_OK) == 0;
}

static int load_side(struct side *sd, const char *arg, struct rd_store **s)
{
	size_t i;
	int err;

	if (is_file_arg(arg)) {
		sd->is_file = 1;
		sd->info.name = arg;
		sd->info.is_file = 1;
		return load_file(sd, arg);
	}
	if (!*s && rd_store_open(s, cli.store) < 0) {
		if (rd_address_has_rev(arg))
			return RD_ENOTFOUND;
		return load_file(sd, arg); /* the plain "cannot open" */
	}
	if ((err = rd_store_resolve(*s, arg, &sd->h, &i)) < 0) {
		if (err == RD_ENOTFOUND && !rd_address_has_rev(arg))
			return rd_error_set(RD_ENOTFOUND, "cannot open '%s': no such file, and no "
					    "entry or commit of that name in the store", arg);
		return RD_ENOTFOUND;
	}
	if (sd->h.v[i].text_deleted)
		/* a hidden text is not an empty one: there is nothing to compare */
		return rd_error_set(RD_EINVALID, "version %zu of '%s' has its text deleted in the "
				    "source: there is nothing to compare", i + 1, sd->h.entry);
	cli_side_of(&sd->info, &sd->ts, &sd->h, i);
	if (rd_store_version_text(*s, &sd->h, i, &sd->text) < 0)
		return RD_ERROR;
	sd->data = sd->text.ptr ? sd->text.ptr : "";
	sd->len = sd->text.len;
	return 0;
}

static void side_release(struct side *sd)
{
	rd_file_release(&sd->file);
	rd_buf_release(&sd->text);
	rd_buf_release(&sd->ts);
	rd_history_release(&sd->h);
}

int cmd_diff(int argc, char **argv)
{
	const struct option *longopts = cli_longopts(CLI_DIFF_OPTS " quiet exit-code brief");
	struct cli_diffopts o;
	struct side sa, sb, *a = &sa, *b = &sb;
	struct rd_store *store = NULL;
	struct rd_diff *d = NULL;
	int opt, rc = EXIT_TROUBLE, brief = 0, quiet = 0;
	struct stat st;

	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	sa.data = sb.data = "";
	cli_diffopts_init(&o);
	optind = 1;
	while ((opt = cli_diffopt_next(argc, argv, "haqU:", longopts, "diff", &o)) != -1) {
		if (opt < 0)
			return EXIT_TROUBLE;
		if (opt == 'q' || opt == OPT_QUIET) {
			*(opt == 'q' ? &brief : &quiet) = 1;
			continue;
		}
		if (opt == OPT_EXIT_CODE) /* git's habit: the exit status always says */
			continue;
		return cli_help_or_bad_option(opt, usage_text, "diff", argv, "haqU:");
	}
	if (argc - optind != 2)
		return cli_usage_error("diff", "diff takes two files");

	const char *pa = argv[optind], *pb = argv[optind + 1];
	/* two files: no store, so none of a store's settings */
	if ((!is_file_arg(pa) || !is_file_arg(pb)) && cli_config_load_store() != 0)
		return EXIT_TROUBLE;
	cli_diffopts_finish(&o);
	if (stat(pa, &st) == 0 && S_ISDIR(st.st_mode) && stat(pb, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* --quiet: the status alone, whatever the tree walk prints */
		if (quiet && !freopen("/dev/null", "w", stdout))
			return cli_error("cannot silence the output");
		return cli_diff_trees(pa, pb, &o, brief || quiet);
	}
	if (!strcmp(pa, "-") && !strcmp(pb, "-"))
		return cli_error("only one side can be standard input");
	if (load_side(&sa, pa, &store) < 0 || load_side(&sb, pb, &store) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!o.text && (rd_text_is_binary(a->data, a->len) || rd_text_is_binary(b->data, b->len))) {
		if (a->len == b->len && !memcmp(a->data, b->data, a->len)) {
			rc = EXIT_SAME;
		} else {
			if (!quiet)
				printf("Binary files %s and %s differ\n", pa, pb);
			rc = EXIT_DIFFERENT;
		}
		goto out;
	}
	if (rd_diff_texts(&d, a->data, a->len, b->data, b->len, &o.diff) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rd_classify(d);
	o.render.from = &sa.info;
	o.render.to = &sb.info;
	o.render.stat_only = o.stat && o.render.format == RD_FORMAT_JSON;
	if (quiet) {
		;
	} else if (brief) {
		if (cli_visible_changes(d, o.render.hide))
			printf("Files %s and %s differ\n", pa, pb);
	} else if (o.stat && !o.render.stat_only)
		cli_print_stat(d, pa, pb, o.render.hide);
	else if (rd_render(d, &o.render, cli_write_stdout, NULL) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (d->bounded && o.render.format != RD_FORMAT_JSON && !quiet)
		fprintf(stderr, "revdiff: note: the texts differ too much for a shortest diff; "
			"some regions are shown as replaced whole\n");
	rc = cli_visible_changes(d, o.render.hide) ? EXIT_DIFFERENT : EXIT_SAME;
out:
	rd_diff_free(d);
	side_release(&sa);
	side_release(&sb);
	rd_store_free(store);
	return rc;
}
