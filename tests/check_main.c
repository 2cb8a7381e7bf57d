/*
 * check_main.c - the one Check runner: a suite per module.  Its output is
 * TAP (CK_TAP_LOG_FILE_NAME=- from the Makefile) read by automake's driver.
 */
#include "suites.h"

#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

int main(void)
{
	SRunner *sr;
	int failed;

	/* Check's default of 4 s per test is too short for a sanitizer build
	 * on a busy CI machine; a hung test still fails, after a minute. */
	setenv("CK_DEFAULT_TIMEOUT", "60", 0);
#ifdef UNDER_ASAN
	/* Under ASan a process per test costs ten times the tests (fork
	 * copies the shadow memory's page tables, LSan scans every child):
	 * one process, as under valgrind; LSan still reports leaks at exit,
	 * but no test has a timeout of its own. */
	setenv("CK_FORK", "no", 0);
#endif
	sr = srunner_create(token_suite());

	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, render_html_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, mediawiki_suite());
	srunner_add_suite(sr, blame_suite());
	srunner_add_suite(sr, grave_suite());
	srunner_add_suite(sr, store_suite());
	srunner_add_suite(sr, refs_suite());
	srunner_add_suite(sr, message_suite());
	srunner_add_suite(sr, live_suite());
	srunner_add_suite(sr, classify_suite());
	srunner_add_suite(sr, rules_suite());
	srunner_add_suite(sr, pack_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
