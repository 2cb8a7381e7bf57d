/*
 * revdiff/config.h - configuration (config.c): settings in git-config syntax,
 * parsed by cfgfile.c.  Names are "section.key" as git spells them; the
 * last value of a name wins.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_CONFIG_H
#define REVDIFF_CONFIG_H

#include "cfgfile.h"

struct rd_config;

/* rd_config_add's flags. */
#define RD_CONFIG_NOFOLLOW RD_READ_NOFOLLOW /* the file may not be a symbolic link */
#define RD_CONFIG_INCLUDES 2u /* follow include.path (not includeIf), 10 deep */
#define RD_CONFIG_OWNED 4u    /* the file and its includes: owned by you or root */

struct rd_config *rd_config_new(void);
/*
 * Adds the settings of `path` (NULL or a missing file: none), after those
 * already there.  Only a regular file is read, never waiting on a FIFO;
 * RD_EINVALID "FILE:LINE: ..." on bad syntax; with RD_CONFIG_OWNED,
 * RD_EUNTRUSTED for a file another user owns.  On error nothing of the
 * file is added.
 */
int rd_config_add(struct rd_config *c, const char *path, unsigned flags);
/* The user's file (includes followed, owned by you) then the store's
 * (no includes): rd_config_new and two rd_config_add. */
int rd_config_open(struct rd_config **out, const char *user_path,
		   const char *store_path);
/*
 * Checks a config that libgit2 will read (a repository's): it and every
 * file it includes (include.path, and includeIf.*.path whatever the
 * condition) are regular files or missing, so that libgit2, which
 * follows them all, never waits on a FIFO.  0, or the error.
 */
int rd_config_check(const char *path);
/* The value of `name` (caller frees), or RD_ENOTFOUND when unset. */
int rd_config_get_string(char **out, const struct rd_config *c, const char *name);
/* A git boolean (true/yes/on/1, false/no/off/0), or RD_ENOTFOUND. */
int rd_config_get_bool(int *out, const struct rd_config *c, const char *name);
/* Every value of `name` in order: start with *pos = 0; NULL at the end. */
const char *rd_config_next(const struct rd_config *c, const char *name, size_t *pos);
void rd_config_free(struct rd_config *c);
/* git's global and system config files (GIT_CONFIG_GLOBAL, XDG, ~/.gitconfig,
 * /etc/gitconfig), as git reads them, includes followed (trust.c); a file
 * that does not parse adds nothing.  Never NULL. */
struct rd_config *rd_config_git(void);
/* git's user.name from the user's git config (global, XDG, system), for
 * an author nobody named; RD_ENOTFOUND when unset.  Caller frees. */
int rd_git_user_name(char **out);

#endif
