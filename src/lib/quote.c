/*
 * quote.c - names, authors and comments shown safely.  They are user text
 * and may hold bidirectional controls (U+202E turns "...\u202egnp.exe" into
 * what reads "...exe.png": the "Trojan Source" attack, CVE-2021-42574) or
 * invisible characters; terminal output shows those escaped, as compilers
 * and GitHub warn of them, and control characters never reach the terminal.
 */
#include "revdiff.h"

#include <string.h>
#include <utf8proc.h>

/* Code points that reorder or hide text (Unicode's Bidi_Control and the
 * zero-width and line/paragraph separators), beside C0 and C1 controls. */
static int invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || cp == 0x61c ||
	       cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff;
}

size_t rd_invisible_at(const char *s, size_t n, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	if (!n)
		return 0;
	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return invisible(*cp) ? 1 : 0;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	if (k <= 0 || !invisible((uint32_t)c))
		return 0;
	*cp = (uint32_t)c;
	return (size_t)k;
}

/* C escapes for C0 controls, \uXXXX for the rest. */
static void put_escape(struct rd_buf *b, uint32_t cp)
{
	if (cp == '\n')
		rd_buf_puts(b, "\\n");
	else if (cp == '\t')
		rd_buf_puts(b, "\\t");
	else if (cp < 0x20 || cp == 0x7f)
		rd_buf_printf(b, "\\%03o", (unsigned)cp);
	else
		rd_buf_printf(b, "\\u%04x", (unsigned)cp);
}

void rd_buf_put_shown(struct rd_buf *b, const char *s, size_t n, int keep_newlines)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = rd_invisible_at(s + i, n - i, &cp);
		if (!k || (keep_newlines && cp == '\n')) {
			rd_buf_putc(b, s[i++]);
			continue;
		}
		put_escape(b, cp);
		i += k;
	}
}

char *rd_quote_name(const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	size_t n = strlen(name), i;
	uint32_t cp;

	for (i = 0; i < n && !rd_invisible_at(name + i, n - i, &cp); i++)
		;
	if (i == n)
		return rd_strdup(name);
	rd_buf_putc(&b, '"');
	for (i = 0; i < n;) {
		size_t k = rd_invisible_at(name + i, n - i, &cp);
		if (k) {
			put_escape(&b, cp);
			i += k;
			continue;
		}
		if (name[i] == '"' || name[i] == '\\')
			rd_buf_putc(&b, '\\');
		rd_buf_putc(&b, name[i++]);
	}
	rd_buf_putc(&b, '"');
	return rd_buf_detach(&b, NULL);
}
