/*
 * mediawiki.c - a streaming parser of MediaWiki XML exports
 * (Special:Export, pages-meta-history dumps), schema 0.3 to 0.11.
 *
 * Bytes come in chunks (from reader.c, whatever the compression, or from
 * any caller through rd_mw_parser_feed), go through expat, and a small
 * context stack picks the elements we know by their local name wherever
 * they appear in their parent: element order changed between schema
 * versions and new elements keep being added, so order is never assumed
 * and unknown elements are skipped with their whole subtree (<upload>
 * holds its own <timestamp> and <contributor>).  Only the current
 * revision's text is held; each revision is handed to the caller when
 * its </revision> closes.
 *
 * Known elements in the wrong place (a <page> in a page, a <revision>
 * inside <text>), a field given twice, and a revision id repeated in a
 * page are warned about, naming line, page and revision, and left out;
 * everything else is delivered.
 *
 * The format: https://www.mediawiki.org/xml/export-0.11.xsd.  <sha1> is
 * the SHA-1 of the text in base 36, padded to 31 characters; the text's
 * `bytes` attribute its length in bytes (UTF-8).
 */
#include "revdiff.h"

#include <errno.h>
#include <expat.h>
#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>

/* Read size: large enough that the per-call overhead of expat and the
 * decompressors disappears, small enough to stay in cache. */
#define CHUNK (64 * 1024)
/* How often progress is reported, in bytes of XML. */
#define PROGRESS_EVERY (256 * 1024)
/* Elements nest about six deep in an export; far deeper is an attack on
 * memory, not a dump.  Generous, for unknown elements of future schemas. */
#define MAX_DEPTH 256
/* expat's namespace separator: local names follow it. */
#define NS_SEP '\x01'

enum ctx {
	C_DOC,     /* before the root */
	C_ROOT,    /* inside <mediawiki> */
	C_PAGE,
	C_REV,
	C_CONTRIB,
	C_FIELD,   /* a leaf we keep the text of */
	C_SKIP     /* unknown: ignored with everything inside */
};

enum field {
	F_NONE = 0,
	F_TITLE, F_NS, F_PAGE_ID,
	F_REV_ID, F_PARENT_ID, F_TIMESTAMP, F_COMMENT, F_MODEL, F_FORMAT,
	F_TEXT, F_SHA1, F_MINOR,
	F_USERNAME, F_USER_ID, F_IP,
	F__COUNT
};

/* The leaf elements kept, by the element they are found in. */
static const struct {
	enum ctx in;
	const char *name;
	enum field field;
} fields[] = {
	{ C_PAGE, "title", F_TITLE }, { C_PAGE, "ns", F_NS }, { C_PAGE, "id", F_PAGE_ID },
	{ C_REV, "id", F_REV_ID }, { C_REV, "parentid", F_PARENT_ID },
	{ C_REV, "timestamp", F_TIMESTAMP }, { C_REV, "comment", F_COMMENT },
	{ C_REV, "minor", F_MINOR }, { C_REV, "model", F_MODEL }, { C_REV, "format", F_FORMAT },
	{ C_REV, "sha1", F_SHA1 }, { C_REV, "text", F_TEXT },
	{ C_CONTRIB, "username", F_USERNAME }, { C_CONTRIB, "id", F_USER_ID },
	{ C_CONTRIB, "ip", F_IP },
};

static enum field field_of(enum ctx in, const char *name)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].in == in && !strcmp(fields[i].name, name))
			return fields[i].field;
	return F_NONE;
}

static const char *field_name(enum field f)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].field == f)
			return fields[i].name;
	return "?";
}

struct frame {
	enum ctx ctx;
	enum field field;
};

struct rd_mw_parser {
	XML_Parser xp;
	char *name;
	const struct rd_mw_callbacks *cb;
	void *ctx;
	struct rd_mw_stats *stats, own_stats;

	struct frame *stack;
	size_t depth, cap;

	struct rd_buf f[F__COUNT]; /* field texts */
	int have[F__COUNT];        /* the element was present */

	/* page state */
	struct rd_buf title;
	struct rd_mw_page page;
	int page_started;

	/* revision attributes */
	int contrib_deleted, comment_deleted, text_deleted;
	int64_t text_bytes;
	struct rd_buf text_sha1_attr;
	int have_text_sha1_attr;

