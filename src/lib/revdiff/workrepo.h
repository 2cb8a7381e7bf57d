/*
 * revdiff/workrepo.h - the user's git repository (workrepo.c), for the pre-commit check.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_WORKREPO_H
#define REVDIFF_WORKREPO_H

#include <stddef.h>
#include "buf.h"

struct rd_workrepo;

/*
 * Opens the repository around the current directory the way git's own
 * commands do (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE honoured), so a hook
 * run by `git commit -a` sees its temporary index.  RD_ENOTFOUND outside a
 * repository.
 */
int rd_workrepo_open(struct rd_workrepo **out);
void rd_workrepo_free(struct rd_workrepo *w);
/* The work tree with a trailing '/', or NULL in a bare repository. */
const char *rd_workrepo_workdir(const struct rd_workrepo *w);
/* The directory git runs hooks from (core.hooksPath, else .git/hooks). */
int rd_workrepo_hooks_dir(struct rd_workrepo *w, struct rd_buf *out);
/* 1 when the index differs from HEAD, 0 when not, < 0 on error. */
int rd_workrepo_has_staged(struct rd_workrepo *w);

/* The staged content of `path` (repository-relative) into `out`: 1 when
 * found, 0 when not in the index, RD_EINVALID when it is staged as a
 * symbolic link or a submodule, RD_ETOOBIG past `max` bytes. */
int rd_workrepo_index_file(struct rd_workrepo *w, const char *path, size_t max,
			   struct rd_buf *out);
/* 1 when `path` is in the index or in HEAD, 0 when in neither. */
int rd_workrepo_knows(struct rd_workrepo *w, const char *path);

/* Files larger than this are skipped (see workrepo.c for why). */
#define RD_CHECK_MAX_FILE (8u << 20)

/* One changed text file, old and new.  All borrowed for the callback. */
struct rd_changed_file {
	const char *path;     /* path in the new tree or index */
	const char *old_path; /* path it had (renames), or NULL when added */
	const char *old, *new;
	size_t oldlen, newlen;
	int skipped;          /* RD_EBINARY or RD_ETOOBIG: no texts given */
	/* While a merge is being committed: the file in each commit being
	 * merged (MERGE_HEAD), "" where it is absent or not text.  What the
	 * merge brings from there is not what this commit introduces. */
	const char *const *others;
	const size_t *otherlens;
	size_t nothers;
};
/* Called once per changed file; nonzero stops the walk and is returned. */
typedef int (*rd_changed_fn)(void *ctx, const struct rd_changed_file *f);

/*
 * Walks the files the index changes against HEAD (the empty tree before the
 * first commit), renames paired with their old content; while a merge is in
 * progress, with the files of the merged commits too (`others`).  When `paths` is
 * not NULL only those repository-relative paths are reported.  Deleted
 * files and non-files (symlinks, submodules) are not reported.
 */
int rd_workrepo_staged(struct rd_workrepo *w, const char *const *paths, size_t npaths,
		       rd_changed_fn fn, void *ctx);
/* The same for a revision range "A..B" (or "A...B": from their merge base). */
int rd_workrepo_range(struct rd_workrepo *w, const char *range,
		      const char *const *paths, size_t npaths,
		      rd_changed_fn fn, void *ctx);

#endif
