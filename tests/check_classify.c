/* check_classify.c - the classifier: labelled pairs for every class in
 * several scripts, near-misses that must stay word changes, the seed
 * entry's versions, and moved paragraphs in a 50 KB document. */
#include "suites.h"
#include "revdiff.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* by_class agrees with the ops: a move once, and once per change what
 * of it did not move. */
static void check_counts(const struct rd_diff *d)
{
	size_t want[RD_CLASS__COUNT] = { 0 };
	uint32_t last = 0;

	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_EQUAL)
			continue;
		if (o->cls == RD_CLASS_MOVED) {
			/* whitespace beside a move is the move's, with no end of
			 * its own */
			if (o->partner_op && o->kind == RD_OP_DELETE)
				want[RD_CLASS_MOVED]++;
		} else if (o->change != last) {
			want[o->cls]++;
			last = o->change;
		}
	}
	for (int c = 0; c < RD_CLASS__COUNT; c++)
		ck_assert_msg(want[c] == d->stats.by_class[c], "%s: %zu counted, %zu in ops",
			      rd_class_name((enum rd_class)c), d->stats.by_class[c], want[c]);
}

static struct rd_diff *classified(const char *a, size_t na, const char *b, size_t nb)
{
	struct rd_diff *d;

	ck_assert_int_eq(rd_diff_texts(&d, a, na, b, nb, NULL), 0);
	rd_classify(d);
	rd_test_check_rebuild(d);
	check_counts(d);
	return d;
}

/* The class of each change, in order, joined by ','. */
static void classes_of(const struct rd_diff *d, struct rd_buf *out)
{
	uint32_t last = 0;

	rd_buf_clear(out);
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (o->kind == RD_OP_EQUAL || o->change == last)
			continue;
		if (out->len)
			rd_buf_putc(out, ',');
		rd_buf_puts(out, rd_class_name((enum rd_class)o->cls));
		last = o->change;
	}
}

