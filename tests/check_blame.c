/* check_blame.c - word blame (restored text keeps its author), phrase
 * counting for `log -S`, and identity-revert flags. */
#include "suites.h"
#include "revdiff.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

/* Asserts the tokens tile the text and returns "word:origin" pairs for
 * the non-blank tokens, e.g. "The:1 quick:4 ". */
static void blame_of(struct rd_blame *b, struct rd_buf *out)
{
	size_t n, len, pos = 0;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	const char *text = rd_blame_text(b, &len);

	rd_buf_clear(out);
	rd_buf_put(out, "", 0);
	for (size_t i = 0; i < n; i++) {
		size_t wl = t[i].len;
		ck_assert_uint_eq(t[i].off, pos);
		pos += t[i].len;
		while (wl && strchr(" \n\t", text[t[i].off + wl - 1]))
			wl--;
		rd_buf_printf(out, "%.*s:%d ", (int)wl, text + t[i].off, t[i].origin);
	}
	ck_assert_uint_eq(pos, len);
	/* one blame token per token of the tokenizer, starting where it does
	 * (tokens are reused from the version before where text is equal) */
	{
		struct rd_tokens tk;
		ck_assert_int_eq(rd_tokenize(&tk, text, len), 0);
		ck_assert_uint_eq(tk.n ? tk.n : (len ? 1 : 0), n);
		for (size_t i = 1; i < tk.n; i++)
			ck_assert_uint_eq(t[i].off, tk.v[i].off);
		/* and its kind, so that word counts need no tokenizing */
		for (size_t i = 0; i < tk.n; i++)
			ck_assert_int_eq(t[i].word, rd_token_is_word(&tk.v[i]));
		rd_tokens_release(&tk);
	}
}

static const struct rd_blame_token *token_at(struct rd_blame *b, const char *word)
{
	size_t n, len;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	const char *text = rd_blame_text(b, &len);

	for (size_t i = 0; i < n; i++)
		if (strncmp(text + t[i].off, word, strlen(word)) == 0)
			return &t[i];
	ck_abort_msg("'%s' not in the blamed text", word);
	return NULL;
}

static void add(struct rd_blame *b, int v, const char *text)
{
	ck_assert_msg(rd_blame_add(b, v, text, strlen(text)) == 0, "%s", rd_error_last());
}

static const struct {
	const char *versions[6];
	const char *want; /* blame of the last version */
} blame_cases[] = {
	/* one version: all its own */
	{ { "The quick brown fox.", NULL }, "The:1 quick:1 brown:1 fox:1 .:1 " },
	/* an addition */
	{ { "The fox.", "The brown fox." , NULL }, "The:1 brown:2 fox:1 .:1 " },
	/* vandalism, then an identity revert: everything back to version 1 */
	{ { "The quick brown fox jumps.", "LOL hacked", "The quick brown fox jumps.", NULL },
	  "The:1 quick:1 brown:1 fox:1 jumps:1 .:1 " },
	/* a phrase removed, then restored amid other changes */
	{ { "The quick brown fox jumps over the lazy dog.",
	    "The fox jumps over the lazy dog.",
	    "The fox jumps over the dog. It sleeps.",
	    "The quick brown fox leaps over the dog. It sleeps.", NULL },
	  "The:1 quick:1 brown:1 fox:1 leaps:4 over:1 the:1 dog:1 .:1 It:3 sleeps:3 .:3 " },
	/* one word replaced and put back (a short run, within the window) */
	{ { "Alice wrote a good article here.", "Alice wrote a bad article here.",
	    "Alice wrote a good article here today.", NULL },
	  "Alice:1 wrote:1 a:1 good:1 article:1 here:1 today:3 .:1 " },
	/* paragraphs moved: nobody new wrote them */
	{ { "First paragraph is here.\n\nSecond paragraph is there.\n",
	    "Second paragraph is there.\n\nFirst paragraph is here.\n", NULL },
	  "Second:1 paragraph:1 is:1 there:1 .:1 First:1 paragraph:1 is:1 here:1 .:1 " },
	/* a blanked page restored with an edit: the long run is matched (and
	 * "One" lowered to "one" keeps its author) */
	{ { "One two three four five six seven eight nine ten eleven twelve.", "",
	    "Zero one two three four five six seven eight nine ten eleven twelve.", NULL },
	  "Zero:3 one:1 two:1 three:1 four:1 five:1 six:1 seven:1 eight:1 nine:1 ten:1 eleven:1 twelve:1 .:1 " },
	/* a short run put back between its old neighbours is the old one... */
	{ { "Alice wrote a good article.", "Alice wrote a article.", "Alice wrote a good article.", NULL },
	  "Alice:1 wrote:1 a:1 good:1 article:1 .:1 " },
	/* ...but not when reused in new wording */
	{ { "Alice wrote a good article.", "Alice wrote an article.", "Alice wrote an article. It is good news.", NULL },
	  "Alice:1 wrote:1 an:2 article:1 .:1 It:3 is:3 good:3 news:3 .:3 " },
	/* of two copies of a sentence, the one kept keeps the older tokens,
	 * whichever place the deleted one had */
	{ { "Alpha beta gamma delta. Other text here.",
	    "Alpha beta gamma delta. Other text here. Alpha beta gamma delta.",
	    "Other text here. Alpha beta gamma delta.", NULL },
	  "Other:1 text:1 here:1 .:1 Alpha:1 beta:1 gamma:1 delta:1 .:1 " },
	/* a sentence restored takes back its oldest removed copy */
	{ { "Alpha beta gamma delta. One.",
	    "Alpha beta gamma delta. One. Alpha beta gamma delta.",
	    "One.", "One. Two. Alpha beta gamma delta.", NULL },
	  "One:1 .:1 Two:4 .:4 Alpha:1 beta:1 gamma:1 delta:1 .:1 " },
	/* leading white space belongs to the first token */
	{ { "  indented text", "  indented text\n", NULL }, "  indented:1 text:1 " },
};

