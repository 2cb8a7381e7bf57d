/*
 * mw_state.h - what import_api.c keeps beside the entries (mw_tags.c):
 * change tags by commit id, and per wiki the pages followed.  Internal.
 */
#ifndef RD_MW_STATE_H
#define RD_MW_STATE_H

#include "revdiff.h"

#include <jansson.h>

/* Sets (or, for NULL or "", removes) the tags of a commit. */
void rd_mw_tags_set(struct rd_mw_tags *t, const char *commit, const char *tags);
/* The wiki's object ({"pages": ..., "recent": ...}), made when missing;
 * borrowed. */
json_t *rd_mw_state_wiki(struct rd_mw_tags *t, const char *api);
/* Its "pages": page id (decimal string) -> entry name. */
json_t *rd_mw_state_pages(struct rd_mw_tags *t, const char *api);
/* Writes it all; RD_ECONFLICT when another writer moved the ref. */
int rd_mw_tags_save(struct rd_mw_tags *t);

/* One revision of an API answer (formatversion=2, main slot) as the XML
 * parser gives it: hidden user, comment and text marked deleted, sha1
 * (hex here) and size checked into sha1_ok and bytes_ok; its tags appended
 * to `tags`, space-separated.  Pointers borrow from `r`.  RD_EIO when it
 * lacks an id or a timestamp (import_api.c). */
int rd_mw_api_revision(struct rd_mw_revision *rev, struct rd_buf *tags, json_t *r);

#endif
