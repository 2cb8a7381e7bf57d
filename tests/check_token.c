/* check_token.c - the tokenizer: kinds, offsets, and bytes nobody controls. */
#include "suites.h"
#include "revdiff.h"
#include "diff_int.h"

#include <stdlib.h>
#include <string.h>

/* Tokens of `text` joined by '|' into out. */
static void tokens_of(const char *text, size_t len, struct rd_buf *out)
{
	struct rd_tokens t;

	ck_assert_int_eq(rd_tokenize(&t, text, len), 0);
	rd_buf_clear(out);
	for (size_t i = 0; i < t.n; i++) {
		if (i)
			rd_buf_putc(out, '|');
		rd_buf_put(out, text + t.v[i].off, t.v[i].len);
	}
	rd_tokens_release(&t);
}

static const struct {
	const char *in, *want;
} split_cases[] = {
	{ "Bob, Alice", "Bob|,|Alice" },
	{ "Trump's idea", "Trump's|idea" },
	{ "Trump\xe2\x80\x99s tweet", "Trump\xe2\x80\x99s|tweet" },
	{ "2,680 people", "2,680|people" },
	{ "3.5 and 03:50:22.", "3.5|and|03:50:22|." },
	{ "cyber-security", "cyber|-|security" },
	{ "U.S. President", "U|.|S|.|President" },
	{ "\"quoted\"", "\"|quoted|\"" },
	{ "'tis rock'n'roll'", "'|tis|rock'n'roll|'" },
	{ "\xe4\xb8\xad\xe6\x96\x87 text", "\xe4\xb8\xad|\xe6\x96\x87|text" },
	{ "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd \xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbb",
	  "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd|\xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbb" },
	{ "cafe\xcc\x81 ok", "cafe\xcc\x81|ok" },
	{ "a\xc2\xa0" "b", "a|b" },
	{ "  \n\t ", "" },
	{ "end.", "end|." },
	{ "1,2,", "1|,|2|," },
	{ "2000,2001,2002", "2000|,|2001|,|2002" },
	{ "1,234,567.89 x", "1,234,567.89|x" },
	{ "12,3456", "12|,|3456" },
	{ "x\xff" "y", "x|\xff|y" },
	{ "\xc0\xaf", "\xc0|\xaf" },
	/* scripts without spaces: words by ICU's dictionaries (Thai, Lao) */
	{ "สุนัขจิ้งจอกกระโดดข้ามแมว", "สุนัข|จิ้งจอก|กระโดด|ข้าม|แมว" },
	{ "ແມວກິນປາ x", "ແມວ|ກິນ|ປາ|x" },
	{ "我喜欢", "我|喜|欢" },
};

START_TEST(test_split)
{
	struct rd_buf b = RD_BUF_INIT;

	tokens_of(split_cases[_i].in, strlen(split_cases[_i].in), &b);
	ck_assert_str_eq(b.len ? b.ptr : "", split_cases[_i].want);
	rd_buf_release(&b);
}
END_TEST

START_TEST(test_kinds)
{
	struct rd_tokens t;
	const char *s = "word 2,680 , \xe4\xb8\xad \xff";

	ck_assert_int_eq(rd_tokenize(&t, s, strlen(s)), 0);
	ck_assert_uint_eq(t.n, 5);
	ck_assert_int_eq(t.v[0].kind, RD_TOK_WORD);
	ck_assert_int_eq(t.v[1].kind, RD_TOK_NUMBER);
	ck_assert_int_eq(t.v[2].kind, RD_TOK_PUNCT);
	ck_assert_int_eq(t.v[3].kind, RD_TOK_CJK);
	ck_assert_int_eq(t.v[4].kind, RD_TOK_BYTE);
	rd_tokens_release(&t);
}
END_TEST

START_TEST(test_hash_equal_bytes)
{
	struct rd_tokens t;
	const char *s = "same same other";

	ck_assert_int_eq(rd_tokenize(&t, s, strlen(s)), 0);
	ck_assert(t.v[0].hash == t.v[1].hash);
	ck_assert(t.v[0].hash != t.v[2].hash);
	rd_tokens_release(&t);
}
END_TEST

