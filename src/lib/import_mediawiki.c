/*
 * import_mediawiki.c - a streaming reader of MediaWiki XML exports
 * (Special:Export, pages-meta-history dumps), schema 0.3 to 0.11.
 *
 * Bytes come in chunks from a plain, gzip or bzip2 file (told apart by
 * their magic bytes, so names and standard input do not matter), go
 * through expat, and a small context stack picks the elements we know by
 * their local name wherever they appear in their parent: element order
 * changed between schema versions and new elements keep being added, so
 * order is never assumed and unknown elements are skipped with their
 * whole subtree (<upload> holds its own <timestamp> and <contributor>).
 * Only the current revision's text is held; each revision is handed to
 * the caller when its </revision> closes.
 *
 * The format: https://www.mediawiki.org/xml/export-0.11.xsd.  <sha1> is
 * the SHA-1 of the text in base 36, padded to 31 characters; the text's
 * `bytes` attribute its length in bytes (UTF-8).
 *
 * rd_import_mediawiki (at the end) writes what the parser reads into a
 * store: each page an entry, its revisions in timestamp order.
 */
#include "revdiff.h"

#include <bzlib.h>
#include <errno.h>
#include <expat.h>
#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Read size: large enough that the per-call overhead of expat and the
 * decompressors disappears, small enough to stay in cache. */
#define CHUNK (64 * 1024)
/* How often progress is reported, in input bytes. */
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

struct frame {
	enum ctx ctx;
	enum field field;
};

struct parser {
	XML_Parser xp;
	const char *name;
	const struct rd_mw_callbacks *cb;
	void *ctx;
	struct rd_mw_stats *stats;

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
	int warned_version;
	uint64_t next_progress;
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

/* ---- errors ----------------------------------------------------------------- */

static int fail(struct parser *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first error as "NAME:LINE: what (in page 'T')" and stops. */
static int fail(struct parser *p, int code, const char *fmt, ...)
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
	if (p->title.len)
		rd_buf_printf(&b, " (in page '%s')", p->title.ptr);
	else if (p->have[F_TITLE] && p->f[F_TITLE].len)
		rd_buf_printf(&b, " (in page '%s')", p->f[F_TITLE].ptr);
	p->err = rd_error_set(code, "%s", b.ptr);
	rd_buf_release(&b);
	XML_StopParser(p->xp, XML_FALSE);
	return p->err;
}

static void warn(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct parser *p, const char *fmt, ...)
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
static const char *field_str(struct parser *p, enum field f)
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

static int field_int(struct parser *p, enum field f, const char *what, int64_t *out)
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

static void reset_fields(struct parser *p, enum field from, enum field to)
{
	for (int f = from; f <= (int)to; f++) {
		rd_buf_clear(&p->f[f]);
		p->have[f] = 0;
	}
}

static void reset_revision(struct parser *p)
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

/* ---- pages and revisions -------------------------------------------------------- */

static int page_start(struct parser *p)
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

static int revision_end(struct parser *p)
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

static int page_end(struct parser *p)
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
	return 0;
}

/* ---- expat handlers ----------------------------------------------------------------- */

static void push(struct parser *p, enum ctx c, enum field f)
{
	rd_grow((void **)&p->stack, &p->cap, p->depth + 1, sizeof(*p->stack));
	p->stack[p->depth].ctx = c;
	p->stack[p->depth].field = f;
	p->depth++;
}

static void check_version(struct parser *p, const char **atts)
{
	const char *v = attr(atts, "version");
	int major, minor;

	if (!v || sscanf(v, "%d.%d", &major, &minor) != 2 || major != 0 ||
	    minor < 3 || minor > 11)
		warn(p, "%s: schema version '%s' is not one of 0.3 to 0.11; reading it anyway",
		     p->name, v ? v : "(none)");
}

