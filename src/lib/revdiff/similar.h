/*
 * revdiff/similar.h - similarity of whole texts (similar.c), for rename detection.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_SIMILAR_H
#define REVDIFF_SIMILAR_H

#include <stddef.h>

/* A text's lines as a multiset, for rename detection; _release frees. */
struct rd_sig {
	struct rd_sig_line *lines; /* (hash, length), sorted */
	size_t n;
	size_t bytes;              /* the text's size */
};
void rd_sig_init(struct rd_sig *s, const char *text, size_t len);
void rd_sig_release(struct rd_sig *s);
/* The bytes of the lines both texts hold over the larger size, 0 to 1
 * (git's rename score, on lines); two empty texts are 1. */
double rd_sig_similarity(const struct rd_sig *a, const struct rd_sig *b);

#endif