/* Short tokens hash exactly (diff.c's interning trusts equal hashes up to
 * RD_TOKEN_EXACT bytes): one token hashes alike mid-text (read as a word)
 * and at the text's end (read byte by byte); prefixes differ. */
START_TEST(test_hash_short_exact)
{
	struct rd_tokens t;
	const char *s = "a ab abc abcdefg abcdefgh ab x a abcdefg abcdefgh ab";

	ck_assert_int_eq(rd_tokenize(&t, s, strlen(s)), 0);
	ck_assert_uint_eq(t.n, 11);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 5; j++)
			ck_assert((t.v[i].hash == t.v[j].hash) == (i == j));
	ck_assert(t.v[7].hash == t.v[0].hash);
	ck_assert(t.v[8].hash == t.v[3].hash);
	ck_assert(t.v[9].hash == t.v[4].hash);
	ck_assert(t.v[10].hash == t.v[1].hash);
	rd_tokens_release(&t);
}
END_TEST

START_TEST(test_nul_and_crlf)
{
	struct rd_buf b = RD_BUF_INIT;
	const char s[] = "a\0b\r\nc";

	tokens_of(s, sizeof(s) - 1, &b);
	ck_assert_uint_eq(b.len, 7);
	ck_assert(memcmp(b.ptr, "a|\0|b|c", 7) == 0);
	ck_assert(rd_text_is_binary(s, sizeof(s) - 1));
	ck_assert(!rd_text_is_binary("abc", 3));
	rd_buf_release(&b);
}
END_TEST

/* Random bytes: no crash, tokens in order, inside the text, never empty,
 * and the gaps between them are whitespace only. */
START_TEST(test_random_bytes)
{
	char buf[4096];
	struct rd_tokens t;

	srand(1234 + _i);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(rand() % 256);
	ck_assert_int_eq(rd_tokenize(&t, buf, sizeof(buf)), 0);
	size_t pos = 0;
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_uint_ge(t.v[i].off, pos);
		ck_assert_uint_gt(t.v[i].len, 0);
		for (size_t k = pos; k < t.v[i].off; k++)
			ck_assert(strchr(" \t\n\v\f\r", buf[k]) != NULL || (unsigned char)buf[k] >= 0x80);
		pos = rd_token_end(&t.v[i]);
	}
	ck_assert_uint_le(pos, sizeof(buf));
	rd_tokens_release(&t);
}
END_TEST

/* Text of 64 bytes and more takes the tokenizer's bit-mask path; what it
 * cuts must be what the byte-at-a-time path cuts in pieces shorter than
 * a window (split at ASCII whitespace, which no token crosses): words
 * with apostrophes, numbers with , . : between digits, bytes past ASCII. */
