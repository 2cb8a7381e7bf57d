/*
 * render_text.c - the line-oriented formats: plain markers, color, and
 * git's --word-diff=porcelain.
 *
 * Two passes over the ops.  The first measures: it splits the merged text
 * into display lines and notes which lines hold a change and the old/new
 * line numbers where each starts.  The second prints the lines within
 * `context` of a change, each group under a "@@ -a,b +c,d @@" header as git
 * prints them.
 *
 * Moved text shows once: a "[~moved to line N~]" marker where it was, and
 * at its new place "{~text~}" with the word diff against its old self
 * inside.  Porcelain has no moves: it prints them as a delete and an insert.
 */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

#define C_DEL "\033[31m"
#define C_INS "\033[32m"
#define C_TDEL "\033[9;33m" /* trivial classes: yellow, the old struck out */
#define C_TINS "\033[33m"
#define C_META "\033[36m"
#define C_MOVE "\033[34m"
#define C_RESET "\033[m"

enum piece { P_EQ, P_DEL, P_INS, P_MOVE };

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

struct tw {
	const struct rd_render_opts *o;
	struct rd_out out;
	int print;        /* second pass */
	size_t line;      /* current display line */
	size_t oldno, newno; /* line numbers at the current position (0-based) */
	int line_open;    /* porcelain: a "+x" line is open */
	int porcelain_kind;
	int at_bol;       /* the output is at the start of a line */
	/* first pass */
	unsigned char *changed;
	size_t *oldat, *newat;
	size_t cap;
	/* second pass */
	const unsigned char *show;
	size_t nlines;
	/* moves: the first op of each change */
	size_t *change_op;
};

