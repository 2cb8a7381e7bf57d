/*
 * render_text.c - the line-oriented formats: plain markers, color, and
 * git's --word-diff=porcelain.
 *
 * Two passes over the ops.  The first measures: it counts the display lines
 * of the merged text and notes, for each line that holds a change only, its
 * number and the old/new line numbers where it starts and ends; equal text
 * is skipped a newline count at a time.  Hunks (changed lines with
 * `context` lines around them, merged where they touch) follow from that
 * sparse list, since every line between changes adds one old and one new
 * line.  The second pass prints the hunks, each under a "@@ -a,b +c,d @@"
 * header as git prints them.
 *
 * Moved text shows once: a "[~moved to line N~]" marker where it was, and
 * at its new place "{~text~}" with the word diff against its old self
 * inside.  Porcelain has no moves: it prints them as a delete and an insert.
 */
#define _GNU_SOURCE /* memrchr */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define C_DEL "\033[31m"
#define C_INS "\033[32m"
/* trivial classes: the old yellow and struck out, the new cyan and
 * underlined, so the two differ without relying on one cue alone */
#define C_TDEL "\033[9;33m"
#define C_TINS "\033[4;36m"
#define C_META "\033[36m"
#define C_MOVE "\033[34m"
#define C_RESET "\033[m"

enum piece { P_EQ, P_DEL, P_INS, P_MOVE };

/* A display line that holds a change, or a line break or hidden change of
 * one text only (not visible: it makes no hunk, but moves the counts). */
struct chline {
	size_t line;
	int visible;
	size_t old0, new0; /* old/new line counts where it starts */
	size_t old1, new1; /* ... and where the next line starts */
};

struct hunk {
	size_t first, last; /* display lines */
	size_t old0, old1, new0, new1;
};

struct tw {
	const struct rd_render_opts *o;
	struct rd_out out;
	int print;        /* second pass */
	size_t line;      /* current display line */
	size_t oldno, newno; /* old/new lines completed so far */
	size_t ls_old, ls_new; /* the same at the current line's start */
	int line_open;    /* porcelain: a "+x" line is open */
	int porcelain_kind;
	int at_bol;       /* the output is at the start of a line */
	/* first pass */
	struct chline *ch;
	size_t nch, chcap;
	int line_changed;
	/* second pass */
	struct hunk *h;
	size_t nh, hi;
	int show;         /* the current line is printed */
	/* moves: where the new text's lines start (index_lines) */
	int lines_indexed;
	uint32_t *starts; /* line starts of the new text */
	size_t nstarts;
	int starts_borrowed; /* the engine's (d->b_lines), not ours to free */
	const char *b;       /* the new text, for skip_lines */
	size_t blen;
};

static int shown(struct tw *t)
{
	return t->print && t->show;
}

static void emit(struct tw *t, const char *s, size_t n)
{
	if (shown(t) && n) {
		rd_out(&t->out, s, n);
		t->at_bol = 0;
	}
}

static void emits(struct tw *t, const char *s)
{
	emit(t, s, strlen(s));
}

/* Appends the decimal digits of v: hunk headers are many, and printf()
 * costs more than the rest of a header. */
static void put_num(struct rd_buf *b, size_t v)
{
	char d[24];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	rd_buf_put(b, d + i, sizeof(d) - i);
}

static void put_header(struct tw *t, const struct hunk *h)
{
	struct rd_buf b = RD_BUF_INIT;
	int color = t->o->format == RD_FORMAT_COLOR;
	size_t oc = h->old1 - h->old0, nc = h->new1 - h->new0;

	rd_buf_puts(&b, color ? C_META "@@ -" : "@@ -");
	put_num(&b, oc ? h->old0 + 1 : h->old0);
	if (oc != 1) {
		rd_buf_putc(&b, ',');
		put_num(&b, oc);
	}
	rd_buf_puts(&b, " +");
	put_num(&b, nc ? h->new0 + 1 : h->new0);
	if (nc != 1) {
		rd_buf_putc(&b, ',');
		put_num(&b, nc);
	}
	rd_buf_puts(&b, color ? " @@" C_RESET "\n" : " @@\n");
	rd_out(&t->out, b.ptr, b.len);
	rd_buf_release(&b);
}

/* A new display line starts: in the second pass, decide whether it is
 * printed, and print a hunk's header before its first line. */
