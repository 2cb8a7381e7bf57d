/*
 * import_api.c - a live MediaWiki through its Action API (revdiff/import.h:
 * rd_import_mediawiki_api).
 *
 * The pages to pull are found first (titles, a category's members, a
 * user's contributions, the recent changes since the last pull: of the
 * pages followed, or all), as page
 * ids, so that a page renamed since the last pull is still recognised.
 * Then each page's revisions, oldest first, go through the XML import's
 * writer (rd_mw_writer) as the parser would give them, so the
 * commits are the ones an export of the same history makes.  A page the
 * store already holds is fetched from its newest stored revision on; each
 * page is committed when complete, so an interrupted pull keeps the pages
 * it finished and the next run goes on from there.
 *
 * Change tags are not in the commits (the export has none and they
 * change later); they go to mw_tags.c with the page ids followed.
 */
#include "http.h"
#include "mw_state.h"

#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>

struct api {
	struct rd_store *store;
	const struct rd_api_opts *o;
	struct rd_http *http;
	struct rd_mw_tags *tags;
	struct rd_api_stats *st;
	struct rd_mw_import_stats *ist;
	const struct rd_mw_callbacks *cb;
	void *cbctx;
	int64_t *ids;            /* the pages to pull, in the order found */
	size_t nids, capids;
	char *recent;            /* newest recent change read */
	json_t *revtags;         /* the page's revision id -> tags */
};

/* Where the last --recent (or --recent=all) pull stopped reading. */
#define RECENT_KEY(a) ((a)->o->recent == 2 ? "recent_all" : "recent")

static void progress(struct api *a)
{
	if (a->o->progress)
		a->o->progress(a->o->ctx, a->st, a->ist);
}

static void warn(struct api *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct api *a, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (a->cb->warning)
		a->cb->warning(a->cbctx, b.ptr);
	rd_buf_release(&b);
}

/* Appends &key=value, the value percent-encoded. */
static void param(struct api *a, struct rd_buf *q, const char *key, const char *value)
{
	char *e = rd_http_escape(a->http, value);

	rd_buf_printf(q, "&%s=%s", key, e);
	free(e);
}

/*
 * One API request: `query` is "&key=value..." after action=query.  The
 * answer's JSON in *out (json_decref it).  MediaWiki's maxlag error is
 * retried as the server asks; any other error, or an answer that is not
 * whole JSON, is RD_EIO naming the request.
 */
static int request(struct api *a, const char *query, json_t **out)
{
	struct rd_buf url = RD_BUF_INIT, body = RD_BUF_INIT;
	int rc = 0;

	*out = NULL;
	rd_buf_printf(&url, "%s%saction=query&format=json&formatversion=2&errorformat=plaintext%s",
		      a->o->api, strchr(a->o->api, '?') ? "&" : "?", query);
	if (a->o->maxlag >= 0)
		rd_buf_printf(&url, "&maxlag=%d", a->o->maxlag);
	for (int attempt = 0;; attempt++) {
		json_error_t je;
		json_t *err;

		a->st->requests++;
		if ((rc = rd_http_get(a->http, url.ptr, &body)) < 0)
			break;
		a->st->bytes += body.len;
		progress(a);
		if (!(*out = json_loadb(body.ptr, body.len, 0, &je)) || !json_is_object(*out)) {
			rc = rd_error_set(RD_EIO, "%s: the answer is not %s JSON (%zu bytes, %s): is the URL the wiki's api.php?",
					  url.ptr, *out ? "an object of" : "whole", body.len,
					  *out ? "another value" : je.text);
			break;
		}
		err = json_array_get(json_object_get(*out, "errors"), 0);
		if (!err)
			break;
		const char *code = json_string_value(json_object_get(err, "code"));
		const char *text = json_string_value(json_object_get(err, "text"));
		if (code && !strcmp(code, "maxlag")) {
			json_decref(*out);
			*out = NULL;
			if ((rc = rd_http_backoff(a->http, attempt, "the wiki's database lags (maxlag)")) < 0)
				break;
			continue;
		}
		rc = rd_error_set(RD_EIO, "%s: the wiki answered %s: %s", url.ptr, code ? code : "an error",
				  text ? text : "(no text)");
		break;
	}
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	rd_buf_release(&url);
	rd_buf_release(&body);
	return rc;
}

