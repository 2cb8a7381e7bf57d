/*
 * token.c - UTF-8 text to tokens.
 *
 * A token is a word (letters, digits and marks of any script, with inner
 * apostrophes: Trump's, Trump’s; a run in a script written without spaces,
 * Thai, Lao, Khmer or Burmese, is cut into words by ICU, wordbreak.c), a number (digits with inner . : and
 * thousands commas, as in 2,680 3.5 03:50:22), one punctuation or symbol character, one CJK
 * ideograph or kana, or one byte that is not valid UTF-8.  Whitespace runs
 * separate tokens and are not tokens themselves: they are the gaps between
 * token ends and starts.  ASCII takes a table-driven fast path; other code
 * points are classified with utf8proc.
 */
#include "revdiff.h"
#include "wordbreak.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* xxHash's own header-only build: most tokens are a few bytes, and an
 * inlined short-input hash costs less than the call into the library. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* C_PUNCT first: the table below leaves it as every byte's default */
/* C_SEA: a letter or digit of a script written without spaces (Thai, Lao,
 * Khmer, Burmese), part of a word run that ICU then cuts */
enum cc { C_PUNCT, C_SPACE, C_WORD, C_DIGIT, C_CJK, C_APOS, C_BAD, C_SEA };

/* The class of each ASCII byte, one lookup per character of most text. */
static const unsigned char ascii_cc[128] = {
#define D C_DIGIT
#define W C_WORD
#define S C_SPACE
	['\t'] = S, ['\n'] = S, ['\v'] = S, ['\f'] = S, ['\r'] = S, [' '] = S,
	['0'] = D, D, D, D, D, D, D, D, D, D,
	['A'] = W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	['a'] = W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	['_'] = W, ['\''] = C_APOS,
#undef D
#undef W
#undef S
};

/* 1 for an ASCII digit, 2 for an ASCII letter or '_', else 0. */
static const unsigned char ascii_alnum[256] = {
	['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['A'] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['a'] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['_'] = 2,
};

static int is_cjk(utf8proc_int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF);
}

/* Thai, Lao, Myanmar (and its extensions), Khmer (and its symbols). */
static int is_sea(utf8proc_int32_t c)
{
	return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
	       (c >= 0x1780 && c <= 0x17FF) || (c >= 0x19E0 && c <= 0x19FF) ||
	       (c >= 0xA9E0 && c <= 0xA9FF) || (c >= 0xAA60 && c <= 0xAA7F);
}

static enum cc uni_class(utf8proc_int32_t c)
{
	if (c >= 0x0E00 && c <= 0xAA7F && is_sea(c)) {
		utf8proc_category_t k = utf8proc_category(c);
		return k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_MN ||
		       k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ND ||
		       k == UTF8PROC_CATEGORY_LM ? C_SEA : C_PUNCT;
	}
	if (c == 0x2019 || c == 0x02BC)
		return C_APOS;
	if (is_cjk(c))
		return C_CJK;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_PC:
		return C_WORD;
	case UTF8PROC_CATEGORY_ND:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return C_SPACE;
	default:
		return c == 0x85 ? C_SPACE : C_PUNCT;
	}
}

/* Class and byte length of a character that is not ASCII. */
static enum cc next_uni(const unsigned char *p, const unsigned char *end, size_t *clen)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);

	if (n <= 0) {
		*clen = 1;
		return C_BAD;
	}
	*clen = (size_t)n;
	return uni_class(cp);
}

/* Class and byte length of the character at p (p < end). */
static inline enum cc next_char(const unsigned char *p, const unsigned char *end, size_t *clen)
{
	if (*p < 0x80) {
		*clen = 1;
		return (enum cc)ascii_cc[*p];
	}
	return next_uni(p, end, clen);
}

#ifdef __SSE2__
/* Of the 16 bytes in v, the ASCII letters and '_' (*letter) and the
 * digits (*digit), 0xff a byte: byte compares, not a table per byte. */
static inline void classify16(__m128i v, __m128i *letter, __m128i *digit)
{
	/* c in [lo, lo + n): c - lo + 0x80 is below 0x80 + n as a signed byte */
	__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8((char)(0x80 - 'a'))),
				       _mm_set1_epi8((char)(0x80 + 26)));

	*digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
				_mm_set1_epi8((char)(0x80 + 10)));
	*letter = _mm_or_si128(alpha, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
}

/* How many of the 16 bytes at p, from the first, are ASCII letters,
 * digits or '_' (16 if all are); in *letters, a bit for each byte that
 * is a letter or '_' (what makes a run a word rather than a number). */
