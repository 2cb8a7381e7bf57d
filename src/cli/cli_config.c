/*
 * cli_config.c - defaults from config files, in git-config syntax:
 *
 *   [color]  ui = auto | always | never   (or a git boolean: true is auto)
 *   [core]   pager = less -S               ("" or cat: no pager)
 *   [diff]   format = plain | color | porcelain | json | html
 *   [log]    date = iso | relative | unix | short
 *
 * read from the user's file ($XDG_CONFIG_HOME/revdiff/config, else
 * ~/.config/revdiff/config) and the store's (its repository's `config`),
 * the store's winning.  Precedence, highest first: the command line, the
 * environment (NO_COLOR, REVDIFF_PAGER), the store's file, the user's
 * file, then the defaults ($PAGER comes after core.pager, as in git).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *cli_user_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct rd_buf b = RD_BUF_INIT;

	/* the XDG spec ignores a relative XDG_CONFIG_HOME */
	if (xdg && xdg[0] == '/')
		rd_buf_printf(&b, "%s/revdiff/config", xdg);
	else if (home && *home)
		rd_buf_printf(&b, "%s/.config/revdiff/config", home);
	else
		return NULL;
	return rd_buf_detach(&b, NULL);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The store's config file: in --store / $REVDIFF_STORE, else in the
 * `.revdiff` directory found walking up from the current directory.
 * The same rule as store.c's discover(), without opening the repository:
 * a config must be readable even where the store is not valid.
 */
static char *store_config_path(void)
{
	struct rd_buf b = RD_BUF_INIT;
	char *dir;

	if (cli.store) {
		rd_buf_printf(&b, "%s/config", cli.store);
		return rd_buf_detach(&b, NULL);
	}
	if (!(dir = getcwd(NULL, 0)))
		return NULL;
	for (;;) {
		char *slash;
		rd_buf_clear(&b);
		rd_buf_printf(&b, "%s/.revdiff", strcmp(dir, "/") ? dir : "");
		if (is_dir(b.ptr)) {
			rd_buf_puts(&b, "/config");
			free(dir);
			return rd_buf_detach(&b, NULL);
		}
		if (!strcmp(dir, "/") || !(slash = strrchr(dir, '/')))
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
	rd_buf_release(&b);
	return NULL;
}

static int get(struct rd_config *c, const char *name, char **out)
{
	int rc = rd_config_get_string(out, c, name);

	return rc == RD_ENOTFOUND ? 0 : rc;
}

int cli_config_load(void)
{
	char *user = cli_user_config_path(), *store = store_config_path(), *color = NULL;
	struct rd_config *c = NULL;
	int rc = EXIT_TROUBLE, b;

	if (rd_config_open(&c, user, store) < 0 ||
	    get(c, "core.pager", &cli.cfg.pager) < 0 ||
	    get(c, "diff.format", &cli.cfg.diff_format) < 0 ||
	    get(c, "log.date", &cli.cfg.log_date) < 0 ||
	    get(c, "color.ui", &color) < 0) {
		cli_lib_error();
		goto out;
	}
	if (color) {
		if (!strcmp(color, "always"))
			cli.cfg.color = 1;
		else if (!strcmp(color, "never"))
			cli.cfg.color = 0;
		else if (!strcmp(color, "auto"))
			cli.cfg.color = -1;
		else if (rd_config_get_bool(&b, c, "color.ui") == 0)
			cli.cfg.color = b ? -1 : 0; /* git: true means auto */
		else {
			cli_error("color.ui is '%s' in the config; use auto, always or never", color);
			goto out;
		}
	}
	if (cli.cfg.log_date) {
		int st = rd_date_style_parse(cli.cfg.log_date);
		if (st < 0) {
			cli_error("log.date is '%s' in the config; use iso, relative, unix or short",
				  cli.cfg.log_date);
			goto out;
		}
		/* a --date on the command line, parsed later, still wins */
		cli_date_style = (enum rd_date_style)st;
	}
	if (cli.cfg.diff_format && rd_format_parse(cli.cfg.diff_format) < 0) {
		cli_error("diff.format is '%s' in the config; use color, plain, porcelain, json or html",
			  cli.cfg.diff_format);
		goto out;
	}
	rc = 0;
out:
	rd_config_free(c);
	free(color);
	free(user);
	free(store);
	return rc;
}
