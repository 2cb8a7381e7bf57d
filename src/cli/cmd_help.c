/*
 * cmd_help.c - `revdiff help [COMMAND]`: the list of commands, or the
 * manual.  The manual is one page, revdiff(1), with a section per command:
 * when man finds it (it is installed), `help COMMAND` opens it at that
 * command's section (through LESS's +/ search, so with less as the pager);
 * without it, the command's --help text stands in.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: revdiff help [COMMAND]\n"
	"\n"
	"Without COMMAND, lists the commands.  With one, shows its section of\n"
	"the manual page revdiff(1) when man can find it, else its --help.\n"
	"\n"
	"Options:\n"
	"  -h, --help           this help\n";

static void list(void)
{
	printf("usage: revdiff [--store DIR] [--color[=WHEN]] [-p | --no-pager] COMMAND [ARGS]\n"
	       "\n"
	       "Commands:\n");
	for (size_t i = 0; i < cli_ncommands; i++)
		printf("  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
	printf("\nSee 'revdiff help COMMAND' for one of them, 'revdiff --help' for the\n"
	       "global options.\n");
}

static int man_has_page(void)
{
	/* a fixed command line: nothing of the user's reaches the shell */
	return system("man -w revdiff >/dev/null 2>&1") == 0;
}

/* Replaces revdiff with man, at COMMAND's section; returns on failure. */
static void exec_man(const char *command)
{
	const char *less = getenv("LESS");
	struct rd_buf env = RD_BUF_INIT;

	/* Section headings render as three spaces and "revdiff NAME".  LESS
	 * splits options at spaces and '$', so the pattern has neither. */
	rd_buf_printf(&env, "%s +/^...revdiff.%s", less ? less : "FRX", command);
	setenv("LESS", env.ptr, 1);
	rd_buf_release(&env);
	fflush(stdout);
	execlp("man", "man", "1", "revdiff", (char *)NULL);
}

int cmd_help(int argc, char **argv)
{
	const struct cli_cmd *cmd = NULL;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return EXIT_SAME;
	}
	if (argc > 2)
		return cli_usage_error("help", "help takes at most one command");
	if (argc < 2) {
		list();
		return EXIT_SAME;
	}
	for (size_t i = 0; i < cli_ncommands; i++)
		if (!strcmp(argv[1], cli_commands[i].name))
			cmd = &cli_commands[i];
	if (!cmd)
		return cli_error("'%s' is not a revdiff command; see 'revdiff help'", argv[1]);
	if (man_has_page())
		exec_man(cmd->name);
	/* no manual: the command's own help */
	char *args[] = { (char *)cmd->name, "--help", NULL };
	optind = 1;
	return cmd->run(2, args);
}
