/*
 * revdiff/mem.h - memory (mem.c): allocation that aborts with a message on exhaustion.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_MEM_H
#define REVDIFF_MEM_H

#include <stddef.h>

void *rd_malloc(size_t n);
void *rd_calloc(size_t count, size_t size);
void *rd_realloc(void *p, size_t n);
/* Grows *p (of *cap elements of `size`) to hold at least `need`. */
void rd_grow(void **p, size_t *cap, size_t need, size_t size);
char *rd_strdup(const char *s);
char *rd_strndup(const char *s, size_t n);
/* Large memory (huge pages where the kernel has them), zeroed; the second
 * populated up front.  Release with rd_unmap(p, n). */
void *rd_map(size_t n);
void *rd_map_zeroed(size_t n);
void rd_unmap(void *p, size_t n);

#endif
