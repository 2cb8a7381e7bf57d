/* check_diff.c - the engine: both texts rebuilt byte for byte from the
 * edit script, on hand-made, random and real pairs; readable changes. */
#include "suites.h"
#include "revdiff.h"
#include "diff_int.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static struct rd_diff *diff_str(const char *a, const char *b)
{
	struct rd_diff *d;

	ck_assert_int_eq(rd_diff_texts(&d, a, strlen(a), b, strlen(b), NULL), 0);
	rd_test_check_rebuild(d);
	return d;
}

/* The tokens the diff hands out for each op's bytes (rd_diff_tokens, the
 * engine's own for changes) are the ones a fresh cut of those bytes gives;
 * a second ask gives the same kept array. */
static void check_tokens(const struct rd_diff *d)
{
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		for (int side = 0; side < 2; side++) {
			size_t from = side ? o->b_start : o->a_start, to = side ? o->b_end : o->a_end;
			size_t n, n2;
			struct rd_tokens t;
			const struct rd_token *v = rd_diff_tokens(d, side, from, to, &n);
			ck_assert_int_eq(rd_tokenize_range(&t, side ? d->b : d->a, from, to), 0);
			ck_assert_uint_eq(n, t.n);
			for (size_t k = 0; k < n; k++) {
				ck_assert_uint_eq(v[k].off, t.v[k].off);
				ck_assert_uint_eq(v[k].len, t.v[k].len);
				ck_assert_uint_eq(v[k].kind, t.v[k].kind);
				ck_assert(v[k].hash == t.v[k].hash);
			}
			rd_tokens_release(&t);
			ck_assert_ptr_eq(rd_diff_tokens(d, side, from, to, &n2), v);
		}
	}
}

/* The same ops, old and new bytes, kinds and change numbers. */
static void check_same_ops(const struct rd_diff *x, const struct rd_diff *y)
{
	ck_assert_uint_eq(x->nops, y->nops);
	ck_assert_uint_eq(x->nchanges, y->nchanges);
	for (size_t i = 0; i < x->nops; i++) {
		const struct rd_op *p = &x->ops[i], *q = &y->ops[i];
		ck_assert_uint_eq(p->kind, q->kind);
		ck_assert_uint_eq(p->cls, q->cls);
		ck_assert_uint_eq(p->change, q->change);
		ck_assert_uint_eq(p->a_start, q->a_start);
		ck_assert_uint_eq(p->a_end, q->a_end);
		ck_assert_uint_eq(p->b_start, q->b_start);
		ck_assert_uint_eq(p->b_end, q->b_end);
	}
	ck_assert_uint_eq(x->stats.words_deleted, y->stats.words_deleted);
	ck_assert_uint_eq(x->stats.words_inserted, y->stats.words_inserted);
	ck_assert_uint_eq(x->stats.tokens_deleted, y->stats.tokens_deleted);
	ck_assert_uint_eq(x->stats.tokens_inserted, y->stats.tokens_inserted);
}

/*
 * d0, the diff of a and b kept as usual, against the same diff asked to
 * keep every token of one side or both (RD_DIFF_KEEP_*): the same ops,
 * and each kept side's tokens are the whole text's cut, handed out for
 * any range from the engine's own, never cut again (no late range).
 */
static void check_keep_tokens(const struct rd_diff *d0)
{
	for (unsigned keep = 1; keep <= 3; keep++) {
		struct rd_diff_opts o;
		struct rd_diff *d;
		rd_diff_opts_init(&o);
		o.keep_tokens = keep;
		ck_assert_int_eq(rd_diff_texts(&d, d0->a, d0->alen, d0->b, d0->blen, &o), 0);
		check_same_ops(d0, d);
		check_tokens(d);
		for (int side = 0; side < 2; side++) {
			size_t len = side ? d->blen : d->alen, n;
			struct rd_tokens t;
			const struct rd_token *v;
			if (!(keep & (1u << side)))
				continue;
			v = rd_diff_tokens(d, side, 0, len, &n);
			ck_assert_int_eq(rd_tokenize(&t, side ? d->b : d->a, len), 0);
			ck_assert_uint_eq(n, t.n);
			ck_assert(!n || memcmp(v, t.v, n * sizeof(*v)) == 0);
			rd_tokens_release(&t);
			ck_assert_uint_eq(d->tokens->late[side].nr, 0);
		}
		rd_diff_free(d);
	}
}

/* The changes as "[-x-]{+y+}" joined by '|'. */
static void changes_of(const struct rd_diff *d, struct rd_buf *out)
{
	rd_buf_clear(out);
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_EQUAL) {
			if (out->len && out->ptr[out->len - 1] != '|')
				rd_buf_putc(out, '|');
			continue;
		}
		rd_buf_puts(out, o->kind == RD_OP_DELETE ? "[-" : "{+");
		if (o->kind == RD_OP_DELETE)
			rd_buf_put(out, d->a + o->a_start, o->a_end - o->a_start);
		else
			rd_buf_put(out, d->b + o->b_start, o->b_end - o->b_start);
		rd_buf_puts(out, o->kind == RD_OP_DELETE ? "-]" : "+}");
	}
	while (out->len && out->ptr[out->len - 1] == '|')
		out->ptr[--out->len] = '\0';
}

