/*
 * revdiff/reader.h - compressed files read as plain bytes (reader.c, on libarchive).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_READER_H
#define REVDIFF_READER_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "buf.h"

/*
 * A file's bytes whatever its compression (reader.c, on libarchive):
 * plain, gzip, bzip2, xz, lzma, zstd, or the first file of a 7z archive,
 * told apart by content.  "-" is standard input.
 */
struct rd_reader;
int rd_reader_open(struct rd_reader **out, const char *path);
/* On an open stream (not closed by rd_reader_free); `name` for messages. */
int rd_reader_open_file(struct rd_reader **out, FILE *f, const char *name);
/* Up to `cap` bytes into buf; *n = 0 at the end.  RD_EINVALID for
 * damaged or truncated data, with libarchive's words. */
int rd_reader_read(struct rd_reader *r, char *buf, size_t cap, size_t *n);
uint64_t rd_reader_bytes_in(const struct rd_reader *r); /* of the file, read so far */
uint64_t rd_reader_size(const struct rd_reader *r);     /* the file's size; 0 unknown */
const char *rd_reader_name(const struct rd_reader *r);  /* borrowed */
void rd_reader_free(struct rd_reader *r);
/* A whole file ("-": standard input), decompressed, into `out`: how every
 * importer reads its input. */
int rd_reader_read_all(struct rd_buf *out, const char *path);

#endif
