/*
 * render_html.c - one self-contained HTML page per diff, or one section of
 * a page holding several (log): the two sides, the summary with the change
 * classes, and the word diff twice, inline and side by side, the way
 * MediaWiki's diff view shows an edit.
 *
 * Self-contained: the style is inline, there is no script, no font, no
 * image and no link out; a Content-Security-Policy forbids all of them too,
 * in case escaping ever failed.  Every byte of text goes through esc():
 * markup characters become entities, bytes that are not UTF-8 become
 * U+FFFD, control characters their visible pictures.
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
#include <utf8proc.h>

enum side { OLD = 0, NEW = 1 };
enum pass { MEASURE, INLINE, SIDES };
enum piece { P_EQ, P_DEL, P_INS };

/*
 * The page's style.  Colors follow MediaWiki's diff (yellow for the old
 * side, blue for the new); trivial classes (spacing, case, punctuation...)
 * are grey and dashed so the eye skips them; the classes a reviewer must
 * check (spelling, number, quotation) get a red underline.  Below 720 px
 * the two columns stack; print keeps the colors and adds strike-through
 * and underline so the page reads in black and white too.
 */
static const char css[] =
	":root{color-scheme:light dark;--fg:#202122;--bg:#fff;--mute:#54595d;--line:#c8ccd1;"
	"--del:#ffe49c;--ins:#a3d3ff;--delbg:#fef6e7;--insbg:#eaf3ff;--ctx:#f8f9fa;"
	"--triv:#eaecf0;--tdel:#f6ecd2;--tins:#d8eef2;--warn:#d73333;--moved:#d9c6f5}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#eaecf0;--bg:#101418;--mute:#a2a9b1;"
	"--line:#3a3f44;--del:#6b5200;--ins:#0b4a7a;--delbg:#241e0c;--insbg:#0c1c2b;"
	"--ctx:#171b1f;--triv:#33373b;--tdel:#3d3320;--tins:#1d3a40;--warn:#ff6b6b;--moved:#4b2f75}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:84rem;padding:1rem;color:var(--fg);background:var(--bg);"
	"font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif}\n"
	"h1{font-size:1.4rem;margin:.2rem 0 1rem;overflow-wrap:anywhere}\n"
	"h2{font-size:1.15rem;margin:2rem 0 .6rem;overflow-wrap:anywhere}\n"
	"h3{font-size:1rem;margin:1.4rem 0 .4rem;color:var(--mute)}\n"
	"code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
	"section.diff{margin-bottom:2.5rem}\n"
	".sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}\n"
	".side{border:1px solid var(--line);border-top:4px solid;border-radius:4px;"
	"padding:.5rem .8rem;min-width:0}\n"
	".side.old{border-top-color:var(--del)}.side.new{border-top-color:var(--ins)}\n"
	".side .name{font-weight:bold;margin:0 0 .3rem;overflow-wrap:anywhere}\n"
	".tag{font-weight:normal;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;"
	"color:var(--mute);margin-right:.4rem}\n"
	".side dl{display:grid;grid-template-columns:auto 1fr;gap:0 .8rem;margin:0}\n"
	".side dt{color:var(--mute)}.side dd{margin:0;overflow-wrap:anywhere}\n"
	".summary{margin:1rem 0 .3rem;font-weight:bold}\n"
	".legend{margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.4rem}\n"
	".legend span{padding:0 .4rem;border-radius:3px;background:var(--ins)}\n"
	"nav{font-size:.9rem;color:var(--mute)}nav a{color:inherit}\n"
	"del,ins{text-decoration:none;border-radius:2px;unicode-bidi:isolate}\n"
	"del{background:var(--del)}ins{background:var(--ins)}\n"
	".ctl{color:var(--warn);border:1px solid var(--warn);border-radius:2px;font-size:.8em}\n"
	".inline del{text-decoration:line-through;text-decoration-thickness:1px}\n"
	"del.t,ins.t,.legend span.t{background:var(--triv);outline:1px dashed var(--mute);"
	"outline-offset:-1px}\n"
	"del.t,.key .tdel{background:var(--tdel)}ins.t,.key .tins{background:var(--tins)}\n"
	".legend span.c-delete{background:var(--del)}"
	".legend span.c-replace{background:var(--ins);box-shadow:inset .4em 0 var(--del);"
	"padding-left:.6rem}\n"
	".c-moved,.legend span.c-moved{background:var(--moved)}\n"
	".c-spelling,.c-number,.c-quotation{box-shadow:inset 0 -2px var(--warn)}\n"
	".same{color:var(--mute);font-style:italic}\n"
	".inline{border:1px solid var(--line);border-radius:4px;padding:.4rem .8rem}\n"
	".row{white-space:pre-wrap;overflow-wrap:anywhere;min-height:1.5em;unicode-bidi:plaintext}\n"
	".hunk{color:var(--mute);font-size:.85rem;font-weight:bold;padding-top:.5rem}\n"
	".sbs{width:calc(100% + 1rem);border-collapse:separate;border-spacing:.5rem 2px;"
	"table-layout:fixed;margin:0 -.5rem}\n"
	".sbs th{text-align:left;font-weight:normal;color:var(--mute);font-size:.9rem;"
	"overflow-wrap:anywhere}\n"
	".sbs td{vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;"
	"padding:.15rem .5rem;height:1.8em;border-left:4px solid var(--line);background:var(--ctx);"
	"unicode-bidi:plaintext}\n"
	".sbs tr.ch td.old{border-color:var(--del);background:var(--delbg)}\n"
	".sbs tr.ch td.new{border-color:var(--ins);background:var(--insbg)}\n"
	".sbs td.none,.sbs tr.ch td.none{border-color:transparent;background:none}\n"
	".sbs tr.hunk td{background:none;border-color:transparent;white-space:normal}"
	".narrow{display:none}\n"
	".scroll{overflow-x:auto}\n"
	/* break-word, not anywhere: a cell never shrinks below its longest
	 * word, so narrow screens scroll instead of cutting "ve/rsi/on" */
	".versions{border-collapse:collapse;width:100%}.versions th,.versions td{text-align:left;"
	"vertical-align:top;padding:.2rem .5rem;border-bottom:1px solid var(--line);"
	"overflow-wrap:break-word}.versions th{color:var(--mute);font-weight:normal;"
	"white-space:nowrap}.versions td.num{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	".flag{display:inline-block;font-size:.8rem;padding:0 .35rem;margin:0 .2rem .1rem 0;"
	"border:1px solid var(--line);border-radius:3px;white-space:nowrap}\n"
	".flag.revert{border-color:var(--ins)}.flag.reverted{border-color:var(--warn)}"
	".flag.hidden{border-style:dashed}\n"
	".key{font-size:.85rem;color:var(--mute);display:flex;flex-wrap:wrap;gap:.3rem .8rem;"
	"margin:0 0 1rem}.key span span{color:var(--fg);padding:0 .3rem;border-radius:2px}\n"
	".key .del{background:var(--del);text-decoration:line-through}.key .ins{background:var(--ins)}"
	".key .tdel,.key .tins{outline:1px dashed var(--mute);outline-offset:-1px}"
	".key .tdel{text-decoration:line-through}"
	".key .c-moved{background:var(--moved)}\n"
	"@media (max-width:720px){body{padding:.6rem;font-size:15px}"
	".sides{grid-template-columns:1fr}"
	".sbs,.sbs tbody,.sbs tr,.sbs td{display:block;width:auto}.sbs{margin:0;width:auto}"
	".sbs thead,.sbs td.none,.sbs tr:not(.ch):not(.hunk) td.old,.sbs tr.hunk td.new{display:none}"
	".narrow{display:inline}"
	".sbs tr{margin-bottom:2px}.sbs td{height:auto;min-height:1.8em}"
	".sbs tr.ch td::before{display:inline-block;width:1.1em;color:var(--mute)}"
	".sbs tr.ch td.old::before{content:\"\\2212\"}.sbs tr.ch td.new::before{content:\"+\"}}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"del{text-decoration:line-through}ins{text-decoration:underline}"
	".sbs tr,.row,.side{break-inside:avoid}h2,h3{break-after:avoid}}\n";

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

/* ---- escaping ----------------------------------------------------------- */

/* Appends s[0..n) as HTML text (safe in attribute values too). */
static void esc(struct rd_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		const unsigned char *run = p;
		/* plain ASCII goes out in runs */
		while (p < end && *p >= 0x20 && *p < 0x7f && !strchr("&<>\"'", *p))
			p++;
		if (p > run)
			rd_buf_put(b, run, (size_t)(p - run));
		if (p >= end)
			break;
		unsigned char c = *p;
		if (c == '&') {
			rd_buf_puts(b, "&amp;");
		} else if (c == '<') {
			rd_buf_puts(b, "&lt;");
		} else if (c == '>') {
			rd_buf_puts(b, "&gt;");
		} else if (c == '"') {
			rd_buf_puts(b, "&quot;");
		} else if (c == '\'') {
			rd_buf_puts(b, "&#39;");
		} else if (c == '\n' || c == '\t' || c == '\r') {
			rd_buf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			/* U+2400 + c, U+2421 for DEL: the control picture */
			rd_buf_printf(b, "&#x%X;", c == 0x7f ? 0x2421u : 0x2400u + c);
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
			if (k <= 0) {
				rd_buf_puts(b, "\xef\xbf\xbd");
			} else {
				rd_buf_put(b, p, (size_t)k);
				p += k;
				continue;
			}
		}
		p++;
	}
}