	int err;              /* first error code, stops everything */
	uint64_t next_progress;
	char *ns_uri;         /* the root's namespace, or NULL */

	/* the page's revision ids and their lines (open addressing; id 0
	 * marks a free slot: revisions without an id are not checked) */
	struct seen_id { int64_t id; unsigned long line; } *ids;
	size_t nids, idcap;
};

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

/* The page's title when known (before its first revision, as read so far). */
static const char *page_title(struct rd_mw_parser *p)
{
	if (p->title.len)
		return p->title.ptr;
	if (p->have[F_TITLE] && p->f[F_TITLE].len)
		return p->f[F_TITLE].ptr;
	return NULL;
}

/* ---- errors ----------------------------------------------------------------- */

static int fail(struct rd_mw_parser *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first error as "NAME:LINE: what (in page 'T')" and stops. */
static int fail(struct rd_mw_parser *p, int code, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	va_list ap;

	if (p->err)
		return p->err;
	rd_buf_printf(&b, "%s:%lu: ", p->name,
		      (unsigned long)XML_GetCurrentLineNumber(p->xp));
	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (page_title(p))
		rd_buf_printf(&b, " (in page '%s')", page_title(p));
	p->err = rd_error_set(code, "%s", b.ptr);
	rd_buf_release(&b);
	XML_StopParser(p->xp, XML_FALSE);
	return p->err;
}

static void warn(struct rd_mw_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct rd_mw_parser *p, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	va_list ap;

	if (!p->cb || !p->cb->warning)
		return;
	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->cb->warning(p->ctx, b.ptr);
	rd_buf_release(&b);
}

/* A warning about the input, as "NAME:LINE: page 'T', revision N: ..."
 * (page and revision when known). */
static void warn_at(struct rd_mw_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn_at(struct rd_mw_parser *p, const char *fmt, ...)
{
	struct rd_buf b = RD_BUF_INIT;
	const char *title = page_title(p);
	va_list ap;

	if (!p->cb || !p->cb->warning)
		return;
	rd_buf_printf(&b, "%s:%lu: ", p->name, (unsigned long)XML_GetCurrentLineNumber(p->xp));
	if (title)
		rd_buf_printf(&b, "page '%s'", title);
	if (p->depth && p->stack[p->depth - 1].ctx != C_PAGE && p->have[F_REV_ID] &&
	    p->f[F_REV_ID].len)
		rd_buf_printf(&b, "%srevision %s", title ? ", " : "", p->f[F_REV_ID].ptr);
	if (title || p->have[F_REV_ID])
		rd_buf_puts(&b, ": ");
	va_start(ap, fmt);
	rd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->cb->warning(p->ctx, b.ptr);
	rd_buf_release(&b);
}

/* ---- helpers ------------------------------------------------------------------ */

/* The local part of an expat name ("uri\1local" or "local"). */
static const char *local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

static int is_deleted(const char **atts)
{
	const char *v = attr(atts, "deleted");

	return v && strcmp(v, "deleted") == 0;
}

/* Parses a whole decimal integer (surrounding blanks allowed). */
static int parse_int(const char *s, int64_t *out)
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
	if (parse_int(s, out) < 0)
		return fail(p, RD_EINVALID, "<%s> is not a number: '%s'", what, s);
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

static void reset_fields(struct rd_mw_parser *p, enum field from, enum field to)
{
	for (int f = from; f <= (int)to; f++) {
		rd_buf_clear(&p->f[f]);
		p->have[f] = 0;
	}
}

static void reset_revision(struct rd_mw_parser *p)
{
	reset_fields(p, F_REV_ID, F_IP);
	p->contrib_deleted = p->comment_deleted = p->text_deleted = 0;
	p->text_bytes = -1;
	rd_buf_clear(&p->text_sha1_attr);
	p->have_text_sha1_attr = 0;
	/* A big text's buffer is not kept for the next revision. */
	if (p->f[F_TEXT].cap > 4 * 1024 * 1024)
		rd_buf_release(&p->f[F_TEXT]);
}

/* ---- revision ids seen in the page ---- */

static void ids_clear(struct rd_mw_parser *p)
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

static struct seen_id *ids_slot(struct seen_id *t, size_t cap, int64_t id)
{
	size_t i = ((uint64_t)id * 0x9E3779B97F4A7C15ull) & (cap - 1);

	while (t[i].id && t[i].id != id)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Notes id at line; returns the line it was first seen at, or 0. */
static unsigned long ids_note(struct rd_mw_parser *p, int64_t id, unsigned long line)
{
	struct seen_id *e;

	if ((p->nids + 1) * 2 > p->idcap) {
		struct seen_id *old = p->ids;
		size_t oldcap = p->idcap;
		p->idcap = oldcap ? oldcap * 2 : 16;
		p->ids = rd_calloc(p->idcap, sizeof(*p->ids));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].id)
				*ids_slot(p->ids, p->idcap, old[i].id) = old[i];
		free(old);
	}
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
		return fail(p, RD_EINVALID, "a <page> without a <title> before its revisions");
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

static int revision_end(struct rd_mw_parser *p)
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
			warn_at(p, "revision %lld was already given at line %lu: this one is left out",
				(long long)r.id, first);
			reset_revision(p);
			return 0;
		}
	}
	r.timestamp = field_str(p, F_TIMESTAMP);
	if (!r.timestamp || !*r.timestamp)
		return fail(p, RD_EINVALID, "revision %lld has no <timestamp>",
			    (long long)r.id);
	if (!valid_timestamp(r.timestamp))
		return fail(p, RD_EINVALID, "revision %lld: bad <timestamp> '%s' (want YYYY-MM-DDTHH:MM:SSZ)",
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
				warn(p, "%s:%lu: page '%s' revision %lld: sha1 mismatch: the file says %s, the text's is %s (imported as the file gives it)",
				     p->name, r.line, p->title.ptr, (long long)r.id, r.sha1, got);
			}
		}
		if (r.bytes >= 0) {
			r.bytes_ok = (uint64_t)r.bytes == (uint64_t)r.text_len;
			if (!r.bytes_ok) {
				if (p->stats)
					p->stats->bytes_mismatches++;
				warn(p, "%s:%lu: page '%s' revision %lld: the text has %zu bytes, the file says %lld (imported as the file gives it)",
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
	reset_revision(p);
	return 0;
}

static int page_end(struct rd_mw_parser *p)
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
	reset_fields(p, F_TITLE, F_PAGE_ID);
	ids_clear(p);
	return 0;
}

/* ---- expat handlers ----------------------------------------------------------------- */

static void push(struct rd_mw_parser *p, enum ctx c, enum field f)
{
	rd_grow((void **)&p->stack, &p->cap, p->depth + 1, sizeof(*p->stack));
	p->stack[p->depth].ctx = c;
	p->stack[p->depth].field = f;
	p->depth++;
}

static void check_version(struct rd_mw_parser *p, const char **atts)
{
	const char *v = attr(atts, "version");
	int major, minor;

	if (!v || sscanf(v, "%d.%d", &major, &minor) != 2 || major != 0 ||
	    minor < 3 || minor > 11)
		warn(p, "%s: schema version '%s' is not one of 0.3 to 0.11; reading it anyway",
		     p->name, v ? v : "(none)");
}

/* Splits an expat name into its namespace (NULL when none) and local part. */
static const char *split_name(const char *name, size_t *urilen)
{
	const char *sep = strrchr(name, NS_SEP);

	*urilen = sep ? (size_t)(sep - name) : 0;
	return sep ? sep + 1 : name;
}

/* Is this the namespace of MediaWiki's export schema (any version)?
 * Some exporters (pywikibot's test files) write it with https. */
static int mediawiki_uri(const char *uri, size_t len)
{
	static const char base[] = "://www.mediawiki.org/xml/export-";
	size_t skip = len > 5 && !strncmp(uri, "https", 5) ? 5 : 4;

	if (len <= skip || strncmp(uri, "https", skip) != 0)
		return 0;
	return len - skip > sizeof(base) - 1 && !strncmp(uri + skip, base, sizeof(base) - 1);
}

/* Elements with a place of their own in the schema: found elsewhere, the
 * file is malformed there (a <page> in a page, a <revision> in <text>). */
static int structural(const char *n)
{
	return !strcmp(n, "mediawiki") || !strcmp(n, "page") || !strcmp(n, "revision") ||
	       !strcmp(n, "contributor") || !strcmp(n, "siteinfo");
}

static void skip_misplaced(struct rd_mw_parser *p, const char *n, const char *where)
{
	warn_at(p, "a <%s> inside %s: left out with everything in it", n, where);
	push(p, C_SKIP, F_NONE);
}

static void XMLCALL on_start(void *data, const char *name, const char **atts)
{
	struct rd_mw_parser *p = data;
	size_t urilen;
	const char *n = split_name(name, &urilen);
	enum ctx top = p->depth ? p->stack[p->depth - 1].ctx : C_DOC;
	enum field f;

	if (p->err)
		return;
	if (p->depth >= MAX_DEPTH) {
		fail(p, RD_EINVALID, "elements nested more than %d deep: not a MediaWiki export", MAX_DEPTH);
		return;
	}
	if (top == C_DOC) {
		if (strcmp(n, "mediawiki") != 0) {
			fail(p, RD_EINVALID, "not a MediaWiki export: the root element is <%s>, not <mediawiki>", n);
			return;
		}
		if (urilen && !mediawiki_uri(name, urilen)) {
			fail(p, RD_EINVALID, "not a MediaWiki export: the root element's namespace is '%.*s'",
			     (int)urilen, name);
			return;
		}
		p->ns_uri = urilen ? rd_strndup(name, urilen) : NULL;
		check_version(p, atts);
		push(p, C_ROOT, F_NONE);
		return;
	}
	if (top == C_SKIP) {
		push(p, C_SKIP, F_NONE);
		return;
	}
	/* another vocabulary's elements are unknown elements */
	if ((p->ns_uri ? !urilen || strlen(p->ns_uri) != urilen || strncmp(name, p->ns_uri, urilen)
		       : urilen != 0)) {
		push(p, C_SKIP, F_NONE);
		return;
	}
	switch (top) {
	case C_ROOT:
		if (strcmp(n, "page") == 0) {
			p->page_started = 0;
			rd_buf_clear(&p->title);
			reset_fields(p, F_TITLE, F_PAGE_ID);
			reset_revision(p);
			ids_clear(p);
			push(p, C_PAGE, F_NONE);
		} else if (strcmp(n, "siteinfo") != 0 && structural(n)) {
			skip_misplaced(p, n, "<mediawiki>");
		} else {
			push(p, C_SKIP, F_NONE);
		}
		return;
	case C_PAGE:
		if (strcmp(n, "revision") == 0) {
			reset_revision(p);
			push(p, C_REV, F_NONE);
			return;
		}
		break;
	case C_REV:
		if (strcmp(n, "contributor") == 0) {
			if (p->have[F_USERNAME] || p->have[F_IP] || p->contrib_deleted) {
				warn_at(p, "a second <contributor>: the first is kept");
				push(p, C_SKIP, F_NONE);
				return;
			}
			p->contrib_deleted = is_deleted(atts);
			push(p, C_CONTRIB, F_NONE);
			return;
		}
		break;
	case C_CONTRIB:
		break;
	case C_FIELD:
		/* a field holds text only: markup inside it is not MediaWiki's */
		warn_at(p, "a <%s> inside <%s>: left out with everything in it (the rest of <%s> is kept)",
			n, field_name(p->stack[p->depth - 1].field),
			field_name(p->stack[p->depth - 1].field));
		push(p, C_SKIP, F_NONE);
		return;
	case C_DOC:
	case C_SKIP:
		break;
	}
	if ((f = field_of(top, n)) == F_NONE) {
		if (structural(n))
			skip_misplaced(p, n, top == C_PAGE ? "a <page>" :
				       top == C_REV ? "a <revision>" : "a <contributor>");
		else
			push(p, C_SKIP, F_NONE);
		return;
	}
	if (p->have[f]) {
		warn_at(p, "a second <%s>: the first is kept", n);
		push(p, C_SKIP, F_NONE);
		return;
	}
	if (f == F_COMMENT) {
		p->comment_deleted = is_deleted(atts);
	} else if (f == F_TEXT) {
		const char *b = attr(atts, "bytes"), *sh = attr(atts, "sha1");
		p->text_deleted = is_deleted(atts);
		if (b && parse_int(b, &p->text_bytes) < 0) {
			fail(p, RD_EINVALID, "<text bytes=\"%s\"> is not a number", b);
			return;
		}
		if (sh) {
			rd_buf_clear(&p->text_sha1_attr);
			rd_buf_puts(&p->text_sha1_attr, sh);
			p->have_text_sha1_attr = 1;
		}
	}
	rd_buf_clear(&p->f[f]);
	p->have[f] = 1;
	push(p, C_FIELD, f);
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct rd_mw_parser *p = data;
	struct frame fr;

	(void)name;
	if (p->err || !p->depth)
		return;
	fr = p->stack[--p->depth];
	if (fr.ctx == C_REV)
		revision_end(p);
	else if (fr.ctx == C_PAGE)
		page_end(p);
}

static void XMLCALL on_text(void *data, const char *s, int len)
{
	struct rd_mw_parser *p = data;
	struct frame *fr;

	if (p->err || !p->depth)
		return;
	fr = &p->stack[p->depth - 1];
	if (fr->ctx != C_FIELD)
		return;
	if (fr->field == F_TEXT && p->f[F_TEXT].len + (size_t)len > RD_TEXT_MAX) {
		fail(p, RD_ETOOBIG, "a revision text larger than 4 GiB");
		return;
	}
	rd_buf_put(&p->f[fr->field], s, (size_t)len);
}

/* Entity declarations are where "billion laughs" and friends live; an
 * export never has any, so any is refused. */
static void XMLCALL on_entity_decl(void *data, const char *name, int is_param,
				   const char *value, int value_len,
				   const char *base, const char *system_id,
				   const char *public_id, const char *notation)
{
	struct rd_mw_parser *p = data;

	(void)is_param; (void)value; (void)value_len; (void)base;
	(void)public_id; (void)notation;
	fail(p, RD_EINVALID, "refusing the DOCTYPE's entity declaration '%s'%s: exports never declare entities",
	     name, system_id ? " (an external entity)" : "");
}

/* An external DTD is never read, so the entities it might declare would
 * be skipped silently, changing the text: refuse it outright. */
static void XMLCALL on_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal_subset)
{
	(void)name; (void)pubid; (void)has_internal_subset;
	if (sysid)
		fail(data, RD_EINVALID, "refusing the DOCTYPE's external DTD '%s': exports have none", sysid);
}