START_TEST(test_blame_cases)
{
	struct rd_blame *b = rd_blame_new();
	struct rd_buf got = RD_BUF_INIT;
	int v = 0;

	for (; v < 6 && blame_cases[_i].versions[v]; v++)
		add(b, v + 1, blame_cases[_i].versions[v]);
	blame_of(b, &got);
	ck_assert_str_eq(got.ptr, blame_cases[_i].want);
	rd_buf_release(&got);
	rd_blame_free(b);
}
END_TEST

START_TEST(test_blame_events)
{
	struct rd_blame *b = rd_blame_new();
	const struct rd_blame_token *t;

	add(b, 1, "The quick brown fox jumps.");
	add(b, 2, "LOL hacked");
	add(b, 3, "The quick brown fox jumps.");
	/* version numbers may skip (a text-deleted version in between) */
	add(b, 5, "The brown fox jumps.");
	add(b, 6, "The quick brown fox jumps again.");
	t = token_at(b, "quick");
	ck_assert_int_eq(t->origin, 1);
	ck_assert_uint_eq(t->nremoved, 2);
	ck_assert_int_eq(t->removed_in[0], 2);
	ck_assert_int_eq(t->removed_in[1], 5);
	ck_assert_uint_eq(t->nreinserted, 2);
	ck_assert_int_eq(t->reinserted_in[0], 3);
	ck_assert_int_eq(t->reinserted_in[1], 6);
	t = token_at(b, "brown");
	ck_assert_uint_eq(t->nremoved, 1);
	ck_assert_uint_eq(t->nreinserted, 1);
	t = token_at(b, "again");
	ck_assert_int_eq(t->origin, 6);
	ck_assert_uint_eq(t->nremoved, 0);
	/* a moved word records nothing */
	add(b, 7, "again The quick brown fox jumps.");
	t = token_at(b, "again");
	ck_assert_int_eq(t->origin, 6);
	ck_assert_uint_eq(t->nremoved, 0);
	ck_assert_uint_eq(t->nreinserted, 0);
	/* versions must increase */
	ck_assert_int_eq(rd_blame_add(b, 7, "x", 1), RD_EINVALID);
	rd_blame_free(b);
}
END_TEST

/* Vandals' edits reverted, far more often than the revert window holds
 * versions: a small edit (its reverted middle only is touched), two
 * edits reverted at once, a blanking.  Every revert restores the old
 * tokens, and each token's events are exactly its own. */
