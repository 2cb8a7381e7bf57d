/* check_live.c - a live wiki's pieces without a wiki: API revisions read
 * as the XML parser gives them (hidden parts, checks, tags), and the
 * change tags kept beside a store (mw_tags.c). */
#include "suites.h"
#include "testutil.h"
#include "revdiff.h"
#include "mw_state.h"

#include <stdlib.h>
#include <string.h>

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);

	ck_assert_msg(j != NULL, "bad test JSON: %s", e.text);
	return j;
}

/* sha1 of "Hello" in hex, as the API gives it */
#define HELLO_SHA1 "f7ff9e8b7bb2e09b70935a5d785e0cc5d9d0abf0"

START_TEST(test_revision_user)
{
	json_t *r = parse("{\"revid\": 12, \"parentid\": 11, \"minor\": true, \"user\": \"Alice\","
			  " \"userid\": 3, \"timestamp\": \"2017-08-13T03:50:22Z\", \"size\": 5,"
			  " \"sha1\": \"" HELLO_SHA1 "\", \"comment\": \"first\","
			  " \"tags\": [\"mw-undo\", 7, \"mw-reverted\"],"
			  " \"slots\": {\"main\": {\"contentmodel\": \"wikitext\","
			  " \"contentformat\": \"text/x-wiki\", \"content\": \"Hello\"}}}");
	struct rd_mw_revision rev;
	struct rd_buf tags = RD_BUF_INIT;

	ck_assert_int_eq(rd_mw_api_revision(&rev, &tags, r), 0);
	ck_assert_int_eq(rev.id, 12);
	ck_assert_int_eq(rev.parent_id, 11);
	ck_assert_str_eq(rev.timestamp, "2017-08-13T03:50:22Z");
	ck_assert_int_eq(rev.contributor, RD_MW_CONTRIB_USER);
	ck_assert_str_eq(rev.username, "Alice");
	ck_assert_int_eq(rev.user_id, 3);
	ck_assert_str_eq(rev.comment, "first");
	ck_assert_int_eq(rev.minor, 1);
	ck_assert_str_eq(rev.model, "wikitext");
	ck_assert_uint_eq(rev.text_len, 5);
	ck_assert_int_eq(memcmp(rev.text, "Hello", 5), 0);
	ck_assert_int_eq(rev.sha1_ok, 1);
	ck_assert_int_eq(rev.bytes_ok, 1);
	/* a tag that is not a string is no tag */
	ck_assert_str_eq(tags.ptr, "mw-undo mw-reverted");
	rd_buf_release(&tags);
	json_decref(r);
}
END_TEST

START_TEST(test_revision_anonymous)
{
	json_t *r = parse("{\"revid\": 2, \"parentid\": 0, \"minor\": false, \"user\": \"2001:DB8:0:0:0:0:0:5\","
			  " \"anon\": true, \"userid\": 0, \"timestamp\": \"2017-08-13T03:50:22Z\","
			  " \"size\": 4, \"sha1\": \"" HELLO_SHA1 "\", \"comment\": \"\", \"tags\": [],"
			  " \"slots\": {\"main\": {\"content\": \"Hell\"}}}");
	struct rd_mw_revision rev;
	struct rd_buf tags = RD_BUF_INIT;

	ck_assert_int_eq(rd_mw_api_revision(&rev, &tags, r), 0);
	ck_assert_int_eq(rev.contributor, RD_MW_CONTRIB_IP);
	ck_assert_str_eq(rev.ip, "2001:DB8:0:0:0:0:0:5");
	ck_assert_ptr_null(rev.username);
	ck_assert_int_eq(rev.minor, 0);
	/* the text is not the one the wiki hashed and measured: both told */
	ck_assert_int_eq(rev.sha1_ok, 0);
	ck_assert_int_eq(rev.bytes_ok, 1);
	ck_assert_uint_eq(tags.len, 0);
	rd_buf_release(&tags);
	json_decref(r);
}
END_TEST

