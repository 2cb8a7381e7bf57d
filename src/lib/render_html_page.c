/*
 * render_html_page.c - what every HTML page of revdiff shares: escaping
 * (every byte of text goes through rd_html_text: markup characters become
 * entities, bytes that are not UTF-8 U+FFFD, control characters their
 * visible pictures), the style, the head and tail, the cards of the two
 * versions, a diff's section head, and the pages of several diffs (log).
 * The rows of a diff are render_html.c's.
 */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
	"white-space:nowrap}.versions td.num{font-variant-numeric:tabular-nums}\n"
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

/* ---- escaping ----------------------------------------------------------- */

/* Appends s[0..n) as HTML text (safe in attribute values too). */
void rd_html_text(struct rd_buf *b, const char *s, size_t n)
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
		rd_html_text(b, s + from, i - from);
		if (markup)
			rd_buf_printf(b, "<span class=\"ctl\" title=\"U+%04X\">\\u%04x</span>",
				      (unsigned)cp, (unsigned)cp);
		else
			rd_buf_printf(b, "\\u%04x", (unsigned)cp);
		i += k;
		from = i;
	}
	rd_html_text(b, s + from, n - from);
}

void rd_html_meta(struct rd_buf *b, const char *s)
{
	esc_meta(b, s, 1);
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

void rd_html_page_head(struct rd_buf *b, const char *title, int key)
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
	rd_html_meta(b, title);
	rd_buf_puts(b, "</h1>\n");
	if (key)
		rd_buf_puts(b, key_html);
}

static void page_head(struct rd_buf *b, const char *title)
{
	rd_html_page_head(b, title, 1);
}

const char rd_html_page_tail[] = "</body>\n</html>\n";

static void dl_item(struct rd_buf *b, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	rd_buf_printf(b, "<dt>%s</dt><dd>", term);
	rd_html_meta(b, value);
	rd_buf_puts(b, "</dd>");
}

/* A version's time as people read it, the strict form for machines. */
void rd_html_time(struct rd_buf *b, const struct rd_side *s)
{
	rd_buf_puts(b, "<time datetime=\"");
	rd_html_meta(b, s->timestamp);
	rd_buf_puts(b, "\">");
	rd_html_meta(b, s->shown_time ? s->shown_time : s->timestamp);
	rd_buf_puts(b, "</time>");
}

/* The audit flags of a version (rd_version_flags), as small labels
 * (MediaWiki's "m"...). */
void rd_html_flags(struct rd_buf *b, const struct rd_side *s)
{
	static const char *const cls[RD_FLAG__COUNT] = { "flag", "flag hidden", "flag hidden",
							  "flag revert", "flag reverted" };
	const struct rd_revert rv = { s->revert_to, s->reverted_by };
	struct rd_flag fl[RD_FLAG__COUNT];
	size_t n = rd_version_flags(fl, s->minor, s->text_deleted, s->comment_deleted, &rv);

	for (size_t i = 0; i < n; i++) {
		rd_buf_printf(b, "<span class=\"%s\"", cls[fl[i].kind]);
		if (fl[i].kind == RD_FLAG_MINOR)
			rd_buf_puts(b, " title=\"minor edit\"");
		else if (fl[i].kind == RD_FLAG_REVERT_TO)
			rd_buf_printf(b, " title=\"the text is identical to version %d's\"", fl[i].number);
		rd_buf_printf(b, ">%s", fl[i].words);
		if (fl[i].number)
			rd_buf_printf(b, " %d", fl[i].number);
		rd_buf_puts(b, "</span>");
	}
}

