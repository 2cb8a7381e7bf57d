/* render_int.h - shared by the renderers; not for the CLI. */
#ifndef RD_RENDER_INT_H
#define RD_RENDER_INT_H

#include "revdiff.h"

typedef int (*rd_render_fn)(const struct rd_diff *d, const struct rd_render_opts *o,
			    rd_write_fn w, void *ctx);

int rd_render_text(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx);
int rd_render_html(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx);
int rd_render_json(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx);

/* JSON strings from bytes that may not be valid UTF-8: each bad byte
 * becomes U+FFFD (render_json.c).  The _opt_ form gives null for NULL. */
struct json_t;
struct json_t *rd_json_bytes(const char *s, size_t n);
struct json_t *rd_json_opt_string(const char *s);

/* The visible glyph (UTF-8) for a whitespace byte in a whitespace-only
 * change: middle dot, arrow, return symbol, open box. */
const char *rd_space_glyph(char c);

/* Nonzero when op is a change of a hidden class. */
int rd_op_hidden(const struct rd_op *op, unsigned hide);

/* HTML pieces render_html_page.c shares with the other pages: text escaped
 * (bad bytes U+FFFD, controls as pictures), a name or comment escaped
 * with invisible characters shown, the page's head (title, style and,
 * with `key`, what the diff marks mean), a version's <time>, its audit
 * flags, and writing a buffer out (then released). */
void rd_html_text(struct rd_buf *b, const char *s, size_t n);
void rd_html_meta(struct rd_buf *b, const char *s);
void rd_html_page_head(struct rd_buf *b, const char *title, int key);
void rd_html_time(struct rd_buf *b, const struct rd_side *s);
void rd_html_flags(struct rd_buf *b, const struct rd_side *s);
int rd_html_write(struct rd_buf *b, rd_write_fn w, void *ctx);
/* For render_html.c (render_html_page.c): a diff's page head (unless
 * o->fragment) and section head, a column heading of its table ("version
 * N, date, author" or the file), and the page's end. */
void rd_html_diff_head(struct rd_buf *b, const struct rd_diff *d, const struct rd_render_opts *o,
		       const char *id);
void rd_html_side_heading(struct rd_buf *b, const struct rd_side *s, const char *what);
extern const char rd_html_page_tail[];

/* blame --format=html (render_blame_html.c); leaves the page open. */
struct rd_blame;
struct rd_blame_render_opts;
int rd_blame_render_html(struct rd_blame *b, const struct rd_blame_render_opts *o,
			 rd_write_fn w, void *ctx);

/* Buffered output through a write callback. */
struct rd_out {
	rd_write_fn w;
	void *ctx;
	struct rd_buf buf;
	int failed;
};
int rd_out(struct rd_out *out, const char *data, size_t len);
int rd_out_flush(struct rd_out *out);

#endif
