/* cmd_import_api.c - `revdiff import mediawiki --api URL [TITLE...]`: a
 * live wiki through its Action API, pulled again to follow it. */
#include "cli.h"
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: revdiff import mediawiki --api URL --user-agent UA [options] [TITLE...]\n"
"\n"
"Pulls every revision of the pages named (and of --category, --user,\n"
"--recent) from a live MediaWiki through its Action API (api.php), with\n"
"the same entries and commit ids as importing the wiki's Special:Export\n"
"XML of them.  Run it again to fetch only what is newer; each page is\n"
"written when complete, so an interrupted pull resumes.  A page renamed\n"
"since the last pull is stored under its new title with its whole\n"
"history.  MediaWiki's change tags (mw-undo, mw-rollback, mw-reverted...)\n"
"are kept beside the versions and shown by `log`.\n"
"\n"
"One request at a time; 429, 5xx, timeouts and a lagging database\n"
"(maxlag) are retried with back-off, honouring Retry-After.  Exit status 1\n"
"when there were warnings, 2 on trouble (pages completed before it stay).\n"
"\n"
"      --api=URL          the wiki's api.php, e.g. https://en.wikipedia.org/w/api.php\n"
"      --user-agent=UA    who you are, with an e-mail address or a URL to\n"
"                         contact you (Wikimedia's policy); also $REVDIFF_USER_AGENT\n"
"      --category=NAME    the pages of a category\n"
"      --user=NAME        the pages a contributor edited\n"
"      --recent           the pages pulled before from this wiki that changed\n"
"                         since the last --recent pull (the wiki's recent\n"
"                         changes: 30 to 90 days); --recent=all: every page\n"
"                         that changed (on a small wiki: follow it whole)\n"
"      --namespace=N      with --category, --user, --recent: namespace N only\n"
"      --maxlag=SECONDS   ask the wiki to refuse when its replicas lag more\n"
"                         (default 5; -1: not sent)\n"
"      --retries=N        retries of a failed request (default 5)\n"
"      --timeout=SECONDS  per request (default 60)\n"
"  -q, --quiet            no progress and no summary\n"
"  -h, --help             this help\n";

static void on_notice(void *ctx, const char *msg)
{
	struct cli_progress *p = ctx;

	cli_progress_clear(p);
	if (!p->quiet)
		fprintf(stderr, "revdiff: %s\n", msg);
}

static void on_progress(void *ctx, const struct rd_api_stats *a, const struct rd_mw_import_stats *st)
{
	struct cli_progress *p = ctx;

	(void)st;
	if (!p->tty || p->quiet)
		return;
	if (!a->pages_found && !a->pages) {
		fprintf(stderr, "\r\033[Kpull: finding the pages, %zu requests, %.0f s", a->requests,
			cli_now() - p->start);
		return;
	}
	fprintf(stderr, "\r\033[Kpull: page %zu of %zu, %zu revisions, %zu requests, %.1f MB, %.0f s",
		a->pages + (a->pages < a->pages_found), a->pages_found, a->revisions, a->requests,
		(double)a->bytes / 1e6, cli_now() - p->start);
}

static int number(const char *opt, const char *arg, double lo, double hi, double *out)
{
	char *end;

	*out = strtod(arg, &end);
	if (!*arg || *end || *out < lo || *out > hi)
		return cli_usage_error("import mediawiki", "%s wants a number from %g to %g, not '%s'",
				       opt, lo, hi, arg);
	return 0;
}

int cmd_import_mediawiki_api(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("api user-agent category user recent maxlag retries "
							  "timeout" CLI_IMPORT_OPTS);
	struct rd_api_opts o;
	struct rd_api_stats as;
	struct cli_import im = { 0 };
	struct rd_buf ua = RD_BUF_INIT;
	const char *agent = getenv("REVDIFF_USER_AGENT");
	double v;
	int opt, rc;

	memset(&o, 0, sizeof(o));
	o.maxlag = 5;
	o.retries = 5;
	o.backoff = 1;
	o.timeout = 60;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_API: o.api = optarg; break;
		case OPT_USER_AGENT: agent = optarg; break;
		case OPT_CATEGORY: o.category = optarg; break;
		case OPT_USER: o.user = optarg; break;
		case OPT_RECENT:
			if (optarg && strcmp(optarg, "all"))
				return cli_usage_error("import mediawiki", "--recent takes no value or =all, not '%s'", optarg);
			o.recent = optarg ? 2 : 1;
			break;
		case OPT_NAMESPACE:
			if (number("--namespace", optarg, -2, 1e9, &v))
				return EXIT_TROUBLE;
			o.ns_filter = 1;
			o.ns = (long)v;
			break;
		case OPT_MAXLAG:
			if (number("--maxlag", optarg, -1, 3600, &v))
				return EXIT_TROUBLE;
			o.maxlag = (int)v;
			break;
		case OPT_RETRIES:
			if (number("--retries", optarg, 0, 100, &v))
				return EXIT_TROUBLE;
			o.retries = (int)v;
			break;
		case OPT_TIMEOUT:
			if (number("--timeout", optarg, 1, 3600, &v))
				return EXIT_TROUBLE;
			o.timeout = v;
			break;
		case 'q':
		case OPT_QUIET: im.p.quiet = 1; break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage_error("import mediawiki", "unknown option");
		}
	}
	if (!o.api || strncmp(o.api, "http", 4) != 0)
		return cli_usage_error("import mediawiki", "--api wants the wiki's api.php URL (http:// or https://)");
	if (optind == argc && !o.category && !o.user && !o.recent)
		return cli_usage_error("import mediawiki", "name pages, or give --category, --user or --recent");
	if (!agent || (!strchr(agent, '@') && !strstr(agent, "://")))
		return cli_usage_error("import mediawiki",
				       "--user-agent must say who you are with an e-mail address or a URL, as "
				       "Wikimedia's policy asks: --user-agent='AuditBot/1.0 (you@example.org)'");
	rd_buf_printf(&ua, "%s revdiff/%s", agent, PACKAGE_VERSION);
	o.user_agent = ua.ptr;
	o.titles = (const char *const *)argv + optind;
	o.ntitles = (size_t)(argc - optind);
	o.warning = cli_progress_warning;
	o.notice = on_notice;
	o.progress = on_progress;
	o.ctx = &im.p;
	if (cli_import_start(&im) < 0) {
		rd_buf_release(&ua);
		return EXIT_TROUBLE;
	}
	rc = rd_import_mediawiki_api(im.store, &o, &as, &im.st);
	cli_progress_clear(&im.p);
	if (!im.p.quiet) {
		printf("%zu page%s, %zu revision%s fetched: %zu new, %zu already stored; %zu version%s written in %.1f s (%zu requests, %.1f MB)",
		       as.pages, as.pages == 1 ? "" : "s", as.revisions, as.revisions == 1 ? "" : "s",
		       im.st.revisions_new, im.st.revisions_known, im.st.batch.versions_written,
		       im.st.batch.versions_written == 1 ? "" : "s", cli_now() - im.p.start, as.requests,
		       (double)as.bytes / 1e6);
		if (as.pages_moved)
			printf("; %zu page%s renamed", as.pages_moved, as.pages_moved == 1 ? "" : "s");
	}
	rd_buf_release(&ua);
	return cli_import_finish(&im, rc);
}
