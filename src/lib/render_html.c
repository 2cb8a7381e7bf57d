/*
 * render_html.c - one self-contained HTML page per diff, or one section of
 * a page holding several (log): the two sides, the summary with the change
 * classes, and the word diff twice, inline and side by side, the way
 * MediaWiki's diff view shows an edit.
 *
 * Self-contained: the style is inline, there is no script, no font, no
 * image and no link out; a Content-Security-Policy forbids all of them too,
 * in case escaping ever failed.  The page around the rows, and escaping,
 * are render_html_page.c's.
 *
 * Rows: the side-by-side table is aligned on the newlines both texts share
 * (those in equal ops).  A change that only inserts (or only deletes) also
 * ends rows at its own newlines while the other side of the row is still
 * empty, so an inserted paragraph gets a row of its own against an empty
 * cell.  Three walks over the ops: the first marks the rows that hold a
 * visible change, the second prints the rows within `context` inline, the
 * third as the table.
 */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

enum side { OLD = 0, NEW = 1 };
enum pass { MEASURE, INLINE, SIDES };
enum piece { P_EQ, P_DEL, P_INS };

struct hw {
	const struct rd_diff *d;
	const struct rd_render_opts *o;
	struct rd_out out;
	enum pass pass;
	size_t row, nrows;
	size_t lineno[2];     /* lines of each text before the current position */
	int has[2];           /* the row holds bytes of this side */
	int one_sided;        /* the current change only inserts or only deletes */
	int edge;             /* printing the whitespace around a change's marks */
	unsigned char *changed; /* MEASURE: rows holding a visible change */
	size_t cap;
	unsigned char *show;
	struct rd_buf cell[2]; /* the current row: INLINE uses cell[OLD] only */
};

/* ---- rows ---------------------------------------------------------------- */

static int printing(const struct hw *h)
{
	return h->pass != MEASURE && h->show[h->row];
}

static void row_begin(struct hw *h)
{
	struct rd_buf hb = RD_BUF_INIT;

	if (h->pass == MEASURE) {
		rd_grow((void **)&h->changed, &h->cap, h->row + 1, 1);
		h->changed[h->row] = 0;
		return;
	}
	if (!h->show[h->row] || h->o->context < 0 || (h->row > 0 && h->show[h->row - 1]))
		return;
	/* the first row of a group: where it starts in each text */
	if (h->pass == INLINE)
		rd_buf_printf(&hb, "<div class=\"hunk\">Line %zu \xe2\x86\x92 %zu</div>\n",
			      h->lineno[OLD] + 1, h->lineno[NEW] + 1);
	else
		rd_buf_printf(&hb, "<tr class=\"hunk\"><td class=\"old\">Line %zu"
			      "<span class=\"narrow\"> \xe2\x86\x92 %zu</span></td>"
			      "<td class=\"new\">Line %zu</td></tr>\n",
			      h->lineno[OLD] + 1, h->lineno[NEW] + 1, h->lineno[NEW] + 1);
	rd_out(&h->out, hb.ptr, hb.len);
	rd_buf_release(&hb);
}

/* Ends the row; `absent` is the side that has no line in it, or -1. */
static void row_end(struct hw *h, int absent)
{
	if (printing(h)) {
		struct rd_buf *c = h->cell;
		const char *ch = h->changed[h->row] ? " class=\"ch\"" : "";
		if (h->pass == INLINE) {
			rd_out(&h->out, "<div class=\"row\">", 17);
			rd_out(&h->out, c[OLD].ptr ? c[OLD].ptr : "", c[OLD].len);
			rd_out(&h->out, "</div>\n", 7);
		} else {
			struct rd_buf r = RD_BUF_INIT;
			rd_buf_printf(&r, "<tr%s><td class=\"old%s\">", ch, absent == OLD ? " none" : "");
			rd_buf_put(&r, c[OLD].ptr ? c[OLD].ptr : "", c[OLD].len);
			rd_buf_printf(&r, "</td><td class=\"new%s\">", absent == NEW ? " none" : "");
			rd_buf_put(&r, c[NEW].ptr ? c[NEW].ptr : "", c[NEW].len);
			rd_buf_puts(&r, "</td></tr>\n");
			rd_out(&h->out, r.ptr, r.len);
			rd_buf_release(&r);
		}
	}
	rd_buf_clear(&h->cell[OLD]);
	rd_buf_clear(&h->cell[NEW]);
	h->has[OLD] = h->has[NEW] = 0;
	h->row++;
	row_begin(h);
}

/* The cell a piece of `side` goes to in this pass, or NULL. */
static struct rd_buf *cell(struct hw *h, enum side s)
{
	if (!printing(h))
		return NULL;
	if (h->pass == INLINE)
		return &h->cell[OLD];
	return &h->cell[s];
}

