/* check_mediawiki.c - the MediaWiki export reader: every field of the test
 * export, schema 0.3, gzip/bzip2/stdin input, sha1 in base 36, and the
 * malformed and hostile files refused with a line and a page. */
#include "suites.h"
#include "revdiff.h"

#include <bzlib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* What the callbacks saw, flattened to compare easily. */
struct rev_seen {
	char *page;
	long ns;
	int64_t page_id;
	int64_t id, parent;
	char *timestamp;
	int contributor;
	char *user, *ip, *comment, *text;
	int64_t user_id;
	int comment_deleted, minor, text_deleted, text_missing, sha1_ok, bytes_ok;
	size_t text_len;
	int64_t bytes;
};

struct seen {
	struct rev_seen revs[64];
	size_t nrevs;
	char *pages_done[16];
	size_t npages_done;
	size_t nstarted;
	struct rd_buf warnings;
	int fail_at; /* revision callback fails at this count (1-based), 0 never */
	size_t progress_calls;
};

static char *dup0(const char *s)
{
	return s ? rd_strdup(s) : NULL;
}

static int on_page_start(void *ctx, const struct rd_mw_page *p)
{
	struct seen *s = ctx;

	(void)p;
	s->nstarted++;
	return 0;
}

static int on_revision(void *ctx, const struct rd_mw_page *p, const struct rd_mw_revision *r)
{
	struct seen *s = ctx;
	struct rev_seen *v;

	ck_assert_uint_lt(s->nrevs, 64);
	if (s->fail_at && (int)s->nrevs + 1 == s->fail_at)
		return rd_error_set(RD_EIO, "the callback gave up");
	v = &s->revs[s->nrevs++];
	v->page = dup0(p->title);
	v->ns = p->ns;
	v->page_id = p->id;
	v->id = r->id;
	v->parent = r->parent_id;
	v->timestamp = dup0(r->timestamp);
	v->contributor = r->contributor;
	v->user = dup0(r->username);
	v->user_id = r->user_id;
	v->ip = dup0(r->ip);
	v->comment = dup0(r->comment);
	v->comment_deleted = r->comment_deleted;
	v->minor = r->minor;
	v->text_deleted = r->text_deleted;
	v->text_missing = r->text_missing;
	v->text = r->text ? rd_strndup(r->text, r->text_len) : NULL;
	v->text_len = r->text_len;
	v->sha1_ok = r->sha1_ok;
	v->bytes_ok = r->bytes_ok;
	v->bytes = r->bytes;
	return 0;
}

static int on_page_end(void *ctx, const struct rd_mw_page *p)
{
	struct seen *s = ctx;

	ck_assert_uint_lt(s->npages_done, 16);
	s->pages_done[s->npages_done++] = rd_strdup(p->title);
	return 0;
}

static void on_warning(void *ctx, const char *msg)
{
	struct seen *s = ctx;

	rd_buf_puts(&s->warnings, msg);
	rd_buf_putc(&s->warnings, '\n');
}

static void on_progress(void *ctx, const struct rd_mw_stats *st)
{
	struct seen *s = ctx;

	(void)st;
	s->progress_calls++;
}

static const struct rd_mw_callbacks cbs = {
	on_page_start, on_revision, on_page_end, on_warning, on_progress
};

static void seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->nrevs; i++) {
		struct rev_seen *v = &s->revs[i];
		free(v->page); free(v->timestamp); free(v->user); free(v->ip);
		free(v->comment); free(v->text);
	}
	for (size_t i = 0; i < s->npages_done; i++)
		free(s->pages_done[i]);
	rd_buf_release(&s->warnings);
	memset(s, 0, sizeof(*s));
}

static void data_path(char *out, size_t cap, const char *name)
{
	const char *top = getenv("TOP_SRCDIR");

	snprintf(out, cap, "%s/tests/data/wiki/%s", top ? top : ".", name);
}

static const struct rev_seen *find_rev(const struct seen *s, int64_t id)
{
	for (size_t i = 0; i < s->nrevs; i++)
		if (s->revs[i].id == id)
			return &s->revs[i];
	ck_abort_msg("revision %lld not seen", (long long)id);
	return NULL;
}

