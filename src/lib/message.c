/*
 * message.c - a version's commit message, format 2 (store.h, THE
 * MESSAGE): the label byte for byte, then revdiff's trailers, the last of
 * which gives the label's length.  The reader finds the trailers from that
 * last line, which revdiff always writes after the label, so no label,
 * comment or name can ever be read as a trailer.  Format 1 (trailers found
 * as a last paragraph of "Revdiff-" lines, which a label could fake) is
 * still read.
 */
#include "message.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum kind {
	T_STR,     /* a string field of struct rd_version */
	T_FLAG,    /* an int field, written as "true" */
	T_UNDATED, /* !when.has_time */
	T_ENTRY,   /* the entry's name: written, never read back */
	T_AUTHOR   /* the name as given (format 2): replaces the ident's */
};

#define FIELD(f) offsetof(struct rd_version, f)

/* Every trailer, in the order they are written. */
static const struct trailer {
	const char *key;
	enum kind kind;
	size_t off;
} trailers[] = {
	{ "Revdiff-Undated", T_UNDATED, 0 },
	{ "Revdiff-Revision", T_STR, FIELD(revision_id) },
	{ "Revdiff-Parent-Revision", T_STR, FIELD(parent_revision_id) },
	{ "Revdiff-Source", T_STR, FIELD(source) },
	{ "Revdiff-Minor", T_FLAG, FIELD(minor) },
	{ "Revdiff-Entry", T_ENTRY, 0 },
	{ "Revdiff-Author", T_AUTHOR, FIELD(author) },
	{ "Revdiff-Author-Id", T_STR, FIELD(author_id) },
	{ "Revdiff-Text-Deleted", T_FLAG, FIELD(text_deleted) },
	{ "Revdiff-Comment-Deleted", T_FLAG, FIELD(comment_deleted) },
};
#define NTRAILERS (sizeof(trailers) / sizeof(trailers[0]))

#define FORMAT_KEY "Revdiff-Format: "
#define PREFIX "Revdiff-"

static char **str_field(struct rd_version *v, const struct trailer *t)
{
	return (char **)((char *)v + t->off);
}

static int *int_field(struct rd_version *v, const struct trailer *t)
{
	return (int *)((char *)v + t->off);
}

/* Trailer values are one line: %, controls and DEL are %XX. */
static void put_trailer(struct rd_buf *b, const char *key, const char *value)
{
	rd_buf_printf(b, "%s: ", key);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p == '%' || *p < 0x20 || *p == 0x7f)
			rd_buf_printf(b, "%%%02X", *p);
		else
			rd_buf_putc(b, (char)*p);
	}
	rd_buf_putc(b, '\n');
}

void rd_message_build(struct rd_buf *m, const struct rd_version *v, const char *entry,
		      const char *author)
{
	struct rd_version *w = (struct rd_version *)v; /* fields are only read */
	size_t ll = v->label ? strlen(v->label) : 0;

	if (ll) {
		rd_buf_put(m, v->label, ll);
		rd_buf_puts(m, "\n\n");
	}
	for (size_t i = 0; i < NTRAILERS; i++) {
		const struct trailer *t = &trailers[i];
		const char *val = NULL;
		switch (t->kind) {
		case T_STR:
			val = *str_field(w, t);
			break;
		case T_FLAG:
			val = *int_field(w, t) ? "true" : NULL;
			break;
		case T_UNDATED:
			val = v->when.has_time ? NULL : "true";
			break;
		case T_ENTRY:
			val = entry;
			break;
		case T_AUTHOR:
			val = author;
			break;
		}
		if (val)
			put_trailer(m, t->key, val);
	}
	rd_buf_printf(m, FORMAT_KEY "%d %zu\n", RD_MESSAGE_FORMAT, ll);
}

int rd_unpercent(struct rd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		const char *h, *l;
		if (s[i] != '%') {
			rd_buf_putc(b, s[i]);
			continue;
		}
		if (n - i < 3 || !s[i + 1] || !s[i + 2] ||
		    !(h = strchr(hex, s[i + 1] | 0x20)) || !(l = strchr(hex, s[i + 2] | 0x20)) ||
		    (h == hex && l == hex))
			return RD_EINVALID;
		rd_buf_putc(b, (char)((h - hex) * 16 + (l - hex)));
		i += 2;
	}
	return 0;
}

