/*
 * import_mediawiki.c - writing MediaWiki pages into a store as the parser
 * (mediawiki.c) delivers them: each page an entry, its revisions in
 * timestamp order.  The writer is a set of parser callbacks, so any source
 * of pages (a dump file, a live wiki's API) writes through the same path.
 */
#include "revdiff.h"
#include "pack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * A page's revisions arrive in file order, but an entry's versions must be
 * in timestamp order, and only one text may sit in memory: each text goes
 * to a spool file as it arrives, with its metadata in memory; at the
 * page's end the metadata is sorted and the texts read back one by one
 * into the store's batch.  A page the store already holds whole (same
 * revision ids in the same order) is skipped, so a second run only adds
 * what is new; a page whose stored history is a prefix is given again in
 * full (RD_BATCH_HISTORY extends it; commit ids only depend on the
 * versions, so nothing already stored changes).  Batches are committed
 * every `batch_bytes` of text, BATCH_VERSIONS versions or BATCH_SECONDS,
 * and at the end: an import killed at any
 * point leaves whole pages or nothing of them, except a page whose
 * history is longer than a batch: it is written in several (each a pack,
 * the entry's ref moved to the newest version so far), so memory is
 * bounded by the batch, not by the page, and a kill leaves a prefix of
 * its history, which a rerun continues.  What stays in memory for the
 * whole page is its spooled metadata (about 250 bytes a revision).
 */

/* Text per batch: big enough that packs are few, small enough that the
 * batch's objects held in memory stay well below a gigabyte. */
#define DEFAULT_BATCH_BYTES (64u << 20)
/* Versions per batch: each holds about 1.5 KiB until its batch is written
 * (its commit and tree in libgit2's mempack, its entry, the pack stream,
 * the indexer's tables), and each commit rewrites packed-refs once
 * (refs.h): 20,000 keeps a dump of small pages near 50 MB and makes 50
 * rewrites per million pages. */
#define BATCH_VERSIONS 20000
/* A commit at least this often, so that a kill loses only the last seconds. */
#define BATCH_SECONDS 5
/* Pages between two rd_store_trim: each page's lookup leaves pack index
 * pages behind, so memory would grow with the store (a rerun over 10^6
 * stored pages); reopening the store's objects costs about a millisecond. */
#define TRIM_PAGES 10000

static void w_warning(void *ctx, const char *msg);

struct spooled {
	struct rd_version v;
	int64_t rev_id;
	unsigned long line; /* of </revision> */
	uint64_t off;
	size_t len;
};

struct rd_mw_writer {
	struct rd_store *store;
	struct rd_mw_import_opts o;
	struct rd_mw_import_stats *st, own_stats;
	FILE *spool;
	uint64_t spool_len;
	struct spooled *revs;
	size_t nrevs, cap;
	int skip_page;
	struct rd_batch *batch;
	size_t batch_text;
	size_t batch_versions;
	time_t batch_started;
	size_t pages_read; /* since the last trim */
	struct rd_buf text;
};

static int writer_commit(struct rd_mw_writer *w)
{
	struct rd_batch_stats bs;
	int rc;

	if (!w->batch)
		return 0;
	memset(&bs, 0, sizeof(bs));
	rc = rd_store_batch_commit(w->batch, &bs);
	rd_store_batch_free(w->batch);
	w->batch = NULL;
	w->batch_text = 0;
	w->batch_versions = 0;
	if (rc < 0)
		return rc;
	w->st->batch.versions_written += bs.versions_written;
	w->st->batch.entries_created += bs.entries_created;
	w->st->batch.entries_updated += bs.entries_updated;
	w->st->batch.entries_unchanged += bs.entries_unchanged;
	return 0;
}

static void spooled_release(struct rd_mw_writer *w)
{
	for (size_t i = 0; i < w->nrevs; i++)
		rd_version_release(&w->revs[i].v);
	w->nrevs = 0;
	w->spool_len = 0;
	if (w->spool)
		rewind(w->spool);
}

/* The number a page is sharded by: its id, or a hash of its title. */
static uint64_t shard_of(const struct rd_mw_page *p)
{
	uint64_t h = 1469598103934665603ull;

	if (p->id > 0)
		return (uint64_t)p->id;
	for (const unsigned char *s = (const unsigned char *)p->title; *s; s++)
		h = (h ^ *s) * 1099511628211ull;
	return h;
}

static int w_page_start(void *ctx, const struct rd_mw_page *p)
{
	struct rd_mw_writer *w = ctx;

	spooled_release(w);
	w->skip_page = (w->o.ns_filter && p->ns != w->o.ns) ||
		       (w->o.shard_n && shard_of(p) % w->o.shard_n != w->o.shard_k);
	if (!w->skip_page && rd_entry_check(p->title) < 0)
		return rd_error_set(RD_EINVALID, "page '%s' cannot be an entry name: %s",
				    p->title, rd_error_last());
	return 0;
}

/* An unnamed file in $TMPDIR (or /tmp), gone when closed: tmpfile()
 * ignores TMPDIR, and /tmp may be small or a RAM disk. */
static int spool_open(FILE **out)
{
	const char *dir = getenv("TMPDIR");
	struct rd_buf path = RD_BUF_INIT;
	int fd, err = 0;

	if (!dir || !*dir)
		dir = "/tmp";
	rd_buf_printf(&path, "%s/revdiff-spool-XXXXXX", dir);
	if ((fd = mkstemp(path.ptr)) < 0) {
		err = rd_error_set(RD_EIO, "cannot create a spool file in %s: %s", dir, strerror(errno));
	} else {
		unlink(path.ptr);
		if (!(*out = fdopen(fd, "w+b"))) {
			err = rd_error_set(RD_EIO, "cannot open a spool file: %s", strerror(errno));
			close(fd);
		}
	}
	rd_buf_release(&path);
	return err;
}

static char *int_str_always(int64_t v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", (long long)v);
	return rd_strdup(b);
}

/* NULL for 0: most ids are absent when 0 (a revision id is not, see has_id). */
static char *int_str(int64_t v)
{
	return v ? int_str_always(v) : NULL;
}

static int w_revision(void *ctx, const struct rd_mw_page *p, const struct rd_mw_revision *r)
{
	struct rd_mw_writer *w = ctx;
	struct spooled *s;
	int rc;

	if (w->skip_page)
		return 0;
	if (!w->spool && (rc = spool_open(&w->spool)) < 0)
		return rc;
	rd_grow((void **)&w->revs, &w->cap, w->nrevs + 1, sizeof(*w->revs));
	s = &w->revs[w->nrevs];
	memset(s, 0, sizeof(*s));
	if ((rc = rd_time_parse(&s->v.when, r->timestamp, 0)) < 0)
		return rd_error_set(rc, "page '%s', revision %lld: %s", p->title, (long long)r->id,
				    rd_error_last());
	s->rev_id = r->id;
	s->line = r->line;
	switch (r->contributor) {
	case RD_MW_CONTRIB_USER:
		s->v.author = rd_strdup(r->username ? r->username : "");
		s->v.author_id = int_str(r->user_id);
		break;
	case RD_MW_CONTRIB_IP:
		s->v.author = rd_strdup(r->ip ? r->ip : "");
		break;
	case RD_MW_CONTRIB_DELETED:
		/* as MediaWiki shows it */
		s->v.author = rd_strdup("(username removed)");
		break;
	default:
		break;
	}
	s->v.label = r->comment ? rd_strdup(r->comment) : NULL;
	s->v.comment_deleted = r->comment_deleted;
	/* 0 is an id (synthetic exports number from 0) when it is written */
	s->v.revision_id = r->has_id || r->id ? int_str_always(r->id) : NULL;
	s->v.parent_revision_id = int_str(r->parent_id);
	s->v.source = rd_strdup("mediawiki");
	s->v.minor = r->minor;
	s->v.text_deleted = r->text_deleted || r->text_missing;
	s->off = w->spool_len;
	s->len = r->text ? r->text_len : 0;
	if (s->len && fwrite(r->text, 1, s->len, w->spool) != s->len) {
		rd_version_release(&s->v);
		return rd_error_set(RD_EIO, "cannot write the spool file: %s", strerror(errno));
	}
	w->spool_len += s->len;
	w->nrevs++;
	return 0;
}

/* A spooled text back into w->text. */
static int spool_read(struct rd_mw_writer *w, const struct spooled *s)
{
	rd_buf_clear(&w->text);
	rd_buf_put(&w->text, "", 0);
	if (!s->len)
		return 0;
	rd_grow((void **)&w->text.ptr, &w->text.cap, s->len + 1, 1);
	if (fflush(w->spool) != 0 || fseeko(w->spool, (off_t)s->off, SEEK_SET) < 0 ||
	    fread(w->text.ptr, 1, s->len, w->spool) != s->len)
		return rd_error_set(RD_EIO, "cannot read the spool file back");
	w->text.len = s->len;
	w->text.ptr[s->len] = '\0';
	return 0;
}

/* Does the stored version hold what the file gives for it?  Text (by
 * blob id) and time are compared: the same revision id with another text
 * or time is a contradiction, not "already stored". */
static int same_as_stored(struct rd_mw_writer *w, const struct spooled *s,
			  const struct rd_version *v, int *same)
{
	unsigned char id[20];
	char hex[41];
	int rc;

	*same = 0;
	if (s->v.when.sec != v->when.sec || s->v.text_deleted != v->text_deleted)
		return 0;
	if ((rc = spool_read(w, s)) < 0)
		return rc;
	rd_object_id(id, RD_PACK_BLOB, w->text.ptr, w->text.len);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	*same = !strcmp(hex, v->blob);
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct spooled *x = a, *y = b;

	if (x->v.when.sec != y->v.when.sec)
		return x->v.when.sec < y->v.when.sec ? -1 : 1;
	return x->rev_id < y->rev_id ? -1 : x->rev_id > y->rev_id;
}

static size_t batch_limit(const struct rd_mw_writer *w)
{
	return w->o.batch_bytes ? w->o.batch_bytes : DEFAULT_BATCH_BYTES;
}

static size_t versions_limit(const struct rd_mw_writer *w)
{
	return w->o.batch_versions ? w->o.batch_versions : BATCH_VERSIONS;
}

/* Is the batch due to be written: its text, versions or age? */
static int batch_full(const struct rd_mw_writer *w)
{
	return w->batch_text >= batch_limit(w) || w->batch_versions >= versions_limit(w) ||
	       time(NULL) - w->batch_started >= BATCH_SECONDS;
}

static int w_page_end(void *ctx, const struct rd_mw_page *p)
{
	struct rd_mw_writer *w = ctx;
	struct rd_history h;
	size_t stored = 0, stored_ok, skip = 0;
	int rc;

	if (w->skip_page) {
		w->st->pages_filtered++;
		return 0;
	}
	w->st->pages++;
	if (++w->pages_read >= TRIM_PAGES) {
		w->pages_read = 0;
		if ((rc = rd_store_trim(w->store)) < 0)
			return rc;
	}
	if (!w->nrevs)
		return 0;
	qsort(w->revs, w->nrevs, sizeof(*w->revs), by_time);

	memset(&h, 0, sizeof(h));
	rc = rd_store_history(w->store, p->title, &h);
	if (rc == RD_ENOTFOUND) {
		rc = 0;
	} else if (rc < 0) {
		return rc;
	} else {
		int same = 1;
		/* a source that starts at a stored revision (a live pull from
		 * the newest one) continues the history from there */
		const char *first = w->revs[0].v.revision_id;
		for (size_t i = h.n; first && i-- > 1;)
			if (h.v[i].revision_id && !strcmp(h.v[i].revision_id, first)) {
				skip = i;
				break;
			}
		for (; skip + stored < h.n && stored < w->nrevs; stored++) {
			const char *id = h.v[skip + stored].revision_id;
			if (!id || !w->revs[stored].v.revision_id ||
			    strcmp(id, w->revs[stored].v.revision_id) != 0)
				break;
			if ((rc = same_as_stored(w, &w->revs[stored], &h.v[skip + stored], &same)) < 0) {
				rd_history_release(&h);
				return rc;
			}
			if (!same) {
				struct rd_buf m = RD_BUF_INIT;
				rd_buf_printf(&m, "%s:%lu: page '%s', revision %s: the store's version %zu has this revision id with another %s; the page was left as it is",
					      p->source, w->revs[stored].line,
					      p->title, id, skip + stored + 1,
					      w->revs[stored].v.when.sec != h.v[skip + stored].when.sec ? "time" : "text");
				w_warning(w, m.ptr);
				rd_buf_release(&m);
				rd_history_release(&h);
				w->st->pages_conflicting++;
				return 0;
			}
		}
		if (skip + stored < h.n) {
			/* The file rewrites history the store already has (a
			 * revision restored or removed since): that page is
			 * left alone, the others go on. */
			struct rd_buf m = RD_BUF_INIT;
			rd_buf_printf(&m, "%s:%lu: page '%s': the store's version %zu (revision %s) is not the %s's (revision %s); the page was left as it is",
				      p->source, w->revs[stored < w->nrevs ? stored : w->nrevs - 1].line,
				      p->title, skip + stored + 1,
				      h.v[skip + stored].revision_id ? h.v[skip + stored].revision_id : "none",
				      w->o.source_name ? w->o.source_name : "file",
				      stored < w->nrevs && w->revs[stored].v.revision_id ?
				      w->revs[stored].v.revision_id : "none");
			w_warning(w, m.ptr);
			rd_buf_release(&m);
			rd_history_release(&h);
			w->st->pages_conflicting++;
			return 0;
		}
		rd_history_release(&h);
	}
	stored_ok = stored;
	w->st->revisions_known += stored;
	if (stored == w->nrevs) {
		w->st->pages_unchanged++;
		return 0;
	}
	w->st->revisions_new += w->nrevs - stored;
	fflush(w->spool);
	/* pages are written whole when they fit in a batch */
	size_t page_text = 0;
	for (size_t i = stored_ok; i < w->nrevs; i++)
		page_text += w->revs[i].len;
	if (w->batch_versions && (w->batch_text + page_text > batch_limit(w) ||
			 w->batch_versions + (w->nrevs - stored_ok) > versions_limit(w)) &&
	    (rc = writer_commit(w)) < 0)
		return rc;
	if (!w->batch) {
		if ((rc = rd_store_batch_new(&w->batch, w->store, RD_BATCH_HISTORY)) < 0)
			return rc;
		w->batch_started = time(NULL);
	}
	/* the stored versions are not restated: the new ones go on from
	 * the entry's newest */
	if (stored_ok && (rc = rd_store_batch_continue(w->batch, p->title)) < 0)
		return rc;
	for (size_t i = stored_ok; i < w->nrevs; i++) {
		struct spooled *s = &w->revs[i];
		if ((rc = spool_read(w, s)) < 0)
			return rc;
		if ((rc = rd_store_batch_add(w->batch, p->title, w->text.ptr, w->text.len, &s->v, NULL)) < 0)
			return rd_error_set(rc, "page '%s', revision %lld: %s", p->title,
					    (long long)s->rev_id, rd_error_last());
		w->batch_text += s->len;
		w->batch_versions++;
		/* a history larger than a batch goes to disk in parts, each a
		 * prefix of it: memory stays bounded, and a kill loses only
		 * the last part */
		if (i + 1 < w->nrevs && batch_full(w)) {
			if ((rc = rd_store_batch_flush(w->batch)) < 0)
				return rc;
			w->batch_text = 0;
			w->batch_versions = 0;
			w->batch_started = time(NULL);
		}
	}
	fseeko(w->spool, 0, SEEK_END);
	if (batch_full(w) || w->o.commit_pages)
		return writer_commit(w);
	return 0;
}

static void w_warning(void *ctx, const char *msg)
{
	struct rd_mw_writer *w = ctx;

	/* pages left out by --namespace are none of the user's business */
	if (w->o.warning && !w->skip_page)
		w->o.warning(w->o.ctx, msg);
}

static void w_progress(void *ctx, const struct rd_mw_stats *ps)
{
	struct rd_mw_writer *w = ctx;

	w->st->parse = *ps;
	if (w->o.progress)
		w->o.progress(w->o.ctx, w->st);
}

static const struct rd_mw_callbacks writer_callbacks = {
	w_page_start, w_revision, w_page_end, w_warning, w_progress
};

const struct rd_mw_callbacks *rd_mw_writer_callbacks(void)
{
	return &writer_callbacks;
}

int rd_mw_writer_new(struct rd_mw_writer **out, struct rd_store *s,
		     const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st)
{
	struct rd_mw_writer *w = rd_calloc(1, sizeof(*w));

	w->store = s;
	if (o)
		w->o = *o;
	w->st = st ? st : &w->own_stats;
	memset(w->st, 0, sizeof(*w->st));
	*out = w;
	return 0;
}

int rd_mw_writer_finish(struct rd_mw_writer *w, int rc)
{
	int rc2;

	/* What was read whole is kept even when the rest is broken: the
	 * error then names what could not be read. */
	if (w->batch) {
		char *msg = rc < 0 ? rd_strdup(rd_error_last()) : NULL;
		rc2 = writer_commit(w);
		if (rc >= 0)
			rc = rc2;
		else
			rd_error_set(rc, "%s", msg);
		free(msg);
	}
	return rc;
}

void rd_mw_writer_free(struct rd_mw_writer *w)
{
	if (!w)
		return;
	rd_store_batch_free(w->batch);
	spooled_release(w);
	if (w->spool)
		fclose(w->spool);
	free(w->revs);
	rd_buf_release(&w->text);
	free(w);
}

int rd_import_mediawiki(struct rd_store *s, const char *path,
			const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st)
{
	struct rd_mw_writer *w;
	int rc;

	if ((rc = rd_mw_writer_new(&w, s, o, st)) < 0)
		return rc;
	rc = rd_mediawiki_parse(path, &writer_callbacks, w, &w->st->parse);
	rc = rd_mw_writer_finish(w, rc);
	rd_mw_writer_free(w);
	return rc;
}
