/*
 * mediawiki_int.h - what the MediaWiki parser's two files share:
 * mediawiki.c (expat's handlers, the push parser, whole files) and
 * mediawiki_page.c (a page's and a revision's fields, checked and handed
 * to the callbacks).
 */
#ifndef RD_MEDIAWIKI_INT_H
#define RD_MEDIAWIKI_INT_H

#include "revdiff.h"

#include <expat.h>
#include <stdint.h>

enum ctx {
	C_DOC,     /* before the root */
	C_ROOT,    /* inside <mediawiki> */
	C_PAGE,
	C_REV,
	C_CONTRIB,
	C_FIELD,   /* a leaf we keep the text of */
	C_SKIP     /* unknown: ignored with everything inside */
};

enum field {
	F_NONE = 0,
	F_TITLE, F_NS, F_PAGE_ID,
	F_REV_ID, F_PARENT_ID, F_TIMESTAMP, F_COMMENT, F_MODEL, F_FORMAT,
	F_TEXT, F_SHA1, F_MINOR,
	F_USERNAME, F_USER_ID, F_IP,
	F__COUNT
};

struct frame {
	enum ctx ctx;
	enum field field;
};

struct rd_mw_parser {
	XML_Parser xp;
	char *name;
	const struct rd_mw_callbacks *cb;
	void *ctx;
	struct rd_mw_stats *stats, own_stats;

	struct frame *stack;
	size_t depth, cap;

	struct rd_buf f[F__COUNT]; /* field texts */
	int have[F__COUNT];        /* the element was present */

	/* page state */
	struct rd_buf title;
	struct rd_mw_page page;
	int page_started;

	/* revision attributes */
	int contrib_deleted, comment_deleted, text_deleted;
	int64_t text_bytes;
	struct rd_buf text_sha1_attr;
	int have_text_sha1_attr;

	int err;              /* first error code, stops everything */
	uint64_t next_progress;
	char *ns_uri;         /* the root's namespace, or NULL */

	/* the page's revision ids and their lines (open addressing; id 0
	 * marks a free slot: revisions without an id are not checked) */
	struct seen_id { int64_t id; unsigned long line; } *ids;
	size_t nids, idcap;
};

/* mediawiki.c: the first error as "NAME:LINE: what (in page 'T')", which
 * stops the parse; warnings to the warning callback, warn_at naming the
 * line, page and revision. */
int rd_mw_fail(struct rd_mw_parser *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rd_mw_warn(struct rd_mw_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rd_mw_warn_at(struct rd_mw_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* mediawiki_page.c */
int rd_mw_parse_int(const char *s, int64_t *out);
void rd_mw_reset_fields(struct rd_mw_parser *p, enum field from, enum field to);
void rd_mw_reset_revision(struct rd_mw_parser *p);
void rd_mw_ids_clear(struct rd_mw_parser *p);
/* At </revision> and </page>: the callbacks, or the error that stops. */
int rd_mw_revision_end(struct rd_mw_parser *p);
int rd_mw_page_end(struct rd_mw_parser *p);

#endif
