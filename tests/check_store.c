/* check_store.c - the store on temporary repositories: entry names and
 * their escaping, dates, addressing, no-op adds, compare-and-swap, and
 * batches; plus the events page parser. */
#include "suites.h"
#include "testutil.h"
#include "revdiff.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];
static struct rd_store *st;

static void setup(void)
{
	st = rd_test_store_new(tmpdir, sizeof(tmpdir), "rd-store");
}

static void teardown(void)
{
	rd_test_store_remove(st, tmpdir);
	st = NULL;
}

/* ---- names ---- */

static const char *const names[] = {
	"a", "a b", "2017-07-09/slug", "../x", "HEAD", "a..b", "x.lock", ".hidden",
	"trailing.", "ctl\x01x\x7f", "\xc3\xbc\xe6\x97\xa5\xe6\x9c\xac", "@{", "x@{1}", "%41",
	"a/b/c", "-dash", "refs/heads/main", "a~b^c:d?e*f[g\\h", "...", "name.lock.x",
	"tab\there", "\xc2\x85" /* U+0085, a C1 control */, "Кибербезопасность",
};

/* What git refuses in a ref component (git-check-ref-format). */
static void assert_ref_safe(const char *e)
{
	size_t n = strlen(e);

	ck_assert_uint_gt(n, 0);
	ck_assert_msg(e[0] != '.', "%s starts with a dot", e);
	ck_assert_msg(e[n - 1] != '.', "%s ends with a dot", e);
	ck_assert_msg(!strstr(e, ".."), "%s has ..", e);
	ck_assert_msg(!strstr(e, "@{"), "%s has @{", e);
	ck_assert_msg(n < 5 || strcmp(e + n - 5, ".lock"), "%s ends in .lock", e);
	for (const unsigned char *p = (const unsigned char *)e; *p; p++)
		ck_assert_msg(*p > 0x20 && *p != 0x7f && !strchr("~^:?*[\\/ ", *p), "%s has byte %02x",
			      e, *p);
}

START_TEST(escape_round_trip)
{
	const char *name = names[_i];
	char *esc, *back;

	ck_assert_int_eq(rd_entry_escape(&esc, name), 0);
	assert_ref_safe(esc);
	ck_assert_int_eq(rd_entry_unescape(&back, esc), 0);
	ck_assert_str_eq(back, name);
	free(esc);
	free(back);
}
END_TEST

START_TEST(escape_keeps_safe_names)
{
	char *esc;

	ck_assert_int_eq(rd_entry_escape(&esc, "cyber-security_unit.v2"), 0);
	ck_assert_str_eq(esc, "cyber-security_unit.v2");
	free(esc);
	ck_assert_int_eq(rd_entry_escape(&esc, "2017-07-09/a b"), 0);
	ck_assert_str_eq(esc, "2017-07-09%2Fa%20b");
	free(esc);
	ck_assert_int_eq(rd_entry_escape(&esc, "x.lock"), 0);
	ck_assert_str_eq(esc, "x%2Elock");
	free(esc);
}
END_TEST

