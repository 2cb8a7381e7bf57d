/*
 * config.c - revdiff's settings, read from git-config files: the user's
 * (~/.config/revdiff/config) and the store's (its repository's config).
 *
 * This is a third user of libgit2, beside store.c (the store) and
 * workrepo.c (the checker), on purpose: the settings are in git-config
 * syntax, so that `git config -f FILE` edits them, and libgit2's parser
 * reads that syntax exactly as git does (quoting, continuation lines,
 * includes, case rules).  Reading a file needs no repository, and the
 * user's file must be read where there is no store at all, so this
 * belongs to neither of the other two.  Nothing else of libgit2 is used.
 */
#include "revdiff.h"
#include "git_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct rd_config {
	git_config *cfg;
};

static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return rd_error_set(code, "%s: %s", what, e && e->message ? e->message : "failed");
}

static int exists(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0;
}

static int add_file(struct rd_config *c, const char *path, git_config_level_t level)
{
	/* a missing file is no setting, not an error */
	if (!exists(path))
		return 0;
	if (git_config_add_file_ondisk(c->cfg, path, level, NULL, 0) < 0)
		return git_fail(RD_EINVALID, "bad configuration");
	return 0;
}

int rd_config_open(struct rd_config **out, const char *user_path, const char *store_path)
{
	struct rd_config *c = rd_calloc(1, sizeof(*c));
	int err;

	*out = NULL;
	/* Without a file there is nothing to parse: skip libgit2's global
	 * initialisation (TLS, threads), which costs more than a small diff. */
	if (!exists(user_path) && !exists(store_path)) {
		*out = c;
		return 0;
	}
	if ((err = rd_git_init()) < 0)
		goto fail;
	if (git_config_new(&c->cfg) < 0) {
		err = git_fail(RD_ERROR, "cannot read the configuration");
		goto fail;
	}
	/* the store's file is the higher level: it wins over the user's */
	if ((err = add_file(c, user_path, GIT_CONFIG_LEVEL_GLOBAL)) < 0 ||
	    (err = add_file(c, store_path, GIT_CONFIG_LEVEL_LOCAL)) < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	rd_config_free(c);
	return err;
}

int rd_config_get_string(char **out, const struct rd_config *c, const char *name)
{
	git_buf buf = { 0 };
	int rc;

	*out = NULL;
	if (!c->cfg)
		return RD_ENOTFOUND;
	rc = git_config_get_string_buf(&buf, c->cfg, name);
	if (rc == GIT_ENOTFOUND)
		return RD_ENOTFOUND;
	if (rc < 0)
		return git_fail(RD_EINVALID, name);
	*out = rd_strdup(buf.ptr ? buf.ptr : "");
	git_buf_dispose(&buf);
	return 0;
}

int rd_config_get_bool(int *out, const struct rd_config *c, const char *name)
{
	int rc;

	if (!c->cfg)
		return RD_ENOTFOUND;
	rc = git_config_get_bool(out, c->cfg, name);

	if (rc == GIT_ENOTFOUND)
		return RD_ENOTFOUND;
	if (rc < 0)
		return git_fail(RD_EINVALID, name);
	return 0;
}

void rd_config_free(struct rd_config *c)
{
	if (!c)
		return;
	if (c->cfg)
		git_config_free(c->cfg);
	free(c);
}
