/*
 * cmd_hook.c - `revdiff hook install|uninstall`: the git pre-commit hook
 * that runs `revdiff check`.
 *
 * The hook calls revdiff by the absolute path of the binary that installed
 * it, and falls back to PATH only when that file is gone.  Absolute first,
 * because git is often run from editors and GUI clients whose PATH lacks
 * the user's own bin directories, and because the commit should then be
 * checked by the very revdiff the user chose; PATH second, because the
 * binary may move (an upgrade, a removed build tree) or the hook may sit in
 * a shared core.hooksPath directory used on other machines.  If neither
 * works the hook fails loudly rather than letting commits pass unchecked.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: revdiff hook install [--force]\n"
	"       revdiff hook uninstall\n"
	"\n"
	"install writes the git pre-commit hook that runs 'revdiff check' in\n"
	"the hooks directory (core.hooksPath when set, else .git/hooks).  An\n"
	"existing hook revdiff did not write is left alone unless --force is\n"
	"given; it is then kept as pre-commit.before-revdiff.\n"
	"uninstall removes the hook only if revdiff wrote it, and puts back a\n"
	"hook kept by --force.\n"
	"\n"
	"Options:\n"
	"  -f, --force          replace a pre-commit hook revdiff did not write\n"
	"  -h, --help           this help\n"
	"\n"
	"For the pre-commit framework, use the revdiff-check hook of this\n"
	"project's .pre-commit-hooks.yaml instead.\n"
	"\n"
	"Exit status: 0 on success, 2 on trouble.\n";

/* The line that marks a hook as revdiff's own. */
#define MARKER "# revdiff-hook: pre-commit"
#define BACKUP_SUFFIX ".before-revdiff"

/* Absolute path of the running binary, or NULL. */
static char *self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n > 0) {
		buf[n] = '\0';
		return rd_strdup(buf);
	}
	/* NEEDSWORK: systems without /proc: the hook then relies on PATH. */
	return NULL;
}

/* `s` quoted for sh: '...' with each ' written as '\''. */
static void sh_quote(struct rd_buf *b, const char *s)
{
	rd_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rd_buf_puts(b, "'\\''");
		else
			rd_buf_putc(b, *s);
	}
	rd_buf_putc(b, '\'');
}

static void hook_script(struct rd_buf *b, const char *self)
{
	rd_buf_puts(b,
		"#!/bin/sh\n"
		MARKER "\n"
		"# Checks the words this commit introduces against the rules in\n"
		"# .revdiff.  Written by 'revdiff hook install'; 'revdiff hook\n"
		"# uninstall' removes it.  'git commit --no-verify' skips it once.\n"
		"revdiff=");
	sh_quote(b, self ? self : "");
	rd_buf_puts(b,
		"\n"
		"if [ ! -x \"$revdiff\" ]; then\n"
		"\trevdiff=$(command -v revdiff) || {\n"
		"\t\techo \"pre-commit: revdiff is not where it was installed from, nor on PATH;\" >&2\n"
		"\t\techo \"pre-commit: install it, or skip the check with 'git commit --no-verify'\" >&2\n"
		"\t\texit 1\n"
		"\t}\n"
		"fi\n"
		"\"$revdiff\" check\n"
		"rc=$?\n"
		"if [ $rc -ne 0 ]; then\n"
		"\techo \"pre-commit: commit refused by revdiff check; 'git commit --no-verify' skips the check\" >&2\n"
		"fi\n"
		"exit $rc\n");
}

/* 1 when the file at path is revdiff's hook, 0 when foreign, -1 when
 * missing or unreadable (errno says which). */
