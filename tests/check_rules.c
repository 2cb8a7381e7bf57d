/* check_rules.c - the pre-commit rules: reading .revdiff files and the
 * check of one change of a text. */
#include "suites.h"
#include "revdiff.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/revdiff-rules.XXXXXX";
static char *tmp_path;

/* Writes `text` to a fresh file and returns its path (borrowed). */
static const char *write_rules(const char *text)
{
	FILE *f;

	if (!tmp_path) {
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
		tmp_path = malloc(strlen(tmpdir) + 16);
		sprintf(tmp_path, "%s/.revdiff", tmpdir);
	}
	f = fopen(tmp_path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return tmp_path;
}

static void cleanup(void)
{
	if (tmp_path) {
		unlink(tmp_path);
		rmdir(tmpdir);
		free(tmp_path);
		tmp_path = NULL;
		strcpy(tmpdir, "/tmp/revdiff-rules.XXXXXX");
	}
}

static const char good_rules[] =
	"# the house style\n"
	"[rule \"cybersecurity\"]\n"
	"\tprefer = cybersecurity\n"
	"\tavoid = cyber security\n"
	"\tavoid = cyber-security\n"
	"[rule \"street\"]\n"
	"\tprefer = road\n"
	"\tavoid = Stra\xc3\x9f" "e\n"
	"\tseverity = warning\n"
	"[rule \"ban\"]\n"
	"\tavoid = utilize\n"
	"[quotes]\n"
	"\tprotect = true\n"
	"[numbers]\n"
	"\tprotect = warn\n";

static const struct {
	const char *in;
	int want;
} severity_cases[] = {
	{ "error", RD_SEV_ERROR }, { "true", RD_SEV_ERROR }, { "Yes", RD_SEV_ERROR },
	{ "warning", RD_SEV_WARNING }, { "warn", RD_SEV_WARNING },
	{ "false", RD_SEV_OFF }, { "off", RD_SEV_OFF }, { "maybe", -1 }, { "", -1 },
};

START_TEST(test_severity)
{
	ck_assert_int_eq(rd_severity_parse(severity_cases[_i].in), severity_cases[_i].want);
}
END_TEST

START_TEST(test_load_good)
{
	struct rd_rules *r = NULL;
	struct rd_buf b = RD_BUF_INIT;

	ck_assert_int_eq(rd_rules_load(&r, write_rules(good_rules), 0), 0);
	ck_assert_uint_eq(r->nwords, 3);
	ck_assert_str_eq(r->words[0].name, "cybersecurity");
	ck_assert_str_eq(r->words[0].prefer, "cybersecurity");
	ck_assert_uint_eq(r->words[0].navoid, 2);
	ck_assert_str_eq(r->words[0].avoid[0], "cyber security");
	ck_assert_str_eq(r->words[0].avoid[1], "cyber-security");
	ck_assert_int_eq(r->words[0].severity, RD_SEV_ERROR);
	ck_assert_int_eq(r->words[1].severity, RD_SEV_WARNING);
	ck_assert_ptr_null(r->words[2].prefer);
	ck_assert_int_eq(r->quotes, RD_SEV_ERROR);
	ck_assert_int_eq(r->numbers, RD_SEV_WARNING);
	ck_assert_str_eq(r->source, tmp_path);
	rd_rules_describe(r, &b);
	ck_assert_ptr_nonnull(strstr(b.ptr, "error    cybersecurity: write \"cybersecurity\", not \"cyber security\", \"cyber-security\""));
	ck_assert_ptr_nonnull(strstr(b.ptr, "error    ban: avoid \"utilize\""));
	ck_assert_ptr_nonnull(strstr(b.ptr, "warning  numbers:"));
	rd_buf_release(&b);
	rd_rules_free(r);
	cleanup();
}
END_TEST

START_TEST(test_defaults)
{
	struct rd_rules *r = rd_rules_default();
	struct rd_rules *p = NULL;
	struct rd_buf b = RD_BUF_INIT;

	ck_assert_uint_eq(r->nwords, 0);
	ck_assert_int_eq(r->quotes, RD_SEV_WARNING);
	ck_assert_int_eq(r->numbers, RD_SEV_WARNING);
	rd_rules_describe(r, &b);
	ck_assert_ptr_nonnull(strstr(b.ptr, "rules from built-in defaults"));
	rd_buf_release(&b);
	rd_rules_free(r);
	/* what a file does not set keeps the built-in value */
	ck_assert_int_eq(rd_rules_load(&p, write_rules("[quotes]\n\tprotect = false\n"), 0), 0);
	ck_assert_int_eq(p->quotes, RD_SEV_OFF);
	ck_assert_int_eq(p->numbers, RD_SEV_WARNING);
	rd_rules_describe(p, &b);
	ck_assert_ptr_nonnull(strstr(b.ptr, "numbers: numbers and dates must not change (built-in default)"));
	rd_buf_release(&b);
	rd_rules_free(p);
	rd_rules_free(NULL);
	cleanup();
}
END_TEST

static const struct {
	const char *text, *want;
} bad_cases[] = {
	{ "[rule \"x\"]\n\tavoid = a\n[quotes\n\tprotect = true\n", ":3: bad section header" },
	{ "[rule \"x\"]\n\tavod = a\n", ":2: unknown setting 'rule.x.avod'" },
	{ "[quotes]\n\tprotect = sometimes\n", ":2: bad value 'sometimes' for 'quotes.protect'" },
	{ "[rule \"x\"]\n\tprefer = a\n", ":2: rule 'x' has no 'avoid'" },
	{ "[include]\n\tpath = /etc/passwd\n", ":2: rules cannot include other files" },
	{ "[includeIf \"gitdir:/\"]\n\tpath = x\n", ":2: rules cannot include" },
	{ "[rule \"x\"]\n\tavoid = \"a\n", ":2: unclosed quote" },
	{ "[rule \"x\"]\n\tavoid = a\\q\n", ":2: bad escape" },
	{ "[rule \"x\"]\n\tavoid = a\n\t=b\n", ":3: bad line" },
	{ "x = 1\n", ":1: a key before any [section]" },
	{ "[rule \"x\"]\n\tavoid = \"  \"\n", "bad value" },
	{ "[colour]\n\tx = 1\n", ":2: not a rules setting" },
	{ "[quotes]\n\tprotec = 1\n", ":2: unknown setting 'quotes.protec'" },
};

START_TEST(test_load_bad)
{
	struct rd_rules *r = (void *)1;

	ck_assert_int_eq(rd_rules_load(&r, write_rules(bad_cases[_i].text), 0), RD_EINVALID);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(rd_error_last(), bad_cases[_i].want) != NULL,
		      "'%s' not in '%s'", bad_cases[_i].want, rd_error_last());
	ck_assert_ptr_nonnull(strstr(rd_error_last(), tmp_path));
	cleanup();
}
END_TEST