START_TEST(test_blame_revert_ring)
{
	static const char *const text = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota.";
	struct rd_blame *b = rd_blame_new();
	struct rd_buf edit = RD_BUF_INIT, got = RD_BUF_INIT;
	int eps_rm[64], eps_in[64], gam_rm[64], gam_in[64], neps = 0, ngam = 0, v = 1;
	const struct rd_blame_token *t;

	add(b, v++, text);
	for (int k = 0; k < 40; k++) {
		if (k % 4 == 3) {
			add(b, v, "LOL");
			gam_rm[ngam] = eps_rm[neps] = v++;
		} else {
			rd_buf_clear(&edit);
			rd_buf_printf(&edit, "Alpha beta gamma. Delta vandal%d zeta. Eta theta iota.", k);
			add(b, v, edit.ptr);
			eps_rm[neps] = v++;
			if (k % 2) {
				rd_buf_clear(&edit);
				rd_buf_printf(&edit, "Alpha beta gamma. Delta vandal%d zeta. Eta more iota.", k);
				add(b, v++, edit.ptr);
			}
		}
		add(b, v, text);
		if (k % 4 == 3)
			gam_in[ngam++] = v;
		eps_in[neps++] = v++;
	}
	ck_assert_int_gt(v, 2 * RD_BLAME_REVERT_WINDOW);
	blame_of(b, &got);
	ck_assert_str_eq(got.ptr, "Alpha:1 beta:1 gamma:1 .:1 Delta:1 epsilon:1 zeta:1 .:1 Eta:1 theta:1 iota:1 .:1 ");
	t = token_at(b, "epsilon");
	ck_assert_uint_eq(t->nremoved, (size_t)neps);
	ck_assert_uint_eq(t->nreinserted, (size_t)neps);
	ck_assert_mem_eq(t->removed_in, eps_rm, neps * sizeof(int));
	ck_assert_mem_eq(t->reinserted_in, eps_in, neps * sizeof(int));
	t = token_at(b, "gamma");
	ck_assert_uint_eq(t->nremoved, (size_t)ngam);
	ck_assert_mem_eq(t->removed_in, gam_rm, ngam * sizeof(int));
	ck_assert_mem_eq(t->reinserted_in, gam_in, ngam * sizeof(int));
	rd_buf_release(&edit);
	rd_buf_release(&got);
	rd_blame_free(b);
}
END_TEST

/* Three words put back in a new sentence are new, as in WikiWho; a
 * whole sentence is restored however late. */
START_TEST(test_blame_window)
{
	struct rd_blame *b = rd_blame_new();
	struct rd_buf text = RD_BUF_INIT, got = RD_BUF_INIT;
	int v = 1;

	add(b, v++, "Alpha beta gamma delta. One two three four five six seven eight. Some text.");
	add(b, v++, "Some text.");
	add(b, v++, "Alpha beta gamma went. Some text.");
	blame_of(b, &got);
	ck_assert_str_eq(got.ptr, "Alpha:3 beta:3 gamma:3 went:3 .:3 Some:1 text:1 .:1 ");
	add(b, v++, "Some text.");
	for (; v < 30; v++) {
		rd_buf_clear(&text);
		rd_buf_printf(&text, "Some text %d.", v);
		add(b, v, text.ptr);
	}
	add(b, v, "Alpha beta gamma went. One two three four five six seven eight. Some text.");
	blame_of(b, &got);
	ck_assert_str_eq(got.ptr, "Alpha:3 beta:3 gamma:3 went:3 .:3 One:1 two:1 three:1 four:1 five:1 six:1 seven:1 eight:1 .:1 Some:1 text:1 .:1 ");
	rd_buf_release(&text);
	rd_buf_release(&got);
	rd_blame_free(b);
}
END_TEST

/* A citation is a sentence of its own (as WikiWho cuts them): put back
 * inside a rewritten sentence long after, it keeps its author; and "p. 9"
 * does not end a sentence. */
START_TEST(test_blame_citation)
{
	struct rd_blame *b = rd_blame_new();
	struct rd_buf text = RD_BUF_INIT, got = RD_BUF_INIT;
	int v = 1;

	add(b, v++, "Anarchism is a philosophy<ref>Smith, John. Big Book, p. 9</ref> of freedom.");
	for (; v < 30; v++) {
		rd_buf_clear(&text);
		rd_buf_printf(&text, "Anarchism is a philosophy of freedom %d.", v);
		add(b, v, text.ptr);
	}
	add(b, v, "Anarchism is a political philosophy<ref>Smith, John. Big Book, p. 9</ref> of liberty.");
	blame_of(b, &got);
	ck_assert_str_eq(got.ptr, "Anarchism:1 is:1 a:1 political:30 philosophy:1 <:1 ref:1 >:1 Smith:1 ,:1 "
				  "John:1 .:1 Big:1 Book:1 ,:1 p:1 .:1 9:1 <:1 /:1 ref:1 >:1 of:1 liberty:30 .:1 ");
	rd_buf_release(&text);
	rd_buf_release(&got);
	rd_blame_free(b);
}
END_TEST

/* Random histories: tokens always tile the text, origins and events are
 * versions that exist, in order. */
