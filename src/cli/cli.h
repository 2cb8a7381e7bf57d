/* cli.h - what the command files share: globals, the command table's
 * entry type, error printing and output helpers. */
#ifndef RD_CLI_H
#define RD_CLI_H

#include "revdiff.h"

#include <getopt.h>

/* Exit codes, diff-style: 0 same/ok, 1 different/findings, 2 trouble. */
#define EXIT_SAME 0
#define EXIT_DIFFERENT 1
#define EXIT_TROUBLE 2

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	unsigned flags; /* CLI_PAGED, CLI_STORE */
};
/* Its output goes through a pager on a terminal (pager.c). */
#define CLI_PAGED 1u
/* It always uses a store, and so reads the store's config; diff reads it
 * only for stored versions (cmd_diff.c), never for two files. */
#define CLI_STORE 2u

/* Settings from the config files (cli_config.c); NULL or -1 when unset. */
struct cli_config {
	int color;         /* color.ui: -1 auto (or unset), 0 never, 1 always */
	char *pager;       /* core.pager */
	char *diff_format; /* diff.format: the --format when none is given */
	char *log_date;    /* log.date: the --date when none is given */
};

/* Options given before the subcommand, and the environment they read. */
struct cli_globals {
	const char *store; /* --store, else $REVDIFF_STORE, else NULL */
	int color;         /* -1 auto, 0 never, 1 always */
	int paginate;      /* 1 -p, 0 --no-pager, -1 a pager when on a terminal */
	int stdout_tty;    /* stdout was a terminal (before any pager); -1 unknown */
	struct cli_config cfg;
};
extern struct cli_globals cli;

/* The command table (main.c), for `revdiff help`. */
extern const struct cli_cmd *const cli_commands;
extern const size_t cli_ncommands;

/* Reads the user's config, and the store's when with_store, into cli.cfg
 * (cli_config.c); prints the error and returns EXIT_TROUBLE when a file
 * does not parse. */
int cli_config_load(int with_store);
/* Reads the store's config (once), for a command that turns out to use a
 * store (diff of stored versions); EXIT_TROUBLE reported. */
int cli_config_load_store(void);
/* The user's config file: $XDG_CONFIG_HOME/revdiff/config, else
 * $HOME/.config/revdiff/config; NULL without either.  Caller frees. */
char *cli_user_config_path(void);

/* Sends stdout (and stderr, when it is the terminal too) through the pager
 * when cli.paginate asks for it, or it is -1 and stdout is a terminal
 * (pager.c).  The pager is waited for at exit. */
void cli_pager_start(void);
/* Whether stdout is a terminal, as it was before any pager. */
int cli_stdout_is_tty(void);

/* "revdiff: error: ..." on stderr; returns EXIT_TROUBLE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The library's last error, as cli_error. */
int cli_lib_error(void);
/* Usage error: the message, then "see 'revdiff CMD --help'". */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The index of arg in names (NULL-terminated), or -1. */
int cli_choice(const char *arg, const char *const *names);

/* The error for getopt's '?' (unknown option, missing or unwanted value),
 * as one line; `shortopts` is the string given to getopt_long. */
int cli_bad_option(const char *cmd, char **argv, const char *shortopts);
/* The last arm of every command's option loop: -h prints usage and
 * gives 0, anything else is cli_bad_option. */
int cli_help_or_bad_option(int opt, const char *usage, const char *cmd, char **argv,
			   const char *shortopts);

/* rd_write_fn to stdout. */
int cli_write_stdout(void *ctx, const char *data, size_t len);
/* Parses --color's argument into cli.color; 0 or -1 when bad. */
int cli_parse_color(const char *arg);
/* Whether to color stdout, from --color, NO_COLOR and the terminal. */
int cli_use_color(void);

/* Options every diffing command shares (diff, show). */
struct cli_diffopts {
	struct rd_diff_opts diff;
	struct rd_render_opts render;
	int format_set;
	int stat;
	int text;
};
void cli_diffopts_init(struct cli_diffopts *o);
/* The ids of long options without a letter (getopt returns them), above
 * any character; the options themselves are rows of one table
 * (cli_opts.c), shared by every command that takes them. */
enum cli_opt {
	OPT_FORMAT = 1000, OPT_COLOR, OPT_NO_COLOR, OPT_CONTEXT, OPT_FULL, OPT_STAT, OPT_IGNORE,
	OPT_MERGE_ISLANDS, OPT_DATE, OPT_QUIET, OPT_EXIT_CODE,
	OPT_SINCE, OPT_UNTIL, OPT_AUTHOR, OPT_ALL, OPT_REVERTS, OPT_NAMES, OPT_ENTRY,
	OPT_STAGED, OPT_RANGE, OPT_RULES, OPT_EXPLAIN, OPT_FAIL_ON,
	OPT_NAMESPACE, OPT_BATCH_SIZE, OPT_BATCH_VERSIONS, OPT_SHARD,
	OPT_API, OPT_USER_AGENT, OPT_CATEGORY, OPT_USER, OPT_RECENT, OPT_MAXLAG, OPT_RETRIES,
	OPT_TIMEOUT
};
/* A command's getopt_long table: the long options named in `names`
 * (space-separated), in that order, then --help; valid
 * until the next call.  A name not in the table is a bug (abort). */
#define CLI_LONGOPTS_MAX 24
const struct option *cli_longopts(const char *names);
/* The long options of the diffing commands (cli_diffopt handles them). */
#define CLI_DIFF_OPTS \
	"format color context unified full stat ignore text merge-islands no-color word-diff"
/* Handles --color and --no-color: 1 handled, 0 not ours, -1 bad value
 * (reported as cmd's). */
