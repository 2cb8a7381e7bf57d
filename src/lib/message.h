/*
 * message.h - a version's commit message (store.h, THE MESSAGE): built and
 * parsed from one trailer table, so that what is written is what is read.
 */
#ifndef RD_MESSAGE_H
#define RD_MESSAGE_H

#include "revdiff.h"

/* The message format revdiff writes (format 1 is still read). */
#define RD_MESSAGE_FORMAT 2

/*
 * Appends v's message to m: the label byte for byte, then the trailers.
 * `entry` (the entry name when its ref name is escaped) and `author` (the
 * name as given when the commit's ident cannot hold it) are written as
 * trailers when not NULL.
 */
void rd_message_build(struct rd_buf *m, const struct rd_version *v, const char *entry,
		      const char *author);

/*
 * Fills v's label and trailer fields from a message of either format;
 * v->author is replaced when the message keeps the name as given.  Returns
 * the format read (1 or 2).  Never fails: text that is not revdiff's is
 * the label.
 */
int rd_message_parse(struct rd_version *v, const char *msg, size_t len);

/* %XX decoding of s[0..n) into b; RD_EINVALID on a bad or %00 escape. */
int rd_unpercent(struct rd_buf *b, const char *s, size_t n);

#endif