/* A trailer's value; one that is not a valid escape is kept as it is. */
static char *trailer_value(const char *s, size_t n)
{
	struct rd_buf b = RD_BUF_INIT;

	if (rd_unpercent(&b, s, n) < 0) {
		rd_buf_clear(&b);
		rd_buf_put(&b, s, n);
	}
	if (!b.len)
		rd_buf_puts(&b, "");
	return rd_buf_detach(&b, NULL);
}

/* Applies the trailer lines in msg[from, to); format 1 knew no author. */
static void apply(struct rd_version *v, const char *msg, size_t from, size_t to, int format)
{
	for (const char *p = msg + from, *end = msg + to; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t ln = e ? (size_t)(e - p) : (size_t)(end - p);
		const char *colon = memchr(p, ':', ln);
		for (size_t i = 0; colon && i < NTRAILERS; i++) {
			const struct trailer *t = &trailers[i];
			size_t kl = (size_t)(colon - p), vl = ln - kl - 1;
			const char *val = colon + 1;
			int yes;
			if (strlen(t->key) != kl || strncmp(p, t->key, kl))
				continue;
			if (vl && *val == ' ')
				val++, vl--;
			yes = vl == 4 && !strncmp(val, "true", 4);
			if (t->kind == T_STR || (t->kind == T_AUTHOR && format >= 2)) {
				free(*str_field(v, t));
				*str_field(v, t) = trailer_value(val, vl);
			} else if (t->kind == T_FLAG) {
				*int_field(v, t) = yes;
			} else if (t->kind == T_UNDATED) {
				v->when.has_time = !yes;
			}
			break;
		}
		p += ln + (e ? 1 : 0);
	}
}

/* Whether every line of msg[from, to) looks like a trailer. */
static int all_trailers(const char *msg, size_t from, size_t to)
{
	for (size_t ls = from; ls < to;) {
		const char *e = memchr(msg + ls, '\n', to - ls);
		size_t le = e ? (size_t)(e - msg) : to;
		if (le - ls < strlen(PREFIX) || strncmp(msg + ls, PREFIX, strlen(PREFIX)))
			return 0;
		ls = le + 1;
	}
	return 1;
}

/* Format 2: the last line is "Revdiff-Format: 2 <label length>". */
static int parse_v2(struct rd_version *v, const char *msg, size_t len)
{
	size_t ls, label = 0, from;
	const char *p;

	if (!len || msg[len - 1] != '\n')
		return 0;
	for (ls = len - 1; ls > 0 && msg[ls - 1] != '\n'; ls--)
		;
	p = msg + ls;
	if (strncmp(p, FORMAT_KEY "2 ", strlen(FORMAT_KEY) + 2))
		return 0;
	p += strlen(FORMAT_KEY) + 2;
	if (p == msg + len - 1)
		return 0;
	for (; p < msg + len - 1; p++) {
		if (*p < '0' || *p > '9' || label > len)
			return 0;
		label = label * 10 + (size_t)(*p - '0');
	}
	if (label > len)
		return 0;
	from = label ? label + 2 : 0;
	if (from > ls || (label && (msg[label] != '\n' || msg[label + 1] != '\n')) ||
	    !all_trailers(msg, from, ls))
		return 0;
	apply(v, msg, from, ls, 2);
	v->label = label ? rd_strndup(msg, label) : NULL;
	return 1;
}

/* Format 1: the last paragraph holds trailers when every line is one; the
 * label is the rest, trailing line ends removed. */
static void parse_v1(struct rd_version *v, const char *msg, size_t len)
{
	size_t end = len, ps = 0, start, body;

	while (end && msg[end - 1] == '\n')
		end--;
	for (size_t i = end; i >= 2; i--)
		if (msg[i - 1] == '\n' && msg[i - 2] == '\n') {
			ps = i;
			break;
		}
	start = end > ps && all_trailers(msg, ps, end) ? ps : end;
	apply(v, msg, start, end, 1);
	body = start;
	while (body && (msg[body - 1] == '\n' || msg[body - 1] == '\r'))
		body--;
	v->label = body ? rd_strndup(msg, body) : NULL;
}

int rd_message_parse(struct rd_version *v, const char *msg, size_t len)
{
	free(v->label);
	v->label = NULL;
	if (parse_v2(v, msg, len))
		return 2;
	parse_v1(v, msg, len);
	return 1;
}
