/* check_render_html.c - the HTML renderer: escaping of hostile text and
 * names, the rows of the side-by-side view, fragments for log, and
 * well-formed output (balanced marks, valid UTF-8) on random input. */
#include "suites.h"
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int to_buf(void *ctx, const char *data, size_t len)
{
	rd_buf_put(ctx, data, len);
	return 0;
}

static void render(struct rd_buf *out, const char *a, size_t alen, const char *b, size_t blen,
		   long context, unsigned hide, const struct rd_side *from, const struct rd_side *to)
{
	struct rd_diff *d;
	struct rd_render_opts o;

	ck_assert_int_eq(rd_diff_texts(&d, a, alen, b, blen, NULL), 0);
	rd_classify(d);
	rd_render_opts_init(&o);
	o.format = RD_FORMAT_HTML;
	o.context = context;
	o.hide = hide;
	o.from = from;
	o.to = to;
	rd_buf_clear(out);
	ck_assert_int_eq(rd_render(d, &o, to_buf, out), 0);
	rd_diff_free(d);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static const struct {
	const char *a, *b;
	long context;
	const char *has[3];
	const char *hasnt[3];
} cases[] = {
	/* markup in the text is text */
	{ "x <script>alert(1)</script>\n", "y <script>alert(1)</script>\n", 3,
	  { "&lt;script&gt;alert(1)&lt;/script&gt;", "<del class=\"c-", NULL },
	  { "<script", NULL } },
	{ "a & b \"c\" 'd'\n", "a & b \"c\" 'e'\n", 3,
	  { "a &amp; b &quot;c&quot; &#39;", NULL }, { " & b", NULL } },
	/* bytes that are not UTF-8, and control characters */
	{ "bad \xff here\n", "bad \xc3 there\n", 3,
	  { "\">\xef\xbf\xbd here</del>", "\">\xef\xbf\xbd there</ins>", NULL },
	  { "\xff", "\xc3 ", NULL } },
	{ "nul \x01 x\n", "nul \x01 y\n", 3, { "nul &#x2401; ", NULL }, { "\x01", NULL } },
	/* an inserted line faces an empty cell */
	{ "a\nb\n", "a\nnew\nb\n", 3,
	  { "<td class=\"old none\"></td><td class=\"new\"><ins class=\"c-", NULL }, { NULL } },
	/* a deleted line too */
	{ "a\ngone\nb\n", "a\nb\n", 3, { "</del></td><td class=\"new none\"></td>", NULL }, { NULL } },
	/* a word changed inside a line: one row, both sides */
	{ "one two three\n", "one 2 three\n", 3,
	  { "<td class=\"old\">one <del", "<td class=\"new\">one <ins", NULL },
	  { "old none", "new none", NULL } },
	/* context: far lines are left out, and the group says where it starts */
	{ "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\n5\n6\n7\n8\nnine\n", 1,
	  { "Line 8", NULL }, { ">3<", NULL } },
	/* the same texts */
	{ "same\n", "same\n", 3, { "No changes.", NULL }, { "<table class=\"sbs\"", NULL } },
	/* a whitespace-only change shows a glyph */
	{ "a b\n", "a  b\n", 3, { "\xc2\xb7</ins>", NULL }, { NULL } },
};

START_TEST(test_cases)
{
	struct rd_buf out = RD_BUF_INIT;

	render(&out, cases[_i].a, strlen(cases[_i].a), cases[_i].b, strlen(cases[_i].b),
	       cases[_i].context, 0, NULL, NULL);
	for (int k = 0; k < 3 && cases[_i].has[k]; k++)
		ck_assert_msg(strstr(out.ptr, cases[_i].has[k]), "case %d: '%s' missing in:\n%.1500s", _i,
			      cases[_i].has[k], strstr(out.ptr, "<body>"));
	for (int k = 0; k < 3 && cases[_i].hasnt[k]; k++)
		ck_assert_msg(!strstr(out.ptr, cases[_i].hasnt[k]), "case %d: '%s' present in:\n%.1500s", _i,
			      cases[_i].hasnt[k], strstr(out.ptr, "<body>"));
	rd_buf_release(&out);
}
END_TEST

START_TEST(test_sides)
{
	struct rd_side from = { 0 }, to = { 0 };
	struct rd_buf out = RD_BUF_INIT;

	from.name = to.name = "2017-07-09/<b>cyber</b>";
	from.version = 1;
	to.version = 2;
	from.nversions = to.nversions = 3;
	from.timestamp = "2017-08-13T03:50:22Z";
	to.timestamp = NULL;
	from.author = "Ann & \"Bob\"";
	to.label = "<i>Update</i>";
	to.commit = "0123456789abcdef0123456789abcdef01234567";
	render(&out, "a b\n", 4, "a c\n", 4, 3, 0, &from, &to);
	ck_assert(strstr(out.ptr, "<title>2017-07-09/&lt;b&gt;cyber&lt;/b&gt;</title>"));
	ck_assert(strstr(out.ptr, "<dd>1 of 3</dd>"));
	ck_assert(strstr(out.ptr, "<time datetime=\"2017-08-13T03:50:22Z\">"));
	ck_assert(strstr(out.ptr, "undated"));
	ck_assert(strstr(out.ptr, "Ann &amp; &quot;Bob&quot;"));
	ck_assert(strstr(out.ptr, "&lt;i&gt;Update&lt;/i&gt;"));
	ck_assert(strstr(out.ptr, "<code>0123456789ab</code>"));
	ck_assert(strstr(out.ptr, "id=\"v2\""));
	ck_assert(!strstr(out.ptr, "<b>"));
	rd_buf_release(&out);
}
END_TEST

START_TEST(test_hidden_class)
{
	struct rd_buf out = RD_BUF_INIT;

	/* every class hidden: nothing marked, so no rows at all */
	render(&out, "Word here\n", 10, "word there\n", 11, 3, ~1u, NULL, NULL);
	ck_assert(strstr(out.ptr, "No changes."));
	ck_assert(!strstr(out.ptr, "<del"));
	rd_buf_release(&out);
}
END_TEST

START_TEST(test_fragments)
{
	struct rd_buf out = RD_BUF_INIT;
	struct rd_side v[2] = { { 0 }, { 0 } };
	struct rd_diff *d;
	struct rd_render_opts o;

	v[0].name = v[1].name = "e";
	v[0].version = 1;
	v[1].version = 2;
	v[0].author = "<anon>";
	v[1].label = "fix & more";
	ck_assert_int_eq(rd_render_html_begin("history of <e>", to_buf, &out), 0);
	ck_assert_int_eq(rd_render_html_versions(v, 2, to_buf, &out), 0);
	ck_assert_int_eq(rd_diff_texts(&d, "a\n", 2, "b\n", 2, NULL), 0);
	rd_classify(d);
	rd_render_opts_init(&o);
	o.format = RD_FORMAT_HTML;
	o.fragment = 1;
	o.from = &v[0];
	o.to = &v[1];
	ck_assert_int_eq(rd_render(d, &o, to_buf, &out), 0);
	ck_assert_int_eq(rd_render_html_end(to_buf, &out), 0);
	rd_diff_free(d);
	ck_assert_uint_eq(count(out.ptr, "<!DOCTYPE html>"), 1);
	ck_assert_uint_eq(count(out.ptr, "</html>"), 1);
	ck_assert(strstr(out.ptr, "<title>history of &lt;e&gt;</title>"));
	ck_assert(strstr(out.ptr, "<a href=\"#v2\">2</a>"));
	ck_assert(strstr(out.ptr, "<section class=\"diff\" id=\"v2\">"));
	ck_assert(strstr(out.ptr, "&lt;anon&gt;"));
	ck_assert(strstr(out.ptr, "fix &amp; more"));
	rd_buf_release(&out);
}
END_TEST

/* Random bytes, newlines and markup characters: the output is valid
 * UTF-8, every mark is closed, and no tag comes from the text. */
START_TEST(test_random_wellformed)
{
	static const char alphabet[] = "ab <>&\"'\n\n \xff\xc3\xa9\t\r\x01";
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT, out = RD_BUF_INIT;

	srand(1000 + _i);
	for (int i = 0; i < 300; i++) {
		char c = alphabet[rand() % (sizeof(alphabet) - 1)];
		rd_buf_putc(&a, c);
		if (rand() % 10)
			rd_buf_putc(&b, c);
		if (rand() % 12 == 0)
			rd_buf_putc(&b, alphabet[rand() % (sizeof(alphabet) - 1)]);
	}
	render(&out, a.ptr, a.len, b.ptr, b.len, _i % 2 ? -1 : 1, 0, NULL, NULL);
	ck_assert(utf8proc_decompose((const utf8proc_uint8_t *)out.ptr, (utf8proc_ssize_t)out.len,
				     NULL, 0, 0) >= 0);
	ck_assert_uint_eq(count(out.ptr, "<del "), count(out.ptr, "</del>"));
	ck_assert_uint_eq(count(out.ptr, "<ins "), count(out.ptr, "</ins>"));
	ck_assert_uint_eq(count(out.ptr, "<tr"), count(out.ptr, "</tr>"));
	ck_assert_uint_eq(count(out.ptr, "<div"), count(out.ptr, "</div>"));
	/* the only tags are the renderer's own */
	for (const char *p = out.ptr; (p = strchr(p, '<')); p++) {
		static const char *const ok[] = { "<!DOCTYPE", "<html", "<head", "<meta", "<title", "<style",
						  "<body", "<h1", "<h3", "<section", "<div", "<p", "<span",
						  "<nav", "<a ", "<table", "<thead", "<tbody", "<tr", "<th",
						  "<td", "<del", "<ins", "</" };
		int known = 0;
		for (size_t k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
			known |= !strncmp(p, ok[k], strlen(ok[k]));
		ck_assert_msg(known, "unexpected tag at: %.20s", p);
	}
	rd_buf_release(&a);
	rd_buf_release(&b);
	rd_buf_release(&out);
}
END_TEST

Suite *render_html_suite(void)
{
	Suite *s = suite_create("render_html");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_sides);
	tcase_add_test(tc, test_hidden_class);
	tcase_add_test(tc, test_fragments);
	tcase_add_loop_test(tc, test_random_wellformed, 0, 40);
	suite_add_tcase(s, tc);
	return s;
}
