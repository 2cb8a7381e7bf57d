/* suites.h - one Check suite per module, all run by check_main.c. */
#ifndef RD_SUITES_H
#define RD_SUITES_H

#include <check.h>

Suite *token_suite(void);
Suite *diff_suite(void);
Suite *render_html_suite(void);
Suite *config_suite(void);
Suite *mediawiki_suite(void);
Suite *blame_suite(void);
Suite *grave_suite(void);
Suite *store_suite(void);
Suite *refs_suite(void);
Suite *classify_suite(void);
Suite *rules_suite(void);
Suite *pack_suite(void);
Suite *message_suite(void);
Suite *live_suite(void);

#endif
