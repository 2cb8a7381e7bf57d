/*
 * revdiff/token.h - the tokenizer (token.c): bytes to tokens {offset, length, hash, kind}.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_TOKEN_H
#define REVDIFF_TOKEN_H

#include <stddef.h>
#include <stdint.h>

enum rd_token_kind {
	RD_TOK_WORD = 0, /* letters, digits, marks; inner apostrophes */
	RD_TOK_NUMBER,   /* digits with inner separators: 2,680 3.5 03:50:22 */
	RD_TOK_PUNCT,    /* one punctuation or symbol character */
	RD_TOK_CJK,      /* one ideograph (or kana) */
	RD_TOK_BYTE      /* one byte that is not valid UTF-8 */
};

/*
 * One token: bytes [off, off + len) of the text.  Whitespace is not a
 * token: the bytes between two tokens are the whitespace that separates
 * them, so the token list plus the text reproduce the text exactly.
 */
#define RD_TOKEN_EXACT 7

struct rd_token {
	/* of the bytes (token.c); for tokens of up to RD_TOKEN_EXACT bytes equal
	 * hashes mean equal bytes, longer ones are confirmed on the bytes */
	uint64_t hash;
	uint32_t off;
	uint32_t len : 28;
	uint32_t kind : 4;
};

/* Longest token: longer runs are cut, so one token never needs more. */
#define RD_TOKEN_MAX (1u << 20)
/* Largest text revdiff tokenizes (offsets are 32-bit). */
#define RD_TEXT_MAX ((size_t)UINT32_MAX)

struct rd_tokens {
	const char *text; /* borrowed: must outlive the tokens */
	size_t start;     /* the tokenized range of text: [start, len) */
	size_t len;
	struct rd_token *v;
	size_t n;
};

/* Tokenizes `text`; never fails on bad bytes (RD_ETOOBIG past RD_TEXT_MAX). */
int rd_tokenize(struct rd_tokens *out, const char *text, size_t len);
/* Tokenizes bytes [from, to) of text; offsets stay relative to text.
 * `from` must not fall inside a token (a line start will do). */
int rd_tokenize_range(struct rd_tokens *out, const char *text, size_t from, size_t to);
/* The same into out->v, an array of *cap tokens from an earlier call (none
 * when *cap is 0), grown as needed: for many small ranges in a row. */
int rd_tokenize_reuse(struct rd_tokens *out, size_t *cap, const char *text, size_t from,
		      size_t to);
/* Appends the tokens of bytes [from, to) of out->text to out (out->v holds
 * *cap tokens, grown as needed; out->len >= to).  A range tokenized piece
 * by piece gives the tokens of the whole range when every cut is next to
 * ASCII whitespace (a whitespace byte just before it or at it), which no
 * token holds and past which the tokenizer never looks. */
void rd_tokenize_append(struct rd_tokens *out, size_t *cap, size_t from, size_t to);
void rd_tokens_release(struct rd_tokens *t);
/* End of token i, and start of the whitespace after it. */
static inline size_t rd_token_end(const struct rd_token *t)
{
	return (size_t)t->off + t->len;
}
/* Nonzero for the tokens that count as words: words, numbers and CJK
 * ideographs (not punctuation, not stray bytes). */
static inline int rd_token_is_word(const struct rd_token *t)
{
	return t->kind == RD_TOK_WORD || t->kind == RD_TOK_NUMBER || t->kind == RD_TOK_CJK;
}
/* Nonzero when `text` looks binary (a NUL byte in its first 8000 bytes, as git). */
int rd_text_is_binary(const char *text, size_t len);

#endif
