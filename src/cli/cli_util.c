/* cli_util.c - error printing, color, and the options diffing commands share. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cli_globals cli = {
	.store = NULL, .color = -1, .paginate = -1, .stdout_tty = -1, .cfg = { .color = -1 }
};

/* Messages name entries, files and authors: their controls, bidirectional
 * and invisible characters are shown escaped (quote.c), as on stdout. */
static void verror(const char *fmt, va_list ap)
{
	struct rd_buf m = RD_BUF_INIT, shown = RD_BUF_INIT;

	fflush(stdout);
	rd_buf_vprintf(&m, fmt, ap);
	rd_buf_puts(&shown, "revdiff: error: ");
	rd_buf_put_shown(&shown, m.ptr ? m.ptr : "", m.len, 1);
	rd_buf_putc(&shown, '\n');
	fwrite(shown.ptr, 1, shown.len, stderr);
	rd_buf_release(&m);
	rd_buf_release(&shown);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	return EXIT_TROUBLE;
}

int cli_lib_error(void)
{
	const char *m = rd_error_last();

	return cli_error("%s", *m ? m : "unknown failure");
}

/* One line: the message, then where to read more. */
int cli_choice(const char *arg, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(arg, names[i]))
			return i;
	return -1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cli_error("%s (see 'revdiff %s --help')", b.ptr, cmd);
	rd_buf_release(&b);
	return EXIT_TROUBLE;
}

/* getopt is silent (opterr = 0 in main): the one message is ours, and it
 * tells an unknown option from a missing or unwanted value. */
int cli_bad_option(const char *cmd, char **argv, const char *shortopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	int len = (int)strcspn(arg, "=");

	if (optopt == 0)
		return cli_usage_error(cmd, "unknown option '%.*s'", len, arg);
	if (!strncmp(arg, "--", 2)) {
		if (arg[len])
			return cli_usage_error(cmd, "option '%.*s' takes no value", len, arg);
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	}
	if (optopt < 256 && strchr(shortopts, optopt))
		return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
	if (optopt > 32 && optopt < 127)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_help_or_bad_option(int opt, const char *usage, const char *cmd, char **argv,
			   const char *shortopts)
{
	if (opt == 'h') {
		fputs(usage, stdout);
		return 0;
	}
	return cli_bad_option(cmd, argv, shortopts);
}

int cli_write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) != len;
}

int cli_parse_color(const char *arg)
{
	if (!arg || !strcmp(arg, "always"))
		cli.color = 1;
	else if (!strcmp(arg, "never"))
		cli.color = 0;
	else if (!strcmp(arg, "auto"))
		cli.color = -1;
	else
		return 0;
	return 1;
}

int cli_color_option(int opt, const char *arg, const char *cmd)
{
	if (opt == OPT_NO_COLOR) {
		cli.color = 0;
		return 1;
	}
	if (opt != OPT_COLOR)
		return 0;
	if (!cli_parse_color(arg)) {
		cli_usage_error(cmd, "--color takes auto, always or never, not '%s'", arg);
		return -1;
	}
	return 1;
}

int cli_stdout_is_tty(void)
{
	if (cli.stdout_tty < 0)
		cli.stdout_tty = isatty(STDOUT_FILENO);
	return cli.stdout_tty;
}

/* The command line, then NO_COLOR, then color.ui, then the terminal. */
int cli_use_color(void)
{
	const char *nc;

	if (cli.color >= 0)
		return cli.color;
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	if (cli.cfg.color >= 0)
		return cli.cfg.color;
	return cli_stdout_is_tty();
}

void cli_diffopts_init(struct cli_diffopts *o)
{
	memset(o, 0, sizeof(*o));
	rd_diff_opts_init(&o->diff);
	rd_render_opts_init(&o->render);
}

