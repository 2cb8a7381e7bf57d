/*
 * revdiff/import.h - importers (import_*.c, mw_tags.c): exports, live wikis and events
 * pages written into a store.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_IMPORT_H
#define REVDIFF_IMPORT_H

#include <stddef.h>
#include "mediawiki.h"
#include "store.h"

struct rd_mw_import_stats;
/* Writing an export into a store (import_mediawiki.c): each page an entry
 * named by its title, each revision a version, in timestamp order. */
struct rd_mw_import_opts {
	int ns_filter;       /* only pages of namespace `ns` */
	long ns;
	size_t batch_bytes;  /* commit after this much text; 0: 64 MiB */
	size_t batch_versions; /* ... or this many versions; 0: 20,000 */
	int commit_pages;    /* commit at every page's end (live pulls) */
	/* with shard_n: only the pages whose id modulo shard_n is shard_k
	 * (a title's hash when the page has no id): disjoint shards of one
	 * dump, for stores imported in parallel and combined */
	unsigned shard_k, shard_n;
	const char *source_name; /* for messages: "file" when NULL */
	void (*warning)(void *ctx, const char *message);
	void (*progress)(void *ctx, const struct rd_mw_import_stats *stats);
	void *ctx;
};
struct rd_mw_import_stats {
	struct rd_mw_stats parse;
	size_t pages;            /* pages read (after the namespace filter) */
	size_t pages_filtered;   /* left out by the namespace filter or shard */
	size_t pages_unchanged;  /* already in the store, whole */
	size_t pages_conflicting; /* the store's history differs: left alone */
	size_t revisions_new, revisions_known;
	struct rd_batch_stats batch;
};
int rd_import_mediawiki(struct rd_store *s, const char *path,
			const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st);

/*
 * The store-writing half on its own, for other sources of pages: a writer
 * is the ctx of rd_mw_writer_callbacks(), given to a parser (or called
 * directly, page_start / revision... / page_end).  Texts are spooled to a
 * file in $TMPDIR.  rd_mw_writer_finish commits what is whole and returns
 * `rc` (the source's result) or the commit's error; `o` is copied; `st`
 * (may be NULL) is zeroed and filled.
 */
struct rd_mw_writer;
int rd_mw_writer_new(struct rd_mw_writer **out, struct rd_store *s,
		     const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st);
const struct rd_mw_callbacks *rd_mw_writer_callbacks(void);
int rd_mw_writer_finish(struct rd_mw_writer *w, int rc);
void rd_mw_writer_free(struct rd_mw_writer *w);

/*
 * A live MediaWiki through its Action API (import_api.c): the revisions of
 * the pages named, of a category's members, of a user's edits, or of what
 * changed since the last pull, through rd_mw_writer as an export of them
 * would be, so the commit ids are the same.  A page's revisions start at
 * the newest one stored (the writer continues the entry from there).  Only revisions newer
 * than those stored are fetched.  MediaWiki's change tags and what is
 * needed to follow the wiki (page ids, the last pull) are kept beside the
 * entries (mw_tags.c), never in the commits.
 */
struct rd_api_stats {
	size_t requests;
	size_t pages_found;    /* to pull */
	size_t pages, pages_moved;
	size_t revisions;      /* fetched with their text */
	uint64_t bytes;        /* of answers */
};
struct rd_api_opts {
	const char *api;          /* the wiki's api.php URL */
	const char *user_agent;   /* sent with every request (required) */
	const char *const *titles;
	size_t ntitles;
	const char *category;     /* with or without its "Category:" prefix */
	const char *user;         /* a contributor's edited pages */
	int recent;               /* pages changed since the last --recent pull:
				   * 1 those the store follows (pulled from this
				   * wiki before), 2 all of them */
	int ns_filter;            /* with category/user/recent: one namespace */
	long ns;
	int maxlag;               /* seconds; < 0: not sent (default 5) */
	int retries;              /* per request (default 5) */
	double backoff;           /* first wait, doubled each retry (1 s) */
	double timeout;           /* per request, seconds (60) */
	int limit;                /* revisions per request (50, MediaWiki's
				   * most with content) */
	void (*notice)(void *ctx, const char *message);   /* retries, waits */
	void (*warning)(void *ctx, const char *message);
	void (*progress)(void *ctx, const struct rd_api_stats *api,
			 const struct rd_mw_import_stats *st);
	void *ctx;
};
int rd_import_mediawiki_api(struct rd_store *s, const struct rd_api_opts *o,
			    struct rd_api_stats *api, struct rd_mw_import_stats *st);
/* MediaWiki's change tags of the version whose commit is `commit` (hex),
 * space-separated, or NULL when it has none (borrowed from `t`).  A store
 * never pulled from a wiki has none. */
struct rd_mw_tags;
int rd_mw_tags_load(struct rd_mw_tags **out, struct rd_store *s);
const char *rd_mw_tags_of(const struct rd_mw_tags *t, const char *commit);
void rd_mw_tags_free(struct rd_mw_tags *t);

/* What an import did, for the report. */
struct rd_import_stats {
	size_t pages;
	size_t versions_read;
	struct rd_batch_stats batch;
};

/*
 * Imports current-events pages (the format of samples/002_*.txt) into one
 * batch.  Each page is one entry named `entry` when not NULL (then only one
 * page may be given), else "DATE/SLUG" (store.h: "Events pages").  Page
 * timestamps have no zone and are taken as UTC.  Malformed pages give
 * RD_EINVALID naming the file and line; then nothing is written.
 */
int rd_import_events(struct rd_store *s, const char *const *paths, size_t npaths,
		     const char *entry, struct rd_import_stats *stats);
/* Parses one page without writing: versions (oldest first) with their
 * texts in texts[i] (caller frees each, the arrays, and releases the
 * versions), and the derived entry name. */
int rd_events_parse(const char *path, const char *data, size_t len, char **entry,
		    struct rd_version **versions, char ***texts, size_t *n);

#endif
