/*
 * render_blame.c - shows a blame: who wrote each word of a version.
 *
 * Text formats print a legend (every version that still has words in the
 * text, with its date, author, label and word count), then the text with
 * a "[vN]" mark where a run of words from another version starts; in
 * color each origin also gets its own color.  JSON is DESIGN.md's: the
 * version blamed and every token, whitespace included, with its origin
 * and the versions that removed and restored it.
 */
#include "render_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ANSI_RESET "\033[m"
#define ANSI_DIM "\033[2m"
/* Colors cycled over origins: readable on dark and light terminals. */
static const char *const palette[] = {
	"\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[34m", "\033[31m"
};

static const struct rd_side *side_of(const struct rd_blame_render_opts *o, int v)
{
	return o->side ? o->side(o->side_ctx, v) : NULL;
}

void rd_blame_word_counts(struct rd_blame *b, size_t *out, size_t n)
{
	size_t nt;
	const struct rd_blame_token *t = rd_blame_tokens(b, &nt);

	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < nt; i++)
		if (t[i].origin >= 0 && (size_t)t[i].origin < n)
			out[t[i].origin] += (size_t)t[i].word;
}

/* ---- text ------------------------------------------------------------------- */

static void side_line(struct rd_buf *b, const struct rd_side *s)
{
	if (!s)
		return;
	rd_buf_printf(b, "  %s", s->shown_time ? s->shown_time : s->timestamp ? s->timestamp : "(undated)");
	rd_buf_puts(b, "  ");
	rd_buf_put_shown(b, s->author ? s->author : "(unknown)",
			 strlen(s->author ? s->author : "(unknown)"), 0);
	if (s->revision_id)
		rd_buf_printf(b, "  rev %s", s->revision_id);
	if (s->label && *s->label) {
		rd_buf_puts(b, "  ");
		rd_buf_put_shown(b, s->label, strlen(s->label), 0);
	}
}

/* "[v" + digits + "]": what a mark looks like. */
static int looks_like_mark(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 4 || s[0] != '[' || s[1] != 'v')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 2 && i < n && s[i] == ']';
}

/*
 * A run of text from one origin.  In plain text, page text that looks
 * like a mark is escaped so that marks stay unambiguous: a backslash goes
 * after the '[' of "[vN]" and of "[\" ("[\v9]" is the text "[v9]").
 */
static void put_run(struct rd_out *out, const char *s, size_t n, const char *color)
{
	size_t from = 0;

	/* less -R forgets the color at a line's end, so each line of a run
	 * says it again: wrapped or paged, no text looks unattributed */
	for (size_t i = 0; i < n && color; i++) {
		if (s[i] != '\n' || i + 1 == n)
			continue;
		rd_out(out, s + from, i - from);
		rd_out(out, ANSI_RESET "\n", strlen(ANSI_RESET) + 1);
		rd_out(out, color, strlen(color));
		from = i + 1;
	}
	for (size_t i = 0; i + 1 < n && !color; i++) {
		if (s[i] != '[' || !(s[i + 1] == '\\' || looks_like_mark(s + i, n - i)))
			continue;
		rd_out(out, s + from, i + 1 - from);
		rd_out(out, "\\", 1);
		from = i + 1;
	}
	rd_out(out, s + from, n - from);
}

