/*
 * revdiff/blame.h - word-level blame (blame.c) and its rendering (render_blame*.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_BLAME_H
#define REVDIFF_BLAME_H

#include <stddef.h>
#include "render.h"

/*
 * Word-level blame: feed the texts of an entry's versions oldest first
 * (text-deleted versions skipped); after each, the tokens of the newest
 * text carry the version that introduced them and the versions where they
 * were removed and put back.  Text removed and later restored keeps its
 * original origin (WikiWho's rule): an identity revert to any of the last
 * RD_BLAME_REVERT_WINDOW versions restores their attribution exactly, and
 * inserted runs are matched against removed text before being credited to
 * the inserting version.  Versions are diffed with rd_diff_texts.
 */
struct rd_blame;

/* One token of the blamed text: bytes [off, off + len), its whitespace
 * included, so the tokens tile the text.  The arrays are borrowed from
 * the rd_blame and valid until the next rd_blame_add or rd_blame_free. */
struct rd_blame_token {
	size_t off, len;
	int origin;              /* version number that introduced the word */
	int word;                /* a word, number or ideograph (rd_token_is_word) */
	const int *removed_in;   /* versions that removed it, ascending */
	size_t nremoved;
	const int *reinserted_in; /* versions that restored it */
	size_t nreinserted;
	const int *moved_in;     /* versions that moved it (it kept its origin) */
	size_t nmoved;
};

/* Identity reverts are looked for this many versions back. */
#define RD_BLAME_REVERT_WINDOW 32

struct rd_blame *rd_blame_new(void);
void rd_blame_free(struct rd_blame *b);
/* Adds the next version (numbers must increase).  The text is copied. */
int rd_blame_add(struct rd_blame *b, int version, const char *text, size_t len);
/* The tokens of the last version added (borrowed), and its text. */
const struct rd_blame_token *rd_blame_tokens(struct rd_blame *b, size_t *n);
const char *rd_blame_text(const struct rd_blame *b, size_t *len);

/* Words of the last version added by origin: out[v] for version v < n
 * (out[0] unused), whitespace and punctuation not counted. */
void rd_blame_word_counts(struct rd_blame *b, size_t *out, size_t n);

/* What rd_blame_render shows (render_blame.c). */
struct rd_blame_render_opts {
	enum rd_format format;        /* PLAIN, COLOR or JSON */
	const struct rd_side *blamed; /* the version blamed, or NULL */
	/* Describes version v of the entry (NULL when unknown); borrowed. */
	const struct rd_side *(*side)(void *ctx, int version);
	void *side_ctx;
};
/* Renders the blame of the last version added: HTML a page of the text
 * coloured by author (WhoColor's way) with a legend of their shares, each
 * run linking to #vN, left open for the caller to append each origin's
 * diff section and rd_render_html_end; PLAIN and COLOR print a
 * legend (each origin version, its words, date, author, label), then the
 * text with "[vN]" where a run from version N starts; JSON prints
 * DESIGN.md's object (every token with origin, removed_in, reinserted_in,
 * moved_in). */
int rd_blame_render(struct rd_blame *b, const struct rd_blame_render_opts *o,
		    rd_write_fn w, void *ctx);

#endif