START_TEST(test_blame_random)
{
	static const char *words[] = { "alpha", "beta", "gamma", "delta", ",", ".", "the", "of", "x1" };
	struct rd_blame *b = rd_blame_new();
	struct rd_buf text = RD_BUF_INIT, got = RD_BUF_INIT;
	unsigned seed = 1234u + (unsigned)_i;
	char *prev = NULL;

	for (int v = 1; v <= 40; v++) {
		size_t n;
		const struct rd_blame_token *t;
		rd_buf_clear(&text);
		if (prev && rand_r(&seed) % 4 == 0) {
			rd_buf_puts(&text, prev); /* sometimes nothing changes */
		} else {
			int nw = 5 + rand_r(&seed) % 40;
			for (int k = 0; k < nw; k++) {
				rd_buf_puts(&text, words[rand_r(&seed) % 9]);
				rd_buf_puts(&text, rand_r(&seed) % 7 ? " " : "\n");
			}
		}
		add(b, v, text.ptr);
		blame_of(b, &got);
		t = rd_blame_tokens(b, &n);
		for (size_t i = 0; i < n; i++) {
			ck_assert(t[i].origin >= 1 && t[i].origin <= v);
			for (size_t k = 0; k < t[i].nremoved; k++)
				ck_assert(t[i].removed_in[k] > t[i].origin && t[i].removed_in[k] <= v);
			for (size_t k = 1; k < t[i].nremoved; k++)
				ck_assert(t[i].removed_in[k] > t[i].removed_in[k - 1]);
			ck_assert(t[i].nreinserted == t[i].nremoved);
		}
		free(prev);
		prev = rd_strdup(text.ptr);
	}
	free(prev);
	rd_buf_release(&text);
	rd_buf_release(&got);
	rd_blame_free(b);
}
END_TEST

/* 300 versions of a 50 KB page with small edits, in well under a second
 * per hundred versions (the benchmark runs 2,000). */
START_TEST(test_blame_speed)
{
	struct rd_blame *b = rd_blame_new();
	struct rd_buf text = RD_BUF_INIT;
	unsigned seed = 99;
	clock_t c0 = clock();
	double secs;
	size_t n;

	while (text.len < 50000)
		rd_buf_printf(&text, "word%u is here, ", rand_r(&seed) % 5000);
	for (int v = 1; v <= 300; v++) {
		size_t at = (size_t)rand_r(&seed) % (text.len - 20);
		memcpy(text.ptr + at, v % 2 ? "edited" : "EDITED", 6);
		add(b, v, text.ptr);
	}
	secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	ck_assert_ptr_nonnull(rd_blame_tokens(b, &n));
	ck_assert_uint_gt(n, 10000);
	ck_assert_msg(secs < 10.0, "300 versions took %.2f s", secs);
	rd_buf_release(&text);
	rd_blame_free(b);
}
END_TEST


static int to_buf(void *ctx, const char *data, size_t len)
{
	rd_buf_put(ctx, data, len);
	return 0;
}

static const struct rd_side sides[] = {
	{ .name = "Page", .version = 1, .nversions = 3, .commit = "c1", .timestamp = "2017-08-13T03:50:22Z",
	  .author = "Alice", .label = "First version", .revision_id = "1001" },
	{ .name = "Page", .version = 2, .nversions = 3, .commit = "c2", .timestamp = "2017-08-28T10:00:00Z",
	  .author = "2001:DB8:0:0:0:0:0:1", .label = NULL, .revision_id = "1002" },
	{ .name = "Page", .version = 3, .nversions = 3, .commit = "c3", .timestamp = "2017-08-29T10:00:00Z",
	  .author = "Bob", .label = "revert", .revision_id = "1003" },
};

static const struct rd_side *side_cb(void *ctx, int v)
{
	(void)ctx;
	return v >= 1 && v <= 3 ? &sides[v - 1] : NULL;
}

static struct rd_blame *three_versions(void)
{
	struct rd_blame *b = rd_blame_new();

	add(b, 1, "The quick fox.\n");
	add(b, 2, "The fox, \xff hacked.\n");
	add(b, 3, "The quick fox \xff jumps.\n");
	return b;
}

