/*
 * revdiff/mem.h - memory (mem.c): allocation that aborts with a message on exhaustion.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_MEM_H
#define REVDIFF_MEM_H

#include <stddef.h>
#include <stdint.h>

void *rd_malloc(size_t n);
void *rd_calloc(size_t count, size_t size);
void *rd_realloc(void *p, size_t n);
/* Grows *p (of *cap elements of `size`) to hold at least `need`. */
void rd_grow(void **p, size_t *cap, size_t need, size_t size);
/*
 * Open addressing (linear probing, a power-of-two size, at most half
 * full): before one more entry goes into *t, a table of *cap entries of
 * `size` bytes holding n, doubles it (to `first` when empty) if it would
 * be more than half full, each used entry placed again at
 * hash(entry) & (cap - 1) or the next free slot after it.
 */
void rd_table_reserve(void **t, size_t *cap, size_t n, size_t size, size_t first,
		      int (*used)(const void *e), uint64_t (*hash)(const void *e));
char *rd_strdup(const char *s);
char *rd_strndup(const char *s, size_t n);
/* Large memory (huge pages where the kernel has them), zeroed; the second
 * populated up front.  Release with rd_unmap(p, n). */
void *rd_map(size_t n);
void *rd_map_zeroed(size_t n);
void rd_unmap(void *p, size_t n);

#endif
