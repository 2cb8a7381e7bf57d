/*
 * classify.c - names each change of a diff: whitespace, spacing, case,
 * unicode, punctuation (trivial: the wording is the same), spelling,
 * number, quotation, moved, or a plain insert / delete / replace.
 *
 * The trivial classes are a ladder of ever coarser keys built from the
 * changed text plus the rest of the words it touches: two sides with equal
 * keys differ only by what the key threw away.
 *   unicode      NFKC, no default-ignorables (soft hyphen, zero width),
 *                curly quotes -> straight, dashes -> '-', any space -> ' '
 *   case         + Unicode case folding
 *   spacing      + no whitespace, no hyphens touching a letter or digit
 *   punctuation  + no punctuation or symbols (a '.' or ':' between digits
 *                stays: 3.5 -> 35 is a new number)
 * The first level whose keys match names the change.  Then come the
 * substantive ones: quotation (the change lies inside quotation marks),
 * number (only numbers and date words changed), spelling (one word for a
 * close one), else the diff engine's insert / delete / replace.  Moves are
 * found before all of these, by pairing the deleted side of one change with
 * the inserted side of another when the diff engine finds them alike.
 * Precedence is documented with rd_classify() in revdiff/classify.h; moved
 * sentences are found in classify_moves.c, moved lines in moves.c.
 */
#define _GNU_SOURCE /* memrchr */
#include "classify_int.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Spelling: shorter words than this change into other words too easily
 * (now -> not, form -> from); longer than SPELL_MAX_LEN is not a word. */
#define SPELL_MIN_LEN 5
#define SPELL_MAX_LEN 64
/* Edits allowed: 1 up to this length, 2 beyond. */
#define SPELL_LONG_WORD 8

/* Bytes the quick look at a long change reads from each side. */
#define PEEK 256

enum level { K_UNICODE, K_CASE, K_SPACING, K_PUNCT };

struct cps {
	int32_t *v;
	size_t n, cap;
};

static void cps_push(struct cps *c, int32_t cp)
{
	rd_grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = cp;
}

static int cps_eq(const struct cps *a, const struct cps *b)
{
	return a->n == b->n && (!a->n || memcmp(a->v, b->v, a->n * sizeof(*a->v)) == 0);
}

/* Code points of s, or each byte as 0x110000 + byte when s is not UTF-8. */
static void decode(struct cps *out, const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;

	out->n = 0;
	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k <= 0) {
			cps_push(out, 0x110000 + *p);
			p++;
		} else {
			cps_push(out, cp);
			p += k;
		}
	}
}

static int is_space_cp(int32_t c)
{
	if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85)
		return 1;
	if (c >= 0x110000)
		return 0;
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL ||
	       k == UTF8PROC_CATEGORY_ZP;
}

static int is_alnum_cp(int32_t c)
{
	if (c >= 0x110000)
		return 0;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_digit_cp(int32_t c)
{
	return c < 0x110000 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

static int is_punct_cp(int32_t c)
{
	return c < 0x110000 && !is_alnum_cp(c) && !is_space_cp(c);
}

/* Typographic variants the unicode level treats as the same character. */
static int32_t lump(int32_t c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	case 0x2212:
		return '-';
	}
	if (c < 0x110000 && utf8proc_category(c) == UTF8PROC_CATEGORY_PD)
		return '-';
	return c;
}

/* A real hyphen, as opposed to a dash. */
static int is_hyphen(int32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

/* The key of s at `level` (see the top of the file). */
static void key_build(struct cps *out, const char *s, size_t n, enum level level)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
				 UTF8PROC_IGNORE;
	utf8proc_ssize_t mlen;
	struct cps raw = { NULL, 0, 0 };

	size_t i;

	if (level >= K_CASE)
		opts |= UTF8PROC_CASEFOLD;
	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n) {
		/* ASCII, most text: NFKC leaves it alone and case folding is
		 * tolower, so utf8proc's tables are not needed */
		decode(&raw, s, n);
		if (level >= K_CASE)
			for (i = 0; i < raw.n; i++)
				if (raw.v[i] >= 'A' && raw.v[i] <= 'Z')
					raw.v[i] += 'a' - 'A';
	} else {
		mlen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m, opts);
		if (mlen < 0)
			decode(&raw, s, n); /* not UTF-8: compare the bytes as they are */
		else
			decode(&raw, (const char *)m, (size_t)mlen);
		free(m);
	}

	out->n = 0;
	for (size_t i = 0; i < raw.n; i++) {
		int32_t c = raw.v[i];
		int32_t prev = i ? raw.v[i - 1] : ' ', next = i + 1 < raw.n ? raw.v[i + 1] : ' ';
		if (is_space_cp(c)) {
			if (level >= K_SPACING)
				continue;
			if (out->n && out->v[out->n - 1] != ' ')
				cps_push(out, ' ');
			continue;
		}
		if (level >= K_SPACING && is_hyphen(c) && (is_alnum_cp(prev) || is_alnum_cp(next)))
			continue;
		if (level >= K_PUNCT && is_punct_cp(c) &&
		    !((c == '.' || c == ':') && is_digit_cp(prev) && is_digit_cp(next)))
			continue;
		cps_push(out, lump(c));
	}
	if (out->n && out->v[out->n - 1] == ' ')
		out->n--;
	free(raw.v);
}