/*
 * A request followed through its "continue" answers: `each` is called
 * with every answer's "query" object.
 */
static int request_all(struct api *a, const char *query,
		       int (*each)(struct api *a, json_t *q, void *ctx), void *ctx)
{
	struct rd_buf q = RD_BUF_INIT;
	json_t *ans = NULL, *cont;
	int rc;

	rd_buf_puts(&q, query);
	for (;;) {
		if ((rc = request(a, q.ptr, &ans)) < 0)
			break;
		if ((rc = each(a, json_object_get(ans, "query"), ctx)) < 0)
			break;
		if (!json_is_object(cont = json_object_get(ans, "continue")))
			break;
		const char *key;
		json_t *v;
		rd_buf_clear(&q);
		rd_buf_puts(&q, query);
		json_object_foreach(cont, key, v)
			if (json_is_string(v))
				param(a, &q, key, json_string_value(v));
		json_decref(ans);
		ans = NULL;
	}
	json_decref(ans);
	rd_buf_release(&q);
	return rc;
}

/* ---- which pages ------------------------------------------------------------- */

static void add_page(struct api *a, int64_t id)
{
	if (id <= 0)
		return;
	for (size_t i = 0; i < a->nids; i++)
		if (a->ids[i] == id)
			return;
	rd_grow((void **)&a->ids, &a->capids, a->nids + 1, sizeof(*a->ids));
	a->ids[a->nids++] = id;
}

/* Every element of q[list] with a "pageid" (categorymembers,
 * usercontribs, recentchanges, pages). */
static int each_listed(struct api *a, json_t *q, void *ctx)
{
	const char *list = ctx;
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(q, list), i, item) {
		const char *ts = json_string_value(json_object_get(item, "timestamp"));
		if (json_is_true(json_object_get(item, "missing")) ||
		    json_is_true(json_object_get(item, "invalid"))) {
			warn(a, "page '%s' is not on the wiki (%s)",
			     json_string_value(json_object_get(item, "title")) ?: "?", a->o->api);
			continue;
		}
		int64_t id = json_integer_value(json_object_get(item, "pageid"));
		if (!strcmp(list, "recentchanges") && a->o->recent == 1) {
			/* only the pages followed: a big wiki changes a lot */
			char key[32];
			snprintf(key, sizeof(key), "%lld", (long long)id);
			if (!json_object_get(rd_mw_state_pages(a->tags, a->o->api), key))
				id = 0;
		}
		add_page(a, id);
		if (ts && !strcmp(list, "recentchanges") && (!a->recent || strcmp(ts, a->recent) > 0)) {
			free(a->recent);
			a->recent = rd_strdup(ts);
		}
	}
	return 0;
}

static void ns_param(struct api *a, struct rd_buf *q, const char *key)
{
	if (a->o->ns_filter)
		rd_buf_printf(q, "&%s=%ld", key, a->o->ns);
}

static int find_pages(struct api *a)
{
	struct rd_buf q = RD_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < a->o->ntitles && !rc; i++) {
		rd_buf_clear(&q);
		rd_buf_puts(&q, "&prop=info");
		param(a, &q, "titles", a->o->titles[i]);
		rc = request_all(a, q.ptr, each_listed, "pages");
	}
	if (a->o->category && !rc) {
		const char *c = a->o->category;
		rd_buf_clear(&q);
		rd_buf_puts(&q, "&list=categorymembers&cmprop=ids|title&cmlimit=500");
		ns_param(a, &q, "cmnamespace");
		rd_buf_puts(&q, "&cmtitle=");
		if (strncmp(c, "Category:", 9) != 0)
			rd_buf_puts(&q, "Category:");
		char *e = rd_http_escape(a->http, c);
		rd_buf_puts(&q, e);
		free(e);
		rc = request_all(a, q.ptr, each_listed, "categorymembers");
	}
	if (a->o->user && !rc) {
		rd_buf_clear(&q);
		rd_buf_puts(&q, "&list=usercontribs&ucprop=ids|title&uclimit=500&ucdir=newer");
		ns_param(a, &q, "ucnamespace");
		param(a, &q, "ucuser", a->o->user);
		rc = request_all(a, q.ptr, each_listed, "usercontribs");
	}
	if (a->o->recent && !rc) {
		const char *since = json_string_value(json_object_get(rd_mw_state_wiki(a->tags, a->o->api),
								       RECENT_KEY(a)));
		rd_buf_clear(&q);
		rd_buf_puts(&q, "&list=recentchanges&rcprop=ids|title|timestamp&rclimit=500&rcdir=newer"
			    "&rctype=edit|new|log");
		ns_param(a, &q, "rcnamespace");
		if (since)
			param(a, &q, "rcstart", since);
		rc = request_all(a, q.ptr, each_listed, "recentchanges");
	}
	rd_buf_release(&q);
	return rc;
}

