/*
 * mediawiki_page.c - the MediaWiki parser's pages and revisions: their
 * fields trimmed and checked (numbers, timestamps, repeated revision ids,
 * sha1 and bytes) and handed to the callbacks; MediaWiki's base-36 SHA-1.
 */
#include "mediawiki_int.h"

#include <errno.h>
#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>

/* ---- sha1 in base 36 ------------------------------------------------------ */

void rd_mediawiki_sha1(char out[32], const void *data, size_t len)
{
	struct sha1_ctx c;
	uint8_t d[SHA1_DIGEST_SIZE];
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

	sha1_init(&c);
	sha1_update(&c, len, data);
	sha1_digest(&c, sizeof(d), d);
	/* Long division of the 160-bit big-endian number by 36, filling the
	 * 31 digits from the right; 36^31 > 2^160, so 31 always suffice. */
	for (int i = 30; i >= 0; i--) {
		unsigned rem = 0;
		for (size_t k = 0; k < sizeof(d); k++) {
			unsigned cur = rem * 256 + d[k];
			d[k] = (uint8_t)(cur / 36);
			rem = cur % 36;
		}
		out[i] = digits[rem];
	}
	out[31] = '\0';
}

/* Parses a whole decimal integer (surrounding blanks allowed). */
int rd_mw_parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno)
		return -1;
	while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* A field's text with surrounding white space trimmed (not for <text>). */
static const char *field_str(struct rd_mw_parser *p, enum field f)
{
	struct rd_buf *b = &p->f[f];
	size_t s = 0;

	if (!p->have[f])
		return NULL;
	if (!b->ptr)
		rd_buf_put(b, "", 0);
	while (b->len && strchr(" \t\r\n", b->ptr[b->len - 1]))
		b->ptr[--b->len] = '\0';
	while (s < b->len && strchr(" \t\r\n", b->ptr[s]))
		s++;
	return b->ptr + s;
}

static int field_int(struct rd_mw_parser *p, enum field f, const char *what, int64_t *out)
{
	const char *s = field_str(p, f);

	*out = 0;
	if (!s)
		return 0;
	if (rd_mw_parse_int(s, out) < 0)
		return rd_mw_fail(p, RD_EINVALID, "<%s> is not a number: '%s'", what, s);
	return 0;
}

/* YYYY-MM-DDTHH:MM:SSZ, the only form MediaWiki writes. */
static int valid_timestamp(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	}
	return 1;
}

void rd_mw_reset_fields(struct rd_mw_parser *p, enum field from, enum field to)
{
	for (int f = from; f <= (int)to; f++) {
		rd_buf_clear(&p->f[f]);
		p->have[f] = 0;
	}
}

void rd_mw_reset_revision(struct rd_mw_parser *p)
{
	rd_mw_reset_fields(p, F_REV_ID, F_IP);
	p->contrib_deleted = p->comment_deleted = p->text_deleted = 0;
	p->text_bytes = -1;
	rd_buf_clear(&p->text_sha1_attr);
	p->have_text_sha1_attr = 0;
	/* A big text's buffer is not kept for the next revision. */
	if (p->f[F_TEXT].cap > 4 * 1024 * 1024)
		rd_buf_release(&p->f[F_TEXT]);
}

/* ---- revision ids seen in the page ---- */

void rd_mw_ids_clear(struct rd_mw_parser *p)
{
	/* a long page's table is not kept for the short ones after it */
	if (p->idcap > 1024) {
		free(p->ids);
		p->ids = NULL;
		p->idcap = 0;
	} else if (p->ids) {
		memset(p->ids, 0, p->idcap * sizeof(*p->ids));
	}
	p->nids = 0;
}

static uint64_t id_hash(int64_t id)
{
	return (uint64_t)id * 0x9E3779B97F4A7C15ull;
}

static int seen_used(const void *e)
{
	return ((const struct seen_id *)e)->id != 0;
}

static uint64_t seen_hash(const void *e)
{
	return id_hash(((const struct seen_id *)e)->id);
}

static struct seen_id *ids_slot(struct seen_id *t, size_t cap, int64_t id)
{
	size_t i = id_hash(id) & (cap - 1);

