/* testutil.h - assertions and data access the Check suites share. */
#ifndef RD_TESTUTIL_H
#define RD_TESTUTIL_H

#include "revdiff.h"

/* Asserts the ops tile both texts and rebuild them byte for byte, equal
 * ops hold equal bytes, and every change is numbered and classed. */
void rd_test_check_rebuild(const struct rd_diff *d);
/* Reads `rel` (a path from the top of the source tree, $TOP_SRCDIR) into b. */
void rd_test_read(struct rd_buf *b, const char *rel);
/* A new store in a new temporary directory named after `prefix`, whose
 * path is left in dir; and its removal with the directory. */
struct rd_store *rd_test_store_new(char *dir, size_t n, const char *prefix);
void rd_test_store_remove(struct rd_store *st, const char *dir);

#endif
