/*
 * revdiff/mediawiki.h - the MediaWiki XML export parser (mediawiki.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_MEDIAWIKI_H
#define REVDIFF_MEDIAWIKI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * MediaWiki XML exports (mediawiki.c): Special:Export files and
 * pages-meta-history dumps, schema versions 0.3 to 0.11, in any
 * compression rd_reader reads.  The parser streams: it holds one
 * revision's text at a time and hands every page and revision to
 * callbacks in file order (not timestamp order).  Entity declarations in
 * a DOCTYPE and external entities are refused; a root in another
 * namespace than MediaWiki's is not an export.
 */
enum rd_mw_contributor {
	RD_MW_CONTRIB_NONE = 0, /* no <contributor> element */
	RD_MW_CONTRIB_USER,     /* a registered user: username and user id */
	RD_MW_CONTRIB_IP,       /* an anonymous editor: IPv4 or IPv6 address */
	RD_MW_CONTRIB_DELETED   /* <contributor deleted="deleted"/> */
};

/* What is known of a page when its first revision starts.  Borrowed. */
struct rd_mw_page {
	const char *source; /* the file's name (as given to the parser) */
	const char *title;
	long ns;         /* namespace number; 0 when the file has none (0.3) */
	int64_t id;      /* page id; 0 when absent */
	size_t nrevisions; /* revisions seen so far (set at page end) */
};

/* One revision, complete.  Every pointer is borrowed for the callback. */
struct rd_mw_revision {
	int64_t id;             /* revision id; 0 when absent (see has_id) */
	int has_id;             /* <id> was written: 0 is then an id too */
	int64_t parent_id;      /* <parentid>; 0 when absent */
	const char *timestamp;  /* as in the file: "2017-08-13T03:50:22Z" */
	int contributor;        /* enum rd_mw_contributor */
	const char *username;   /* RD_MW_CONTRIB_USER, else NULL */
	int64_t user_id;        /* RD_MW_CONTRIB_USER; 0 when absent */
	const char *ip;         /* RD_MW_CONTRIB_IP, else NULL */
	const char *comment;    /* NULL when there is none or it was deleted */
	int comment_deleted;
	int minor;
	const char *model, *format; /* NULL when absent */
	/* The text, entities decoded, bytes as the file gives them.  NULL
	 * when text_deleted (<text deleted="deleted"/>) or text_missing (an
	 * empty <text> that claims bytes > 0, as in stub dumps): nothing is
	 * ever made up for them. */
	const char *text;
	size_t text_len;
	int text_deleted;
	int text_missing;
	const char *sha1;       /* <sha1> (or the text's sha1 attribute), or NULL */
	int64_t bytes;          /* <text bytes="">; -1 when absent */
	/* Checks: 1 verified, 0 mismatch (a warning was sent, the revision
	 * is still delivered), -1 not checkable (no sha1/bytes, no text). */
	int sha1_ok;
	int bytes_ok;
	unsigned long line;     /* line of </revision> in the XML */
};

struct rd_mw_stats {
	uint64_t size_in;       /* the file's size, 0 when unknown (a pipe) */
	uint64_t bytes_in;      /* bytes read from the file (compressed) */
	uint64_t bytes_xml;     /* bytes of XML fed to the parser */
	size_t pages, revisions;
	size_t sha1_mismatches, bytes_mismatches;
};

/*
 * Callbacks; any may be NULL.  A callback returns 0 to go on, or a
 * negative RD_E* code (with rd_error_set) to stop the parse, which then
 * returns that code.  page_start comes at the page's first revision (or at
 * its end when it has none), so title, ns and id are known; page_end only
 * for pages that were read completely: after an error, the revisions of
 * the unfinished page have been delivered but its page_end never comes.
 * warning receives problems that do not stop the import, each naming
 * line, page and revision: a sha1 or bytes mismatch, an unknown schema
 * version, and malformed parts that are left out (a known element in the
 * wrong place, a field given twice: the first is kept, a revision id
 * repeated in a page: the first is kept).
 */
struct rd_mw_callbacks {
	int (*page_start)(void *ctx, const struct rd_mw_page *page);
	int (*revision)(void *ctx, const struct rd_mw_page *page,
			const struct rd_mw_revision *rev);
	int (*page_end)(void *ctx, const struct rd_mw_page *page);
	void (*warning)(void *ctx, const char *message);
	/* Called about every 256 KiB of XML, for progress displays. */
	void (*progress)(void *ctx, const struct rd_mw_stats *stats);
};

/*
 * A push parser, for bytes from anywhere (a live wiki's API): feed the
 * XML in chunks of any size, final = 1 with the last (which may be
 * empty).  Returns 0 or the first error (then nothing more is read).
 * `stats` (may be NULL) is zeroed, then filled as it goes.
 */
struct rd_mw_parser;
int rd_mw_parser_new(struct rd_mw_parser **out, const char *name,
		     const struct rd_mw_callbacks *cb, void *ctx, struct rd_mw_stats *stats);
int rd_mw_parser_feed(struct rd_mw_parser *p, const char *buf, size_t n, int final);
void rd_mw_parser_free(struct rd_mw_parser *p);

/*
 * Parses the export at `path` ("-" for standard input) through rd_reader,
 * whatever its name.  `stats` (may be NULL) is filled as it goes.
 * Malformed XML is RD_EINVALID with a message naming the line and the page.
 */
int rd_mediawiki_parse(const char *path, const struct rd_mw_callbacks *cb,
		       void *ctx, struct rd_mw_stats *stats);
/* The same on an open stream (not closed); `name` is for messages. */
int rd_mediawiki_parse_file(FILE *f, const char *name,
			    const struct rd_mw_callbacks *cb, void *ctx,
			    struct rd_mw_stats *stats);

/* MediaWiki's <sha1>: the SHA-1 of `data` in base 36, lower case, padded
 * with zeros to 31 characters, into out[32] (NUL-terminated). */
void rd_mediawiki_sha1(char out[32], const void *data, size_t len);

#endif
