/*
 * keep.h - packs kept from git's maintenance until a ref names their
 * objects, and small packs merged (store.h, WRITING; keep.c).
 */
#ifndef RD_KEEP_H
#define RD_KEEP_H

#include "git_int.h"

/* How many small packs a store may hold before a writer merges them:
 * git's own gc.autoPackLimit, for the same reason (every lookup of an
 * object not found yet looks in every pack). */
#define RD_PACKS_MAX 50

/*
 * Creates objects/pack/pack-<hex of sum>.keep before the pack of that
 * checksum is written, so that `git repack -ad`, `git gc` and `git
 * prune` never drop it, whenever they run.  *out gets the path to pass to
 * rd_keep_drop once a ref names the pack's objects (NULL when that keep
 * file was there already: not ours to remove).
 */
int rd_keep_take(char **out, git_repository *repo, const unsigned char sum[20]);
/* Removes the keep file rd_keep_take made (NULL: nothing) and frees path. */
void rd_keep_drop(char *path);

/*
 * Writes a finished pack stream (pack.h) through libgit2's indexer, kept
 * (above): *keep as rd_keep_take's.  The pack gets a name no pack had
 * (keep.c says why): when the stream's is taken, the stream is salted
 * (pack.h) and stays finished.  RD_EIO when the
 * pack cannot be written or is not what was given.
 */
struct rd_pack;
int rd_keep_write_pack(char **keep, git_repository *repo, git_odb *odb, struct rd_pack *pack);

/* When more than RD_PACKS_MAX small packs without a keep file are in the
 * store, merges them into one (best effort: on any trouble the packs stay
 * as they are). */
void rd_packs_merge(git_repository *repo, git_odb *odb);

#endif
