/*
 * render_timeline.c - the top of a history page (log --format=html): an
 * inline SVG timeline of the page's size, each edit a mark coloured by
 * who made it, reverts and what they undid marked, and a table of
 * contributors; then the table of versions.
 *
 * No script: each mark is a link to its version's diff with a <title>
 * for hovering, the colours are classes of the page's style (so print
 * and dark mode keep them), and the SVG scales with the page.
 */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

/* The drawing's own units (viewBox): wide enough for a year of edits to
 * stay apart, short enough to leave the table in view. */
#define TW 960.0
#define TH 240.0
#define ML 64.0 /* room for the size labels */
#define MR 16.0
#define MT 14.0
#define MB 36.0 /* room for the dates */

static const char css[] =
	".timeline svg.chart{width:100%;height:auto;display:block;background:var(--ctx);"
	"border:1px solid var(--line);border-radius:4px}\n"
	".timeline text{font:11px system-ui,sans-serif;fill:var(--mute)}\n"
	".timeline .axis{stroke:var(--line);stroke-width:1}\n"
	".timeline .size{fill:none;stroke:var(--fg);stroke-width:1.5;opacity:.55}\n"
	".timeline .span{fill:var(--warn);opacity:.14}\n"
	".k-registered{fill:#3366cc}.k-anonymous{fill:#e07b00}.k-bot{fill:#7b57c2}"
	".k-hidden{fill:#8a8f94}\n"
	".timeline .mark{stroke:var(--bg);stroke-width:1}\n"
	".timeline .hollow{fill:var(--bg)!important;stroke:#8a8f94;stroke-width:1.5}\n"
	".timeline .reverted{stroke:var(--warn);stroke-width:3}\n"
	".tkey{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;color:var(--mute);"
	"margin:.4rem 0 1rem}.tkey svg,.contributors svg{width:14px;height:14px;vertical-align:-2px;margin-right:.2rem}\n"
	".contributors td.num,.contributors th.num{text-align:right}.nw{white-space:nowrap}\n";

struct pt {
	double x, y;
	size_t bytes;
};

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* x of every version: by time when all are dated and differ, else by
 * position. */
static void place(struct pt *p, const struct rd_side *v, size_t n, int64_t *t0, int64_t *t1,
		  int *by_time)
{
	int64_t *sec = rd_calloc(n ? n : 1, sizeof(*sec));
	size_t last = 0;

	*by_time = n > 1;
	for (size_t i = 0; i < n; i++) {
		struct rd_time t;
		if (!v[i].timestamp || rd_time_parse(&t, v[i].timestamp, 0) < 0)
			*by_time = 0;
		else
			sec[i] = t.sec;
	}
	rd_error_clear();
	*t0 = n ? sec[0] : 0;
	*t1 = n ? sec[0] : 0;
	for (size_t i = 0; i < n; i++) {
		*t0 = sec[i] < *t0 ? sec[i] : *t0;
		*t1 = sec[i] > *t1 ? sec[i] : *t1;
	}
	if (*t1 <= *t0)
		*by_time = 0;
	for (size_t i = 0; i < n; i++) {
		double f = *by_time ? (double)(sec[i] - *t0) / (double)(*t1 - *t0)
				    : n > 1 ? (double)i / (double)(n - 1) : .5;
		p[i].x = ML + f * (TW - ML - MR);
		/* a deleted text keeps the size before it on the line */
		if (v[i].row && !v[i].row->text_deleted) {
			p[i].bytes = v[i].row->bytes;
			last = p[i].bytes;
		} else {
			p[i].bytes = last;
		}
	}
	free(sec);
}

static void mark_title(struct rd_buf *b, const struct rd_side *s)
{
	const struct rd_log_row *r = s->row;

	rd_buf_printf(b, "<title>version %d", s->version);
	if (s->timestamp) {
		rd_buf_puts(b, " \xc2\xb7 ");
		rd_html_meta(b, s->shown_time ? s->shown_time : s->timestamp);
	}
	rd_buf_puts(b, " \xc2\xb7 ");
	rd_html_meta(b, s->author ? s->author : "(unknown)");
	rd_buf_printf(b, " (%s)", rd_author_kind_name(rd_author_kind(s->author)));
	if (s->text_deleted) {
		rd_buf_puts(b, " \xc2\xb7 text deleted");
	} else if (r) {
		rd_buf_printf(b, " \xc2\xb7 %zu bytes (%+lld) \xc2\xb7 ", r->bytes, r->byte_delta);
		rd_words_delta(b, r->words_inserted, r->words_deleted, 1);
	}
	if (s->minor)
		rd_buf_puts(b, " \xc2\xb7 minor");
	if (s->revert_to)
		rd_buf_printf(b, " \xc2\xb7 revert to %d", s->revert_to);
	if (s->reverted_by)
		rd_buf_printf(b, " \xc2\xb7 reverted by %d", s->reverted_by);
	if (s->label && *s->label) {
		rd_buf_puts(b, " \xc2\xb7 ");
		rd_html_meta(b, s->label);
	}
	rd_buf_puts(b, "</title>");
}

