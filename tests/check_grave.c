/* check_grave.c - removed text for blame (grave.h): runs stored as
 * ranges of token numbers, each distinct run once, walked from any
 * position; and blame matching removed text at any distance. */
#include "suites.h"
#include "revdiff.h"
#include "grave.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_grave_runs)
{
	static const uint32_t a[] = { 10, 11, 12, 13, 20, 21, 5 }, b[] = { 7 };
	struct rd_grave g;
	uint32_t pa, pb;

	rd_grave_init(&g);
	ck_assert_uint_eq(rd_grave_at(&g, 0), RD_GRAVE_SEP);
	pa = rd_grave_bury(&g, a, 7);
	pb = rd_grave_bury(&g, b, 1);
	ck_assert_uint_eq(pa, 0);
	ck_assert_uint_eq(pb, 8); /* 7 tokens and a separator */
	ck_assert_uint_eq(g.nseg, 4); /* 10-13, 20-21, 5, 7 */
	for (uint32_t k = 0; k < 7; k++)
		ck_assert_uint_eq(rd_grave_at(&g, pa + k), a[k]);
	ck_assert_uint_eq(rd_grave_at(&g, 7), RD_GRAVE_SEP);
	ck_assert_uint_eq(rd_grave_at(&g, 8), 7);
	ck_assert_uint_eq(rd_grave_at(&g, 9), RD_GRAVE_SEP);
	ck_assert_uint_eq(rd_grave_at(&g, 1000), RD_GRAVE_SEP);
	/* backwards, as a match is extended */
	for (uint32_t k = 7; k-- > 0;)
		ck_assert_uint_eq(rd_grave_at(&g, pa + k), a[k]);
	rd_grave_release(&g);
	rd_grave_release(&g); /* twice is harmless */
}
END_TEST

/* The same run removed again (a vandal blanking the same text a
 * thousand times) takes no room; a run differing in one token does. */
START_TEST(test_grave_dedup)
{
	struct rd_grave g;
	uint32_t *ids = rd_malloc(5000 * sizeof(*ids)), first, nseg, end;

	rd_grave_init(&g);
	for (uint32_t i = 0; i < 5000; i++)
		ids[i] = i < 2500 ? i : 100000 + i; /* two ranges */
	first = rd_grave_bury(&g, ids, 5000);
	nseg = (uint32_t)g.nseg;
	end = g.end;
	ck_assert_uint_eq(nseg, 2);
	for (int k = 0; k < 1000; k++) {
		static const uint32_t other[] = { 1, 2, 3 };
		ck_assert_uint_eq(rd_grave_bury(&g, ids, 5000), first);
		/* other runs between the removals */
		ck_assert_uint_eq(rd_grave_bury(&g, other, 3), end);
	}
	ck_assert_uint_eq(g.nseg, nseg + 1);
	ck_assert_uint_eq(g.end, end + 4);
	ids[1234] = 7;
	ck_assert_uint_eq(rd_grave_bury(&g, ids, 5000), end + 4);
	ck_assert_uint_eq(g.nseg, nseg + 1 + 4); /* 0-1233, 7, 1235-2499, the rest */
	/* a prefix of a stored run is a run of its own */
	ck_assert_uint_eq(rd_grave_bury(&g, ids, 100), end + 4 + 5001);
	free(ids);
	rd_grave_release(&g);
}
END_TEST

/* Random runs against a plain array of every token: same answers at
 * every position, walked in any order. */
START_TEST(test_grave_random)
{
	struct rd_grave g;
	uint32_t *flat = NULL, ids[64];
	size_t nflat = 0, cap = 0;
	unsigned seed = 77u + (unsigned)_i;

	rd_grave_init(&g);
	for (int r = 0; r < 400; r++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 64);
		uint32_t pos;
		for (size_t k = 0; k < n; k++)
			ids[k] = k && rand_r(&seed) % 4 ? ids[k - 1] + 1 : (uint32_t)(rand_r(&seed) % 50);
		pos = rd_grave_bury(&g, ids, n);
		if (pos < nflat) { /* stored before: check it is the same */
			for (size_t k = 0; k < n; k++)
				ck_assert_uint_eq(flat[pos + k], ids[k]);
			ck_assert_uint_eq(flat[pos + n], RD_GRAVE_SEP);
			continue;
		}
		ck_assert_uint_eq(pos, nflat);
		rd_grow((void **)&flat, &cap, nflat + n + 1, sizeof(*flat));
		memcpy(flat + nflat, ids, n * sizeof(*ids));
		nflat += n;
		flat[nflat++] = RD_GRAVE_SEP;
	}
	ck_assert_uint_eq(g.end, nflat);
	for (int q = 0; q < 5000; q++) {
		uint32_t pos = (uint32_t)(rand_r(&seed) % (nflat + 10));
		ck_assert_uint_eq(rd_grave_at(&g, pos), pos < nflat ? flat[pos] : RD_GRAVE_SEP);
	}
	for (size_t pos = nflat; pos-- > 0;)
		ck_assert_uint_eq(rd_grave_at(&g, (uint32_t)pos), flat[pos]);
	free(flat);
	rd_grave_release(&g);
}
END_TEST

static void add(struct rd_blame *b, int v, const char *text)
{
	ck_assert_int_eq(rd_blame_add(b, v, text, strlen(text)), 0);
}

static int origin_of(struct rd_blame *b, const char *word)
{
	size_t n, len;
	const struct rd_blame_token *t = rd_blame_tokens(b, &n);
	const char *text = rd_blame_text(b, &len);
	size_t wl = strlen(word);

	for (size_t i = 0; i < n; i++)
		if (t[i].len >= wl && memcmp(text + t[i].off, word, wl) == 0)
			return t[i].origin;
	ck_abort_msg("no token '%s'", word);
	return -1;
}

/* no ". " inside: blame cuts sentences there, and a sentence's pieces
 * are matched on their own */
#define CITE "<ref>Russell, Dean, [http://www.example.org/review Review of the book], " \
	     "Journal of Things, vol 3, 1998, pages 10-20</ref>"

/* A citation removed in version 2 and put back 500 versions later, in a
 * new sentence, keeps its author, though every version in between
 * removed text too and a vandal blanked the page every 50 versions. */
START_TEST(test_grave_distance)
{
	struct rd_blame *b = rd_blame_new();
	struct rd_buf text = RD_BUF_INIT;
	int v = 1;

	add(b, v++, "Intro. He wrote it " CITE " in 1998. The end.");
	add(b, v++, "Intro. The end.");
	for (; v < 503; v++) {
		rd_buf_clear(&text);
		if (v % 50 == 0)
			rd_buf_puts(&text, "LOL");
		else
			rd_buf_printf(&text, "Intro %d. The end, said number %d.", v, v * 7);
		add(b, v, text.ptr);
	}
	add(b, v, "Intro. It was said " CITE " by someone new. The end.");
	ck_assert_int_eq(origin_of(b, "Russell"), 1);
	ck_assert_int_eq(origin_of(b, "Journal"), 1);
	ck_assert_int_eq(origin_of(b, "pages"), 1);
	ck_assert_int_eq(origin_of(b, "someone"), v);
	rd_buf_release(&text);
	rd_blame_free(b);
}
END_TEST

Suite *grave_suite(void)
{
	Suite *s = suite_create("grave");
	TCase *tc = tcase_create("grave");

	tcase_add_test(tc, test_grave_runs);
	tcase_add_test(tc, test_grave_dedup);
	tcase_add_loop_test(tc, test_grave_random, 0, 5);
	tcase_add_test(tc, test_grave_distance);
	suite_add_tcase(s, tc);
	return s;
}