static void open_tag(struct rd_buf *b, enum piece k, unsigned cls)
{
	const char *name = rd_class_name((enum rd_class)cls);

	rd_buf_printf(b, "<%s class=\"c-%s%s\" title=\"%s\">", k == P_DEL ? "del" : "ins", name,
		      cls < RD_CLASS_SPELLING ? " t" : "", name);
}

static void close_tag(struct rd_buf *b, enum piece k)
{
	rd_buf_puts(b, k == P_DEL ? "</del>" : "</ins>");
}

/*
 * A newline-free segment.  P_EQ goes to both sides; P_DEL and P_INS to
 * theirs, inside <del>/<ins> when `marked`, plain otherwise.  In the inline
 * view an unmarked deletion (a hidden class) is not shown at all.
 */
static void put_seg(struct hw *h, enum piece k, int marked, unsigned cls, const char *s, size_t n)
{
	struct rd_buf *b;

	if (!n)
		return;
	if (k != P_INS)
		h->has[OLD] = 1;
	if (k != P_DEL)
		h->has[NEW] = 1;
	if (marked && h->pass == MEASURE)
		h->changed[h->row] = 1;
	if (k == P_EQ) {
		if ((b = cell(h, OLD)))
			rd_html_text(b, s, n);
		if (h->pass == SIDES && (b = cell(h, NEW)))
			rd_html_text(b, s, n);
		return;
	}
	if (!(b = cell(h, k == P_DEL ? OLD : NEW)))
		return;
	/* inline, a hidden deletion is not shown, nor the whitespace around a
	 * replaced one (the insertion's stands for it) */
	if (h->pass == INLINE && k == P_DEL && !marked && !(h->edge && h->one_sided))
		return;
	if (marked)
		open_tag(b, k, cls);
	rd_html_text(b, s, n);
	if (marked)
		close_tag(b, k);
}

/* A newline of the old text (P_DEL), the new one (P_INS) or both (P_EQ). */
static void put_newline(struct hw *h, enum piece k, int inline_nl)
{
	enum side s = k == P_DEL ? OLD : NEW;
	struct rd_buf *b;

	if (k == P_EQ) {
		h->lineno[OLD]++;
		h->lineno[NEW]++;
		row_end(h, -1);
		return;
	}
	h->lineno[s]++;
	if (h->one_sided && !h->has[!s]) {
		row_end(h, (int)!s);
		return;
	}
	if ((b = cell(h, s)) && (h->pass == SIDES || inline_nl))
		rd_buf_putc(b, '\n');
}

static void put_text(struct hw *h, enum piece k, int marked, unsigned cls, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		put_seg(h, k, marked, cls, s, len);
		if (!nl)
			break;
		/* a line break deleted beside a replacement: inline follows the
		 * new text's lines, so the break shows as a glyph */
		if (h->pass == INLINE && k == P_DEL && !marked && h->edge && !h->one_sided &&
		    printing(h))
			rd_buf_puts(cell(h, OLD), "<del class=\"nl\" title=\"line break deleted\">"
				    "\xe2\x86\xb5</del>");
		/* a deleted newline shows inline only when the deletion does */
		put_newline(h, k, k != P_DEL || marked);
		s += len + 1;
		n -= len + 1;
	}
}

/* A change of whitespace alone, made visible with glyphs; a deleted
 * newline does not break the inline view, which follows the new text. */
static void put_space_change(struct hw *h, enum piece k, unsigned cls, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* multi-byte spaces (NBSP) show as one glyph */
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		const char *g = rd_space_glyph(s[i]);
		put_seg(h, k, 1, cls, g, strlen(g));
		if (s[i] == '\n')
			put_newline(h, k, k == P_INS);
	}
}

static void put_op(struct hw *h, size_t i)
{
	const struct rd_diff *d = h->d;
	const struct rd_op *op = &d->ops[i];
	enum piece k = op->kind == RD_OP_EQUAL ? P_EQ : op->kind == RD_OP_DELETE ? P_DEL : P_INS;
	const char *s = k == P_INS ? d->b + op->b_start : d->a + op->a_start;
	size_t n = k == P_INS ? op->b_end - op->b_start : op->a_end - op->a_start;
	size_t lead = 0, trail = 0;

	if (k == P_EQ) {
		put_text(h, P_EQ, 0, 0, s, n);
		return;
	}
	if (i == 0 || d->ops[i - 1].kind == RD_OP_EQUAL) {
		/* the first op of a change: does it touch one side only? */
		h->one_sided = 1;
		for (size_t j = i + 1; j < d->nops && d->ops[j].kind != RD_OP_EQUAL; j++)
			if (d->ops[j].kind != op->kind)
				h->one_sided = 0;
	}
	if (rd_op_hidden(op, h->o->hide)) {
		put_text(h, k, 0, op->cls, s, n);
		return;
	}
	while (lead < n && rd_is_space(s[lead]))
		lead++;
	if (lead == n) {
		put_space_change(h, k, op->cls, s, n);
		return;
	}
	while (rd_is_space(s[n - 1 - trail]))
		trail++;
	/* whitespace at either end of a change stays outside its marks */
	h->edge = 1;
	put_text(h, k, 0, op->cls, s, lead);
	h->edge = 0;
	put_text(h, k, 1, op->cls, s + lead, n - lead - trail);
	h->edge = 1;
	put_text(h, k, 0, op->cls, s + n - trail, trail);
	h->edge = 0;
}