/*
 * Appends a name, author or comment: a control, bidirectional or invisible
 * character (quote.c) would reorder or hide what the page shows, so it is
 * written as a visible \uXXXX, marked when markup is allowed (not in
 * <title>).
 */
static void esc_meta(struct rd_buf *b, const char *s, int markup)
{
	size_t n = s ? strlen(s) : 0, from = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = rd_invisible_at(s + i, n - i, &cp);
		if (!k || cp == '\n' || cp == '\t') {
			i++;
			continue;
		}
		esc(b, s + from, i - from);
		if (markup)
			rd_buf_printf(b, "<span class=\"ctl\" title=\"U+%04X\">\\u%04x</span>",
				      (unsigned)cp, (unsigned)cp);
		else
			rd_buf_printf(b, "\\u%04x", (unsigned)cp);
		i += k;
		from = i;
	}
	esc(b, s + from, n - from);
}

static void escs(struct rd_buf *b, const char *s)
{
	esc_meta(b, s, 1);
}

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
			esc(b, s, n);
		if (h->pass == SIDES && (b = cell(h, NEW)))
			esc(b, s, n);
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
	esc(b, s, n);
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

/* ---- the page around the rows ---------------------------------------------- */

/* What the marks mean, once at the top of a diff page. */
static const char key_html[] =
	"<p class=\"key\" id=\"key\"><span><span class=\"del\">deleted</span></span>"
	"<span><span class=\"ins\">inserted</span></span>"
	"<span><span class=\"tdel\">old</span> <span class=\"tins\">new</span> trivial "
	"(spacing, case, punctuation, unicode, whitespace)</span>"
	"<span><span class=\"c-moved\">moved</span></span>"
	"<span><span class=\"c-spelling\">underlined</span> to check (spelling, number, "
	"quotation)</span><span>\xe2\x86\xb5 a line break</span></p>\n";