static void line_start(struct tw *t)
{
	t->ls_old = t->oldno;
	t->ls_new = t->newno;
	t->line_changed = 0;
	if (!t->print)
		return;
	while (t->hi < t->nh && t->line > t->h[t->hi].last)
		t->hi++;
	t->show = t->hi < t->nh && t->line >= t->h[t->hi].first;
	if (t->show && t->line == t->h[t->hi].first && t->o->context >= 0)
		put_header(t, &t->h[t->hi]);
}

static void mark_line(struct tw *t, int visible)
{
	if (t->print)
		return;
	if (t->line_changed) {
		t->ch[t->nch - 1].visible |= visible;
		return;
	}
	rd_grow((void **)&t->ch, &t->chcap, t->nch + 1, sizeof(*t->ch));
	t->ch[t->nch++] = (struct chline){ t->line, visible, t->ls_old, t->ls_new, 0, 0 };
	t->line_changed = 1;
}

static void mark_changed(struct tw *t)
{
	mark_line(t, 1);
}

/* A display newline: ends the current line. */
static void newline(struct tw *t, int old_inc, int new_inc)
{
	if (t->o->format == RD_FORMAT_PORCELAIN) {
		if (t->line_open)
			emit(t, "\n", 1);
		t->line_open = 0;
		emit(t, "~\n", 2);
	} else {
		emit(t, "\n", 1);
	}
	t->at_bol = 1;
	/* a line break of one text only is part of a change, even when it
	 * prints as plain whitespace */
	if (old_inc != new_inc)
		mark_line(t, 0);
	t->oldno += old_inc;
	t->newno += new_inc;
	if (!t->print && t->line_changed) {
		t->ch[t->nch - 1].old1 = t->oldno;
		t->ch[t->nch - 1].new1 = t->newno;
	}
	t->line++;
	line_start(t);
}


/* `lines` whole lines of equal text passed at once, where newline()
 * would do no more on each than move the counters together. */
static void pass_lines(struct tw *t, size_t lines)
{
	t->at_bol = 1;
	t->oldno += lines;
	t->newno += lines;
	t->line += lines;
	if (t->print)
		line_start(t);
	else
		t->ls_old = t->oldno, t->ls_new = t->newno;
}

/* The bytes that can start a marker sequence or an escape. */
static const unsigned char seq_start[256] = {
	['['] = 1, ['{'] = 1, ['-'] = 1, ['+'] = 1, ['~'] = 1, ['\\'] = 1,
};

/* Plain text with the four marker sequences escaped (see --help). */
static void put_escaped(struct tw *t, const char *s, size_t n)
{
	size_t i, from = 0;

	if (t->o->format != RD_FORMAT_PLAIN) {
		emit(t, s, n);
		return;
	}
	for (i = 0; i + 1 < n; i++) {
		char c, nx;
#ifdef __SSE2__
		/* most bytes are none of the six that can start a sequence:
		 * pass sixteen at a time */
		while (i + 17 <= n) {
			__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i hit = _mm_or_si128(
				_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('[')),
							  _mm_cmpeq_epi8(w, _mm_set1_epi8('{'))),
					     _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('-')),
							  _mm_cmpeq_epi8(w, _mm_set1_epi8('+')))),
				_mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('~')),
					     _mm_cmpeq_epi8(w, _mm_set1_epi8('\\'))));
			unsigned m = (unsigned)_mm_movemask_epi8(hit);
			if (m) {
				i += (size_t)__builtin_ctz(m);
				break;
			}
			i += 16;
		}
		if (i + 1 >= n)
			break;
#endif
		c = s[i];
		if (!seq_start[(unsigned char)c])
			continue;
		nx = s[i + 1];
		if (!((c == '[' && (nx == '-' || nx == '~')) ||
		      (c == '{' && (nx == '+' || nx == '~')) ||
		      (c == '-' && nx == ']') || (c == '+' && nx == '}') ||
		      (c == '~' && (nx == ']' || nx == '}')) ||
		      (c == '\\' && nx && strchr("\\-+~]}", nx))))
			continue;
		emit(t, s + from, i + 1 - from);
		emit(t, "\\", 1);
		from = i + 1;
	}
	emit(t, s + from, n - from);
}

static void porcelain_open(struct tw *t, enum piece k)
{
	static const char prefix[] = { ' ', '-', '+', '+' };

	if (t->line_open && t->porcelain_kind == (int)k)
		return;
	if (t->line_open)
		emit(t, "\n", 1);
	emit(t, &prefix[k], 1);
	t->line_open = 1;
	t->porcelain_kind = k;
}

