/*
 * history.c - questions about an entry's versions that every command asks
 * the same way: which version a diff compares with (stepping over texts
 * the source deleted), that diff, which versions are reverts, the log's
 * rows and blame, all read from the store here rather than in each
 * command; and what they rest on: identity reverts, the log's one-pass
 * scan with its phrase counts (log -S; phrases are matched in words.c).
 */
#include "revdiff.h"
#include "words.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

size_t rd_history_parent(const struct rd_history *h, size_t i)
{
	while (i-- > 0)
		if (!h->v[i].text_deleted)
			return i;
	return SIZE_MAX;
}

void rd_history_reverts(struct rd_revert *out, const struct rd_history *h)
{
	const char **ids = rd_calloc(h->n ? h->n : 1, sizeof(*ids));

	/* a deleted text has no blob to match: it reverts nothing */
	for (size_t k = 0; k < h->n; k++)
		ids[k] = h->v[k].text_deleted ? NULL : h->v[k].blob;
	rd_reverts_detect(out, ids, h->n, RD_REVERT_WINDOW);
	free(ids);
}

/* Versions read between two reopenings of the store (rd_store_drop_caches):
 * libgit2 keeps up to 16 MB of delta bases for each pack it reads, and a
 * long imported history spans many packs (Anarchism: 16 to 32).  250
 * rather than 1000 takes 16 MB off blame's peak there, at no cost seen. */
#define REOPEN_EVERY 250

/* Reopens the store when version index i is a multiple of REOPEN_EVERY:
 * a command reading version after version passes one every 250. */
static int reopen_at(struct rd_store *s, size_t i)
{
	return i && i % REOPEN_EVERY == 0 ? rd_store_drop_caches(s) : 0;
}

int rd_history_diff(struct rd_history_diff *out, struct rd_store *s,
		    const struct rd_history *h, size_t i, const struct rd_diff_opts *o)
{
	int err;

	memset(out, 0, sizeof(*out));
	out->parent = rd_history_parent(h, i);
	if (h->v[i].text_deleted)
		return 0;
	if ((err = reopen_at(s, i)) < 0 ||
	    (err = rd_store_version_text(s, h, i, &out->b)) < 0 ||
	    (out->parent != SIZE_MAX &&
	     (err = rd_store_version_text(s, h, out->parent, &out->a)) < 0) ||
	    (err = rd_diff_texts(&out->d, out->a.ptr ? out->a.ptr : "", out->a.len,
				 out->b.ptr ? out->b.ptr : "", out->b.len, o)) < 0) {
		rd_history_diff_release(out);
		return err;
	}
	rd_classify(out->d);
	return 0;
}

void rd_history_diff_release(struct rd_history_diff *hd)
{
	rd_diff_free(hd->d);
	hd->d = NULL;
	rd_buf_release(&hd->a);
	rd_buf_release(&hd->b);
}

struct text_ctx {
	struct rd_store *store;
	const struct rd_history *h;
	struct rd_buf buf;
};

static int text_of(void *ctx, int version, const char **text, size_t *len)
{
	struct text_ctx *c = ctx;
	int rc;

	*text = NULL;
	*len = 0;
	if (c->h->v[version - 1].text_deleted)
		return 0;
	if ((rc = reopen_at(c->store, (size_t)version)) < 0)
		return rc;
	if ((rc = rd_store_version_text(c->store, c->h, (size_t)version - 1, &c->buf)) < 0)
		return rc;
	*text = c->buf.ptr ? c->buf.ptr : "";
	*len = c->buf.len;
	return 0;
}

int rd_history_log_rows(struct rd_log_row **out, struct rd_store *s,
			const struct rd_history *h, const struct rd_phrase *phrase,
			unsigned flags)
{
	struct text_ctx c = { s, h, RD_BUF_INIT };
	const char **ids = rd_calloc(h->n ? h->n : 1, sizeof(*ids));
	struct rd_log_row *rows = rd_calloc(h->n ? h->n : 1, sizeof(*rows));
	int rc;

	for (size_t i = 0; i < h->n; i++)
		ids[i] = h->v[i].text_deleted ? NULL : h->v[i].blob;
	rc = rd_log_scan(rows, h->n, text_of, &c, ids, RD_REVERT_WINDOW, phrase, flags);
	free(ids);
	rd_buf_release(&c.buf);
	if (rc < 0) {
		free(rows);
		rows = NULL;
	}
	*out = rows;
	return rc < 0 ? rc : 0;
}

