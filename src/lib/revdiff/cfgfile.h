/*
 * revdiff/cfgfile.h - git-config syntax, read safely (cfgfile.c).
 * Includes are not followed here: a caller that allows them reads
 * `include.path` itself (see config.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_CFGFILE_H
#define REVDIFF_CFGFILE_H

#include <stddef.h>
#include "buf.h"

/* One setting: "section.key" or "section.subsection.key" (section and key
 * lower-cased, as git compares them), its value (NULL for a bare `key`,
 * which git reads as true) and its line.  Borrowed for the callback. */
struct rd_cfg_item {
	const char *name;
	const char *value;
	size_t line;
};
/* Nonzero stops the parse and is returned. */
typedef int (*rd_cfg_fn)(void *ctx, const struct rd_cfg_item *it);
/* Parses text[0, len) in one pass; RD_EINVALID "SOURCE:LINE: what" on bad
 * syntax (the message never quotes the text). */
int rd_cfg_parse(const char *text, size_t len, const char *source, rd_cfg_fn fn, void *ctx);

/* rd_file_read_regular's flags. */
#define RD_READ_NOFOLLOW 1u /* a symbolic link is refused */
struct stat;
/*
 * Reads `path` whole into `out` when it is a regular file of at most `max`
 * bytes; never blocks (a FIFO, a device is RD_EINVALID), RD_ETOOBIG past
 * max, RD_ENOTFOUND when missing, else the system's reason.  The file's
 * stat goes to *st when st is not NULL.
 */
int rd_file_read_regular(struct rd_buf *out, const char *path, size_t max, unsigned flags,
			 struct stat *st);

#endif