static int render_text(struct rd_blame *b, const struct rd_blame_render_opts *o,
		       struct rd_out *out)
{
	size_t n, len;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	const char *text = rd_blame_text(b, &len);
	int color = o->format == RD_FORMAT_COLOR, prev = 0;
	struct rd_buf line = RD_BUF_INIT;
	size_t *words = NULL, *tokens = NULL;
	int maxv = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].origin > maxv)
			maxv = t[i].origin;
	words = rd_calloc((size_t)maxv + 1, sizeof(*words));
	tokens = rd_calloc((size_t)maxv + 1, sizeof(*tokens));
	for (size_t i = 0; i < n; i++) {
		tokens[t[i].origin]++;
		words[t[i].origin] += t[i].word;
	}

	if (o->blamed) {
		char *q = rd_quote_name(o->blamed->name ? o->blamed->name : "");
		rd_buf_printf(&line, "blame    %s", q);
		free(q);
		if (o->blamed->version)
			rd_buf_printf(&line, "  version %d of %d", o->blamed->version, o->blamed->nversions);
		rd_buf_putc(&line, '\n');
	}
	for (int v = 1; v <= maxv; v++) {
		if (!tokens[v])
			continue;
		rd_buf_printf(&line, "%sv%-4d%s", color ? palette[(v - 1) % 6] : "", v,
			      color ? ANSI_RESET : "");
		rd_buf_printf(&line, "%6zu word%s", words[v], words[v] == 1 ? " " : "s");
		side_line(&line, side_of(o, v));
		rd_buf_putc(&line, '\n');
	}
	rd_buf_putc(&line, '\n');
	rd_out(out, line.ptr, line.len);

	for (size_t i = 0, run = 0; i < n; i++) {
		if (i > run && t[i].origin != prev) {
			put_run(out, text + t[run].off, t[i].off - t[run].off,
				color ? palette[(t[run].origin - 1) % 6] : NULL);
			run = i;
		}
		if (t[i].origin != prev) {
			rd_buf_clear(&line);
			if (color)
				rd_buf_printf(&line, ANSI_RESET ANSI_DIM "[v%d]" ANSI_RESET "%s",
					      t[i].origin, palette[(t[i].origin - 1) % 6]);
			else
				rd_buf_printf(&line, "[v%d]", t[i].origin);
			rd_out(out, line.ptr, line.len);
			prev = t[i].origin;
		}
		if (i + 1 == n)
			put_run(out, text + t[run].off, t[i].off + t[i].len - t[run].off,
				color ? palette[(t[run].origin - 1) % 6] : NULL);
	}
	if (color && n)
		rd_out(out, ANSI_RESET, strlen(ANSI_RESET));
	if (len && text[len - 1] != '\n')
		rd_out(out, "\n", 1);
	free(words);
	free(tokens);
	rd_buf_release(&line);
	return 0;
}

/* ---- JSON -------------------------------------------------------------------- */

static json_t *version_json(const struct rd_side *s, int version, int full)
{
	json_t *o = json_object();

	if (full)
		json_object_set_new(o, "entry", rd_json_opt_string(s ? s->name : NULL));
	json_object_set_new(o, "version", json_integer(version));
	json_object_set_new(o, "commit", rd_json_opt_string(s ? s->commit : NULL));
	json_object_set_new(o, "timestamp", rd_json_opt_string(s ? s->timestamp : NULL));
	json_object_set_new(o, "author", rd_json_opt_string(s ? s->author : NULL));
	if (full)
		json_object_set_new(o, "label", rd_json_opt_string(s ? s->label : NULL));
	json_object_set_new(o, "revision_id", rd_json_opt_string(s ? s->revision_id : NULL));
	return o;
}

/* `j` compact (NULL when jansson cannot); takes `j`. */
static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_ENCODE_ANY);

	json_decref(j);
	if (!s)
		rd_error_set(RD_ERROR, "blame: cannot write JSON");
	return s;
}

/* Writes `j` compact, then `after`; takes `j`. */
static int out_json(struct rd_out *out, json_t *j, const char *after)
{
	char *s = dump(j);

	if (!s)
		return RD_ERROR;
	rd_out(out, s, strlen(s));
	free(s);
	return rd_out(out, after, strlen(after));
}

/* `"key":[v...]` after a comma, as jansson writes it compact. */
static void put_ints(struct rd_buf *b, const char *key, const int *v, size_t n)
{
	rd_buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		char d[16];
		size_t k = sizeof(d);
		unsigned u = v[i] < 0 ? 0u - (unsigned)v[i] : (unsigned)v[i];
		do
			d[--k] = (char)('0' + u % 10);
		while (u /= 10);
		if (v[i] < 0)
			d[--k] = '-';
		if (i)
			d[--k] = ',';
		rd_buf_put(b, d + k, sizeof(d) - k);
	}
	rd_buf_putc(b, ']');
}

/* A token's text as a JSON string, as jansson writes it: printable ASCII
 * and the usual escapes here (most tokens: a token per call to jansson
 * was a third of the JSON's time), anything else through rd_json_bytes. */
