/*
 * history.c - questions about an entry's versions that every command asks
 * the same way: which version a diff compares with (stepping over texts
 * the source deleted), and which versions are reverts.
 */
#include "revdiff.h"

#include <stdlib.h>

size_t rd_history_parent(const struct rd_history *h, size_t i)
{
	while (i-- > 0)
		if (!h->v[i].text_deleted)
			return i;
	return SIZE_MAX;
}

void rd_history_reverts(struct rd_revert *out, const struct rd_history *h)
{
	const char **ids = rd_calloc(h->n ? h->n : 1, sizeof(*ids));

	/* a deleted text has no blob to match: it reverts nothing */
	for (size_t k = 0; k < h->n; k++)
		ids[k] = h->v[k].text_deleted ? NULL : h->v[k].blob;
	rd_reverts_detect(out, ids, h->n, RD_REVERT_WINDOW);
	free(ids);
}
