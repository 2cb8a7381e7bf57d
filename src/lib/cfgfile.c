/*
 * cfgfile.c - files in git-config syntax, read safely: the rules file and
 * revdiff's settings.
 *
 * Why not libgit2's parser: it follows `[include] path=` on its own (a
 * FIFO there hangs, /etc/shadow is opened, the included text shows up in
 * errors), it cannot parse bytes that are not a file (the rules staged in
 * the index), and its entries carry no line number for our own errors.
 * The syntax is git's (Documentation/config.txt): `[section]`,
 * `[section "sub"]` (sub case-sensitive, `\"` and `\\` escaped), legacy
 * `[section.sub]`, `key = value` or a bare `key` (true), `#`/`;`
 * comments, double quotes, the escapes \n \t \b \\ \" and a backslash
 * before the newline to continue a line.  Whitespace runs outside quotes
 * are kept as that many spaces, leading and trailing ones dropped.
 * One pass over the bytes: linear in the file.
 */
#include "revdiff.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct parser {
	const char *s;
	size_t n, i;
	size_t line;   /* of the character last read */
	int after_nl;  /* the last character was a newline */
	const char *source;
	struct rd_buf section, name, value;
};

#define END (-1)

/* The next character, CRLF read as LF; END at the end. */
static int next(struct parser *p)
{
	int c;

	if (p->i >= p->n)
		return END;
	if (p->after_nl)
		p->line++;
	c = (unsigned char)p->s[p->i++];
	if (c == '\r' && p->i < p->n && p->s[p->i] == '\n')
		c = (unsigned char)p->s[p->i++];
	p->after_nl = c == '\n';
	return c;
}

static int fail(struct parser *p, const char *what)
{
	return rd_error_set(RD_EINVALID, "%s:%zu: %s", p->source, p->line, what);
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static char lower(int c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* After '[': the section name, lower-cased, with its subsection. */
static int section_header(struct parser *p)
{
	int c;

	rd_buf_clear(&p->section);
	while ((c = next(p)) != END && (is_alnum(c) || c == '-' || c == '.'))
		rd_buf_putc(&p->section, lower(c));
	if (!p->section.len)
		return fail(p, "bad section header: no name");
	if (c == ']')
		return 0;
	if (!is_blank(c))
		return fail(p, "bad section header: missing ']'");
	while (is_blank(c = next(p)))
		;
	if (c != '"')
		return fail(p, "bad section header: the subsection needs double quotes");
	rd_buf_putc(&p->section, '.');
	for (;;) {
		c = next(p);
		if (c == END || c == '\n')
			return fail(p, "bad section header: unclosed quote");
		if (c == '"')
			break;
		if (c == '\\' && ((c = next(p)) == END || c == '\n'))
			return fail(p, "bad section header: unclosed quote");
		if (c == 0)
			return fail(p, "NUL byte in a section header");
		rd_buf_putc(&p->section, (char)c);
	}
	if (next(p) != ']')
		return fail(p, "bad section header: missing ']'");
	return 0;
}

/* After '=': the value up to the end of its (continued) line. */
static int value(struct parser *p)
{
	int quote = 0, comment = 0, c;
	size_t spaces = 0;

	rd_buf_clear(&p->value);
	rd_buf_puts(&p->value, "");
	for (;;) {
		c = next(p);
		if (c == END || c == '\n') {
			if (quote)
				return fail(p, "unclosed quote in a value");
			return 0;
		}
		if (comment)
			continue;
		if (c == 0)
			return fail(p, "NUL byte in a value");
		if (!quote && is_blank(c)) {
			if (p->value.len)
				spaces++;
			continue;
		}
		if (!quote && (c == '#' || c == ';')) {
			comment = 1;
			continue;
		}
		for (; spaces; spaces--)
			rd_buf_putc(&p->value, ' ');
		if (c == '"') {
			quote = !quote;
			continue;
		}
		if (c == '\\') {
			switch (c = next(p)) {
			case '\n': continue;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case '\\': case '"': break;
			default: return fail(p, "bad escape in a value (\\n, \\t, \\b, \\\\, \\\" are known)");
			}
		}
		rd_buf_putc(&p->value, (char)c);
	}
}

int rd_cfg_parse(const char *text, size_t len, const char *source, rd_cfg_fn fn, void *ctx)
{
	struct parser p = { text, len, 0, 1, 0, source, RD_BUF_INIT, RD_BUF_INIT, RD_BUF_INIT };
	int c, rc = 0;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p.i = 3; /* a UTF-8 byte order mark, as git skips it */
	while (!rc && (c = next(&p)) != END) {
		struct rd_cfg_item it;
		if (c == '\n' || is_blank(c))
			continue;
		if (c == '#' || c == ';') {
			while ((c = next(&p)) != END && c != '\n')
				;
			continue;
		}
		if (c == '[') {
			rc = section_header(&p);
			continue;
		}
		if (!is_alpha(c)) {
			rc = fail(&p, c ? "bad line: a key starts with a letter" : "NUL byte");
			break;
		}
		if (!p.section.len) {
			rc = fail(&p, "a key before any [section]");
			break;
		}
		it.line = p.line;
		rd_buf_clear(&p.name);
		rd_buf_printf(&p.name, "%s.", p.section.ptr);
		do
			rd_buf_putc(&p.name, lower(c));
		while ((c = next(&p)) != END && (is_alnum(c) || c == '-'));
		while (is_blank(c))
			c = next(&p);
		it.name = p.name.ptr;
		it.value = NULL;
		if (c == '=') {
			if ((rc = value(&p)) < 0)
				break;
			it.value = p.value.ptr;
		} else if (c == '#' || c == ';') {
			while ((c = next(&p)) != END && c != '\n')
				;
		} else if (c != '\n' && c != END) {
			rc = fail(&p, "bad line: expected '=' after the key");
			break;
		}
		rc = fn(ctx, &it);
	}
	rd_buf_release(&p.section);
	rd_buf_release(&p.name);
	rd_buf_release(&p.value);
	return rc < 0 ? rc : 0;
}

int rd_file_read_regular(struct rd_buf *out, const char *path, size_t max, unsigned flags,
			 struct stat *st_out)
{
	struct stat st;
	char chunk[65536];
	int fd, err = 0;

	/* O_NONBLOCK: opening a FIFO for reading must not wait for a writer;
	 * it is refused below as not a regular file. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
		  (flags & RD_READ_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (errno == ELOOP && (flags & RD_READ_NOFOLLOW))
			return rd_error_set(RD_EINVALID, "'%s' is a symbolic link; it is read only "
					    "when it is a regular file", path);
		/* "a/b" where a is a file does not exist either */
		return rd_error_set(errno == ENOENT || errno == ENOTDIR ? RD_ENOTFOUND : RD_EIO,
				    "cannot read '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		err = rd_error_set(RD_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = rd_error_set(RD_EINVALID, "'%s' is not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > max) {
		err = rd_error_set(RD_ETOOBIG, "'%s' is larger than %zu bytes", path, max);
		goto out;
	}
	rd_buf_clear(out);
	rd_buf_puts(out, "");
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = rd_error_set(RD_EIO, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if (out->len + (size_t)r > max) { /* grew while we read */
			err = rd_error_set(RD_ETOOBIG, "'%s' is larger than %zu bytes", path, max);
			goto out;
		}
		rd_buf_put(out, chunk, (size_t)r);
	}
	if (st_out)
		*st_out = st;
out:
	close(fd);
	return err;
}
