/*
 * revdiff/buf.h - growable byte buffers, whole files and line starts (buf.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_BUF_H
#define REVDIFF_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct rd_buf {
	char *ptr; /* always NUL-terminated once anything was written */
	size_t len;
	size_t cap;
};
#define RD_BUF_INIT { NULL, 0, 0 }

void rd_buf_put(struct rd_buf *b, const void *data, size_t len);
void rd_buf_puts(struct rd_buf *b, const char *s);
void rd_buf_putc(struct rd_buf *b, char c);
void rd_buf_printf(struct rd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rd_buf_vprintf(struct rd_buf *b, const char *fmt, va_list ap);
void rd_buf_clear(struct rd_buf *b);
/* Hands the bytes to the caller (free() them); the buffer is left empty. */
char *rd_buf_detach(struct rd_buf *b, size_t *len);
void rd_buf_release(struct rd_buf *b);

/* Reads a whole file ("-" is standard input) into `out`. */
int rd_file_read(struct rd_buf *out, const char *path);

/* A whole file's bytes, mapped when it is a regular file (no copy), read
 * otherwise (pipes, "-" for standard input). */
struct rd_file {
	const char *data; /* never NULL once loaded */
	size_t len;
	void *map;        /* the memory read into, or NULL */
	size_t maplen;
	struct rd_buf buf;
};
int rd_file_load(struct rd_file *f, const char *path);
void rd_file_release(struct rd_file *f);

/*
 * Where the lines of text[0, len) start: *out (free() it) gets 0 and the
 * offset after every '\n', in order, with room for one more entry; returns
 * how many were stored.  len must be below 4 GiB (RD_TEXT_MAX).
 */
size_t rd_line_starts(uint32_t **out, const char *text, size_t len);
/* Passes up to `max` newlines of s[0, n): sets *skipped to how many, and
 * returns the offset just past the last one passed (0 if none). */
size_t rd_skip_lines(const char *s, size_t n, size_t max, size_t *skipped);

/* ASCII whitespace: space, \t, \n, \v, \f, \r. */
static inline int rd_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
/* Nonzero when s[0, n) is all ASCII whitespace (or empty). */
static inline int rd_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!rd_is_space(s[i]))
			return 0;
	return 1;
}

#endif
