/* check_refs.c - refs.c, the store's refs as git's files: deleting one
 * the way git does (packed record and loose file, under git's locks),
 * removing an entry through the store's guard, and a listing's memory. */
#include "suites.h"
#include "testutil.h"
#include "revdiff.h"
#include "refs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];
static struct rd_store *st;

#define A "1111111111111111111111111111111111111111"
#define B "2222222222222222222222222222222222222222"
#define C "3333333333333333333333333333333333333333"
#define HEADER "# pack-refs with: peeled fully-peeled sorted \n"

static void setup(void)
{
	st = rd_test_store_new(tmpdir, sizeof(tmpdir), "rd-refs");
}

static void teardown(void)
{
	rd_test_store_remove(st, tmpdir);
	st = NULL;
}

static const char *path_in(const char *name)
{
	static char path[400];

	snprintf(path, sizeof(path), "%s/store/%s", tmpdir, name);
	return path;
}

static const char *gitdir(void)
{
	return path_in("");
}

static void put(const char *name, const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path_in(name), "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *get(const char *name)
{
	static char text[4096];
	FILE *f = fopen(path_in(name), "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static int exists(const char *name)
{
	return access(path_in(name), F_OK) == 0;
}

/* A packed ref goes with its peel line; the records around it are kept
 * byte for byte, and no lock is left behind. */
START_TEST(delete_packed)
{
	int locked;
	char hex[41];

	put("packed-refs", HEADER A " refs/heads/entries/a\n" B " refs/heads/entries/b\n^" C "\n"
	    C " refs/heads/entries/c\n");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/b", B, NULL, NULL, &locked), 0);
	ck_assert_str_eq(get("packed-refs"),
			 HEADER A " refs/heads/entries/a\n" C " refs/heads/entries/c\n");
	ck_assert_int_eq(rd_refs_read(gitdir(), "refs/heads/entries/b", hex), 0);
	ck_assert_int_eq(rd_refs_read(gitdir(), "refs/heads/entries/c", hex), 1);
	ck_assert_str_eq(hex, C);
	ck_assert(!exists("packed-refs.lock"));
	ck_assert(!exists("refs/heads/entries/b.lock"));
	/* the last record, and then there is none */
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/c", C, NULL, NULL, &locked), 0);
	ck_assert_str_eq(get("packed-refs"), HEADER A " refs/heads/entries/a\n");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/c", C, NULL, NULL, &locked),
			 RD_ENOTFOUND);
}
END_TEST

/* A loose ref hides its packed one: its id is the one compared, and both
 * go; another id deletes nothing. */
START_TEST(delete_loose)
{
	int locked;
	char hex[41];

	put("packed-refs", HEADER A " refs/heads/entries/a\n");
	mkdir(path_in("refs/heads/entries"), 0777);
	put("refs/heads/entries/a", B "\n");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/a", A, NULL, NULL, &locked),
			 RD_ECONFLICT);
	ck_assert_int_eq(locked, 0);
	ck_assert_str_eq(get("refs/heads/entries/a"), B "\n");
	ck_assert_str_eq(get("packed-refs"), HEADER A " refs/heads/entries/a\n");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/a", B, NULL, NULL, &locked), 0);
	ck_assert(!exists("refs/heads/entries/a"));
	ck_assert_str_eq(get("packed-refs"), HEADER);
	ck_assert_int_eq(rd_refs_read(gitdir(), "refs/heads/entries/a", hex), 0);
	/* loose only: packed-refs is left as it is */
	put("refs/heads/entries/b", B "\n");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/b", B, NULL, NULL, &locked), 0);
	ck_assert(!exists("refs/heads/entries/b"));
	ck_assert_str_eq(get("packed-refs"), HEADER);
}
END_TEST

/* git's locks are honoured: a ref or packed-refs being written by git
 * is not deleted under it, and its lock is left alone. */
START_TEST(delete_locked)
{
	int locked;

	put("packed-refs", HEADER A " refs/heads/entries/a\n");
	mkdir(path_in("refs/heads/entries"), 0777);
	put("refs/heads/entries/a.lock", "");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/a", A, NULL, NULL, &locked),
			 RD_ECONFLICT);
	ck_assert_int_eq(locked, 1);
	ck_assert(exists("refs/heads/entries/a.lock"));
	ck_assert_int_eq(unlink(path_in("refs/heads/entries/a.lock")), 0);
	put("packed-refs.lock", "");
	ck_assert_int_eq(rd_refs_delete(gitdir(), "refs/heads/entries/a", A, NULL, NULL, &locked),
			 RD_ECONFLICT);
	ck_assert_int_eq(locked, 2);
	ck_assert(exists("packed-refs.lock"));
	ck_assert(!exists("refs/heads/entries/a.lock"));
	ck_assert_str_eq(get("packed-refs"), HEADER A " refs/heads/entries/a\n");
}
END_TEST