static void XMLCALL on_skipped_entity(void *data, const char *name, int is_param)
{
	fail(data, RD_EINVALID, "refusing the reference to the undeclared entity '%s%s;'",
	     is_param ? "%" : "&", name);
}

/* A DTD's attribute default would add attributes the export never had
 * (deleted="deleted" hides every text). */
static void XMLCALL on_attlist_decl(void *data, const char *element, const char *attr,
				    const char *type, const char *dflt, int required)
{
	(void)type; (void)dflt; (void)required;
	fail(data, RD_EINVALID, "refusing the DOCTYPE's attribute declaration '%s' of <%s>: "
	     "exports never declare attributes", attr, element);
}

static int XMLCALL on_external_entity(XML_Parser xp, const char *context,
				      const char *base, const char *system_id,
				      const char *public_id)
{
	(void)xp; (void)context; (void)base; (void)system_id; (void)public_id;
	return XML_STATUS_ERROR; /* never read */
}

/* ---- the push parser ------------------------------------------------------------------ */

int rd_mw_parser_new(struct rd_mw_parser **out, const char *name,
		     const struct rd_mw_callbacks *cb, void *ctx, struct rd_mw_stats *stats)
{
	struct rd_mw_parser *p = rd_calloc(1, sizeof(*p));

	*out = NULL;
	p->name = rd_strdup(name);
	p->cb = cb;
	p->ctx = ctx;
	p->stats = stats ? stats : &p->own_stats;
	memset(p->stats, 0, sizeof(*p->stats));
	p->text_bytes = -1;
	p->next_progress = PROGRESS_EVERY;
	if (!(p->xp = XML_ParserCreateNS(NULL, NS_SEP))) {
		free(p->name);
		free(p);
		return rd_error_set(RD_EIO, "cannot start expat");
	}
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	XML_SetEntityDeclHandler(p->xp, on_entity_decl);
	XML_SetExternalEntityRefHandler(p->xp, on_external_entity);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	XML_SetSkippedEntityHandler(p->xp, on_skipped_entity);
	XML_SetAttlistDeclHandler(p->xp, on_attlist_decl);
	XML_SetParamEntityParsing(p->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	*out = p;
	return 0;
}

int rd_mw_parser_feed(struct rd_mw_parser *p, const char *buf, size_t n, int final)
{
	if (p->err)
		return p->err;
	p->stats->bytes_xml += n;
	if (XML_Parse(p->xp, buf, (int)n, final) != XML_STATUS_OK) {
		if (!p->err) {
			enum XML_Error e = XML_GetErrorCode(p->xp);
			const char *what = e == XML_ERROR_NO_ELEMENTS || e == XML_ERROR_UNCLOSED_TOKEN ||
				e == XML_ERROR_UNCLOSED_CDATA_SECTION || (final && e == XML_ERROR_PARTIAL_CHAR)
				? "truncated XML" : "malformed XML";
			fail(p, RD_EINVALID, "%s: %s", what, XML_ErrorString(e));
		}
		return p->err;
	}
	if (p->err)
		return p->err;
	if (p->cb && p->cb->progress && (final || p->stats->bytes_xml >= p->next_progress)) {
		p->cb->progress(p->ctx, p->stats);
		p->next_progress = p->stats->bytes_xml + PROGRESS_EVERY;
	}
	return 0;
}

/* Says where the XML stood when its bytes could not be read. */
static int input_failed(struct rd_mw_parser *p, int rc)
{
	char *msg = rd_strdup(rd_error_last());

	rd_error_set(rc, "%s (at XML line %lu%s%s%s)", msg,
		     (unsigned long)XML_GetCurrentLineNumber(p->xp),
		     p->title.len ? ", in page '" : "",
		     p->title.len ? p->title.ptr : "", p->title.len ? "'" : "");
	free(msg);
	return rc;
}

void rd_mw_parser_free(struct rd_mw_parser *p)
{
	if (!p)
		return;
	XML_ParserFree(p->xp);
	for (int i = 0; i < F__COUNT; i++)
		rd_buf_release(&p->f[i]);
	rd_buf_release(&p->title);
	rd_buf_release(&p->text_sha1_attr);
	free(p->stack);
	free(p->ids);
	free(p->ns_uri);
	free(p->name);
	free(p);
}

/* ---- whole files ------------------------------------------------------------------------ */

static int parse_reader(struct rd_reader *in, const struct rd_mw_callbacks *cb, void *ctx,
			struct rd_mw_stats *stats)
{
	struct rd_mw_parser *p;
	char *buf = rd_malloc(CHUNK);
	size_t n;
	int rc, final = 0;

	if ((rc = rd_mw_parser_new(&p, rd_reader_name(in), cb, ctx, stats)) < 0) {
		free(buf);
		return rc;
	}
	p->stats->size_in = rd_reader_size(in);
	while (!final && rc == 0) {
		if ((rc = rd_reader_read(in, buf, CHUNK, &n)) < 0) {
			rc = input_failed(p, rc);
			break;
		}
		final = n == 0;
		p->stats->bytes_in = rd_reader_bytes_in(in);
		rc = rd_mw_parser_feed(p, buf, n, final);
	}
	rd_mw_parser_free(p);
	free(buf);
	return rc;
}

int rd_mediawiki_parse_file(FILE *f, const char *name,
			    const struct rd_mw_callbacks *cb, void *ctx,
			    struct rd_mw_stats *stats)
{
	struct rd_reader *in;
	int rc;

	if ((rc = rd_reader_open_file(&in, f, name)) < 0)
		return rc;
	rc = parse_reader(in, cb, ctx, stats);
	rd_reader_free(in);
	return rc;
}

int rd_mediawiki_parse(const char *path, const struct rd_mw_callbacks *cb,
		       void *ctx, struct rd_mw_stats *stats)
{
	struct rd_reader *in;
	int rc;

	if ((rc = rd_reader_open(&in, path)) < 0)
		return rc;
	rc = parse_reader(in, cb, ctx, stats);
	rd_reader_free(in);
	return rc;
}