START_TEST(test_load_missing)
{
	struct rd_rules *r = NULL;

	ck_assert_int_eq(rd_rules_load(&r, "/nonexistent/.revdiff", 0), RD_ENOTFOUND);
	ck_assert_ptr_null(r);
}
END_TEST

/* ---- the check of one change -------------------------------------------- */

static const struct {
	const char *old, *new;
	const char *want; /* "line:col:rule" of each finding, ';'-joined */
} check_cases[] = {
	/* an avoided variant written in place of the preferred one */
	{ "an impenetrable cybersecurity unit", "an impenetrable cyber security unit",
	  "1:17:cybersecurity" },
	/* the old occurrence stays unreported when something else changes */
	{ "cyber security here.\nOther.", "cyber security here.\nOther text.", "" },
	/* across a line break, any case */
	{ "a cybersecurity b", "a Cyber\n  security b", "1:3:cybersecurity" },
	{ "x", "x cyber-security", "1:3:cybersecurity" },
	/* a deletion that makes the phrase */
	{ "cyber attacks security", "cyber security", "1:1:cybersecurity" },
	/* a reflow moves no word: nothing introduced */
	{ "a cyber security b", "a cyber\nsecurity b", "" },
	/* a moved paragraph brings its old words along */
	{ "The short one has cyber security.\n\nA much longer paragraph stays where it is, with many words in it.\n",
	  "A much longer paragraph stays where it is, with many words in it.\n\nThe short one has cyber security.\n", "" },
	/* ... also when it was edited on the way (the classifier's move) */
	{ "Alpha beta gamma delta epsilon zeta.\n\nOne two three cyber security four five six seven.\n",
	  "One two tree cyber security fuor five six seven.\n\nAlpha beta gamma delta epsilon zeta.\n",
	  "" },
	/* but what the edit on the way wrote, it wrote */
	{ "Alpha beta gamma delta epsilon zeta.\n\nOne two three cybersecurity four five six seven.\n",
	  "One two three cyber security four five six seven.\n\nAlpha beta gamma delta epsilon zeta.\n",
	  "1:15:cybersecurity" },
	/* fixing one and writing another is still writing one */
	{ "A cyber security unit. B.", "A cybersecurity unit. B. We want cyber security now.",
	  "1:34:cybersecurity" },
	/* the preferred form, and a longer word, are fine */
	{ "x", "x cybersecurity cybersecurityx", "" },
	/* columns count characters */
	{ "caf\xc3\xa9 cybersecurity", "caf\xc3\xa9 cyber security", "1:6:cybersecurity" },
	{ "l1\nl2\n", "l1\nl2 and utilize\n", "2:8:ban" },
	/* Unicode case folding: STRASSE folds to strasse, as Stra\xc3\x9f" "e does */
	{ "x", "x STRASSE", "1:3:street" },
	/* quotations */
	{ "He said \"we will win\" today.", "He said \"we shall win\" today.", "1:13:quotes" },
	{ "He said \"a b c\" today.", "He said \"a c\" today.", "1:12:quotes" },
	{ "He said.", "He said \"hello there\".", "" },
	{ "\xe2\x80\x9c" "a b c\xe2\x80\x9d x", "\xe2\x80\x9c" "a z c\xe2\x80\x9d x", "1:4:quotes" },
	{ "\xc2\xab" "a b\xc2\xbb c", "\xc2\xab" "a b\xc2\xbb d", "" },
	/* the German \xc2\xbb...\xc2\xab, as the classifier knows it (words.c's table) */
	{ "\xc2\xbb" "a b\xc2\xab c", "\xc2\xbb" "a z\xc2\xab c", "1:4:quotes" },
	/* a mark glued to the word before it closes, never opens */
	{ "also\xc2\xbb a b", "also\xc2\xbb a z", "" },
	{ "Mo 5\xe2\x80\x9c a b", "Mo 5\xe2\x80\x9c a z", "" },
	{ "> quoted line\n\ntext", "> quoted lines\n\ntext", "1:10:quotes" },
	{ "> quoted line\n\ntext", "> quoted line\n\nmore text", "" },
	{ "5\" wide, said", "5\" wide, he said", "" },
	{ "He is 5\" tall and said \"hi\" to me", "He is 5\" tall and told \"hi\" to me", "" },
	{ "He is 5\" tall and said \"hi\" to me", "He is 5\" tall and said \"hey\" to me", "1:25:quotes" },
	/* numbers and dates */
	{ "2,680 people", "2,690 people", "1:1:numbers" },
	{ "on July 9 it rained", "on August 9 it rained", "1:4:numbers" },
	{ "a.", "a. 5 more.", "" },
	/* a replacement that keeps its numbers changes none */
	{ "on 9 July we", "at last on 9 July they", "" },
	/* moved, not changed */
	{ "3 cats and 4 dogs", "4 dogs and 3 cats", "" },
	{ "on July 9, 2017 at noon", "on August 9, 2017 in the evening", "1:4:numbers" },
	{ "He said \"2 ships\".", "He said \"3 ships\".", "1:10:numbers;1:10:quotes" },
	/* nothing changed */
	{ "same \"text\" 42", "same \"text\" 42", "" },
};

