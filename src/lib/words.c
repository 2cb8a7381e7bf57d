/*
 * words.c - what words mean (words.h): one table of quotation marks, one
 * of date and number words, one case fold (and a lower case that keeps
 * lengths), one word count.
 */
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void rd_quote_closers(int32_t c, int32_t *x, int32_t *y)
{
	*x = *y = 0;
	switch (c) {
	case '"': *x = '"'; break;
	case 0x201C: *x = 0x201D; break;               /* English “…” */
	case 0x201E: *x = 0x201C; *y = 0x201D; break;   /* German „…“ */
	case 0x00AB: *x = 0x00BB; break;                /* «…» */
	case 0x00BB: *x = 0x00AB; break;                /* German »…« */
	case 0x2018: *x = 0x2019; break;                /* ‘…’ */
	case 0x201A: *x = 0x2018; *y = 0x2019; break;   /* ‚…‘ */
	case 0x300C: *x = 0x300D; break;                /* 「…」 */
	case 0x300E: *x = 0x300F; break;                /* 『…』 */
	case 0x2039: *x = 0x203A; break;                /* ‹…› */
	}
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
