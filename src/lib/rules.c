/*
 * rules.c - the pre-commit check: what one change of a text introduces,
 * against the rules in force (rules_file.c reads them).
 *
 * The check word-diffs the old and new text (diff.c), classifies the diff
 * (classify.c) and looks only at the tokens the change touched, so an old
 * problem elsewhere in the file is never reported again.  Three kinds of finding:
 *   - an avoided phrase (`avoid`) written where the change touched it
 *     (an inserted token, or a deletion between its tokens), unless it
 *     moved there with its sentence (the classifier's move, rd_classify),
 *     reported with the preferred form;
 *   - a change to the words inside a quotation that was already there;
 *   - a number or date replaced by another.
 * Files and git are not this file's business: workrepo.c hands it texts.
 */
#include "revdiff.h"
#include "words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
/* ---- findings ----------------------------------------------------------- */

/* What one finding owns. */
static void finding_release(struct rd_finding *f)
{
	free(f->rule);
	free(f->message);
	free(f->old_text);
	free(f->new_text);
	free(f->prefer);
}

void rd_findings_release(struct rd_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		finding_release(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void rd_findings_intersect(struct rd_findings *a, size_t from, const struct rd_findings *b)
{
	size_t w = from;

	for (size_t i = from; i < a->n; i++) {
		struct rd_finding *f = &a->v[i];
		int keep = 0;
		for (size_t j = 0; j < b->n && !keep; j++)
			keep = b->v[j].offset == f->offset && !strcmp(b->v[j].rule, f->rule);
		if (keep)
			a->v[w++] = *f;
		else
			finding_release(f);
	}
	a->n = w;
}

/* Longest excerpt shown in a message, in bytes: one terminal line. */
#define EXCERPT_MAX 60

/* `s` with whitespace runs made one space, trimmed, and cut at
 * EXCERPT_MAX bytes on a character boundary, so a finding stays one line;
 * invalid UTF-8 and control characters become U+FFFD, so messages are
 * valid UTF-8 (JSON) and cannot drive a terminal. */
static char *excerpt(const char *s, size_t n)
{
	struct rd_buf b = RD_BUF_INIT;
	int space = 0;

	while (n && rd_is_space((unsigned char)*s))
		s++, n--;
	while (n && rd_is_space((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp = c;
		utf8proc_ssize_t len = 1;
		if (rd_is_space(c)) {
			space = 1;
			i++;
			continue;
		}
		if (b.len >= EXCERPT_MAX) {
			rd_buf_puts(&b, "\xe2\x80\xa6");
			break;
		}
		if (space)
			rd_buf_putc(&b, ' ');
		space = 0;
		if (c >= 0x80)
			len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					       (utf8proc_ssize_t)(n - i), &cp);
		if (len < 1 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			rd_buf_puts(&b, "\xef\xbf\xbd");
			i += len < 1 ? 1 : (size_t)len;
			continue;
		}
		rd_buf_put(&b, s + i, (size_t)len);
		i += (size_t)len;
	}
	if (!b.ptr)
		return rd_strdup("");
	return rd_buf_detach(&b, NULL);
}

static void add_finding(struct rd_findings *out, size_t off, enum rd_severity sev,
			const char *rule, const char *what, char *old_text, char *new_text,
			const char *prefer)
{
	struct rd_finding *f;
	struct rd_buf m = RD_BUF_INIT;

	rd_buf_puts(&m, what);
	if (*old_text && *new_text)
		rd_buf_printf(&m, ": \"%s\" -> \"%s\"", old_text, new_text);
	else if (*new_text)
		rd_buf_printf(&m, ": inserted \"%s\"", new_text);
	else
		rd_buf_printf(&m, ": deleted \"%s\"", old_text);
	rd_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->offset = off;
	f->severity = sev;
	f->rule = rd_strdup(rule);
	f->message = rd_buf_detach(&m, NULL);
	f->old_text = old_text;
	f->new_text = new_text;
	f->prefer = prefer ? rd_strdup(prefer) : NULL;
}

/* ---- the check: per-token facts ----------------------------------------- */

/* A quotation: tokens [lo, hi) with its marks; inner tokens carry its id. */
struct span {
	size_t lo, hi;
	int kept; /* some token of it survived the change */
};

/* One side of the change: its tokens and what the diff did to each. */
struct side {
	struct rd_tokens t;
	uint32_t *change; /* change number per token, 0 when equal */
	uint32_t *quote;  /* quotation id + 1 per token inside one, else 0 */
	uint8_t *moved;   /* per token: inside a moved op (the classifier's move) */
	struct span *spans;
	size_t nspans, cap;
};

/* One change: consecutive delete and insert ops. */
struct chg {
	size_t a0, a1, b0, b1; /* byte ranges in old and new */
	size_t ndel, nins;     /* tokens deleted and inserted */
	size_t first_ins;      /* offset of the first inserted token */
	int quoted;
};

static int tok_is(const struct rd_tokens *t, size_t i, const char *s)
{
	size_t n = strlen(s);

	return t->v[i].len == n && !memcmp(t->text + t->v[i].off, s, n);
}

/* Newlines in the gap before token i (from the previous token's end). */
static int newlines_before(const struct rd_tokens *t, size_t i)
{
	size_t s = i ? rd_token_end(&t->v[i - 1]) : 0;
	int n = i ? 0 : 1; /* the text starts a line */

	for (size_t p = s; p < t->v[i].off; p++)
		n += t->text[p] == '\n';
	return n;
}

static void push_span(struct side *sd, size_t lo, size_t hi, size_t in_lo, size_t in_hi)
{
	rd_grow((void **)&sd->spans, &sd->cap, sd->nspans + 1, sizeof(*sd->spans));
	sd->spans[sd->nspans] = (struct span){ lo, hi, 0 };
	sd->nspans++;
	for (size_t k = in_lo; k < in_hi; k++)
		if (!sd->quote[k])
			sd->quote[k] = (uint32_t)sd->nspans;
}

/*
 * Finds the quotations of one text: the classifier's (rd_quote_spans,
 * the words inside the marks) and, for the checker alone, Markdown block
 * quotes: lines starting with '>', up to a blank line or a line without.
 */
static void find_quotes(struct side *sd)
{
	const struct rd_tokens *t = &sd->t;
	struct rd_spans qs = { NULL, 0, 0 };
	size_t i, bq_lo = 0, bq_in = 0;
	int in_bq = 0, at_marker = 0;

	for (i = 0; i <= t->n; i++) {
		int nl = i < t->n ? newlines_before(t, i) : 2;
		if (nl) {
			int para = nl >= 2;
			int bq_line = i < t->n && tok_is(t, i, ">");
			if (in_bq && (para || !bq_line)) {
				push_span(sd, bq_lo, i, bq_in, i);
				in_bq = 0;
			}
			if (bq_line && !in_bq) {
				in_bq = 1;
				bq_lo = i;
				bq_in = i;
			}
			at_marker = bq_line;
		}
		if (i == t->n)
			break;
		if (at_marker) {
			if (tok_is(t, i, ">")) {
				if (bq_in == i)
					bq_in = i + 1;
				continue;
			}
			at_marker = 0;
		}
	}
	/* a quotation's tokens are the marks and what lies between */
	rd_quote_spans(&qs, t->text, t->len);
	i = 0;
	for (size_t q = 0; q < qs.n; q++) {
		size_t in_lo, in_hi;
		while (i < t->n && t->v[i].off < qs.v[q].s)
			i++;
		in_lo = i;
		while (i < t->n && t->v[i].off < qs.v[q].e)
			i++;
		in_hi = i;
		push_span(sd, in_lo ? in_lo - 1 : 0, in_hi < t->n ? in_hi + 1 : t->n, in_lo, in_hi);
	}
	free(qs.v);
}

/* Sets each token's change number from the ops of one side. */
static void mark_changes(struct side *sd, const struct rd_diff *d, int new_side)
{
	const struct rd_tokens *t = &sd->t;
	size_t k = 0;

	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		size_t s, e;
		if (o->kind != (new_side ? RD_OP_INSERT : RD_OP_DELETE))
			continue;
		s = new_side ? o->b_start : o->a_start;
		e = new_side ? o->b_end : o->a_end;
		while (k < t->n && t->v[k].off < s)
			k++;
		const struct rd_diff *in = new_side && o->partner_op ? rd_diff_move_inner(d, i) : NULL;
		size_t q = 0;
		while (k < t->n && t->v[k].off < e) {
			/* moved, and kept as it was in the move (not edited
			 * on the way: its inner diff has it equal) */
			size_t rel = t->v[k].off - s;
			while (in && q < in->nops && in->ops[q].b_end <= rel)
				q++;
			sd->moved[k] = in && q < in->nops && in->ops[q].kind == RD_OP_EQUAL &&
				       in->ops[q].b_start <= rel &&
				       rd_token_end(&t->v[k]) - s <= in->ops[q].b_end;
			sd->change[k++] = o->change;
		}
	}
	for (size_t q = 0; q < sd->nspans; q++)
		for (size_t j = sd->spans[q].lo; j < sd->spans[q].hi; j++)
			if (!sd->change[j]) {
				sd->spans[q].kept = 1;
				break;
			}
}

/* One side of d: its tokens, the diff's (borrowed), and its quotations. */
static void side_init(struct side *sd, const struct rd_diff *d, int side)
{
	size_t len = side ? d->blen : d->alen;

	memset(sd, 0, sizeof(*sd));
	sd->t.text = side ? d->b : d->a;
	sd->t.len = len;
	/* the whole text (the diff keeps every token: rd_check_texts): an
	 * avoided phrase is looked for around every change */
	sd->t.v = (struct rd_token *)rd_diff_tokens(d, side, 0, len, &sd->t.n);
	sd->change = rd_calloc(sd->t.n + 1, sizeof(*sd->change));
	sd->quote = rd_calloc(sd->t.n + 1, sizeof(*sd->quote));
	sd->moved = rd_calloc(sd->t.n + 1, 1);
	find_quotes(sd);
}

static void side_release(struct side *sd)
{
	free(sd->change);
	free(sd->quote);
	free(sd->moved);
	free(sd->spans);
}

/* Fills the per-change table from the ops and the two sides. */
static struct chg *build_changes(const struct rd_diff *d, const struct side *o,
				 const struct side *n)
{
	struct chg *c = rd_calloc(d->nchanges + 1, sizeof(*c));
	const struct rd_change *ct = rd_diff_changes(d);

	c[0].a0 = c[0].b0 = SIZE_MAX;
	for (size_t i = 0; i <= d->nchanges; i++) {
		c[i].first_ins = SIZE_MAX;
		if (i) {
			c[i].a0 = ct[i - 1].a_start;
			c[i].a1 = ct[i - 1].a_end;
			c[i].b0 = ct[i - 1].b_start;
			c[i].b1 = ct[i - 1].b_end;
		}
	}
	for (size_t i = 0; i < o->t.n; i++) {
		struct chg *x = &c[o->change[i]];
		if (!o->change[i])
			continue;
		x->ndel++;
		if (o->quote[i] && o->spans[o->quote[i] - 1].kept)
			x->quoted = 1;
	}
	for (size_t i = 0; i < n->t.n; i++) {
		struct chg *x = &c[n->change[i]];
		if (!n->change[i])
			continue;
		if (!x->nins++)
			x->first_ins = n->t.v[i].off;
		if (n->quote[i] && n->spans[n->quote[i] - 1].kept)
			x->quoted = 1;
	}
	return c;
}

/* ---- the check: avoided phrases ------------------------------------------ */

/* Old-text position of new-text position p, before any deletion there. */
static size_t map_left(const struct rd_diff *d, size_t p)
{
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_DELETE) {
			if (o->b_start == p)
				return o->a_start;
			continue;
		}
		if (p < o->b_end)
			return o->kind == RD_OP_EQUAL ? o->a_start + (p - o->b_start) : o->a_start;
	}
	return d->alen;
}