	while (t[i].id && t[i].id != id)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Notes id at line; returns the line it was first seen at, or 0. */
static unsigned long ids_note(struct rd_mw_parser *p, int64_t id, unsigned long line)
{
	struct seen_id *e;

	rd_table_reserve((void **)&p->ids, &p->idcap, p->nids, sizeof(*p->ids), 16, seen_used,
			 seen_hash);
	e = ids_slot(p->ids, p->idcap, id);
	if (e->id)
		return e->line;
	e->id = id;
	e->line = line;
	p->nids++;
	return 0;
}

/* ---- pages and revisions -------------------------------------------------------- */

static int page_start(struct rd_mw_parser *p)
{
	const char *s;
	int64_t v;

	if (p->page_started)
		return 0;
	s = field_str(p, F_TITLE);
	if (!s || !*s)
		return rd_mw_fail(p, RD_EINVALID, "a <page> without a <title> before its revisions");
	rd_buf_clear(&p->title);
	rd_buf_puts(&p->title, s);
	p->page.title = p->title.ptr;
	p->page.source = p->name;
	if (field_int(p, F_NS, "ns", &v) < 0)
		return p->err;
	p->page.ns = (long)v;
	if (field_int(p, F_PAGE_ID, "id", &p->page.id) < 0)
		return p->err;
	p->page.nrevisions = 0;
	p->page_started = 1;
	if (p->cb && p->cb->page_start) {
		int rc = p->cb->page_start(p->ctx, &p->page);
		if (rc < 0) {
			p->err = rc;
			XML_StopParser(p->xp, XML_FALSE);
			return rc;
		}
	}
	return 0;
}

int rd_mw_revision_end(struct rd_mw_parser *p)
{
	struct rd_mw_revision r;
	struct rd_buf *text = &p->f[F_TEXT];
	int rc;

	if (page_start(p) < 0)
		return p->err;
	memset(&r, 0, sizeof(r));
	r.line = (unsigned long)XML_GetCurrentLineNumber(p->xp);
	if (field_int(p, F_REV_ID, "id", &r.id) < 0 ||
	    field_int(p, F_PARENT_ID, "parentid", &r.parent_id) < 0)
		return p->err;
	r.has_id = field_str(p, F_REV_ID) != NULL;
	if (r.id) {
		unsigned long first = ids_note(p, r.id, r.line);
		if (first) {
			rd_mw_warn_at(p, "revision %lld was already given at line %lu: this one is left out",
				      (long long)r.id, first);
			rd_mw_reset_revision(p);
			return 0;
		}
	}
	r.timestamp = field_str(p, F_TIMESTAMP);
	if (!r.timestamp || !*r.timestamp)
		return rd_mw_fail(p, RD_EINVALID, "revision %lld has no <timestamp>",
				  (long long)r.id);
	if (!valid_timestamp(r.timestamp))
		return rd_mw_fail(p, RD_EINVALID, "revision %lld: bad <timestamp> '%s' (want YYYY-MM-DDTHH:MM:SSZ)",
				  (long long)r.id, r.timestamp);

	if (p->contrib_deleted) {
		r.contributor = RD_MW_CONTRIB_DELETED;
	} else if (p->have[F_USERNAME]) {
		r.contributor = RD_MW_CONTRIB_USER;
		r.username = field_str(p, F_USERNAME);
		if (field_int(p, F_USER_ID, "id", &r.user_id) < 0)
			return p->err;
	} else if (p->have[F_IP]) {
		r.contributor = RD_MW_CONTRIB_IP;
		r.ip = field_str(p, F_IP);
	}
	r.comment_deleted = p->comment_deleted;
	if (!p->comment_deleted && p->have[F_COMMENT]) {
		/* Kept as written, white space included. */
		rd_buf_put(&p->f[F_COMMENT], "", 0);
		r.comment = p->f[F_COMMENT].ptr;
	}
	r.minor = p->have[F_MINOR];
	r.model = field_str(p, F_MODEL);
	r.format = field_str(p, F_FORMAT);
	r.bytes = p->text_bytes;
	r.sha1 = field_str(p, F_SHA1);
	if ((!r.sha1 || !*r.sha1) && p->have_text_sha1_attr)
		r.sha1 = p->text_sha1_attr.ptr;
	if (r.sha1 && !*r.sha1)
		r.sha1 = NULL;
	r.sha1_ok = r.bytes_ok = -1;

	if (p->text_deleted) {
		r.text_deleted = 1;
	} else if (!p->have[F_TEXT] || (text->len == 0 && r.bytes > 0)) {
		/* No text in the file (a stub dump, or no <text> at all):
		 * nothing is made up. */
		r.text_missing = 1;
	} else {
		if (!text->ptr)
			rd_buf_put(text, "", 0);
		r.text = text->ptr;
		r.text_len = text->len;
		if (r.sha1) {
			char got[32];
			rd_mediawiki_sha1(got, r.text, r.text_len);
			r.sha1_ok = strcmp(got, r.sha1) == 0;
			if (!r.sha1_ok) {
				if (p->stats)
					p->stats->sha1_mismatches++;
				rd_mw_warn(p, "%s:%lu: page '%s' revision %lld: sha1 mismatch: the file says %s, the text's is %s (imported as the file gives it)",
					   p->name, r.line, p->title.ptr, (long long)r.id, r.sha1, got);
			}
		}
		if (r.bytes >= 0) {
			r.bytes_ok = (uint64_t)r.bytes == (uint64_t)r.text_len;
			if (!r.bytes_ok) {
				if (p->stats)
					p->stats->bytes_mismatches++;
				rd_mw_warn(p, "%s:%lu: page '%s' revision %lld: the text has %zu bytes, the file says %lld (imported as the file gives it)",
					   p->name, r.line, p->title.ptr, (long long)r.id,
					   r.text_len, (long long)r.bytes);
			}
		}
	}
	p->page.nrevisions++;
	if (p->stats)
		p->stats->revisions++;
	if (p->cb && p->cb->revision) {
		rc = p->cb->revision(p->ctx, &p->page, &r);
		if (rc < 0) {
			p->err = rc;
			XML_StopParser(p->xp, XML_FALSE);
			return rc;
		}
	}
	rd_mw_reset_revision(p);
	return 0;
}

int rd_mw_page_end(struct rd_mw_parser *p)
{
	int rc;

	if (page_start(p) < 0)
		return p->err;
	if (p->stats)
		p->stats->pages++;
	if (p->cb && p->cb->page_end) {
		rc = p->cb->page_end(p->ctx, &p->page);
		if (rc < 0) {
			p->err = rc;
			XML_StopParser(p->xp, XML_FALSE);
			return rc;
		}
	}
	p->page_started = 0;
	rd_buf_clear(&p->title);
	rd_mw_reset_fields(p, F_TITLE, F_PAGE_ID);
	rd_mw_ids_clear(p);
	return 0;
}
