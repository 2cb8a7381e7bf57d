/*
 * trust.c - whose directories and files revdiff uses, by git's rules.
 *
 * git refuses a repository owned by another user ("detected dubious
 * ownership") unless its path is listed in safe.directory in the global
 * or system config (never in the repository's own), `*` listing every
 * path; under sudo, SUDO_UID counts as the owner.  revdiff applies the
 * same rule to stores and to the repository `check` reads, with its own
 * stat() check: libgit2 1.5's was found unreliable, and reports a
 * foreign store as missing.
 */
#include "revdiff.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether `uid` is the user running revdiff (git's rule: root running
 * under sudo also owns what SUDO_UID owns). */
static int is_me(uid_t uid)
{
	uid_t me = geteuid();
	const char *sudo;
	char *end;
	unsigned long su;

	if (uid == me)
		return 1;
	if (me != 0 || !(sudo = getenv("SUDO_UID")) || !*sudo)
		return 0;
	su = strtoul(sudo, &end, 10);
	return !*end && (uid_t)su == uid;
}

int rd_trust_file_owner(uid_t uid)
{
	return uid == 0 || is_me(uid);
}

static int env_true(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
		     !strcmp(v, "1"));
}

/* git's global and system config, where safe.directory counts. */
struct rd_config *rd_config_git(void)
{
	struct rd_config *c = rd_config_new();
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *global = getenv("GIT_CONFIG_GLOBAL"), *sys = getenv("GIT_CONFIG_SYSTEM");
	struct rd_buf b = RD_BUF_INIT;

	/* a file that does not parse lists nothing: git would fail there */
	if (!env_true("GIT_CONFIG_NOSYSTEM"))
		rd_config_add(c, sys ? sys : "/etc/gitconfig", RD_CONFIG_INCLUDES);
	if (global) {
		rd_config_add(c, global, RD_CONFIG_INCLUDES);
	} else {
		if (xdg && *xdg == '/')
			rd_buf_printf(&b, "%s/git/config", xdg);
		else if (home)
			rd_buf_printf(&b, "%s/.config/git/config", home);
		if (b.len)
			rd_config_add(c, b.ptr, RD_CONFIG_INCLUDES);
		rd_buf_clear(&b);
		if (home) {
			rd_buf_printf(&b, "%s/.gitconfig", home);
			rd_config_add(c, b.ptr, RD_CONFIG_INCLUDES);
		}
	}
	rd_buf_release(&b);
	rd_error_clear();
	return c;
}

/* One safe.directory value against the directory's real path. */
static int safe_matches(const char *value, const char *real)
{
	struct rd_buf b = RD_BUF_INIT;
	char resolved[PATH_MAX];
	const char *home = getenv("HOME");
	int star, ok;

	if (!strcmp(value, "*"))
		return 1;
	if (value[0] == '~' && value[1] == '/' && home)
		rd_buf_printf(&b, "%s%s", home, value + 1);
	else
		rd_buf_puts(&b, value);
	/* "DIR/" then a star: DIR and everything below it, as git 2.46 reads it */
	star = b.len >= 2 && !strcmp(b.ptr + b.len - 2, "/*");
	if (star)
		b.ptr[b.len -= 2] = '\0';
	while (b.len > 1 && b.ptr[b.len - 1] == '/')
		b.ptr[--b.len] = '\0';
	if (realpath(b.ptr, resolved)) {
		rd_buf_clear(&b);
		rd_buf_puts(&b, resolved);
	}
	if (star)
		ok = !strncmp(real, b.ptr, b.len) && (real[b.len] == '/' || !real[b.len] ||
						      !strcmp(b.ptr, "/"));
	else
		ok = !strcmp(real, b.ptr);
	rd_buf_release(&b);
	return ok;
}

static int listed_safe(const char *real)
{
	struct rd_config *c = rd_config_git();
	const char *v;
	size_t pos = 0;
	int safe = 0;

	/* in order: an empty value clears what came before, as in git */
	while ((v = rd_config_next(c, "safe.directory", &pos)))
		safe = *v ? safe || safe_matches(v, real) : 0;
	rd_config_free(c);
	return safe;
}

int rd_trust_repo(const char *top, const char *gitdir, const char *what)
{
	struct stat st;
	char real[PATH_MAX];
	uid_t owner;

	/* a missing directory is for the caller to report */
	if (stat(top, &st) < 0 || !is_me(st.st_uid)) {
		owner = st.st_uid;
	} else if (gitdir && stat(gitdir, &st) == 0 && !is_me(st.st_uid)) {
		owner = st.st_uid;
	} else {
		return 0;
	}
	if (access(top, F_OK) < 0)
		return 0;
	/* git matches safe.directory against the work tree, not .git */
	if (!realpath(top, real))
		snprintf(real, sizeof(real), "%s", top);
	if (listed_safe(real))
		return 0;
	return rd_error_set(RD_EUNTRUSTED,
			    "detected dubious ownership in %s at '%s'\n"
			    "'%s' is owned by uid %u, but you are uid %u\n"
			    "To add an exception for this directory, call:\n"
			    "\n"
			    "    git config --global --add safe.directory %s",
			    what, real, real, (unsigned)owner, (unsigned)geteuid(), real);
}

int rd_trust_dir(const char *path, const char *what)
{
	return rd_trust_repo(path, NULL, what);
}
