/* wordbreak.h - word boundaries in scripts written without spaces (Thai,
 * Lao, Khmer, Burmese), through ICU's dictionary-based break iterator.
 * ICU is loaded with dlopen() the first time such a run is met, so a
 * program that never sees these scripts never maps ICU's 30 MB of data. */
#ifndef RD_WORDBREAK_H
#define RD_WORDBREAK_H

#include <stddef.h>

/*
 * Cuts the run of letters s[0..n) at ICU's word boundaries: calls
 * cut(ctx, start, end) for each word, in order, the pieces tiling the run.
 * Returns 0 when done, or -1 (nothing called) when ICU is not available or
 * fails, and the run then stays one token.  Thread-safe.
 */
int rd_wordbreak(const char *s, size_t n, void (*cut)(void *ctx, size_t start, size_t end),
		 void *ctx);

#endif