START_TEST(test_render_json)
{
	struct rd_blame *b = three_versions();
	struct rd_blame_render_opts o = { RD_FORMAT_JSON, &sides[2], side_cb, NULL };
	struct rd_buf out = RD_BUF_INIT, cat = RD_BUF_INIT;
	json_error_t e;
	json_t *j, *toks, *tok;
	size_t i;

	ck_assert_int_eq(rd_blame_render(b, &o, to_buf, &out), 0);
	j = json_loads(out.ptr, 0, &e);
	ck_assert_msg(j != NULL, "%s", e.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "entry")), "Page");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "version"), "version")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "version"), "label")), "revert");
	toks = json_object_get(j, "tokens");
	json_array_foreach(toks, i, tok)
		rd_buf_puts(&cat, json_string_value(json_object_get(tok, "text")));
	/* the bad byte becomes U+FFFD, everything else is the text */
	ck_assert_str_eq(cat.ptr, "The quick fox \xef\xbf\xbd jumps.\n");
	tok = json_array_get(toks, 1);
	ck_assert_str_eq(json_string_value(json_object_get(tok, "text")), "quick ");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(tok, "origin"), "version")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(tok, "origin"), "author")), "Alice");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(tok, "origin"), "revision_id")), "1001");
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(tok, "removed_in"), 0)), 2);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(tok, "reinserted_in"), 0)), 3);
	tok = json_array_get(toks, 4);
	ck_assert_str_eq(json_string_value(json_object_get(tok, "text")), "jumps");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(tok, "origin"), "version")), 3);
	ck_assert_uint_eq(json_array_size(json_object_get(tok, "removed_in")), 0);
	json_decref(j);
	rd_buf_release(&out);
	rd_buf_release(&cat);
	rd_blame_free(b);
}
END_TEST

START_TEST(test_render_text)
{
	struct rd_blame *b = three_versions();
	struct rd_blame_render_opts o = { RD_FORMAT_PLAIN, &sides[2], side_cb, NULL };
	struct rd_buf out = RD_BUF_INIT;

	ck_assert_int_eq(rd_blame_render(b, &o, to_buf, &out), 0);
	ck_assert_msg(strstr(out.ptr, "blame    Page  version 3 of 3\n") != NULL, "%s", out.ptr);
	ck_assert_msg(strstr(out.ptr, "v1        3 words  2017-08-13T03:50:22Z  Alice  rev 1001  First version\n") != NULL, "%s", out.ptr);
	ck_assert_msg(strstr(out.ptr, "v2        0 words  2017-08-28T10:00:00Z  2001:DB8:0:0:0:0:0:1  rev 1002\n") != NULL, "%s", out.ptr);
	ck_assert_msg(strstr(out.ptr, "\n\n[v1]The quick fox [v2]\xff [v3]jumps[v1].\n") != NULL, "%s", out.ptr);
	rd_buf_clear(&out);
	o.format = RD_FORMAT_COLOR;
	ck_assert_int_eq(rd_blame_render(b, &o, to_buf, &out), 0);
	ck_assert(strstr(out.ptr, "\033[2m[v3]\033[m\033[32mjumps") != NULL);
	o.format = RD_FORMAT_PORCELAIN;
	ck_assert_int_eq(rd_blame_render(b, &o, to_buf, &out), RD_EINVALID);
	rd_buf_release(&out);
	rd_blame_free(b);
}
END_TEST

static const struct {
	const char *phrase, *text;
	unsigned flags;
	size_t want;
} phrase_cases[] = {
	{ "cyber security", "a cyber security unit", 0, 1 },
	{ "cyber security", "the cyber\n  security unit, a cyber security unit", 0, 2 },
	{ "cyber security", "a cybersecurity unit", 0, 0 },
	{ "cybersecurity", "a cyber security unit", 0, 0 },
	{ "Cyber security", "a cyber security unit", 0, 0 },
	{ "Cyber security", "a cyber security unit", RD_PHRASE_ICASE, 1 },
	{ "МОСКВА", "Москва — столица. москва!", RD_PHRASE_ICASE, 2 },
	/* full case folding, as the checker's avoided words (words.c) */
	{ "Stra\xc3\x9f" "e", "die STRASSE, die strasse, die Strase", RD_PHRASE_ICASE, 2 },
	{ "Stra\xc3\x9f" "e", "die STRASSE", 0, 0 },
	{ "a a", "a a a", 0, 1 },
	{ "U.S.", "U.S. President; U. S. again", 0, 2 },
	{ "unit", "units unit unit.", 0, 2 },
	{ "  padded  ", "a padded phrase", 0, 1 },
};

START_TEST(test_phrase_count)
{
	struct rd_phrase *p;
	size_t c;

	ck_assert_int_eq(rd_phrase_new(&p, phrase_cases[_i].phrase, strlen(phrase_cases[_i].phrase),
				       phrase_cases[_i].flags), 0);
	ck_assert_int_eq(rd_phrase_count(p, phrase_cases[_i].text, strlen(phrase_cases[_i].text), &c), 0);
	ck_assert_uint_eq(c, phrase_cases[_i].want);
	rd_phrase_free(p);
}
END_TEST