START_TEST(test_check)
{
	struct rd_rules *r = NULL;
	struct rd_findings f = { 0 };
	struct rd_buf got = RD_BUF_INIT;
	const char *o = check_cases[_i].old, *n = check_cases[_i].new;

	ck_assert_int_eq(rd_rules_load(&r, write_rules(good_rules), 0), 0);
	ck_assert_int_eq(rd_check_texts(&f, r, o, strlen(o), n, strlen(n)), 0);
	for (size_t i = 0; i < f.n; i++)
		rd_buf_printf(&got, "%s%zu:%zu:%s", i ? ";" : "", f.v[i].line, f.v[i].col, f.v[i].rule);
	ck_assert_str_eq(got.ptr ? got.ptr : "", check_cases[_i].want);
	rd_buf_release(&got);
	rd_findings_release(&f);
	rd_rules_free(r);
	cleanup();
}
END_TEST

START_TEST(test_messages)
{
	struct rd_rules *r = NULL;
	struct rd_findings f = { 0 };
	const char *o = "an impenetrable cybersecurity unit said \"no\" in 2017.";
	const char *n = "an impenetrable cyber security unit said \"yes\" in 2018. And cyber-security";

	ck_assert_int_eq(rd_rules_load(&r, write_rules(good_rules), 0), 0);
	ck_assert_int_eq(rd_check_texts(&f, r, o, strlen(o), n, strlen(n)), 0);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_str_eq(f.v[0].message,
			 "write \"cybersecurity\", not \"cyber security\": \"cybersecurity\" -> \"cyber security\"");
	ck_assert_str_eq(f.v[0].old_text, "cybersecurity");
	ck_assert_str_eq(f.v[0].new_text, "cyber security");
	ck_assert_str_eq(f.v[0].prefer, "cybersecurity");
	ck_assert_int_eq(f.v[0].severity, RD_SEV_ERROR);
	ck_assert_str_eq(f.v[1].message, "quotation changed: \"no\" -> \"yes\"");
	ck_assert_str_eq(f.v[2].message, "number or date changed: \"2017\" -> \"2018\"");
	ck_assert_int_eq(f.v[2].severity, RD_SEV_WARNING);
	ck_assert_str_eq(f.v[2].old_text, "2017");
	ck_assert_str_eq(f.v[3].message,
			 "write \"cybersecurity\", not \"cyber-security\": inserted \"cyber-security\"");
	ck_assert_ptr_null(f.v[1].prefer);
	rd_findings_release(&f);
	rd_findings_release(NULL);
	rd_rules_free(r);
	cleanup();
}
END_TEST

