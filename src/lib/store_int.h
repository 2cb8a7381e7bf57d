/*
 * store_int.h - what the store's files share (store.c, store_names.c,
 * store_address.c, store_guard.c, store_batch.c): the store's struct and
 * the steps one file does for another.  The on-disk format is store.h.
 */
#ifndef RD_STORE_INT_H
#define RD_STORE_INT_H

#include "revdiff.h"
#include "git_int.h"

struct rd_store {
	git_repository *repo;
	char *path;
};

/* store_names.c: the ref of `entry`; *escaped (may be NULL) is nonzero
 * when the ref spells the name escaped.  Caller frees *out. */
int rd_entry_refname(char **out, const char *entry, int *escaped);

/* store.c: one version from its commit id (RD_EDAMAGED when the commit
 * cannot be read), and an entry ref's tip (1 found, 0 absent, < 0 error). */
int rd_store_read_version(git_repository *repo, const char *entry, const git_oid *id,
			  struct rd_version *v);
int rd_store_ref_tip(git_repository *repo, const char *refname, git_oid *out);

/* store_guard.c: the writers' guard (store.h, WRITING); *fd is -1 on
 * error, and released with rd_store_guard_release (accepts -1). */
int rd_store_guard_take(int *fd, git_repository *repo);
void rd_store_guard_release(int fd);
/* rd_refs_pack_new's callback: the guard's note (ctx: the guard's fd)
 * while packed-refs.lock is ours. */
int rd_store_guard_note_packed(void *ctx, unsigned long ino);
/* Compare-and-swap of refname from `old` (NULL: must not exist) to `id`,
 * under the guard. */
int rd_store_move_ref(git_repository *repo, int guard, const char *path, const char *entry,
		      const char *refname, const git_oid *old, const git_oid *id);
/* libgit2's answer to a ref update (GIT_E*) as an RD_E* code and message. */
int rd_store_ref_fail(int e, const char *entry, const char *refname, const char *path);

#endif