static void page_head(struct rd_buf *b, const char *title)
{
	rd_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		    "<meta name=\"generator\" content=\"revdiff\">\n<title>");
	esc_meta(b, title, 0);
	rd_buf_puts(b, "</title>\n<style>\n");
	rd_buf_puts(b, css);
	rd_buf_puts(b, "</style>\n</head>\n<body>\n<h1>");
	escs(b, title);
	rd_buf_puts(b, "</h1>\n");
	rd_buf_puts(b, key_html);
}

static const char page_tail[] = "</body>\n</html>\n";

static void dl_item(struct rd_buf *b, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	rd_buf_printf(b, "<dt>%s</dt><dd>", term);
	escs(b, value);
	rd_buf_puts(b, "</dd>");
}

/* A version's time as people read it, the strict form for machines. */
static void time_html(struct rd_buf *b, const struct rd_side *s)
{
	rd_buf_puts(b, "<time datetime=\"");
	escs(b, s->timestamp);
	rd_buf_puts(b, "\">");
	escs(b, s->shown_time ? s->shown_time : s->timestamp);
	rd_buf_puts(b, "</time>");
}

/* The audit flags of a version, as small labels (MediaWiki's "m"...). */
static void flags_html(struct rd_buf *b, const struct rd_side *s)
{
	if (s->minor)
		rd_buf_puts(b, "<span class=\"flag\" title=\"minor edit\">minor</span>");
	if (s->text_deleted)
		rd_buf_puts(b, "<span class=\"flag hidden\">text deleted</span>");
	if (s->comment_deleted)
		rd_buf_puts(b, "<span class=\"flag hidden\">comment deleted</span>");
	if (s->revert_to)
		rd_buf_printf(b, "<span class=\"flag revert\" title=\"the text is identical to version "
			      "%d's\">revert to %d</span>", s->revert_to, s->revert_to);
	if (s->reverted_by)
		rd_buf_printf(b, "<span class=\"flag reverted\">reverted by %d</span>", s->reverted_by);
}

