/*
 * render.c - the renderers' table and what they share.  Each format is one
 * file that registers a function here (as libsigrok's output modules).
 */
#include "render_int.h"

#include <string.h>

static const struct {
	const char *name;
	enum rd_format format;
	rd_render_fn fn;
} renderers[] = {
	{ "plain", RD_FORMAT_PLAIN, rd_render_text },
	{ "color", RD_FORMAT_COLOR, rd_render_text },
	{ "porcelain", RD_FORMAT_PORCELAIN, rd_render_text },
	{ "json", RD_FORMAT_JSON, rd_render_json },
	{ "html", RD_FORMAT_HTML, rd_render_html },
};

int rd_format_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (strcmp(name, renderers[i].name) == 0)
			return (int)renderers[i].format;
	return -1;
}

void rd_render_opts_init(struct rd_render_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = RD_FORMAT_PLAIN;
	o->context = 3;
}

int rd_render(const struct rd_diff *d, const struct rd_render_opts *o,
	      rd_write_fn w, void *ctx)
{
	for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (renderers[i].format == o->format)
			return renderers[i].fn(d, o, w, ctx);
	return rd_error_set(RD_EINVALID, "unknown output format %d", (int)o->format);
}

int rd_op_hidden(const struct rd_op *op, unsigned hide)
{
	return op->kind != RD_OP_EQUAL && (hide & (1u << op->cls));
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void rd_words_delta(struct rd_buf *b, size_t ins, size_t del, int compact)
{
	if (!ins && !del)
		rd_buf_puts(b, "0 words");
	else if (compact && ins && del)
		rd_buf_printf(b, "+%zu -%zu words", ins, del);
	else if (ins && del)
		rd_buf_printf(b, "+%zu %s -%zu %s", ins, plural(ins, "word", "words"), del,
			      plural(del, "word", "words"));
	else
		rd_buf_printf(b, "%c%zu %s", ins ? '+' : '-', ins ? ins : del,
			      plural(ins ? ins : del, "word", "words"));
}

void rd_render_summary(struct rd_buf *b, const struct rd_diff *d, unsigned hide)
{
	const struct rd_diff_stats *s = &d->stats;
	int first = 1;

	rd_words_delta(b, s->words_inserted, s->words_deleted, 0);
	for (int c = 1; c < RD_CLASS__COUNT; c++) {
		if (!s->by_class[c] || (hide & (1u << c)))
			continue;
		rd_buf_printf(b, "%s %zu %s", first ? ":" : ",", s->by_class[c],
			      rd_class_name((enum rd_class)c));
		first = 0;
	}
	if (first)
		rd_buf_puts(b, ": no changes");
}

int rd_out(struct rd_out *out, const char *data, size_t len)
{
	rd_buf_put(&out->buf, data, len);
	/* Flush in chunks so a large diff never sits whole in memory twice. */
	if (out->buf.len >= 65536)
		return rd_out_flush(out);
	return 0;
}

int rd_out_flush(struct rd_out *out)
{
	int err = 0;

	if (out->failed)
		return RD_EIO;
	if (out->buf.len && out->w(out->ctx, out->buf.ptr, out->buf.len))
		out->failed = 1;
	rd_buf_clear(&out->buf);
	return out->failed ? rd_error_set(RD_EIO, "cannot write output") : err;
}

const char *rd_space_glyph(char c)
{
	switch (c) {
	case ' ': return "\xc2\xb7";      /* middle dot */
	case '\t': return "\xe2\x86\x92"; /* rightwards arrow */
	case '\n': return "\xe2\x86\xb5"; /* downwards arrow with corner */
	case '\r': return "\xe2\x90\x8d"; /* symbol for carriage return */
	default: return "\xe2\x90\xa3";   /* open box */
	}
}