int rd_history_blame(struct rd_blame *b, struct rd_store *s, const struct rd_history *h,
		     size_t upto)
{
	struct rd_buf text = RD_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i <= upto && i < h->n && rc == 0; i++) {
		if (h->v[i].text_deleted)
			continue;
		if ((rc = reopen_at(s, i)) < 0)
			break;
		if ((rc = rd_store_version_text(s, h, i, &text)) == 0)
			rc = rd_blame_add(b, (int)i + 1, text.ptr ? text.ptr : "", text.len);
	}
	rd_buf_release(&text);
	return rc;
}

int rd_history_words_present(size_t **out, struct rd_store *s, const struct rd_history *h)
{
	struct rd_blame *b = rd_blame_new();
	int rc;

	*out = rd_calloc(h->n + 1, sizeof(**out));
	if ((rc = rd_history_blame(b, s, h, h->n ? h->n - 1 : 0)) == 0)
		rd_blame_word_counts(b, *out, h->n + 1);
	rd_blame_free(b);
	return rc;
}

/* IPv4 dotted quad, or IPv6 (hex digits and colons, a dotted tail). */
static int is_ip(const char *s)
{
	int dots = 0, colons = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p == ':')
			colons++;
		else if (!isxdigit((unsigned char)*p))
			return 0;
	}
	if (colons >= 2)
		return 1;
	if (dots != 3)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p != '.' && !isdigit((unsigned char)*p))
			return 0;
	return 1;
}

enum rd_author_kind rd_author_kind(const char *a)
{
	size_t n = a ? strlen(a) : 0;

	if (!n || !strcmp(a, "(username removed)") || !strcmp(a, "(unknown)"))
		return RD_AUTHOR_HIDDEN;
	if (is_ip(a))
		return RD_AUTHOR_ANONYMOUS;
	/* "ClueBot NG", "SineBot", "Example_bot 2": a word ending in bot */
	for (size_t i = 3; i <= n; i++)
		if (!strncasecmp(a + i - 3, "bot", 3) && (i == n || a[i] == ' ' || a[i] == '_'))
			return RD_AUTHOR_BOT;
	return RD_AUTHOR_REGISTERED;
}

const char *rd_author_kind_name(enum rd_author_kind k)
{
	static const char *const names[] = { "registered", "anonymous", "bot", "hidden" };

	return names[k];
}

/* ---- identity reverts ---------------------------------------------------------------- */

void rd_reverts_detect(struct rd_revert *out, const char *const *ids, size_t n, size_t window)
{
	/* id -> newest version index holding it */
	size_t cap = 16, mask;
	size_t *slot;

	while (cap < n * 2)
		cap *= 2;
	mask = cap - 1;
	slot = rd_malloc(cap * sizeof(*slot));
	for (size_t i = 0; i < cap; i++)
		slot[i] = SIZE_MAX;
	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		size_t h;
		if (!ids[i])
			continue;
		for (h = (size_t)XXH3_64bits(ids[i], strlen(ids[i])) & mask; slot[h] != SIZE_MAX;
		     h = (h + 1) & mask)
			if (strcmp(ids[slot[h]], ids[i]) == 0)
				break;
		if (slot[h] != SIZE_MAX) {
			size_t j = slot[h];
			/* j == i - 1 is a null edit, not a revert */
			if (j + 1 < i && (!window || i - j <= window)) {
				out[i].revert_to = (int)j + 1;
				for (size_t k = j + 1; k < i; k++)
					if (!out[k].reverted_by)
						out[k].reverted_by = (int)i + 1;
			}
		}
		slot[h] = i;
	}
	free(slot);
}

size_t rd_version_flags(struct rd_flag *out, int minor, int text_deleted, int comment_deleted,
			const struct rd_revert *rv)
{
	static const char *const words[RD_FLAG__COUNT] = { "minor", "text deleted", "comment deleted",
							    "revert to", "reverted by" };
	const int set[RD_FLAG__COUNT] = { minor, text_deleted, comment_deleted, rv->revert_to,
					  rv->reverted_by };
	size_t n = 0;

	for (int k = 0; k < RD_FLAG__COUNT; k++) {
		if (!set[k])
			continue;
		out[n].kind = (enum rd_flag_kind)k;
		out[n].words = words[k];
		out[n++].number = k >= RD_FLAG_REVERT_TO ? set[k] : 0;
	}
	return n;
}

/* ---- log --stat and -S in one pass --------------------------------------------------- */

/* The diff of a version's changed middle against the version before, its
 * counts in r; with `toks` (log -S), the diff keeps the middle's tokens and
 * *toks gets the whole version's, joined to those of the version before
 * (prev_toks; when NULL, its ends are cut). */