#define T2 "Russia-United States relations: U.S. President Donald Trump says he and Russian President Vladimir Putin \"discussed forming an impenetrable cyber security unit\" to guard against election hacking.\n"

/* Everything the test export holds, checked field by field. */
static void check_history(struct seen *s, int rc)
{
	const struct rev_seen *r;

	ck_assert_msg(rc == 0, "parse failed: %s", rd_error_last());
	ck_assert_uint_eq(s->nrevs, 12);
	ck_assert_uint_eq(s->nstarted, 4);
	ck_assert_uint_eq(s->npages_done, 4);
	ck_assert_str_eq(s->pages_done[0], "Cyber security unit");
	ck_assert_str_eq(s->pages_done[1], "Москва");
	ck_assert_str_eq(s->pages_done[2], "Talk:Cyber security unit");
	ck_assert_str_eq(s->pages_done[3], "AT&T <history>");

	/* file order is kept: 1003 comes before 1002 */
	ck_assert_int_eq(s->revs[1].id, 1003);
	ck_assert_int_eq(s->revs[2].id, 1002);

	r = find_rev(s, 1001);
	ck_assert_str_eq(r->page, "Cyber security unit");
	ck_assert_int_eq(r->ns, 0);
	ck_assert_int_eq(r->page_id, 101);
	ck_assert_str_eq(r->timestamp, "2017-08-13T03:50:22Z");
	ck_assert_int_eq(r->contributor, RD_MW_CONTRIB_USER);
	ck_assert_str_eq(r->user, "Alice");
	ck_assert_int_eq(r->user_id, 11);
	ck_assert_str_eq(r->comment, "First version");
	ck_assert_int_eq(r->parent, 0);
	ck_assert_int_eq(r->sha1_ok, 1);
	ck_assert_int_eq(r->bytes_ok, 1);
	ck_assert(strstr(r->text, "\"discussed forming an impenetrable cybersecurity unit\"") != NULL);

	r = find_rev(s, 1002);
	ck_assert_int_eq(r->contributor, RD_MW_CONTRIB_IP);
	ck_assert_str_eq(r->ip, "192.0.2.7");
	ck_assert_ptr_null(r->user);
	ck_assert_int_eq(r->parent, 1001);
	ck_assert_str_eq(r->text, T2);

	r = find_rev(s, 1003);
	ck_assert_int_eq(r->contributor, RD_MW_CONTRIB_IP);
	ck_assert_str_eq(r->ip, "2001:DB8:0:0:0:0:0:1");
	ck_assert_ptr_null(r->comment);
	ck_assert_int_eq(r->comment_deleted, 0);
	ck_assert_str_eq(r->text, "LOL <b>hacked</b> & gone\n");

	r = find_rev(s, 1004);
	ck_assert_int_eq(r->minor, 1);
	ck_assert_str_eq(r->user, "Bob");
	ck_assert_str_eq(r->text, T2);

	r = find_rev(s, 1005);
	ck_assert_int_eq(r->contributor, RD_MW_CONTRIB_DELETED);
	ck_assert_ptr_null(r->user);
	ck_assert_ptr_null(r->ip);
	ck_assert_int_eq(r->comment_deleted, 1);
	ck_assert_ptr_null(r->comment);
	ck_assert_int_eq(r->minor, 0);

	r = find_rev(s, 1006);
	ck_assert_int_eq(r->text_deleted, 1);
	ck_assert_ptr_null(r->text);
	ck_assert_int_eq(r->sha1_ok, -1);
	ck_assert_int_eq(r->bytes, 999);

	r = find_rev(s, 2001);
	ck_assert_str_eq(r->page, "Москва");
	ck_assert_str_eq(r->user, "Иван");
	ck_assert_str_eq(r->text, "Москва — столица России.\n");
	ck_assert_int_eq(r->sha1_ok, 1);
	r = find_rev(s, 2002);
	ck_assert_int_eq(r->sha1_ok, 0);
	ck_assert_int_eq(r->bytes_ok, 1);
	ck_assert(strstr(r->text, "東京は日本の首都です。") != NULL);
	ck_assert(strstr(s->warnings.ptr, "page 'Москва' revision 2002: sha1 mismatch") != NULL);
	ck_assert(strstr(s->warnings.ptr, "0123456789abcdefghijklmnopqrstu") != NULL);

	r = find_rev(s, 3001);
	ck_assert_int_eq(r->ns, 1);

	r = find_rev(s, 4001);
	ck_assert_str_eq(r->page, "AT&T <history>");
	ck_assert_str_eq(r->user, "Dave & Co");
	ck_assert_str_eq(r->comment, "start <b>bold</b>");
	ck_assert_str_eq(r->text, "AT&T <ref>history</ref> & \"quotes\".\n");
	ck_assert_int_eq(r->sha1_ok, 1);
	ck_assert_int_eq(find_rev(s, 4002)->minor, 1);

	/* exactly one warning: the sha1 mismatch */
	ck_assert_ptr_nonnull(s->warnings.ptr);
	ck_assert_ptr_null(strchr(strchr(s->warnings.ptr, '\n') + 1, '\n'));
}

