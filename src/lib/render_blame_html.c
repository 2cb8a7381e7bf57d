/*
 * render_blame_html.c - a blame as a page, as WikiWho's WhoColor shows
 * one: the text coloured by author, a legend of the authors with their
 * share of the text, and each run of words a link to the diff that
 * introduced it (the caller appends those sections, then closes the page
 * with rd_render_html_end), with author, time and revision on hover.
 */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

/* Pastel backgrounds that dark text reads on and neighbours tell apart;
 * authors past the twelfth share the grey of "others". */
static const char *const palette[] = {
	"#a3d3ff", "#ffd59c", "#b9f0b0", "#f5b8d9", "#d9c6f5", "#fff09c",
	"#a8ece7", "#ffc2b3", "#cfe3a6", "#c8d3ff", "#f0d0b0", "#d6ecf7"
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

static const char css[] =
	".blame{border:1px solid var(--line);border-radius:4px;padding:.6rem .9rem;"
	"white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;line-height:1.7}\n"
	".blame a{color:#202122;text-decoration:none;border-radius:2px;padding:.1em 0}\n"
	".blame a:hover,.blame a:focus{outline:2px solid var(--fg)}\n"
	".who .sw{display:inline-block;width:1.2em;height:1.2em;border-radius:3px;"
	"vertical-align:-.2em;border:1px solid var(--line)}\n"
	".who td.num,.who th.num{text-align:right}\n"
	"@media print{.blame a{outline:none}}\n";

struct author {
	const char *name;
	size_t words, tokens;
	int first; /* the first version of theirs in the text */
};

static const struct rd_side *side_of(const struct rd_blame_render_opts *o, int v)
{
	return o->side ? o->side(o->side_ctx, v) : NULL;
}

static const char *author_of(const struct rd_blame_render_opts *o, int v)
{
	const struct rd_side *s = side_of(o, v);

	return s && s->author ? s->author : "(unknown)";
}

static int by_words(const void *pa, const void *pb)
{
	const struct author *a = pa, *b = pb;

	if (a->words != b->words)
		return a->words < b->words ? 1 : -1;
	return a->first - b->first;
}

/* The class of version v's author: "aK", K its place in the legend. */
static size_t color_of(const struct author *au, size_t na, const char *name)
{
	for (size_t k = 0; k < na; k++)
		if (!strcmp(au[k].name, name))
			return k < NPALETTE ? k : NPALETTE;
	return NPALETTE;
}

static void hover(struct rd_buf *b, const struct rd_blame_render_opts *o, int v)
{
	const struct rd_side *s = side_of(o, v);

	rd_html_meta(b, author_of(o, v));
	if (s && s->timestamp) {
		rd_buf_puts(b, " \xc2\xb7 ");
		rd_html_meta(b, s->shown_time ? s->shown_time : s->timestamp);
	}
	rd_buf_printf(b, " \xc2\xb7 version %d", v);
	if (s && s->revision_id) {
		rd_buf_puts(b, " \xc2\xb7 revision ");
		rd_html_meta(b, s->revision_id);
	}
}

int rd_blame_render_html(struct rd_blame *bl, const struct rd_blame_render_opts *o,
			 rd_write_fn w, void *ctx)
{
	size_t n, len, na = 0, total = 0;
	const struct rd_blame_token *t = rd_blame_tokens(bl, &n);
	const char *text = rd_blame_text(bl, &len);
	int maxv = 0;
	struct author *au;
	size_t *words;
	struct rd_buf b = RD_BUF_INIT, title = RD_BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++)
		maxv = t[i].origin > maxv ? t[i].origin : maxv;
	words = rd_calloc((size_t)maxv + 1, sizeof(*words));
	rd_blame_word_counts(bl, words, (size_t)maxv + 1);
	au = rd_calloc((size_t)maxv + 1, sizeof(*au));
	for (int v = 1; v <= maxv; v++) {
		const char *name = author_of(o, v);
		size_t k;
		int used = 0;
		for (size_t i = 0; i < n && !used; i++)
			used = t[i].origin == v;
		if (!used)
			continue;
		for (k = 0; k < na && strcmp(au[k].name, name); k++)
			;
		if (k == na) {
			au[na].name = name;
			au[na++].first = v;
		}
		au[k].words += words[v];
		total += words[v];
	}
	qsort(au, na, sizeof(*au), by_words);

	if (o->blamed) {
		rd_buf_puts(&title, "Who wrote ");
		rd_buf_puts(&title, o->blamed->name ? o->blamed->name : "");
		if (o->blamed->version)
			rd_buf_printf(&title, ", version %d of %d", o->blamed->version, o->blamed->nversions);
	}
	rd_html_page_head(&b, title.ptr ? title.ptr : "Blame", 0);
	rd_buf_printf(&b, "<style>\n%s", css);
	for (size_t k = 0; k <= NPALETTE; k++)
		rd_buf_printf(&b, ".a%zu{background:%s}", k, k < NPALETTE ? palette[k] : "#dcdfe3");
	rd_buf_puts(&b, "\n</style>\n<h2>Authors</h2>\n<div class=\"scroll\"><table class=\"versions who\">"
		    "<thead><tr><th></th><th>author</th><th>kind</th><th class=\"num\">words</th>"
		    "<th class=\"num\">share</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < na; k++) {
		rd_buf_printf(&b, "<tr><td><span class=\"sw a%zu\"></span></td><td>",
			      k < NPALETTE ? k : NPALETTE);
		rd_html_meta(&b, au[k].name);
		rd_buf_printf(&b, "</td><td>%s</td><td class=\"num\">%zu</td><td class=\"num\">%.0f%%</td>"
			      "</tr>\n", rd_author_kind_name(rd_author_kind(au[k].name)), au[k].words,
			      total ? 100.0 * (double)au[k].words / (double)total : 0.0);
	}
	rd_buf_puts(&b, "</tbody></table></div>\n<h2>Text</h2>\n<div class=\"blame\">");
	for (size_t i = 0, run = 0; i < n; i++) {
		if (i + 1 < n && t[i + 1].origin == t[run].origin)
			continue;
		int v = t[run].origin;
		rd_buf_printf(&b, "<a class=\"a%zu\" href=\"#v%d\" title=\"", color_of(au, na, author_of(o, v)), v);
		hover(&b, o, v);
		rd_buf_puts(&b, "\">");
		rd_html_text(&b, text + t[run].off, t[i].off + t[i].len - t[run].off);
		rd_buf_puts(&b, "</a>");
		run = i + 1;
	}
	rd_buf_puts(&b, "</div>\n<h2>The edits that wrote it</h2>\n");
	rc = rd_html_write(&b, w, ctx);
	rd_buf_release(&title);
	free(words);
	free(au);
	return rc;
}
