/*
 * http.h - GET over libcurl, as a polite client of a public server: one
 * request at a time, a User-Agent naming its operator, and transient
 * failures (timeouts, refused connections, 429, 5xx) retried with
 * exponential back-off that honours Retry-After.  Internal to the library.
 */
#ifndef RD_HTTP_H
#define RD_HTTP_H

#include "revdiff.h"

struct rd_http;

int rd_http_new(struct rd_http **out, const struct rd_api_opts *o);
void rd_http_free(struct rd_http *h);
/* GET `url` into `body` (cleared first).  A 2xx answer is 0; anything
 * else, after the retries, RD_EIO with a message naming the URL. */
int rd_http_get(struct rd_http *h, const char *url, struct rd_buf *body);
/* Waits before retry number `attempt` (0-based) of something the server
 * asked to be retried (MediaWiki's maxlag): its Retry-After when it gave
 * one, else the back-off.  RD_EIO when the retries are used up. */
int rd_http_backoff(struct rd_http *h, int attempt, const char *why);
/* `s` percent-encoded for a query string; free() it. */
char *rd_http_escape(struct rd_http *h, const char *s);

#endif
