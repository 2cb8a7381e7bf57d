/*
 * revdiff/render.h - renderers (render*.c): a diff as text, colour, porcelain, JSON or HTML.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_RENDER_H
#define REVDIFF_RENDER_H

#include <stddef.h>
#include "buf.h"
#include "diff.h"

enum rd_format {
	RD_FORMAT_PLAIN = 0, /* [-old-]{+new+} markers */
	RD_FORMAT_COLOR,     /* ANSI colors, no markers */
	RD_FORMAT_PORCELAIN, /* git's --word-diff=porcelain */
	RD_FORMAT_JSON,      /* one JSON object per diff (DESIGN.md) */
	RD_FORMAT_HTML       /* a self-contained HTML page (render_html.c) */
};
/* Parses a format name; returns -1 when unknown. */
int rd_format_parse(const char *name);

struct rd_log_row; /* history.h */

/* What is known of one side of a diff: a file (only `name`) or a version. */
struct rd_side {
	const char *name;        /* entry name, or file name */
	int is_file;
	int version;             /* 1-based; 0 when none */
	int nversions;
	const char *commit;      /* hex, or NULL */
	const char *timestamp;   /* ISO 8601, or NULL when undated */
	const char *author;
	const char *label;
	const char *revision_id;
	/* for people: the time in the chosen --date style (NULL: timestamp) */
	const char *shown_time;
	/* the audit flags `log` shows */
	int minor, text_deleted, comment_deleted;
	int revert_to, reverted_by; /* version numbers, 0 when none */
	/* sizes and word counts against the parent (log's table), or NULL */
	const struct rd_log_row *row;
	const char *tags;        /* MediaWiki's change tags, space-separated, or NULL */
};

struct rd_render_opts {
	enum rd_format format;
	long context;        /* lines around changes; < 0 for the whole text */
	unsigned hide;       /* classes not shown: bit (1u << class) */
	const struct rd_side *from, *to;
	int fragment;        /* html: one <section>, for rd_render_html_begin() */
	int stat_only;       /* json: the sides and stats, no ops (--stat) */
	const char *status;  /* json: a "status" member first (tree diffs), or NULL */
};
void rd_render_opts_init(struct rd_render_opts *o);

/* Receives output; returns 0, or nonzero to stop (the renderer then
 * returns RD_EIO). */
typedef int (*rd_write_fn)(void *ctx, const char *data, size_t len);

/* Renders `d` in o->format through `w`. */
int rd_render(const struct rd_diff *d, const struct rd_render_opts *o,
	      rd_write_fn w, void *ctx);
/* Words inserted and deleted, no zero shown: "+6 words -1 word", "-4
 * words", "0 words"; `compact` gives "+6 -1 words" (log's columns). */
void rd_words_delta(struct rd_buf *b, size_t ins, size_t del, int compact);
/* One line "+N words -N words: 1 insert, 1 spacing" (no newline) into b. */
void rd_render_summary(struct rd_buf *b, const struct rd_diff *d, unsigned hide);

/*
 * An HTML page of several diffs (log): _begin writes the head and the
 * title, _versions a table of versions (each links to the section of the
 * diff that made it), then one rd_render() per diff with format
 * RD_FORMAT_HTML and `fragment` set, then _end.
 */
int rd_render_html_begin(const char *title, rd_write_fn w, void *ctx);
int rd_render_html_versions(const struct rd_side *versions, size_t n,
			    rd_write_fn w, void *ctx);
/* The history's timeline (an inline SVG of the size over time, a mark per
 * edit coloured by rd_author_kind, reverts as diamonds, reverted edits
 * ringed, each span from a vandalism to its revert shaded) and the table
 * of contributors (edits, words added, and words still in the newest
 * text: present[v] for version v, may be NULL).  v oldest first, with
 * their rows (log's sizes and words). */
int rd_render_html_timeline(const struct rd_side *v, size_t n, const size_t *present,
			    rd_write_fn w, void *ctx);
/* The section of a version whose text the source deleted: its metadata
 * and that saying, and the version the next diff compares with (parent,
 * may be NULL), instead of a diff against nothing. */
int rd_render_html_deleted(const struct rd_side *v, const struct rd_side *parent,
			   rd_write_fn w, void *ctx);
int rd_render_html_end(rd_write_fn w, void *ctx);

#endif