/* every name is a working entry in a real store, listed back as given */
START_TEST(names_in_store)
{
	size_t nn = sizeof(names) / sizeof(names[0]), n;
	char **got;

	for (size_t i = 0; i < nn; i++)
		ck_assert_msg(rd_store_add(st, names[i], "t\n", 2, NULL, NULL) == 0, "%s: %s", names[i],
			      rd_error_last());
	ck_assert_int_eq(rd_store_entries(st, &got, &n), 0);
	ck_assert_uint_eq(n, nn);
	for (size_t i = 0; i < nn; i++) {
		size_t j;
		for (j = 0; j < n && strcmp(got[j], names[i]); j++)
			;
		ck_assert_msg(j < n, "%s not listed", names[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(got[i]);
	free(got);
}
END_TEST

START_TEST(bad_names)
{
	char *s, longname[400];

	ck_assert_int_eq(rd_entry_check(""), RD_EINVALID);
	ck_assert_int_eq(rd_entry_check("a\xff"), RD_EINVALID);
	ck_assert_int_eq(rd_entry_check("\xc0\xaf"), RD_EINVALID); /* overlong '/' */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(rd_entry_check(longname), RD_EINVALID);
	ck_assert_int_eq(rd_store_add(st, "", "x", 1, NULL, NULL), RD_EINVALID);
	ck_assert_int_eq(rd_entry_unescape(&s, "%"), RD_EINVALID);
	ck_assert_int_eq(rd_entry_unescape(&s, "a%4"), RD_EINVALID);
	ck_assert_int_eq(rd_entry_unescape(&s, "%zz"), RD_EINVALID);
	ck_assert_int_eq(rd_entry_unescape(&s, "%00"), RD_EINVALID);
}
END_TEST

/* ---- dates ---- */

static const struct {
	const char *in;
	int ok;
	int64_t sec;
	int tz;
	const char *iso;
} dates[] = {
	{ "2017-08-13 03:50:22", 1, 1502596222, 0, "2017-08-13 03:50:22 +0000" },
	{ "2017-08-13T03:50:22Z", 1, 1502596222, 0, "2017-08-13 03:50:22 +0000" },
	{ "2017-08-13T05:50:22+02:00", 1, 1502596222, 120, "2017-08-13 05:50:22 +0200" },
	{ "2017-08-12 22:50:22 -0500", 1, 1502596222, -300, "2017-08-12 22:50:22 -0500" },
	{ "2017-08-13", 1, 1502582400, 0, "2017-08-13 00:00:00 +0000" },
	{ "2017-08-13 03:50", 1, 1502596200, 0, "2017-08-13 03:50:00 +0000" },
	{ "@1502596222", 1, 1502596222, 0, "2017-08-13 03:50:22 +0000" },
	{ "1969-12-31 23:59:59", 1, -1, 0, "1969-12-31 23:59:59 +0000" },
	{ "2016-02-29", 1, 1456704000, 0, "2016-02-29 00:00:00 +0000" },
	{ "2017-02-29", 0, 0, 0, NULL },
	{ "2017-13-01", 0, 0, 0, NULL },
	{ "2017-08-13 25:00", 0, 0, 0, NULL },
	{ "someday", 0, 0, 0, NULL },
	{ "3 fortnights ago", 0, 0, 0, NULL },
	{ "2017-8-13", 0, 0, 0, NULL },
	{ "2017-08-13T", 0, 0, 0, NULL },
	{ "2017-08-13 03:50:22 +99", 0, 0, 0, NULL },
	{ "@", 0, 0, 0, NULL },
	{ "@12x", 0, 0, 0, NULL },
	{ "@99999999999999999999", 0, 0, 0, NULL }, /* past int64: never saturated */
	{ "@-99999999999999999999", 0, 0, 0, NULL },
	{ "@-9223372036854775808", 0, 0, 0, NULL }, /* past year 1 */
	{ "@253402300799", 1, 253402300799LL, 0, "9999-12-31 23:59:59 +0000" },
	{ "@-62135596800", 1, -62135596800LL, 0, "0001-01-01 00:00:00 +0000" },
	{ "", 0, 0, 0, NULL },
};

START_TEST(date_parse)
{
	struct rd_time t = { 0 };
	struct rd_buf b = RD_BUF_INIT;
	int r = rd_time_parse(&t, dates[_i].in, 0);

	if (!dates[_i].ok) {
		ck_assert_int_eq(r, RD_EINVALID);
		ck_assert_msg(strstr(rd_error_last(), "bad date"), "%s", rd_error_last());
		return;
	}
	ck_assert_msg(r == 0, "%s: %s", dates[_i].in, rd_error_last());
	ck_assert_int_eq(t.sec, dates[_i].sec);
	ck_assert_int_eq(t.tz, dates[_i].tz);
	rd_time_format(&b, &t, RD_DATE_ISO, 0);
	ck_assert_str_eq(b.ptr, dates[_i].iso);
	rd_buf_release(&b);
}
END_TEST

START_TEST(date_styles)
{
	struct rd_time t = { 1502596222, 120, 1 }, u = { 0, 0, 0 };
	struct rd_buf b = RD_BUF_INIT;

	rd_time_format(&b, &t, RD_DATE_STRICT, 0);
	ck_assert_str_eq(b.ptr, "2017-08-13T05:50:22+02:00");
	rd_buf_clear(&b);
	rd_time_format(&b, &t, RD_DATE_SHORT, 0);
	ck_assert_str_eq(b.ptr, "2017-08-13");
	rd_buf_clear(&b);
	rd_time_format(&b, &t, RD_DATE_UNIX, 0);
	ck_assert_str_eq(b.ptr, "1502596222");
	rd_buf_clear(&b);
	rd_time_format(&b, &t, RD_DATE_RELATIVE, 1502596222 + 14 * 86400 - 120);
	ck_assert_str_eq(b.ptr, "14 days ago");
	rd_buf_clear(&b);
	rd_time_format(&b, &u, RD_DATE_ISO, 0);
	ck_assert_str_eq(b.ptr, "(undated)");
	rd_buf_clear(&b);
	rd_time_span(&b, 30);
	ck_assert_str_eq(b.ptr, "30 seconds");
	ck_assert_int_eq(rd_date_style_parse("relative"), RD_DATE_RELATIVE);
	ck_assert_int_eq(rd_date_style_parse("nope"), -1);
	rd_buf_release(&b);
}
END_TEST

/* ---- adding and addressing ---- */

static void add_dated(const char *entry, const char *text, const char *date, const char *rev)
{
	struct rd_version m = { 0 };

	if (date)
		ck_assert_int_eq(rd_time_parse(&m.when, date, 0), 0);
	m.revision_id = (char *)rev;
	m.label = (char *)text;
	ck_assert_msg(rd_store_add(st, entry, text, strlen(text), &m, NULL) == 0, "%s", rd_error_last());
}

START_TEST(noop_add)
{
	struct rd_version v;
	struct rd_history h;

	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, &v), 0);
	ck_assert_int_eq(v.number, 1);
	ck_assert(!v.when.has_time);
	ck_assert_str_eq(v.author, "(unknown)");
	rd_version_release(&v);
	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, &v), 1);
	ck_assert_int_eq(v.number, 1);
	rd_version_release(&v);
	ck_assert_int_eq(rd_store_add(st, "e", "two", 3, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, NULL), 0); /* a revert is recorded */
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	ck_assert_uint_eq(h.n, 3);
	ck_assert_str_eq(h.v[0].blob, h.v[2].blob); /* same text, same blob */
	ck_assert_str_ne(h.v[0].blob, h.v[1].blob);
	rd_history_truncate(&h, 3); /* nothing past the end */
	ck_assert_uint_eq(h.n, 3);
	rd_history_truncate(&h, 1); /* the later versions freed (valgrind, ASan) */
	ck_assert_uint_eq(h.n, 1);
	ck_assert_int_eq(h.v[0].number, 1);
	ck_assert_str_eq(h.entry, "e");
	rd_history_release(&h);
}
END_TEST

