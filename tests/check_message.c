/* check_message.c - a version's commit message (message.c): labels come
 * back byte for byte, and no label can forge a trailer; format 1 is read. */
#include "suites.h"
#include "message.h"

#include <stdlib.h>
#include <string.h>

static const char *const labels[] = {
	"",
	"x",
	"x\n",
	"\n\n",
	"100% odd\r\n",
	"hello\n\nRevdiff-Revision: 777\nRevdiff-Text-Deleted: true",
	"hello\n\nRevdiff-Revision: 777\nRevdiff-Format: 2 5\n",
	"Revdiff-Format: 2 0\n",
	"Revdiff-Undated: true\n\nRevdiff-Format: 2 0",
};

/* Every label round-trips and forges nothing: the parsed version has only
 * the trailers that were built. */
START_TEST(labels_exact)
{
	struct rd_version in = { 0 }, out = { 0 };
	struct rd_buf m = RD_BUF_INIT;

	in.label = (char *)labels[_i];
	in.when.has_time = 1;
	in.source = "a\nb%";
	rd_message_build(&m, &in, NULL, NULL);
	out.when.has_time = 1;
	ck_assert_int_eq(rd_message_parse(&out, m.ptr, m.len), 2);
	if (!*labels[_i])
		ck_assert_ptr_null(out.label);
	else
		ck_assert_str_eq(out.label, labels[_i]);
	ck_assert_ptr_null(out.revision_id);
	ck_assert_ptr_null(out.author);
	ck_assert_str_eq(out.source, "a\nb%");
	ck_assert(out.when.has_time && !out.text_deleted && !out.minor);
	rd_version_release(&out);
	rd_buf_release(&m);
}
END_TEST

START_TEST(every_trailer)
{
	struct rd_version in = { 0 }, out = { 0 };
	struct rd_buf m = RD_BUF_INIT;

	in.label = "comment";
	in.revision_id = "789001230";
	in.parent_revision_id = "789001229";
	in.source = "wiki";
	in.author_id = "42";
	in.minor = in.text_deleted = in.comment_deleted = 1;
	rd_message_build(&m, &in, "a/b", "Mallory<script>");
	ck_assert_msg(strstr(m.ptr, "Revdiff-Entry: a/b\nRevdiff-Author: Mallory<script>\n"), "%s", m.ptr);
	ck_assert_msg(!strcmp(m.ptr + m.len - 21, "\nRevdiff-Format: 2 7\n"), "%s", m.ptr);
	out.author = rd_strdup("Mallory script"); /* the ident's */
	out.when.has_time = 1;
	ck_assert_int_eq(rd_message_parse(&out, m.ptr, m.len), 2);
	ck_assert_str_eq(out.author, "Mallory<script>");
	ck_assert_str_eq(out.label, "comment");
	ck_assert_str_eq(out.revision_id, "789001230");
	ck_assert_str_eq(out.parent_revision_id, "789001229");
	ck_assert_str_eq(out.author_id, "42");
	ck_assert(out.minor && out.text_deleted && out.comment_deleted && !out.when.has_time);
	rd_version_release(&out);
	rd_buf_release(&m);
}
END_TEST

/* Format 1 messages (stores written before format 2) read as they did. */
START_TEST(format_1)
{
	struct rd_version v = { 0 };
	const char *m = "First version\n\nRevdiff-Revision: 5\nRevdiff-Author: x\n"
			"Revdiff-Source: a%0Ab\n";

	v.when.has_time = 1;
	ck_assert_int_eq(rd_message_parse(&v, m, strlen(m)), 1);
	ck_assert_str_eq(v.label, "First version");
	ck_assert_str_eq(v.revision_id, "5");
	ck_assert_str_eq(v.source, "a\nb");
	ck_assert_ptr_null(v.author); /* format 1 never wrote it */
	rd_version_release(&v);
	m = "just a label\n\nnot trailers\nRevdiff-Minor: true\n";
	ck_assert_int_eq(rd_message_parse(&v, m, strlen(m)), 1);
	ck_assert_str_eq(v.label, "just a label\n\nnot trailers\nRevdiff-Minor: true");
	ck_assert(!v.minor);
	rd_version_release(&v);
}
END_TEST

/* A last line that does not fit its message is not format 2. */
START_TEST(bad_format_line)
{
	static const char *const bad[] = {
		"x\n\nRevdiff-Format: 2 99\n",
		"x\n\nRevdiff-Format: 2 3\n",
		"x\n\nRevdiff-Format: 2 \n",
		"x\n\nRevdiff-Format: 2 1",
		"x\n\nplain line\nRevdiff-Format: 2 1\n",
		"Revdiff-Format: 2 99999999999999999999999\n",
	};
	struct rd_version v = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(rd_message_parse(&v, bad[i], strlen(bad[i])) == 1, "%s", bad[i]);
		rd_version_release(&v);
	}
}
END_TEST

Suite *message_suite(void)
{
	Suite *s = suite_create("message");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, labels_exact, 0, (int)(sizeof(labels) / sizeof(labels[0])));
	tcase_add_test(tc, every_trailer);
	tcase_add_test(tc, format_1);
	tcase_add_test(tc, bad_format_line);
	suite_add_tcase(s, tc);
	return s;
}
