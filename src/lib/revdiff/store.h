/*
 * revdiff/store.h - the store (store.c, store_combine.c): a bare git repository driven
 * through libgit2; its on-disk format is documented in src/lib/store.h.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_STORE_H
#define REVDIFF_STORE_H

#include <stddef.h>
#include "buf.h"
#include "date.h"

/*
 * One version of an entry.  As input (rd_store_add, batches) only the
 * metadata fields are read: when, author, author_id, label and the
 * trailer fields; number, commit and blob are filled on output.  Strings
 * are NULL when unknown.
 */
struct rd_version {
	int number;              /* 1-based position in the entry's chain */
	char commit[41];         /* commit id, hex */
	char blob[41];           /* blob id of the text: same text, same id */
	struct rd_time when;     /* the version's own time (author time) */
	char *author;            /* contributor name (wiki user, IP, ...) */
	char *author_id;         /* contributor id (wiki user id) */
	char *label;             /* label or edit comment (commit message body) */
	char *revision_id;       /* the source's revision id */
	char *parent_revision_id;
	char *source;            /* where it came from: a file, a page, a URL */
	int minor;               /* a minor edit */
	int text_deleted;        /* the source hid the text (wiki suppression) */
	int comment_deleted;     /* the source hid the comment */
	char *damaged;           /* why its text cannot be read (the store was
				  * damaged outside revdiff; blob is ""), or NULL */
};
void rd_version_release(struct rd_version *v);
/* Deep copy of the metadata (strings duplicated). */
void rd_version_copy(struct rd_version *dst, const struct rd_version *src);

/* All versions of one entry, oldest first (v[i].number == i + 1). */
struct rd_history {
	char *entry;
	struct rd_version *v;
	size_t n;
};
void rd_history_release(struct rd_history *h);
/* Keeps the first n versions of h (n <= h->n), releasing the others. */
void rd_history_truncate(struct rd_history *h, size_t n);

struct rd_store;

/* Creates a bare store at `path` (RD_EEXISTS when one is there already;
 * an existing empty directory is fine). */
int rd_store_init(struct rd_store **out, const char *path);
/* Opens the store at `path`, or, when NULL, the `.revdiff` directory found
 * by walking up from the current directory (RD_ENOTFOUND when none). */
int rd_store_open(struct rd_store **out, const char *path);
void rd_store_free(struct rd_store *s);
/* Reopens the store's repository, dropping what libgit2 caches per pack
 * file (a delta-base cache each): for reading a long history version by
 * version, whose packs are many. */
int rd_store_drop_caches(struct rd_store *s);
/* The store's directory.  Borrowed. */
const char *rd_store_path(const struct rd_store *s);

/* RD_EINVALID unless `name` can name an entry (non-empty valid UTF-8 of
 * at most RD_ENTRY_MAX bytes once escaped). */
#define RD_ENTRY_MAX 240
int rd_entry_check(const char *name);
/* The ref-safe form of an entry name (store.h), and back.  The caller
 * frees the result; rd_entry_unescape gives RD_EINVALID on a bad form. */
int rd_entry_escape(char **out, const char *name);
int rd_entry_unescape(char **out, const char *escaped);

/*
 * Records `text` as the newest version of `entry` (created when new), with
 * the metadata of `meta` (may be NULL: undated, author "(unknown)").
 * Returns 0 when recorded, 1 when the text equals the newest version
 * (nothing recorded), or an error: RD_ECONFLICT when another writer moved
 * the entry meanwhile (nothing recorded; try again).  `out`, when not NULL,
 * receives the new version (or the newest one, when unchanged).
 */
int rd_store_add(struct rd_store *s, const char *entry, const char *text,
		 size_t len, const struct rd_version *meta, struct rd_version *out);

/* Entry names, in the order of their ref names (escaped names, store.h).
 * Free each and the array. */
int rd_store_entries(struct rd_store *s, char ***out, size_t *n);
/* Calls fn for each entry with its newest commit (hex), in the order of
 * their ref names, streaming (constant memory at any store size); stops
 * at fn's nonzero return and returns it. */
int rd_store_foreach_entry(struct rd_store *s,
			   int (*fn)(void *ctx, const char *entry, const char *commit), void *ctx);
/*
 * The whole history of `entry` (RD_ENOTFOUND when there is no such entry;
 * RD_EDAMAGED, naming the entry and the commit, when a commit of its chain
 * cannot be read).  A version whose tree or text file is missing is
 * returned with `damaged` set: the others stay readable.
 */
int rd_store_history(struct rd_store *s, const char *entry, struct rd_history *out);
/* The same, streaming: fn gets each version, newest first (number 0),
 * valid during the call; memory does not grow with the history.  Stops at
 * fn's nonzero return and returns it. */
