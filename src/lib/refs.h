/*
 * refs.h - the store's entry refs read and written as files, in git's
 * formats (gitrepository-layout(5)), for stores of millions of entries.
 *
 * libgit2 1.5 loads and parses the whole packed-refs file whenever it
 * writes a ref (0.5 s and 190 MB at 10^6 refs), and its iterator holds
 * every ref in memory; lookups are a binary search in the mapped file.
 * So revdiff writes refs itself, as git does:
 *
 *   - one ref moves by compare-and-swap under `<ref>.lock` (O_EXCL),
 *     which holds "<new id>\n" and is renamed over the loose ref;
 *   - the entries a batch creates are merged into packed-refs in one
 *     sorted pass under `packed-refs.lock`, never written loose: a dump's
 *     million entries cost one file, not a million (of 4 KiB each);
 *   - listing merges the sorted packed-refs with the sorted loose refs,
 *     streaming, in constant memory (plus the loose refs' names).
 *
 * Every writer holds the store's guard (store.h, THE GUARD) around these.
 * Ids are 40 hex digits (SHA-1 stores).
 */
#ifndef RD_REFS_H
#define RD_REFS_H

#include <stddef.h>

/* The ref's id into hex[41]: 1 found, 0 absent, or RD_EIO. */
int rd_refs_read(const char *gitdir, const char *refname, char hex[41]);

/* Moves refname from old_hex (NULL: must not exist) to new_hex.
 * RD_ECONFLICT when it holds something else or its lock is taken
 * (*locked then set), RD_EIO on a failed write. */
int rd_refs_cas(const char *gitdir, const char *refname, const char *old_hex,
		const char *new_hex, int *locked);

struct rd_newref {
	char *name;  /* full ref name, owned by the caller */
	char hex[41];
};
/* Creates refs[0..n) in packed-refs (sorts refs by name).  RD_ECONFLICT
 * naming the ref when one exists already, loose or packed, with another
 * id (one with the same id is fine); nothing is written then.  Calls
 * note(ctx, lock_ino), for the guard, with the inode packed-refs.lock will
 * have, before it exists: it is made as RD_REFS_PACKED_TMP (a dead
 * writer's is removed by the next) and linked into place. */
#define RD_REFS_PACKED_TMP "revdiff-packed-refs.tmp"
int rd_refs_pack_new(const char *gitdir, struct rd_newref *refs, size_t n,
		     int (*note)(void *ctx, unsigned long lock_ino), void *ctx);

/* Deletes refname when it holds old_hex, as git does: under its
 * `<ref>.lock` (left empty) and packed-refs.lock (note as for
 * rd_refs_pack_new), packed-refs rewritten without it in one streaming
 * copy, then the loose file removed.  RD_ENOTFOUND when there is no such
 * ref, RD_ECONFLICT when it holds another id or a lock is taken (*locked
 * then 1 for the ref's own, 2 for packed-refs.lock), RD_EIO on a failed
 * write. */
int rd_refs_delete(const char *gitdir, const char *refname, const char *old_hex,
		   int (*note)(void *ctx, unsigned long lock_ino), void *ctx, int *locked);

/* Calls fn(ctx, refname, hex) for every ref under prefix, sorted by name,
 * a loose ref hiding a packed one of its name; stops at fn's nonzero
 * return and returns it.  RD_EIO on a read error. */
int rd_refs_foreach(const char *gitdir, const char *prefix,
		    int (*fn)(void *ctx, const char *refname, const char *hex), void *ctx);

/* store.c: creates entry refs (full names) in packed-refs, under the
 * store's guard, as rd_refs_pack_new. */
struct rd_store;
int rd_store_create_entries(struct rd_store *s, struct rd_newref *refs, size_t n);

#endif