static const struct {
	const char *label, *a, *b, *want;
} pairs[] = {
	/* whitespace / reflow */
	{ "double space", "a  b", "a b", "whitespace" },
	{ "reflowed line", "one two three\nfour", "one two\nthree four", "whitespace,whitespace" },
	{ "CRLF to LF", "a\r\nb", "a\nb", "whitespace" },
	{ "trailing newline", "no newline", "no newline\n", "whitespace" },
	/* spacing / compound */
	{ "cybersecurity split", "an impenetrable cybersecurity unit",
	  "an impenetrable cyber security unit", "spacing" },
	{ "open compound hyphenated", "a cyber security unit", "a cyber-security unit", "spacing" },
	{ "e-mail joined", "send an e-mail now", "send an email now", "spacing" },
	{ "ceasefire hyphenated", "the ceasefire held", "the cease-fire held", "spacing" },
	{ "case and hyphen: spacing wins", "Cyber-Security unit", "cybersecurity unit", "spacing" },
	{ "German compound split", "die Bundesregierung sagt", "die Bundes-Regierung sagt", "spacing" },
	/* case */
	{ "sentence case", "The cat sat", "the cat sat", "case" },
	{ "shouting", "a stop sign", "a STOP sign", "case" },
	{ "German sharp s uppercased", "die Straße", "die STRASSE", "case" },
	{ "Russian uppercased", "город Москва", "город МОСКВА", "case" },
	{ "French accented capital", "une ÉCOLE", "une école", "case" },
	/* unicode */
	{ "NFC vs NFD", "un caf\xc3\xa9 noir", "un cafe\xcc\x81 noir", "unicode" },
	{ "NBSP vs space", "10\xc2\xa0km away", "10 km away", "unicode" },
	{ "curly apostrophe", "Trump\xe2\x80\x99s plan", "Trump's plan", "unicode" },
	/* two marks around a kept word: two changes */
	{ "curly double quotes", "he said \xe2\x80\x9cyes\xe2\x80\x9d today", "he said \"yes\" today",
	  "unicode,unicode" },
	{ "en dash vs hyphen", "from 1990\xe2\x80\x93" "2000 on", "from 1990-2000 on", "unicode" },
	{ "em dash vs hyphen", "wait \xe2\x80\x94 no", "wait - no", "unicode" },
	{ "fullwidth comma", "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c",
	  "\xe4\xbd\xa0\xe5\xa5\xbd,\xe4\xb8\x96\xe7\x95\x8c", "unicode" },
	{ "ligature", "we \xef\xac\x81nd it", "we find it", "unicode" },
	{ "soft hyphen", "to co\xc2\xad" "operate now", "to cooperate now", "unicode" },
	/* punctuation */
	{ "comma added", "Bob came", "Bob, came", "punctuation" },
	{ "full stop to exclamation", "the end.", "the end!", "punctuation" },
	{ "apostrophe added", "I dont know", "I don't know", "punctuation" },
	{ "thousands separator", "about 2,680 people", "about 2680 people", "punctuation" },
	{ "guillemets to straight quotes", "il dit \xc2\xab oui \xc2\xbb.", "il dit \"oui\".",
	  "punctuation,punctuation" },
	{ "semicolon", "first; second", "first, second", "punctuation" },
	/* spelling */
	{ "ie/ei typo", "I recieve mail", "I receive mail", "spelling" },
	{ "missing letter", "the goverment said", "the government said", "spelling" },
	{ "doubled letter", "to accomodate them", "to accommodate them", "spelling" },
	{ "vowel typo", "definately not", "definitely not", "spelling" },
	{ "name typo", "President Vladamir Putin", "President Vladimir Putin", "spelling" },
	{ "German dass", "so da\xc3\x9f wir", "so dass wir", "spelling" },
	{ "German Strasse", "die Stra\xc3\x9f" "e hier", "die Strasse hier", "spelling" },
	{ "German umlaut written out", "Herr Mueller kam", "Herr M\xc3\xbcller kam", "spelling" },
	{ "French accent reform", "un \xc3\xa9v\xc3\xa8nement rare",
	  "un \xc3\xa9v\xc3\xa9nement rare", "spelling" },
	{ "Russian typo", "\xd0\xbf\xd1\x80\xd0\xb5\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80",
	  "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80", "spelling" },
	/* number / date */
	{ "digits swapped", "about 2,680 people", "about 2,860 people", "number" },
	{ "day of month", "on July 9 the", "on July 10 the", "number" },
	{ "one digit", "1 dead", "7 dead", "number" },
	{ "time of day", "at 03:50:22 UTC", "at 03:48:38 UTC", "number" },
	{ "month", "in July 2017", "in August 2017", "number" },
	{ "number word", "a million people", "a billion people", "number" },
	{ "decimal point dropped is a number", "weighs 3.5 kg", "weighs 35 kg", "number" },
	{ "Chinese year", "2017\xe5\xb9\xb4\xe5\x8f\x91\xe7\x94\x9f", "2018\xe5\xb9\xb4\xe5\x8f\x91\xe7\x94\x9f",
	  "number" },
	{ "Russian date", "15 \xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", "16 \xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f",
	  "number" },
	{ "ordinal", "the 9th day", "the 10th day", "number" },
	/* quotation */
	{ "straight quotes", "he said \"we will win\" today", "he said \"we shall win\" today",
	  "quotation" },
	{ "curly quotes", "said \xe2\x80\x9cthe plan works\xe2\x80\x9d.",
	  "said \xe2\x80\x9cthe plan failed\xe2\x80\x9d.", "quotation" },
	{ "French guillemets", "Il a dit \xc2\xab nous gagnerons \xc2\xbb hier",
	  "Il a dit \xc2\xab nous perdrons \xc2\xbb hier", "quotation" },
	{ "German low-high quotes", "Er sagte \xe2\x80\x9ewir gewinnen\xe2\x80\x9c heute",
	  "Er sagte \xe2\x80\x9ewir verlieren\xe2\x80\x9c heute", "quotation" },
	/* words.c: a mark that can close, glued to the word before it, never
	 * opens: 5" is an inch mark, not a quotation running on */
	{ "inch mark", "a 5\" board, then we said \"so\"", "a 5\" board, then we told \"so\"",
	  "replace" },
	{ "German guillemets", "er sagte \xc2\xbbwir gewinnen\xc2\xab heute",
	  "er sagte \xc2\xbbwir verlieren\xc2\xab heute", "quotation" },
	{ "Chinese corner brackets",
	  "\xe4\xbb\x96\xe8\xaf\xb4\xe3\x80\x8c\xe6\x88\x91\xe4\xbb\xac\xe4\xbc\x9a\xe8\xb5\xa2\xe3\x80\x8d",
	  "\xe4\xbb\x96\xe8\xaf\xb4\xe3\x80\x8c\xe6\x88\x91\xe4\xbb\xac\xe4\xbc\x9a\xe8\xbe\x93\xe3\x80\x8d",
	  "quotation" },
	{ "number inside a quotation is quotation", "said \"5 people died\" then",
	  "said \"6 people died\" then", "quotation" },
	{ "words inserted into a quotation", "he said \"we will win\" today",
	  "he said \"we will surely win\" today", "quotation" },
	{ "spacing inside a quotation stays spacing", "\"an impenetrable cybersecurity unit\"",
	  "\"an impenetrable cyber security unit\"", "spacing" },
	/* insert, delete, replace */
	{ "word replaced", "the cat sat", "the dog sat", "replace" },
	{ "prefix inserted", "U.S. President", "Russia-United States relations: U.S. President",
	  "insert" },
	{ "word deleted", "a b c", "a c", "delete" },
	{ "possessive apostrophe is no quote", "the boys\xe2\x80\x99 toys are red",
	  "the boys\xe2\x80\x99 toys are blue", "replace" },
	{ "closed quotation before the change", "\"yes\" he said, and left",
	  "\"yes\" he said, and stayed", "replace" },
	/* near-misses: close, but other words */
	{ "unite -> untie", "to unite the party", "to untie the party", "replace" },
	{ "now -> not", "it is now done", "it is not done", "replace" },
	{ "form -> from", "a form letter", "a from letter", "replace" },
	{ "plural", "the relation is", "the relations is", "replace" },
	{ "trail -> trial", "the trail began", "the trial began", "replace" },
	{ "diary -> dairy", "my diary farm", "my dairy farm", "replace" },
	{ "president -> resident", "the president said", "the resident said", "replace" },
	{ "schon -> schön", "es ist schon gut", "es ist sch\xc3\xb6n gut", "replace" },
	{ "Russian mir -> mor", "\xd0\xbc\xd0\xb8\xd1\x80 \xd0\xb8 \xd0\xb2\xd0\xbe\xd0\xb9\xd0\xbd\xd0\xb0",
	  "\xd0\xbc\xd0\xbe\xd1\x80 \xd0\xb8 \xd0\xb2\xd0\xbe\xd0\xb9\xd0\xbd\xd0\xb0", "replace" },
	{ "Beijing -> Nanjing", "\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82", "\xe5\x8d\x97\xe4\xba\xac\xe5\xb8\x82",
	  "replace" },
	{ "French ou -> où", "vous ou moi", "vous o\xc3\xb9 moi", "replace" },
	{ "1 -> 7 is a number, not spelling", "chapter 1", "chapter 7", "number" },
	{ "dash between words is punctuation", "yes no", "yes - no", "punctuation" },
	/* moves */
	{ "moved sentence",
	  "Alpha beta gamma delta epsilon. The quick brown fox jumps over the lazy dog. "
	  "One two three four five six seven eight nine ten eleven twelve.",
	  "The quick brown fox jumps over the lazy dog. Alpha beta gamma delta epsilon. "
	  "One two three four five six seven eight nine ten eleven twelve.",
	  "moved,moved" },
	{ "moved paragraph with a changed number",
	  "The first paragraph opens the story and sets the scene for what follows here.\n\n"
	  "Police said 5 people were hurt in the crash.\n\n"
	  "The last paragraph is long as well, and it closes the story for the readers.\n",
	  "The first paragraph opens the story and sets the scene for what follows here.\n\n"
	  "The last paragraph is long as well, and it closes the story for the readers.\n\n"
	  "Police said 6 people were hurt in the crash.\n",
	  "moved,moved" },
	{ "a short phrase elsewhere is no move", "of the cat. A B C D E F G H.", "A B C D E F G H. of the cat.",
	  "delete,insert" },
};