static void svg(struct rd_buf *b, const struct rd_side *v, size_t n)
{
	struct pt *p = rd_calloc(n ? n : 1, sizeof(*p));
	int64_t t0, t1;
	int by_time;
	size_t maxb = 1;

	place(p, v, n, &t0, &t1, &by_time);
	for (size_t i = 0; i < n; i++)
		maxb = p[i].bytes > maxb ? p[i].bytes : maxb;
	for (size_t i = 0; i < n; i++)
		p[i].y = TH - MB - (double)p[i].bytes / (double)maxb * (TH - MB - MT);
	rd_buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"the page's size "
		      "over time, one mark per edit\">\n", TW, TH);
	/* vandalism and its revert: the span from the first undone edit to
	 * the revert, shaded */
	for (size_t i = 0; i < n; i++) {
		int j = v[i].revert_to; /* version j restored: j+1 .. i were undone */
		if (!j || (size_t)j >= i + 1)
			continue;
		double x0 = p[j].x, x1 = p[i].x;
		if (x1 - x0 < 8)
			x0 = x1 - 8;
		rd_buf_printf(b, "<rect class=\"span\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			      "<title>versions %d to %zu undone by version %zu</title></rect>\n",
			      x0 - 4, MT, x1 - x0 + 8, TH - MB - MT, j + 1, i, i + 1);
	}
	/* axes, with the largest size and the first and last dates */
	rd_buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>"
		      "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n",
		      ML, TH - MB, TW - MR, TH - MB, ML, MT, ML, TH - MB);
	rd_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%zu B</text>"
		      "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">0</text>\n",
		      ML - 6, MT + 8, maxb, ML - 6, TH - MB);
	if (n) {
		struct rd_buf d = RD_BUF_INIT;
		for (int end = 0; end < 2; end++) {
			const struct rd_side *s = &v[end ? n - 1 : 0];
			rd_buf_clear(&d);
			if (by_time && s->timestamp)
				rd_buf_put(&d, s->timestamp, strnlen(s->timestamp, 10));
			else
				rd_buf_printf(&d, "version %d", s->version);
			rd_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">", end ? TW - MR : ML,
				      TH - MB + 18, end ? "end" : "start");
			rd_html_meta(b, d.ptr);
			rd_buf_puts(b, "</text>\n");
		}
		rd_buf_release(&d);
	}
	/* the size, a step at each edit */
	rd_buf_puts(b, "<polyline class=\"size\" points=\"");
	for (size_t i = 0; i < n; i++) {
		if (i)
			rd_buf_printf(b, "%.1f,%.1f ", p[i].x, p[i - 1].y);
		rd_buf_printf(b, "%.1f,%.1f ", p[i].x, p[i].y);
	}
	rd_buf_puts(b, "\"/>\n");
	for (size_t i = 0; i < n; i++) {
		const struct rd_side *s = &v[i];
		const char *kind = rd_author_kind_name(rd_author_kind(s->author));
		double x = p[i].x, y = clampd(p[i].y, MT, TH - MB);
		rd_buf_printf(b, "<a href=\"#v%d\">", s->version);
		if (s->revert_to) /* a revert: a diamond */
			rd_buf_printf(b, "<path class=\"mark k-%s%s%s\" d=\"M%.1f %.1fl7 7l-7 7l-7 -7z\">",
				      kind, s->reverted_by ? " reverted" : "", s->text_deleted ? " hollow" : "",
				      x, y - 7);
		else
			rd_buf_printf(b, "<circle class=\"mark k-%s%s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\">",
				      kind, s->reverted_by ? " reverted" : "", s->text_deleted ? " hollow" : "",
				      x, y);
		mark_title(b, s);
		rd_buf_puts(b, s->revert_to ? "</path></a>\n" : "</circle></a>\n");
	}
	rd_buf_puts(b, "</svg>\n");
	free(p);
}

static const char key[] =
	"<p class=\"tkey\">"
	"<span><svg viewBox=\"0 0 14 14\"><circle class=\"k-registered\" cx=\"7\" cy=\"7\" r=\"5.5\"/>"
	"</svg>registered</span>"
	"<span><svg viewBox=\"0 0 14 14\"><circle class=\"k-anonymous\" cx=\"7\" cy=\"7\" r=\"5.5\"/>"
	"</svg>anonymous (IP)</span>"
	"<span><svg viewBox=\"0 0 14 14\"><circle class=\"k-bot\" cx=\"7\" cy=\"7\" r=\"5.5\"/>"
	"</svg>bot</span>"
	"<span><svg viewBox=\"0 0 14 14\"><circle class=\"k-hidden\" cx=\"7\" cy=\"7\" r=\"5.5\"/>"
	"</svg>hidden</span>"
	"<span><svg viewBox=\"0 0 14 14\"><path class=\"k-hidden\" d=\"M7 0l7 7l-7 7l-7 -7z\"/>"
	"</svg>a revert</span>"
	"<span><svg viewBox=\"0 0 14 14\"><circle class=\"k-hidden\" cx=\"7\" cy=\"7\" r=\"4.5\" "
	"style=\"stroke:#d73333;stroke-width:3\"/></svg>reverted</span>"
	"<span><svg viewBox=\"0 0 14 14\"><rect x=\"0\" y=\"0\" width=\"14\" height=\"14\" "
	"fill=\"#d73333\" opacity=\".25\"/></svg>vandalism and its revert</span>"
	"<span><svg viewBox=\"0 0 14 14\"><circle cx=\"7\" cy=\"7\" r=\"4.5\" fill=\"none\" "
	"stroke=\"#8a8f94\" stroke-width=\"1.5\"/></svg>text deleted</span></p>\n";

