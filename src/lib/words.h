/*
 * words.h - what words mean, in one place (words.c): quotation marks,
 * date and number words, case folding, word counts, phrases.  The classifier, the
 * checker and blame all ask here; where one must be stricter it says so
 * with a flag, never with a copy of the rule.  Not for the CLI.
 */
#ifndef RD_WORDS_H
#define RD_WORDS_H

#include "revdiff.h"

/*
 * Quotation marks: the marks that close a quotation opened by code point
 * `cp` (*y a second one, as „ closes with “ or ”), both 0 when cp opens
 * none.  "…" “…” „…“ «…» »…« ‘…’ ‚…‘ ‹…› 「…」 『…』.
 */
void rd_quote_closers(int32_t cp, int32_t *x, int32_t *y);

/* Bytes [s, e) of a text. */
struct rd_span {
	size_t s, e;
};
struct rd_spans {
	struct rd_span *v;
	size_t n, cap;
};
/*
 * Appends the outermost quotations of text[0..len) to out, in order: the
 * bytes inside their marks.  Straight double quotes alternate; a closing
 * mark with no opener (boys’) is ignored; a blank line forgets quotations
 * left open, so one stray mark cannot quote the rest of the document.
 */
void rd_quote_spans(struct rd_spans *out, const char *text, size_t len);
/* Whether [s, e) lies inside one of the (sorted, disjoint) spans. */
int rd_spans_inside(const struct rd_spans *sp, size_t s, size_t e);

/* rd_date_word: months only (no weekdays, number words, units)... */
#define RD_DATE_MONTHS 1u
/* ... written capitalised ("May", "Sept"): "may" and "march" are verbs */
#define RD_DATE_CAPITALISED 2u
/* Whether s[0..n) is a word of dates and numbers: a month, a weekday, a
 * number word (seven, dozen, million), a time or era word (a.m, utc, bce);
 * any case unless flags say otherwise. */
int rd_date_word(const char *s, size_t n, unsigned flags);

/* rd_number_token: a word with a digit in it (3rd, A4) is no number */
#define RD_NUM_NO_DIGIT_WORDS 4u
/* Whether token k of text is a number or a date: a number token, a word
 * rd_date_word takes with `flags` (RD_DATE_*), or, unless flags hold
 * RD_NUM_NO_DIGIT_WORDS, a word with an ASCII digit in it.  The
 * classifier's class number asks with 0; the checker, stricter, with
 * capitalised months only and no digit words. */
int rd_number_token(const char *text, const struct rd_token *k, unsigned flags);

/*
 * The numbers and dates (rd_number_token with `flags`) that change c of
 * d deletes and inserts, compared as multisets: each deleted one not
 * inserted again is appended to *old, each inserted one not deleted to
 * *new, separated by spaces; *pos is the new-text offset of the first of
 * those inserted (SIZE_MAX when none).  Nonzero when any differ, and
 * only for a change that both deletes and inserts: a sentence rewritten
 * around "9 July" changes no date.  What `check` reports as numbers.
 */
int rd_numbers_changed(const struct rd_diff *d, const struct rd_change *c, unsigned flags,
		       struct rd_buf *old, struct rd_buf *new, size_t *pos);

/* Appends the case fold of s[0..n) to b: utf8proc's full folding,
 * composed (NFC), or ASCII lower case alone when s is ASCII (the same,
 * five times faster) or not valid UTF-8. */
void rd_fold(struct rd_buf *b, const char *s, size_t n);

/* Writes s[0..len) to c[0..len) in lower case, keeping every offset: a
 * character whose lower case is as long in UTF-8 is lowered, any other
 * (and invalid UTF-8) is copied as it is.  Blame compares this. */
void rd_lower_same_length(char *c, const char *s, size_t len);

/* Words (rd_token_is_word) in s[0..n), a text no diff holds. */
size_t rd_count_words(const char *s, size_t n);
/* Words in bytes [from, to) of d's old (side 0) or new (side 1) text,
 * from the diff's tokens (rd_diff_tokens). */
size_t rd_diff_count_words(const struct rd_diff *d, int side, size_t from, size_t to);

/*
 * The bytes two texts share at their start (*pre) and end (*suf), cut
 * back to white space so no token straddles the cut.  Most revisions
 * change a few words of a long text: only the middle is then diffed,
 * which makes blame and log several times faster.
 */
void rd_common_ends(const char *a, size_t alen, const char *b, size_t blen, size_t *pre,
		    size_t *suf);

/* The first of tokens [lo, t->n) that ends after `at` (by_end), or else
 * that starts at or after it: tokens are in text order. */
size_t rd_token_search(const struct rd_tokens *t, size_t lo, size_t at, int by_end);

/*
 * The tokens of `text`, whose first `pre` and last `suf` bytes are those
 * of the text prev was cut from (rd_common_ends): prev's tokens there
 * (*npre and *nsuf of them, moved), and mid[0, nmid), offsets from pre,
 * between: the middle's tokens as the diff of the two middles kept them
 * (RD_DIFF_KEEP_NEW), so that a version is cut once, by its diff (blame,
 * log -S).  With prev NULL (its tokens not kept, or no earlier version:
 * pre = len) the ends, which no diff holds, are cut here.  t->v is the
 * caller's (rd_tokens_release).
 */
void rd_tokens_join(struct rd_tokens *t, const struct rd_tokens *prev, const char *text,
		    size_t len, size_t pre, size_t suf, const struct rd_token *mid, size_t nmid,
		    size_t *npre, size_t *nsuf);

/*
 * Tokens of a text, case-folded one by one (rd_fold) or copied: token i is
 * bytes [off[i], off[i] + len[i]) of buf.  What phrases are matched on.
 */
struct rd_folded {
	struct rd_buf buf;
	size_t *off, *len;
	size_t n;
};
void rd_fold_tokens(struct rd_folded *f, const struct rd_tokens *t, int fold);
void rd_folded_release(struct rd_folded *f);

/* A phrase's words (struct rd_phrase: history.h); at least one. */
size_t rd_phrase_words(const struct rd_phrase *p);
/* Whether phrase p is text's tokens from i on: folded alike (both with
 * RD_PHRASE_ICASE and fold, or neither).  The one phrase match of the
 * checker (avoided words) and of log -S (rd_phrase_count). */
int rd_phrase_at(const struct rd_phrase *p, const struct rd_folded *text, size_t i);
/* Whether text may hold the phrase: not when the rarest-looking of its
 * words is not there at all (a search of the bytes, no tokens). */
int rd_phrase_may_hold(const struct rd_phrase *p, const char *text, size_t len);
/* The phrase's occurrences in t, a whole text's tokens already cut: what
 * rd_phrase_count counts. */
size_t rd_phrase_count_tokens(const struct rd_phrase *p, const struct rd_tokens *t);

#endif