START_TEST(test_phrase_empty)
{
	struct rd_phrase *p = (void *)1;

	ck_assert_int_eq(rd_phrase_new(&p, " \n", 2, 0), RD_EINVALID);
	ck_assert_ptr_null(p);
	rd_phrase_free(NULL);
}
END_TEST

static const struct {
	const char *ids; /* one letter per version, '-' for text-deleted */
	size_t window;
	const char *revert_to;   /* per version: '0' none, else the digit */
	const char *reverted_by;
} revert_cases[] = {
	{ "ABA", 15, "001", "030" },
	{ "ABCA", 15, "0001", "0440" },
	{ "AAB", 15, "000", "000" },     /* a null edit is no revert */
	{ "AB-A", 15, "0001", "0440" },  /* a text-deleted version is undone too */
	{ "ABACA", 15, "00103", "03050" }, /* the first revert wins, then the second */
	{ "ABCDEFGHIJA", 5, "00000000000", "00000000000" },
	{ "ABCDEFGHIJA", 0, "0000000000" "1", "0" ";;;;;;;;;" "0" }, /* 11 is ';' */
	{ "ABAB", 15, "0012", "0340" },
};

START_TEST(test_reverts)
{
	const char *s = revert_cases[_i].ids;
	size_t n = strlen(s);
	char ids[16][2];
	const char *ptrs[16] = { NULL };
	struct rd_revert out[16];

	for (size_t i = 0; i < n; i++) {
		ids[i][0] = s[i];
		ids[i][1] = '\0';
		ptrs[i] = s[i] == '-' ? NULL : ids[i];
	}
	rd_reverts_detect(out, ptrs, n, revert_cases[_i].window);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(out[i].revert_to == revert_cases[_i].revert_to[i] - '0',
			      "case %d version %zu revert_to %d", _i, i + 1, out[i].revert_to);
		ck_assert_msg(out[i].reverted_by == revert_cases[_i].reverted_by[i] - '0',
			      "case %d version %zu reverted_by %d", _i, i + 1, out[i].reverted_by);
	}
}
END_TEST


/* The flags in their one order, numbers only on the revert pair. */
START_TEST(test_version_flags)
{
	struct rd_flag fl[RD_FLAG__COUNT];
	struct rd_revert rv = { 2, 0 };
	size_t n = rd_version_flags(fl, 1, 0, 1, &rv);

	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(fl[0].kind, RD_FLAG_MINOR);
	ck_assert_str_eq(fl[0].words, "minor");
	ck_assert_int_eq(fl[0].number, 0);
	ck_assert_str_eq(fl[1].words, "comment deleted");
	ck_assert_int_eq(fl[2].kind, RD_FLAG_REVERT_TO);
	ck_assert_str_eq(fl[2].words, "revert to");
	ck_assert_int_eq(fl[2].number, 2);
	rv = (struct rd_revert){ 0, 7 };
	n = rd_version_flags(fl, 0, 1, 0, &rv);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(fl[0].words, "text deleted");
	ck_assert_int_eq(fl[1].kind, RD_FLAG_REVERTED_BY);
	ck_assert_int_eq(fl[1].number, 7);
	rv = (struct rd_revert){ 0, 0 };
	ck_assert_uint_eq(rd_version_flags(fl, 0, 0, 0, &rv), 0);
}
END_TEST


static const char *const hist_texts[] = {
	"a b c.", "a b c d.", NULL, "a b.", "a b c d.", "a b c d. c d"
};
static const char *const hist_blobs[] = { "1", "2", NULL, "4", "2", "6" };

static int hist_text(void *ctx, int v, const char **t, size_t *len)
{
	(void)ctx;
	ck_assert(v >= 1 && v <= 6);
	*t = hist_texts[v - 1];
	*len = *t ? strlen(*t) : 0;
	return 0;
}

