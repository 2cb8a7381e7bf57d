/*
 * main.c - global options, the command table, exit codes.  Every command
 * lives in its own cmd_*.c and is listed once below.
 */
#include "cli.h"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

int cmd_add(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_hook(int argc, char **argv);
int cmd_blame(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_show(int argc, char **argv);

static const struct cli_cmd commands[] = {
	{ "init", cmd_init, "create an empty store", 0 },
	{ "add", cmd_add, "record a version of an entry", CLI_STORE },
	{ "import", cmd_import, "import histories (events pages, MediaWiki XML exports)", CLI_STORE },
	{ "list", cmd_list, "the entries, with version counts and times", CLI_STORE },
	{ "log", cmd_log, "the versions of an entry, newest first", CLI_STORE | CLI_PAGED },
	{ "show", cmd_show, "what a version changed, word by word", CLI_STORE | CLI_PAGED },
	{ "diff", cmd_diff, "word diff of two files or two versions", CLI_PAGED },
	{ "check", cmd_check, "check the words a commit introduces (pre-commit)", 0 },
	{ "hook", cmd_hook, "install or uninstall the git pre-commit hook", 0 },
	{ "help", cmd_help, "the manual of revdiff or of one command", 0 },
	{ "blame", cmd_blame, "who wrote each word of a version", CLI_STORE | CLI_PAGED },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))
const struct cli_cmd *const cli_commands = commands;
const size_t cli_ncommands = NCOMMANDS;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: revdiff [--store DIR] [--color[=WHEN]] [-p | --no-pager] COMMAND [ARGS]\n"
		"\n"
		"Word-level diffs of document revisions, kept in a git store.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Global options:\n"
		"      --store DIR      the store (default: .revdiff found by walking up\n"
		"                       from the current directory; or $REVDIFF_STORE)\n"
		"      --color[=WHEN]   auto, always or never (NO_COLOR is honoured)\n"
		"  -p, --paginate       send the output through the pager even when it\n"
		"                       does not go to a terminal\n"
		"      --no-pager       never use a pager (diff, show, log and blame use\n"
		"                       $REVDIFF_PAGER, core.pager, $PAGER or less on a\n"
		"                       terminal)\n"
		"  -h, --help           this help; 'revdiff COMMAND --help' for a command\n"
		"      --version        the version\n"
		"\n"
		"Exit status: 0 when no difference (or success), 1 when different,\n"
		"2 on trouble.\n");
}

int main(int argc, char **argv)
{
	int i;

	/* Past a file size limit (ulimit -f) a write then fails with EFBIG and
	 * is reported as an error, instead of the signal killing us mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	cli.store = getenv("REVDIFF_STORE");
	if (cli.store && !*cli.store)
		cli.store = NULL;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("revdiff %s\n", PACKAGE_VERSION);
			return 0;
		} else if (!strcmp(a, "--store")) {
			if (i + 1 >= argc)
				return cli_error("--store needs a directory (see 'revdiff --help')");
			cli.store = argv[++i];
		} else if (!strncmp(a, "--store=", 8)) {
			cli.store = a + 8;
		} else if (!strcmp(a, "--color") || !strncmp(a, "--color=", 8)) {
			if (!cli_parse_color(a[7] ? a + 8 : NULL))
				return cli_error("--color takes auto, always or never, not '%s'", a + 8);
		} else if (!strcmp(a, "--no-color")) {
			cli.color = 0;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--paginate")) {
			cli.paginate = 1;
		} else if (!strcmp(a, "--no-pager")) {
			cli.paginate = 0;
		} else {
			return cli_error("unknown option '%s' (see 'revdiff --help')", a);
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	opterr = 0; /* the commands report bad options themselves, in one line */
	cli_stdout_is_tty();
	const struct cli_cmd *cmd = NULL;
	for (size_t c = 0; c < NCOMMANDS && !cmd; c++)
		if (!strcmp(argv[i], commands[c].name))
			cmd = &commands[c];
	if (cli_config_load(cmd && (cmd->flags & CLI_STORE)) != 0)
		return EXIT_TROUBLE;
	if (cmd) {
		if (cmd->flags & CLI_PAGED)
			cli_pager_start();
		int rc = cmd->run(argc - i, argv + i);
		if (fflush(stdout) != 0 && rc != EXIT_TROUBLE)
			rc = cli_error("cannot write output");
		return rc;
	}
	cli_error("'%s' is not a revdiff command; see 'revdiff --help'", argv[i]);
	return EXIT_TROUBLE;
}