static const struct {
	const char *a, *b, *want;
} change_cases[] = {
	{ "same text", "same text", "" },
	{ "", "", "" },
	{ "", "new words", "{+new words+}" },
	{ "old words", "", "[-old words-]" },
	{ "Bob came", "Bob, came", "{+,+}" },
	{ "an impenetrable cybersecurity unit", "an impenetrable cyber security unit",
	  "[-cybersecurity-]{+cyber security+}" },
	{ "U.S. President", "Russia-United States relations: U.S. President",
	  "{+Russia-United States relations: +}" },
	{ "a b c", "a c", "[-b -]" },
	{ "a  b", "a b", "[- -]" },
	{ "one\ntwo", "one two", "[-\n-]{+ +}" },
	{ "the cat sat", "the dog sat", "[-cat-]{+dog+}" },
	/* a lone comma between two changes joins them; a word between two
	 * short changes stays */
	{ "x, y", "p, q", "[-x, y-]{+p, q+}" },
	{ "x the y", "p the q", "[-x-]{+p+}|[-y-]{+q+}" },
	{ "The end.", "The end. More.", "{+ More.+}" },
	{ "no newline", "no newline\n", "{+\n+}" },
	{ "a\r\nb", "a\nb", "[-\r-]" },
};

START_TEST(test_changes)
{
	struct rd_buf b = RD_BUF_INIT;
	struct rd_diff *d = diff_str(change_cases[_i].a, change_cases[_i].b);

	changes_of(d, &b);
	ck_assert_str_eq(b.len ? b.ptr : "", change_cases[_i].want);
	rd_diff_free(d);
	rd_buf_release(&b);
}
END_TEST

START_TEST(test_stats)
{
	struct rd_diff *d = diff_str("an impenetrable cybersecurity unit",
				     "an impenetrable cyber security unit");

	ck_assert_uint_eq(d->stats.words_deleted, 1);
	ck_assert_uint_eq(d->stats.words_inserted, 2);
	ck_assert_uint_eq(d->stats.changes, 1);
	ck_assert_uint_eq(d->nchanges, 1);
	ck_assert(d->stats.similarity > 0.6 && d->stats.similarity < 1.0);
	ck_assert(!d->bounded);
	rd_diff_free(d);
	d = diff_str("", "");
	ck_assert(d->stats.similarity == 1.0);
	rd_diff_free(d);
	rd_diff_free(NULL);
}
END_TEST

static const char *const vocab[] = {
	"the", "a", "cat", "dog", "sat", "on", "mat", ",", ".", "\xe4\xb8\xad",
	"Trump's", "2,680", "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd", "-", "\"",
};
static const char *const spaces[] = { " ", " ", " ", "  ", "\n", "\n\n", "\t", "", "\r\n" };

static void random_text(struct rd_buf *b, unsigned n)
{
	rd_buf_clear(b);
	for (unsigned i = 0; i < n; i++) {
		rd_buf_puts(b, vocab[rand() % (sizeof(vocab) / sizeof(vocab[0]))]);
		rd_buf_puts(b, spaces[rand() % (sizeof(spaces) / sizeof(spaces[0]))]);
	}
}

/* Random texts, and random edits of them: rebuilt exactly, every time. */
START_TEST(test_random_rebuild)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff *d;

	srand(42 + _i);
	random_text(&a, 1 + rand() % 400);
	if (_i % 2) {
		random_text(&b, 1 + rand() % 400);
	} else {
		/* an edit: copy with a few words replaced, dropped or added */
		rd_buf_clear(&b);
		for (size_t i = 0; i < a.len; i++) {
			int r = rand() % 100;
			if (r == 0)
				continue;
			if (r == 1)
				rd_buf_puts(&b, " inserted ");
			rd_buf_putc(&b, a.ptr[i]);
		}
	}
	ck_assert_int_eq(rd_diff_texts(&d, a.ptr, a.len, b.ptr ? b.ptr : "", b.len, NULL), 0);
	rd_test_check_rebuild(d);
	check_tokens(d);
	check_keep_tokens(d);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

/* The diff of parts of a diff's texts: offsets from the parts' starts. */
START_TEST(test_ranges)
{
	const char *a = "one two three four", *b = "zero two three five";
	struct rd_diff *d = diff_str(a, b), *in;

	ck_assert_int_eq(rd_diff_ranges(&in, d, 4, 13, 5, 14, NULL), 0);
	ck_assert_ptr_eq(in->a, a + 4);
	ck_assert_ptr_eq(in->b, b + 5);
	ck_assert_uint_eq(in->nchanges, 0);
	ck_assert_uint_eq(in->nops, 1);
	ck_assert_uint_eq(in->ops[0].a_end, 9);
	rd_diff_free(in);
	ck_assert_int_eq(rd_diff_ranges(&in, d, 8, 18, 9, 19, NULL), 0);
	ck_assert_uint_eq(in->nchanges, 1);
	rd_diff_free(in);
	rd_diff_free(d);
}
END_TEST