START_TEST(test_log_scan)
{
	struct rd_log_row r[6];
	struct rd_phrase *p;

	ck_assert_int_eq(rd_phrase_new(&p, "c d", 3, 0), 0);
	ck_assert_int_eq(rd_log_scan(r, 6, hist_text, NULL, hist_blobs, 15, p, RD_LOG_WORDS), 0);
	ck_assert_uint_eq(r[0].bytes, 6);
	ck_assert_int_eq(r[0].byte_delta, 6);
	ck_assert_uint_eq(r[0].words, 3);
	ck_assert_uint_eq(r[0].words_inserted, 3);
	ck_assert_int_eq(r[1].byte_delta, 2);
	ck_assert_uint_eq(r[1].words_inserted, 1);
	ck_assert_uint_eq(r[1].words, 4);
	ck_assert_uint_eq(r[1].phrase_count, 1);
	ck_assert_int_eq(r[1].phrase_changed, 1);
	ck_assert_int_eq(r[0].phrase_changed, 0);
	ck_assert_int_eq(r[2].text_deleted, 1);
	ck_assert_int_eq(r[2].phrase_changed, 0);
	ck_assert_int_eq(r[2].revert.reverted_by, 5);
	ck_assert_int_eq(r[3].byte_delta, -4); /* against version 2: deleted text is stepped over */
	ck_assert_uint_eq(r[3].words_deleted, 2);
	ck_assert_uint_eq(r[3].words, 2);
	ck_assert_int_eq(r[3].phrase_changed, 1);
	ck_assert_int_eq(r[4].revert.revert_to, 2);
	ck_assert_int_eq(r[4].phrase_changed, 1);
	ck_assert_uint_eq(r[5].phrase_count, 2);
	ck_assert_int_eq(r[5].phrase_changed, 1);
	/* with classes: the classifier's split, the first version all inserted */
	ck_assert_int_eq(rd_log_scan(r, 6, hist_text, NULL, NULL, 0, NULL, RD_LOG_CLASSES), 0);
	ck_assert_uint_eq(r[0].words_substantive, 3);
	ck_assert_uint_eq(r[0].by_class[RD_CLASS_INSERT], 1);
	ck_assert_uint_eq(r[1].words_substantive, 1);
	ck_assert_uint_eq(r[1].words_trivial, 0);
	ck_assert_uint_eq(r[1].words_inserted, 1);
	/* without words or blob ids: only sizes and counts */
	ck_assert_int_eq(rd_log_scan(r, 6, hist_text, NULL, NULL, 0, p, 0), 0);
	ck_assert_uint_eq(r[1].words_inserted, 0);
	ck_assert_int_eq(r[4].revert.revert_to, 0);
	ck_assert_uint_eq(r[5].phrase_count, 2);
	rd_phrase_free(p);
}
END_TEST

/* A random history of edits for the log scan: versions that change a
 * few words of the last one, some rewritten whole, some deleted (NULL). */
#define SCAN_VERSIONS 60
struct scan_hist {
	char *v[SCAN_VERSIONS];
};

static int scan_text(void *ctx, int v, const char **t, size_t *len)
{
	struct scan_hist *h = ctx;

	*t = h->v[v - 1];
	*len = *t ? strlen(*t) : 0;
	return 0;
}

/* A word: "c" is rare, so that the phrase "c d" comes and goes. */
static const char *scan_word(unsigned *seed)
{
	static const char *words[] = { "d", "d", "d", "D", "e", ",", "e-d", "d's" };

	return rand_r(seed) % 15 ? words[rand_r(seed) % 8] : "c";
}

static void scan_hist_make(struct scan_hist *h, unsigned seed)
{
	const char *last = NULL;

	for (int i = 0; i < SCAN_VERSIONS; i++) {
		struct rd_buf b = RD_BUF_INIT;
		int r = rand_r(&seed) % 10;
		if (i && r == 0) {
			h->v[i] = NULL;
			continue;
		}
		if (!last || r == 1) {
			for (int k = 0, n = rand_r(&seed) % 30; k < n; k++)
				rd_buf_printf(&b, "%s%s", scan_word(&seed), rand_r(&seed) % 5 ? " " : "\n");
		} else {
			/* a few words edited somewhere in the last text */
			size_t at = strlen(last) ? (size_t)rand_r(&seed) % strlen(last) : 0;
			rd_buf_put(&b, last, at);
			for (int k = 0, n = rand_r(&seed) % 4; k < n; k++)
				rd_buf_printf(&b, " %s", scan_word(&seed));
			if (rand_r(&seed) % 6 == 0)
				rd_buf_puts(&b, " c d");
			at += (size_t)rand_r(&seed) % 12;
			if (at < strlen(last))
				rd_buf_puts(&b, last + at);
		}
		h->v[i] = rd_strdup(b.ptr ? b.ptr : "");
		last = h->v[i];
		rd_buf_release(&b);
	}
}

