/*
 * mem.c - allocation that never returns NULL.  Out of memory is fatal here,
 * in one place, so that no other code carries out-of-memory paths (tmux's
 * xmalloc.c does the same).  This is the library's only exit.
 */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void oom(size_t n)
{
	fprintf(stderr, "revdiff: fatal: out of memory (%zu bytes)\n", n);
	abort();
}

void *rd_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *rd_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		oom(count * size);
	return p;
}

void *rd_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

void rd_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return;
	/* 1.5x growth: amortized O(1) appends with less slack than doubling. */
	c = c < 16 ? 16 : c + c / 2;
	if (c < need)
		c = need;
	if (c > SIZE_MAX / size)
		oom(SIZE_MAX);
	*p = rd_realloc(*p, c * size);
	*cap = c;
}

char *rd_strndup(const char *s, size_t n)
{
	char *p = rd_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rd_strdup(const char *s)
{
	return rd_strndup(s, strlen(s));
}

/*
 * Large zeroed scratch memory, mapped with MAP_POPULATE: the kernel maps it
 * in one pass instead of one page fault per 4 KiB on first touch, which
 * costs more than the work done in it on some virtual machines.
 */
void *rd_map_zeroed(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED)
		oom(n);
	return p;
}

void rd_unmap(void *p, size_t n)
{
	if (p)
		munmap(p, n ? n : 1);
}