/* Through the store: the entry goes only while it still ends at the
 * commit named; the others stay. */
START_TEST(entry_remove)
{
	struct rd_version v;
	struct rd_history h;
	char **names;
	size_t n;

	ck_assert_int_eq(rd_store_add(st, "keep", "k", 1, NULL, NULL), 0);
	ck_assert_int_eq(rd_store_add(st, "old name", "one", 3, NULL, &v), 0);
	ck_assert_int_eq(rd_store_entry_remove(st, "old name", "0123456789abcdef0123456789abcdef01234567"),
			 RD_ECONFLICT);
	ck_assert_msg(strstr(rd_error_last(), "changed meanwhile"), "%s", rd_error_last());
	ck_assert_int_eq(rd_store_entry_remove(st, "old name", v.commit), 0);
	ck_assert_int_eq(rd_store_history(st, "old name", &h), RD_ENOTFOUND);
	ck_assert_int_eq(rd_store_entry_remove(st, "old name", v.commit), RD_ENOTFOUND);
	ck_assert_int_eq(rd_store_entries(st, &names, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], "keep");
	free(names[0]);
	free(names);
	rd_version_release(&v);
}
END_TEST

/* A remover that died holding both locks noted both (store.h, THE
 * GUARD): the next writer clears them and goes on. */
START_TEST(dead_remover)
{
	struct rd_version v;
	struct stat sb;
	char note[256];

	ck_assert_int_eq(rd_store_add(st, "e", "one", 3, NULL, &v), 0);
	mkdir(path_in("refs/heads/entries"), 0777);
	put("refs/heads/entries/e.lock", "");
	put("packed-refs.lock", "");
	ck_assert_int_eq(stat(path_in("packed-refs.lock"), &sb), 0);
	snprintf(note, sizeof(note), "packed-refs.lock %lu\nrefs/heads/entries/e %s\n",
		 (unsigned long)sb.st_ino, v.commit);
	put("revdiff-guard", note);
	ck_assert_msg(rd_store_add(st, "e", "two", 3, NULL, NULL) == 0, "%s", rd_error_last());
	ck_assert(!exists("packed-refs.lock"));
	ck_assert(!exists("refs/heads/entries/e.lock"));
	rd_version_release(&v);
}
END_TEST

/* The resident KiB of the mappings of files whose path ends in suffix
 * (/proc/self/smaps: a header line per mapping, then its counters). */
static long mapped_kib(const char *suffix)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	unsigned long lo, hi;
	long kib = 0, v;
	int in = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n"), sl = strlen(suffix);
		line[n] = '\0';
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = n >= sl && !strcmp(line + n - sl, suffix);
		else if (in && sscanf(line, "Rss: %ld kB", &v) == 1)
			kib += v;
	}
	fclose(f);
	return kib;
}

struct most {
	size_t seen;
	long kib;
};

static int note_resident(void *ctx, const char *refname, const char *hex)
{
	struct most *m = ctx;

	(void)refname;
	(void)hex;
	if (++m->seen % 5000 == 0) {
		long k = mapped_kib("/packed-refs");
		m->kib = k > m->kib ? k : m->kib;
	}
	return 0;
}

/* A listing gives back the pages of packed-refs it has read (refs.c):
 * at 10^6 entries the file is 78 MB, which `list` or `log --all` would
 * otherwise hold whole.  Here 200,000 refs, 14 MB. */
START_TEST(listing_forgets)
{
	enum { N = 200000 };
	struct most m = { 0, 0 };
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path_in("packed-refs"), "w"));
	fputs(HEADER, f);
	for (int i = 0; i < N; i++)
		fprintf(f, "%040d refs/heads/entries/%08d\n", i, i);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(rd_refs_foreach(gitdir(), "refs/heads/entries/", note_resident, &m), 0);
	ck_assert_uint_eq(m.seen, N);
	ck_assert_msg(m.kib > 0 && m.kib < 4096, "%ld KiB of packed-refs resident", m.kib);
}
END_TEST

Suite *refs_suite(void)
{
	Suite *s = suite_create("refs");
	TCase *t = tcase_create("files");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 30);
	tcase_add_test(t, delete_packed);
	tcase_add_test(t, delete_loose);
	tcase_add_test(t, delete_locked);
	tcase_add_test(t, entry_remove);
	tcase_add_test(t, dead_remover);
	tcase_add_test(t, listing_forgets);
	suite_add_tcase(s, t);
	return s;
}