static const struct {
	const char *addr;
	int version; /* 0: an error */
} addrs[] = {
	{ "e", 4 }, { "e@1", 1 }, { "e@4", 4 }, { "e@~0", 4 }, { "e@~3", 1 },
	{ "e@{2017-08-13}", 1 }, { "e@{2017-08-13 03:50:21}", 0 }, { "e@{2017-08-27T03:48:38Z}", 2 },
	{ "e@{2030-01-01}", 3 }, /* the undated 4th is never chosen by date */
	{ "e@r789", 2 }, { "e@r1", 1 }, { "e@5", 0 }, { "e@0", 0 }, { "e@~4", 0 },
	{ "e@r999", 0 }, { "e@{nope}", 0 }, { "nosuch", 0 }, { "nosuch@1", 0 },
	{ "x@y@1", 1 }, { "x@y@2", 0 }, { "x@y", 1 }, { "x@y@~0", 1 },
};

START_TEST(addressing)
{
	struct rd_history h;
	size_t i = 0;
	int r;

	add_dated("e", "first\n", "2017-08-13 03:50:22", "1");
	add_dated("e", "second\n", "2017-08-27 03:48:38", "789");
	add_dated("e", "third\n", "2017-09-01", NULL);
	add_dated("e", "fourth\n", NULL, NULL);
	add_dated("x@y", "at\n", NULL, NULL);
	r = rd_store_resolve(st, addrs[_i].addr, &h, &i);
	if (!addrs[_i].version) {
		ck_assert_msg(r == RD_ENOTFOUND || r == RD_EINVALID, "%s gave %d", addrs[_i].addr, r);
		ck_assert_str_ne(rd_error_last(), "");
		return;
	}
	ck_assert_msg(r == 0, "%s: %s", addrs[_i].addr, rd_error_last());
	ck_assert_int_eq(h.v[i].number, addrs[_i].version);
	rd_history_release(&h);
}
END_TEST