/* Old-text position of new-text end position p, after any deletion there. */
static size_t map_right(const struct rd_diff *d, size_t p)
{
	for (size_t i = d->nops; i-- > 0;) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_DELETE) {
			if (o->b_start == p)
				return o->a_end;
			continue;
		}
		if (p > o->b_start)
			return o->kind == RD_OP_EQUAL ? o->a_start + (p - o->b_start) : o->a_end;
	}
	return 0;
}

/* Whether a change deleted words at a new-text position strictly inside
 * (s, e): "cyber attacks security" -> "cyber security" writes the phrase
 * without inserting a token.  Changes are in new-text order. */
static int deletion_inside(const struct chg *c, size_t nchanges, size_t s, size_t e)
{
	size_t lo = 1, hi = nchanges + 1;

	while (lo < hi) { /* first change with b0 > s */
		size_t mid = lo + (hi - lo) / 2;
		if (c[mid].b0 <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo <= nchanges && c[lo].b0 < e; lo++)
		if (c[lo].ndel)
			return 1;
	return 0;
}

static void check_words(struct rd_findings *out, const struct rd_rules *r,
			const struct rd_diff *d, const struct side *n, const struct chg *c)
{
	struct rd_folded text;

	rd_fold_tokens(&text, &n->t, 1);
	for (size_t w = 0; w < r->nwords; w++) {
		const struct rd_word_rule *rule = &r->words[w];
		struct rd_phrase *prefer = NULL, *avoid;
		if (rule->severity == RD_SEV_OFF)
			continue;
		if (rule->prefer && rd_phrase_new(&prefer, rule->prefer, strlen(rule->prefer),
						  RD_PHRASE_ICASE) < 0)
			rd_error_clear(); /* no word in it: nothing to prefer */
		for (size_t a = 0; a < rule->navoid; a++) {
			if (rd_phrase_new(&avoid, rule->avoid[a], strlen(rule->avoid[a]),
					  RD_PHRASE_ICASE) < 0) {
				rd_error_clear(); /* no word in it: nothing to avoid */
				continue;
			}
			size_t k = rd_phrase_words(avoid);
			for (size_t i = 0; i + k <= n->t.n; i++) {
				if (!rd_phrase_at(avoid, &text, i))
					continue;
				size_t s = n->t.v[i].off, e = rd_token_end(&n->t.v[i + k - 1]);
				int touched = 0;
				for (size_t j = i; j < i + k && !touched; j++)
					touched = n->change[j] != 0;
				if (!touched && !deletion_inside(c, d->nchanges, s, e))
					continue;
				/* moved there with its text (the classifier's
				 * move, kept as it was): the change did not
				 * write it */
				int mv = 1;
				for (size_t j = i; j < i + k && mv; j++)
					mv = n->moved[j];
				if (mv)
					continue;
				/* Not when it is part of the preferred form itself. */
				int in_prefer = 0;
				size_t pk = prefer ? rd_phrase_words(prefer) : 0;
				for (size_t j = i + 1 >= pk ? i + 1 - pk : 0; prefer && j <= i && !in_prefer;
				     j++)
					in_prefer = j + pk >= i + k && rd_phrase_at(prefer, &text, j);
				if (in_prefer)
					continue;
				size_t os = map_left(d, s), oe = map_right(d, e);
				struct rd_buf what = RD_BUF_INIT;
				char *shown = excerpt(n->t.text + s, e - s);
				if (rule->prefer)
					rd_buf_printf(&what, "write \"%s\", not \"%s\"", rule->prefer, shown);
				else
					rd_buf_printf(&what, "avoid \"%s\"", shown);
				free(shown);
				add_finding(out, s, rule->severity, rule->name, what.ptr,
					    excerpt(d->a + os, oe > os ? oe - os : 0),
					    excerpt(n->t.text + s, e - s), rule->prefer);
				rd_buf_release(&what);
				i += k - 1;
			}
			rd_phrase_free(avoid);
		}
		rd_phrase_free(prefer);
	}
	rd_folded_release(&text);
}

/* ---- the check: numbers and dates ------------------------------------------ */

/* The checker's numbers: stricter than the classifier's (class number),
 * as "may" and "march" are verbs and "3rd" is a word. */
#define CHECK_NUMBERS (RD_DATE_MONTHS | RD_DATE_CAPITALISED | RD_NUM_NO_DIGIT_WORDS)

/* A change that replaces numbers or dates by others (rd_numbers_changed);
 * the finding names only the numbers that differ. */
static void check_numbers(struct rd_findings *out, enum rd_severity sev,
			  const struct rd_diff *d, const struct chg *c)
{
	const struct rd_change *ct = rd_diff_changes(d);

	for (size_t ch = 1; ch <= d->nchanges; ch++) {
		struct rd_buf ob = RD_BUF_INIT, nb = RD_BUF_INIT;
		size_t pos;
		if (rd_numbers_changed(d, &ct[ch - 1], CHECK_NUMBERS, &ob, &nb, &pos))
			add_finding(out, pos != SIZE_MAX ? pos : c[ch].nins ? c[ch].first_ins : c[ch].b0,
				    sev, "numbers", "number or date changed",
				    excerpt(ob.ptr ? ob.ptr : "", ob.len),
				    excerpt(nb.ptr ? nb.ptr : "", nb.len), NULL);
		rd_buf_release(&ob);
		rd_buf_release(&nb);
	}
}

/* ---- the check ------------------------------------------------------------ */

static int cmp_finding(const void *x, const void *y)
{
	const struct rd_finding *a = x, *b = y;

	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* Sets line and column of findings [from, n), sorted by offset. */
static void locate(struct rd_findings *out, size_t from, const char *text, size_t len)
{
	size_t p = 0, line = 1, line_start = 0;

	if (out->n == from)
		return;
	qsort(out->v + from, out->n - from, sizeof(*out->v), cmp_finding);
	for (size_t i = from; i < out->n; i++) {
		struct rd_finding *f = &out->v[i];
		size_t col = 1;
		for (; p < f->offset && p < len; p++)
			if (text[p] == '\n') {
				line++;
				line_start = p + 1;
			}
		for (size_t q = line_start; q < f->offset && q < len; q++)
			col += ((unsigned char)text[q] & 0xC0) != 0x80;
		f->line = line;
		f->col = col;
	}
}

int rd_check_texts(struct rd_findings *out, const struct rd_rules *r,
		   const char *old, size_t oldlen, const char *new, size_t newlen)
{
	struct side o, n;
	struct rd_diff *d = NULL;
	struct rd_diff_opts opts;
	struct chg *c = NULL;
	size_t from = out->n;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&n, 0, sizeof(n));
	rd_diff_opts_init(&opts);
	/* Every match kept: a finding should name the words that changed,
	 * not an unchanged word merged into a neighbouring change. */
	opts.merge_islands = 0;
	/* both texts read whole (side_init): cut once, by the engine */
	opts.keep_tokens = RD_DIFF_KEEP_OLD | RD_DIFF_KEEP_NEW;
	if ((rc = rd_diff_texts(&d, old, oldlen, new, newlen, &opts)) < 0)
		goto out;
	rd_classify(d);
	side_init(&o, d, 0);
	side_init(&n, d, 1);
	mark_changes(&o, d, 0);
	mark_changes(&n, d, 1);
	c = build_changes(d, &o, &n);

	check_words(out, r, d, &n, c);
	for (size_t i = 1; i <= d->nchanges; i++) {
		const struct chg *x = &c[i];
		size_t pos = x->nins ? x->first_ins : x->b0;
		if (!x->ndel && !x->nins)
			continue; /* whitespace only */
		if (r->quotes && x->quoted)
			add_finding(out, pos, r->quotes, "quotes", "quotation changed",
				    excerpt(old + x->a0, x->a1 - x->a0),
				    excerpt(new + x->b0, x->b1 - x->b0), NULL);
	}
	if (r->numbers)
		check_numbers(out, r->numbers, d, c);
	locate(out, from, new, newlen);
	rc = 0;
out:
	free(c);
	rd_diff_free(d);
	side_release(&o);
	side_release(&n);
	return rc;
}