/* ---- changes ------------------------------------------------------------ */

/* Groups the ops into changes, with the engine's baseline class. */
static struct rd_class_change *collect(const struct rd_diff *d, size_t *nout)
{
	struct rd_class_change *cv = rd_calloc(d->nchanges + 1, sizeof(*cv));
	size_t n = 0, i = 0;

	while (i < d->nops) {
		if (d->ops[i].kind == RD_OP_EQUAL) {
			i++;
			continue;
		}
		struct rd_class_change *c = &cv[n];
		int del = 0, ins = 0, ws = 1;
		c->op0 = i;
		c->as = d->ops[i].a_start;
		c->bs = d->ops[i].b_start;
		while (i < d->nops && d->ops[i].kind != RD_OP_EQUAL) {
			const struct rd_op *o = &d->ops[i];
			if (o->kind == RD_OP_DELETE) {
				del = 1;
				ws &= rd_is_blank(d->a + o->a_start, o->a_end - o->a_start);
			} else {
				ins = 1;
				ws &= rd_is_blank(d->b + o->b_start, o->b_end - o->b_start);
			}
			c->ae = o->a_end;
			c->be = o->b_end;
			i++;
		}
		c->op1 = i;
		c->base = ws ? RD_CLASS_WHITESPACE : del && ins ? RD_CLASS_REPLACE
			: del ? RD_CLASS_DELETE : RD_CLASS_INSERT;
		if (n < d->nchanges)
			n++;
	}
	*nout = n;
	return cv;
}

/*
 * The change widened to whole words: back to the whitespace before it and
 * on to the whitespace after it, within the equal text around it (the same
 * bytes on both sides).
 */
static void widen(const struct rd_diff *d, const struct rd_class_change *c, size_t *pre,
		  size_t *post)
{
	const struct rd_op *before = c->op0 ? &d->ops[c->op0 - 1] : NULL;
	const struct rd_op *after = c->op1 < d->nops ? &d->ops[c->op1] : NULL;
	size_t p = 0, q = 0;

	if (before)
		while (p < before->a_end - before->a_start &&
		       !rd_is_blank(d->a + c->as - p - 1, 1))
			p++;
	if (after)
		while (q < after->a_end - after->a_start && !rd_is_blank(d->a + c->ae + q, 1))
			q++;
	*pre = p;
	*post = q;
}

/* ---- numbers and dates --------------------------------------------------- */

/* Adds to *nums the numeric tokens of bytes [from, to) of one side of d;
 * returns 0 when a word is not one. */
static int numeric_only(const struct rd_diff *d, int side, size_t from, size_t to, size_t *nums)
{
	const char *text = side ? d->b : d->a;
	const struct rd_token *v;
	size_t n = to - from, nt;
	int ok = 1;

	if (!n)
		return 1;
	/* a long change is seldom numbers only: try its start first */
	if (n > 2 * PEEK) {
		size_t cut = PEEK, dummy = 0;
		while (cut > 0 && !rd_is_blank(text + from + cut, 1))
			cut--;
		if (cut && !numeric_only(d, side, from, from + cut, &dummy))
			return 0;
	}
	v = rd_diff_tokens(d, side, from, to, &nt);
	for (size_t i = 0; i < nt && ok; i++) {
		if (v[i].kind == RD_TOK_PUNCT)
			continue;
		if (rd_number_token(text, &v[i], 0))
			(*nums)++;
		else
			ok = 0;
	}
	return ok;
}

/* ---- spelling ----------------------------------------------------------- */