START_TEST(test_windows_match_bytes)
{
	static const char *const parts[] = {
		"the", "word", "it's", "don't", "a'b'c", "x''y", "'90s", "1990's", "_a_", "ab12",
		"12ab", "10,000", "1,23", "1,2345", "3.14", "12:34:56", "U.S.", "a.1", "1.a", "3.",
		"(Closes:", "#717120),", "\"AS", "IS\",", "caf\xc3\xa9", "Trump\xe2\x80\x99s", "\x80",
		"\xe4\xb8\xad", "--", "\x01", "x", "'", "9'9", "a,b", "2,680:", " ", "\n", "\t", "\r\n",
		"\xc2\xa0", "\xe0\xb8\x81\xe0\xb8\x82",
	};
	char buf[2048];
	size_t n = 0;
	struct rd_tokens whole, piece;

	srand(77 + _i);
	while (n < sizeof(buf) - 64) {
		const char *w = parts[rand() % (sizeof(parts) / sizeof(parts[0]))];
		size_t l = strlen(w);
		memcpy(buf + n, w, l);
		n += l;
		buf[n++] = rand() % 5 ? ' ' : (rand() % 2 ? '\n' : '.');
	}
	ck_assert_int_eq(rd_tokenize(&whole, buf, n), 0);
	size_t k = 0, from = 0;
	while (from < n) {
		/* a piece: up to just after the last ASCII space of a 60-byte span */
		size_t to = from + 60 < n ? from + 60 : n;
		if (to < n) {
			while (to > from && !strchr(" \t\n\v\f\r", buf[to - 1]))
				to--;
			if (to == from) /* no space: on to the next one */
				for (to = from + 60; to < n && !strchr(" \t\n\v\f\r", buf[to - 1]); to++)
					;
		}
		ck_assert_int_eq(rd_tokenize_range(&piece, buf, from, to), 0);
		for (size_t i = 0; i < piece.n; i++, k++) {
			ck_assert_uint_lt(k, whole.n);
			ck_assert_uint_eq(piece.v[i].off, whole.v[k].off);
			ck_assert_uint_eq(piece.v[i].len, whole.v[k].len);
			ck_assert_uint_eq(piece.v[i].kind, whole.v[k].kind);
			ck_assert(piece.v[i].hash == whole.v[k].hash);
		}
		rd_tokens_release(&piece);
		from = to;
	}
	ck_assert_uint_eq(k, whole.n);
	rd_tokens_release(&whole);
}
END_TEST

/* One huge word is cut into RD_TOKEN_MAX pieces, in linear time. */
START_TEST(test_long_word)
{
	size_t n = 3 * RD_TOKEN_MAX + 5;
	char *s = malloc(n);
	struct rd_tokens t;

	memset(s, 'x', n);
	ck_assert_int_eq(rd_tokenize(&t, s, n), 0);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_uint_eq(t.v[3].len, 5);
	rd_tokens_release(&t);
	free(s);
}
END_TEST

START_TEST(test_empty)
{
	struct rd_tokens t;

	ck_assert_int_eq(rd_tokenize(&t, "", 0), 0);
	ck_assert_uint_eq(t.n, 0);
	rd_tokens_release(&t);
	rd_tokens_release(NULL);
}
END_TEST

/* rd_line_starts against a byte-at-a-time count, across word boundaries */
START_TEST(test_line_starts)
{
	char text[200] = { 0 };
	unsigned seed = (unsigned)_i * 2654435761u + 1;
	size_t len = (size_t)_i % sizeof(text), n, k = 0;
	uint32_t *v;

	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		text[i] = (seed >> 16) % 5 == 0 ? '\n' : (char)('a' + (seed >> 16) % 26);
	}
	n = rd_line_starts(&v, text, len);
	ck_assert_uint_eq(v[k++], 0);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n') {
			ck_assert_uint_lt(k, n);
			ck_assert_uint_eq(v[k++], i + 1);
		}
	ck_assert_uint_eq(k, n);
	v[n] = 0; /* room for one more entry */
	free(v);
}
END_TEST

/* Pieces that test where tokens join: joiners, scripts, bad bytes. */
static const char *const pieces[] = {
	"word", "Trump's", "Trump\xe2\x80\x99s", "2,680", "3.5", "03:50:22", "12,3456", "1,2,",
	"U.S.", "-", "\"", "'", ",", ".", ":", "rock'n'roll'", "caf\xc3\xa9", "\xe6\x88\x91\xe5\x96\x9c",
	"\xe0\xb8\xaa\xe0\xb8\xb8\xe0\xb8\x99\xe0\xb8\xb1\xe0\xb8\x82", "\xff", "\xc0", "\xaf", "x_y",
	"libs/config/test/x.cpp", "the", "a", "9",
};
static const char *const gaps[] = { " ", " ", " ", "\n", "\t", "", "  ", "\r\n", "\xc2\xa0", " \n " };

static void random_piece(struct rd_buf *b, unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	rd_buf_puts(b, pieces[(*seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))]);
	*seed = *seed * 1103515245u + 12345u;
	rd_buf_puts(b, gaps[(*seed >> 16) % (sizeof(gaps) / sizeof(gaps[0]))]);
}