START_TEST(test_off)
{
	struct rd_rules *r = NULL;
	struct rd_findings f = { 0 };
	const char *o = "\"a\" 1 x", *n = "\"b\" 2 x cyber security";

	ck_assert_int_eq(rd_rules_load(&r, write_rules(
		"[rule \"c\"]\n\tavoid = cyber security\n\tseverity = off\n"
		"[quotes]\n\tprotect = false\n[numbers]\n\tprotect = off\n"), 0), 0);
	ck_assert_int_eq(rd_check_texts(&f, r, o, strlen(o), n, strlen(n)), 0);
	ck_assert_uint_eq(f.n, 0);
	rd_findings_release(&f);
	rd_rules_free(r);
	cleanup();
}
END_TEST

START_TEST(test_long_excerpt)
{
	struct rd_rules *r = rd_rules_default();
	struct rd_findings f = { 0 };
	const char *o = "\"keep this quote\"";
	const char *n = "\"keep aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff\n"
			"gggggggggg this quote\"";

	ck_assert_int_eq(rd_check_texts(&f, r, o, strlen(o), n, strlen(n)), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_ptr_null(strchr(f.v[0].message, '\n'));
	ck_assert_ptr_nonnull(strstr(f.v[0].new_text, "\xe2\x80\xa6"));
	ck_assert_uint_le(strlen(f.v[0].new_text), 64);
	rd_findings_release(&f);
	rd_rules_free(r);
}
END_TEST

/* words.c: the one table of date words, with the checker's stricter
 * reading as flags; the one case fold. */
START_TEST(test_words)
{
	struct rd_buf b = RD_BUF_INIT;
	int32_t x, y;

	ck_assert(rd_date_word("may", 3, 0));
	ck_assert(rd_date_word("Sept", 4, RD_DATE_MONTHS | RD_DATE_CAPITALISED));
	ck_assert(!rd_date_word("may", 3, RD_DATE_MONTHS | RD_DATE_CAPITALISED));
	ck_assert(!rd_date_word("MAY", 3, RD_DATE_CAPITALISED));
	ck_assert(rd_date_word("Monday", 6, 0));
	ck_assert(!rd_date_word("Monday", 6, RD_DATE_MONTHS));
	ck_assert(!rd_date_word("", 0, 0));
	rd_quote_closers(0x00BB, &x, &y);
	ck_assert_int_eq(x, 0x00AB);
	rd_quote_closers(0x201E, &x, &y);
	ck_assert(x == 0x201C && y == 0x201D);
	rd_quote_closers('a', &x, &y);
	ck_assert_int_eq(x, 0);
	rd_fold(&b, "STRASSE Stra\xc3\x9f" "e", 15);
	ck_assert_str_eq(b.ptr, "strasse strasse");
	rd_buf_clear(&b);
	/* not UTF-8: ASCII lower case alone */
	rd_fold(&b, "AB\xff", 3);
	ck_assert_str_eq(b.ptr, "ab\xff");
	ck_assert_uint_eq(rd_count_words("a, 2,680 \xe6\x97\xa5 !", 14), 3);
	rd_buf_release(&b);
}
END_TEST

/* words.c: quote spans found wherever the marks fall against the
 * 16- and 64-byte steps of the scan; a blank line between drops it. */
START_TEST(test_quote_offsets)
{
	char t[300];
	struct rd_spans sp = { NULL, 0, 0 };

	for (size_t o = 0; o < 140; o++)
		for (size_t c = o + 4; c < o + 150; c += 3) {
			memset(t, ' ', sizeof(t));
			memcpy(t + o, "\xe2\x80\x9c", 3); /* curly: 3 bytes */
			memcpy(t + c, "\xe2\x80\x9d", 3);
			sp.n = 0;
			rd_quote_spans(&sp, t, sizeof(t));
			ck_assert_uint_eq(sp.n, 1);
			ck_assert(sp.v[0].s == o + 3 && sp.v[0].e == c);
			t[o] = '"';
			t[o + 1] = t[o + 2] = ' ';
			t[c] = '"';
			t[c + 1] = t[c + 2] = ' ';
			sp.n = 0;
			rd_quote_spans(&sp, t, sizeof(t));
			ck_assert_uint_eq(sp.n, 1);
			ck_assert(sp.v[0].s == o + 1 && sp.v[0].e == c);
			t[c - 2] = t[c - 1] = '\n';
			sp.n = 0;
			rd_quote_spans(&sp, t, sizeof(t));
			ck_assert_uint_eq(sp.n, 0);
		}
	free(sp.v);
}
END_TEST

/* words.c: numbers, the classifier's reading and the checker's stricter
 * one by flags; what a change does to them, read from the diff. */
START_TEST(test_numbers)
{
	const char *text = "3rd may May 2,680 cat";
	struct rd_tokens t;
	struct rd_diff *d;
	struct rd_buf o = RD_BUF_INIT, n = RD_BUF_INIT;
	const unsigned strict = RD_DATE_MONTHS | RD_DATE_CAPITALISED | RD_NUM_NO_DIGIT_WORDS;
	const char *a = "on 9 July, 3 ships and 3 boats", *b = "on 10 July, 3 boats and 4 ships";
	size_t pos;

	ck_assert_int_eq(rd_tokenize(&t, text, strlen(text)), 0);
	ck_assert_uint_eq(t.n, 5);
	ck_assert(rd_number_token(text, &t.v[0], 0) && !rd_number_token(text, &t.v[0], strict));
	ck_assert(rd_number_token(text, &t.v[1], 0) && !rd_number_token(text, &t.v[1], strict));
	ck_assert(rd_number_token(text, &t.v[2], strict));
	ck_assert(rd_number_token(text, &t.v[3], strict));
	ck_assert(!rd_number_token(text, &t.v[4], 0));
	rd_tokens_release(&t);
	/* 9 -> 10 replaced; "3 ships and" deleted before "3 boats" and "and 4
	 * ships" inserted after it, neither a replacement */
	ck_assert_int_eq(rd_diff_texts(&d, a, strlen(a), b, strlen(b), NULL), 0);
	ck_assert_uint_ge(d->nchanges, 1);
	for (size_t c = 0; c < d->nchanges; c++)
		if (rd_numbers_changed(d, &rd_diff_changes(d)[c], strict, &o, &n, &pos))
			ck_assert(pos != SIZE_MAX && pos < strlen(b));
	ck_assert_str_eq(o.ptr, "9");
	ck_assert_str_eq(n.ptr, "10");
	rd_diff_free(d);
	/* a rewrite around a date that keeps it changes no number */
	a = "on 9 July we";
	b = "at last on 9 July they";
	ck_assert_int_eq(rd_diff_texts(&d, a, strlen(a), b, strlen(b), NULL), 0);
	for (size_t c = 0; c < d->nchanges; c++)
		ck_assert(!rd_numbers_changed(d, &rd_diff_changes(d)[c], strict, &o, &n, &pos));
	rd_diff_free(d);
	rd_buf_release(&o);
	rd_buf_release(&n);
}
END_TEST

START_TEST(test_bad_bytes)
{
	struct rd_rules *r = rd_rules_default();
	struct rd_findings f = { 0 };
	const char *o = "\"keep \xff this\"";
	const char *n = "\"keep \x1b[31m\xfe that\"";

	ck_assert_int_eq(rd_check_texts(&f, r, o, strlen(o), n, strlen(n)), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.v[0].old_text, "\xef\xbf\xbd this");
	ck_assert_str_eq(f.v[0].new_text, "\xef\xbf\xbd[31m\xef\xbf\xbd that");
	ck_assert_ptr_null(strchr(f.v[0].message, 0x1b));
	rd_findings_release(&f);
	rd_rules_free(r);
}
END_TEST

START_TEST(test_intersect)
{
	struct rd_rules *r = NULL;
	struct rd_findings f = { 0 }, g = { 0 };
	const char *head = "a \"b\" c", *other = "a \"x\" cyber security c";
	const char *n = "a \"x\" cyber security c d 5";

	ck_assert_int_eq(rd_rules_load(&r, write_rules(good_rules), 0), 0);
	ck_assert_int_eq(rd_check_texts(&f, r, head, strlen(head), n, strlen(n)), 0);
	ck_assert_uint_eq(f.n, 2); /* quotes, cybersecurity */
	ck_assert_int_eq(rd_check_texts(&g, r, other, strlen(other), n, strlen(n)), 0);
	ck_assert_uint_eq(g.n, 0);
	rd_findings_intersect(&f, 0, &g);
	ck_assert_uint_eq(f.n, 0);
	rd_findings_release(&f);
	rd_findings_release(&g);
	rd_rules_free(r);
	cleanup();
}
END_TEST

Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_severity, 0, sizeof(severity_cases) / sizeof(*severity_cases));
	tcase_add_test(tc, test_load_good);
	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_load_bad, 0, sizeof(bad_cases) / sizeof(*bad_cases));
	tcase_add_test(tc, test_load_missing);
	tcase_add_loop_test(tc, test_check, 0, sizeof(check_cases) / sizeof(*check_cases));
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_off);
	tcase_add_test(tc, test_long_excerpt);
	tcase_add_test(tc, test_bad_bytes);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_quote_offsets);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_intersect);
	suite_add_tcase(s, tc);
	return s;
}
