/*
 * diff_share.c - the new side of a region tokenized where it differs from
 * the old side, and copied from it where it repeats it.
 *
 * A paragraph written on one line, edited in a dozen places, is one region
 * whose bytes are nearly all the same on both sides, and tokenizing and
 * interning them twice was most of the engine's time on wiki text.  The
 * old side is tokenized whole; the new side is walked against it: where
 * both agree byte for byte over a stretch, the old tokens that lie between
 * the stretch's first and last ASCII whitespace are the new side's tokens
 * there too (shifted), with the same ids, since the tokenizer starts afresh
 * after whitespace, never puts whitespace in a token, and decides nothing
 * by bytes past the whitespace that ends a token.  The rest is tokenized
 * in pieces cut at that whitespace (rd_tokenize_append), so the result is
 * the tokens a whole tokenization gives.  Where the sides part, a few
 * bytes of the new side are looked for in the old side nearby, as the
 * edits of a revision are small; finding nothing costs only speed.
 */
#define _GNU_SOURCE /* memmem */
#include "diff_int.h"

#include <stdint.h>
#include <string.h>

/* Stretches shorter than this are tokenized: copying pays off from a few
 * tokens on, and a short stretch may be a chance repeat. */
#define SHARE_MIN 32
/* Bytes of the new side looked for in the old side to find where the two
 * agree again: long enough to be rare in prose, short enough to fit
 * between two edits 1% of words apart. */
#define PROBE 16
/* Where the probe is looked for, around the place in the old side that
 * matches if the edit kept the length: first from a few words back to a
 * deleted sentence or three ahead, then back over an inserted sentence or
 * two (prose repeats itself: the nearest place is the likeliest). */
#define SLACK 64
#define BACK 512
#define AHEAD 4096
/* A stretch this long is no chance repeat: where it ends, the sides
 * are aligned, and a probe is looked for from there on. */
#define TRUST 128
/* Regions smaller than this are tokenized whole: they are one edited line
 * of a wrapped text, left with a few tokens once trimmed. */
#define SHARE_REGION 512

/* Bytes x and y have in common from the start, at most n. */
static size_t common(const char *x, const char *y, size_t n)
{
	size_t i = 0;
	uint64_t u, v;

	while (i + 8 <= n) {
		memcpy(&u, x + i, 8);
		memcpy(&v, y + i, 8);
		if (u != v)
			break;
		i += 8;
	}
	while (i < n && x[i] == y[i])
		i++;
	return i;
}

/* The first token of t at or after byte off (a branch-free binary search:
 * the range halves, its first entry stays before off or at the answer). */
static size_t token_at(const struct rd_tokens *t, size_t off)
{
	const struct rd_token *base = t->v;
	size_t n = t->n;

	if (!n)
		return 0;
	while (n > 1) {
		size_t half = n / 2;
		base = base[half].off < off ? base + half : base;
		n -= half;
	}
	return (size_t)(base - t->v) + (base->off < off);
}

static void copy_tokens(struct rd_tokens *tb, size_t *capb, const struct rd_tokens *ta,
			struct rd_shares *sh, size_t a0, size_t a1, size_t b0)
{
	size_t i0 = token_at(ta, a0), i1 = token_at(ta, a1), n = i1 - i0;
	uint32_t shift = (uint32_t)(b0 - a0);

	if (!n)
		return;
	rd_grow((void **)&tb->v, capb, tb->n + n, sizeof(*tb->v));
	rd_grow((void **)&sh->v, &sh->cap, sh->n + 1, sizeof(*sh->v));
	sh->v[sh->n++] = (struct rd_share){ tb->n, i0, n };
	for (size_t i = 0; i < n; i++) {
		tb->v[tb->n + i] = ta->v[i0 + i];
		tb->v[tb->n + i].off += shift;
	}
	tb->n += n;
}

/* Where in old bytes [lo, hi) the PROBE bytes at b occur followed by
 * SHARE_MIN bytes in common (fewer at an end: `room` bytes follow b, and
 * old bytes end at ae); SIZE_MAX if nowhere.  Adds what it read to
 * *scanned. */
