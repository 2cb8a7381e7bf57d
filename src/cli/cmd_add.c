/* cmd_add.c - `revdiff add ENTRY [FILE|-]`: records a version. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: revdiff add [OPTIONS] ENTRY [FILE|-]\n"
	"\n"
	"Records the text of FILE (standard input when FILE is - or missing) as\n"
	"the newest version of ENTRY, creating the entry when it is new.  ENTRY\n"
	"is any UTF-8 name (spaces, '/', any script).  A text equal to the\n"
	"newest version records nothing and says so.\n"
	"\n"
	"Options:\n"
	"      --date=WHEN      the version's time: ISO 8601 (2017-08-13,\n"
	"                       2017-08-13 03:50:22, 2017-08-13T03:50:22+02:00;\n"
	"                       no zone means UTC) or @UNIXTIME; 'none' records\n"
	"                       the version as undated; default: now\n"
	"      --author=WHO     the contributor (default: $REVDIFF_AUTHOR, else\n"
	"                       $GIT_AUTHOR_NAME, else git's user.name, else $USER)\n"
	"  -m, --message=MSG    the version's label or comment\n"
	"  -a, --text           record a text that looks binary\n"
	"  -h, --help           this help\n"
	"\n"
	"When another writer adds to ENTRY at the same moment, add tries again\n"
	"on top of the other's version (up to 12 times in ten seconds); if it\n"
	"still loses, it fails with a 'retry' error and records nothing.\n";

/* How long and how often add tries after losing to other writers. */
#define ADD_RETRY_S 10.0
#define ADD_TRIES 12

/* The local zone's offset in minutes east of UTC at time t. */
static int local_tz(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

int cmd_add(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("date author message text");
	struct rd_version meta = { 0 }, out = { 0 };
	struct rd_buf text = RD_BUF_INIT, when = RD_BUF_INIT;
	struct rd_store *s = NULL;
	const char *date = NULL, *author = NULL, *msg = NULL, *entry, *file;
	char *git_name = NULL;
	int opt, astext = 0, rc = EXIT_TROUBLE, r = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "hm:a", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_AUTHOR:
			author = optarg;
			break;
		case 'm':
			msg = optarg;
			break;
		case 'a':
			astext = 1;
			break;
		default:
			return cli_help_or_bad_option(opt, usage_text, "add", argv, "hm:a");
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return cli_usage_error("add", "add takes an entry name and a file");
	entry = argv[optind];
	file = argc - optind == 2 ? argv[optind + 1] : "-";
	if (rd_entry_check(entry) < 0)
		return cli_lib_error();
	if (date && !strcmp(date, "none")) {
		meta.when.has_time = 0;
	} else if (date) {
		if (rd_time_parse(&meta.when, date, 0) < 0)
			return cli_lib_error();
	} else {
		time_t now = time(NULL);
		meta.when.sec = (int64_t)now;
		meta.when.tz = local_tz(now);
		meta.when.has_time = 1;
	}
	if (!author)
		author = getenv("REVDIFF_AUTHOR");
	if (!author || !*author)
		author = getenv("GIT_AUTHOR_NAME");
	if ((!author || !*author) && rd_git_user_name(&git_name) == 0)
		author = git_name;
	if (!author || !*author)
		author = getenv("USER");
	meta.author = (char *)author;
	meta.label = (char *)msg;
	if (rd_file_read(&text, file) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!astext && rd_text_is_binary(text.ptr ? text.ptr : "", text.len)) {
		rc = cli_error("'%s' looks binary; use --text to record it anyway", file);
		goto out;
	}
	if (!(s = cli_store_open()))
		goto out;
	double start = cli_now();

	srand((unsigned)getpid());
	/* compare-and-swap lost: try again on top of the winner's version.
	 * On a loaded machine a writer can lose many times in a row (each
	 * loss is another writer's win), so the pause doubles, to a limit
	 * in time.  At most 12 tries: a ref locked by no one rebuilds the
	 * same pack each time, and keep.c gives it 16 names. */
	for (int attempt = 0;; attempt++) {
		r = rd_store_add(s, entry, text.ptr ? text.ptr : "", text.len, &meta, &out);
		if (r != RD_ECONFLICT || attempt == ADD_TRIES - 1 || cli_now() - start >= ADD_RETRY_S)
			break;
		usleep((useconds_t)(1000 + rand() % 20000) << (attempt < 5 ? attempt : 5));
	}
	if (r < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (out.when.has_time)
		cli_format_time(&when, &out.when);
	else
		rd_buf_puts(&when, "undated");
	char *q = rd_quote_name(entry);
	if (r == 1)
		printf("%s: unchanged: the text equals version %d; nothing recorded\n", q,
		       out.number);
	else
		printf("%s: recorded version %d (%s, commit %.12s)\n", q, out.number, when.ptr,
		       out.commit);
	free(q);
	rc = 0;
out:
	free(git_name);
	rd_version_release(&out);
	rd_store_free(s);
	rd_buf_release(&text);
	rd_buf_release(&when);
	return rc;
}