static int parse_ignore(const char *arg, unsigned *mask)
{
	char *copy = rd_strdup(arg), *save = NULL, *tok;
	int ok = 1;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum rd_class c = rd_class_parse(tok);
		if (!strcmp(tok, "trivial")) {
			for (int k = 1; k < RD_CLASS__COUNT; k++)
				if (rd_class_is_trivial((enum rd_class)k))
					*mask |= 1u << k;
			continue;
		}
		if (c == RD_CLASS_NONE) {
			ok = 0;
			break;
		}
		*mask |= 1u << c;
	}
	free(copy);
	return ok;
}

static int parse_count(const char *arg, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0)
		return 0;
	*out = v;
	return 1;
}

int cli_diffopt(int opt, const char *arg, const char *cmd, struct cli_diffopts *o)
{
	long v;
	int f;

	switch (opt) {
	case OPT_FORMAT:
		if ((f = rd_format_parse(arg)) < 0) {
			cli_usage_error(cmd, "unknown format '%s' (color, plain, porcelain, json, html)", arg);
			return -1;
		}
		o->render.format = (enum rd_format)f;
		o->format_set = 1;
		return 1;
	case 'U':
	case OPT_CONTEXT:
		if (!parse_count(arg, &v)) {
			cli_usage_error(cmd, "--context takes a number of lines, not '%s'", arg);
			return -1;
		}
		o->render.context = v;
		return 1;
	case OPT_FULL:
		o->render.context = -1;
		return 1;
	case OPT_STAT:
		o->stat = 1;
		return 1;
	case OPT_IGNORE:
		if (!parse_ignore(arg, &o->render.hide)) {
			cli_usage_error(cmd, "unknown change class in '%s'", arg);
			return -1;
		}
		return 1;
	case 'a':
		o->text = 1;
		return 1;
	case OPT_MERGE_ISLANDS:
		if (!parse_count(arg, &v) || v > 1000) {
			cli_usage_error(cmd, "--merge-islands takes a number from 0 to 1000, not '%s'", arg);
			return -1;
		}
		o->diff.merge_islands = (unsigned)v;
		return 1;
	}
	return cli_color_option(opt, arg, cmd);
}

int cli_diffopt_next(int argc, char **argv, const char *optstring,
		     const struct option *longopts, const char *cmd, struct cli_diffopts *o)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, optstring, longopts, NULL)) != -1)
		if ((r = cli_diffopt(opt, optarg, cmd, o)) <= 0)
			return r < 0 ? -2 : opt;
	return -1;
}

void cli_diffopts_finish(struct cli_diffopts *o)
{
	int color = cli_use_color(), f;

	/* diff.format from the config, when the command line names none */
	if (!o->format_set && cli.cfg.diff_format && (f = rd_format_parse(cli.cfg.diff_format)) >= 0) {
		o->render.format = (enum rd_format)f;
		o->format_set = 1;
	}
	if (!o->format_set)
		o->render.format = color ? RD_FORMAT_COLOR : RD_FORMAT_PLAIN;
	else if (o->render.format == RD_FORMAT_COLOR && cli.color == 0)
		o->render.format = RD_FORMAT_PLAIN;
}

size_t cli_visible_changes(const struct rd_diff *d, unsigned hide)
{
	size_t n = 0;

	for (int c = 1; c < RD_CLASS__COUNT; c++)
		if (!(hide & (1u << c)))
			n += d->stats.by_class[c];
	return n;
}

void cli_print_stat(const struct rd_diff *d, const char *a, const char *b, unsigned hide)
{
	const struct rd_diff_stats *s = &d->stats;
	struct rd_buf line = RD_BUF_INIT;

	rd_render_summary(&line, d, hide);
	printf("%s => %s\n", a, b);
	printf(" %zu %s inserted, %zu %s deleted, %zu %s, similarity %.1f%%\n",
	       s->words_inserted, s->words_inserted == 1 ? "word" : "words", s->words_deleted,
	       s->words_deleted == 1 ? "word" : "words", s->changes, s->changes == 1 ? "change" : "changes",
	       s->similarity * 100);
	printf(" %s\n", line.ptr);
	rd_buf_release(&line);
}