static inline unsigned alnum_run16(const unsigned char *p, unsigned *letters)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p), word, digit;
	unsigned m;

	classify16(v, &word, &digit);
	m = (unsigned)_mm_movemask_epi8(_mm_or_si128(word, digit));
	*letters = (unsigned)_mm_movemask_epi8(word);
	return (unsigned)__builtin_ctz(~m);
}
#endif


static int is_word_cc(enum cc c)
{
	return c == C_WORD || c == C_DIGIT || c == C_SEA;
}

int rd_text_is_binary(const char *text, size_t len)
{
	/* git's buffer_is_binary(): a NUL in the first 8000 bytes. */
	return memchr(text, '\0', len < 8000 ? len : 8000) != NULL;
}

/* The bucket hash of a token.  Most tokens are short: up to 7 bytes are
 * packed with their length into one word and mixed by a bijection (so two
 * short tokens never share a hash), far cheaper than a call per token;
 * longer ones take XXH3.  room: bytes readable from p. */
static inline uint64_t token_hash(const unsigned char *p, size_t len, size_t room)
{
	uint64_t x;

	if (len > RD_TOKEN_EXACT)
		return XXH3_64bits(p, len);
	if (room >= 8 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		memcpy(&x, p, 8);
		x = len ? x & (~0ULL >> (64 - 8 * len)) : 0;
	} else {
		x = 0;
		for (size_t i = 0; i < len; i++)
			x |= (uint64_t)p[i] << (8 * i);
	}
	x |= (uint64_t)len << 56;
	/* the murmur3 finalizer: a bijection that spreads every bit */
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline void push(struct rd_tokens *t, size_t *cap, size_t off, size_t len,
			enum rd_token_kind kind)
{
	struct rd_token *tok;

	if (t->n == *cap)
		rd_grow((void **)&t->v, cap, t->n + 1, sizeof(*t->v));
	tok = &t->v[t->n++];
	/* one store of the whole token, not a read-modify-write per bitfield */
	*tok = (struct rd_token){ token_hash((const unsigned char *)t->text + off, len, t->len - off),
				  (uint32_t)off, (uint32_t)len, kind };
}

#ifdef __SSE2__
/* Bits of a 64-byte window, a bit a byte. */
struct win {
	uint64_t space, word, letter, digit, apos, joiner, high;
};

static inline void win16(struct win *w, const unsigned char *p, int k)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p), letter, digit;
	/* \t \n \v \f \r and ' ' (ascii_cc's C_SPACE) */
	__m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
				     _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '\t'))),
						    _mm_set1_epi8((char)(0x80 + 5))));
	__m128i joiner = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
						   _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
				      _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
	int sh = 16 * k;

	classify16(v, &letter, &digit);
	w->space |= (uint64_t)(unsigned)_mm_movemask_epi8(space) << sh;
	w->letter |= (uint64_t)(unsigned)_mm_movemask_epi8(letter) << sh;
	w->digit |= (uint64_t)(unsigned)_mm_movemask_epi8(digit) << sh;
	w->apos |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\''))) << sh;
	w->joiner |= (uint64_t)(unsigned)_mm_movemask_epi8(joiner) << sh;
	w->high |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
}