/* A time in the table: it may wrap at its spaces, never inside a date. */
static void table_time(struct rd_buf *b, const struct rd_side *s)
{
	const char *t = s->shown_time ? s->shown_time : s->timestamp;

	rd_buf_puts(b, "<time datetime=\"");
	rd_html_meta(b, s->timestamp);
	rd_buf_puts(b, "\">");
	while (*t) {
		size_t n = strcspn(t, " ");
		rd_buf_puts(b, "<span class=\"nw\">");
		rd_html_text(b, t, n);
		rd_buf_puts(b, "</span>");
		t += n;
		if (*t)
			rd_buf_putc(b, *t++);
	}
	rd_buf_puts(b, "</time>");
}

struct who {
	const char *name;
	enum rd_author_kind kind;
	size_t edits, added, present;
};

static int by_presence(const void *pa, const void *pb)
{
	const struct who *a = pa, *b = pb;

	if (a->present != b->present)
		return a->present < b->present ? 1 : -1;
	if (a->edits != b->edits)
		return a->edits < b->edits ? 1 : -1;
	return strcmp(a->name, b->name);
}

static void contributors(struct rd_buf *b, const struct rd_side *v, size_t n, const size_t *present)
{
	struct who *w = rd_calloc(n ? n : 1, sizeof(*w));
	size_t nw = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = v[i].author ? v[i].author : "(unknown)";
		size_t k;
		for (k = 0; k < nw && strcmp(w[k].name, name); k++)
			;
		if (k == nw) {
			w[nw].name = name;
			w[nw++].kind = rd_author_kind(v[i].author);
		}
		w[k].edits++;
		if (v[i].row && !v[i].row->text_deleted)
			w[k].added += v[i].row->words_inserted;
		if (present) {
			w[k].present += present[v[i].version];
			total += present[v[i].version];
		}
	}
	qsort(w, nw, sizeof(*w), by_presence);
	rd_buf_puts(b, "<h2>Contributors</h2>\n<div class=\"scroll\"><table class=\"versions contributors\">"
		    "<thead><tr><th>contributor</th><th>kind</th><th class=\"num\">edits</th>"
		    "<th class=\"num\">words added</th><th class=\"num\">words still present</th></tr>"
		    "</thead>\n<tbody>\n");
	for (size_t k = 0; k < nw; k++) {
		rd_buf_puts(b, "<tr><td>");
		rd_html_meta(b, w[k].name);
		rd_buf_printf(b, "</td><td><svg viewBox=\"0 0 14 14\" width=\"12\" height=\"12\">"
			      "<circle class=\"k-%s\" cx=\"7\" cy=\"7\" r=\"6\"/></svg> %s</td>"
			      "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu",
			      rd_author_kind_name(w[k].kind), rd_author_kind_name(w[k].kind), w[k].edits,
			      w[k].added, w[k].present);
		if (total)
			rd_buf_printf(b, " (%.0f%%)", 100.0 * (double)w[k].present / (double)total);
		rd_buf_puts(b, "</td></tr>\n");
	}
	rd_buf_puts(b, "</tbody></table></div>\n");
	free(w);
}

int rd_render_html_timeline(const struct rd_side *v, size_t n, const size_t *present,
			    rd_write_fn w, void *ctx)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "<style>\n%s</style>\n<section class=\"timeline\" id=\"timeline\">\n"
		      "<h2>Timeline</h2>\n", css);
	svg(&b, v, n);
	rd_buf_puts(&b, key);
	contributors(&b, v, n, present);
	rd_buf_puts(&b, "</section>\n");
	return rd_html_write(&b, w, ctx);
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
			table_time(&b, s);
		else
			rd_buf_puts(&b, "<span class=\"same\">undated</span>");
		rd_buf_puts(&b, "</td><td>");
		rd_html_meta(&b, s->author);
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
		rd_html_meta(&b, s->revision_id);
		rd_buf_puts(&b, "</td><td>");
		rd_html_meta(&b, s->label);
		if (s->tags) {
			rd_buf_puts(&b, " <span class=\"tags\">[");
			rd_html_meta(&b, s->tags);
			rd_buf_puts(&b, "]</span>");
		}
		rd_buf_puts(&b, "</td><td>");
		rd_html_flags(&b, s);
		rd_buf_puts(&b, "</td></tr>\n");
	}
	rd_buf_puts(&b, "</tbody>\n</table></div>\n");
	return rd_html_write(&b, w, ctx);
}

