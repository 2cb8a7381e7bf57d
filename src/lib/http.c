/* http.c - GET through libcurl with retries and back-off (http.h). */
#include "http.h"
#include "curl_int.h"
#include "lazy.h"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A server that asks for a longer pause than this is not waited for. */
#define MAX_WAIT 120.0

struct rd_http {
	CURL *curl;
	const struct rd_api_opts *o;
	double retry_after; /* from the last answer; < 0 when none */
	char errbuf[CURL_ERROR_SIZE];
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	rd_buf_put(ctx, data, size * n);
	return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct rd_http *h = ctx;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && !strncasecmp(data, name, sizeof(name) - 1)) {
		char tmp[32];
		size_t k = len - (sizeof(name) - 1);
		char *end;
		if (k >= sizeof(tmp))
			k = sizeof(tmp) - 1;
		memcpy(tmp, data + sizeof(name) - 1, k);
		tmp[k] = '\0';
		double v = strtod(tmp, &end);
		/* an HTTP date instead of seconds: the back-off decides */
		if (end != tmp && v >= 0)
			h->retry_after = v;
	}
	return len;
}

struct rd_curl_table rd_curl;

static const char *const names[] = {
#define RD_CURL_NAME(f) #f,
	RD_CURL_SYMS(RD_CURL_NAME)
#undef RD_CURL_NAME
};

static struct rd_lazy lib = {
	RD_CURL_SONAME, RD_CURL_PACKAGE, names, &rd_curl, sizeof(names) / sizeof(names[0]), 0
};

static void curl_stop(void)
{
	curl_global_cleanup();
}

static int curl_start(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return rd_error_set(RD_EIO, "cannot start libcurl");
	return 0;
}

int rd_curl_init(void)
{
	static int started;

	return rd_lazy_start(&lib, &started, curl_start, curl_stop);
}

int rd_http_new(struct rd_http **out, const struct rd_api_opts *o)
{
	struct rd_http *h;

	*out = NULL;
	if (rd_curl_init() < 0)
		return RD_ERROR;
	h = rd_calloc(1, sizeof(*h));
	h->o = o;
	if (!(h->curl = curl_easy_init())) {
		free(h);
		return rd_error_set(RD_EIO, "cannot start libcurl");
	}
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h->curl, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)(o->timeout * 1000 / 2));
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, (long)(o->timeout * 1000));
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
	*out = h;
	return 0;
}

void rd_http_free(struct rd_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

char *rd_http_escape(struct rd_http *h, const char *s)
{
	char *e = curl_easy_escape(h->curl, s, 0);
	char *r;

	if (!e)
		rd_malloc((size_t)-1); /* fatal, as every allocation failure */
	r = rd_strdup(e);
	curl_free(e);
	return r;
}

static void notice(struct rd_http *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void notice(struct rd_http *h, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	va_list ap;

	if (!h->o->notice)
		return;
	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	h->o->notice(h->o->ctx, b.ptr);
	rd_buf_release(&b);
}

static void pause_for(double sec)
{
	struct timespec t;

	t.tv_sec = (time_t)sec;
	t.tv_nsec = (long)((sec - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

int rd_http_backoff(struct rd_http *h, int attempt, const char *why)
{
	double wait = h->o->backoff;

	if (attempt >= h->o->retries)
		return rd_error_set(RD_EIO, "%s; gave up after %d retr%s", why, h->o->retries,
				    h->o->retries == 1 ? "y" : "ies");
	for (int i = 0; i < attempt && wait < MAX_WAIT; i++)
		wait *= 2;
	if (h->retry_after >= 0)
		wait = h->retry_after;
	if (wait > MAX_WAIT)
		wait = MAX_WAIT;
	notice(h, "%s; retrying in %.0f s (%d of %d)", why, wait, attempt + 1, h->o->retries);
	pause_for(wait);
	return 0;
}

/* Failures worth another try: the network or a server under load. */
static int transient(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_COULDNT_RESOLVE_HOST:
		return 1;
	default:
		return 0;
	}
}

int rd_http_get(struct rd_http *h, const char *url, struct rd_buf *body)
{
	struct rd_buf why = RD_BUF_INIT;
	int rc = 0;

	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, body);
	for (int attempt = 0;; attempt++) {
		long status = 0;
		CURLcode c;

		rd_buf_clear(body);
		rd_buf_put(body, "", 0);
		h->retry_after = -1;
		h->errbuf[0] = '\0';
		c = curl_easy_perform(h->curl);
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
		rd_buf_clear(&why);
		if (c == CURLE_OK && status >= 200 && status < 300)
			break;
		if (c != CURLE_OK) {
			rd_buf_printf(&why, "%s: %s", url, h->errbuf[0] ? h->errbuf : curl_easy_strerror(c));
			if (!transient(c)) {
				rc = rd_error_set(RD_EIO, "%s", why.ptr);
				break;
			}
		} else {
			rd_buf_printf(&why, "%s: HTTP status %ld", url, status);
			/* 429 Too Many Requests and server trouble pass; other
			 * answers (404, 403: a wrong URL, a blocked agent) do not */
			if (status != 429 && status < 500) {
				rc = rd_error_set(RD_EIO, "%s", why.ptr);
				break;
			}
		}
		if ((rc = rd_http_backoff(h, attempt, why.ptr)) < 0)
			break;
	}
	rd_buf_release(&why);
	return rc;
}