START_TEST(test_history_plain)
{
	struct seen s = { 0 };
	struct rd_mw_stats st;
	char path[4096];

	data_path(path, sizeof(path), "history.xml");
	check_history(&s, rd_mediawiki_parse(path, &cbs, &s, &st));
	ck_assert_uint_eq(st.pages, 4);
	ck_assert_uint_eq(st.revisions, 12);
	ck_assert_uint_eq(st.sha1_mismatches, 1);
	ck_assert_uint_eq(st.bytes_mismatches, 0);
	ck_assert_uint_eq(st.bytes_in, st.bytes_xml);
	ck_assert_uint_ge(s.progress_calls, 1);
	seen_release(&s);
}
END_TEST

/* Reads a whole file. */
static void slurp(struct rd_buf *b, const char *name)
{
	char path[4096];

	data_path(path, sizeof(path), name);
	ck_assert_int_eq(rd_file_read(b, path), 0);
}

static void write_gzip(const char *path, const struct rd_buf *b, int members)
{
	gzFile g = gzopen(path, "wb");
	size_t half = b->len / 2;

	ck_assert_ptr_nonnull(g);
	if (members == 2) {
		/* two gzip members, as `cat a.gz b.gz` makes */
		ck_assert_int_eq(gzwrite(g, b->ptr, (unsigned)half), (int)half);
		gzclose(g);
		g = gzopen(path, "ab");
		ck_assert_int_eq(gzwrite(g, b->ptr + half, (unsigned)(b->len - half)), (int)(b->len - half));
	} else {
		ck_assert_int_eq(gzwrite(g, b->ptr, (unsigned)b->len), (int)b->len);
	}
	gzclose(g);
}

static void write_bzip2(const char *path, const struct rd_buf *b)
{
	FILE *f = fopen(path, "wb");
	int err;
	BZFILE *z;

	ck_assert_ptr_nonnull(f);
	z = BZ2_bzWriteOpen(&err, f, 9, 0, 0);
	ck_assert_int_eq(err, BZ_OK);
	BZ2_bzWrite(&err, z, b->ptr, (int)b->len);
	ck_assert_int_eq(err, BZ_OK);
	BZ2_bzWriteClose(&err, z, 0, NULL, NULL);
	ck_assert_int_eq(err, BZ_OK);
	fclose(f);
}

static void truncate_file(const char *path, long keep)
{
	ck_assert_int_eq(truncate(path, keep), 0);
}

/* 0 gzip, 1 gzip of two members, 2 bzip2, 3 an open stream (stdin) */
START_TEST(test_history_compressed)
{
	struct rd_buf xml = RD_BUF_INIT;
	struct seen s = { 0 };
	char path[] = "/tmp/revdiff-mw-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	close(fd);
	slurp(&xml, "history.xml");
	if (_i == 0 || _i == 1)
		write_gzip(path, &xml, _i + 1);
	else if (_i == 2)
		write_bzip2(path, &xml);
	else {
		f = fopen(path, "wb");
		fwrite(xml.ptr, 1, xml.len, f);
		fclose(f);
	}
	if (_i == 3) {
		f = fopen(path, "rb");
		check_history(&s, rd_mediawiki_parse_file(f, "(stdin)", &cbs, &s, NULL));
		fclose(f);
	} else {
		check_history(&s, rd_mediawiki_parse(path, &cbs, &s, NULL));
	}
	unlink(path);
	seen_release(&s);
	rd_buf_release(&xml);
}
END_TEST

