/*
 * cli_config.c - defaults from config files, in git-config syntax:
 *
 *   [color]  ui = auto | always | never   (or a git boolean: true is auto)
 *   [core]   pager = less -S               ("" or cat: no pager)
 *   [diff]   format = plain | color | porcelain | json | html
 *   [log]    date = iso | relative | unix | short
 *
 * read from the user's file ($XDG_CONFIG_HOME/revdiff/config, else
 * ~/.config/revdiff/config, with its includes; skipped with a warning
 * when another user owns it) and the store's (its repository's `config`,
 * no includes, only for commands that use a store; never for `diff FILE
 * FILE`), the store's winning.  A command (core.pager) is taken only from
 * the user's own file, never from a store's, which may have come with a
 * cloned repository (as git ignores such keys from untrusted places).
 * Precedence, highest first: the command line, the environment
 * (NO_COLOR, REVDIFF_PAGER), the store's file, the user's file, then the
 * defaults ($PAGER comes after core.pager, as in git).
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
 * The store's directory: --store / $REVDIFF_STORE, else the `.revdiff`
 * directory found walking up from the current directory.  The same rule
 * as store.c's discover(), without opening the repository: a config must
 * be readable even where the store is not valid.
 */
static char *store_dir(void)
{
	struct rd_buf b = RD_BUF_INIT;
	char *dir;

	if (cli.store)
		return rd_strdup(cli.store);
	if (!(dir = getcwd(NULL, 0)))
		return NULL;
	for (;;) {
		char *slash;
		rd_buf_clear(&b);
		rd_buf_printf(&b, "%s/.revdiff", strcmp(dir, "/") ? dir : "");
		if (is_dir(b.ptr)) {
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
	char *v = NULL;
	int rc = rd_config_get_string(&v, c, name);

	if (rc == RD_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	free(*out); /* a later file wins */
	*out = v;
	return 0;
}

/* Takes the settings of c into cli.cfg; `commands` when c may name a
 * command to run (core.pager): only the user's own files may. */
static int apply(struct rd_config *c, int commands)
{
	char *color = NULL;
	int rc = EXIT_TROUBLE, b;

	if ((commands && get(c, "core.pager", &cli.cfg.pager) < 0) ||
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
	free(color);
	return rc;
}

int cli_config_load_store(void)
{
	static int loaded;
	struct rd_config *c = NULL;
	struct rd_buf path = RD_BUF_INIT;
	char *dir, *pager = NULL;
	int rc = 0;

	if (loaded)
		return 0;
	loaded = 1;
	if (!(dir = store_dir()))
		return 0;
	/* another user's store: its config is not read; opening the store
	 * reports git's "dubious ownership" */
	if (rd_trust_dir(dir, "store") < 0) {
		rd_error_clear();
		goto out;
	}
	rd_buf_printf(&path, "%s/config", dir);
	c = rd_config_new();
	/* no includes: the store may have come with a repository */
	if (rd_config_add(c, path.ptr, RD_CONFIG_NOFOLLOW) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (rd_config_get_string(&pager, c, "core.pager") == 0)
		fprintf(stderr, "revdiff: note: core.pager in %s is not used: a store's config "
			"never names a command (set it in your own config or $REVDIFF_PAGER)\n",
			path.ptr);
	rc = apply(c, 0);
out:
	free(pager);
	rd_config_free(c);
	rd_buf_release(&path);
	free(dir);
	return rc;
}

int cli_config_load(int with_store)
{
	char *user = cli_user_config_path();
	struct rd_config *c = rd_config_new();
	int rc;

	/* the user's own file (and what it includes): owned by them */
	rc = rd_config_add(c, user, RD_CONFIG_INCLUDES | RD_CONFIG_OWNED);
	if (rc == RD_EUNTRUSTED) {
		fprintf(stderr, "revdiff: warning: config not read: %s\n", rd_error_last());
		rc = 0;
	}
	rc = rc < 0 ? cli_lib_error() : apply(c, 1);
	rd_config_free(c);
	free(user);
	if (!rc && with_store)
		rc = cli_config_load_store();
	return rc;
}
