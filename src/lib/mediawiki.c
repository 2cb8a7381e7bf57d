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
#include "mediawiki_int.h"

#include <errno.h>
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

/* Records the first error as "NAME:LINE: what (in page 'T')" and stops. */
int rd_mw_fail(struct rd_mw_parser *p, int code, const char *fmt, ...)
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

void rd_mw_warn(struct rd_mw_parser *p, const char *fmt, ...)
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
void rd_mw_warn_at(struct rd_mw_parser *p, const char *fmt, ...)
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
		rd_mw_warn(p, "%s: schema version '%s' is not one of 0.3 to 0.11; reading it anyway",
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
	rd_mw_warn_at(p, "a <%s> inside %s: left out with everything in it", n, where);
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
		rd_mw_fail(p, RD_EINVALID, "elements nested more than %d deep: not a MediaWiki export", MAX_DEPTH);
		return;
	}
	if (top == C_DOC) {
		if (strcmp(n, "mediawiki") != 0) {
			rd_mw_fail(p, RD_EINVALID, "not a MediaWiki export: the root element is <%s>, not <mediawiki>", n);
			return;
		}
		if (urilen && !mediawiki_uri(name, urilen)) {
			rd_mw_fail(p, RD_EINVALID, "not a MediaWiki export: the root element's namespace is '%.*s'",
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
			rd_mw_reset_fields(p, F_TITLE, F_PAGE_ID);
			rd_mw_reset_revision(p);
			rd_mw_ids_clear(p);
			push(p, C_PAGE, F_NONE);
		} else if (strcmp(n, "siteinfo") != 0 && structural(n)) {
			skip_misplaced(p, n, "<mediawiki>");
		} else {
			push(p, C_SKIP, F_NONE);
		}
		return;
	case C_PAGE:
		if (strcmp(n, "revision") == 0) {
			rd_mw_reset_revision(p);
			push(p, C_REV, F_NONE);
			return;
		}
		break;
	case C_REV:
		if (strcmp(n, "contributor") == 0) {
			if (p->have[F_USERNAME] || p->have[F_IP] || p->contrib_deleted) {
				rd_mw_warn_at(p, "a second <contributor>: the first is kept");
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
		rd_mw_warn_at(p, "a <%s> inside <%s>: left out with everything in it (the rest of <%s> is kept)",
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
		rd_mw_warn_at(p, "a second <%s>: the first is kept", n);
		push(p, C_SKIP, F_NONE);
		return;
	}
	if (f == F_COMMENT) {
		p->comment_deleted = is_deleted(atts);
	} else if (f == F_TEXT) {
		const char *b = attr(atts, "bytes"), *sh = attr(atts, "sha1");
		p->text_deleted = is_deleted(atts);
		if (b && rd_mw_parse_int(b, &p->text_bytes) < 0) {
			rd_mw_fail(p, RD_EINVALID, "<text bytes=\"%s\"> is not a number", b);
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
		rd_mw_revision_end(p);
	else if (fr.ctx == C_PAGE)
		rd_mw_page_end(p);
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
		rd_mw_fail(p, RD_ETOOBIG, "a revision text larger than 4 GiB");
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
	rd_mw_fail(p, RD_EINVALID, "refusing the DOCTYPE's entity declaration '%s'%s: exports never declare entities",
		   name, system_id ? " (an external entity)" : "");
}

/* An external DTD is never read, so the entities it might declare would
 * be skipped silently, changing the text: refuse it outright. */
static void XMLCALL on_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal_subset)
{
	(void)name; (void)pubid; (void)has_internal_subset;
	if (sysid)
		rd_mw_fail(data, RD_EINVALID, "refusing the DOCTYPE's external DTD '%s': exports have none", sysid);
}

static void XMLCALL on_skipped_entity(void *data, const char *name, int is_param)
{
	rd_mw_fail(data, RD_EINVALID, "refusing the reference to the undeclared entity '%s%s;'",
		   is_param ? "%" : "&", name);
}

/* A DTD's attribute default would add attributes the export never had
 * (deleted="deleted" hides every text). */
static void XMLCALL on_attlist_decl(void *data, const char *element, const char *attr,
				    const char *type, const char *dflt, int required)
{
	(void)type; (void)dflt; (void)required;
	rd_mw_fail(data, RD_EINVALID, "refusing the DOCTYPE's attribute declaration '%s' of <%s>: "
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
			rd_mw_fail(p, RD_EINVALID, "%s: %s", what, XML_ErrorString(e));
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
	return rd_error_set(rc, "%s (at XML line %lu%s%s%s)", rd_error_last(),
			    (unsigned long)XML_GetCurrentLineNumber(p->xp),
			    p->title.len ? ", in page '" : "",
			    p->title.len ? p->title.ptr : "", p->title.len ? "'" : "");
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
