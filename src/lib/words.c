/*
 * words.c - what words mean (words.h): one table of quotation marks, one
 * of date and number words, one case fold (and a lower case that keeps
 * lengths), one word count, one phrase matcher.
 */
#define _GNU_SOURCE /* memmem */
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Each opening mark and the marks that close it. */
static const struct {
	int32_t open, close1, close2;
} marks[] = {
	{ '"', '"', 0 },
	{ 0x201C, 0x201D, 0 },      /* English “…” */
	{ 0x201E, 0x201C, 0x201D }, /* German „…“ */
	{ 0x00AB, 0x00BB, 0 },      /* «…» */
	{ 0x00BB, 0x00AB, 0 },      /* German »…« */
	{ 0x2018, 0x2019, 0 },      /* ‘…’ */
	{ 0x201A, 0x2018, 0x2019 }, /* ‚…‘ */
	{ 0x300C, 0x300D, 0 },      /* 「…」 */
	{ 0x300E, 0x300F, 0 },      /* 『…』 */
	{ 0x2039, 0x203A, 0 },      /* ‹…› */
};
#define NMARKS (sizeof(marks) / sizeof(marks[0]))

void rd_quote_closers(int32_t c, int32_t *x, int32_t *y)
{
	*x = *y = 0;
	for (size_t k = 0; k < NMARKS; k++)
		if (marks[k].open == c) {
			*x = marks[k].close1;
			*y = marks[k].close2;
			return;
		}
}

#ifdef __SSE2__
/* The bytes of w that stop skip_plain (their top bit set); nl is a
 * constant at each call, so the test for '\n' goes when no quote is open. */
static inline __attribute__((always_inline)) __m128i stops(__m128i w, int nl)
{
	__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('"')), w);

	return nl ? _mm_or_si128(hit, _mm_cmpeq_epi8(w, _mm_set1_epi8('\n'))) : hit;
}