/* The new side tokenized by copying the old side's tokens where the bytes
 * repeat (diff_share.c) gives exactly the tokens of a whole tokenization,
 * on random edits of random text, at every kind of joint. */
START_TEST(test_shared)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_tokens ta, tb, want;
	struct rd_shares sh = { 0 };
	size_t capa = 0, capb = 0, capw = 0, copied = 0, total = 0;
	unsigned seed = 77u + (unsigned)_i;

	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	memset(&want, 0, sizeof(want));
	for (int round = 0; round < 10; round++) {
		size_t n = 200 + (size_t)(round * 300), from = round % 2 ? 7 : 0;
		rd_buf_clear(&a);
		rd_buf_clear(&b);
		rd_buf_puts(&a, from ? "prefix " : "");
		rd_buf_puts(&b, from ? "prefix " : "");
		for (size_t i = 0; i < n; i++)
			random_piece(&a, &seed);
		/* the new side: the old one, edited here and there */
		for (size_t i = from; i < a.len;) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 1000;
			size_t run = 1 + (seed >> 8) % 200;
			if (run > a.len - i)
				run = a.len - i;
			if (r < 20)
				random_piece(&b, &seed);        /* inserted */
			else if (r < 30)
				i += run / 8 + 1;               /* deleted */
			else if (r < 35 && i > run)
				rd_buf_put(&b, a.ptr + i - run, run); /* repeated */
			else {
				rd_buf_put(&b, a.ptr + i, run);
				i += run;
			}
		}
		ck_assert_int_eq(rd_tokenize_reuse(&ta, &capa, a.ptr, from, a.len), 0);
		ck_assert_int_eq(rd_tokenize_reuse(&want, &capw, b.ptr, from, b.len), 0);
		rd_tokenize_shared(&tb, &capb, b.ptr, from, b.len, &ta, &sh);
		ck_assert_uint_eq(tb.n, want.n);
		ck_assert_uint_eq(tb.start, want.start);
		ck_assert_uint_eq(tb.len, want.len);
		for (size_t i = 0; i < tb.n; i++) {
			ck_assert_uint_eq(tb.v[i].off, want.v[i].off);
			ck_assert_uint_eq(tb.v[i].len, want.v[i].len);
			ck_assert_uint_eq(tb.v[i].kind, want.v[i].kind);
			ck_assert(tb.v[i].hash == want.v[i].hash);
		}
		for (size_t k = 0; k < sh.n; k++) {
			const struct rd_share *c = &sh.v[k];
			ck_assert(k == 0 || c->b >= sh.v[k - 1].b + sh.v[k - 1].n);
			ck_assert_uint_le(c->b + c->n, tb.n);
			ck_assert_uint_le(c->a + c->n, ta.n);
			for (size_t i = 0; i < c->n; i++)
				ck_assert(tb.v[c->b + i].len == ta.v[c->a + i].len &&
					  memcmp(b.ptr + tb.v[c->b + i].off, a.ptr + ta.v[c->a + i].off,
						 ta.v[c->a + i].len) == 0);
			copied += c->n;
		}
		total += tb.n;
	}
	/* and the copies are most of it: the edits are few */
	ck_assert_uint_gt(copied, total / 2);
	free(ta.v);
	free(tb.v);
	free(want.v);
	free(sh.v);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

Suite *token_suite(void)
{
	Suite *s = suite_create("token");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_split, 0, sizeof(split_cases) / sizeof(split_cases[0]));
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_hash_equal_bytes);
	tcase_add_test(tc, test_hash_short_exact);
	tcase_add_test(tc, test_nul_and_crlf);
	tcase_add_loop_test(tc, test_random_bytes, 0, 20);
	tcase_add_test(tc, test_long_word);
	tcase_add_loop_test(tc, test_windows_match_bytes, 0, 200);
	tcase_add_test(tc, test_empty);
	tcase_add_loop_test(tc, test_line_starts, 0, 400);
	tcase_add_loop_test(tc, test_shared, 0, 40);
	suite_add_tcase(s, tc);
	return s;
}