/* A cut compressed file is an error, not a quiet short import. */
START_TEST(test_compressed_truncated)
{
	struct rd_buf xml = RD_BUF_INIT;
	struct seen s = { 0 };
	char path[] = "/tmp/revdiff-mw-XXXXXX";
	int fd = mkstemp(path), rc;

	ck_assert_int_ge(fd, 0);
	close(fd);
	slurp(&xml, "history.xml");
	if (_i == 0)
		write_gzip(path, &xml, 1);
	else
		write_bzip2(path, &xml);
	truncate_file(path, 900);
	rc = rd_mediawiki_parse(path, &cbs, &s, NULL);
	ck_assert_int_eq(rc, RD_EINVALID);
	ck_assert_msg(strstr(rd_error_last(), "truncated") != NULL, "%s", rd_error_last());
	unlink(path);
	seen_release(&s);
	rd_buf_release(&xml);
}
END_TEST

START_TEST(test_schema_03)
{
	struct seen s = { 0 };
	char path[4096];

	data_path(path, sizeof(path), "schema-0.3.xml");
	ck_assert_msg(rd_mediawiki_parse(path, &cbs, &s, NULL) == 0, "%s", rd_error_last());
	ck_assert_uint_eq(s.nrevs, 2);
	ck_assert_str_eq(s.revs[0].page, "Old page");
	ck_assert_int_eq(s.revs[0].page_id, 7);
	ck_assert_int_eq(s.revs[0].ns, 0);
	ck_assert_int_eq(s.revs[0].id, 71);
	ck_assert_str_eq(s.revs[0].timestamp, "2004-03-01T10:00:00Z");
	ck_assert_str_eq(s.revs[0].user, "Early");
	ck_assert_str_eq(s.revs[0].comment, "created");
	ck_assert_str_eq(s.revs[0].text, "Old text from 2004.\n");
	/* the <futurething> with its own <timestamp> and <id> is skipped */
	ck_assert_int_eq(s.revs[1].id, 72);
	ck_assert_str_eq(s.revs[1].timestamp, "2004-03-02T10:00:00Z");
	ck_assert_str_eq(s.revs[1].ip, "10.0.0.1");
	ck_assert_uint_eq(s.npages_done, 1);
	ck_assert_ptr_null(s.warnings.ptr);
	seen_release(&s);
}
END_TEST

static const struct {
	const char *file;
	const char *want[3];  /* substrings of the message */
	size_t pages_done;    /* pages completed before the error */
} bad_files[] = {
	{ "truncated.xml", { "truncated XML", "truncated.xml:46:", "in page 'Москва'" }, 1 },
	{ "wrong-root.xml", { "wrong-root.xml:2:", "root element is <html>", NULL }, 0 },
	{ "no-timestamp.xml", { "no-timestamp.xml:48:", "revision 5001 has no <timestamp>", "in page 'Broken'" }, 1 },
	{ "billion-laughs.xml", { "billion-laughs.xml:3:", "refusing the DOCTYPE's entity declaration 'lol'", NULL }, 0 },
	{ "external-entity.xml", { "entity declaration 'xxe' (an external entity)", NULL, NULL }, 0 },
	{ "attlist-default.xml", { "attlist-default.xml:3:", "attribute declaration 'deleted' of <text>", NULL }, 0 },
	/* refused at its DOCTYPE already, before the skipped reference */
	{ "skipped-entity.xml", { "skipped-entity.xml:2:", "external DTD 'http://example.org/export.dtd'", NULL }, 0 },
};

