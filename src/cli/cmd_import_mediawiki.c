/* cmd_import_mediawiki.c - `revdiff import mediawiki FILE|-`: a MediaWiki
 * XML export (Special:Export, pages-meta-history dumps; .xml, .xml.gz,
 * .xml.bz2) into the store, each page an entry. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: revdiff import mediawiki [options] FILE|-\n"
"       revdiff import mediawiki --api URL [options] [TITLE...]  (a live wiki:\n"
"       see revdiff import mediawiki --api=URL --help)\n"
"\n"
"Imports a MediaWiki XML export (schema 0.3 to 0.11; plain, gzip, bzip2,\n"
"xz, lzma, zstd or 7z, whatever the name; - reads standard input).  Each\n"
"page becomes an entry\n"
"named by its title, each revision a version, in timestamp order, with its\n"
"contributor (user, IP, or \"(username removed)\"), comment, minor flag and\n"
"revision ids.  Deleted texts are recorded as deleted, never made up.\n"
"Running it again adds only revisions not yet stored, so an interrupted\n"
"import resumes; a page whose stored history the file contradicts is left\n"
"as it is, with a warning.  <sha1> and bytes are checked: a mismatch is\n"
"reported and the revision imported as the file gives it.  Malformed parts\n"
"(a <page> in a page, a field given twice, a repeated revision id) are\n"
"left out with a warning naming line, page and revision.  Texts are\n"
"spooled in $TMPDIR.  Exit status 1 when there were warnings, 2 on trouble\n"
"(pages read whole before it stay).\n"
"\n"
"      --namespace=N    only pages of namespace N (0: articles, 1: talk...)\n"
"      --shard=K/N      only the pages whose id modulo N is K (0 <= K < N):\n"
"                       N imports of one dump into N stores, in parallel,\n"
"                       then 'revdiff import stores' combines them\n"
"      --batch-size=MB  write to the store every MB megabytes of text\n"
"                       (default 64; memory grows with it)\n"
"      --batch-versions=N\n"
"                       ... or every N versions (default 20000), within a\n"
"                       page too: memory does not grow with a page's history\n"
"  -q, --quiet          no progress and no summary\n"
"  -h, --help           this help\n";

static void on_progress(void *ctx, const struct rd_mw_import_stats *st)
{
	struct cli_progress *p = ctx;
	double t = cli_now() - p->start, in = (double)st->parse.bytes_in;

	if (!p->tty || p->quiet)
		return;
	fprintf(stderr, "\r\033[Kimport: %zu pages, %zu revisions, %.1f MB read, %.1f MB/s",
		st->pages, st->parse.revisions, in / 1e6, t > 0 ? in / 1e6 / t : 0.0);
	/* the time left, from the share of the file read so far */
	if (st->parse.size_in && in > 0 && t > 1) {
		double left = t * ((double)st->parse.size_in - in) / in;
		fprintf(stderr, ", %.0f%%, %d:%02d left", 100.0 * in / (double)st->parse.size_in,
			(int)left / 60, (int)left % 60);
	}
}

int cmd_import_mediawiki(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("batch-size batch-versions shard" CLI_IMPORT_OPTS);
	struct rd_mw_import_opts o;
	struct cli_import im = { 0 };
	char *end;
	int opt, rc;

	/* a live wiki has options of its own */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strncmp(argv[i], "--api", 5) && (argv[i][5] == '=' || !argv[i][5]))
			return cmd_import_mediawiki_api(argc, argv);
	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_NAMESPACE:
			o.ns_filter = 1;
			o.ns = strtol(optarg, &end, 10);
			if (!*optarg || *end)
				return cli_usage_error("import mediawiki", "--namespace wants a number, not '%s'", optarg);
			break;
		case OPT_BATCH_SIZE: {
			unsigned long mb = strtoul(optarg, &end, 10);
			if (!*optarg || *end || !mb || mb > 4096)
				return cli_usage_error("import mediawiki", "--batch-size wants megabytes (1 to 4096), not '%s'", optarg);
			o.batch_bytes = (size_t)mb << 20;
			break;
		}
		case OPT_BATCH_VERSIONS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || !v || v > 100000000)
				return cli_usage_error("import mediawiki", "--batch-versions wants a number of versions (1 to 100000000), not '%s'", optarg);
			o.batch_versions = v;
			break;
		}
		case OPT_SHARD: {
			unsigned k, n;
			char c;
			if (sscanf(optarg, "%u/%u%c", &k, &n, &c) != 2 || !n || k >= n)
				return cli_usage_error("import mediawiki", "--shard wants K/N with 0 <= K < N, not '%s'", optarg);
			o.shard_k = k;
			o.shard_n = n;
			break;
		}
		case 'q':
		case OPT_QUIET:
			im.p.quiet = 1;
			break;
		default:
			return cli_help_or_bad_option(opt, usage, "import mediawiki", argv, "qh");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("import mediawiki", "one FILE (or -) is needed");
	o.warning = cli_progress_warning;
	o.progress = on_progress;
	o.ctx = &im.p;
	if (cli_import_start(&im) < 0)
		return EXIT_TROUBLE;
	rc = rd_import_mediawiki(im.store, argv[optind], &o, &im.st);
	cli_progress_clear(&im.p);
	if (!im.p.quiet) {
		printf("%zu page%s, %zu revision%s read: %zu new, %zu already stored; %zu version%s written in %.1f s",
			im.st.pages, im.st.pages == 1 ? "" : "s", im.st.parse.revisions,
			im.st.parse.revisions == 1 ? "" : "s", im.st.revisions_new, im.st.revisions_known,
			im.st.batch.versions_written, im.st.batch.versions_written == 1 ? "" : "s",
			cli_now() - im.p.start);
		if (im.st.pages_filtered)
			printf("; %zu pages of other %s left out", im.st.pages_filtered,
			       o.shard_n ? "shards or namespaces" : "namespaces");
	}
	return cli_import_finish(&im, rc);
}
