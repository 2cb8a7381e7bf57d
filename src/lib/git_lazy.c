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

/* libgit2's object cache, pack window and mapped-pack limits (why:
 * rd_git_init). */
#define CACHE_BYTES (8 << 20)
#define MWINDOW_BYTES (8 << 20)
#define MWINDOW_MAPPED (64 << 20)

int rd_git_load(void);
RD_LAZY_TABLE(rd_git_load, struct rd_git_table, rd_git, RD_GIT_SYMS, RD_GIT_SONAME, RD_GIT_PACKAGE)

static void git_done(void)
{
	git_libgit2_shutdown();
}

static int git_start(void)
{
	git_libgit2_init();
	/* ownership is checked by trust.c, the way git does it: libgit2
	 * 1.5's own check called another user's store missing */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Memory bounded whatever the store's size (a rerun of a dump's
	 * import reads every entry once).  libgit2 keeps up to 256 MB of
	 * parsed objects (counted by their raw size: a one-file tree takes
	 * eight times that parsed), and maps up to 8 GB of packs in 1 GB
	 * windows, which stay resident as they are read.  revdiff reads each
	 * object about once, from packs that reading in order keeps local. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)CACHE_BYTES);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)MWINDOW_BYTES);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)MWINDOW_MAPPED);
	/* Objects are not hashed again on every read, as git does not
	 * (fsck and fetch check ids): libgit2 checks with collision-detecting
	 * SHA-1, 3 s of blame's 9 on the Anarchism history (1 GB of text).
	 * zlib's checksum still catches a damaged object. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	return 0;
}

int rd_git_init(void)
{
	static int started;

	return rd_lazy_start(&rd_git_lib, &started, git_start, git_done);
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