static void walk(struct hw *h, enum pass pass)
{
	h->pass = pass;
	h->row = 0;
	h->lineno[OLD] = h->lineno[NEW] = 0;
	h->has[OLD] = h->has[NEW] = 0;
	rd_buf_clear(&h->cell[OLD]);
	rd_buf_clear(&h->cell[NEW]);
	row_begin(h);
	for (size_t i = 0; i < h->d->nops; i++)
		put_op(h, i);
	/* the last row, unless the texts ended with a shared newline */
	if (h->has[OLD] || h->has[NEW])
		row_end(h, -1);
	else if (pass == MEASURE)
		h->changed[h->row] = 0;
}

static int render_rows(struct hw *h, const char *id)
{
	struct rd_buf b = RD_BUF_INIT;
	size_t any = 0;

	walk(h, MEASURE);
	h->nrows = h->row + 1;
	h->show = rd_calloc(h->nrows + 1, 1);
	for (size_t r = 0; r < h->nrows; r++) {
		if (!h->changed[r])
			continue;
		any = 1;
		if (h->o->context < 0)
			break;
		size_t lo = r > (size_t)h->o->context ? r - (size_t)h->o->context : 0;
		size_t hi = r + (size_t)h->o->context;
		for (size_t j = lo; j <= hi && j < h->nrows; j++)
			h->show[j] = 1;
	}
	if (any && h->o->context < 0)
		memset(h->show, 1, h->nrows);
	if (!any) {
		rd_buf_puts(&b, "<p class=\"same\">No changes.</p>\n");
		rd_out(&h->out, b.ptr, b.len);
		rd_buf_release(&b);
		return 0;
	}

	rd_buf_printf(&b, "<nav><a href=\"#%s-inline\">inline</a> \xc2\xb7 "
		      "<a href=\"#%s-sbs\">side by side</a></nav>\n"
		      "<h3 id=\"%s-inline\">Inline</h3>\n<div class=\"inline\">\n", id, id, id);
	rd_out(&h->out, b.ptr, b.len);
	walk(h, INLINE);
	rd_buf_clear(&b);
	rd_buf_printf(&b, "</div>\n<h3 id=\"%s-sbs\">Side by side</h3>\n"
		      "<table class=\"sbs\">\n<thead><tr><th>", id);
	rd_html_side_heading(&b, h->o->from, "old");
	rd_buf_puts(&b, "</th><th>");
	rd_html_side_heading(&b, h->o->to, "new");
	rd_buf_puts(&b, "</th></tr></thead>\n<tbody>\n");
	rd_out(&h->out, b.ptr, b.len);
	walk(h, SIDES);
	rd_out(&h->out, "</tbody>\n</table>\n", 18);
	rd_buf_release(&b);
	return 0;
}

int rd_render_html(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx)
{
	struct hw h;
	struct rd_buf b = RD_BUF_INIT;
	char id[32];
	int err;

	memset(&h, 0, sizeof(h));
	h.d = d;
	h.o = o;
	h.out.w = w;
	h.out.ctx = ctx;
	if (o->to && !o->to->is_file && o->to->version > 0)
		snprintf(id, sizeof(id), "v%d", o->to->version);
	else
		snprintf(id, sizeof(id), "diff");

	rd_html_diff_head(&b, d, o, id);
	rd_out(&h.out, b.ptr, b.len);
	render_rows(&h, id);
	rd_out(&h.out, "</section>\n", 11);
	if (!o->fragment)
		rd_out(&h.out, rd_html_page_tail, strlen(rd_html_page_tail));
	err = rd_out_flush(&h.out);

	rd_buf_release(&b);
	rd_buf_release(&h.out.buf);
	rd_buf_release(&h.cell[OLD]);
	rd_buf_release(&h.cell[NEW]);
	free(h.changed);
	free(h.show);
	return err;
}