START_TEST(test_revision_hidden)
{
	json_t *r = parse("{\"revid\": 6, \"parentid\": 5, \"minor\": false, \"userhidden\": true,"
			  " \"timestamp\": \"2017-08-13T03:50:22Z\", \"size\": 36, \"sha1hidden\": true,"
			  " \"slots\": {\"main\": {\"texthidden\": true}}, \"commenthidden\": true,"
			  " \"tags\": []}");
	struct rd_mw_revision rev;
	struct rd_buf tags = RD_BUF_INIT;

	ck_assert_int_eq(rd_mw_api_revision(&rev, &tags, r), 0);
	ck_assert_int_eq(rev.contributor, RD_MW_CONTRIB_DELETED);
	ck_assert_int_eq(rev.comment_deleted, 1);
	ck_assert_ptr_null(rev.comment);
	ck_assert_int_eq(rev.text_deleted, 1);
	ck_assert_ptr_null(rev.text);
	ck_assert_int_eq(rev.sha1_ok, -1);
	json_decref(r);
	/* content absent without texthidden: missing, never made up */
	r = parse("{\"revid\": 7, \"timestamp\": \"2017-08-13T03:50:22Z\", \"slots\": {\"main\": {}}}");
	ck_assert_int_eq(rd_mw_api_revision(&rev, &tags, r), 0);
	ck_assert_int_eq(rev.text_missing, 1);
	ck_assert_int_eq(rev.text_deleted, 0);
	ck_assert_int_eq(rev.contributor, RD_MW_CONTRIB_NONE);
	json_decref(r);
	rd_buf_release(&tags);
}
END_TEST

START_TEST(test_revision_broken)
{
	static const char *const bad[] = {
		"{\"timestamp\": \"2017-08-13T03:50:22Z\"}",
		"{\"revid\": 3}",
		"{\"revid\": \"3\", \"timestamp\": \"2017-08-13T03:50:22Z\"}",
		"{\"revid\": 3, \"timestamp\": 20170813}",
	};
	struct rd_mw_revision rev;
	struct rd_buf tags = RD_BUF_INIT;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *r = parse(bad[i]);
		ck_assert_int_eq(rd_mw_api_revision(&rev, &tags, r), RD_EIO);
		ck_assert_ptr_nonnull(strstr(rd_error_last(), "without id or timestamp"));
		json_decref(r);
	}
	rd_buf_release(&tags);
}
END_TEST

/* ---- the tags beside a store ---- */

static char tmpdir[256];
static struct rd_store *st;

static void setup(void)
{
	st = rd_test_store_new(tmpdir, sizeof(tmpdir), "rd-live");
}

static void teardown(void)
{
	rd_test_store_remove(st, tmpdir);
	st = NULL;
}

#define C1 "1111111111111111111111111111111111111111"
#define C2 "2222222222222222222222222222222222222222"

START_TEST(test_tags_round_trip)
{
	struct rd_mw_tags *t, *u;

	ck_assert_int_eq(rd_mw_tags_load(&t, st), 0);
	ck_assert_ptr_null(rd_mw_tags_of(t, C1));
	rd_mw_tags_set(t, C1, "mw-undo mw-reverted");
	rd_mw_tags_set(t, C2, "mw-rollback");
	json_object_set_new(rd_mw_state_pages(t, "http://w/api.php"), "7", json_string("Page"));
	ck_assert_int_eq(rd_mw_tags_save(t), 0);
	/* no tags is no entry */
	rd_mw_tags_set(t, C2, "");
	ck_assert_int_eq(rd_mw_tags_save(t), 0);

	ck_assert_int_eq(rd_mw_tags_load(&u, st), 0);
	ck_assert_str_eq(rd_mw_tags_of(u, C1), "mw-undo mw-reverted");
	ck_assert_ptr_null(rd_mw_tags_of(u, C2));
	ck_assert_str_eq(json_string_value(json_object_get(rd_mw_state_pages(u, "http://w/api.php"), "7")),
			 "Page");
	/* two writers from the same state: the second is told, nothing lost */
	rd_mw_tags_set(t, C2, "mw-blank");
	ck_assert_int_eq(rd_mw_tags_save(t), 0);
	rd_mw_tags_set(u, C2, "mw-replace");
	ck_assert_int_eq(rd_mw_tags_save(u), RD_ECONFLICT);
	rd_mw_tags_free(u);
	ck_assert_int_eq(rd_mw_tags_load(&u, st), 0);
	ck_assert_str_eq(rd_mw_tags_of(u, C2), "mw-blank");
	rd_mw_tags_free(u);
	rd_mw_tags_free(t);
}
END_TEST

Suite *live_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("api");

	tcase_add_test(tc, test_revision_user);
	tcase_add_test(tc, test_revision_anonymous);
	tcase_add_test(tc, test_revision_hidden);
	tcase_add_test(tc, test_revision_broken);
	suite_add_tcase(s, tc);
	tc = tcase_create("tags");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tags_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