/* Bytes [from, to) of one side of d as a single word token (whitespace
 * around it allowed): its bytes in *w, *len; or 0. */
static int single_word(const struct rd_diff *d, int side, size_t from, size_t to,
		       const char **w, size_t *len)
{
	const struct rd_token *v;
	size_t nt;
	int ok;

	/* longer than a word and its whitespace can be */
	if (from == to || to - from > 8 * SPELL_MAX_LEN)
		return 0;
	v = rd_diff_tokens(d, side, from, to, &nt);
	ok = nt == 1 && v[0].kind == RD_TOK_WORD;
	if (ok) {
		*w = (side ? d->b : d->a) + v[0].off;
		*len = v[0].len;
		for (size_t i = 0; i < *len; i++)
			if ((*w)[i] >= '0' && (*w)[i] <= '9')
				ok = 0;
	}
	return ok;
}

/* German and French letters written out: ä ae, ö oe, ü ue, ß ss, œ oe, æ ae
 * (applied to case-folded text). */
static void translit(struct cps *out, const struct cps *in)
{
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		int32_t c = in->v[i];
		switch (c) {
		case 0xE4: case 0xE6: cps_push(out, 'a'); cps_push(out, 'e'); break;
		case 0xF6: case 0x153: cps_push(out, 'o'); cps_push(out, 'e'); break;
		case 0xFC: cps_push(out, 'u'); cps_push(out, 'e'); break;
		case 0xDF: cps_push(out, 's'); cps_push(out, 's'); break;
		default: cps_push(out, c);
		}
	}
}

/*
 * Edit distance where a swap of neighbours costs 1 only for "ie" <-> "ei"
 * (recieve, thier, wierd: the swap English spellers make); any other swap
 * costs 2, so unite -> untie and trail -> trial stay word changes.
 */