int cli_color_option(int opt, const char *arg, const char *cmd);
/* Handles a shared option: 1 handled, 0 not ours, -1 bad value (reported). */
int cli_diffopt(int opt, const char *arg, const char *cmd, struct cli_diffopts *o);
/* getopt_long past the shared options (handled by cli_diffopt): the next
 * other option, -1 at the end, -2 after a bad value (reported). */
int cli_diffopt_next(int argc, char **argv, const char *optstring,
		     const struct option *longopts, const char *cmd, struct cli_diffopts *o);
/* Settles the format from the terminal when none was asked for. */
void cli_diffopts_finish(struct cli_diffopts *o);
#define CLI_DIFF_HELP \
"      --format=FMT     color, plain ([-old-]{+new+}), porcelain (git's\n" \
"                       --word-diff=porcelain), json, or html (a page with\n" \
"                       the diff inline and side by side); default color on\n" \
"                       a terminal, plain otherwise\n" \
"      --color[=WHEN]   auto, always or never (NO_COLOR is honoured)\n" \
"  -U, --context=N      lines of context around changes (default 3;\n" \
"                       --unified=N as in git)\n" \
"      --full           the whole text, not only the changed lines\n" \
"      --stat           word counts and similarity instead of the diff\n" \
"      --ignore=CLASSES hide these change classes (comma-separated, see\n" \
"                       below; 'trivial' names the first five)\n" \
"  -a, --text           diff files that look binary as text\n" \
"      --merge-islands=N  join changes separated by at most N equal tokens\n" \
"                       into one (default 1; 0 keeps every match)\n"

/* `revdiff diff OLD_DIR NEW_DIR` (diff_tree.c): every file pair, in
 * path order; brief (-q) says only which differ.  Returns the exit code. */
int cli_diff_trees(const char *old_root, const char *new_root, struct cli_diffopts *o, int brief);

/* Prints "N words inserted ..." stat lines for a diff. */
void cli_print_stat(const struct rd_diff *d, const char *a, const char *b, unsigned hide);

/* Visible changes left after --ignore. */
size_t cli_visible_changes(const struct rd_diff *d, unsigned hide);

/* ---- the store (cli_store.c) ------------------------------------------ */

/* Opens the store named by --store / $REVDIFF_STORE, else the .revdiff
 * found by walking up; reports the error and returns NULL when none. */
struct rd_store *cli_store_open(void);
/* --date=STYLE, shared by the commands that print times. */
extern enum rd_date_style cli_date_style;
#define CLI_DATE_HELP \
"      --date=STYLE     iso (default: 2017-08-13 03:50:22 +0000), relative,\n" \
"                       unix or short\n"
/* Handles --date's argument; 0 ok, EXIT_TROUBLE reported. */
int cli_parse_date_style(const char *cmd, const char *arg);
/* A version's time in --date's style into b (cleared first). */
void cli_format_time(struct rd_buf *b, const struct rd_time *t);
/* Fills side with version i of h; ts holds its timestamp string. */
/* MediaWiki's change tags of a version of the opened store (borrowed), or
 * NULL. */
const char *cli_mw_tags(const char *commit);
void cli_side_of(struct rd_side *side, struct rd_buf *ts, const struct rd_history *h, size_t i);
/* Every version of h as a side, with its revert flags and, when rows is
 * not NULL, its row of rd_history_log_rows (sizes and words). */
struct cli_sides {
	struct rd_side *v;
	struct rd_buf *ts;
	size_t n;
};
void cli_sides_fill(struct cli_sides *s, const struct rd_history *h, const struct rd_log_row *rows);
void cli_sides_release(struct cli_sides *s);
/* Resolves ENTRY[@REV] into h with the versions after REV left out (log
 * ENTRY@3 is the history up to version 3). */
int cli_history_upto(struct rd_store *s, const char *address, struct rd_history *h);

/* ---- wiki audits (cli_wiki.c, cmd_import_mediawiki.c) -------------------- */

/* `revdiff import mediawiki ...` (argv[0] is "mediawiki"). */
/* An import's progress line on a terminal, and its warnings counted. */
struct cli_progress {
	int tty, quiet;
	double start;
	size_t warnings;
};
double cli_now(void);  /* monotonic seconds */
void cli_progress_clear(const struct cli_progress *p);
void cli_progress_warning(void *ctx, const char *msg);
/* An import command's progress line, counts and store. */
struct cli_import {
	struct cli_progress p;
	struct rd_mw_import_stats st;
	struct rd_store *store;
};
/* Starts the progress clock and opens the store: 0, or -1 (reported). */
int cli_import_start(struct cli_import *im);
/* The end of an import's summary line (pages left alone, warnings, the
 * newline), unless quiet; frees the store; the exit code for rc (the
 * import's result): 2 on an error, 1 with warnings. */
int cli_import_finish(struct cli_import *im, int rc);
/* The options both MediaWiki imports take, after their own. */
#define CLI_IMPORT_OPTS " namespace quiet"
int cmd_import_mediawiki(int argc, char **argv);
int cmd_import_mediawiki_api(int argc, char **argv);
/* Version i's section of an HTML page: its diff against the version
 * before it with a text (o: context, hidden classes), or that
 * its text was deleted; sides as cli_sides_fill. */
int cli_html_version(struct rd_store *s, const struct rd_history *h, const struct rd_side *sides,
		     size_t i, const struct rd_render_opts *o, const struct rd_diff_opts *dopts);
/* "1234 bytes (+35), 230 words (+6 -1), revert to version 2" into b. */
void cli_log_row_format(struct rd_buf *b, const struct rd_log_row *r, int with_words);

#endif