static int put_text(struct rd_buf *b, const char *s, size_t n)
{
	char *j;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c >= 0x7f) {
			if (!(j = dump(rd_json_bytes(s, n))))
				return RD_ERROR;
			rd_buf_puts(b, j);
			free(j);
			return 0;
		}
	}
	rd_buf_putc(b, '"');
	for (size_t i = 0, from = 0; i <= n; i++) {
		const char *esc = i == n ? "\"" : s[i] == '"' ? "\\\"" : s[i] == '\\' ? "\\\\" :
				  s[i] == '\n' ? "\\n" : s[i] == '\t' ? "\\t" : s[i] == '\r' ? "\\r" : NULL;
		if (esc) {
			rd_buf_put(b, s + from, i - from);
			rd_buf_puts(b, esc);
			from = i + 1;
		}
	}
	return 0;
}

/* Written one token at a time: the whole document as a JSON tree would
 * take several times the memory of the blame itself (Anarchism: 60 MB). */
static int render_json(struct rd_blame *b, const struct rd_blame_render_opts *o,
		       struct rd_out *out)
{
	size_t n, len;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	const char *text = rd_blame_text(b, &len);
	char **origins = NULL;
	struct rd_buf tok = RD_BUF_INIT;
	size_t norigins = 0;
	int rc;

	rd_out(out, "{\"entry\":", 9);
	if ((rc = out_json(out, rd_json_opt_string(o->blamed ? o->blamed->name : NULL),
			   ",\"version\":")) < 0 ||
	    (rc = out_json(out, version_json(o->blamed, o->blamed ? o->blamed->version : 0, 1),
			   ",\"tokens\":[")) < 0)
		return rc;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		size_t v = (size_t)t[i].origin;
		if (v >= norigins) {
			origins = rd_realloc(origins, (v + 1) * sizeof(*origins));
			memset(origins + norigins, 0, (v + 1 - norigins) * sizeof(*origins));
			norigins = v + 1;
		}
		/* one origin object per version, written once */
		if (!origins[v] && !(origins[v] = dump(version_json(side_of(o, (int)v), (int)v, 0)))) {
			rc = RD_ERROR;
			break;
		}
		rd_buf_clear(&tok);
		rd_buf_puts(&tok, "{\"text\":");
		if ((rc = put_text(&tok, text + t[i].off, t[i].len)) < 0)
			break;
		rd_buf_puts(&tok, ",\"origin\":");
		rd_buf_puts(&tok, origins[v]);
		put_ints(&tok, "removed_in", t[i].removed_in, t[i].nremoved);
		put_ints(&tok, "reinserted_in", t[i].reinserted_in, t[i].nreinserted);
		put_ints(&tok, "moved_in", t[i].moved_in, t[i].nmoved);
		rd_buf_puts(&tok, i + 1 < n ? "}," : "}");
		rc = rd_out(out, tok.ptr, tok.len);
	}
	for (size_t i = 0; i < norigins; i++)
		free(origins[i]);
	free(origins);
	rd_buf_release(&tok);
	return rc < 0 ? rc : rd_out(out, "]}\n", 3);
}

int rd_blame_render(struct rd_blame *b, const struct rd_blame_render_opts *o,
		    rd_write_fn w, void *ctx)
{
	struct rd_out out = { w, ctx, RD_BUF_INIT, 0 };
	int rc;

	if (o->format == RD_FORMAT_HTML)
		rc = rd_blame_render_html(b, o, w, ctx);
	else if (o->format == RD_FORMAT_JSON)
		rc = render_json(b, o, &out);
	else if (o->format == RD_FORMAT_PLAIN || o->format == RD_FORMAT_COLOR)
		rc = render_text(b, o, &out);
	else
		rc = rd_error_set(RD_EINVALID, "blame has no %s format",
				  o->format == RD_FORMAT_PORCELAIN ? "porcelain" : "such");
	if (rd_out_flush(&out) < 0 && !rc)
		rc = rd_error_set(RD_EIO, "cannot write the blame");
	rd_buf_release(&out.buf);
	return rc;
}