/* ---- one page's revisions ------------------------------------------------------ */

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The hex SHA-1 of a text, as the API gives it. */
static void sha1_hex(char out[41], const char *text, size_t len)
{
	struct sha1_ctx c;
	uint8_t d[SHA1_DIGEST_SIZE];

	sha1_init(&c);
	sha1_update(&c, len, (const uint8_t *)text);
	sha1_digest(&c, sizeof(d), d);
	for (int i = 0; i < SHA1_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* put the tags of revision r, space-separated, into b */
static void tags_of(struct rd_buf *b, json_t *r)
{
	json_t *tag;
	size_t k;

	json_array_foreach(json_object_get(r, "tags"), k, tag)
		if (json_is_string(tag))
			rd_buf_printf(b, "%s%s", b->len ? " " : "", json_string_value(tag));
}

int rd_mw_api_revision(struct rd_mw_revision *rev, struct rd_buf *tags, json_t *r)
{
	json_t *main = json_object_get(json_object_get(r, "slots"), "main");

	memset(rev, 0, sizeof(*rev));
	rev->id = json_integer_value(json_object_get(r, "revid"));
	rev->parent_id = json_integer_value(json_object_get(r, "parentid"));
	rev->timestamp = str(r, "timestamp");
	if (rev->id <= 0 || !rev->timestamp)
		return rd_error_set(RD_EIO, "a revision without id or timestamp");
	if (json_is_true(json_object_get(r, "userhidden"))) {
		rev->contributor = RD_MW_CONTRIB_DELETED;
	} else if (json_is_true(json_object_get(r, "anon"))) {
		rev->contributor = RD_MW_CONTRIB_IP;
		rev->ip = str(r, "user");
	} else if (str(r, "user")) {
		rev->contributor = RD_MW_CONTRIB_USER;
		rev->username = str(r, "user");
		rev->user_id = json_integer_value(json_object_get(r, "userid"));
	}
	rev->comment_deleted = json_is_true(json_object_get(r, "commenthidden"));
	rev->comment = rev->comment_deleted ? NULL : str(r, "comment");
	rev->minor = json_is_true(json_object_get(r, "minor"));
	rev->model = str(main, "contentmodel");
	rev->format = str(main, "contentformat");
	rev->bytes = json_is_integer(json_object_get(r, "size")) ?
		json_integer_value(json_object_get(r, "size")) : -1;
	rev->sha1_ok = rev->bytes_ok = -1;
	if (json_is_true(json_object_get(main, "texthidden"))) {
		rev->text_deleted = 1;
	} else if (!json_is_string(json_object_get(main, "content"))) {
		rev->text_missing = 1;
	} else {
		char hex[41];
		const char *want = str(r, "sha1");
		rev->text = json_string_value(json_object_get(main, "content"));
		rev->text_len = json_string_length(json_object_get(main, "content"));
		sha1_hex(hex, rev->text, rev->text_len);
		rev->sha1_ok = want ? !strcmp(hex, want) : -1;
		rev->bytes_ok = rev->bytes >= 0 ? (size_t)rev->bytes == rev->text_len : -1;
	}
	tags_of(tags, r);
	return 0;
}

struct page_ctx {
	struct rd_mw_page page;
	int started;
};

static int each_revision(struct api *a, json_t *q, void *ctx)
{
	struct page_ctx *pc = ctx;
	json_t *page = json_array_get(json_object_get(q, "pages"), 0), *r;
	size_t i;
	int rc;

	if (!page)
		return 0;
	if (!pc->started) {
		pc->started = 1;
		if ((rc = a->cb->page_start(a->cbctx, &pc->page)) < 0)
			return rc;
	}
	json_array_foreach(json_object_get(page, "revisions"), i, r) {
		struct rd_mw_revision rev;
		struct rd_buf tags = RD_BUF_INIT;
		char num[32];

		if ((rc = rd_mw_api_revision(&rev, &tags, r)) < 0) {
			rd_buf_release(&tags);
			return rd_error_set(rc, "%s: page '%s': %s", a->o->api, pc->page.title, rd_error_last());
		}
		if (!rev.sha1_ok || !rev.bytes_ok)
			warn(a, "page '%s' revision %lld: the text's %s is not what the wiki says",
			     pc->page.title, (long long)rev.id, !rev.sha1_ok ? "sha1" : "size");
		snprintf(num, sizeof(num), "%lld", (long long)rev.id);
		json_object_set_new(a->revtags, num, json_string(tags.ptr ? tags.ptr : ""));
		rd_buf_release(&tags);
		a->st->revisions++;
		pc->page.nrevisions++;
		if ((rc = a->cb->revision(a->cbctx, &pc->page, &rev)) < 0)
			return rc;
	}
	return 0;
}

/* Tags only, for the revisions already stored (mw-reverted comes late). */
static int each_tagged(struct api *a, json_t *q, void *ctx)
{
	json_t *r;
	size_t i;

	(void)ctx;
	json_array_foreach(json_object_get(json_array_get(json_object_get(q, "pages"), 0), "revisions"), i, r) {
		struct rd_buf tags = RD_BUF_INIT;
		char num[32];
		tags_of(&tags, r);
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(r, "revid")));
		json_object_set_new(a->revtags, num, json_string(tags.ptr ? tags.ptr : ""));
		rd_buf_release(&tags);
	}
	return 0;
}

