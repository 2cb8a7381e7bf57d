/*
 * store_address.c - version addresses (README "Addressing"): ENTRY@N,
 * ENTRY@~N, ENTRY@{DATE}, ENTRY@rREVID and commit id prefixes.
 */
#include "revdiff.h"
#include "store_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- addressing ---------------------------------------------------------- */

enum addr_kind { ADDR_NEWEST, ADDR_NUMBER, ADDR_BACK, ADDR_DATE, ADDR_REVID, ADDR_COMMIT };

static int is_hex_prefix(const char *s);

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static enum addr_kind suffix_kind(const char *suf, int *ok)
{
	size_t n = strlen(suf);

	*ok = 1;
	if (all_digits(suf))
		return ADDR_NUMBER;
	if (suf[0] == '~' && all_digits(suf + 1))
		return ADDR_BACK;
	if (suf[0] == '{' && n > 2 && suf[n - 1] == '}' && !memchr(suf + 1, '{', n - 2) &&
	    !memchr(suf + 1, '}', n - 2))
		return ADDR_DATE;
	if (suf[0] == 'r' && n > 1) {
		int good = 1;
		for (const char *p = suf + 1; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
				good = 0;
		if (good)
			return ADDR_REVID;
	}
	/* git's habit: ENTRY@1a2b3c4, a commit of that entry */
	if (is_hex_prefix(suf))
		return ADDR_COMMIT;
	*ok = 0;
	return ADDR_NEWEST;
}

/* The '@' that splits an address, or NULL. */
static const char *split_at(const char *address)
{
	for (const char *p = address + strlen(address); p > address;) {
		int ok;
		p--;
		if (*p != '@' || p == address)
			continue;
		suffix_kind(p + 1, &ok);
		if (ok)
			return p;
	}
	return NULL;
}

int rd_address_has_rev(const char *address)
{
	return split_at(address) != NULL;
}

static int is_hex_prefix(const char *s)
{
	size_t n = strlen(s);

	if (n < 4 || n > 40)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Finds a commit by id prefix among all entries' histories; more than
 * one match (two commits, or one commit shared by two entries) is
 * ambiguous and names them. */
static int resolve_commit(struct rd_store *s, const char *prefix, struct rd_history *h,
			  size_t *index)
{
	char **names = NULL;
	size_t n = 0, found = 0, plen = strlen(prefix);
	struct rd_buf where = RD_BUF_INIT;
	int err;

	if ((err = rd_store_entries(s, &names, &n)) < 0)
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		struct rd_history t;
		int keep = 0;
		if ((err = rd_store_history(s, names[i], &t)) == RD_EDAMAGED) {
			err = 0; /* its chain is broken: look in the others */
			continue;
		}
		if (err < 0)
			break;
		for (size_t j = 0; j < t.n; j++) {
			if (strncasecmp(t.v[j].commit, prefix, plen))
				continue;
			rd_buf_printf(&where, "%s%s@%d", where.len ? ", " : "", names[i], t.v[j].number);
			if (found++ == 0) {
				*index = j;
				keep = 1;
			}
		}
		if (keep) {
			*h = t;
			memset(&t, 0, sizeof(t));
		}
		rd_history_release(&t);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!err && found == 0)
		err = rd_error_set(RD_ENOTFOUND, "no entry or commit '%s' in the store (see 'revdiff list')",
				   prefix);
	else if (!err && found > 1)
		err = rd_error_set(RD_EINVALID, "commit prefix '%s' is ambiguous: %s", prefix,
				   where.ptr);
	if (err)
		rd_history_release(h);
	rd_buf_release(&where);
	return err;
}

int rd_store_resolve(struct rd_store *s, const char *address, struct rd_history *h,
		     size_t *index)
{
	const char *at = split_at(address);
	char *entry = at ? rd_strndup(address, (size_t)(at - address)) : rd_strdup(address);
	const char *suf = at ? at + 1 : "";
	enum addr_kind kind = ADDR_NEWEST;
	int ok, err;

	memset(h, 0, sizeof(*h));
	if (at)
		kind = suffix_kind(suf, &ok);
	err = rd_store_history(s, entry, h);
	if (err == RD_ENOTFOUND && kind == ADDR_COMMIT) {
		/* a name such as "user@face" is an entry of its own */
		if (rd_store_history(s, address, h) == 0) {
			*index = h->n - 1;
			err = 0;
			goto out;
		}
	}
	if (err == RD_ENOTFOUND && !at && is_hex_prefix(address)) {
		err = resolve_commit(s, address, h, index);
		goto out;
	}
	if (err < 0)
		goto out;
	switch (kind) {
	case ADDR_NEWEST:
		*index = h->n - 1;
		break;
	case ADDR_NUMBER: {
		unsigned long v = strtoul(suf, NULL, 10);
		if (v < 1 || v > h->n) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has %zu version%s; there is no version %s",
					   entry, h->n, h->n == 1 ? "" : "s", suf);
			goto out;
		}
		*index = v - 1;
		break;
	}
	case ADDR_BACK: {
		unsigned long v = strtoul(suf + 1, NULL, 10);
		if (v >= h->n) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has %zu version%s; none is %s before the newest",
					   entry, h->n, h->n == 1 ? "" : "s", suf + 1);
			goto out;
		}
		*index = h->n - 1 - v;
		break;
	}
	case ADDR_DATE: {
		struct rd_time t;
		char *d = rd_strndup(suf + 1, strlen(suf) - 2);
		size_t i, best = SIZE_MAX;
		err = rd_time_parse(&t, d, 1);
		free(d);
		if (err < 0)
			goto out;
		/* the newest dated version at or before t; undated versions
		 * are never chosen by date */
		for (i = 0; i < h->n; i++)
			if (h->v[i].when.has_time && h->v[i].when.sec <= t.sec)
				best = i;
		if (best == SIZE_MAX) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has no dated version at or before %s",
					   entry, suf);
			goto out;
		}
		*index = best;
		break;
	}
	case ADDR_COMMIT: {
		size_t found = 0, plen = strlen(suf);
		for (size_t i = 0; i < h->n; i++)
			if (!strncasecmp(h->v[i].commit, suf, plen) && found++ == 0)
				*index = i;
		if (found != 1) {
			err = found ? rd_error_set(RD_EINVALID, "commit prefix '%s' is ambiguous in '%s'", suf,
						   entry)
				    : rd_error_set(RD_ENOTFOUND, "'%s' has no version with commit %s", entry, suf);
			goto out;
		}
		break;
	}
	case ADDR_REVID: {
		size_t i;
		for (i = h->n; i-- > 0;)
			if (h->v[i].revision_id && !strcmp(h->v[i].revision_id, suf + 1))
				break;
		if (i == SIZE_MAX) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has no version with revision id %s",
					   entry, suf + 1);
			goto out;
		}
		*index = i;
		break;
	}
	}
out:
	if (err < 0)
		rd_history_release(h);
	free(entry);
	return err;
}
