/*
 * curl_int.h - libcurl for http.c, opened on first use (lazy.h) as
 * libgit2 is (git_int.h): only a pull from a live wiki needs it, and it
 * brings TLS, SSH, Kerberos and LDAP libraries that no other command
 * should pay to load.  A function used but not listed fails to link: add
 * it to RD_CURL_SYMS and to the #defines, both sorted.
 */
#ifndef RD_CURL_INT_H
#define RD_CURL_INT_H

/* curl_easy_setopt is a type-checking macro otherwise */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* Opens libcurl once per process and runs its global set-up (torn down
 * at exit); 0 or RD_ERROR naming the library and its package. */
int rd_curl_init(void);

#define RD_CURL_SYMS(X) \
	X(curl_easy_cleanup) \
	X(curl_easy_escape) \
	X(curl_easy_getinfo) \
	X(curl_easy_init) \
	X(curl_easy_perform) \
	X(curl_easy_setopt) \
	X(curl_easy_strerror) \
	X(curl_free) \
	X(curl_global_cleanup) \
	X(curl_global_init)

struct rd_curl_table {
#define RD_CURL_FIELD(f) __typeof__(&f) f;
	RD_CURL_SYMS(RD_CURL_FIELD)
#undef RD_CURL_FIELD
};
extern struct rd_curl_table rd_curl;

/* curl.h checks these two take three arguments, by function-like macros */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup (*rd_curl.curl_easy_cleanup)
#define curl_easy_escape (*rd_curl.curl_easy_escape)
#define curl_easy_getinfo (*rd_curl.curl_easy_getinfo)
#define curl_easy_init (*rd_curl.curl_easy_init)
#define curl_easy_perform (*rd_curl.curl_easy_perform)
#define curl_easy_setopt (*rd_curl.curl_easy_setopt)
#define curl_easy_strerror (*rd_curl.curl_easy_strerror)
#define curl_free (*rd_curl.curl_free)
#define curl_global_cleanup (*rd_curl.curl_global_cleanup)
#define curl_global_init (*rd_curl.curl_global_init)

#endif
