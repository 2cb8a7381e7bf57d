/*
 * reader.c - the bytes of a file whatever its compression, through
 * libarchive: .xml as it is, .gz, .bz2, .xz, .lzma, .zst (libarchive's
 * "raw" format under all its filters) and .7z (its 7-Zip format; the
 * first file inside), told apart by content, never by name.  Wikimedia
 * ships full histories as .7z and .bz2; a small wiki's export is plain.
 *
 * Only the raw and 7-Zip formats are enabled: with all formats on, a
 * plain XML file could be taken for an mtree or other text archive.
 */
#include "revdiff.h"
#include "archive_int.h"
#include "lazy.h"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

RD_LAZY_TABLE(rd_archive_load, struct rd_archive_table, rd_archive, RD_ARCHIVE_SYMS,
	      RD_ARCHIVE_SONAME, RD_ARCHIVE_PACKAGE)

/* libarchive's read size from a named file. */
#define BLOCK (64 * 1024)

struct rd_reader {
	struct archive *a;
	char *name;
	FILE *f;
	int own_f;
	uint64_t size;
	int at_end;
};

static int reader_fail(struct rd_reader *r, const char *what)
{
	const char *msg = archive_error_string(r->a);

	return rd_error_set(RD_EINVALID, "%s: %s: %s", r->name, what,
			    msg ? msg : "unreadable data");
}

/* Opens r->a on r->f: by its path when it has one (7-Zip seeks to the
 * archive's end for its header), else as a stream. */
static int reader_start(struct rd_reader *r, const char *path)
{
	struct archive_entry *ent;
	struct stat st;
	int e, fd = fileno(r->f);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	/* libarchive finds no format in nothing: an empty input is empty */
	if ((e = getc(r->f)) == EOF) {
		r->at_end = 1;
		return 0;
	}
	ungetc(e, r->f);
	if (rd_archive_load() < 0)
		return RD_ERROR;
	if (!(r->a = archive_read_new()))
		return rd_error_set(RD_EIO, "%s: cannot start libarchive", r->name);
	archive_read_support_filter_all(r->a);
	archive_read_support_format_7zip(r->a);
	archive_read_support_format_raw(r->a);
	e = path ? archive_read_open_filename(r->a, path, BLOCK) : archive_read_open_FILE(r->a, r->f);
	if (e != ARCHIVE_OK)
		return reader_fail(r, "cannot read");
	e = archive_read_next_header(r->a, &ent);
	if (e == ARCHIVE_EOF)
		r->at_end = 1;
	else if (e < ARCHIVE_WARN)
		return reader_fail(r, "cannot read");
	return 0;
}

static int reader_new(struct rd_reader **out, FILE *f, const char *name, const char *path)
{
	struct rd_reader *r = rd_calloc(1, sizeof(*r));
	int err;

	*out = NULL;
	r->f = f;
	r->name = rd_strdup(name);
	if ((err = reader_start(r, path)) < 0) {
		rd_reader_free(r);
		return err;
	}
	*out = r;
	return 0;
}

int rd_reader_open_file(struct rd_reader **out, FILE *f, const char *name)
{
	return reader_new(out, f, name, NULL);
}

int rd_reader_open(struct rd_reader **out, const char *path)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rbe");
	int err;

	*out = NULL;
	if (!f)
		return rd_error_set(errno == ENOENT ? RD_ENOTFOUND : RD_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	if ((err = reader_new(out, f, is_stdin ? "(stdin)" : path, is_stdin ? NULL : path)) < 0) {
		if (!is_stdin)
			fclose(f);
		return err;
	}
	(*out)->own_f = !is_stdin;
	return 0;
}

int rd_reader_read(struct rd_reader *r, char *buf, size_t cap, size_t *n)
{
	la_ssize_t k;

	*n = 0;
	if (r->at_end)
		return 0;
	k = archive_read_data(r->a, buf, cap);
	if (k < 0) {
		const char *msg = archive_error_string(r->a);
		/* libarchive says "truncated" for cut streams; keep its words */
		return rd_error_set(RD_EINVALID, "%s: %s", r->name,
				    msg ? msg : "bad compressed data");
	}
	if (k == 0)
		r->at_end = 1;
	*n = (size_t)k;
	return 0;
}

uint64_t rd_reader_bytes_in(const struct rd_reader *r)
{
	la_int64_t n = r->a ? archive_filter_bytes(r->a, -1) : 0;

	return n > 0 ? (uint64_t)n : 0;
}

uint64_t rd_reader_size(const struct rd_reader *r)
{
	return r->size;
}

const char *rd_reader_name(const struct rd_reader *r)
{
	return r->name;
}

void rd_reader_free(struct rd_reader *r)
{
	if (!r)
		return;
	if (r->a)
		archive_read_free(r->a);
	if (r->own_f)
		fclose(r->f);
	free(r->name);
	free(r);
}

int rd_reader_read_all(struct rd_buf *out, const char *path)
{
	struct rd_reader *r;
	size_t n;
	int err;

	rd_buf_clear(out);
	if ((err = rd_reader_open(&r, path)) < 0)
		return err;
	do {
		rd_grow((void **)&out->ptr, &out->cap, out->len + BLOCK + 1, 1);
		if ((err = rd_reader_read(r, out->ptr + out->len, BLOCK, &n)) < 0)
			break;
		out->len += n;
		out->ptr[out->len] = '\0';
	} while (n);
	rd_reader_free(r);
	return err;
}