static size_t find_run(const char *A, size_t lo, size_t hi, size_t ae, const char *b,
		       size_t room, size_t *scanned)
{
	while (hi > lo && hi - lo >= PROBE) {
		const char *h = memmem(A + lo, hi - lo, b, PROBE);
		if (!h) {
			*scanned += hi - lo;
			return SIZE_MAX;
		}
		size_t at = (size_t)(h - A), n = ae - at < room ? ae - at : room;
		if (n > SHARE_MIN)
			n = SHARE_MIN;
		*scanned += at + 1 - lo;
		if (common(A + at, b, n) == n)
			return at;
		lo = at + 1;
	}
	return SIZE_MAX;
}

void rd_tokenize_shared(struct rd_tokens *tb, size_t *capb, const char *text, size_t from,
			size_t to, const struct rd_tokens *ta, struct rd_shares *sh)
{
	const char *A = ta->text, *B = text;
	size_t as = ta->start, ae = ta->len, pa = as, pb = from, gap = from;
	/* the end of the last long stretch: where the sides surely agree */
	size_t ma = as, mb = from;
	/* bytes the probes may scan: a rewrite, not an edit, stops the
	 * search before it costs more than tokenizing */
	size_t budget = 4 * (to - from), scanned = 0;

	tb->text = text;
	tb->start = from;
	tb->len = to;
	tb->n = 0;
	sh->n = 0;
	if (*capb < (to - from) / 6 + 16)
		rd_grow((void **)&tb->v, capb, (to - from) / 6 + 16, sizeof(*tb->v));
	if (to - from < SHARE_REGION || ae - as < SHARE_REGION) {
		rd_tokenize_append(tb, capb, from, to);
		return;
	}
	while (pb < to && pa < ae) {
		size_t len = common(A + pa, B + pb, ae - pa < to - pb ? ae - pa : to - pb);
		if (len >= SHARE_MIN) {
			/* from just after the first whitespace (or from the
			 * start, when whitespace precedes it on both sides) to
			 * the last whitespace */
			size_t s = 0, w = len;
			if (!((pb == from || rd_is_space((unsigned char)B[pb - 1])) &&
			      (pa == as || rd_is_space((unsigned char)A[pa - 1])))) {
				while (s < len && !rd_is_space((unsigned char)B[pb + s]))
					s++;
				s++;
			}
			while (w > s && !rd_is_space((unsigned char)B[pb + w - 1]))
				w--;
			if (w > s + 1) {
				rd_tokenize_append(tb, capb, gap, pb + s);
				copy_tokens(tb, capb, ta, sh, pa + s, pa + w - 1, pb + s);
				gap = pb + w - 1;
			}
		}
		pa += len;
		pb += len;
		if (len >= TRUST)
			ma = pa, mb = pb;
		/* parted: the next word of the new side, looked for about
		 * where it would be if the edit kept the length */
		for (;;) {
			while (pb < to && !rd_is_space((unsigned char)B[pb]))
				pb++;
			while (pb < to && rd_is_space((unsigned char)B[pb]))
				pb++;
			if (to - pb < PROBE || scanned > budget)
				goto rest;
			size_t at, exp = ae - ma > pb - mb ? ma + (pb - mb) : ae;
			size_t f0 = exp > as + SLACK ? exp - SLACK : as;
			size_t b0 = exp > as + BACK ? exp - BACK : as;
			at = find_run(A, f0, ae - exp > AHEAD + PROBE ? exp + AHEAD + PROBE : ae, ae,
				      B + pb, to - pb, &scanned);
			if (at == SIZE_MAX && b0 < f0)
				at = find_run(A, b0, ae - f0 > PROBE ? f0 + PROBE - 1 : ae, ae, B + pb,
					      to - pb, &scanned);
			if (at != SIZE_MAX) {
				pa = at;
				break;
			}
		}
	}
rest:
	rd_tokenize_append(tb, capb, gap, to);
}
