/*
 * date.c - parsing and printing the times of versions: ISO 8601 in, ISO
 * 8601 with a zone out (or relative, unix, short).  Calendar arithmetic is
 * done here, without the C library's time zone state, so that a version's
 * own zone is what is printed, whatever TZ says.
 */
#include "revdiff.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *name;
	enum rd_date_style style;
} styles[] = {
	{ "iso", RD_DATE_ISO },
	{ "iso8601", RD_DATE_ISO },
	{ "relative", RD_DATE_RELATIVE },
	{ "unix", RD_DATE_UNIX },
	{ "short", RD_DATE_SHORT },
	{ "iso-strict", RD_DATE_STRICT },
};

int rd_date_style_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (!strcmp(name, styles[i].name))
			return (int)styles[i].style;
	return -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads exactly `n` digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return 0;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 1;
}

static int bad_date(const char *s)
{
	return rd_error_set(RD_EINVALID,
			    "bad date '%s' (use ISO 8601 such as 2017-08-13, "
			    "2017-08-13 03:50:22, 2017-08-13T03:50:22+02:00, or @UNIXTIME)", s);
}

/* git's approxidate habits: "now", "today", "yesterday", "N units ago"
 * ("1 week ago", "3.days.ago"); months are 30 days, years 365.  0 when s
 * is one, 1 when it is not (then the absolute forms are tried). */
static int relative_date(struct rd_time *out, const char *s)
{
	static const struct { const char *name; int64_t sec; } units[] = {
		{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
		{ "week", 7 * 86400 }, { "month", 30 * 86400 }, { "year", 365 * 86400 }
	};
	char word[16];
	long n = 0;
	int used = 0;
	int64_t now = (int64_t)time(NULL), back = -1;

	if (!strcmp(s, "now") || !strcmp(s, "today"))
		back = 0;
	else if (!strcmp(s, "yesterday"))
		back = 86400;
	else if (sscanf(s, "%ld%*[ .]%15[a-z]%*[ .]ago%n", &n, word, &used) == 2 && !s[used] && n >= 0 &&
		 n < 100000) {
		size_t wl = strlen(word);
		if (wl > 1 && word[wl - 1] == 's')
			word[wl - 1] = '\0';
		for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (!strcmp(word, units[k].name))
				back = n * units[k].sec;
	}
	if (back < 0)
		return 1;
	out->sec = now - back;
	out->tz = 0;
	out->has_time = 1;
	return 0;
}

int rd_time_parse(struct rd_time *out, const char *s, int end_of_day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, tz = 0;

	while (*p == ' ')
		p++;
	if (relative_date(out, p) == 0)
		return 0;
	if (*p == '@') {
		char *end;
		long long v;
		p++;
		if (!isdigit((unsigned char)*p) && *p != '-')
			return bad_date(s);
		errno = 0;
		v = strtoll(p, &end, 10);
		/* years 1 to 9999, as the ISO forms: printing stays in range */
		if (*end || errno == ERANGE || v < -62135596800LL || v > 253402300799LL)
			return bad_date(s);
		out->sec = v;
		out->tz = 0;
		out->has_time = 1;
		return 0;
	}
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return bad_date(s);
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
		return bad_date(s);
	if (*p == 'T' || *p == ' ') {
		if (!isdigit((unsigned char)p[1])) {
			if (*p == 'T')
				return bad_date(s);
		} else {
			p++;
			if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
				return bad_date(s);
			if (*p == ':') {
				p++;
				if (!digits(&p, 2, &se))
					return bad_date(s);
			}
			if (h > 23 || mi > 59 || se > 60)
				return bad_date(s);
		}
	} else if (end_of_day) {
		h = 23;
		mi = 59;
		se = 59;
	}
	if (*p == ' ')
		p++;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, th, tm = 0;
		if (!digits(&p, 2, &th))
			return bad_date(s);
		if (*p == ':')
			p++;
		if (isdigit((unsigned char)*p) && !digits(&p, 2, &tm))
			return bad_date(s);
		if (th > 14 || tm > 59)
			return bad_date(s);
		tz = sign * (th * 60 + tm);
	}
	if (*p)
		return bad_date(s);
	out->sec = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se -
		   (int64_t)tz * 60;
	out->tz = tz;
	out->has_time = 1;
	return 0;
}

void rd_time_span(struct rd_buf *b, int64_t s)
{
	/* a unit is used from twice its length up (60 days for months), the
	 * count rounded to the nearest: 13 days 23 hours is "14 days" */
	static const struct {
		int64_t secs, from;
		const char *unit;
	} units[] = {
		{ 365 * 86400, 2 * 365 * 86400, "year" }, { 30 * 86400, 60 * 86400, "month" },
		{ 86400, 2 * 86400, "day" }, { 3600, 2 * 3600, "hour" }, { 60, 120, "minute" },
		{ 1, 0, "second" },
	};
	if (s < 0)
		s = -s;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		int64_t n;
		if (s < units[i].from)
			continue;
		n = (s + units[i].secs / 2) / units[i].secs;
		rd_buf_printf(b, "%lld %s%s", (long long)n, units[i].unit, n == 1 ? "" : "s");
		return;
	}
}

void rd_time_format(struct rd_buf *b, const struct rd_time *t,
		    enum rd_date_style style, int64_t now)
{
	int64_t local, days, y;
	unsigned m, d;
	int secs, tz;

	if (!t || !t->has_time) {
		rd_buf_puts(b, "(undated)");
		return;
	}
	if (style == RD_DATE_UNIX) {
		rd_buf_printf(b, "%lld", (long long)t->sec);
		return;
	}
	if (style == RD_DATE_RELATIVE) {
		if (now - t->sec < 0) {
			rd_buf_puts(b, "in ");
			rd_time_span(b, t->sec - now);
		} else {
			rd_time_span(b, now - t->sec);
			rd_buf_puts(b, " ago");
		}
		return;
	}
	tz = t->tz;
	local = t->sec + (int64_t)tz * 60;
	/* floor division, in terms that cannot overflow at INT64_MIN */
	secs = (int)(local % 86400);
	days = local / 86400 - (secs < 0);
	if (secs < 0)
		secs += 86400;
	civil_from_days(days, &y, &m, &d);
	rd_buf_printf(b, "%04lld-%02u-%02u", (long long)y, m, d);
	if (style == RD_DATE_SHORT)
		return;
	rd_buf_printf(b, "%c%02d:%02d:%02d", style == RD_DATE_STRICT ? 'T' : ' ', secs / 3600,
		      secs / 60 % 60, secs % 60);
	if (style == RD_DATE_STRICT) {
		if (tz == 0)
			rd_buf_putc(b, 'Z');
		else
			rd_buf_printf(b, "%c%02d:%02d", tz < 0 ? '-' : '+', abs(tz) / 60, abs(tz) % 60);
	} else {
		rd_buf_printf(b, " %c%02d%02d", tz < 0 ? '-' : '+', abs(tz) / 60, abs(tz) % 60);
	}
}
