/*
 * revdiff/date.h - times and dates (date.c): parsing and showing them as git does.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_DATE_H
#define REVDIFF_DATE_H

#include <stdint.h>
#include "buf.h"

/* A point in time as git keeps it: seconds since the epoch (UTC) and the
 * zone it was written in.  has_time == 0 means "undated": sec and tz are
 * then meaningless and must never be shown as a time. */
struct rd_time {
	int64_t sec;
	int tz;       /* minutes east of UTC */
	int has_time;
};

enum rd_date_style {
	RD_DATE_ISO = 0,  /* 2017-08-13 03:50:22 +0000 */
	RD_DATE_RELATIVE, /* 3 days ago */
	RD_DATE_UNIX,     /* 1502596222 */
	RD_DATE_SHORT,    /* 2017-08-13 */
	RD_DATE_STRICT    /* 2017-08-13T03:50:22Z (ISO 8601 strict, for JSON) */
};
/* Parses a --date style name; -1 when unknown. */
int rd_date_style_parse(const char *name);

/*
 * Parses `2017-08-13`, `2017-08-13 03:50[:22]`, `2017-08-13T03:50:22Z`,
 * `... +02:00` / `+0200` / `-05`, and `@UNIXSECONDS`.  No zone means UTC.
 * Also git's relative forms, against the clock: `now`, `today`,
 * `yesterday`, `N units ago` (`1 week ago`, `3.days.ago`).
 * A date without a time is 00:00:00, or 23:59:59 when `end_of_day`.
 * RD_EINVALID with a message naming `s` when it is none of these.
 */
int rd_time_parse(struct rd_time *out, const char *s, int end_of_day);
/* Appends `t` in `style` to b; "(undated)" when it has no time.  `now`
 * is the reference for RD_DATE_RELATIVE. */
void rd_time_format(struct rd_buf *b, const struct rd_time *t,
		    enum rd_date_style style, int64_t now);
/* "14 days", "3 hours", "1 minute": the span between two times. */
void rd_time_span(struct rd_buf *b, int64_t seconds);

#endif