static inline uint64_t below(unsigned n)
{
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/*
 * The tokens of the 64 bytes at p (p at a token's start or at whitespace,
 * as the loop below is), found from bit masks rather than a byte at a
 * time: up to the last ASCII whitespace, after which a token may go on,
 * and before the first byte the masks cannot decide (one past ASCII, or
 * a , . : between digits, which may join a number).  Such ASCII text is a
 * run of letters, digits, '_' and apostrophes between them (a word, or a
 * number when all digits), or a punctuation byte alone.  Returns where
 * it stopped (p itself when it decided nothing) and sets *slow to where
 * the bytes it could not decide end, up to which the loop goes its way.
 */
static const unsigned char *tokens64(struct rd_tokens *out, size_t *cap,
				     const unsigned char *s, const unsigned char *p,
				     const unsigned char **slow)
{
	struct win w = { 0, 0, 0, 0, 0, 0, 0 };
	uint64_t alnum, word, bad, starts, punct;
	unsigned lim, cut;

	for (int k = 0; k < 4; k++)
		win16(&w, p + 16 * k, k);
	alnum = w.letter | w.digit;
	/* an apostrophe between two word characters is one of them (the
	 * byte before p is none: a token starts there) */
	word = alnum | (w.apos & (alnum << 1) & (alnum >> 1));
	bad = w.high | (w.joiner & (w.digit << 1) & (w.digit >> 1));
	lim = bad ? (unsigned)__builtin_ctzll(bad) : 64;
	/* bits [0, lim) are decided; the last whitespace among them ends the
	 * tokens taken here (the bit past 63 is unknown, so a token reaching
	 * it is not taken either) */
	uint64_t sp = w.space & below(lim);
	if (bad)
		*slow = p + lim + 1;
	else if (!sp)
		*slow = p + 64;
	if (!sp)
		return p;
	cut = 64 - (unsigned)__builtin_clzll(sp); /* just after it */
	starts = word & ~(word << 1);
	punct = ~(word | w.space);
	uint64_t todo = (starts | punct) & below(cut);
	rd_grow((void **)&out->v, cap, out->n + 64, sizeof(*out->v));
	struct rd_token *v = out->v + out->n;
	size_t off = (size_t)(p - s), room = out->len;
	uint64_t nonnum = w.letter | w.apos;
	for (; todo; todo &= todo - 1) {
		unsigned i = (unsigned)__builtin_ctzll(todo), len = 1;
		enum rd_token_kind kind = RD_TOK_PUNCT;
		if ((word >> i) & 1) {
			len = (unsigned)__builtin_ctzll(~(word >> i));
			kind = (nonnum >> i) & below(len) ? RD_TOK_WORD : RD_TOK_NUMBER;
		}
		*v++ = (struct rd_token){ token_hash(p + i, len, room - off - i),
					  (uint32_t)(off + i), len, kind };
	}
	out->n = (size_t)(v - out->v);
	return p + cut;
}
#endif

/* Whether an ASCII word or number (digits: all digits) ends before q for
 * certain: at the end, a space, or a mark that joins nothing to it (an
 * apostrophe joins words, , . : join digits).  Anything else, a byte
 * past ASCII included, goes the general way. */
static inline int ends_token(const unsigned char *q, const unsigned char *end, int digits)
{
	if (q == end)
		return 1;
	if (*q >= 0x80 || *q == '\'')
		return 0;
	if (ascii_cc[*q] == C_SPACE)
		return 1;
	return ascii_cc[*q] == C_PUNCT && !(digits && (*q == ',' || *q == '.' || *q == ':'));
}

/* Pushes the words ICU cut a run into. */
struct cutter {
	struct rd_tokens *t;
	size_t *cap;
	size_t base;
};

static void cut_word(void *ctx, size_t start, size_t end)
{
	struct cutter *ct = ctx;

	push(ct->t, ct->cap, ct->base + start, end - start, RD_TOK_WORD);
}

int rd_tokenize(struct rd_tokens *out, const char *text, size_t len)
{
	return rd_tokenize_range(out, text, 0, len);
}

int rd_tokenize_range(struct rd_tokens *out, const char *text, size_t from, size_t to)
{
	size_t cap = 0;

	out->v = NULL;
	return rd_tokenize_reuse(out, &cap, text, from, to);
}

int rd_tokenize_reuse(struct rd_tokens *out, size_t *capp, const char *text, size_t from, size_t to)
{
	struct rd_token *v = *capp ? out->v : NULL;

	memset(out, 0, sizeof(*out));
	out->v = v;
	if (to > RD_TEXT_MAX)
		return rd_error_set(RD_ETOOBIG, "text of %zu bytes is larger than 4 GiB", to);
	out->text = text;
	out->start = from;
	out->len = to;
	/* Prose averages about six bytes per token; start near that. */
	if (*capp < (to - from) / 6 + 16) {
		*capp = (to - from) / 6 + 16;
		free(out->v);
		out->v = rd_malloc(*capp * sizeof(*out->v));
	}
	rd_tokenize_append(out, capp, from, to);
	return 0;
}

void rd_tokenize_append(struct rd_tokens *out, size_t *capp, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)out->text, *end = s + to;
	const unsigned char *p = s + from;
	size_t cap = *capp, clen;
#ifdef __SSE2__
	const unsigned char *slow = p; /* bytes before it go a byte at a time */
#endif

	while (p < end) {
		const unsigned char *start = p;

#ifdef __SSE2__
		if (p >= slow && end - p >= 64) {
			const unsigned char *q = tokens64(out, &cap, s, p, &slow);
			if (q != p) {
				p = q;
				continue;
			}
		}
#endif

		/* Most of a text: ASCII spaces, and ASCII words or numbers
		 * that end at a space or at a mark that cannot join them. */
		if (*p < 0x80) {
			unsigned k = ascii_cc[*p], seen, w;
			if (k == C_SPACE) {
				p++;
				continue;
			}
			if (k == C_WORD || k == C_DIGIT) {
				const unsigned char *q = p + 1;
#ifdef __SSE2__
				if (end - p >= 16) {
					unsigned letters, run = alnum_run16(p, &letters);
					q = p + run;
					seen = (letters & ((1u << run) - 1)) ? 2 : 1;
					/* most words end at a space, inside the 16 */
					if (run < 16 && *q == ' ') {
						push(out, &cap, p - s, run, seen == 1 ? RD_TOK_NUMBER : RD_TOK_WORD);
						p = q + 1;
						continue;
					}
				} else
#endif
					seen = ascii_alnum[*p];
				while (q < end && (w = ascii_alnum[*q]) != 0) {
					seen |= w;
					q++;
				}
				if ((size_t)(q - p) < RD_TOKEN_MAX && ends_token(q, end, seen == 1)) {
					push(out, &cap, p - s, q - p, seen == 1 ? RD_TOK_NUMBER : RD_TOK_WORD);
					/* and the space that most words end at */
					p = q + (q < end && *q == ' ');
					continue;
				}
			}
		}
		enum cc c = next_char(p, end, &clen);

		switch (c) {
		case C_SPACE:
			p += clen;
			continue;
		case C_PUNCT: case C_APOS:
			p += clen;
			push(out, &cap, start - s, clen, RD_TOK_PUNCT);
			continue;
		case C_CJK:
			p += clen;
			push(out, &cap, start - s, clen, RD_TOK_CJK);
			continue;
		case C_BAD:
			p += clen;
			push(out, &cap, start - s, clen, RD_TOK_BYTE);
			continue;
		case C_WORD: case C_DIGIT: case C_SEA:
			break;
		}

		/* A word or number: letters/digits/marks, inner apostrophes,
		 * and for all-digit runs inner , . : between digits. */
		int digits_only = 1, sea = 0;
		enum cc prev = c;
		const unsigned char *lim = (size_t)(end - start) > RD_TOKEN_MAX ? start + RD_TOKEN_MAX : end;
		for (;;) {
			if (c == C_WORD || c == C_SEA)
				digits_only = 0;
			sea |= c == C_SEA;
			p += clen;
			/* the ASCII letters and digits that make most of a word */
			const unsigned char *run = p;
			unsigned seen = 0, w;
			while (p < lim && (w = ascii_alnum[*p]) != 0) {
				seen |= w;
				p++;
			}
			if (p > run) {
				prev = ascii_alnum[p[-1]] == 1 ? C_DIGIT : C_WORD;
				if (seen & 2)
					digits_only = 0;
			}
			if (p >= end || (size_t)(p - start) >= RD_TOKEN_MAX)
				break;
			c = next_char(p, end, &clen);
			if (is_word_cc(c)) {
				prev = c;
				continue;
			}
			/* A joiner counts only between two word characters. */
			int joiner = c == C_APOS ||
				(digits_only && prev == C_DIGIT && clen == 1 &&
				 (*p == ',' || *p == '.' || *p == ':'));
			if (!joiner)
				break;
			size_t jlen = clen, nlen;
			if (p + jlen >= end)
				break;
			enum cc n = next_char(p + jlen, end, &nlen);
			if (c == C_APOS ? !is_word_cc(n) : n != C_DIGIT)
				break;
			/* A comma joins thousands (2,680: three digits, then no
			 * digit), not lists (2000,2001). */
			if (c != C_APOS && *p == ',' &&
			    !(p + 4 <= end && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
			      p[3] <= '9' && (p + 4 == end || p[4] < '0' || p[4] > '9')))
				break;
			if (c == C_APOS)
				digits_only = 0;
			p += jlen;
			c = n;
			clen = nlen;
			prev = c;
		}
		if (sea) {
			struct cutter ct = { out, &cap, (size_t)(start - s) };
			if (rd_wordbreak((const char *)start, (size_t)(p - start), cut_word, &ct) == 0)
				continue;
		}
		push(out, &cap, start - s, p - start,
		     digits_only ? RD_TOK_NUMBER : RD_TOK_WORD);
	}
	*capp = cap;
}

void rd_tokens_release(struct rd_tokens *t)
{
	if (!t)
		return;
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