/* A moved paragraph's inner diff runs on the tokens the diff holds of
 * it (no cut of its bytes again), and gives what a diff of the two
 * texts alone gives. */
START_TEST(test_ranges_tokens)
{
	const char *a = "Kept first line.\nA paragraph that moves, with a word or two changed.\n"
			"Kept last line.\n";
	const char *b = "Kept first line.\nKept last line.\n"
			"A paragraph that moved, with a word or three changed.\n";
	struct rd_diff *d = diff_str(a, b), *in, *alone;
	const char *pa = strstr(a, "A par"), *pb = strstr(b, "A par");
	size_t as = (size_t)(pa - a), ae = as + strlen("A paragraph that moves, with a word or two changed.");
	size_t bs = (size_t)(pb - b), be = bs + strlen("A paragraph that moved, with a word or three changed.");

	ck_assert_int_eq(rd_diff_ranges(&in, d, as, ae, bs, be, NULL), 0);
	ck_assert_uint_eq(d->tokens->late[0].nr, 0);
	ck_assert_uint_eq(d->tokens->late[1].nr, 0);
	ck_assert_int_eq(rd_diff_texts(&alone, a + as, ae - as, b + bs, be - bs, NULL), 0);
	check_same_ops(alone, in);
	check_tokens(in);
	ck_assert_uint_eq(in->tokens->late[0].nr, 0);
	ck_assert_uint_eq(in->tokens->late[1].nr, 0);
	ck_assert_uint_eq(in->nchanges, 2);
	rd_diff_free(alone);
	rd_diff_free(in);
	rd_diff_free(d);
}
END_TEST

/* A tiny cost bound still gives a correct (if not shortest) script. */
START_TEST(test_cost_bound)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff_opts o;
	struct rd_diff *d;

	srand(7);
	random_text(&a, 5000);
	random_text(&b, 5000);
	rd_diff_opts_init(&o);
	o.max_cost = 1000;
	ck_assert_int_eq(rd_diff_texts(&d, a.ptr, a.len, b.ptr, b.len, &o), 0);
	rd_test_check_rebuild(d);
	ck_assert(d->bounded);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

static const char *const real_pairs[][2] = {
	{ "GPL-2", "GPL-3" },
	{ "LGPL-2", "LGPL-2.1" },
	{ "GFDL-1.2", "GFDL-1.3" },
	{ "GPL-3", "GPL-2" },
};

static void read_data(struct rd_buf *b, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "tests/data/%s", name);
	rd_test_read(b, rel);
}

START_TEST(test_real_pairs)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff *d;

	read_data(&a, real_pairs[_i][0]);
	read_data(&b, real_pairs[_i][1]);
	ck_assert_int_eq(rd_diff_texts(&d, a.ptr, a.len, b.ptr, b.len, NULL), 0);
	rd_test_check_rebuild(d);
	check_tokens(d);
	check_keep_tokens(d);
	ck_assert(!d->bounded);
	ck_assert_uint_gt(d->nchanges, 0);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

/* Texts past the line-anchoring size: repeated and unique lines, edits
 * scattered and clustered, a hash-identical-length line changed, and an
 * unrelated tail.  Both sides must rebuild exactly. */
START_TEST(test_large_rebuild)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff *d;

	srand(99 + _i);
	for (int i = 0; i < 12000; i++) {
		char line[128];
		/* every third line repeats: not an anchor on its own */
		int n = i % 3 ? snprintf(line, sizeof(line), "line %d says something, number %d.\n", i, i * 7)
			      : snprintf(line, sizeof(line), "the same boilerplate line\n");
		rd_buf_put(&a, line, (size_t)n);
		int r = rand() % 100;
		if (r < 2)
			continue; /* deleted line */
		if (r < 4)
			rd_buf_puts(&b, "an inserted line here\n");
		if (r < 8) { /* a word changed, same length */
			line[0] = 'L';
			if (_i == 1)
				line[n - 1] = ' '; /* and the line joined to the next */
		}
		rd_buf_put(&b, line, (size_t)n);
	}
	if (_i == 2)
		for (int i = 0; i < 2000; i++)
			rd_buf_printf(&b, "unrelated words %d\n", rand());
	ck_assert_uint_gt(a.len + b.len, 256 * 1024);
	ck_assert_int_eq(rd_diff_texts(&d, a.ptr, a.len, b.ptr, b.len, NULL), 0);
	rd_test_check_rebuild(d);
	check_tokens(d);
	check_keep_tokens(d);
	ck_assert_uint_gt(d->nchanges, 100);
	ck_assert(d->stats.similarity > 0.8);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_changes, 0, sizeof(change_cases) / sizeof(change_cases[0]));
	tcase_add_test(tc, test_stats);
	tcase_add_loop_test(tc, test_random_rebuild, 0, 60);
	tcase_add_test(tc, test_cost_bound);
	tcase_add_test(tc, test_ranges);
	tcase_add_test(tc, test_ranges_tokens);
	tcase_add_loop_test(tc, test_real_pairs, 0, sizeof(real_pairs) / sizeof(real_pairs[0]));
	tcase_add_loop_test(tc, test_large_rebuild, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}