START_TEST(test_bad_files)
{
	struct seen s = { 0 };
	char path[4096];
	int rc;

	data_path(path, sizeof(path), bad_files[_i].file);
	rc = rd_mediawiki_parse(path, &cbs, &s, NULL);
	ck_assert_int_eq(rc, RD_EINVALID);
	for (int k = 0; k < 3 && bad_files[_i].want[k]; k++)
		ck_assert_msg(strstr(rd_error_last(), bad_files[_i].want[k]) != NULL,
			      "'%s' not in '%s'", bad_files[_i].want[k], rd_error_last());
	ck_assert_uint_eq(s.npages_done, bad_files[_i].pages_done);
	/* nothing of an external entity is ever read */
	for (size_t i = 0; i < s.nrevs; i++)
		ck_assert(s.revs[i].text == NULL || strstr(s.revs[i].text, "root:") == NULL);
	seen_release(&s);
}
END_TEST

START_TEST(test_callback_stops)
{
	struct seen s = { 0 };
	char path[4096];

	s.fail_at = 3;
	data_path(path, sizeof(path), "history.xml");
	ck_assert_int_eq(rd_mediawiki_parse(path, &cbs, &s, NULL), RD_EIO);
	ck_assert_str_eq(rd_error_last(), "the callback gave up");
	ck_assert_uint_eq(s.nrevs, 2);
	seen_release(&s);
}
END_TEST

START_TEST(test_missing_file)
{
	ck_assert_int_eq(rd_mediawiki_parse("/nonexistent/dump.xml", &cbs, NULL, NULL), RD_ENOTFOUND);
	ck_assert(strstr(rd_error_last(), "cannot open '/nonexistent/dump.xml'") != NULL);
}
END_TEST

static const struct {
	const char *text;
	const char *sha1;
} sha1_cases[] = {
	{ "", "phoiac9h4m842xq45sp7s6u21eteeq1" },
	{ "a", "frkhg3ewxov0h1g2eh87fri7z1g12ns" },
	{ T2, "oxee7xutzn1zw5ppn3xb5of0rxnxv4k" },
};

START_TEST(test_sha1_base36)
{
	char got[32];

	rd_mediawiki_sha1(got, sha1_cases[_i].text, strlen(sha1_cases[_i].text));
	ck_assert_str_eq(got, sha1_cases[_i].sha1);
	ck_assert_uint_eq(strlen(got), 31);
}
END_TEST

/* Small inline documents: stub text, text bytes mismatch, deleted text
 * with no bytes, an unknown schema version. */
static int parse_string(struct seen *s, const char *xml)
{
	FILE *f = fmemopen((void *)xml, strlen(xml), "rb");
	int rc = rd_mediawiki_parse_file(f, "inline", &cbs, s, NULL);

	fclose(f);
	return rc;
}

START_TEST(test_inline_cases)
{
	struct seen s = { 0 };

	ck_assert_int_eq(parse_string(&s,
		"<mediawiki version=\"0.11\"><page><title>Stub</title><ns>0</ns><id>1</id>"
		"<revision><id>5</id><timestamp>2020-01-01T00:00:00Z</timestamp>"
		"<text bytes=\"120\" id=\"77\" /><sha1>abc</sha1></revision>"
		"<revision><id>6</id><timestamp>2020-01-02T00:00:00Z</timestamp>"
		"<text bytes=\"3\">abcd</text>"
		"<content><role>extra</role><text>slot text</text></content></revision>"
		"<revision><id>7</id><timestamp>2020-01-03T00:00:00Z</timestamp>"
		"<text bytes=\"0\"></text></revision>"
		"</page></mediawiki>"), 0);
	ck_assert_uint_eq(s.nrevs, 3);
	ck_assert_int_eq(s.revs[0].text_missing, 1);
	ck_assert_ptr_null(s.revs[0].text);
	ck_assert_str_eq(s.revs[1].text, "abcd");
	ck_assert_int_eq(s.revs[1].bytes_ok, 0);
	ck_assert_int_eq(s.revs[1].sha1_ok, -1);
	ck_assert_int_eq(s.revs[2].text_missing, 0);
	ck_assert_str_eq(s.revs[2].text, "");
	ck_assert_int_eq(s.revs[2].bytes_ok, 1);
	ck_assert_int_eq(s.revs[1].contributor, RD_MW_CONTRIB_NONE);
	ck_assert(strstr(s.warnings.ptr, "revision 6: the text has 4 bytes, the file says 3") != NULL);
	seen_release(&s);

	ck_assert_int_eq(parse_string(&s, "<mediawiki version=\"0.42\"><page><title>T</title></page></mediawiki>"), 0);
	ck_assert(strstr(s.warnings.ptr, "schema version '0.42'") != NULL);
	ck_assert_uint_eq(s.npages_done, 1);
	seen_release(&s);

	ck_assert_int_eq(parse_string(&s,
		"<mediawiki><page><title>T</title><revision><id>1</id>"
		"<timestamp>yesterday</timestamp></revision></page></mediawiki>"), RD_EINVALID);
	ck_assert(strstr(rd_error_last(), "bad <timestamp> 'yesterday'") != NULL);
	seen_release(&s);

	ck_assert_int_eq(parse_string(&s, ""), RD_EINVALID);
	ck_assert(strstr(rd_error_last(), "inline:1: truncated XML") != NULL);
	seen_release(&s);
}
END_TEST