START_TEST(test_pairs)
{
	struct rd_buf got = RD_BUF_INIT;
	struct rd_diff *d = classified(pairs[_i].a, strlen(pairs[_i].a), pairs[_i].b,
				       strlen(pairs[_i].b));

	classes_of(d, &got);
	ck_assert_msg(strcmp(got.len ? got.ptr : "", pairs[_i].want) == 0,
		      "%s: got '%s', wanted '%s'", pairs[_i].label, got.len ? got.ptr : "",
		      pairs[_i].want);
	rd_diff_free(d);
	rd_buf_release(&got);
}
END_TEST

static const struct {
	const char *a, *b, *want;
	size_t substantive, trivial;
} seeds[] = {
	{ "samples/versions/1-first-version.txt", "samples/versions/2-update.txt",
	  "insert,spacing", 4, 3 },
	{ "samples/versions/2-update.txt", "samples/versions/3-current-version.txt", "delete", 4, 0 },
	{ "samples/versions/1-first-version.txt", "samples/versions/3-current-version.txt",
	  "spacing", 0, 3 },
};

/* The seed entry's three versions, and the words helper for log --stat. */
START_TEST(test_seed)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT, got = RD_BUF_INIT;
	struct rd_diff *d;
	size_t sub, triv;

	rd_test_read(&a, seeds[_i].a);
	rd_test_read(&b, seeds[_i].b);
	d = classified(a.ptr, a.len, b.ptr, b.len);
	classes_of(d, &got);
	ck_assert_str_eq(got.ptr, seeds[_i].want);
	rd_diff_words_by_kind(d, &sub, &triv);
	ck_assert_uint_eq(sub, seeds[_i].substantive);
	ck_assert_uint_eq(triv, seeds[_i].trivial);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
	rd_buf_release(&got);
}
END_TEST