static int shown(struct tw *t)
{
	return t->print && t->show[t->line];
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

static void line_start(struct tw *t)
{
	if (t->print) {
		/* a hunk header before the first shown line of each group */
		if (t->o->context >= 0 && t->show[t->line] &&
		    (t->line == 0 || !t->show[t->line - 1])) {
			size_t end = t->line;
			while (end < t->nlines && t->show[end])
				end++;
			size_t os = t->oldat[t->line], oe = t->oldat[end];
			size_t ns = t->newat[t->line], ne = t->newat[end];
			struct rd_buf h = RD_BUF_INIT;
			int color = t->o->format == RD_FORMAT_COLOR;
			rd_buf_printf(&h, "%s@@ -%zu", color ? C_META : "", oe > os ? os + 1 : os);
			if (oe - os != 1)
				rd_buf_printf(&h, ",%zu", oe - os);
			rd_buf_printf(&h, " +%zu", ne > ns ? ns + 1 : ns);
			if (ne - ns != 1)
				rd_buf_printf(&h, ",%zu", ne - ns);
			rd_buf_printf(&h, " @@%s\n", color ? C_RESET : "");
			rd_out(&t->out, h.ptr, h.len);
			rd_buf_release(&h);
		}
		return;
	}
	rd_grow((void **)&t->changed, &t->cap, t->line + 2, 1);
	t->oldat = rd_realloc(t->oldat, t->cap * sizeof(*t->oldat));
	t->newat = rd_realloc(t->newat, t->cap * sizeof(*t->newat));
	t->changed[t->line] = 0;
	t->oldat[t->line] = t->oldno;
	t->newat[t->line] = t->newno;
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
	t->oldno += old_inc;
	t->newno += new_inc;
	t->line++;
	line_start(t);
}

static void mark_changed(struct tw *t)
{
	if (!t->print)
		t->changed[t->line] = 1;
}

/* Plain text with the four marker sequences escaped (see --help). */
static void put_escaped(struct tw *t, const char *s, size_t n)
{
	size_t i, from = 0;

	if (t->o->format != RD_FORMAT_PLAIN) {
		emit(t, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		char c = s[i], nx = i + 1 < n ? s[i + 1] : 0;
		int esc = (c == '[' && (nx == '-' || nx == '~')) ||
			  (c == '{' && (nx == '+' || nx == '~')) ||
			  (c == '-' && nx == ']') || (c == '+' && nx == '}') ||
			  (c == '~' && (nx == ']' || nx == '}')) ||
			  (c == '\\' && nx && strchr("\\-+~]}", nx));
		if (!esc)
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

/* Text shown as kind k, split at newlines; each newline counts as an old
 * line, a new line, or both, as the bytes belong to either text. */
static void put_text(struct tw *t, enum piece k, int trivial, const char *s, size_t n,
		     int old_inc, int new_inc)
{
	int porcelain = t->o->format == RD_FORMAT_PORCELAIN;

	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		if (k != P_EQ)
			mark_changed(t);
		if (len) {
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

static const char *glyph(char c)
{
	switch (c) {
	case ' ': return "\xc2\xb7";      /* middle dot */
	case '\t': return "\xe2\x86\x92"; /* rightwards arrow */
	case '\n': return "\xe2\x86\xb5"; /* downwards arrow with corner */
	case '\r': return "\xe2\x90\x8d"; /* symbol for carriage return */
	default: return "\xe2\x90\xa3";   /* open box */
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
		emits(t, glyph(s[i]));
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

	if (n && is_space(s[0]))
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

/* The first op of each change, for finding a move's other end. */
static void index_moves(struct tw *t, const struct rd_diff *d)
{
	if (t->change_op)
		return;
	t->change_op = rd_calloc(d->nchanges + 2, sizeof(*t->change_op));
	for (size_t i = d->nops; i-- > 0;)
		if (d->ops[i].change <= d->nchanges)
			t->change_op[d->ops[i].change] = i;
}

/* 1-based line of byte `pos` of the new text. */
static size_t line_of_b(const struct rd_diff *d, size_t pos)
{
	size_t n = 1;

	/* NEEDSWORK: linear; fine for the few moves a diff has */
	for (const char *p = d->b, *e = d->b + pos; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		n++;
	return n;
}

/* The partner change's op of `kind`, or NULL. */
static const struct rd_op *partner_op(struct tw *t, const struct rd_diff *d,
				      const struct rd_op *op, int kind)
{
	index_moves(t, d);
	if (op->partner > d->nchanges)
		return NULL;
	for (size_t i = t->change_op[op->partner]; i < d->nops && d->ops[i].change == op->partner; i++)
		if (d->ops[i].kind == kind)
			return &d->ops[i];
	return NULL;
}

/* Where moved text was: a marker naming the line it went to. */
static void put_move_source(struct tw *t, const struct rd_diff *d, const struct rd_op *op)
{
	const struct rd_op *to = partner_op(t, d, op, RD_OP_INSERT);
	struct rd_buf m = RD_BUF_INIT;
	size_t pos = to ? to->b_start : op->b_start;

	while (to && pos < to->b_end && is_space(d->b[pos]))
		pos++;
	mark_changed(t);
	if (t->o->format == RD_FORMAT_COLOR)
		rd_buf_printf(&m, "%smoved to line %zu%s", C_MOVE, line_of_b(d, pos), C_RESET);
	else
		rd_buf_printf(&m, "[~moved to line %zu~]", line_of_b(d, pos));
	emit(t, m.ptr, m.len);
	rd_buf_release(&m);
	for (size_t i = op->a_start; i < op->a_end; i++)
		t->oldno += d->a[i] == '\n';
	/* a paragraph that moved away leaves its marker on a line of its own */
	if (op->a_end > op->a_start && d->a[op->a_end - 1] == '\n')
		newline(t, 0, 0);
}

/* Where moved text is now: the text, with its word diff against where it
 * came from. */
static void put_move_target(struct tw *t, const struct rd_diff *d, const struct rd_op *op)
{
	const struct rd_op *from = partner_op(t, d, op, RD_OP_DELETE);
	const char *s = d->b + op->b_start, *o;
	size_t n = op->b_end - op->b_start, lead = 0, trail = 0, on, olead = 0, otrail = 0;
	struct rd_diff *inner = NULL;

	while (lead < n && is_space(s[lead]))
		lead++;
	while (trail < n - lead && is_space(s[n - 1 - trail]))
		trail++;
	put_text(t, P_EQ, 0, s, lead, 0, 1);
	if (from) {
		o = d->a + from->a_start;
		on = from->a_end - from->a_start;
		while (olead < on && is_space(o[olead]))
			olead++;
		while (otrail < on - olead && is_space(o[on - 1 - otrail]))
			otrail++;
		if (rd_diff_texts(&inner, o + olead, on - olead - otrail, s + lead,
				  n - lead - trail, NULL) < 0)
			inner = NULL;
	}
	if (!inner) {
		put_text(t, P_MOVE, 0, s + lead, n - lead - trail, 0, 1);
	} else {
		for (size_t i = 0; i < inner->nops; i++) {
			const struct rd_op *x = &inner->ops[i];
			if (x->kind == RD_OP_DELETE)
				put_text(t, P_DEL, 0, inner->a + x->a_start, x->a_end - x->a_start, 0, 0);
			else
				put_text(t, x->kind == RD_OP_EQUAL ? P_MOVE : P_INS, 0,
					 inner->b + x->b_start, x->b_end - x->b_start, 0, 1);
		}
		rd_diff_free(inner);
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
	    (op->cls == RD_CLASS_WHITESPACE && t->o->format == RD_FORMAT_PORCELAIN)) {
		/* Not shown: the output follows the new text, as git's
		 * porcelain does for whitespace. */
		if (k == P_INS)
			put_text(t, P_EQ, 0, s, n, 0, 1);
		else
			for (size_t i = 0; i < n; i++)
				t->oldno += s[i] == '\n';
		return;
	}
	if (op->cls == RD_CLASS_MOVED && op->partner && t->o->format != RD_FORMAT_PORCELAIN) {
		if (k == P_DEL)
			put_move_source(t, d, op);
		else
			put_move_target(t, d, op);
		return;
	}
	/* Whitespace at either end of a change prints outside its markers
	 * (in porcelain, on the context lines, as git prints it). */
	size_t lead = 0, trail = 0;
	while (lead < n && is_space(s[lead]))
		lead++;
	if (lead == n && t->o->format == RD_FORMAT_PORCELAIN) {
		put_text(t, k, trivial, s, n, in_old, in_new);
		return;
	}
	if (lead == n || all_space(s, n)) {
		put_space_change(t, k, s, n);
		return;
	}
	while (is_space(s[n - 1 - trail]))
		trail++;
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
	line_start(t);
	for (size_t i = 0; i < d->nops; i++)
		put_op(t, d, &d->ops[i]);
	if (t->line_open)
		emit(t, "\n", 1);
	else if (t->print && t->o->format != RD_FORMAT_PORCELAIN && t->line < t->nlines &&
		 t->show[t->line] && !t->at_bol)
		rd_out(&t->out, "\n", 1); /* the text did not end with a newline */
}

int rd_render_text(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx)
{
	struct tw t;
	unsigned char *show = NULL;
	size_t i, any = 0;
	int err;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.out.w = w;
	t.out.ctx = ctx;

	walk(&t, d);
	t.nlines = t.line + 1;
	/* where the text ends, for the last hunk's counts */
	rd_grow((void **)&t.changed, &t.cap, t.nlines + 1, 1);
	t.oldat = rd_realloc(t.oldat, t.cap * sizeof(*t.oldat));
	t.newat = rd_realloc(t.newat, t.cap * sizeof(*t.newat));
	t.oldat[t.nlines] = t.oldno + (d->alen && d->a[d->alen - 1] != '\n');
	t.newat[t.nlines] = t.newno + (d->blen && d->b[d->blen - 1] != '\n');

	show = rd_calloc(t.nlines + 1, 1);
	for (i = 0; i < t.nlines; i++) {
		if (!t.changed[i])
			continue;
		any = 1;
		if (o->context < 0)
			break;
		size_t lo = i > (size_t)o->context ? i - (size_t)o->context : 0;
		size_t hi = i + (size_t)o->context;
		for (size_t j = lo; j <= hi && j < t.nlines; j++)
			show[j] = 1;
	}
	if (any && o->context < 0)
		memset(show, 1, t.nlines);
	if (any) {
		if (o->format == RD_FORMAT_PORCELAIN && o->from && o->to) {
			struct rd_buf h = RD_BUF_INIT;
			rd_buf_printf(&h, "--- a/%s\n+++ b/%s\n", o->from->name, o->to->name);
			rd_out(&t.out, h.ptr, h.len);
			rd_buf_release(&h);
		}
		t.print = 1;
		t.show = show;
		walk(&t, d);
	}
	err = rd_out_flush(&t.out);
	rd_buf_release(&t.out.buf);
	free(show);
	free(t.changed);
	free(t.oldat);
	free(t.newat);
	free(t.change_op);
	return err;
}
