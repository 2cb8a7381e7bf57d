/*
 * diff_trim.c - the bytes at both ends of a region that its token diff
 * can skip without changing its result.
 *
 * Most changed paragraphs differ in a word or two: tokenizing, hashing and
 * interning the identical bytes around them was most of the engine's
 * time.  Myers strips the common tokens at both ends before it searches
 * (match_region), so leaving out identical bytes changes nothing, with two
 * conditions kept here: the region is cut where a token can start or end
 * the same way in the whole text (just after, or at, an ASCII whitespace
 * byte: whitespace is never part of a token, and no token looks further
 * ahead than 4 bytes), and at least one whole, identical token is kept on
 * each side of the difference, so the readability pass sees an equal run
 * there as it does in the whole region.  Whether a change slides into that
 * margin is checked by the caller (diff.c), which then diffs the region
 * whole.
 */
#include "diff_int.h"

#include <string.h>

static inline uint64_t load8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A byte that starts a token by itself: printable ASCII, not a space. */
static int ascii_token(unsigned char c)
{
	return c > ' ' && c < 0x7f;
}

/* How many leading bytes of x (identical to y's for `p` bytes) can be
 * skipped: up to just after the ASCII whitespace before a whole token
 * that ends, at whitespace, before the first difference; 0 if none. */
static size_t skip_head(const unsigned char *x, size_t p)
{
	size_t w = p, c, s;

	/* the whitespace after the last token that is whole in both: a
	 * token ending right at p could continue differently */
	while (w > 0 && !ascii_space(x[w - 1]))
		w--;
	if (w < 2)
		return 0;
	w--; /* x[w] is whitespace, w < p */
	c = w;
	while (c > 0 && ascii_space(x[c - 1]))
		c--;
	if (c == 0 || !ascii_token(x[c - 1]))
		return 0;
	/* back to the whitespace before that token */
	s = c - 1;
	while (s > 0 && !ascii_space(x[s - 1]))
		s--;
	return s;
}

/* How many trailing bytes of x[0, n) (identical to y's for `q` bytes)
 * can be skipped: from the ASCII whitespace after a whole token that
 * starts, after whitespace, past the last difference; 0 if none. */
static size_t skip_tail(const unsigned char *x, size_t n, size_t q)
{
	size_t w = n - q, c, e;

	while (w < n && !ascii_space(x[w]))
		w++;
	c = w;
	while (c < n && ascii_space(x[c]))
		c++;
	if (c >= n || c == w || !ascii_token(x[c]))
		return 0;
	e = c + 1;
	while (e < n && !ascii_space(x[e]))
		e++;
	return e < n ? n - e : 0;
}

void rd_diff_trim(const char *a, size_t na, const char *b, size_t nb, size_t *head, size_t *tail)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t n = na < nb ? na : nb, p = 0, q = 0;

	*head = *tail = 0;
	/* eight bytes at a time: the ends are most of a changed paragraph */
	while (p + 8 <= n && load8(x + p) == load8(y + p))
		p += 8;
	while (p < n && x[p] == y[p])
		p++;
	if (p == na && p == nb)
		return; /* identical: nothing to gain */
	while (q + 8 <= n - p && load8(x + na - q - 8) == load8(y + nb - q - 8))
		q += 8;
	while (q < n - p && x[na - 1 - q] == y[nb - 1 - q])
		q++;
	*head = skip_head(x, p);
	*tail = skip_tail(x, na, q);
}