struct paras {
	char **v;
	size_t n;
};

/* Splits at blank lines; every piece keeps its bytes. */
static void split_paras(struct paras *p, const char *t)
{
	p->v = NULL;
	p->n = 0;
	for (const char *s = t;;) {
		const char *e = strstr(s, "\n\n");
		p->v = realloc(p->v, (p->n + 1) * sizeof(*p->v));
		p->v[p->n++] = rd_strndup(s, e ? (size_t)(e - s) : strlen(s));
		if (!e)
			break;
		s = e + 2;
	}
}

static void join_paras(struct rd_buf *b, const struct paras *p)
{
	rd_buf_clear(b);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			rd_buf_puts(b, "\n\n");
		rd_buf_puts(b, p->v[i]);
	}
}

static int collect_out(void *ctx, const char *data, size_t len)
{
	rd_buf_put(ctx, data, len);
	return 0;
}

/*
 * A 50 KB document (GPL-3 then GPL-2) with paragraphs swapped and one moved
 * far down, then the same with a number changed inside a moved paragraph:
 * moves, never inserts or deletes, and both texts rebuilt exactly.
 */
START_TEST(test_moves)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT, t = RD_BUF_INIT, out = RD_BUF_INIT;
	struct paras p;
	struct rd_diff *d;
	struct rd_render_opts o;
	char *tmp;

	rd_test_read(&a, "tests/data/GPL-3");
	rd_test_read(&t, "tests/data/GPL-2");
	rd_buf_put(&a, t.ptr, t.len);
	ck_assert_uint_ge(a.len, 50000);
	split_paras(&p, a.ptr);
	ck_assert_uint_gt(p.n, 150);
	tmp = p.v[10];
	p.v[10] = p.v[40];
	p.v[40] = tmp;
	tmp = p.v[100];
	memmove(&p.v[100], &p.v[101], 70 * sizeof(*p.v));
	p.v[170] = tmp;
	if (_i == 1) {
		/* edit the moved paragraph: "5." becomes "6." and a word changes */
		char *s = strstr(p.v[10], "5.");
		ck_assert_ptr_nonnull(s);
		s[0] = '6';
		s = strstr(p.v[170], "proxy");
		ck_assert_ptr_nonnull(s);
		memcpy(s, "PROXY", 5);
	}
	join_paras(&b, &p);
	d = classified(a.ptr, a.len, b.ptr, b.len);
	ck_assert_uint_eq(d->stats.by_class[RD_CLASS_MOVED], 3);
	ck_assert_uint_eq(d->stats.by_class[RD_CLASS_INSERT], 0);
	ck_assert_uint_eq(d->stats.by_class[RD_CLASS_DELETE], 0);
	ck_assert_uint_eq(d->stats.by_class[RD_CLASS_REPLACE], 0);
	/* partners point at each other */
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *x = &d->ops[i];
		if (x->cls != RD_CLASS_MOVED || !x->partner)
			continue;
		int back = 0;
		for (size_t j = 0; j < d->nops; j++)
			back |= d->ops[j].change == x->partner && d->ops[j].partner == x->change &&
				d->ops[j].kind != x->kind;
		ck_assert_msg(back, "op %zu: partner %u does not point back", i, x->partner);
	}
	/* plain output shows each move once: a marker and the moved text */
	rd_render_opts_init(&o);
	ck_assert_int_eq(rd_render(d, &o, collect_out, &out), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "[~moved to line "));
	ck_assert_ptr_nonnull(strstr(out.ptr, "{~"));
	if (_i == 1)
		ck_assert_ptr_nonnull(strstr(out.ptr, "[-proxy-]{+PROXY+}"));
	/* each move's inner diff is kept: asked again, the same one; only
	 * the new end of a move has one; edited moves hold their edit */
	size_t inner = 0, edited = 0;
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_diff *in = rd_diff_move_inner(d, i);
		ck_assert(!in == !(d->ops[i].partner_op && d->ops[i].kind == RD_OP_INSERT));
		if (!in)
			continue;
		ck_assert_ptr_eq(in, rd_diff_move_inner(d, i));
		inner++;
		edited += in->nchanges > 0;
	}
	ck_assert_uint_eq(inner, 3);
	ck_assert_uint_eq(edited, _i == 1 ? 2 : 0);
	/* the change table: every op inside its change's ops and bytes; a
	 * change all moved is of class moved, its partner's partner itself */
	const struct rd_change *ct = rd_diff_changes(d);
	size_t moved_ends = 0;
	ck_assert_ptr_eq(ct, rd_diff_changes(d));
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *x = &d->ops[i];
		if (x->kind == RD_OP_EQUAL)
			continue;
		const struct rd_change *c = &ct[x->change - 1];
		ck_assert(c->op0 <= i && i < c->op1);
		ck_assert(c->a_start <= x->a_start && x->a_end <= c->a_end);
		ck_assert(c->b_start <= x->b_start && x->b_end <= c->b_end);
		if (x->partner_op)
			ck_assert_uint_ne(c->partner, 0);
	}
	for (size_t c = 0; c < d->nchanges; c++) {
		if (ct[c].cls != RD_CLASS_MOVED)
			continue;
		moved_ends++;
		ck_assert_uint_eq(ct[ct[c].partner - 1].partner, c + 1);
	}
	ck_assert_uint_ge(moved_ends, 2);
	rd_diff_free(d);
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
	rd_buf_release(&a);
	rd_buf_release(&b);
	rd_buf_release(&t);
	rd_buf_release(&out);
}
END_TEST