/* Nothing is ever read through the XML, and nothing is silently dropped:
 * an external DTD would leave its entities undeclared (expat skips them). */
static const struct {
	const char *xml, *want;
} hostile_xml[] = {
	{ "<!DOCTYPE mediawiki SYSTEM \"file:///etc/passwd\"><mediawiki><page><title>T</title></page></mediawiki>",
	  "inline:1: refusing the DOCTYPE's external DTD 'file:///etc/passwd'" },
	{ "<!DOCTYPE mediawiki PUBLIC \"-//x//y\" \"http://example.org/x.dtd\"><mediawiki/>",
	  "refusing the DOCTYPE's external DTD 'http://example.org/x.dtd'" },
	{ "<!DOCTYPE mediawiki [<!ENTITY % pe SYSTEM \"file:///etc/passwd\"> %pe;]><mediawiki/>",
	  "refusing the DOCTYPE's entity declaration 'pe' (an external entity)" },
	{ "<mediawiki><page><title>&xxe;</title></page></mediawiki>", "undefined entity" },
};

START_TEST(test_hostile_xml)
{
	struct seen s = { 0 };

	ck_assert_int_eq(parse_string(&s, hostile_xml[_i].xml), RD_EINVALID);
	ck_assert_msg(strstr(rd_error_last(), hostile_xml[_i].want), "%s", rd_error_last());
	ck_assert_uint_eq(s.npages_done, 0);
	seen_release(&s);
}
END_TEST

START_TEST(test_deep_nesting)
{
	struct seen s = { 0 };
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_puts(&b, "<mediawiki><page><title>T</title>");
	for (int i = 0; i < 10000; i++)
		rd_buf_puts(&b, "<x>");
	ck_assert_int_eq(parse_string(&s, b.ptr), RD_EINVALID);
	ck_assert_str_eq(rd_error_last(), "inline:1: elements nested more than 256 deep: "
			 "not a MediaWiki export (in page 'T')");
	seen_release(&s);
	rd_buf_release(&b);
}
END_TEST

Suite *mediawiki_suite(void)
{
	Suite *s = suite_create("mediawiki");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_history_plain);
	tcase_add_loop_test(tc, test_history_compressed, 0, 4);
	tcase_add_loop_test(tc, test_compressed_truncated, 0, 2);
	tcase_add_test(tc, test_schema_03);
	tcase_add_loop_test(tc, test_bad_files, 0, sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, test_callback_stops);
	tcase_add_test(tc, test_missing_file);
	tcase_add_loop_test(tc, test_sha1_base36, 0, sizeof(sha1_cases) / sizeof(sha1_cases[0]));
	tcase_add_test(tc, test_inline_cases);
	tcase_add_loop_test(tc, test_hostile_xml, 0, sizeof(hostile_xml) / sizeof(hostile_xml[0]));
	tcase_add_test(tc, test_deep_nesting);
	suite_add_tcase(s, tc);
	return s;
}
