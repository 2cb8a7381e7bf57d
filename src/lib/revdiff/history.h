/*
 * revdiff/history.h - an entry's history (history.c): phrases, reverts, the log scan,
 * parents, each version's diff, the store-fed scans and authors.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_HISTORY_H
#define REVDIFF_HISTORY_H

#include <stddef.h>
#include "buf.h"
#include "diff.h"
#include "store.h"

/*
 * Phrase history: occurrences of a phrase counted word by word, tokens
 * compared byte for byte (or case-folded with RD_PHRASE_ICASE), the
 * whitespace between them ignored, so "cyber security" also matches
 * "cyber\n security".  Occurrences do not overlap.  The same match as
 * `revdiff check`'s avoided words (words.c).
 */
#define RD_PHRASE_ICASE 1u
struct rd_phrase;
/* RD_EINVALID when the phrase has no token. */
int rd_phrase_new(struct rd_phrase **out, const char *phrase, size_t len,
		  unsigned flags);
void rd_phrase_free(struct rd_phrase *p);
int rd_phrase_count(const struct rd_phrase *p, const char *text, size_t len,
		    size_t *count);

/*
 * Identity reverts, as MediaWiki tags them: version i whose blob equals
 * that of an earlier version j (i - j <= window, 0 for no limit) other
 * than i - 1 is a "revert to version j", and versions j+1 .. i-1 are
 * "reverted" (by the first such revert).  ids[k] is version k+1's blob id
 * (any string; NULL for a text-deleted version, which matches nothing).
 * MediaWiki looks 15 revisions back; RD_REVERT_WINDOW is our default.
 */
#define RD_REVERT_WINDOW 15
struct rd_revert {
	int revert_to;   /* version this one restores, 0 when none */
	int reverted_by; /* version that undid this one, 0 when none */
};
/* Fills out[0..n) (an array of n, provided by the caller). */
void rd_reverts_detect(struct rd_revert *out, const char *const *ids,
		       size_t n, size_t window);

/* A version's audit flags: which it has, in the order and the words every
 * output gives them (log's text, the HTML pages); outputs only format them. */
enum rd_flag_kind {
	RD_FLAG_MINOR, RD_FLAG_TEXT_DELETED, RD_FLAG_COMMENT_DELETED,
	RD_FLAG_REVERT_TO, RD_FLAG_REVERTED_BY, RD_FLAG__COUNT
};
struct rd_flag {
	enum rd_flag_kind kind;
	const char *words; /* "minor", "text deleted", ..., "revert to" */
	int number;        /* the version after the words, 0 for none */
};
/* Fills out (room for RD_FLAG__COUNT) with the flags set; returns how many. */
size_t rd_version_flags(struct rd_flag *out, int minor, int text_deleted, int comment_deleted,
			const struct rd_revert *rv);

/*
 * What `log --stat` and `log -S` show of each version, computed in one
 * pass over an entry's history (oldest first).  text(ctx, version, &t,
 * &len) gives version v's text, with *t = NULL for a text-deleted version
 * (its row then has text_deleted set and no counts; deltas step over it).
 * The text needs to stay valid only until the next call.
 */
typedef int (*rd_log_text_fn)(void *ctx, int version, const char **text,
				  size_t *len);

struct rd_log_row {
	int text_deleted;
	size_t bytes;             /* size of the text */
	long long byte_delta;     /* against the last version with text */
	size_t words;             /* words in the text */
	size_t words_inserted, words_deleted; /* with RD_LOG_WORDS */
	/* with RD_LOG_CLASSES: rd_diff_words_by_kind and the changes by class */
	size_t words_substantive, words_trivial;
	size_t by_class[RD_CLASS__COUNT];
	size_t phrase_count;      /* with a phrase */
	int phrase_changed;       /* the count differs from the previous one */
	struct rd_revert revert;  /* from blob ids, when given */
};

#define RD_LOG_WORDS 1u   /* diff each version with the one before */
#define RD_LOG_CLASSES 2u /* and classify the changes (implies WORDS) */

/* Fills rows[0..n) for versions 1..n.  `blob_ids` (may be NULL) as for
 * rd_reverts_detect, with `window`; `phrase` may be NULL. */
int rd_log_scan(struct rd_log_row *rows, size_t n, rd_log_text_fn text,
		    void *ctx, const char *const *blob_ids, size_t window,
		    const struct rd_phrase *phrase, unsigned flags);

/* The version a diff of version index i compares with: the last one before
 * it whose text the source kept; SIZE_MAX when none (i is the first). */
size_t rd_history_parent(const struct rd_history *h, size_t i);
/* The revert flags of every version of h into out[0..h->n), as
 * rd_reverts_detect with RD_REVERT_WINDOW (deleted texts match nothing). */
void rd_history_reverts(struct rd_revert *out, const struct rd_history *h);

/* The diff that made version i of h: its text against its parent's (the
 * first version against nothing), classified.  What show, log and blame
 * all compare.  The diff borrows the texts; _release frees all three. */
struct rd_history_diff {
	struct rd_diff *d;   /* NULL when version i's text is deleted */
	size_t parent;       /* rd_history_parent(h, i) */
	struct rd_buf a, b;  /* the parent's text and version i's */
};
int rd_history_diff(struct rd_history_diff *out, struct rd_store *s,
		    const struct rd_history *h, size_t i, const struct rd_diff_opts *o);
void rd_history_diff_release(struct rd_history_diff *hd);
/* rd_log_scan over h's texts read from the store (deleted texts as such,
 * blob ids for the reverts): rows[0..h->n), the caller frees. */
int rd_history_log_rows(struct rd_log_row **out, struct rd_store *s,
			const struct rd_history *h, const struct rd_phrase *phrase,
			unsigned flags);
struct rd_blame;
/* Versions 1..upto+1 of h (deleted texts skipped) added to b in order. */
int rd_history_blame(struct rd_blame *b, struct rd_store *s, const struct rd_history *h,
		     size_t upto);
/* Words of h's newest text by the version that wrote them: out[v] for
 * version v (out[0] unused, h->n + 1 of them); the caller frees. */
int rd_history_words_present(size_t **out, struct rd_store *s, const struct rd_history *h);

/* Who an author name says made an edit, as MediaWiki's history tells
 * them apart: an IP address is anonymous, a name ending in "bot" (a word
 * of it) a bot, "(username removed)" or none hidden. */
enum rd_author_kind { RD_AUTHOR_REGISTERED, RD_AUTHOR_ANONYMOUS, RD_AUTHOR_BOT, RD_AUTHOR_HIDDEN };
enum rd_author_kind rd_author_kind(const char *author);
/* "registered", "anonymous", "bot", "hidden". */
const char *rd_author_kind_name(enum rd_author_kind k);

#endif
