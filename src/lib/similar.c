/*
 * similar.c - how alike two texts are, for pairing a removed file with an
 * added one as a rename (`revdiff diff DIR DIR`).
 *
 * git's rename score (diffcore-delta.c) counts the bytes of the chunks
 * (lines, cut at 64 bytes) that both files hold, over the larger size.
 * This is the same measure on whole lines: each text becomes the sorted
 * multiset of its lines' (hash, length), and the score is the bytes of the
 * lines both multisets hold over the larger text's size.  Building a
 * signature is linear in the text; comparing two is linear in their lines.
 */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct rd_sig_line {
	uint64_t hash;
	uint32_t len;
};

static int cmp_line(const void *x, const void *y)
{
	const struct rd_sig_line *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

void rd_sig_init(struct rd_sig *s, const char *text, size_t len)
{
	size_t n = 0, cap = 16;
	const char *p = text, *end = text + len;

	s->bytes = len;
	s->lines = rd_malloc(cap * sizeof(*s->lines));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl + 1 : end;
		if (n == cap)
			s->lines = rd_realloc(s->lines, (cap *= 2) * sizeof(*s->lines));
		s->lines[n].hash = XXH3_64bits(p, (size_t)(e - p));
		s->lines[n].len = (uint32_t)(e - p);
		n++;
		p = e;
	}
	qsort(s->lines, n, sizeof(*s->lines), cmp_line);
	s->n = n;
}

void rd_sig_release(struct rd_sig *s)
{
	if (!s)
		return;
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

double rd_sig_similarity(const struct rd_sig *a, const struct rd_sig *b)
{
	size_t i = 0, j = 0, common = 0, max = a->bytes > b->bytes ? a->bytes : b->bytes;

	if (!max)
		return 1.0;
	while (i < a->n && j < b->n) {
		int c = cmp_line(&a->lines[i], &b->lines[j]);
		if (c == 0) {
			common += a->lines[i].len;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return (double)common / (double)max;
}