/* log -S over a random history: a version's phrase count (from its
 * diff's tokens joined to the last version's, rd_tokens_join) is the one
 * a cut of the whole text gives, and its word count too, however the
 * scan is asked; and the join gives the tokens a whole cut gives. */
START_TEST(test_log_scan_random)
{
	static const unsigned flags[] = { 0, RD_LOG_WORDS, RD_LOG_CLASSES, RD_LOG_WORDS | RD_LOG_CLASSES };
	struct scan_hist h;
	struct rd_log_row r[SCAN_VERSIONS];
	struct rd_phrase *p;
	struct rd_tokens prev = { 0 };
	const char *last = NULL;
	size_t absent = 0, present = 0;

	scan_hist_make(&h, 77u + (unsigned)_i);
	ck_assert_int_eq(rd_phrase_new(&p, "c d", 3, _i % 2 ? RD_PHRASE_ICASE : 0), 0);
	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		size_t count = 0;
		ck_assert_int_eq(rd_log_scan(r, SCAN_VERSIONS, scan_text, &h, NULL, 0, p, flags[f]), 0);
		for (size_t i = 0; i < SCAN_VERSIONS; i++) {
			if (h.v[i] && !f) {
				absent += !rd_phrase_may_hold(p, h.v[i], strlen(h.v[i]));
				present += r[i].phrase_count > 0;
			}
			if (h.v[i]) {
				ck_assert_int_eq(rd_phrase_count(p, h.v[i], strlen(h.v[i]), &count), 0);
				if (flags[f] & RD_LOG_WORDS)
					ck_assert_uint_eq(r[i].words, rd_count_words(h.v[i], strlen(h.v[i])));
			}
			ck_assert_uint_eq(r[i].phrase_count, count);
		}
	}
	/* versions without the phrase's rarest word: its tokens are not kept */
	if (!(_i % 2))
		ck_assert_uint_gt(absent, 3);
	ck_assert_uint_gt(present, 3);
	for (size_t i = 0; i < SCAN_VERSIONS; i++) {
		struct rd_diff_opts o;
		struct rd_diff *d;
		struct rd_tokens joined, whole;
		const struct rd_token *mid;
		size_t len, pre = 0, suf = 0, n, np, ns;
		if (!h.v[i])
			continue;
		len = strlen(h.v[i]);
		if (last)
			rd_common_ends(last, strlen(last), h.v[i], len, &pre, &suf);
		rd_diff_opts_init(&o);
		o.keep_tokens = RD_DIFF_KEEP_NEW;
		ck_assert_int_eq(rd_diff_texts(&d, last ? last + pre : "", last ? strlen(last) - pre - suf : 0,
					       h.v[i] + pre, len - pre - suf, &o), 0);
		mid = rd_diff_tokens(d, 1, 0, d->blen, &n);
		rd_tokens_join(&joined, &prev, h.v[i], len, pre, suf, mid, n, &np, &ns);
		rd_diff_free(d);
		ck_assert_int_eq(rd_tokenize(&whole, h.v[i], len), 0);
		ck_assert_uint_eq(joined.n, whole.n);
		ck_assert(!whole.n || memcmp(joined.v, whole.v, whole.n * sizeof(*whole.v)) == 0);
		rd_tokens_release(&whole);
		rd_tokens_release(&prev);
		prev = joined;
		last = h.v[i];
	}
	rd_tokens_release(&prev);
	for (size_t i = 0; i < SCAN_VERSIONS; i++)
		free(h.v[i]);
	rd_phrase_free(p);
}
END_TEST

Suite *blame_suite(void)
{
	Suite *s = suite_create("blame");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_blame_cases, 0, sizeof(blame_cases) / sizeof(blame_cases[0]));
	tcase_add_test(tc, test_blame_events);
	tcase_add_test(tc, test_blame_window);
	tcase_add_test(tc, test_blame_citation);
	tcase_add_test(tc, test_blame_revert_ring);
	tcase_add_loop_test(tc, test_blame_random, 0, 20);
	tcase_add_test(tc, test_blame_speed);
	tcase_add_test(tc, test_render_json);
	tcase_add_test(tc, test_render_text);
	tcase_add_loop_test(tc, test_phrase_count, 0, sizeof(phrase_cases) / sizeof(phrase_cases[0]));
	tcase_add_test(tc, test_phrase_empty);
	tcase_add_test(tc, test_log_scan);
	tcase_add_loop_test(tc, test_log_scan_random, 0, 8);
	tcase_add_test(tc, test_version_flags);
	tcase_add_loop_test(tc, test_reverts, 0, sizeof(revert_cases) / sizeof(revert_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
