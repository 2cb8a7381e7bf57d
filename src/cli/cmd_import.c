/* cmd_import.c - `revdiff import FORMAT ...`: histories from elsewhere.
 * One table row per format; each format's importer lives in the library. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char events_usage[] =
	"usage: revdiff import events [--entry NAME] PAGE...\n"
	"\n"
	"Imports \"current events\" pages (the format of samples/002_*.txt): each\n"
	"item under '### Changes:' is one version of the page's entry, oldest\n"
	"first, labelled as on the page (\"First version\", \"Update\", ...).  An\n"
	"item without a timestamp (\"Current version\") is recorded as undated.\n"
	"The pages' timestamps carry no time zone: they are taken as UTC.\n"
	"\n"
	"The entry is named DATE/SLUG: the page's date (### [2017-07-9](...),\n"
	"zero-padded) and the name of the first item's link, without .md.\n"
	"\n"
	"Every page is read before anything is written; a malformed page is\n"
	"reported with its line number and nothing is imported.  Importing the\n"
	"same page again adds nothing; a page with more versions extends the\n"
	"entry.  An entry that already holds a different history is refused.\n"
	"\n"
	"Options:\n"
	"      --entry=NAME     the entry's name (one page only)\n"
	"  -h, --help           this help\n";

static int import_events(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "entry", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rd_import_stats st;
	struct rd_store *s;
	const char *entry = NULL;
	int opt, rc = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'e') {
			entry = optarg;
		} else if (opt == 'h') {
			fputs(events_usage, stdout);
			return 0;
		} else {
			return cli_bad_option("import events", argv, "h");
		}
	}
	if (optind >= argc)
		return cli_usage_error("import events", "give at least one page");
	if (!(s = cli_store_open()))
		return EXIT_TROUBLE;
	if (rd_import_events(s, (const char *const *)argv + optind, (size_t)(argc - optind), entry,
			     &st) < 0) {
		rc = cli_lib_error();
	} else {
		printf("%zu page%s, %zu version%s read; %zu new version%s; entries: %zu created, "
		       "%zu updated, %zu unchanged\n",
		       st.pages, st.pages == 1 ? "" : "s", st.versions_read,
		       st.versions_read == 1 ? "" : "s", st.batch.versions_written,
		       st.batch.versions_written == 1 ? "" : "s", st.batch.entries_created,
		       st.batch.entries_updated, st.batch.entries_unchanged);
	}
	rd_store_free(s);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} formats[] = {
	{ "events", import_events, "current-events pages (samples/002_*.txt)" },
	{ "mediawiki", cmd_import_mediawiki, "MediaWiki XML exports (.xml, .xml.gz, .xml.bz2, -), or a live wiki (--api URL)" },
};

static void usage(FILE *f)
{
	fputs("usage: revdiff import FORMAT [OPTIONS] SOURCE...\n\nFormats:\n", f);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		fprintf(f, "  %-10s %s\n", formats[i].name, formats[i].summary);
	fputs("\n'revdiff import FORMAT --help' tells more.\n", f);
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(argv[1], formats[i].name))
			return formats[i].run(argc - 1, argv + 1);
	return cli_usage_error("import", "unknown format '%s'", argv[1]);
}
