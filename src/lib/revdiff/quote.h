/*
 * revdiff/quote.h - showing user text safely (quote.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_QUOTE_H
#define REVDIFF_QUOTE_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/*
 * A name (entry, file) as it is safe to print on a terminal: as it is when
 * it holds no control, bidirectional or invisible character, else in
 * double quotes with C escapes (\n, \t, \033, \", \\) and \uXXXX for
 * the others (\u202e), as git quotes such paths.  Free() it.
 */
char *rd_quote_name(const char *name);
/* Appends s[0..n) (an author, a comment) with those characters escaped
 * the same way, newlines kept when keep_newlines; no quotes added. */
void rd_buf_put_shown(struct rd_buf *b, const char *s, size_t n, int keep_newlines);
/* The byte length of the control, bidirectional or invisible character
 * at s (*cp gets it), or 0 when s starts with any other. */
size_t rd_invisible_at(const char *s, size_t n, uint32_t *cp);

#endif
