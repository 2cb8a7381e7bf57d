/* testutil.h - assertions and data access the Check suites share. */
#ifndef RD_TESTUTIL_H
#define RD_TESTUTIL_H

#include "revdiff.h"

/* Asserts the ops tile both texts and rebuild them byte for byte, equal
 * ops hold equal bytes, and every change is numbered and classed. */
void rd_test_check_rebuild(const struct rd_diff *d);
/* Reads `rel` (a path from the top of the source tree, $TOP_SRCDIR) into b. */
void rd_test_read(struct rd_buf *b, const char *rel);

#endif