static inline __attribute__((always_inline)) size_t skip_sse(const char *text, size_t i,
								size_t len, int nl)
{
	/* 64 bytes a step while none stops: most text is plain ASCII */
	for (; i + 64 <= len; i += 64) {
		const __m128i *p = (const __m128i *)(const void *)(text + i);
		__m128i h = _mm_or_si128(_mm_or_si128(stops(_mm_loadu_si128(p), nl),
						      stops(_mm_loadu_si128(p + 1), nl)),
					 _mm_or_si128(stops(_mm_loadu_si128(p + 2), nl),
						      stops(_mm_loadu_si128(p + 3), nl)));
		if (_mm_movemask_epi8(h))
			break;
	}
	for (; i + 16 <= len; i += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		unsigned m = (unsigned)_mm_movemask_epi8(stops(w, nl));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	return i;
}
#endif

/* From i, the first byte rd_quote_spans must look at: '"', a byte that is not
 * ASCII, or, when nl is set (a quote is open, so a blank line matters),
 * '\n'.  Bytes near the end may be returned early; the caller checks. */
static size_t skip_plain(const char *text, size_t i, size_t len, int nl)
{
#ifdef __SSE2__
	return nl ? skip_sse(text, i, len, 1) : skip_sse(text, i, len, 0);
#else
	for (; i + 8 <= len; i += 8) {
		uint64_t w, q, l;
		memcpy(&w, text + i, 8);
		q = w ^ 0x2222222222222222ULL;
		if (((q - 0x0101010101010101ULL) & ~q) & 0x8080808080808080ULL)
			break;
		if (w & 0x8080808080808080ULL)
			break;
		l = w ^ 0x0a0a0a0a0a0a0a0aULL;
		if (nl && ((l - 0x0101010101010101ULL) & ~l) & 0x8080808080808080ULL)
			break;
	}
#endif
	return i;
}

/* Whether c closes some quotation. */
static int closes_some(int32_t c)
{
	for (size_t k = 0; k < NMARKS; k++)
		if (c && (c == marks[k].close1 || c == marks[k].close2))
			return 1;
	return 0;
}

/* Whether the code point before byte i of text is a letter or digit. */
static int after_word(const char *text, size_t i)
{
	size_t j = i;
	utf8proc_int32_t c;

	if (!i)
		return 0;
	if (!((unsigned char)text[i - 1] & 0x80)) {
		unsigned char b = (unsigned char)text[i - 1];
		return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
	}
	while (j > 0 && i - j < 4 && ((unsigned char)text[j - 1] & 0xC0) == 0x80)
		j--;
	if (!j || utf8proc_iterate((const utf8proc_uint8_t *)text + j - 1,
				   (utf8proc_ssize_t)(i - j + 1), &c) != (utf8proc_ssize_t)(i - j + 1))
		return 0;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

void rd_quote_spans(struct rd_spans *out, const char *text, size_t len)
{
	struct { int32_t x, y; size_t start; } stack[16];
	size_t depth = 0, i = 0;

	while (i < len) {
		i = skip_plain(text, i, len, depth != 0);
		if (i >= len)
			break;
		unsigned char ch = (unsigned char)text[i];
		utf8proc_int32_t c = ch;
		utf8proc_ssize_t k = 1;
		if (ch == '\n') {
			size_t j = i + 1;
			while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
				j++;
			if (j < len && text[j] == '\n')
				depth = 0;
			i++;
			continue;
		}
		if (ch != '"' && ch < 0x80) {
			i++;
			continue;
		}
		if (ch >= 0x80) {
			k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, len - i, &c);
			if (k <= 0) {
				i++;
				continue;
			}
		}
		size_t d;
		for (d = depth; d > 0; d--)
			if (stack[d - 1].x == c || stack[d - 1].y == c)
				break;
		if (d > 0) {
			if (d == 1) {
				rd_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
				out->v[out->n++] = (struct rd_span){ stack[0].start, i };
			}
			depth = d - 1;
		} else {
			int32_t x, y;
			rd_quote_closers(c, &x, &y);
			/* a mark that can close, right after a word or number,
			 * closes, it never opens: 5" is an inch mark, "also» "
			 * a stray closer (「 after an ideograph still opens) */
			if (x && !(after_word(text, i) && closes_some(c)) &&
			    depth < sizeof(stack) / sizeof(stack[0])) {
				stack[depth].x = x;
				stack[depth].y = y;
				stack[depth].start = i + (size_t)k;
				depth++;
			}
		}
		i += (size_t)k;
	}
}

/* Whether [s, e) lies inside one of the (sorted, disjoint) spans. */
int rd_spans_inside(const struct rd_spans *sp, size_t s, size_t e)
{
	size_t lo = 0, hi = sp->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sp->v[mid].e < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sp->n && sp->v[lo].s <= s && e <= sp->v[lo].e;
}

/* Sorted (strcmp order), for bsearch; lower case.  M marks the months. */
static const struct date_word {
	const char *w;
	int month;
} date_words[] = {
	{ "a.m", 0 }, { "ad", 0 }, { "am", 0 }, { "apr", 1 }, { "april", 1 },
	{ "aug", 1 }, { "august", 1 }, { "bc", 0 }, { "bce", 0 }, { "billion", 0 },
	{ "ce", 0 }, { "dec", 1 }, { "december", 1 }, { "dozen", 0 }, { "eight", 0 },
	{ "eighteen", 0 }, { "eighty", 0 }, { "eleven", 0 }, { "feb", 1 },
	{ "february", 1 }, { "fifteen", 0 }, { "fifty", 0 }, { "first", 0 },
	{ "five", 0 }, { "forty", 0 }, { "four", 0 }, { "fourteen", 0 }, { "fri", 0 },
	{ "friday", 0 }, { "gmt", 0 }, { "half", 0 }, { "hundred", 0 }, { "jan", 1 },
	{ "january", 1 }, { "jul", 1 }, { "july", 1 }, { "jun", 1 }, { "june", 1 },
	{ "mar", 1 }, { "march", 1 }, { "may", 1 }, { "million", 0 }, { "mon", 0 },
	{ "monday", 0 }, { "nine", 0 }, { "nineteen", 0 }, { "ninety", 0 },
	{ "nov", 1 }, { "november", 1 }, { "oct", 1 }, { "october", 1 }, { "one", 0 },
	{ "p.m", 0 }, { "pm", 0 }, { "sat", 0 }, { "saturday", 0 }, { "second", 0 },
	{ "sep", 1 }, { "sept", 1 }, { "september", 1 }, { "seven", 0 },
	{ "seventeen", 0 }, { "seventy", 0 }, { "six", 0 }, { "sixteen", 0 },
	{ "sixty", 0 }, { "sun", 0 }, { "sunday", 0 }, { "ten", 0 }, { "third", 0 },
	{ "thirteen", 0 }, { "thirty", 0 }, { "thousand", 0 }, { "three", 0 },
	{ "thu", 0 }, { "thur", 0 }, { "thurs", 0 }, { "thursday", 0 },
	{ "trillion", 0 }, { "tue", 0 }, { "tues", 0 }, { "tuesday", 0 },
	{ "twelve", 0 }, { "twenty", 0 }, { "two", 0 }, { "utc", 0 }, { "wed", 0 },
	{ "wednesday", 0 }, { "zero", 0 },
};

static int cmp_word(const void *key, const void *elt)
{
	return strcmp(key, ((const struct date_word *)elt)->w);
}

int rd_date_word(const char *s, size_t n, unsigned flags)
{
	char w[16];
	const struct date_word *e;

	if (!n || n >= sizeof(w))
		return 0;
	for (size_t i = 0; i < n; i++) {
		int upper = s[i] >= 'A' && s[i] <= 'Z';
		/* capitalised: the first letter upper case, the rest lower */
		if ((flags & RD_DATE_CAPITALISED) && upper != (i == 0))
			return 0;
		w[i] = (char)(upper ? s[i] + 32 : s[i]);
	}
	w[n] = '\0';
	e = bsearch(w, date_words, sizeof(date_words) / sizeof(date_words[0]),
		    sizeof(date_words[0]), cmp_word);
	return e && (e->month || !(flags & RD_DATE_MONTHS));
}

int rd_number_token(const char *text, const struct rd_token *k, unsigned flags)
{
	const char *w = text + k->off;
	int digit = 0;

	if (k->kind == RD_TOK_NUMBER)
		return 1;
	if (k->kind != RD_TOK_WORD)
		return 0;
	if (!(flags & RD_NUM_NO_DIGIT_WORDS))
		for (size_t j = 0; j < k->len && !digit; j++)
			digit = w[j] >= '0' && w[j] <= '9';
	return digit || rd_date_word(w, k->len, flags & (RD_DATE_MONTHS | RD_DATE_CAPITALISED));
}

/* The indexes of v's number tokens (rd_number_token). */
static size_t number_tokens(size_t **out, const char *text, const struct rd_token *v, size_t n,
			    unsigned flags)
{
	size_t k = 0;

	*out = rd_malloc((n + 1) * sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if (rd_number_token(text, &v[i], flags))
			(*out)[k++] = i;
	return k;
}

static int same_bytes(const char *x, const struct rd_token *a, const char *y,
		      const struct rd_token *b)
{
	return a->hash == b->hash && a->len == b->len && !memcmp(x + a->off, y + b->off, a->len);
}

int rd_numbers_changed(const struct rd_diff *d, const struct rd_change *c, unsigned flags,
		       struct rd_buf *old, struct rd_buf *new, size_t *pos)
{
	size_t na, nb, *ia, *ib, ka, kb, changed = 0;
	const struct rd_token *va = rd_diff_tokens(d, 0, c->a_start, c->a_end, &na);
	const struct rd_token *vb = rd_diff_tokens(d, 1, c->b_start, c->b_end, &nb);
	char *used;

	*pos = SIZE_MAX;
	if (!na || !nb)
		return 0;
	ka = number_tokens(&ia, d->a, va, na, flags);
	kb = number_tokens(&ib, d->b, vb, nb, flags);
	used = rd_calloc(kb + 1, 1);
	for (size_t i = 0; i < ka; i++) {
		const struct rd_token *t = &va[ia[i]];
		size_t j;
		for (j = 0; j < kb; j++)
			if (!used[j] && same_bytes(d->a, t, d->b, &vb[ib[j]]))
				break;
		if (j < kb) {
			used[j] = 1;
			continue;
		}
		rd_buf_printf(old, "%s%.*s", old->len ? " " : "", (int)t->len, d->a + t->off);
		changed++;
	}
	for (size_t j = 0; j < kb; j++) {
		const struct rd_token *t = &vb[ib[j]];
		if (used[j])
			continue;
		if (*pos == SIZE_MAX)
			*pos = t->off;
		rd_buf_printf(new, "%s%.*s", new->len ? " " : "", (int)t->len, d->b + t->off);
		changed++;
	}
	free(used);
	free(ia);
	free(ib);
	return changed > 0;
}

void rd_fold(struct rd_buf *b, const char *s, size_t n)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r = -1;
	size_t i;

	for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i < n)
		r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
				 UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (r >= 0) {
		rd_buf_put(b, dst, (size_t)r);
	} else {
		for (i = 0; i < n; i++) {
			char c = s[i];
			rd_buf_putc(b, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
		}
	}
	free(dst);
}

/* Character by character; lengths as UTF-8 must agree. */
void rd_lower_same_length(char *c, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n;

		if (!(s[i] & 0x80)) {
			c[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
			i++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			c[i] = s[i];
			i++;
			continue;
		}
		if (utf8proc_encode_char(utf8proc_tolower(cp), enc) == n)
			memcpy(c + i, enc, (size_t)n);
		else
			memcpy(c + i, s + i, (size_t)n);
		i += (size_t)n;
	}
}

size_t rd_count_words(const char *s, size_t n)
{
	struct rd_tokens t;
	size_t w = 0;

	if (!n || rd_tokenize(&t, s, n) < 0)
		return 0;
	for (size_t i = 0; i < t.n; i++)
		w += rd_token_is_word(&t.v[i]);
	rd_tokens_release(&t);
	return w;
}

size_t rd_diff_count_words(const struct rd_diff *d, int side, size_t from, size_t to)
{
	size_t n, w = 0;
	const struct rd_token *v = rd_diff_tokens(d, side, from, to, &n);

	for (size_t i = 0; i < n; i++)
		w += rd_token_is_word(&v[i]);
	return w;
}

/* The white space a cut may fall after (rd_common_ends). */
static int cut_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Bytes compared at once by rd_common_ends: long enough that memcmp's
 * call costs little, short enough that the last block wastes little. */
#define COMMON_BLOCK 64

void rd_common_ends(const char *a, size_t alen, const char *b, size_t blen,
			size_t *pre, size_t *suf)
{
	size_t n = alen < blen ? alen : blen, p = 0, s = 0;

	/* blocks first (memcmp is vectorised): blame and log compare each
	 * version with the one before, the whole text most of the time */
	while (n - p >= COMMON_BLOCK && memcmp(a + p, b + p, COMMON_BLOCK) == 0)
		p += COMMON_BLOCK;
	while (p < n && a[p] == b[p])
		p++;
	if (p < alen || p < blen)
		while (p > 0 && !cut_space(a[p - 1]))
			p--;
	while (n - p - s >= COMMON_BLOCK &&
	       memcmp(a + alen - s - COMMON_BLOCK, b + blen - s - COMMON_BLOCK, COMMON_BLOCK) == 0)
		s += COMMON_BLOCK;
	while (s < n - p && a[alen - 1 - s] == b[blen - 1 - s])
		s++;
	if (s < alen - p || s < blen - p)
		while (s > 0 && !cut_space(b[blen - s]))
			s--;
	*pre = p;
	*suf = s;
}

size_t rd_token_search(const struct rd_tokens *t, size_t lo, size_t at, int by_end)
{
	size_t hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((by_end ? rd_token_end(&t->v[mid]) <= at : t->v[mid].off < at))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The tokens of bytes [0, pre) and [len - suf, len) of text, as if of
 * the whole text (rd_tokens_join). */
static void cut_ends(struct rd_tokens *out, const char *text, size_t len, size_t pre, size_t suf)
{
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (len > RD_TEXT_MAX || rd_tokenize_reuse(out, &cap, text, 0, pre) < 0)
		return; /* too large to diff: no tokens */
	out->len = len;
	rd_tokenize_append(out, &cap, len - suf, len);
}

void rd_tokens_join(struct rd_tokens *t, const struct rd_tokens *prev, const char *text,
		    size_t len, size_t pre, size_t suf, const struct rd_token *mid, size_t nmid,
		    size_t *npre, size_t *nsuf)
{
	struct rd_tokens ends = { 0 };
	size_t np, ns;

	if (!prev) {
		cut_ends(&ends, text, len, pre, suf);
		prev = &ends;
	}
	np = rd_token_search(prev, 0, pre, 1);
	ns = prev->n - rd_token_search(prev, np, prev->len - suf, 0);

	t->text = text;
	t->start = 0;
	t->len = len;
	t->n = np + nmid + ns;
	t->v = rd_malloc((t->n ? t->n : 1) * sizeof(*t->v));
	if (np)
		memcpy(t->v, prev->v, np * sizeof(*t->v));
	for (size_t i = 0; i < nmid; i++) {
		t->v[np + i] = mid[i];
		t->v[np + i].off += (uint32_t)pre;
	}
	for (size_t i = 0; i < ns; i++) {
		struct rd_token *x = &t->v[np + nmid + i];
		*x = prev->v[prev->n - ns + i];
		x->off = (uint32_t)(x->off - (prev->len - suf) + (len - suf));
	}
	*npre = np;
	*nsuf = ns;
	rd_tokens_release(&ends);
}

/* ---- phrases: the checker's avoided words and log -S ---------------------- */

void rd_fold_tokens(struct rd_folded *f, const struct rd_tokens *t, int fold)
{
	memset(f, 0, sizeof(*f));
	f->n = t->n;
	f->off = rd_malloc((t->n + 1) * sizeof(*f->off));
	f->len = rd_malloc((t->n + 1) * sizeof(*f->len));
	for (size_t i = 0; i < t->n; i++) {
		f->off[i] = f->buf.len;
		if (fold)
			rd_fold(&f->buf, t->text + t->v[i].off, t->v[i].len);
		else
			rd_buf_put(&f->buf, t->text + t->v[i].off, t->v[i].len);
		f->len[i] = f->buf.len - f->off[i];
	}
}

void rd_folded_release(struct rd_folded *f)
{
	rd_buf_release(&f->buf);
	free(f->off);
	free(f->len);
}

struct rd_phrase {
	struct rd_folded f; /* its tokens, case-folded with RD_PHRASE_ICASE */
	size_t longest;     /* index of its longest token, for a quick memmem */
	unsigned flags;
};

int rd_phrase_new(struct rd_phrase **out, const char *phrase, size_t len, unsigned flags)
{
	struct rd_phrase *p;
	struct rd_tokens t;
	int rc;

	*out = NULL;
	if ((rc = rd_tokenize(&t, phrase, len)) < 0)
		return rc;
	if (t.n == 0) {
		rd_tokens_release(&t);
		return rd_error_set(RD_EINVALID, "the phrase has no word in it");
	}
	p = rd_calloc(1, sizeof(*p));
	p->flags = flags;
	rd_fold_tokens(&p->f, &t, (flags & RD_PHRASE_ICASE) != 0);
	rd_tokens_release(&t);
	for (size_t i = 1; i < p->f.n; i++)
		if (p->f.len[i] > p->f.len[p->longest])
			p->longest = i;
	*out = p;
	return 0;
}

void rd_phrase_free(struct rd_phrase *p)
{
	if (!p)
		return;
	rd_folded_release(&p->f);
	free(p);
}

size_t rd_phrase_words(const struct rd_phrase *p)
{
	return p->f.n;
}

int rd_phrase_at(const struct rd_phrase *p, const struct rd_folded *text, size_t i)
{
	if (i + p->f.n > text->n)
		return 0;
	for (size_t k = 0; k < p->f.n; k++)
		if (text->len[i + k] != p->f.len[k] ||
		    memcmp(text->buf.ptr + text->off[i + k], p->f.buf.ptr + p->f.off[k],
			   p->f.len[k]))
			return 0;
	return 1;
}

int rd_phrase_may_hold(const struct rd_phrase *p, const char *text, size_t len)
{
	return (p->flags & RD_PHRASE_ICASE) ||
	       memmem(text, len, p->f.buf.ptr + p->f.off[p->longest], p->f.len[p->longest]);
}

size_t rd_phrase_count_tokens(const struct rd_phrase *p, const struct rd_tokens *t)
{
	struct rd_folded f;
	size_t c = 0;

	rd_fold_tokens(&f, t, (p->flags & RD_PHRASE_ICASE) != 0);
	for (size_t i = 0; i + p->f.n <= f.n;) {
		if (rd_phrase_at(p, &f, i)) {
			c++;
			i += p->f.n;
		} else {
			i++;
		}
	}
	rd_folded_release(&f);
	return c;
}

int rd_phrase_count(const struct rd_phrase *p, const char *text, size_t len, size_t *count)
{
	struct rd_tokens t;
	int rc;

	*count = 0;
	if (!rd_phrase_may_hold(p, text, len))
		return 0;
	if ((rc = rd_tokenize(&t, text, len)) < 0)
		return rc;
	*count = rd_phrase_count_tokens(p, &t);
	rd_tokens_release(&t);
	return 0;
}
