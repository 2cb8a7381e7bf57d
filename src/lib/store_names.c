/*
 * store_names.c - entry names: what may name an entry, and the ref-safe
 * escaped form of a name (store.h, ENTRY NAMES).
 */
#include "revdiff.h"
#include "message.h"
#include "store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid;
 * *cp receives the code point. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond Unicode */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

static int safe_ascii(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ',' || c == '+' || c == '=';
}

static void escape_into(struct rd_buf *b, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);
		if (k > 1 && cp >= 0xa0) {
			rd_buf_put(b, p + i, k);
			i += k;
			continue;
		}
		if (p[i] == '.') {
			int risky = i == 0 || p[i - 1] == '.' || i + 1 == n ||
				    (n - i == 5 && !memcmp(p + i, ".lock", 5));
			if (risky)
				rd_buf_puts(b, "%2E");
			else
				rd_buf_putc(b, '.');
		} else if (safe_ascii(p[i])) {
			rd_buf_putc(b, (char)p[i]);
		} else {
			rd_buf_printf(b, "%%%02X", p[i]);
		}
		i++;
	}
}

int rd_entry_check(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = name ? strlen(name) : 0;
	struct rd_buf b = RD_BUF_INIT;
	int err = 0;

	if (!n)
		return rd_error_set(RD_EINVALID, "an entry name cannot be empty");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);
		if (!k)
			return rd_error_set(RD_EINVALID, "entry name is not valid UTF-8 (byte %zu)", i);
		i += k;
	}
	escape_into(&b, name);
	if (b.len > RD_ENTRY_MAX)
		err = rd_error_set(RD_EINVALID, "entry name too long (%zu bytes escaped; at most %d)",
				   b.len, RD_ENTRY_MAX);
	rd_buf_release(&b);
	return err;
}

int rd_entry_escape(char **out, const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	int err;

	*out = NULL;
	if ((err = rd_entry_check(name)) < 0)
		return err;
	escape_into(&b, name);
	*out = rd_buf_detach(&b, NULL);
	return 0;
}

int rd_entry_unescape(char **out, const char *escaped)
{
	struct rd_buf b = RD_BUF_INIT;

	*out = NULL;
	if (rd_unpercent(&b, escaped, strlen(escaped)) < 0 || !b.len) {
		rd_buf_release(&b);
		return rd_error_set(RD_EINVALID, "'%s' is not an escaped entry name", escaped);
	}
	*out = rd_buf_detach(&b, NULL);
	return 0;
}

int rd_entry_refname(char **out, const char *entry, int *escaped)
{
	char *esc;
	int err;

	if ((err = rd_entry_escape(&esc, entry)) < 0)
		return err;
	if (escaped)
		*escaped = strcmp(esc, entry) != 0;
	*out = rd_malloc(strlen(RD_STORE_REF_PREFIX) + strlen(esc) + 1);
	strcpy(*out, RD_STORE_REF_PREFIX);
	strcat(*out, esc);
	free(esc);
	return 0;
}
