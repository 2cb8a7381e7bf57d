/*
 * history.c - questions about an entry's versions that every command asks
 * the same way: which version a diff compares with (stepping over texts
 * the source deleted), and which versions are reverts.
 */
#include "revdiff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t rd_history_parent(const struct rd_history *h, size_t i)
{
	while (i-- > 0)
		if (!h->v[i].text_deleted)
			return i;
	return SIZE_MAX;
}

void rd_history_reverts(struct rd_revert *out, const struct rd_history *h)
{
	const char **ids = rd_calloc(h->n ? h->n : 1, sizeof(*ids));

	/* a deleted text has no blob to match: it reverts nothing */
	for (size_t k = 0; k < h->n; k++)
		ids[k] = h->v[k].text_deleted ? NULL : h->v[k].blob;
	rd_reverts_detect(out, ids, h->n, RD_REVERT_WINDOW);
	free(ids);
}

/* IPv4 dotted quad, or IPv6 (hex digits and colons, a dotted tail). */
static int is_ip(const char *s)
{
	int dots = 0, colons = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p == ':')
			colons++;
		else if (!isxdigit((unsigned char)*p))
			return 0;
	}
	if (colons >= 2)
		return 1;
	if (dots != 3)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p != '.' && !isdigit((unsigned char)*p))
			return 0;
	return 1;
}

enum rd_author_kind rd_author_kind(const char *a)
{
	size_t n = a ? strlen(a) : 0;

	if (!n || !strcmp(a, "(username removed)") || !strcmp(a, "(unknown)"))
		return RD_AUTHOR_HIDDEN;
	if (is_ip(a))
		return RD_AUTHOR_ANONYMOUS;
	/* "ClueBot NG", "SineBot", "Example_bot 2": a word ending in bot */
	for (size_t i = 3; i <= n; i++)
		if (!strncasecmp(a + i - 3, "bot", 3) && (i == n || a[i] == ' ' || a[i] == '_'))
			return RD_AUTHOR_BOT;
	return RD_AUTHOR_REGISTERED;
}

const char *rd_author_kind_name(enum rd_author_kind k)
{
	static const char *const names[] = { "registered", "anonymous", "bot", "hidden" };

	return names[k];
}
