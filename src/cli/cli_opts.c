/* cli_opts.c - every long option of every command, spelled once: its name,
 * whether it takes a value and the id getopt returns for it.  A command
 * names the ones it takes (cli_longopts); what an option does is its own
 * switch's, so one row serves --stat of log and of diff, or --quiet of diff
 * and of import, each with the command's meaning. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Letters first: an option's id is a letter where every command that takes
 * it has it as -LETTER.  Then the output's options, the versions', check's
 * and the MediaWiki imports'.  word-diff, unified and cached are git's names
 * for format, context and staged. */
static const struct option all[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "text", no_argument, NULL, 'a' },
	{ "message", required_argument, NULL, 'm' },
	{ "brief", no_argument, NULL, 'q' },
	{ "force", no_argument, NULL, 'f' },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "word-diff", required_argument, NULL, OPT_FORMAT },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "unified", required_argument, NULL, OPT_CONTEXT },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "stat", no_argument, NULL, OPT_STAT },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "merge-islands", required_argument, NULL, OPT_MERGE_ISLANDS },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "author", required_argument, NULL, OPT_AUTHOR },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "reverts", no_argument, NULL, OPT_REVERTS },
	{ "names", no_argument, NULL, OPT_NAMES },
	{ "entry", required_argument, NULL, OPT_ENTRY },
	{ "staged", no_argument, NULL, OPT_STAGED },
	{ "cached", no_argument, NULL, OPT_STAGED },
	{ "range", required_argument, NULL, OPT_RANGE },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "namespace", required_argument, NULL, OPT_NAMESPACE },
	{ "batch-size", required_argument, NULL, OPT_BATCH_SIZE },
	{ "batch-versions", required_argument, NULL, OPT_BATCH_VERSIONS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "api", required_argument, NULL, OPT_API },
	{ "user-agent", required_argument, NULL, OPT_USER_AGENT },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "user", required_argument, NULL, OPT_USER },
	{ "recent", optional_argument, NULL, OPT_RECENT },
	{ "maxlag", required_argument, NULL, OPT_MAXLAG },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
};

/* A mistake in a command's list; every command's --help test reaches it. */
static void bug(const char *what, const char *name, size_t len)
{
	fprintf(stderr, "revdiff: bug: %s '%.*s'\n", what, (int)len, name);
	abort();
}

static const struct option *row(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strlen(all[i].name) == len && !strncmp(all[i].name, name, len))
			return &all[i];
	bug("no long option", name, len);
	return NULL;
}

const struct option *cli_longopts(const char *names)
{
	/* one command parses its options per run */
	static struct option out[CLI_LONGOPTS_MAX + 2];
	size_t n = 0;

	for (const char *p = names; *p; p += *p == ' ') {
		size_t len = strcspn(p, " ");
		if (len) {
			if (n == CLI_LONGOPTS_MAX)
				bug("more than CLI_LONGOPTS_MAX options at", p, len);
			out[n++] = *row(p, len);
		}
		p += len;
	}
	out[n++] = *row("help", 4);
	out[n] = (struct option){ NULL, 0, NULL, 0 };
	return out;
}
