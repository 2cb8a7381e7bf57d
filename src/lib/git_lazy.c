/*
 * git_lazy.c - libgit2, opened on first use: its table of functions
 * (git_int.h) and its once-per-process set-up.
 */
#include "revdiff.h"
#include "git_int.h"
#include "lazy.h"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int rd_git_load(void);
RD_LAZY_TABLE(rd_git_load, struct rd_git_table, rd_git, RD_GIT_SYMS, RD_GIT_SONAME, RD_GIT_PACKAGE)

static void git_done(void)
{
	git_libgit2_shutdown();
}

int rd_git_init(void)
{
	static int done;

	if (done)
		return 0;
	if (rd_git_load() < 0)
		return RD_ERROR;
	done = 1;
	git_libgit2_init();
	/* ownership is checked by trust.c, the way git does it: libgit2
	 * 1.5's own check called another user's store missing */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	atexit(git_done);
	return 0;
}

int rd_git_fail(int code, const char *what)
{
	int saved = errno;
	const git_error *e = git_error_last();

	/* Some failed writes (EFBIG past `ulimit -f`) leave no libgit2
	 * message; the system's reason is then the best one there is. */
	if (e && e->message)
		return rd_error_set(code, "%s: %s", what, e->message);
	return rd_error_set(code, "%s: %s", what, saved ? strerror(saved) : "libgit2 failed");
}
