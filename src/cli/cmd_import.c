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
	"The pages' timestamps carry no time zone: they are taken as UTC.  A page\n"
	"may be compressed (gzip, bzip2, xz, lzma, zstd, 7z); - reads standard input.\n"
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
	const struct option *longopts = cli_longopts("entry");
	struct rd_import_stats st;
	struct rd_store *s;
	const char *entry = NULL;
	int opt, rc = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt != OPT_ENTRY)
			return cli_help_or_bad_option(opt, events_usage, "import events", argv, "h");
		entry = optarg;
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

static const char stores_usage[] =
	"usage: revdiff import stores STORE...\n"
	"\n"
	"Combines stores into this one: the entries of each STORE (shards of one\n"
	"dump imported apart, with import mediawiki --shard=K/N) are added here,\n"
	"their objects copied (hard links on one file system) and each entry's\n"
	"newest version checked to be a whole commit before its ref is made.\n"
	"Shards hold disjoint pages: an entry in two stores must point at the\n"
	"same commit, else nothing of that store is combined (exit 2).  Commit\n"
	"ids depend only on the versions, so the result is the store one import\n"
	"of the whole dump makes.  Running it again adds nothing.\n"
	"\n"
	"  -h, --help           this help\n";

static int import_stores(int argc, char **argv)
{
	struct rd_combine_stats st = { 0 };
	struct rd_store *s;
	int rc = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(stores_usage, stdout);
		return 0;
	}
	if (argc < 2)
		return cli_usage_error("import stores", "give at least one store");
	if (argv[1][0] == '-' && argv[1][1])
		return cli_usage_error("import stores", "unknown option '%s'", argv[1]);
	if (!(s = cli_store_open()))
		return EXIT_TROUBLE;
	for (int i = 1; i < argc && !rc; i++)
		if (rd_store_combine(s, argv[i], &st) < 0)
			rc = cli_lib_error();
	printf("%zu store%s combined: %zu entries added, %zu already here; %zu packs and %zu loose objects copied\n",
	       st.stores, st.stores == 1 ? "" : "s", st.entries_added, st.entries_present,
	       st.packs, st.loose_objects);
	rd_store_free(s);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} formats[] = {
	{ "events", import_events, "current-events pages (samples/002_*.txt)" },
	{ "mediawiki", cmd_import_mediawiki, "MediaWiki XML exports (.xml, .gz, .bz2, .xz, .7z, -), or a live wiki (--api URL)" },
	{ "stores", import_stores, "other revdiff stores (shards of one dump imported apart)" },
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