static int scan_diff(struct rd_log_row *r, struct rd_tokens *toks, const struct rd_tokens *prev_toks,
		     const char *prev, size_t prev_len, const char *t, size_t len, unsigned flags)
{
	struct rd_diff_opts o;
	struct rd_diff *d;
	size_t pre = 0, suf = 0, n, np, ns;
	const struct rd_token *mid;
	int rc;

	rd_diff_opts_init(&o);
	if (toks)
		o.keep_tokens = RD_DIFF_KEEP_NEW;
	/* only the changed middle: the counts are the same */
	if (prev)
		rd_common_ends(prev, prev_len, t, len, &pre, &suf);
	if ((rc = rd_diff_texts(&d, prev ? prev + pre : "", prev ? prev_len - pre - suf : 0, t + pre,
				len - pre - suf, &o)) < 0)
		return rc;
	r->words_inserted = d->stats.words_inserted;
	r->words_deleted = d->stats.words_deleted;
	if (flags & RD_LOG_CLASSES) {
		rd_classify(d);
		rd_diff_words_by_kind(d, &r->words_substantive, &r->words_trivial);
		memcpy(r->by_class, d->stats.by_class, sizeof(r->by_class));
	}
	if (toks) {
		mid = rd_diff_tokens(d, 1, 0, d->blen, &n);
		rd_tokens_join(toks, prev_toks, t, len, pre, suf, mid, n, &np, &ns);
	}
	rd_diff_free(d);
	return 0;
}

int rd_log_scan(struct rd_log_row *rows, size_t n, rd_log_text_fn text,
		void *ctx, const char *const *blob_ids, size_t window,
		const struct rd_phrase *phrase, unsigned flags)
{
	char *prev = NULL;
	size_t prev_len = 0, prev_words = 0, last_count = 0;
	int have_prev = 0, rc = 0;
	/* -S with the versions diffed: a version's tokens are its diff's (the
	 * middle) joined to the last one's (the ends), never cut whole; kept
	 * only while the phrase may be there (rd_phrase_may_hold) */
	int joined = phrase && (flags & (RD_LOG_WORDS | RD_LOG_CLASSES)), want, have_toks = 0;
	struct rd_tokens toks = { 0 }, prev_toks = { 0 };

	memset(rows, 0, n * sizeof(*rows));
	for (size_t i = 0; i < n; i++) {
		struct rd_log_row *r = &rows[i];
		const char *t = NULL;
		size_t len = 0;

		if ((rc = text(ctx, (int)i + 1, &t, &len)) < 0)
			goto done;
		if (!t) {
			r->text_deleted = 1;
			r->phrase_count = last_count;
			continue;
		}
		r->bytes = len;
		r->byte_delta = (long long)len - (long long)(have_prev ? prev_len : 0);
		want = joined && rd_phrase_may_hold(phrase, t, len);
		if ((flags & (RD_LOG_WORDS | RD_LOG_CLASSES)) && (have_prev || (flags & RD_LOG_CLASSES))) {
			if ((rc = scan_diff(r, want ? &toks : NULL, have_toks ? &prev_toks : NULL,
					    have_prev ? prev : NULL, prev_len, t, len, flags)) < 0)
				goto done;
			r->words = prev_words + r->words_inserted - r->words_deleted;
		} else if (want) {
			/* the first version, no diff made: all of it cut as ends */
			size_t np, ns;
			rd_tokens_join(&toks, NULL, t, len, len, 0, NULL, 0, &np, &ns);
			for (size_t k = 0; k < toks.n; k++)
				r->words += rd_token_is_word(&toks.v[k]);
			r->words_inserted = r->words;
		} else if (flags & RD_LOG_WORDS) {
			r->words = r->words_inserted = rd_count_words(t, len);
		}
		if (phrase) {
			/* without diffs (log --all -S) no tokens are held: cut here */
			if (joined)
				r->phrase_count = want ? rd_phrase_count_tokens(phrase, &toks) : 0;
			else if ((rc = rd_phrase_count(phrase, t, len, &r->phrase_count)) < 0)
				goto done;
			r->phrase_changed = r->phrase_count != last_count;
			last_count = r->phrase_count;
		}
		free(prev);
		prev = rd_malloc(len + 1);
		memcpy(prev, t, len);
		prev_len = len;
		prev_words = r->words;
		have_prev = 1;
		if (joined) {
			rd_tokens_release(&prev_toks);
			prev_toks = toks;
			prev_toks.text = prev;
			have_toks = want;
			memset(&toks, 0, sizeof(toks));
		}
	}
	if (blob_ids) {
		struct rd_revert *rv = rd_malloc((n ? n : 1) * sizeof(*rv));
		rd_reverts_detect(rv, blob_ids, n, window);
		for (size_t i = 0; i < n; i++)
			rows[i].revert = rv[i];
		free(rv);
	}
done:
	rd_tokens_release(&toks);
	rd_tokens_release(&prev_toks);
	free(prev);
	return rc;
}