static size_t spell_distance(const struct cps *a, const struct cps *b)
{
	size_t n = a->n, m = b->n, d[SPELL_MAX_LEN + 1][SPELL_MAX_LEN + 1];

	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a->v[i - 1] != b->v[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a->v[i - 1] == b->v[j - 2] && a->v[i - 2] == b->v[j - 1] &&
			    ((a->v[i - 2] == 'i' && a->v[i - 1] == 'e') ||
			     (a->v[i - 2] == 'e' && a->v[i - 1] == 'i')) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

/*
 * One word for a close one: a typo fixed or made.  Real word changes are
 * often one letter apart too (now/not, relation/relations, schon/schön), so
 * beyond the distance the edit must keep the first letter and the last two
 * (inflections live at the end), and short words never qualify.
 */
static int is_spelling(const struct rd_diff *d, const struct rd_class_change *c)
{
	const char *a, *b;
	size_t la, lb;
	struct cps fa = { NULL, 0, 0 }, fb = { NULL, 0, 0 }, ta = { NULL, 0, 0 }, tb = { NULL, 0, 0 };
	int ok = 0;

	if (!single_word(d, 0, c->as, c->ae, &a, &la) || !single_word(d, 1, c->bs, c->be, &b, &lb))
		return 0;
	key_build(&fa, a, la, K_CASE);
	key_build(&fb, b, lb, K_CASE);
	translit(&ta, &fa);
	translit(&tb, &fb);
	if (cps_eq(&ta, &tb)) {
		/* ß/ss, umlaut written out, or a case fold that is not a case
		 * change (final sigma) */
		ok = 1;
		goto out;
	}
	size_t len = fa.n > fb.n ? fa.n : fb.n, pre = 0, suf = 0;
	if (len < SPELL_MIN_LEN || len > SPELL_MAX_LEN)
		goto out;
	while (pre < fa.n && pre < fb.n && fa.v[pre] == fb.v[pre])
		pre++;
	while (suf < fa.n && suf < fb.n && fa.v[fa.n - 1 - suf] == fb.v[fb.n - 1 - suf])
		suf++;
	if (pre < 1 || suf < 2)
		goto out;
	size_t dist = spell_distance(&fa, &fb);
	ok = dist >= 1 && dist <= (len >= SPELL_LONG_WORD ? 2u : 1u);
out:
	free(fa.v);
	free(fb.v);
	free(ta.v);
	free(tb.v);
	return ok;
}

/* ---- one change ----------------------------------------------------------- */

/* Lowercase letters (category Ll) in s. */
static int has_lower(const char *s, size_t n)
{
	struct cps c = { NULL, 0, 0 };
	int r = 0;

	decode(&c, s, n);
	for (size_t i = 0; i < c.n && !r; i++)
		r = c.v[i] < 0x110000 && utf8proc_category(c.v[i]) == UTF8PROC_CATEGORY_LL;
	free(c.v);
	return r;
}

/* Same letters up to case, by simple lowercase mapping. */
static int same_lower(const char *a, size_t na, const char *b, size_t nb)
{
	struct cps x = { NULL, 0, 0 }, y = { NULL, 0, 0 };
	int r;

	key_build(&x, a, na, K_UNICODE);
	key_build(&y, b, nb, K_UNICODE);
	for (size_t i = 0; i < x.n; i++)
		x.v[i] = x.v[i] < 0x110000 ? utf8proc_tolower(x.v[i]) : x.v[i];
	for (size_t i = 0; i < y.n; i++)
		y.v[i] = y.v[i] < 0x110000 ? utf8proc_tolower(y.v[i]) : y.v[i];
	r = cps_eq(&x, &y);
	free(x.v);
	free(y.v);
	return r;
}


/* Back from n to the start of a UTF-8 character. */
static size_t char_floor(const char *s, size_t n)
{
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * Whether the coarsest keys of a and b can be equal.  Long sides are first
 * compared on their first PEEK bytes (a few code points short of the cut,
 * where composition and hyphens may still change), so that a rewritten
 * page does not pay for four Unicode normalisations of itself.
 */
static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static int ascii_digit(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* The next character of the K_PUNCT key of ASCII text from *i, or -1:
 * what key_build keeps there without a table or an allocation. */
static int ascii_key_next(const char *s, size_t n, size_t *i)
{
	while (*i < n) {
		char c = s[(*i)++];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			return c;
		if (c >= 'A' && c <= 'Z')
			return c + ('a' - 'A');
		if ((c == '.' || c == ':') && *i >= 2 && ascii_digit(s, n, *i - 2) &&
		    ascii_digit(s, n, *i))
			return c;
	}
	return -1;
}

static int may_be_trivial(const char *a, size_t na, const char *b, size_t nb)
{
	struct cps x = { NULL, 0, 0 }, y = { NULL, 0, 0 };
	int r = 1;

	if (is_ascii(a, na) && is_ascii(b, nb)) {
		size_t i = 0, j = 0;
		int c, d;
		do {
			c = ascii_key_next(a, na, &i);
			d = ascii_key_next(b, nb, &j);
		} while (c == d && c >= 0);
		return c == d;
	}

	/* A pure insert or delete (a whole added file) is trivial only when
	 * its key is empty: a prefix whose key is not says no, without a key
	 * of the whole text (normalising never drops a character's key). */
	if ((!na || !nb) && (na | nb) > 2 * PEEK) {
		const char *t = na ? a : b;
		key_build(&x, t, char_floor(t, PEEK), K_PUNCT);
		r = x.n == 0;
		free(x.v);
		if (!r)
			return 0;
		x.v = NULL;
		x.n = x.cap = 0;
	}
	if (na > 2 * PEEK && nb > 2 * PEEK) {
		key_build(&x, a, char_floor(a, PEEK), K_PUNCT);
		key_build(&y, b, char_floor(b, PEEK), K_PUNCT);
		size_t n = x.n < y.n ? x.n : y.n;
		n = n > 8 ? n - 8 : 0;
		r = !n || memcmp(x.v, y.v, n * sizeof(*x.v)) == 0;
	}
	if (r) {
		key_build(&x, a, na, K_PUNCT);
		key_build(&y, b, nb, K_PUNCT);
		r = cps_eq(&x, &y);
	}
	free(x.v);
	free(y.v);
	return r;
}

/* The trivial class of a change (widened to whole words), or NONE. */
static enum rd_class trivial_class(const char *a, size_t na, const char *b, size_t nb,
				   const char *ca, size_t nca, const char *cb, size_t ncb)
{
	struct cps x = { NULL, 0, 0 }, y = { NULL, 0, 0 };
	enum rd_class c = RD_CLASS_NONE;

	/* each level's key is coarser than the one before: if the last
	 * differs, all do */
	if (!may_be_trivial(a, na, b, nb))
		return RD_CLASS_NONE;
	for (int lv = K_UNICODE; lv <= K_PUNCT && c == RD_CLASS_NONE; lv++) {
		key_build(&x, a, na, (enum level)lv);
		key_build(&y, b, nb, (enum level)lv);
		if (!cps_eq(&x, &y))
			continue;
		switch (lv) {
		case K_UNICODE:
			c = RD_CLASS_UNICODE;
			break;
		case K_CASE:
			/* Straße -> STRASSE is case; Straße -> Strasse is spelling */
			if (same_lower(a, na, b, nb) || !has_lower(ca, nca) || !has_lower(cb, ncb))
				c = RD_CLASS_CASE;
			else
				lv = K_PUNCT; /* stop: spelling decides */
			break;
		case K_SPACING:
			c = RD_CLASS_SPACING;
			break;
		case K_PUNCT:
			c = RD_CLASS_PUNCTUATION;
			break;
		}
	}
	free(x.v);
	free(y.v);
	return c;
}

/* Quoted spans of the paragraph(s) around the last change looked at.  A
 * blank line closes every quote (find_quotes), so paragraphs are
 * independent, and only those holding a change need scanning. */
struct qcache {
	size_t ps, pe; /* the paragraphs scanned: [ps, pe) */
	int valid;
	unsigned scans;
	struct rd_spans sp;
};

/* After this many paragraphs, the rest of the text in one scan: finding
 * each paragraph's ends line by line costs more than scanning between. */
#define QUOTE_SCANS_MAX 32

struct ctx {
	const struct rd_diff *d;
	struct qcache qa, qb;
};

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Start of the paragraph holding byte `pos`: just after a blank line. */
static size_t para_start(const char *text, size_t pos)
{
	const char *nl, *prev;

	while (pos && (nl = memrchr(text, '\n', pos))) {
		prev = memrchr(text, '\n', (size_t)(nl - text));
		size_t ls = prev ? (size_t)(prev - text) + 1 : 0;
		if (prev && blank(text + ls, (size_t)(nl - text) - ls))
			return (size_t)(nl - text) + 1;
		pos = (size_t)(nl - text);
	}
	return 0;
}

/* End of the paragraph holding byte `pos`: the end of the blank line. */
static size_t para_end(const char *text, size_t len, size_t pos)
{
	const char *nl, *next;

	while (pos < len && (nl = memchr(text + pos, '\n', len - pos))) {
		size_t ls = (size_t)(nl - text) + 1;
		next = memchr(text + ls, '\n', len - ls);
		if (next && blank(text + ls, (size_t)(next - text) - ls))
			return (size_t)(next - text) + 1;
		pos = ls;
	}
	return len;
}

static const struct rd_spans *quotes_at(struct qcache *q, const char *text, size_t len,
				     size_t s, size_t e)
{
	if (q->valid && s >= q->ps && e <= q->pe)
		return &q->sp;
	if (++q->scans > QUOTE_SCANS_MAX) {
		/* a blank line closes every quote, so one scan from the
		 * start finds what each paragraph's own scan would */
		q->ps = 0;
		q->pe = len;
	} else {
		q->ps = para_start(text, s);
		q->pe = para_end(text, len, e);
	}
	q->sp.n = 0;
	rd_quote_spans(&q->sp, text + q->ps, q->pe - q->ps);
	for (size_t i = 0; i < q->sp.n; i++) {
		q->sp.v[i].s += q->ps;
		q->sp.v[i].e += q->ps;
	}
	q->valid = 1;
	return &q->sp;
}

static enum rd_class classify_one(struct ctx *x, const struct rd_class_change *c)
{
	const struct rd_diff *d = x->d;
	size_t pre, post, nums = 0;
	const char *ca = d->a + c->as, *cb = d->b + c->bs;
	size_t nca = c->ae - c->as, ncb = c->be - c->bs;
	enum rd_class k;

	if (c->base == RD_CLASS_WHITESPACE)
		return RD_CLASS_WHITESPACE;
	widen(d, c, &pre, &post);
	k = trivial_class(ca - pre, nca + pre + post, cb - pre, ncb + pre + post, ca, nca, cb, ncb);
	if (k != RD_CLASS_NONE)
		return k;
	const struct rd_spans *qa = quotes_at(&x->qa, d->a, d->alen, c->as, c->ae);
	const struct rd_spans *qb = quotes_at(&x->qb, d->b, d->blen, c->bs, c->be);
	/* trimmed of the whitespace at its ends, which can reach past a mark */
	size_t s = c->as, e = c->ae, t = c->bs, u = c->be;
	while (s < e && rd_is_blank(d->a + s, 1))
		s++;
	while (e > s && rd_is_blank(d->a + e - 1, 1))
		e--;
	while (t < u && rd_is_blank(d->b + t, 1))
		t++;
	while (u > t && rd_is_blank(d->b + u - 1, 1))
		u--;
	if ((nca && rd_spans_inside(qa, s, e)) || (ncb && rd_spans_inside(qb, t, u)) ||
	    (!nca && rd_spans_inside(qa, c->as, c->ae)) || (!ncb && rd_spans_inside(qb, c->bs, c->be)))
		return RD_CLASS_QUOTATION;
	if (numeric_only(d, 0, c->as, c->ae, &nums) && numeric_only(d, 1, c->bs, c->be, &nums) && nums)
		return RD_CLASS_NUMBER;
	if (c->base == RD_CLASS_REPLACE && is_spelling(d, c))
		return RD_CLASS_SPELLING;
	return (enum rd_class)c->base;
}

/* ---- the whole diff ---------------------------------------------------------- */

void rd_classify(struct rd_diff *d)
{
	struct ctx x;
	struct rd_moves mv = { NULL, 0, 0 };
	struct rd_kept_moves kept = { NULL, 0, 0 };
	size_t nc;
	struct rd_class_change *cv = collect(d, &nc);

	memset(&x, 0, sizeof(x));
	x.d = d;
	/* the ops are about to be cut and classed: what was built on them goes */
	rd_diff_moved_release(d);
	memset(d->stats.by_class, 0, sizeof(d->stats.by_class));
	/* sentences moved (perhaps edited), then short lines moved whole in
	 * what is left; the ops are then cut at the moves */
	rd_sentence_moves(d, cv, nc, &mv, &kept);
	rd_line_moves(d, &mv);
	if (mv.n) {
		/* the changes stay where they were, their ops cut: only the
		 * op indexes move */
		size_t *remap = rd_malloc((d->nops + 1) * sizeof(*remap));
		rd_moves_apply(d, &mv, remap);
		for (size_t i = 0; i < nc; i++) {
			cv[i].op0 = remap[cv[i].op0];
			cv[i].op1 = remap[cv[i].op1];
		}
		free(remap);
	}
	free(mv.v);
	rd_moves_keep_inner(d, &kept);
	for (size_t i = 0; i < nc; i++) {
		struct rd_class_change *c = &cv[i];
		int plain = 0, moved = 0;
		/* the change's own class, for what of it did not move; beside a
		 * move, whitespace alone is the move's (the line break a moved
		 * paragraph leaves), not a change of its own */
		for (size_t k = c->op0; k < c->op1; k++) {
			const struct rd_op *o = &d->ops[k];
			moved |= o->partner_op != 0;
			plain |= !o->partner_op && !(o->kind == RD_OP_DELETE
				? rd_is_blank(d->a + o->a_start, o->a_end - o->a_start)
				: rd_is_blank(d->b + o->b_start, o->b_end - o->b_start));
		}
		plain |= !moved;
		c->cls = plain ? (uint8_t)classify_one(&x, c) : RD_CLASS_MOVED;
		if (plain)
			d->stats.by_class[c->cls]++;
		for (size_t k = c->op0; k < c->op1; k++) {
			struct rd_op *o = &d->ops[k];
			o->cls = o->partner_op ? RD_CLASS_MOVED : c->cls;
			o->partner = o->partner_op ? d->ops[o->partner_op - 1].change : 0;
			/* a move counts once, at its deleted end */
			if (o->partner_op && o->kind == RD_OP_DELETE)
				d->stats.by_class[RD_CLASS_MOVED]++;
		}
	}
	free(cv);
	free(x.qa.sp.v);
	free(x.qb.sp.v);
}

int rd_class_is_trivial(enum rd_class c)
{
	return c != RD_CLASS_NONE && c < RD_CLASS_SPELLING;
}

void rd_diff_words_by_kind(const struct rd_diff *d, size_t *substantive, size_t *trivial)
{
	*substantive = *trivial = 0;
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_EQUAL)
			continue;
		if (o->cls == RD_CLASS_MOVED && o->kind == RD_OP_DELETE && o->partner)
			continue; /* counted at its new place */
		size_t w = o->kind == RD_OP_DELETE ? rd_diff_count_words(d, 0, o->a_start, o->a_end)
						   : rd_diff_count_words(d, 1, o->b_start, o->b_end);
		if (rd_class_is_trivial((enum rd_class)o->cls))
			*trivial += w;
		else
			*substantive += w;
	}
}