static void side_card(struct rd_buf *b, const struct rd_side *s, const char *cls, const char *what)
{
	rd_buf_printf(b, "<div class=\"side %s\"><p class=\"name\"><span class=\"tag\">%s</span> ",
		      cls, what);
	if (!s || s->is_file) {
		if (s)
			escs(b, s->name);
		else /* show of a first version: nothing before it */
			rd_buf_puts(b, "<span class=\"same\">none</span>");
		rd_buf_puts(b, "</p></div>\n");
		return;
	}
	escs(b, s->name);
	rd_buf_puts(b, "</p><dl>");
	{
		if (s->version > 0) {
			rd_buf_printf(b, "<dt>version</dt><dd>%d", s->version);
			if (s->nversions > 0)
				rd_buf_printf(b, " of %d", s->nversions);
			rd_buf_puts(b, "</dd>");
		}
		rd_buf_puts(b, "<dt>date</dt><dd>");
		if (s->timestamp) {
			time_html(b, s);
		} else {
			rd_buf_puts(b, "<span class=\"same\">undated</span>");
		}
		rd_buf_puts(b, "</dd>");
		dl_item(b, "author", s->author);
		dl_item(b, "comment", s->label);
		dl_item(b, "revision", s->revision_id);
		if (s->minor || s->text_deleted || s->comment_deleted || s->revert_to || s->reverted_by) {
			rd_buf_puts(b, "<dt>flags</dt><dd>");
			flags_html(b, s);
			rd_buf_puts(b, "</dd>");
		}
		if (s->tags)
			dl_item(b, "tags", s->tags);
		if (s->commit) {
			rd_buf_puts(b, "<dt>commit</dt><dd><code>");
			esc(b, s->commit, strnlen(s->commit, 12));
			rd_buf_puts(b, "</code></dd>");
		}
	}
	rd_buf_puts(b, "</dl></div>\n");
}

/* A column heading of the table: the file, or "version N, date". */
static void side_heading(struct rd_buf *b, const struct rd_side *s, const char *what)
{
	if (!s) {
		rd_buf_puts(b, what);
		return;
	}
	if (s->is_file || s->version <= 0) {
		escs(b, s->name);
		return;
	}
	rd_buf_printf(b, "version %d", s->version);
	if (s->timestamp) {
		rd_buf_puts(b, ", ");
		escs(b, s->shown_time ? s->shown_time : s->timestamp);
	}
	if (s->author) {
		rd_buf_puts(b, ", ");
		escs(b, s->author);
	}
}

static void page_title(struct rd_buf *t, const struct rd_render_opts *o)
{
	const struct rd_side *f = o->from, *to = o->to;

	if (f && to && !f->is_file && !to->is_file && f->name && to->name &&
	    !strcmp(f->name, to->name)) {
		rd_buf_puts(t, to->name);
		return;
	}
	rd_buf_printf(t, "%s \xe2\x86\x92 %s", f && f->name ? f->name : "old",
		      to && to->name ? to->name : "new");
}

static void section_head(struct rd_buf *b, const struct rd_diff *d, const struct rd_render_opts *o,
			 const char *id)
{
	struct rd_buf sum = RD_BUF_INIT;

	rd_buf_printf(b, "<section class=\"diff\" id=\"%s\">\n", id);
	if (o->fragment && o->to) {
		/* in a history: "Version 3: its comment" */
		rd_buf_printf(b, "<h2>Version %d", o->to->version);
		if (o->to->label && *o->to->label) {
			rd_buf_puts(b, ": ");
			escs(b, o->to->label);
		}
		rd_buf_puts(b, "</h2>\n");
	}
	rd_buf_puts(b, "<div class=\"sides\">\n");
	side_card(b, o->from, "old", "old");
	side_card(b, o->to, "new", "new");
	rd_buf_puts(b, "</div>\n<p class=\"summary\">");
	rd_render_summary(&sum, d, o->hide);
	esc(b, sum.ptr, sum.len);
	rd_buf_printf(b, "; similarity %.0f%%</p>\n<p class=\"legend\">",
		      d->stats.similarity * 100);
	for (int c = 1; c < RD_CLASS__COUNT; c++) {
		if (!d->stats.by_class[c] || (o->hide & (1u << c)))
			continue;
		const char *name = rd_class_name((enum rd_class)c);
		rd_buf_printf(b, "<span class=\"c-%s%s\">%s %zu</span>", name,
			      c < RD_CLASS_SPELLING ? " t" : "", name, d->stats.by_class[c]);
	}
	rd_buf_puts(b, "</p>\n");
	rd_buf_release(&sum);
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
	side_heading(&b, h->o->from, "old");
	rd_buf_puts(&b, "</th><th>");
	side_heading(&b, h->o->to, "new");
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

	if (!o->fragment) {
		struct rd_buf title = RD_BUF_INIT;
		page_title(&title, o);
		page_head(&b, title.ptr);
		rd_buf_release(&title);
	}
	section_head(&b, d, o, id);
	rd_out(&h.out, b.ptr, b.len);
	render_rows(&h, id);
	rd_out(&h.out, "</section>\n", 11);
	if (!o->fragment)
		rd_out(&h.out, page_tail, sizeof(page_tail) - 1);
	err = rd_out_flush(&h.out);

	rd_buf_release(&b);
	rd_buf_release(&h.out.buf);
	rd_buf_release(&h.cell[OLD]);
	rd_buf_release(&h.cell[NEW]);
	free(h.changed);
	free(h.show);
	return err;
}