static int is_ours(const char *path)
{
	struct rd_buf b = RD_BUF_INIT;
	int ours = -1;

	if (access(path, F_OK) < 0)
		return -1;
	if (rd_file_read(&b, path) == 0) {
		const char *p = b.ptr ? b.ptr : "";
		ours = 0;
		for (const char *l = p; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
			if (!strncmp(l, MARKER, strlen(MARKER)) &&
			    (l[strlen(MARKER)] == '\n' || l[strlen(MARKER)] == ' ' ||
			     !l[strlen(MARKER)])) {
				ours = 1;
				break;
			}
	}
	rd_buf_release(&b);
	return ours;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char *p = rd_strdup(dir);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = cli_error("cannot create '%s': %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

static int install(const char *dir, int force)
{
	struct rd_buf path = RD_BUF_INIT, tmp = RD_BUF_INIT, backup = RD_BUF_INIT,
		script = RD_BUF_INIT;
	char *self = self_path();
	FILE *f = NULL;
	int ours, rc = EXIT_TROUBLE;

	rd_buf_printf(&path, "%s/pre-commit", dir);
	rd_buf_printf(&tmp, "%s/pre-commit.revdiff-tmp", dir);
	rd_buf_printf(&backup, "%s" BACKUP_SUFFIX, path.ptr);
	if (make_dirs(dir) != 0)
		goto out;
	ours = is_ours(path.ptr);
	if (ours == 0 && !force) {
		rc = cli_error("%s exists and was not written by revdiff; left alone "
			       "(--force replaces it, keeping it as pre-commit" BACKUP_SUFFIX ")",
			       path.ptr);
		goto out;
	}
	hook_script(&script, self);
	/* Written aside and renamed, so a failed write never leaves half a hook. */
	if (!(f = fopen(tmp.ptr, "w")) || fwrite(script.ptr, 1, script.len, f) != script.len ||
	    fclose(f) != 0) {
		if (f == NULL)
			rc = cli_error("cannot write '%s': %s", tmp.ptr, strerror(errno));
		else
			rc = cli_error("cannot write '%s'", tmp.ptr);
		unlink(tmp.ptr);
		goto out;
	}
	if (chmod(tmp.ptr, 0755) < 0) {
		rc = cli_error("cannot make '%s' executable: %s", tmp.ptr, strerror(errno));
		unlink(tmp.ptr);
		goto out;
	}
	if (ours == 0 && rename(path.ptr, backup.ptr) < 0) {
		rc = cli_error("cannot keep the old hook as '%s': %s", backup.ptr, strerror(errno));
		unlink(tmp.ptr);
		goto out;
	}
	if (rename(tmp.ptr, path.ptr) < 0) {
		rc = cli_error("cannot install '%s': %s", path.ptr, strerror(errno));
		unlink(tmp.ptr);
		goto out;
	}
	if (ours == 0)
		printf("kept the old hook as %s\n", backup.ptr);
	printf("%s %s (runs %s check)\n", ours == 1 ? "updated" : "installed", path.ptr,
	       self ? self : "revdiff");
	rc = EXIT_SAME;
out:
	free(self);
	rd_buf_release(&path);
	rd_buf_release(&tmp);
	rd_buf_release(&backup);
	rd_buf_release(&script);
	return rc;
}

static int uninstall(const char *dir)
{
	struct rd_buf path = RD_BUF_INIT, backup = RD_BUF_INIT;
	int ours, rc = EXIT_TROUBLE;

	rd_buf_printf(&path, "%s/pre-commit", dir);
	rd_buf_printf(&backup, "%s" BACKUP_SUFFIX, path.ptr);
	ours = is_ours(path.ptr);
	if (ours < 0) {
		printf("no pre-commit hook at %s\n", path.ptr);
		rc = EXIT_SAME;
	} else if (ours == 0) {
		rc = cli_error("%s was not written by revdiff; left alone", path.ptr);
	} else if (unlink(path.ptr) < 0) {
		rc = cli_error("cannot remove '%s': %s", path.ptr, strerror(errno));
	} else {
		printf("removed %s\n", path.ptr);
		if (access(backup.ptr, F_OK) == 0) {
			if (rename(backup.ptr, path.ptr) < 0)
				cli_error("cannot put back '%s': %s", backup.ptr, strerror(errno));
			else
				printf("put back the earlier hook from %s\n", backup.ptr);
		}
		rc = EXIT_SAME;
	}
	rd_buf_release(&path);
	rd_buf_release(&backup);
	return rc;
}

int cmd_hook(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("force");
	struct rd_workrepo *w = NULL;
	struct rd_buf dir = RD_BUF_INIT;
	int opt, force = 0, rc;
	const char *action;

	optind = 1;
	/* no '+': options may follow the action (hook install --force) */
	while ((opt = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': force = 1; break;
		default:
			return cli_help_or_bad_option(opt, usage_text, "hook", argv, "fh");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("hook", "hook takes install or uninstall");
	action = argv[optind];
	if (strcmp(action, "install") && strcmp(action, "uninstall"))
		return cli_usage_error("hook", "unknown action '%s' (install, uninstall)", action);
	if (rd_workrepo_open(&w) < 0)
		return cli_lib_error();
	if (rd_workrepo_hooks_dir(w, &dir) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	rc = !strcmp(action, "install") ? install(dir.ptr, force) : uninstall(dir.ptr);
out:
	rd_buf_release(&dir);
	rd_workrepo_free(w);
	return rc;
}
