/* check_config.c - settings from git-config files: the store's file wins
 * over the user's, missing files are no settings, bad syntax is an error
 * naming the file. */
#include "suites.h"
#include "revdiff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static char *write_file(const char *name, const char *text)
{
	char *path = rd_malloc(strlen(dir) + strlen(name) + 2);
	FILE *f;

	sprintf(path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

static void setup(void)
{
	strcpy(dir, "/tmp/revdiff-config.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const struct {
	const char *user, *store; /* file contents, NULL for no file */
	const char *name;
	const char *want;         /* NULL: not found */
} cases[] = {
	{ "[diff]\n\tformat = json\n", NULL, "diff.format", "json" },
	{ NULL, "[diff]\n\tformat = html\n", "diff.format", "html" },
	{ "[diff]\n\tformat = json\n", "[diff]\n\tformat = html\n", "diff.format", "html" },
	{ "[diff]\n\tformat = json\n", "[log]\n\tdate = unix\n", "diff.format", "json" },
	{ "[core]\n\tpager = \"less -S\" ; comment\n", NULL, "core.pager", "less -S" },
	{ "# comment\n[Color]\n\tUI = never\n", NULL, "color.ui", "never" },
	{ "[core]\n\tpager =\n", NULL, "core.pager", "" },
	{ NULL, NULL, "diff.format", NULL },
	{ "[diff]\n\tformat = json\n", NULL, "log.date", NULL },
};

START_TEST(test_values)
{
	char *user = cases[_i].user ? write_file("user", cases[_i].user) : NULL;
	char *store = cases[_i].store ? write_file("store", cases[_i].store) : NULL;
	struct rd_config *c;
	char *v = NULL;
	int rc;

	ck_assert_int_eq(rd_config_open(&c, user ? user : "/nonexistent/user",
					store ? store : "/nonexistent/store"), 0);
	rc = rd_config_get_string(&v, c, cases[_i].name);
	if (cases[_i].want) {
		ck_assert_int_eq(rc, 0);
		ck_assert_str_eq(v, cases[_i].want);
	} else {
		ck_assert_int_eq(rc, RD_ENOTFOUND);
		ck_assert_ptr_null(v);
	}
	free(v);
	rd_config_free(c);
	free(user);
	free(store);
}
END_TEST

START_TEST(test_bool)
{
	char *user = write_file("user", "[color]\n\tui = yes\n\tother = maybe\n");
	struct rd_config *c;
	int b = -1;

	ck_assert_int_eq(rd_config_open(&c, user, NULL), 0);
	ck_assert_int_eq(rd_config_get_bool(&b, c, "color.ui"), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(rd_config_get_bool(&b, c, "color.other"), RD_EINVALID);
	ck_assert_int_eq(rd_config_get_bool(&b, c, "color.none"), RD_ENOTFOUND);
	rd_config_free(c);
	free(user);
}
END_TEST

START_TEST(test_bad_syntax)
{
	char *store = write_file("store", "[diff\n\tformat = json\n");
	struct rd_config *c = NULL;

	ck_assert_int_eq(rd_config_open(&c, NULL, store), RD_EINVALID);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(rd_error_last(), store));
	free(store);
}
END_TEST

START_TEST(test_includes)
{
	char *inc, *user, *fifo, *deep;
	struct rd_config *c = NULL;
	char *v = NULL;
	char text[256];

	inc = write_file("inc", "[diff]\n\tformat = html\n");
	user = write_file("user", "[diff]\n\tformat = json\n[include]\n\tpath = inc\n"
			  "[includeIf \"gitdir:/\"]\n\tpath = inc2\n");
	/* followed for the user's own file, relative to it, in order */
	ck_assert_int_eq(rd_config_open(&c, user, NULL), 0);
	ck_assert_int_eq(rd_config_get_string(&v, c, "diff.format"), 0);
	ck_assert_str_eq(v, "html");
	free(v);
	rd_config_free(c);
	/* not for a store's */
	ck_assert_int_eq(rd_config_open(&c, NULL, user), 0);
	ck_assert_int_eq(rd_config_get_string(&v, c, "diff.format"), 0);
	ck_assert_str_eq(v, "json");
	free(v);
	rd_config_free(c);
	/* a FIFO is refused at once, not waited on */
	fifo = write_file("fifo", "");
	unlink(fifo);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	snprintf(text, sizeof(text), "[include]\n\tpath = %s\n", fifo);
	free(user);
	user = write_file("user", text);
	ck_assert_int_eq(rd_config_open(&c, user, NULL), RD_EINVALID);
	ck_assert_ptr_nonnull(strstr(rd_error_last(), "not a regular file"));
	/* rd_config_check: libgit2 follows includeIf too, so it does */
	free(user);
	snprintf(text, sizeof(text), "[includeIf \"onbranch:x\"]\n\tpath = %s\n", fifo);
	user = write_file("user", text);
	ck_assert_int_eq(rd_config_check(user), RD_EINVALID);
	ck_assert_int_eq(rd_config_check(inc), 0);
	/* an include of itself stops at git's depth limit */
	deep = write_file("deep", "[include]\n\tpath = deep\n");
	ck_assert_int_eq(rd_config_open(&c, deep, NULL), RD_EINVALID);
	ck_assert_ptr_nonnull(strstr(rd_error_last(), "nested more than 10 deep"));
	free(deep);
	free(fifo);
	free(user);
	free(inc);
}
END_TEST

START_TEST(test_free_null)
{
	rd_config_free(NULL);
}
END_TEST

/* The error message a caller saves survives a call that sets its own
 * (as the MediaWiki import and the word breaker do around a step that may fail). */
START_TEST(test_error_save)
{
	char saved[RD_ERROR_MAX], long_msg[2 * RD_ERROR_MAX];

	rd_error_set(RD_EIO, "the first");
	rd_error_save(saved);
	rd_error_set(RD_ECONFLICT, "the second");
	ck_assert_int_eq(rd_error_set(RD_EIO, "%s", saved), RD_EIO);
	ck_assert_str_eq(rd_error_last(), "the first");
	/* the longest message is kept whole, cut where rd_error_set cuts it */
	memset(long_msg, 'x', sizeof(long_msg) - 1);
	long_msg[sizeof(long_msg) - 1] = '\0';
	rd_error_set(RD_EIO, "%s", long_msg);
	rd_error_save(saved);
	ck_assert_uint_eq(strlen(saved), RD_ERROR_MAX - 1);
	ck_assert_str_eq(saved, rd_error_last());
	rd_error_clear();
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_values, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_bad_syntax);
	tcase_add_test(tc, test_includes);
	tcase_add_test(tc, test_free_null);
	tcase_add_test(tc, test_error_save);
	suite_add_tcase(s, tc);
	return s;
}