/* ---- pages of several diffs (log) ----------------------------------------- */

static int write_buf(struct rd_buf *b, rd_write_fn w, void *ctx)
{
	int err = 0;

	if (b->len && w(ctx, b->ptr, b->len))
		err = rd_error_set(RD_EIO, "cannot write output");
	rd_buf_release(b);
	return err;
}

int rd_render_html_begin(const char *title, rd_write_fn w, void *ctx)
{
	struct rd_buf b = RD_BUF_INIT;

	page_head(&b, title);
	return write_buf(&b, w, ctx);
}

int rd_render_html_versions(const struct rd_side *v, size_t n, rd_write_fn w, void *ctx)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_puts(&b, "<h2>Versions</h2>\n<div class=\"scroll\"><table class=\"versions\">\n"
		    "<thead><tr><th>version</th><th>date</th><th>author</th><th>size</th>"
		    "<th>words</th><th>revision</th><th>comment</th><th>flags</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct rd_side *s = &v[i];
		const struct rd_log_row *r = s->row;
		rd_buf_printf(&b, "<tr><td class=\"num\"><a href=\"#v%d\">%d</a></td><td>",
			      s->version, s->version);
		if (s->timestamp)
			time_html(&b, s);
		else
			rd_buf_puts(&b, "<span class=\"same\">undated</span>");
		rd_buf_puts(&b, "</td><td>");
		escs(&b, s->author);
		rd_buf_puts(&b, "</td><td class=\"num\">");
		/* as MediaWiki's history: the size, then its change */
		if (r && !r->text_deleted)
			rd_buf_printf(&b, "%zu bytes (%+lld)", r->bytes, r->byte_delta);
		else if (s->text_deleted)
			rd_buf_puts(&b, "<span class=\"same\">text deleted</span>");
		rd_buf_puts(&b, "</td><td class=\"num\">");
		if (r && !r->text_deleted)
			rd_words_delta(&b, r->words_inserted, r->words_deleted, 1);
		rd_buf_puts(&b, "</td><td class=\"num\">");
		escs(&b, s->revision_id);
		rd_buf_puts(&b, "</td><td>");
		escs(&b, s->label);
		if (s->tags) {
			rd_buf_puts(&b, " <span class=\"tags\">[");
			escs(&b, s->tags);
			rd_buf_puts(&b, "]</span>");
		}
		rd_buf_puts(&b, "</td><td>");
		flags_html(&b, s);
		rd_buf_puts(&b, "</td></tr>\n");
	}
	rd_buf_puts(&b, "</tbody>\n</table></div>\n");
	return write_buf(&b, w, ctx);
}

int rd_render_html_deleted(const struct rd_side *v, const struct rd_side *parent,
			   rd_write_fn w, void *ctx)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "<section class=\"diff\" id=\"v%d\">\n<h2>Version %d", v->version,
		      v->version);
	if (v->label && *v->label) {
		rd_buf_puts(&b, ": ");
		escs(&b, v->label);
	}
	rd_buf_puts(&b, "</h2>\n<div class=\"sides\">\n");
	side_card(&b, v, "new", "this");
	rd_buf_puts(&b, "</div>\n<p class=\"summary\">Text deleted in the source: nothing to show.");
	if (parent)
		rd_buf_printf(&b, " The next version is compared with version %d.", parent->version);
	rd_buf_puts(&b, "</p>\n</section>\n");
	return write_buf(&b, w, ctx);
}

int rd_render_html_end(rd_write_fn w, void *ctx)
{
	return w(ctx, page_tail, sizeof(page_tail) - 1) ? rd_error_set(RD_EIO, "cannot write output") : 0;
}