/* The stored versions of entry: 1, or 0 when the store has no such entry. */
static int stored_history(struct api *a, const char *entry, struct rd_history *h)
{
	int rc = rd_store_history(a->store, entry, h);

	return rc == RD_ENOTFOUND ? 0 : rc < 0 ? rc : 1;
}

/* The tags fetched, onto the commits of the entry's versions. */
static int record_tags(struct api *a, const char *entry)
{
	struct rd_history h;
	int rc = stored_history(a, entry, &h);

	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < h.n; i++) {
		const char *rid = h.v[i].revision_id;
		json_t *t = rid ? json_object_get(a->revtags, rid) : NULL;
		if (json_is_string(t))
			rd_mw_tags_set(a->tags, h.v[i].commit, json_string_value(t));
	}
	rd_history_release(&h);
	return 0;
}

/*
 * A page renamed since the last pull is now stored under its new title
 * with its whole history (the export of the new title has it all); the
 * old name's entry goes, when its newest version is still one of the
 * page's revisions (not a new page of that name).
 */
static int drop_old_name(struct api *a, const char *was)
{
	struct rd_history h;
	int rc = stored_history(a, was, &h);

	if (rc <= 0)
		return rc;
	rc = 0;
	const char *rid = h.n ? h.v[h.n - 1].revision_id : NULL;
	if (rid && json_object_get(a->revtags, rid))
		rc = rd_store_entry_remove(a->store, was, h.v[h.n - 1].commit);
	rd_history_release(&h);
	return rc;
}