/* Hidden classes print as the new text; JSON names each change's class. */
START_TEST(test_render)
{
	const char *a = "an impenetrable cybersecurity unit, said Bob.\n";
	const char *b = "an impenetrable cyber security unit, said Alice.\n";
	struct rd_diff *d = classified(a, strlen(a), b, strlen(b));
	struct rd_render_opts o;
	struct rd_buf out = RD_BUF_INIT;

	rd_render_opts_init(&o);
	o.hide = 1u << RD_CLASS_SPACING;
	ck_assert_int_eq(rd_render(d, &o, collect_out, &out), 0);
	ck_assert_str_eq(out.ptr, "@@ -1 +1 @@\nan impenetrable cyber security unit, said [-Bob-]{+Alice+}.\n");
	rd_buf_clear(&out);
	o.format = RD_FORMAT_JSON;
	ck_assert_int_eq(rd_render(d, &o, collect_out, &out), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "\"class\":\"spacing\""));
	ck_assert_ptr_nonnull(strstr(out.ptr, "\"class\":\"replace\""));
	ck_assert_ptr_nonnull(strstr(out.ptr, "\"classes\":{\"spacing\":1,\"replace\":1}"));
	rd_buf_clear(&out);
	rd_render_summary(&out, d, 0);
	ck_assert_str_eq(out.ptr, "+3 words -2 words: 1 spacing, 1 replace");
	ck_assert(rd_class_is_trivial(RD_CLASS_SPACING));
	ck_assert(!rd_class_is_trivial(RD_CLASS_SPELLING));
	ck_assert(!rd_class_is_trivial(RD_CLASS_NONE));
	/* classifying twice changes nothing */
	rd_classify(d);
	check_counts(d);
	ck_assert_uint_eq(d->stats.by_class[RD_CLASS_SPACING], 1);
	rd_diff_free(d);
	rd_buf_release(&out);
}
END_TEST