static void XMLCALL on_start(void *data, const char *name, const char **atts)
{
	struct parser *p = data;
	const char *n = local_name(name);
	enum ctx top = p->depth ? p->stack[p->depth - 1].ctx : C_DOC;
	enum field f = F_NONE;

	if (p->err)
		return;
	if (p->depth >= MAX_DEPTH) {
		fail(p, RD_EINVALID, "elements nested more than %d deep: not a MediaWiki export", MAX_DEPTH);
		return;
	}
	switch (top) {
	case C_DOC:
		if (strcmp(n, "mediawiki") != 0) {
			fail(p, RD_EINVALID, "not a MediaWiki export: the root element is <%s>, not <mediawiki>", n);
			return;
		}
		check_version(p, atts);
		push(p, C_ROOT, F_NONE);
		return;
	case C_ROOT:
		if (strcmp(n, "page") == 0) {
			p->page_started = 0;
			rd_buf_clear(&p->title);
			reset_fields(p, F_TITLE, F_PAGE_ID);
			reset_revision(p);
			push(p, C_PAGE, F_NONE);
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
		if (strcmp(n, "title") == 0)
			f = F_TITLE;
		else if (strcmp(n, "ns") == 0)
			f = F_NS;
		else if (strcmp(n, "id") == 0)
			f = F_PAGE_ID;
		break;
	case C_REV:
		if (strcmp(n, "contributor") == 0) {
			p->contrib_deleted = is_deleted(atts);
			push(p, C_CONTRIB, F_NONE);
			return;
		}
		if (strcmp(n, "id") == 0)
			f = F_REV_ID;
		else if (strcmp(n, "parentid") == 0)
			f = F_PARENT_ID;
		else if (strcmp(n, "timestamp") == 0)
			f = F_TIMESTAMP;
		else if (strcmp(n, "comment") == 0) {
			f = F_COMMENT;
			p->comment_deleted = is_deleted(atts);
		} else if (strcmp(n, "minor") == 0)
			f = F_MINOR;
		else if (strcmp(n, "model") == 0)
			f = F_MODEL;
		else if (strcmp(n, "format") == 0)
			f = F_FORMAT;
		else if (strcmp(n, "sha1") == 0)
			f = F_SHA1;
		else if (strcmp(n, "text") == 0) {
			const char *b = attr(atts, "bytes"), *s = attr(atts, "sha1");
			f = F_TEXT;
			p->text_deleted = is_deleted(atts);
			if (b && parse_int(b, &p->text_bytes) < 0) {
				fail(p, RD_EINVALID, "<text bytes=\"%s\"> is not a number", b);
				return;
			}
			if (s) {
				rd_buf_clear(&p->text_sha1_attr);
				rd_buf_puts(&p->text_sha1_attr, s);
				p->have_text_sha1_attr = 1;
			}
		}
		break;
	case C_CONTRIB:
		if (strcmp(n, "username") == 0)
			f = F_USERNAME;
		else if (strcmp(n, "id") == 0)
			f = F_USER_ID;
		else if (strcmp(n, "ip") == 0)
			f = F_IP;
		break;
	case C_FIELD:
	case C_SKIP:
		break;
	}
	if (f == F_NONE) {
		push(p, C_SKIP, F_NONE);
		return;
	}
	rd_buf_clear(&p->f[f]);
	p->have[f] = 1;
	push(p, C_FIELD, f);
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct parser *p = data;
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
	struct parser *p = data;
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
	struct parser *p = data;

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

/* ---- input: plain, gzip, bzip2 ------------------------------------------------------ */

enum codec { PLAIN, GZIP, BZIP2 };

struct input {
	FILE *f;
	const char *name;
	enum codec codec;
	z_stream z;
	bz_stream bz;
	int started, ended; /* decompressor initialised; stream end seen */
	unsigned char in[CHUNK];
	size_t in_len, in_pos;
	int eof;
};

static int input_fill(struct input *in, struct rd_mw_stats *stats)
{
	size_t n;

	if (in->in_pos < in->in_len || in->eof)
		return 0;
	n = fread(in->in, 1, sizeof(in->in), in->f);
	if (n == 0) {
		if (ferror(in->f))
			return rd_error_set(RD_EIO, "cannot read '%s': %s", in->name, strerror(errno));
		in->eof = 1;
	}
	in->in_len = n;
	in->in_pos = 0;
	if (stats)
		stats->bytes_in += n;
	return 0;
}

static int input_open(struct input *in, FILE *f, const char *name, struct rd_mw_stats *stats)
{
	int rc;

	memset(in, 0, sizeof(*in));
	in->f = f;
	in->name = name;
	if ((rc = input_fill(in, stats)) < 0)
		return rc;
	if (in->in_len >= 2 && in->in[0] == 0x1f && in->in[1] == 0x8b)
		in->codec = GZIP;
	else if (in->in_len >= 3 && memcmp(in->in, "BZh", 3) == 0)
		in->codec = BZIP2;
	else
		in->codec = PLAIN;
	return 0;
}

static void input_close(struct input *in)
{
	if (in->started && in->codec == GZIP)
		inflateEnd(&in->z);
	if (in->started && in->codec == BZIP2)
		BZ2_bzDecompressEnd(&in->bz);
	in->started = 0;
}

/* Reads up to `cap` bytes of XML into buf; *n = 0 at the end. */
static int input_read(struct input *in, char *buf, size_t cap, size_t *n,
		      struct rd_mw_stats *stats)
{
	int rc;

	*n = 0;
	for (;;) {
		if ((rc = input_fill(in, stats)) < 0)
			return rc;
		if (in->codec == PLAIN) {
			size_t k = in->in_len - in->in_pos;
			if (k > cap)
				k = cap;
			memcpy(buf, in->in + in->in_pos, k);
			in->in_pos += k;
			*n = k;
			return 0;
		}
		if (in->in_pos == in->in_len && in->eof) {
			if (in->started && !in->ended)
				return rd_error_set(RD_EINVALID, "%s: the %s data is truncated",
						    in->name, in->codec == GZIP ? "gzip" : "bzip2");
			return 0;
		}
		if (in->ended) {
			/* Another stream follows (concatenated .gz members,
			 * pbzip2's streams): start over. */
			input_close(in);
			in->ended = 0;
		}
		if (in->codec == GZIP) {
			if (!in->started) {
				memset(&in->z, 0, sizeof(in->z));
				/* 15 + 32: any window, gzip or zlib header. */
				if (inflateInit2(&in->z, 15 + 32) != Z_OK)
					return rd_error_set(RD_ERROR, "%s: cannot start zlib", in->name);
				in->started = 1;
			}
			in->z.next_in = in->in + in->in_pos;
			in->z.avail_in = (uInt)(in->in_len - in->in_pos);
			in->z.next_out = (Bytef *)buf;
			in->z.avail_out = (uInt)cap;
			rc = inflate(&in->z, Z_NO_FLUSH);
			in->in_pos = in->in_len - in->z.avail_in;
			*n = cap - in->z.avail_out;
			if (rc == Z_STREAM_END)
				in->ended = 1;
			else if (rc != Z_OK && rc != Z_BUF_ERROR)
				return rd_error_set(RD_EINVALID, "%s: bad gzip data: %s", in->name,
						    in->z.msg ? in->z.msg : "inflate failed");
		} else {
			if (!in->started) {
				memset(&in->bz, 0, sizeof(in->bz));
				if (BZ2_bzDecompressInit(&in->bz, 0, 0) != BZ_OK)
					return rd_error_set(RD_ERROR, "%s: cannot start bzip2", in->name);
				in->started = 1;
			}
			in->bz.next_in = (char *)in->in + in->in_pos;
			in->bz.avail_in = (unsigned)(in->in_len - in->in_pos);
			in->bz.next_out = buf;
			in->bz.avail_out = (unsigned)cap;
			rc = BZ2_bzDecompress(&in->bz);
			in->in_pos = in->in_len - in->bz.avail_in;
			*n = cap - in->bz.avail_out;
			if (rc == BZ_STREAM_END)
				in->ended = 1;
			else if (rc != BZ_OK)
				return rd_error_set(RD_EINVALID, "%s: bad bzip2 data (error %d)", in->name, rc);
		}
		if (*n)
			return 0;
	}
}

/* ---- the parse ------------------------------------------------------------------------- */

int rd_mediawiki_parse_file(FILE *f, const char *name,
			    const struct rd_mw_callbacks *cb, void *ctx,
			    struct rd_mw_stats *stats)
{
	struct parser p;
	struct input *in = rd_malloc(sizeof(*in));
	char *buf = rd_malloc(CHUNK);
	struct rd_mw_stats local;
	size_t n;
	int rc, final = 0;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.cb = cb;
	p.ctx = ctx;
	p.stats = stats;
	p.text_bytes = -1;
	p.next_progress = PROGRESS_EVERY;
	p.xp = XML_ParserCreateNS(NULL, NS_SEP);
	XML_SetUserData(p.xp, &p);
	XML_SetElementHandler(p.xp, on_start, on_end);
	XML_SetCharacterDataHandler(p.xp, on_text);
	XML_SetEntityDeclHandler(p.xp, on_entity_decl);
	XML_SetExternalEntityRefHandler(p.xp, on_external_entity);
	XML_SetStartDoctypeDeclHandler(p.xp, on_doctype);
	XML_SetSkippedEntityHandler(p.xp, on_skipped_entity);
	XML_SetAttlistDeclHandler(p.xp, on_attlist_decl);
	XML_SetParamEntityParsing(p.xp, XML_PARAM_ENTITY_PARSING_NEVER);

	if ((rc = input_open(in, f, name, stats)) < 0)
		goto done;
	while (!final) {
		if ((rc = input_read(in, buf, CHUNK, &n, stats)) < 0) {
			/* Say where the XML stood when the bytes ran out. */
			char *msg = rd_strdup(rd_error_last());
			rd_error_set(rc, "%s (at XML line %lu%s%s%s)", msg,
				     (unsigned long)XML_GetCurrentLineNumber(p.xp),
				     p.title.len ? ", in page '" : "",
				     p.title.len ? p.title.ptr : "", p.title.len ? "'" : "");
			free(msg);
			goto done;
		}
		final = n == 0;
		stats->bytes_xml += n;
		if (XML_Parse(p.xp, buf, (int)n, final) != XML_STATUS_OK) {
			if (p.err) {
				rc = p.err;
			} else {
				enum XML_Error e = XML_GetErrorCode(p.xp);
				const char *what = e == XML_ERROR_NO_ELEMENTS || e == XML_ERROR_UNCLOSED_TOKEN ||
					e == XML_ERROR_UNCLOSED_CDATA_SECTION || (final && e == XML_ERROR_PARTIAL_CHAR)
					? "truncated XML" : "malformed XML";
				rc = fail(&p, RD_EINVALID, "%s: %s", what, XML_ErrorString(e));
			}
			goto done;
		}
		if (p.err) {
			rc = p.err;
			goto done;
		}
		if (cb && cb->progress && stats->bytes_in >= p.next_progress) {
			cb->progress(ctx, stats);
			p.next_progress = stats->bytes_in + PROGRESS_EVERY;
		}
	}
	rc = p.err;
	if (!rc && cb && cb->progress)
		cb->progress(ctx, stats);
done:
	input_close(in);
	XML_ParserFree(p.xp);
	for (int i = 0; i < F__COUNT; i++)
		rd_buf_release(&p.f[i]);
	rd_buf_release(&p.title);
	rd_buf_release(&p.text_sha1_attr);
	free(p.stack);
	free(buf);
	free(in);
	return rc;
}

int rd_mediawiki_parse(const char *path, const struct rd_mw_callbacks *cb,
		       void *ctx, struct rd_mw_stats *stats)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	int rc;

	if (!f)
		return rd_error_set(errno == ENOENT ? RD_ENOTFOUND : RD_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	rc = rd_mediawiki_parse_file(f, is_stdin ? "(stdin)" : path, cb, ctx, stats);
	if (!is_stdin)
		fclose(f);
	return rc;
}

/* ---- writing an export into a store ------------------------------------------------ */

/*
 * A page's revisions arrive in file order, but an entry's versions must be
 * in timestamp order, and only one text may sit in memory: each text goes
 * to a spool file as it arrives, with its metadata in memory; at the
 * page's end the metadata is sorted and the texts read back one by one
 * into the store's batch.  A page the store already holds whole (same
 * revision ids in the same order) is skipped, so a second run only adds
 * what is new; a page whose stored history is a prefix is given again in
 * full (RD_BATCH_HISTORY extends it; commit ids only depend on the
 * versions, so nothing already stored changes).  Batches are committed
 * every `batch_bytes` of text and at the end: an import killed at any
 * point leaves whole pages or nothing of them.
 *
 * NEEDSWORK: the batch keeps a page's objects in memory until it is
 * committed, so memory grows with the largest page's history (about
 * 200 MB for 2,000 revisions of 75 KB); committing long pages in several
 * RD_BATCH_HISTORY batches would bound it.
 */

/* Text per batch: big enough that packs are few, small enough that the
 * batch's objects held in memory stay well below a gigabyte. */
#define DEFAULT_BATCH_BYTES (64u << 20)

static void w_warning(void *ctx, const char *msg);

struct spooled {
	struct rd_version v;
	int64_t rev_id;
	uint64_t off;
	size_t len;
};

struct writer {
	struct rd_store *store;
	const struct rd_mw_import_opts *o;
	struct rd_mw_import_stats *st;
	FILE *spool;
	uint64_t spool_len;
	struct spooled *revs;
	size_t nrevs, cap;
	int skip_page;
	struct rd_batch *batch;
	size_t batch_text;
	struct rd_buf text;
};

static int writer_commit(struct writer *w)
{
	struct rd_batch_stats bs;
	int rc;

	if (!w->batch)
		return 0;
	memset(&bs, 0, sizeof(bs));
	rc = rd_store_batch_commit(w->batch, &bs);
	rd_store_batch_free(w->batch);
	w->batch = NULL;
	w->batch_text = 0;
	if (rc < 0)
		return rc;
	w->st->batch.versions_written += bs.versions_written;
	w->st->batch.entries_created += bs.entries_created;
	w->st->batch.entries_updated += bs.entries_updated;
	w->st->batch.entries_unchanged += bs.entries_unchanged;
	return 0;
}

static void spooled_release(struct writer *w)
{
	for (size_t i = 0; i < w->nrevs; i++)
		rd_version_release(&w->revs[i].v);
	w->nrevs = 0;
	w->spool_len = 0;
	if (w->spool)
		rewind(w->spool);
}

static int w_page_start(void *ctx, const struct rd_mw_page *p)
{
	struct writer *w = ctx;

	spooled_release(w);
	w->skip_page = w->o->ns_filter && p->ns != w->o->ns;
	if (!w->skip_page && rd_entry_check(p->title) < 0)
		return rd_error_set(RD_EINVALID, "page '%s' cannot be an entry name: %s",
				    p->title, rd_error_last());
	return 0;
}

static char *int_str(int64_t v)
{
	char b[32];

	if (!v)
		return NULL;
	snprintf(b, sizeof(b), "%lld", (long long)v);
	return rd_strdup(b);
}

static int w_revision(void *ctx, const struct rd_mw_page *p, const struct rd_mw_revision *r)
{
	struct writer *w = ctx;
	struct spooled *s;
	int rc;

	if (w->skip_page)
		return 0;
	if (!w->spool && !(w->spool = tmpfile()))
		return rd_error_set(RD_EIO, "cannot create a spool file: %s", strerror(errno));
	rd_grow((void **)&w->revs, &w->cap, w->nrevs + 1, sizeof(*w->revs));
	s = &w->revs[w->nrevs];
	memset(s, 0, sizeof(*s));
	if ((rc = rd_time_parse(&s->v.when, r->timestamp, 0)) < 0)
		return rd_error_set(rc, "page '%s', revision %lld: %s", p->title, (long long)r->id,
				    rd_error_last());
	s->rev_id = r->id;
	switch (r->contributor) {
	case RD_MW_CONTRIB_USER:
		s->v.author = rd_strdup(r->username ? r->username : "");
		s->v.author_id = int_str(r->user_id);
		break;
	case RD_MW_CONTRIB_IP:
		s->v.author = rd_strdup(r->ip ? r->ip : "");
		break;
	case RD_MW_CONTRIB_DELETED:
		/* as MediaWiki shows it */
		s->v.author = rd_strdup("(username removed)");
		break;
	default:
		break;
	}
	s->v.label = r->comment ? rd_strdup(r->comment) : NULL;
	s->v.comment_deleted = r->comment_deleted;
	s->v.revision_id = int_str(r->id);
	s->v.parent_revision_id = int_str(r->parent_id);
	s->v.source = rd_strdup("mediawiki");
	s->v.minor = r->minor;
	s->v.text_deleted = r->text_deleted || r->text_missing;
	s->off = w->spool_len;
	s->len = r->text ? r->text_len : 0;
	if (s->len && fwrite(r->text, 1, s->len, w->spool) != s->len) {
		rd_version_release(&s->v);
		return rd_error_set(RD_EIO, "cannot write the spool file: %s", strerror(errno));
	}
	w->spool_len += s->len;
	w->nrevs++;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct spooled *x = a, *y = b;

	if (x->v.when.sec != y->v.when.sec)
		return x->v.when.sec < y->v.when.sec ? -1 : 1;
	return x->rev_id < y->rev_id ? -1 : x->rev_id > y->rev_id;
}

static size_t batch_limit(const struct writer *w)
{
	return w->o->batch_bytes ? w->o->batch_bytes : DEFAULT_BATCH_BYTES;
}

static int w_page_end(void *ctx, const struct rd_mw_page *p)
{
	struct writer *w = ctx;
	struct rd_history h;
	size_t stored = 0, skip = 0;
	int rc;

	if (w->skip_page) {
		w->st->pages_filtered++;
		return 0;
	}
	w->st->pages++;
	if (!w->nrevs)
		return 0;
	qsort(w->revs, w->nrevs, sizeof(*w->revs), by_time);

	memset(&h, 0, sizeof(h));
	rc = rd_store_history(w->store, p->title, &h);
	if (rc == RD_ENOTFOUND) {
		rc = 0;
	} else if (rc < 0) {
		return rc;
	} else {
		/* a source that starts at a stored revision (a live pull from
		 * the newest one) continues the history from there */
		const char *first = w->revs[0].v.revision_id;
		for (size_t i = h.n; first && i-- > 1;)
			if (h.v[i].revision_id && !strcmp(h.v[i].revision_id, first)) {
				skip = i;
				break;
			}
		for (; skip + stored < h.n && stored < w->nrevs; stored++) {
			const char *id = h.v[skip + stored].revision_id;
			if (!id || !w->revs[stored].v.revision_id ||
			    strcmp(id, w->revs[stored].v.revision_id) != 0)
				break;
		}
		if (skip + stored < h.n) {
			/* The file rewrites history the store already has (a
			 * revision restored or removed since): that page is
			 * left alone, the others go on. */
			struct rd_buf m = RD_BUF_INIT;
			rd_buf_printf(&m, "page '%s': the store's version %zu (revision %s) is not the %s's (revision %s); the page was left as it is",
				      p->title, skip + stored + 1,
				      h.v[skip + stored].revision_id ? h.v[skip + stored].revision_id : "none",
				      w->o->source_name ? w->o->source_name : "file",
				      stored < w->nrevs && w->revs[stored].v.revision_id ?
				      w->revs[stored].v.revision_id : "none");
			w_warning(w, m.ptr);
			rd_buf_release(&m);
			rd_history_release(&h);
			w->st->pages_conflicting++;
			return 0;
		}
		rd_history_release(&h);
	}
	w->st->revisions_known += stored;
	if (stored == w->nrevs) {
		w->st->pages_unchanged++;
		return 0;
	}
	w->st->revisions_new += w->nrevs - stored;
	fflush(w->spool);
	/* pages are written whole when they fit in a batch */
	size_t page_text = 0;
	for (size_t i = 0; i < w->nrevs; i++)
		page_text += w->revs[i].len;
	if (w->batch_text && w->batch_text + page_text > batch_limit(w) &&
	    (rc = writer_commit(w)) < 0)
		return rc;
	if (!w->batch && (rc = rd_store_batch_new(&w->batch, w->store, RD_BATCH_HISTORY)) < 0)
		return rc;
	if (skip && (rc = rd_store_batch_continue(w->batch, p->title)) < 0)
		return rc;
	for (size_t i = skip ? stored : 0; i < w->nrevs; i++) {
		struct spooled *s = &w->revs[i];
		rd_buf_clear(&w->text);
		rd_buf_put(&w->text, "", 0);
		if (s->len) {
			rd_grow((void **)&w->text.ptr, &w->text.cap, s->len + 1, 1);
			if (fseeko(w->spool, (off_t)s->off, SEEK_SET) < 0 ||
			    fread(w->text.ptr, 1, s->len, w->spool) != s->len)
				return rd_error_set(RD_EIO, "cannot read the spool file back");
			w->text.len = s->len;
			w->text.ptr[s->len] = '\0';
		}
		if ((rc = rd_store_batch_add(w->batch, p->title, w->text.ptr, w->text.len, &s->v, NULL)) < 0)
			return rd_error_set(rc, "page '%s', revision %lld: %s", p->title,
					    (long long)s->rev_id, rd_error_last());
		w->batch_text += s->len;
		/* a history larger than a batch goes to disk in parts, each a
		 * prefix of it: memory stays bounded */
		if (w->batch_text >= batch_limit(w) && i + 1 < w->nrevs) {
			if ((rc = rd_store_batch_flush(w->batch)) < 0)
				return rc;
			w->batch_text = 0;
		}
	}
	fseeko(w->spool, 0, SEEK_END);
	if (w->batch_text >= batch_limit(w) || w->o->commit_pages)
		return writer_commit(w);
	return 0;
}

static void w_warning(void *ctx, const char *msg)
{
	struct writer *w = ctx;

	/* pages left out by --namespace are none of the user's business */
	if (w->o->warning && !w->skip_page)
		w->o->warning(w->o->ctx, msg);
}

static void w_progress(void *ctx, const struct rd_mw_stats *ps)
{
	struct writer *w = ctx;

	w->st->parse = *ps;
	if (w->o->progress)
		w->o->progress(w->o->ctx, w->st);
}

static int parse_path(void *src, const struct rd_mw_callbacks *cb, void *ctx,
		      struct rd_mw_stats *stats)
{
	return rd_mediawiki_parse(src, cb, ctx, stats);
}

int rd_import_mediawiki(struct rd_store *s, const char *path,
			const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st)
{
	return rd_import_mediawiki_feed(s, parse_path, (void *)path, o, st);
}

int rd_import_mediawiki_feed(struct rd_store *s,
			     int (*feed)(void *src, const struct rd_mw_callbacks *cb, void *ctx,
					 struct rd_mw_stats *stats),
			     void *src, const struct rd_mw_import_opts *o,
			     struct rd_mw_import_stats *st)
{
	static const struct rd_mw_callbacks cb = {
		w_page_start, w_revision, w_page_end, w_warning, w_progress
	};
	struct rd_mw_import_opts defaults;
	struct rd_mw_import_stats local;
	struct writer w;
	int rc, rc2;

	if (!o) {
		memset(&defaults, 0, sizeof(defaults));
		o = &defaults;
	}
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&w, 0, sizeof(w));
	w.store = s;
	w.o = o;
	w.st = st;
	rc = feed(src, &cb, &w, &st->parse);
	/* What was read whole is kept even when the rest is broken: the
	 * error then names what could not be read. */
	if (w.batch) {
		char *msg = rc < 0 ? rd_strdup(rd_error_last()) : NULL;
		rc2 = writer_commit(&w);
		if (rc >= 0)
			rc = rc2;
		else
			rd_error_set(rc, "%s", msg);
		free(msg);
	}
	spooled_release(&w);
	if (w.spool)
		fclose(w.spool);
	free(w.revs);
	rd_buf_release(&w.text);
	return rc;
}