int rd_store_walk(struct rd_store *s, const char *entry,
		  int (*fn)(void *ctx, const struct rd_version *v), void *ctx);
/* Gives back the memory reading the store has taken: libgit2 keeps each
 * pack's index mapped, and its pages resident as lookups touch them (28
 * bytes an object: 85 MB at 10^6 entries).  An import calls it between
 * batches; 0, or RD_EIO when the objects cannot be opened again. */
int rd_store_trim(struct rd_store *s);
/* Removes an entry whose newest version is still `commit` (hex; else
 * RD_ECONFLICT): a renamed page's old name.  Its commits stay in the
 * repository, unreferenced. */
int rd_store_entry_remove(struct rd_store *s, const char *entry, const char *commit);
/* The text of a version, by its blob id (RD_EDAMAGED when it cannot be
 * read: the message names the version, its commit and blob). */
int rd_store_text(struct rd_store *s, const struct rd_version *v, struct rd_buf *out);
/* The same for version i of h, the message naming the entry too. */
int rd_store_version_text(struct rd_store *s, const struct rd_history *h, size_t i,
			  struct rd_buf *out);

/*
 * Resolves a version address (README "Addressing"): ENTRY, ENTRY@N,
 * ENTRY@~N, ENTRY@{DATE}, ENTRY@rREVID, or a commit id prefix of at least
 * 4 hex digits.  The address splits at the LAST '@' whose suffix is one of
 * these forms; a name that itself ends in such a suffix is reached with
 * `NAME@~0`.  Fills `h` with the entry's history and *index with the
 * version's index in it.  RD_ENOTFOUND / RD_EINVALID with a clear message.
 */
int rd_store_resolve(struct rd_store *s, const char *address,
		     struct rd_history *h, size_t *index);
/* Nonzero when `address` has the form of a store address with an '@'. */
int rd_address_has_rev(const char *address);

/*
 * Batches: many versions written into memory, then one pack, then each
 * entry's ref moved once (compare-and-swap).  What importers use: nothing
 * of a batch is visible until rd_store_batch_commit succeeds, and a crash
 * leaves the store as it was.
 *
 * RD_BATCH_APPEND: versions are added after each entry's newest version,
 * skipping texts equal to the one before (as rd_store_add).
 * RD_BATCH_HISTORY: the versions given are an entry's whole history from
 * its first version, recorded as given; commit ids depend only on the
 * versions, so importing the same history again changes nothing, and a
 * longer history extends the entry.  An entry whose recorded history is
 * not a prefix of (or equal to) the new one is refused (RD_EEXISTS).
 */
enum rd_batch_mode { RD_BATCH_APPEND = 0, RD_BATCH_HISTORY };
struct rd_batch;
struct rd_batch_stats {
	size_t versions_written; /* commits new to the store */
	size_t entries_created, entries_updated, entries_unchanged;
};
int rd_store_batch_new(struct rd_batch **out, struct rd_store *s, enum rd_batch_mode mode);
/* Adds one version; returns 1 (nothing added) for an unchanged text in
 * APPEND mode, else 0.  `out` as rd_store_add (number counts from 1 in
 * HISTORY mode). */
int rd_store_batch_add(struct rd_batch *b, const char *entry, const char *text,
		       size_t len, const struct rd_version *meta, struct rd_version *out);
/* In a HISTORY batch: the versions added next to `entry` continue its
 * stored history from its newest version instead of restating it from
 * the first (RD_ENOTFOUND when it has none). */
int rd_store_batch_continue(struct rd_batch *b, const char *entry);
/* Writes the pack and moves the refs.  Refs are checked before any moves;
 * on RD_ECONFLICT/RD_EEXISTS nothing moved. */
int rd_store_batch_commit(struct rd_batch *b, struct rd_batch_stats *stats);
/* Writes what the batch holds so far as a commit would, then frees that
 * memory and goes on: later versions continue each entry's chain.  Bounds
 * the memory of an import; a crash after a flush leaves the store as the
 * flush did. */
int rd_store_batch_flush(struct rd_batch *b);
/* Discards an uncommitted batch. */
void rd_store_batch_free(struct rd_batch *b);

/*
 * Combining stores (store_combine.c): the entries of the store at `other`
 * (shards of one dump imported apart) added to s: its objects copied, its
 * entry refs created after each is checked to name a whole commit here.
 * An entry both hold must point at the same commit (RD_EEXISTS, nothing
 * combined, when not).  `st` (may be NULL) is added to, not zeroed.
 */
struct rd_combine_stats {
	size_t stores, entries_added, entries_present, packs, loose_objects;
};
int rd_store_combine(struct rd_store *s, const char *other, struct rd_combine_stats *st);

#endif
