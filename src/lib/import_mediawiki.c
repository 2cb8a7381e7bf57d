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
 * whole page is what sorts its revisions and finds them in the store, 88
 * bytes a revision: contributor and comment are spooled with the text.
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

/* A revision as it waits for its page's end: its contributor's name,
 * comment and text are in the spool, in that order, from off. */
struct spooled {
	struct rd_time when;
	int64_t rev_id, parent_id, user_id; /* 0: absent (but see has_rev_id) */
	uint64_t off;
	size_t len;           /* of the text */
	uint32_t alen, clen;  /* of the name and comment */
	uint32_t line;        /* of </revision> */
	unsigned has_rev_id : 1, has_author : 1, has_comment : 1, minor : 1,
		 text_deleted : 1, comment_deleted : 1;
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
	struct rd_buf text;   /* the text read back */
	struct rd_buf strs;   /* and the name and comment before it */
	char ids[3][24];      /* and its ids as a version gives them */
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

/* An id as a version gives it, in buf; NULL for an absent one (0, but a
 * revision id of 0 is an id when the file wrote it). */
static char *id_str(char buf[24], int64_t v, int present)
{
	if (!present && !v)
		return NULL;
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

static int spool_put(struct rd_mw_writer *w, const char *p, size_t len)
{
	if (len && fwrite(p, 1, len, w->spool) != len)
		return rd_error_set(RD_EIO, "cannot write the spool file: %s", strerror(errno));
	w->spool_len += len;
	return 0;
}

static int w_revision(void *ctx, const struct rd_mw_page *p, const struct rd_mw_revision *r)
{
	struct rd_mw_writer *w = ctx;
	struct spooled *s;
	const char *author = NULL;
	int rc;

	if (w->skip_page)
		return 0;
	if (!w->spool && (rc = spool_open(&w->spool)) < 0)
		return rc;
	rd_grow((void **)&w->revs, &w->cap, w->nrevs + 1, sizeof(*w->revs));
	s = &w->revs[w->nrevs];
	memset(s, 0, sizeof(*s));
	if ((rc = rd_time_parse(&s->when, r->timestamp, 0)) < 0)
		return rd_error_set(rc, "page '%s', revision %lld: %s", p->title, (long long)r->id,
				    rd_error_last());
	s->rev_id = r->id;
	/* 0 is an id (synthetic exports number from 0) when it is written */
	s->has_rev_id = r->has_id || r->id;
	s->parent_id = r->parent_id;
	s->line = r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line;
	switch (r->contributor) {
	case RD_MW_CONTRIB_USER:
		author = r->username ? r->username : "";
		s->user_id = r->user_id;
		break;
	case RD_MW_CONTRIB_IP:
		author = r->ip ? r->ip : "";
		break;
	case RD_MW_CONTRIB_DELETED:
		/* as MediaWiki shows it */
		author = "(username removed)";
		break;
	default:
		break;
	}
	s->has_author = author != NULL;
	s->has_comment = r->comment != NULL;
	s->comment_deleted = r->comment_deleted;
	s->minor = r->minor;
	s->text_deleted = r->text_deleted || r->text_missing;
	s->off = w->spool_len;
	s->alen = author ? (uint32_t)strlen(author) : 0;
	s->clen = r->comment ? (uint32_t)strlen(r->comment) : 0;
	s->len = r->text ? r->text_len : 0;
	if ((rc = spool_put(w, author, s->alen)) < 0 || (rc = spool_put(w, r->comment, s->clen)) < 0 ||
	    (rc = spool_put(w, r->text, s->len)) < 0)
		return rc;
	w->nrevs++;
	return 0;
}

static int read_exactly(FILE *f, char *to, size_t len)
{
	return len && fread(to, 1, len, f) != len ? -1 : 0;
}

/* A spooled revision back: its text into w->text, name and comment into
 * w->strs (each followed by a NUL). */
static int spool_read(struct rd_mw_writer *w, const struct spooled *s)
{
	size_t sl = (size_t)s->alen + s->clen;

	rd_buf_clear(&w->text);
	rd_buf_put(&w->text, "", 0);
	rd_buf_clear(&w->strs);
	rd_grow((void **)&w->strs.ptr, &w->strs.cap, sl + 2, 1);
	rd_grow((void **)&w->text.ptr, &w->text.cap, s->len + 1, 1);
	if (fflush(w->spool) != 0 || fseeko(w->spool, (off_t)s->off, SEEK_SET) < 0 ||
	    read_exactly(w->spool, w->strs.ptr, s->alen) < 0 ||
	    read_exactly(w->spool, w->strs.ptr + s->alen + 1, s->clen) < 0 ||
	    read_exactly(w->spool, w->text.ptr, s->len) < 0)
		return rd_error_set(RD_EIO, "cannot read the spool file back");
	w->strs.ptr[s->alen] = '\0';
	w->strs.ptr[sl + 1] = '\0';
	w->text.len = s->len;
	w->text.ptr[s->len] = '\0';
	return 0;
}

/* The version a spooled revision read back (spool_read) gives: it points
 * into w, valid until the next read. */
static void spooled_version(struct rd_mw_writer *w, const struct spooled *s, struct rd_version *v)
{
	memset(v, 0, sizeof(*v));
	v->when = s->when;
	v->author = s->has_author ? w->strs.ptr : NULL;
	v->author_id = id_str(w->ids[0], s->user_id, 0);
	v->label = s->has_comment ? w->strs.ptr + s->alen + 1 : NULL;
	v->revision_id = id_str(w->ids[1], s->rev_id, s->has_rev_id);
	v->parent_revision_id = id_str(w->ids[2], s->parent_id, 0);
	v->source = (char *)"mediawiki";
	v->minor = s->minor;
	v->text_deleted = s->text_deleted;
	v->comment_deleted = s->comment_deleted;
}

/* A stored version, as much of it as matching the file's revisions
 * takes: a long history is read whole, so this is kept small. */
struct known {
	char *revision_id;
	int64_t sec;
	char blob[41];
	int text_deleted;
};

struct knowns {
	struct known *v;
	size_t n, cap;
};

static int know(void *ctx, const struct rd_version *v)
{
	struct knowns *k = ctx;
	struct known *e;

	rd_grow((void **)&k->v, &k->cap, k->n + 1, sizeof(*k->v));
	e = &k->v[k->n++];
	e->revision_id = v->revision_id ? rd_strdup(v->revision_id) : NULL;
	e->sec = v->when.sec;
	memcpy(e->blob, v->blob, sizeof(e->blob));
	e->text_deleted = v->text_deleted;
	return 0;
}

static void knowns_release(struct knowns *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].revision_id);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* The entry's versions, oldest first; RD_ENOTFOUND when there is none. */
static int knowns_read(struct rd_store *s, const char *entry, struct knowns *k)
{
	int rc = rd_store_walk(s, entry, know, k);

	if (rc < 0) {
		knowns_release(k);
		return rc;
	}
	for (size_t i = 0; i < k->n / 2; i++) {
		struct known t = k->v[i];
		k->v[i] = k->v[k->n - 1 - i];
		k->v[k->n - 1 - i] = t;
	}
	return 0;
}

/* Does the stored version hold what the file gives for it?  Text (by
 * blob id) and time are compared: the same revision id with another text
 * or time is a contradiction, not "already stored". */
static int same_as_stored(struct rd_mw_writer *w, const struct spooled *s,
			  const struct known *v, int *same)
{
	unsigned char id[20];
	char hex[41];
	int rc;

	*same = 0;
	if (s->when.sec != v->sec || s->text_deleted != v->text_deleted)
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

	if (x->when.sec != y->when.sec)
		return x->when.sec < y->when.sec ? -1 : 1;
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
	struct knowns h = { NULL, 0, 0 };
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

	rc = knowns_read(w->store, p->title, &h);
	if (rc == RD_ENOTFOUND) {
		rc = 0;
	} else if (rc < 0) {
		return rc;
	} else {
		int same = 1;
		char b1[24], b2[24];
		/* a source that starts at a stored revision (a live pull from
		 * the newest one) continues the history from there */
		const char *first = id_str(b1, w->revs[0].rev_id, w->revs[0].has_rev_id);
		for (size_t i = h.n; first && i-- > 1;)
			if (h.v[i].revision_id && !strcmp(h.v[i].revision_id, first)) {
				skip = i;
				break;
			}
		for (; skip + stored < h.n && stored < w->nrevs; stored++) {
			const char *id = h.v[skip + stored].revision_id;
			const char *mine = id_str(b2, w->revs[stored].rev_id, w->revs[stored].has_rev_id);
			if (!id || !mine || strcmp(id, mine) != 0)
				break;
			if ((rc = same_as_stored(w, &w->revs[stored], &h.v[skip + stored], &same)) < 0) {
				knowns_release(&h);
				return rc;
			}
			if (!same) {
				struct rd_buf m = RD_BUF_INIT;
				rd_buf_printf(&m, "%s:%lu: page '%s', revision %s: the store's version %zu has this revision id with another %s; the page was left as it is",
					      p->source, (unsigned long)w->revs[stored].line,
					      p->title, id, skip + stored + 1,
					      w->revs[stored].when.sec != h.v[skip + stored].sec ? "time" : "text");
				w_warning(w, m.ptr);
				rd_buf_release(&m);
				knowns_release(&h);
				w->st->pages_conflicting++;
				return 0;
			}
		}
		if (skip + stored < h.n) {
			/* The file rewrites history the store already has (a
			 * revision restored or removed since): that page is
			 * left alone, the others go on. */
			struct rd_buf m = RD_BUF_INIT;
			const char *mine = stored < w->nrevs ?
				id_str(b2, w->revs[stored].rev_id, w->revs[stored].has_rev_id) : NULL;
			rd_buf_printf(&m, "%s:%lu: page '%s': the store's version %zu (revision %s) is not the %s's (revision %s); the page was left as it is",
				      p->source, (unsigned long)w->revs[stored < w->nrevs ? stored : w->nrevs - 1].line,
				      p->title, skip + stored + 1,
				      h.v[skip + stored].revision_id ? h.v[skip + stored].revision_id : "none",
				      w->o.source_name ? w->o.source_name : "file",
				      mine ? mine : "none");
			w_warning(w, m.ptr);
			rd_buf_release(&m);
			knowns_release(&h);
			w->st->pages_conflicting++;
			return 0;
		}
		knowns_release(&h);
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
		struct rd_version v;
		if ((rc = spool_read(w, s)) < 0)
			return rc;
		spooled_version(w, s, &v);
		if ((rc = rd_store_batch_add(w->batch, p->title, w->text.ptr, w->text.len, &v, NULL)) < 0)
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
	char msg[RD_ERROR_MAX];
	int rc2;

	/* What was read whole is kept even when the rest is broken: the
	 * error then names what could not be read. */
	if (w->batch) {
		rd_error_save(msg);
		rc2 = writer_commit(w);
		if (rc >= 0)
			rc = rc2;
		else
			rd_error_set(rc, "%s", msg);
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
	rd_buf_release(&w->strs);
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