START_TEST(commit_prefix)
{
	struct rd_history h, g;
	size_t i, j;
	char prefix[8];

	add_dated("e", "first\n", "2017-08-13 03:50:22", "1");
	add_dated("e", "second\n", "2017-08-27 03:48:38", "2");
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	memcpy(prefix, h.v[0].commit, 7);
	prefix[7] = '\0';
	ck_assert_int_eq(rd_store_resolve(st, prefix, &g, &i), 0);
	ck_assert_uint_eq(i, 0);
	ck_assert_str_eq(g.entry, "e");
	rd_history_release(&g);
	ck_assert_int_eq(rd_store_resolve(st, "abc", &g, &j), RD_ENOTFOUND); /* too short */
	rd_history_release(&h);
	/* the same version in two entries: one commit, two places */
	ck_assert_int_eq(rd_store_add(st, "a", "same", 4, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_add(st, "b", "same", 4, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_history(st, "a", &h), 0);
	ck_assert_int_eq(rd_store_resolve(st, h.v[0].commit, &g, &j), RD_EINVALID);
	ck_assert_msg(strstr(rd_error_last(), "ambiguous: a@1, b@1"), "%s", rd_error_last());
	rd_history_release(&h);
}
END_TEST

START_TEST(message_round_trip)
{
	struct rd_version m = { 0 }, v;
	struct rd_history h;

	m.when.sec = 1502596222;
	m.when.tz = -90;
	m.when.has_time = 1;
	m.author = "203.0.113.9";
	m.author_id = "42";
	m.label = "line one\n\nRevdiff-Looks: like a trailer but is a label\nlast";
	m.revision_id = "789001230";
	m.parent_revision_id = "789001229";
	m.source = "a 100% odd\nsource";
	m.minor = 1;
	m.text_deleted = 1;
	m.comment_deleted = 1;
	ck_assert_int_eq(rd_store_add(st, "wiki/Page name", "t", 1, &m, NULL), 0);
	ck_assert_int_eq(rd_store_history(st, "wiki/Page name", &h), 0);
	v = h.v[0];
	ck_assert_str_eq(v.author, "203.0.113.9");
	ck_assert_str_eq(v.author_id, "42");
	ck_assert_str_eq(v.label, m.label);
	ck_assert_str_eq(v.revision_id, "789001230");
	ck_assert_str_eq(v.parent_revision_id, "789001229");
	ck_assert_str_eq(v.source, m.source);
	ck_assert(v.minor && v.text_deleted && v.comment_deleted && v.when.has_time);
	ck_assert_int_eq(v.when.sec, 1502596222);
	ck_assert_int_eq(v.when.tz, -90);
	rd_history_release(&h);
}
END_TEST

/* ---- history.c: the questions every command asks ---- */

START_TEST(history_questions)
{
	struct rd_version m = { 0 };
	struct rd_history h;
	struct rd_history_diff hd;
	struct rd_log_row *rows;
	size_t *present;

	ck_assert_int_eq(rd_store_add(st, "e", "one two three\n", 14, NULL, NULL), 0);
	m.text_deleted = 1;
	ck_assert_int_eq(rd_store_add(st, "e", "hidden\n", 7, &m, NULL), 0);
	ck_assert_int_eq(rd_store_add(st, "e", "one two three four\n", 19, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	ck_assert_uint_eq(h.n, 3);
	/* version 3 compares with version 1: the deleted text is stepped over */
	ck_assert_int_eq(rd_history_diff(&hd, st, &h, 2, NULL), 0);
	ck_assert_uint_eq(hd.parent, 0);
	ck_assert_ptr_nonnull(hd.d);
	ck_assert_uint_eq(hd.d->stats.words_inserted, 1);
	ck_assert_uint_eq(hd.d->stats.words_deleted, 0);
	ck_assert_uint_eq(hd.d->stats.changes, 1);
	rd_history_diff_release(&hd);
	/* a deleted text has no diff, the first version one against nothing */
	ck_assert_int_eq(rd_history_diff(&hd, st, &h, 1, NULL), 0);
	ck_assert_ptr_null(hd.d);
	ck_assert_uint_eq(hd.parent, 0);
	rd_history_diff_release(&hd);
	ck_assert_int_eq(rd_history_diff(&hd, st, &h, 0, NULL), 0);
	ck_assert_uint_eq(hd.parent, SIZE_MAX);
	ck_assert_uint_eq(hd.d->stats.words_inserted, 3);
	rd_history_diff_release(&hd);
	/* log rows: version 3 against version 1 too */
	ck_assert_int_eq(rd_history_log_rows(&rows, st, &h, NULL, RD_LOG_WORDS), 0);
	ck_assert_int_eq(rows[1].text_deleted, 1);
	ck_assert_uint_eq(rows[2].words_inserted, 1);
	ck_assert_uint_eq(rows[2].words, 4);
	free(rows);
	/* the newest text's words by who wrote them, after a reopening */
	ck_assert_int_eq(rd_store_drop_caches(st), 0);
	ck_assert_int_eq(rd_history_words_present(&present, st, &h), 0);
	ck_assert_uint_eq(present[1], 3);
	ck_assert_uint_eq(present[2], 0);
	ck_assert_uint_eq(present[3], 1);
	free(present);
	rd_history_release(&h);
}
END_TEST

/* ---- compare-and-swap and batches ---- */

START_TEST(cas_conflict)
{
	struct rd_batch *b;
	struct rd_history h;

	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_batch_new(&b, st, RD_BATCH_APPEND), 0);
	ck_assert_int_eq(rd_store_batch_add(b, "e", "two", 3, NULL, NULL), 0);
	/* another writer moves the ref after the batch read it */
	ck_assert_int_eq(rd_store_add(st, "e", "three", 5, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_batch_commit(b, NULL), RD_ECONFLICT);
	ck_assert(strstr(rd_error_last(), "retry"));
	rd_store_batch_free(b);
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	ck_assert_uint_eq(h.n, 2); /* "one", "three": nothing of the batch */
	rd_history_release(&h);
	/* a new entry created meanwhile is a conflict too */
	ck_assert_int_eq(rd_store_batch_new(&b, st, RD_BATCH_APPEND), 0);
	ck_assert_int_eq(rd_store_batch_add(b, "new", "a", 1, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_add(st, "new", "b", 1, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_batch_commit(b, NULL), RD_ECONFLICT);
	rd_store_batch_free(b);
}
END_TEST

static int batch_history(const char *entry, int n, struct rd_batch_stats *bs)
{
	static const char *texts[] = { "one\n", "two\n", "three\n", "four\n" };
	struct rd_batch *b;
	int err;

	ck_assert_int_eq(rd_store_batch_new(&b, st, RD_BATCH_HISTORY), 0);
	for (int i = 0; i < n; i++) {
		struct rd_version m = { 0 };
		m.when.sec = 1500000000 + i * 3600;
		m.when.has_time = 1;
		m.label = (char *)texts[i];
		ck_assert_int_eq(rd_store_batch_add(b, entry, texts[i], strlen(texts[i]), &m, NULL), 0);
	}
	err = rd_store_batch_commit(b, bs);
	rd_store_batch_free(b);
	return err;
}

START_TEST(batch_history_idempotent)
{
	struct rd_batch_stats bs;
	struct rd_history h1, h2;

	ck_assert_int_eq(batch_history("e", 3, &bs), 0);
	ck_assert_uint_eq(bs.versions_written, 3);
	ck_assert_uint_eq(bs.entries_created, 1);
	ck_assert_int_eq(rd_store_history(st, "e", &h1), 0);
	ck_assert_int_eq(batch_history("e", 3, &bs), 0);
	ck_assert_uint_eq(bs.versions_written, 0);
	ck_assert_uint_eq(bs.entries_unchanged, 1);
	ck_assert_int_eq(batch_history("e", 2, &bs), 0); /* a prefix: nothing to do */
	ck_assert_uint_eq(bs.entries_unchanged, 1);
	ck_assert_int_eq(batch_history("e", 4, &bs), 0); /* one more: extends */
	ck_assert_uint_eq(bs.versions_written, 1);
	ck_assert_uint_eq(bs.entries_updated, 1);
	ck_assert_int_eq(rd_store_history(st, "e", &h2), 0);
	ck_assert_uint_eq(h2.n, 4);
	for (size_t i = 0; i < 3; i++)
		ck_assert_str_eq(h1.v[i].commit, h2.v[i].commit);
	rd_history_release(&h1);
	rd_history_release(&h2);
	/* a different history is refused, and leaves the entry alone */
	ck_assert_int_eq(rd_store_add(st, "f", "other\n", 6, NULL, NULL), 0);
	ck_assert_int_eq(batch_history("f", 2, &bs), RD_EEXISTS);
	ck_assert_int_eq(rd_store_history(st, "f", &h1), 0);
	ck_assert_uint_eq(h1.n, 1);
	rd_history_release(&h1);
}
END_TEST

START_TEST(batch_append)
{
	struct rd_batch *b;
	struct rd_batch_stats bs;
	struct rd_history h;

	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_batch_new(&b, st, RD_BATCH_APPEND), 0);
	ck_assert_int_eq(rd_store_batch_add(b, "e", "one", 3, NULL, NULL), 1);
	for (int i = 0; i < 200; i++) {
		char t[32];
		snprintf(t, sizeof(t), "text %d", i);
		ck_assert_int_eq(rd_store_batch_add(b, i % 2 ? "e" : "g", t, strlen(t), NULL, NULL), 0);
	}
	/* nothing visible before the commit */
	ck_assert_int_eq(rd_store_history(st, "g", &h), RD_ENOTFOUND);
	ck_assert_int_eq(rd_store_batch_commit(b, &bs), 0);
	rd_store_batch_free(b);
	ck_assert_uint_eq(bs.versions_written, 200);
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	ck_assert_uint_eq(h.n, 101);
	rd_history_release(&h);
	ck_assert_int_eq(rd_store_history(st, "g", &h), 0);
	ck_assert_uint_eq(h.n, 100);
	rd_history_release(&h);
}
END_TEST

/* Appends a few-byte edit of *t at random, in place or not. */
static void edit_text(struct rd_buf *t, unsigned *seed)
{
	size_t at = t->len ? (size_t)rand_r(seed) % t->len : 0, cut = (size_t)rand_r(seed) % 6;
	char word[16];
	int n = snprintf(word, sizeof(word), " w%u", (unsigned)rand_r(seed) % 1000);
	struct rd_buf out = RD_BUF_INIT;

	if (cut > t->len - at)
		cut = t->len - at;
	rd_buf_put(&out, t->ptr, at);
	rd_buf_put(&out, word, (size_t)n);
	rd_buf_put(&out, t->ptr + at + cut, t->len - at - cut);
	rd_buf_release(t);
	*t = out;
}

/* A long history through a batch's pack stream (blobs as deltas against
 * the entry's previous one, chains cut at 50, a text seen before, an
 * empty one, an unrelated one, another entry in between, a flush): every
 * version reads back as written, and the packs are a fraction of it. */
START_TEST(batch_deltas)
{
	enum { N = 160 };
	struct rd_batch *b;
	struct rd_buf t = RD_BUF_INIT, got = RD_BUF_INIT;
	char *texts[N];
	struct rd_history h;
	unsigned seed = 11;
	size_t total = 0, packed = 0;
	char dir[400];
	DIR *d;
	struct dirent *de;

	for (int i = 0; i < 20000; i++)
		rd_buf_putc(&t, (char)(i % 61 == 60 ? '\n' : 'a' + rand_r(&seed) % 26));
	ck_assert_int_eq(rd_store_batch_new(&b, st, RD_BATCH_HISTORY), 0);
	for (int i = 0; i < N; i++) {
		struct rd_version m = { 0 };
		if (i == 40)
			texts[i] = rd_strdup(texts[10]); /* a revert */
		else if (i == 41)
			texts[i] = rd_strdup("");
		else if (i == 42)
			texts[i] = rd_strdup("unrelated text\n");
		else {
			edit_text(&t, &seed);
			texts[i] = rd_strdup(t.ptr);
		}
		total += strlen(texts[i]);
		m.when.sec = 1500000000 + i * 60;
		m.when.has_time = 1;
		ck_assert_int_eq(rd_store_batch_add(b, "e", texts[i], strlen(texts[i]), &m, NULL), 0);
		if (i % 30 == 0)
			ck_assert_int_eq(rd_store_batch_add(b, "other", texts[i], strlen(texts[i]), &m, NULL), 0);
		if (i == 100)
			ck_assert_int_eq(rd_store_batch_flush(b), 0);
	}
	ck_assert_int_eq(rd_store_batch_commit(b, NULL), 0);
	rd_store_batch_free(b);
	ck_assert_int_eq(rd_store_history(st, "e", &h), 0);
	ck_assert_uint_eq(h.n, N);
	for (int i = 0; i < N; i++) {
		rd_buf_clear(&got);
		ck_assert_int_eq(rd_store_text(st, &h.v[i], &got), 0);
		ck_assert_uint_eq(got.len, strlen(texts[i]));
		ck_assert(memcmp(got.ptr ? got.ptr : "", texts[i], got.len) == 0);
		free(texts[i]);
	}
	rd_history_release(&h);
	snprintf(dir, sizeof(dir), "%s/store/objects/pack", tmpdir);
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d))) {
		struct stat sb;
		char f[700];
		snprintf(f, sizeof(f), "%s/%s", dir, de->d_name);
		if (strstr(de->d_name, ".pack") && stat(f, &sb) == 0)
			packed += (size_t)sb.st_size;
	}
	closedir(d);
	ck_assert_uint_gt(packed, 0);
	ck_assert_uint_lt(packed, total / 10);
	rd_buf_release(&t);
	rd_buf_release(&got);
}
END_TEST

static const char *store_path(const char *name)
{
	static char path[400];

	snprintf(path, sizeof(path), "%s/store/%s", tmpdir, name);
	return path;
}

/* Writes `text` to the file `name` inside the store. */
static void put_store_file(const char *name, const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(store_path(name), "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

#define NOTED "0123456789abcdef0123456789abcdef01234567"

/* A ref lock left by a writer that died holding it (store.h, THE GUARD)
 * is cleared by the next writer; any other lock file is left alone. */
START_TEST(stale_lock)
{
	static const struct {
		const char *note, *lock;
		int cleared;
	} cases[] = {
		{ "refs/heads/entries/e " NOTED "\n", "", 1 },
		{ "refs/heads/entries/e " NOTED "\n", NOTED "\n", 1 },
		{ "refs/heads/entries/e " NOTED "\n", "0123", 1 },
		/* another id: some other program's lock */
		{ "refs/heads/entries/e " NOTED "\n", "fedc\n", 0 },
		/* no note: the writer that died was not under the guard */
		{ "", "", 0 },
		/* the note names another entry */
		{ "refs/heads/entries/f " NOTED "\n", "", 0 },
		/* a torn or foreign note */
		{ "refs/heads/entries/e " NOTED, "", 0 },
		{ "refs/heads/main " NOTED "\n", "", 0 },
	};
	const char *lock = "refs/heads/entries/e.lock";
	struct stat sb;

	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, NULL), 0);
	/* a new entry's ref goes into packed-refs: its loose ref's
	 * directory may not be there yet */
	mkdir(store_path("refs/heads/entries"), 0777);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[32];
		int r;
		snprintf(text, sizeof(text), "text %zu", i);
		put_store_file("revdiff-guard", cases[i].note);
		put_store_file(lock, cases[i].lock);
		r = rd_store_add(st, "e", text, strlen(text), NULL, NULL);
		if (cases[i].cleared) {
			ck_assert_msg(r == 0, "case %zu: %s", i, rd_error_last());
			ck_assert_msg(access(store_path(lock), F_OK) != 0, "case %zu: lock kept", i);
		} else {
			ck_assert_int_eq(r, RD_ECONFLICT);
			ck_assert_msg(strstr(rd_error_last(), lock), "case %zu: %s", i, rd_error_last());
			ck_assert_msg(access(store_path(lock), F_OK) == 0, "case %zu: lock removed", i);
			ck_assert_int_eq(unlink(store_path(lock)), 0);
		}
	}
	/* the guard is left empty: nothing for the next writer to clear */
	ck_assert_int_eq(rd_store_add(st, "e", "last", 4, NULL, NULL), 0);
	ck_assert_int_eq(stat(store_path("revdiff-guard"), &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
}
END_TEST

START_TEST(open_errors)
{
	struct rd_store *s;
	char path[300];

	snprintf(path, sizeof(path), "%s/none", tmpdir);
	ck_assert_int_eq(rd_store_open(&s, path), RD_ENOTFOUND);
	ck_assert_ptr_null(s);
	snprintf(path, sizeof(path), "%s/store", tmpdir);
	ck_assert_int_eq(rd_store_init(&s, path), RD_EEXISTS);
}
END_TEST

/* ---- events pages ---- */

START_TEST(events_page)
{
	static const char page[] =
		"### [2017-07-9](/news/2017/07/9/index.md)\n\n# Headline\n\n### Source:\n\n"
		"1. [BBC](http://example.com)\n\n### Changes:\n\n"
		"1. [Old text. ](/news/2017/07/9/old-text.md) _2017-08-13 03:50:22 (First version)_\n"
		"2. [New [bracketed] text. ](/news/2017/07/9/new-text.md) _2017-08-27 03:48:38 (Update)_\n"
		"2. [Newest. ](/x/newest.md) _(Current version)_\n";
	char *entry, **texts;
	struct rd_version *v;
	size_t n;

	ck_assert_int_eq(rd_events_parse("p.txt", page, strlen(page), &entry, &v, &texts, &n), 0);
	ck_assert_str_eq(entry, "2017-07-09/old-text");
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(texts[0], "Old text. \n");
	ck_assert_str_eq(texts[1], "New [bracketed] text. \n");
	ck_assert_str_eq(v[1].label, "Update");
	ck_assert_int_eq(v[1].when.sec, 1503805718);
	ck_assert(!v[2].when.has_time);
	ck_assert_str_eq(v[2].label, "Current version");
	ck_assert_str_eq(v[2].source, "events:p.txt:13");
	for (size_t i = 0; i < n; i++) {
		rd_version_release(&v[i]);
		free(texts[i]);
	}
	free(v);
	free(texts);
	free(entry);
}
END_TEST

static const struct {
	const char *page, *error;
} bad_pages[] = {
	{ "### Changes:\n1. [a](b.md) _(x)_\n", "no page date" },
	{ "### [2017-07-9](x)\n### Changes:\n", "no versions" },
	{ "### [2017-07-9](x)\n### Changes:\n1. [a](b.md) _2017-99-01 00:00:00 (x)_\n", "p:3: bad timestamp" },
	{ "### [2017-07-9](x)\n### Changes:\n1. [a](b.md) _(x)_\n2. nothing here\n", "p:4: malformed" },
	{ "### [2017-07-9](x)\n### Changes:\n\n1. [a](b.md) (x)\n", "p:4: malformed" },
	{ "### [2017-07-9](x)\n### Changes:\n1. [a](b.md) _2017-08-01_\n", "p:3:" },
	{ "### [2017-07-9](x)\n### Changes:\n1x. [a](b.md) _(x)_\n", "p:3: malformed" },
};

/* A NUL byte would cut a text short where C strings carry it. */
START_TEST(events_nul)
{
	static const char page[] = "### [2017-07-9](x)\n### Changes:\n1. [a\0b](b.md) _(x)_\n";
	char *entry, **texts;
	struct rd_version *v;
	size_t n;

	ck_assert_int_eq(rd_events_parse("p", page, sizeof(page) - 1, &entry, &v, &texts, &n),
			 RD_EINVALID);
	ck_assert_str_eq(rd_error_last(), "p:3: a NUL byte: not a text page");
	ck_assert_ptr_null(entry);
}
END_TEST

/* git's commit format holds 0 .. 2^32-1 seconds (libgit2 writes them
 * unsigned): outside that a time would be stored as another one. */
START_TEST(time_out_of_range)
{
	static const struct { int64_t sec; int ok; } cases[] = {
		{ -1, 0 }, { 0, 1 }, { 4294967295LL, 1 }, { 4294967296LL, 0 }, { INT64_MIN, 0 },
	};
	struct rd_version m = { 0 };
	struct rd_history h;
	char text[32];

	m.when.has_time = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m.when.sec = cases[i].sec;
		snprintf(text, sizeof(text), "text %zu", i);
		if (cases[i].ok) {
			ck_assert_msg(rd_store_add(st, "t", text, strlen(text), &m, NULL) == 0, "%s",
				      rd_error_last());
			continue;
		}
		ck_assert_int_eq(rd_store_add(st, "t", text, strlen(text), &m, NULL), RD_EINVALID);
		ck_assert_msg(strstr(rd_error_last(), "is out of range"), "%s", rd_error_last());
	}
	ck_assert_int_eq(rd_store_history(st, "t", &h), 0);
	ck_assert_uint_eq(h.n, 2);
	ck_assert_int_eq(h.v[0].when.sec, 0);
	ck_assert_int_eq(h.v[1].when.sec, 4294967295LL);
	rd_history_release(&h);
}
END_TEST

START_TEST(events_bad)
{
	char *entry, **texts;
	struct rd_version *v;
	size_t n;
	const char *p = bad_pages[_i].page;

	ck_assert_int_eq(rd_events_parse("p", p, strlen(p), &entry, &v, &texts, &n), RD_EINVALID);
	ck_assert_msg(strstr(rd_error_last(), bad_pages[_i].error), "%s", rd_error_last());
	ck_assert_ptr_null(entry);
}
END_TEST

Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *t = tcase_create("names");

	tcase_add_loop_test(t, escape_round_trip, 0, sizeof(names) / sizeof(names[0]));
	tcase_add_test(t, escape_keeps_safe_names);
	suite_add_tcase(s, t);

	t = tcase_create("dates");
	tcase_add_loop_test(t, date_parse, 0, sizeof(dates) / sizeof(dates[0]));
	tcase_add_test(t, date_styles);
	suite_add_tcase(s, t);

	t = tcase_create("repository");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, names_in_store);
	tcase_add_test(t, bad_names);
	tcase_add_test(t, noop_add);
	tcase_add_loop_test(t, addressing, 0, sizeof(addrs) / sizeof(addrs[0]));
	tcase_add_test(t, commit_prefix);
	tcase_add_test(t, message_round_trip);
	tcase_add_test(t, cas_conflict);
	tcase_add_test(t, batch_history_idempotent);
	tcase_add_test(t, batch_append);
	tcase_add_test(t, open_errors);
	tcase_add_test(t, time_out_of_range);
	tcase_add_test(t, stale_lock);
	tcase_add_test(t, batch_deltas);
	tcase_add_test(t, history_questions);
	suite_add_tcase(s, t);

	t = tcase_create("events");
	tcase_add_test(t, events_page);
	tcase_add_loop_test(t, events_bad, 0, sizeof(bad_pages) / sizeof(bad_pages[0]));
	tcase_add_test(t, events_nul);
	suite_add_tcase(s, t);
	return s;
}
