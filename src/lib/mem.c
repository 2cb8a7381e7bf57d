/*
 * mem.c - allocation that never returns NULL.  Out of memory is fatal here,
 * in one place, so that no other code carries out-of-memory paths (tmux's
 * xmalloc.c does the same).  This is the library's only exit.
 */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * Exit status 2, trouble, as for any other error (not abort()'s 134):
 * nothing is left half-written, since the store moves a ref only after
 * everything it names is on disk, and the next writer clears what a dead
 * one left (store.h).  exit() runs the atexit handlers (the pager is
 * waited for); should one of them run out of memory too, _exit.
 */
static void oom(size_t n)
{
	static int exiting;
	char msg[160];
	int len = snprintf(msg, sizeof(msg), "revdiff: error: out of memory (a request for "
			   "%zu bytes failed)\n", n);

	if (len > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)len < sizeof(msg) ? (size_t)len : sizeof(msg) - 1);
	if (exiting++)
		_exit(2);
	exit(2);
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

void rd_table_reserve(void **t, size_t *cap, size_t n, size_t size, size_t first,
		      int (*used)(const void *e), uint64_t (*hash)(const void *e))
{
	char *old = *t, *nt;
	size_t oldcap = *cap, c;

	if ((n + 1) * 2 <= oldcap)
		return;
	c = oldcap ? oldcap * 2 : first;
	nt = rd_calloc(c, size);
	for (size_t i = 0; i < oldcap; i++) {
		const char *e = old + i * size;
		size_t j;
		if (!used(e))
			continue;
		for (j = (size_t)hash(e) & (c - 1); used(nt + j * size); j = (j + 1) & (c - 1))
			;
		memcpy(nt + j * size, e, size);
	}
	free(old);
	*t = nt;
	*cap = c;
}

char *rd_strdup(const char *s)
{
	return rd_strndup(s, strlen(s));
}

/*
 * Large anonymous memory.  From 2 MiB up it asks for transparent huge
 * pages: on a virtual machine every TLB miss is a two-level page walk, and
 * with 4 KiB pages a text or table far larger than the cache makes one
 * every 4 KiB (measured: the first pass over a 10 MB text took 3x longer
 * than the second).
 */
#define HUGE_PAGE ((size_t)2 << 20)

/* Whole huge pages from one up: the kernel places such a mapping on a
 * huge page boundary, where a mapping of any other length may straddle. */
static size_t map_len(size_t n)
{
	if (n < HUGE_PAGE)
		return n ? n : 1;
	return n + HUGE_PAGE - 1 < n ? n : (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *rd_map(size_t n)
{
	size_t len = map_len(n);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		oom(n);
#ifdef MADV_HUGEPAGE
	if (len >= HUGE_PAGE)
		madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

/* ... zeroed and mapped in one pass instead of one page fault per page on
 * first touch, which costs more than the work done in it on some virtual
 * machines. */
void *rd_map_zeroed(size_t n)
{
	void *p = rd_map(n);

#ifdef MADV_POPULATE_WRITE
	madvise(p, map_len(n), MADV_POPULATE_WRITE);
#endif
	return p;
}

void rd_unmap(void *p, size_t n)
{
	if (p)
		munmap(p, map_len(n));
}