static const char *open_seq(struct tw *t, enum piece k, int trivial)
{
	if (t->o->format == RD_FORMAT_COLOR)
		return k == P_MOVE ? C_MOVE : k == P_DEL ? (trivial ? C_TDEL : C_DEL)
			: (trivial ? C_TINS : C_INS);
	return k == P_MOVE ? "{~" : k == P_DEL ? "[-" : "{+";
}

static const char *close_seq(struct tw *t, enum piece k)
{
	if (t->o->format == RD_FORMAT_COLOR)
		return C_RESET;
	return k == P_MOVE ? "~}" : k == P_DEL ? "-]" : "+}";
}

static size_t line_of_b(const struct tw *t, size_t pos);

/* rd_skip_lines() on equal text s: where s lies in the new text and the
 * engine kept that text's line starts (a large text), two binary searches
 * in them instead of a look at every byte of a long run of lines. */
static size_t skip_lines(const struct tw *t, const char *s, size_t n, size_t max, size_t *k)
{
	uintptr_t p = (uintptr_t)s, b = (uintptr_t)t->b;

	/* short text (a line or a few, or none wanted) is scanned sooner
	 * than searched */
	if (!t->starts_borrowed || n < 1024 || !max || p < b || p + n > b + t->blen)
		return rd_skip_lines(s, n, max, k);
	size_t pos = p - b, j0 = line_of_b(t, pos), c = line_of_b(t, pos + n) - j0;
	/* the starts in (pos, pos + n] follow the newlines in [pos, pos + n) */
	*k = c < max ? c : max;
	return *k ? t->starts[j0 + *k - 1] - pos : 0;
}

/* Text shown as kind k, split at newlines; each newline counts as an old
 * line, a new line, or both, as the bytes belong to either text. */
static void put_text(struct tw *t, enum piece k, int trivial, const char *s, size_t n,
		     int old_inc, int new_inc)
{
	int porcelain = t->o->format == RD_FORMAT_PORCELAIN;

	if (k == P_EQ && old_inc && new_inc && !shown(t)) {
		/* Equal text on lines not printed: whole lines at a time. */
		const char *nl = memchr(s, '\n', n);
		if (!nl)
			return;
		newline(t, 1, 1);
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
		if (n && !shown(t) && (t->print || !t->line_changed)) {
			/* Lines between changes, where the counters move together:
			 * all of them in the first pass; in the second, those
			 * before the next hunk's first line (line_start() does
			 * nothing else on them). */
			size_t max = SIZE_MAX, k, skip;
			if (t->print && t->hi < t->nh)
				max = t->h[t->hi].first - t->line;
			skip = skip_lines(t, s, n, max, &k);
			if (k) {
				pass_lines(t, k);
				n -= skip;
				s += skip;
			}
		}
	}
	while (n) {
		if (k == P_EQ && old_inc && new_inc && t->print && !t->show) {
			/* Equal lines after a hunk, in the second pass: passed
			 * up to the next hunk's first line, as above. */
			size_t max = t->hi < t->nh ? t->h[t->hi].first - t->line : SIZE_MAX, lines;
			size_t len = skip_lines(t, s, n, max, &lines);
			if (lines) {
				if (porcelain)
					t->line_open = 0;
				pass_lines(t, lines);
				s += len;
				n -= len;
				continue;
			}
		}
		if (k == P_EQ && old_inc && new_inc && !porcelain && shown(t) &&
		    t->h[t->hi].last > t->line) {
			/* Equal lines inside a hunk, before its last: one block
			 * (no marker sequence spans a newline, so escaping it
			 * whole is escaping it line by line), the counters moved
			 * once; newline() would do no more on each. */
			size_t lines, len = skip_lines(t, s, n, t->h[t->hi].last - t->line, &lines);
			if (lines) {
				put_escaped(t, s, len);
				pass_lines(t, lines);
				s += len;
				n -= len;
				continue;
			}
		}
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		if (k != P_EQ)
			mark_changed(t);
		if (len && shown(t)) {
			if (porcelain) {
				porcelain_open(t, k);
				emit(t, s, len);
			} else if (k == P_EQ) {
				put_escaped(t, s, len);
			} else {
				emits(t, open_seq(t, k, trivial));
				put_escaped(t, s, len);
				emits(t, close_seq(t, k));
			}
		}
		if (!nl)
			break;
		newline(t, old_inc, new_inc);
		s += len + 1;
		n -= len + 1;
	}
}