/* Random bytes, invalid UTF-8 included: classified without a crash. */
START_TEST(test_random)
{
	static const char *const bits[] = { "a", "\xe2\x80\x9c", "\"", "\xff", "1", ",", " ",
		"\n\n", "\xc2\xa0", "-", "Stra\xc3\x9f" "e", "\xe2\x80\x99", "\xd0\xbc", "\xe4\xb8\xad" };
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	struct rd_diff *d;

	srand(100 + _i);
	for (int i = 0; i < 300; i++) {
		rd_buf_puts(&a, bits[rand() % 14]);
		rd_buf_puts(&b, bits[rand() % 14]);
		if (rand() % 3 == 0)
			rd_buf_puts(&b, a.ptr + a.len - 1);
	}
	d = classified(a.ptr, a.len, b.ptr, b.len);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

/* Random lines, some moved, some edited: the ops still rebuild both texts
 * after the moves cut them, and every move's ends point at each other. */
START_TEST(test_random_line_moves)
{
	static const char *const words[] = { "alpha", "beta", "gamma", "x", "\"item\",", "-", "==", "delta" };
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	char *lines[120];
	size_t n = 20 + (size_t)(_i * 7) % 100, moved = 0;
	struct rd_diff *d;

	srand(1000 + _i);
	for (size_t i = 0; i < n; i++) {
		struct rd_buf l = RD_BUF_INIT;
		for (int w = rand() % 4; w >= 0; w--) {
			rd_buf_puts(&l, words[rand() % 8]);
			rd_buf_puts(&l, w ? " " : "\n");
		}
		if (rand() % 4 == 0)
			rd_buf_putc(&l, '\n');
		lines[i] = rd_strndup(l.ptr, l.len);
		rd_buf_release(&l);
		rd_buf_puts(&a, lines[i]);
	}
	for (int k = 0; k < 5; k++) { /* move a line elsewhere */
		size_t from = (size_t)rand() % n, to = (size_t)rand() % n;
		char *t = lines[from];
		if (from < to)
			memmove(&lines[from], &lines[from + 1], (to - from) * sizeof(*lines));
		else
			memmove(&lines[to + 1], &lines[to], (from - to) * sizeof(*lines));
		lines[to] = t;
	}
	for (size_t i = 0; i < n; i++) {
		rd_buf_puts(&b, lines[i]);
		if (rand() % 20 == 0)
			rd_buf_puts(&b, "inserted words\n");
		free(lines[i]);
	}
	d = classified(a.ptr, a.len, b.ptr, b.len);
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		if (!o->partner_op)
			continue;
		const struct rd_op *p = &d->ops[o->partner_op - 1];
		ck_assert_uint_eq(p->partner_op, i + 1);
		ck_assert_int_ne(p->kind, o->kind);
		ck_assert_int_eq(o->cls, RD_CLASS_MOVED);
		ck_assert_uint_eq(o->partner, p->change);
		moved++;
	}
	ck_assert_uint_eq(moved % 2, 0);
	rd_diff_free(d);
	rd_buf_release(&a);
	rd_buf_release(&b);
}
END_TEST

Suite *classify_suite(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_pairs, 0, sizeof(pairs) / sizeof(pairs[0]));
	tcase_add_loop_test(tc, test_seed, 0, sizeof(seeds) / sizeof(seeds[0]));
	tcase_add_loop_test(tc, test_moves, 0, 2);
	tcase_add_test(tc, test_render);
	tcase_add_loop_test(tc, test_random, 0, 20);
	tcase_add_loop_test(tc, test_random_line_moves, 0, 100);
	suite_add_tcase(s, tc);
	return s;
}
