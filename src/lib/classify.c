/*
 * classify.c - names each change.  NEEDSWORK: only the baseline classes
 * from diff.c (insert, delete, replace, whitespace) so far.
 */
#include "revdiff.h"

void rd_classify(struct rd_diff *d)
{
	(void)d;
}