static int pull_page(struct api *a, int64_t id)
{
	struct rd_buf q = RD_BUF_INIT;
	struct page_ctx pc;
	struct rd_history h;
	json_t *ans = NULL, *page, *pages = rd_mw_state_pages(a->tags, a->o->api);
	char key[32], last[32], *title = NULL, *start = NULL, *was = NULL;
	int rc;

	memset(&pc, 0, sizeof(pc));
	memset(&h, 0, sizeof(h));
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rd_buf_printf(&q, "&prop=info&pageids=%s", key);
	if ((rc = request(a, q.ptr, &ans)) < 0)
		goto out;
	page = json_array_get(json_object_get(json_object_get(ans, "query"), "pages"), 0);
	if (!str(page, "title") || json_is_true(json_object_get(page, "missing"))) {
		warn(a, "page id %s is not on the wiki (deleted since?)", key);
		goto out;
	}
	title = rd_strdup(str(page, "title"));
	pc.page.source = a->o->api;
	pc.page.title = title;
	pc.page.ns = (long)json_integer_value(json_object_get(page, "ns"));
	pc.page.id = id;
	if (str(pages, key))
		was = rd_strdup(str(pages, key));
	int moved = was && strcmp(was, title) != 0;
	if (moved)
		a->st->pages_moved++;
	/* a page already stored goes on from its newest revision */
	if ((rc = stored_history(a, title, &h)) < 0)
		goto out;
	rc = 0;
	if (h.n && h.v[h.n - 1].revision_id)
		start = rd_strdup(h.v[h.n - 1].revision_id);
	/* nothing newer than the store's newest: only the tags are read */
	snprintf(last, sizeof(last), "%lld", (long long)json_integer_value(json_object_get(page, "lastrevid")));
	int current = start && !strcmp(start, last);
	a->revtags = json_object();
	if (start) {
		rd_buf_clear(&q);
		rd_buf_printf(&q, "&prop=revisions&rvprop=ids|tags&rvlimit=500&rvdir=newer&pageids=%s", key);
		if ((rc = request_all(a, q.ptr, each_tagged, NULL)) < 0)
			goto out;
	}
	rd_buf_clear(&q);
	rd_buf_printf(&q, "&prop=revisions&rvprop=ids|timestamp|flags|user|userid|comment|sha1|size|tags|content"
		      "&rvslots=main&rvdir=newer&rvlimit=%d&pageids=%s", a->o->limit > 0 ? a->o->limit : 50, key);
	if (start)
		rd_buf_printf(&q, "&rvstartid=%s", start);
	if (!current && (rc = request_all(a, q.ptr, each_revision, &pc)) < 0)
		goto out;
	a->st->pages++;
	if (pc.started && (rc = a->cb->page_end(a->cbctx, &pc.page)) < 0)
		goto out;
	if ((rc = record_tags(a, title)) < 0 || (moved && (rc = drop_old_name(a, was)) < 0))
		goto out;
	json_object_set_new(pages, key, json_string(title));
	rc = rd_mw_tags_save(a->tags);
out:
	json_decref(a->revtags);
	a->revtags = NULL;
	json_decref(ans);
	rd_history_release(&h);
	rd_buf_release(&q);
	free(title);
	free(start);
	free(was);
	return rc;
}

static int pull(struct api *a)
{
	int rc;

	if ((rc = find_pages(a)) < 0)
		return rc;
	a->st->pages_found = a->nids;
	for (size_t i = 0; i < a->nids; i++)
		if ((rc = pull_page(a, a->ids[i])) < 0)
			return rc;
	if (a->o->recent && a->recent) {
		json_t *wiki = rd_mw_state_wiki(a->tags, a->o->api);
		/* a pull of every change covers the pages followed too */
		json_object_set_new(wiki, RECENT_KEY(a), json_string(a->recent));
		if (a->o->recent == 2)
			json_object_set_new(wiki, "recent", json_string(a->recent));
		rc = rd_mw_tags_save(a->tags);
	}
	return rc;
}

int rd_import_mediawiki_api(struct rd_store *s, const struct rd_api_opts *o,
			    struct rd_api_stats *st, struct rd_mw_import_stats *ist)
{
	struct rd_mw_import_opts io;
	struct rd_api_stats local;
	struct rd_mw_import_stats ilocal;
	struct api a;
	struct rd_mw_writer *w = NULL;
	int rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&a, 0, sizeof(a));
	if (!o->api || !o->user_agent || !*o->user_agent)
		return rd_error_set(RD_EINVALID, "a live pull needs the API's URL and a User-Agent");
	memset(&io, 0, sizeof(io));
	io.commit_pages = 1;
	io.source_name = "wiki";
	io.warning = o->warning;
	io.ctx = o->ctx;
	a.store = s;
	a.o = o;
	a.st = st;
	a.ist = ist ? ist : &ilocal;
	if ((rc = rd_http_new(&a.http, o)) < 0)
		return rc;
	if ((rc = rd_mw_tags_load(&a.tags, s)) >= 0 && (rc = rd_mw_writer_new(&w, s, &io, a.ist)) >= 0) {
		a.cb = rd_mw_writer_callbacks();
		a.cbctx = w;
		rc = rd_mw_writer_finish(w, pull(&a));
	}
	rd_mw_writer_free(w);
	rd_mw_tags_free(a.tags);
	rd_http_free(a.http);
	free(a.ids);
	free(a.recent);
	return rc;
}