static void side_card(struct rd_buf *b, const struct rd_side *s, const char *cls, const char *what)
{
	rd_buf_printf(b, "<div class=\"side %s\"><p class=\"name\"><span class=\"tag\">%s</span> ",
		      cls, what);
	if (!s || s->is_file) {
		if (s)
			rd_html_meta(b, s->name);
		else /* show of a first version: nothing before it */
			rd_buf_puts(b, "<span class=\"same\">none</span>");
		rd_buf_puts(b, "</p></div>\n");
		return;
	}
	rd_html_meta(b, s->name);
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
			rd_html_time(b, s);
		} else {
			rd_buf_puts(b, "<span class=\"same\">undated</span>");
		}
		rd_buf_puts(b, "</dd>");
		dl_item(b, "author", s->author);
		dl_item(b, "comment", s->label);
		dl_item(b, "revision", s->revision_id);
		if (s->minor || s->text_deleted || s->comment_deleted || s->revert_to || s->reverted_by) {
			rd_buf_puts(b, "<dt>flags</dt><dd>");
			rd_html_flags(b, s);
			rd_buf_puts(b, "</dd>");
		}
		if (s->tags)
			dl_item(b, "tags", s->tags);
		if (s->commit) {
			rd_buf_puts(b, "<dt>commit</dt><dd><code>");
			rd_html_text(b, s->commit, strnlen(s->commit, 12));
			rd_buf_puts(b, "</code></dd>");
		}
	}
	rd_buf_puts(b, "</dl></div>\n");
}

/* A column heading of the table: the file, or "version N, date". */
void rd_html_side_heading(struct rd_buf *b, const struct rd_side *s, const char *what)
{
	if (!s) {
		rd_buf_puts(b, what);
		return;
	}
	if (s->is_file || s->version <= 0) {
		rd_html_meta(b, s->name);
		return;
	}
	rd_buf_printf(b, "version %d", s->version);
	if (s->timestamp) {
		rd_buf_puts(b, ", ");
		rd_html_meta(b, s->shown_time ? s->shown_time : s->timestamp);
	}
	if (s->author) {
		rd_buf_puts(b, ", ");
		rd_html_meta(b, s->author);
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
			rd_html_meta(b, o->to->label);
		}
		rd_buf_puts(b, "</h2>\n");
	}
	rd_buf_puts(b, "<div class=\"sides\">\n");
	side_card(b, o->from, "old", "old");
	side_card(b, o->to, "new", "new");
	rd_buf_puts(b, "</div>\n<p class=\"summary\">");
	rd_render_summary(&sum, d, o->hide);
	rd_html_text(b, sum.ptr, sum.len);
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

/* A diff's page head (unless o->fragment) and its section's head. */
void rd_html_diff_head(struct rd_buf *b, const struct rd_diff *d, const struct rd_render_opts *o,
		       const char *id)
{
	if (!o->fragment) {
		struct rd_buf title = RD_BUF_INIT;
		page_title(&title, o);
		page_head(b, title.ptr);
		rd_buf_release(&title);
	}
	section_head(b, d, o, id);
}

/* ---- pages of several diffs (log) ----------------------------------------- */

int rd_html_write(struct rd_buf *b, rd_write_fn w, void *ctx)
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
	return rd_html_write(&b, w, ctx);
}

int rd_render_html_deleted(const struct rd_side *v, const struct rd_side *parent,
			   rd_write_fn w, void *ctx)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "<section class=\"diff\" id=\"v%d\">\n<h2>Version %d", v->version,
		      v->version);
	if (v->label && *v->label) {
		rd_buf_puts(&b, ": ");
		rd_html_meta(&b, v->label);
	}
	rd_buf_puts(&b, "</h2>\n<div class=\"sides\">\n");
	side_card(&b, v, "new", "this");
	rd_buf_puts(&b, "</div>\n<p class=\"summary\">Text deleted in the source: nothing to show.");
	if (parent)
		rd_buf_printf(&b, " The next version is compared with version %d.", parent->version);
	rd_buf_puts(&b, "</p>\n</section>\n");
	return rd_html_write(&b, w, ctx);
}

int rd_render_html_end(rd_write_fn w, void *ctx)
{
	return w(ctx, rd_html_page_tail, sizeof(rd_html_page_tail) - 1) ? rd_error_set(RD_EIO, "cannot write output") : 0;
}