/* A whitespace-only change, made visible: glyphs inside the markers; an
 * inserted newline also breaks the line, so output follows the new text. */
static void put_space_change(struct tw *t, enum piece k, const char *s, size_t n)
{
	size_t nl = 0;

	mark_changed(t);
	emits(t, open_seq(t, k, 1));
	for (size_t i = 0; i < n; i++) {
		/* multi-byte spaces (NBSP) show as one glyph */
		if ((unsigned char)s[i] >= 0x80 && ((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		emits(t, rd_space_glyph(s[i]));
		nl += s[i] == '\n';
	}
	emits(t, close_seq(t, k));
	for (size_t i = 0; i < nl; i++) {
		if (k == P_INS)
			newline(t, 0, 1);
		else
			t->oldno++;
	}
}

/* Whitespace by Unicode: NBSP and the other spaces too. */
static size_t space_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n && rd_is_space(s[0]))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
		return 3;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

static int all_space(const char *s, size_t n)
{
	size_t k;

	while (n && (k = space_len(s, n))) {
		s += k;
		n -= k;
	}
	return n == 0;
}

/* Where the new text's lines start, for naming the line a move went to. */
static void index_lines(struct tw *t, const struct rd_diff *d)
{
	if (t->lines_indexed)
		return;
	t->lines_indexed = 1;
	if (d->b_lines) {
		t->starts = d->b_lines;
		t->nstarts = d->nb_lines;
		t->starts_borrowed = 1;
	} else {
		t->nstarts = rd_line_starts(&t->starts, d->b, d->blen);
	}
}

/* 1-based line of byte `pos` of the new text: the lines starting at or
 * before it. */
static size_t line_of_b(const struct tw *t, size_t pos)
{
	size_t lo = 0, hi = t->nstarts;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->starts[mid] <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The op at the other end of a move, or NULL. */
static const struct rd_op *partner_op(struct tw *t, const struct rd_diff *d,
				      const struct rd_op *op)
{
	index_lines(t, d);
	return op->partner_op && op->partner_op <= d->nops ? &d->ops[op->partner_op - 1] : NULL;
}

/* Where moved text was: a marker naming the line it went to. */
static void put_move_source(struct tw *t, const struct rd_diff *d, const struct rd_op *op)
{
	const struct rd_op *to = partner_op(t, d, op);
	struct rd_buf m = RD_BUF_INIT;
	size_t pos = to ? to->b_start : op->b_start;

	while (to && pos < to->b_end && rd_is_space(d->b[pos]))
		pos++;
	mark_changed(t);
	if (t->o->format == RD_FORMAT_COLOR)
		rd_buf_printf(&m, "%smoved to line %zu%s", C_MOVE, line_of_b(t, pos), C_RESET);
	else
		rd_buf_printf(&m, "[~moved to line %zu~]", line_of_b(t, pos));
	emit(t, m.ptr, m.len);
	rd_buf_release(&m);
	for (size_t i = op->a_start; i < op->a_end; i++)
		t->oldno += d->a[i] == '\n';
	/* a paragraph that moved away leaves its marker on a line of its own */
	if (op->a_end > op->a_start && d->a[op->a_end - 1] == '\n')
		newline(t, 0, 0);
}

/* Bytes [s, e) of a piece, cut to [lo, hi). */
static void put_clipped(struct tw *t, enum piece k, const char *text, size_t s, size_t e,
			size_t lo, size_t hi, int in_new)
{
	s = s < lo ? lo : s;
	e = e > hi ? hi : e;
	if (s < e)
		put_text(t, k, 0, text + s, e - s, 0, in_new);
}

/* Where moved text is now: the text, with its word diff against where it
 * came from (rd_diff_move_inner), the whitespace around it shown as it is. */
static void put_move_target(struct tw *t, const struct rd_diff *d, const struct rd_op *op)
{
	const struct rd_op *from = partner_op(t, d, op);
	const struct rd_diff *inner = from ? rd_diff_move_inner(d, (size_t)(op - d->ops)) : NULL;
	const char *s = d->b + op->b_start, *o;
	size_t n = op->b_end - op->b_start, lead = 0, trail = 0, on, olead = 0, otrail = 0;

	while (lead < n && rd_is_space(s[lead]))
		lead++;
	while (trail < n - lead && rd_is_space(s[n - 1 - trail]))
		trail++;
	put_text(t, P_EQ, 0, s, lead, 0, 1);
	if (!inner) {
		put_text(t, P_MOVE, 0, s + lead, n - lead - trail, 0, 1);
	} else {
		o = d->a + from->a_start;
		on = from->a_end - from->a_start;
		while (olead < on && rd_is_space(o[olead]))
			olead++;
		while (otrail < on - olead && rd_is_space(o[on - 1 - otrail]))
			otrail++;
		for (size_t i = 0; i < inner->nops; i++) {
			const struct rd_op *x = &inner->ops[i];
			if (x->kind == RD_OP_DELETE)
				put_clipped(t, P_DEL, o, x->a_start, x->a_end, olead, on - otrail, 0);
			else
				put_clipped(t, x->kind == RD_OP_EQUAL ? P_MOVE : P_INS, s, x->b_start,
					    x->b_end, lead, n - trail, 1);
		}
	}
	put_text(t, P_EQ, 0, s + n - trail, trail, 0, 1);
}

static void put_op(struct tw *t, const struct rd_diff *d, const struct rd_op *op)
{
	enum piece k = op->kind == RD_OP_EQUAL ? P_EQ : op->kind == RD_OP_DELETE ? P_DEL : P_INS;
	int trivial = op->cls != RD_CLASS_NONE && op->cls < RD_CLASS_SPELLING;
	int in_old = k != P_INS, in_new = k != P_DEL;
	const char *s = in_new ? d->b + op->b_start : d->a + op->a_start;
	size_t n = in_new ? op->b_end - op->b_start : op->a_end - op->a_start;

	if (k == P_EQ) {
		put_text(t, P_EQ, 0, s, n, 1, 1);
		return;
	}
	if (rd_op_hidden(op, t->o->hide) ||
	    (op->cls == RD_CLASS_WHITESPACE && t->o->format == RD_FORMAT_PORCELAIN) ||
	    (op->cls == RD_CLASS_MOVED && !op->partner_op && t->o->format != RD_FORMAT_PORCELAIN)) {
		/* (the last: whitespace beside a move, shown with it) */
		/* Not shown: the output follows the new text, as git's
		 * porcelain does for whitespace. */
		if (k == P_INS) {
			put_text(t, P_EQ, 0, s, n, 0, 1);
		} else if (memchr(s, '\n', n)) {
			mark_line(t, 0);
			for (size_t i = 0; i < n; i++)
				t->oldno += s[i] == '\n';
		}
		return;
	}
	if (op->cls == RD_CLASS_MOVED && op->partner_op && t->o->format != RD_FORMAT_PORCELAIN) {
		if (k == P_DEL)
			put_move_source(t, d, op);
		else
			put_move_target(t, d, op);
		return;
	}
	/* Porcelain prints the whitespace at either end of a change outside
	 * its markers, on the context lines, as git prints it.  Plain and
	 * color keep it inside, so that no space shows that one text lacks
	 * (`{+x +}b`, not `{+x+} b`); only line breaks, which no marker
	 * spans, and the indentation after them stay outside. */
	size_t lead = 0, trail = 0;
	while (lead < n && rd_is_space(s[lead]))
		lead++;
	if (lead == n && t->o->format == RD_FORMAT_PORCELAIN) {
		put_text(t, k, trivial, s, n, in_old, in_new);
		return;
	}
	if (lead == n || all_space(s, n)) {
		put_space_change(t, k, s, n);
		return;
	}
	while (rd_is_space(s[n - 1 - trail]))
		trail++;
	if (t->o->format != RD_FORMAT_PORCELAIN) {
		const char *nl = lead ? memrchr(s, '\n', lead) : NULL;
		lead = nl ? (size_t)(nl - s) + 1 : 0;
		nl = trail ? memchr(s + n - trail, '\n', trail) : NULL;
		trail = nl ? (size_t)(s + n - nl) : 0;
	}
	put_text(t, P_EQ, 0, s, lead, in_old, in_new);
	put_text(t, k, trivial, s + lead, n - lead - trail, in_old, in_new);
	put_text(t, P_EQ, 0, s + n - trail, trail, in_old, in_new);
}

static void walk(struct tw *t, const struct rd_diff *d)
{
	t->line = 0;
	t->at_bol = 1;
	t->oldno = t->newno = 0;
	t->line_open = 0;
	t->hi = 0;
	line_start(t);
	for (size_t i = 0; i < d->nops; i++)
		put_op(t, d, &d->ops[i]);
	if (t->line_open)
		emit(t, "\n", 1);
	else if (shown(t) && t->o->format != RD_FORMAT_PORCELAIN && !t->at_bol)
		rd_out(&t->out, "\n", 1); /* the text did not end with a newline */
}

/* Old and new line counts where display line `line` starts: lines after
 * the last recorded one add one to each. */
static void counts_at(const struct tw *t, size_t line, size_t *o, size_t *n)
{
	size_t lo = 0, hi = t->nch;

	while (lo < hi) { /* first record at or after line */
		size_t mid = (lo + hi) / 2;
		if (t->ch[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nch && t->ch[lo].line == line) {
		*o = t->ch[lo].old0;
		*n = t->ch[lo].new0;
	} else if (lo) {
		const struct chline *c = &t->ch[lo - 1];
		*o = c->old1 + (line - 1 - c->line);
		*n = c->new1 + (line - 1 - c->line);
	} else {
		*o = *n = line;
	}
}

/* Hunks from the visibly changed lines: `ctx` lines around each, merged
 * where they touch, as git's hunks. */
static void make_hunks(struct tw *t, const struct rd_diff *d, long ctx)
{
	size_t nlines = t->line + 1;
	size_t old_total = t->oldno + (d->alen && d->a[d->alen - 1] != '\n');
	size_t new_total = t->newno + (d->blen && d->b[d->blen - 1] != '\n');

	if (t->nch && t->line_changed) { /* the last line had no newline */
		t->ch[t->nch - 1].old1 = old_total;
		t->ch[t->nch - 1].new1 = new_total;
	}
	t->h = rd_malloc((t->nch + 1) * sizeof(*t->h));
	t->nh = 0;
	for (size_t i = 0; i < t->nch; i++) {
		const struct chline *c = &t->ch[i];
		if (!c->visible)
			continue;
		size_t first = ctx < 0 ? 0 : c->line > (size_t)ctx ? c->line - (size_t)ctx : 0;
		size_t last = ctx < 0 || c->line + (size_t)ctx >= nlines ? nlines - 1 : c->line + (size_t)ctx;
		if (t->nh && first <= t->h[t->nh - 1].last + 1) {
			t->h[t->nh - 1].last = last;
			continue;
		}
		t->h[t->nh++] = (struct hunk){ first, last, 0, 0, 0, 0 };
	}
	for (size_t i = 0; i < t->nh; i++) {
		struct hunk *h = &t->h[i];
		counts_at(t, h->first, &h->old0, &h->new0);
		if (h->last + 1 >= nlines) {
			h->old1 = old_total;
			h->new1 = new_total;
		} else {
			counts_at(t, h->last + 1, &h->old1, &h->new1);
			if (h->old1 > old_total)
				h->old1 = old_total;
			if (h->new1 > new_total)
				h->new1 = new_total;
		}
	}
}

int rd_render_text(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx)
{
	struct tw t;
	int err;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.out.w = w;
	t.out.ctx = ctx;
	t.b = d->b;
	t.blen = d->blen;
	if (d->b_lines) /* borrowed: costs nothing */
		index_lines(&t, d);

	walk(&t, d);
	make_hunks(&t, d, o->context);
	if (t.nh) {
		if (o->format == RD_FORMAT_PORCELAIN && o->from && o->to) {
			struct rd_buf h = RD_BUF_INIT;
			/* git writes a/tmp/x for /tmp/x */
			const char *fa = o->from->name, *fb = o->to->name;
			char *qa = rd_quote_name(fa + (*fa == '/')), *qb = rd_quote_name(fb + (*fb == '/'));
			/* an added or removed file's other side is /dev/null, as in git */
			rd_buf_printf(&h, "--- %s%s\n+++ %s%s\n", strcmp(fa, "/dev/null") ? "a/" : "",
				      strcmp(fa, "/dev/null") ? qa : fa, strcmp(fb, "/dev/null") ? "b/" : "",
				      strcmp(fb, "/dev/null") ? qb : fb);
			free(qa);
			free(qb);
			rd_out(&t.out, h.ptr, h.len);
			rd_buf_release(&h);
		}
		t.print = 1;
		walk(&t, d);
	}
	err = rd_out_flush(&t.out);
	rd_buf_release(&t.out.buf);
	free(t.ch);
	free(t.h);
	if (!t.starts_borrowed)
		free(t.starts);
	return err;
}
