/* buf.c - a growable byte buffer, always NUL-terminated. */
#include "revdiff.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void reserve(struct rd_buf *b, size_t extra)
{
	rd_grow((void **)&b->ptr, &b->cap, b->len + extra + 1, 1);
}

void rd_buf_put(struct rd_buf *b, const void *data, size_t len)
{
	reserve(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void rd_buf_puts(struct rd_buf *b, const char *s)
{
	rd_buf_put(b, s, strlen(s));
}

void rd_buf_putc(struct rd_buf *b, char c)
{
	rd_buf_put(b, &c, 1);
}

void rd_buf_vprintf(struct rd_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void rd_buf_printf(struct rd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rd_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void rd_buf_clear(struct rd_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *rd_buf_detach(struct rd_buf *b, size_t *len)
{
	char *p;

	reserve(b, 0);
	p = b->ptr;
	b->ptr[b->len] = '\0';
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void rd_buf_release(struct rd_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

int rd_file_read(struct rd_buf *out, const char *path)
{
	FILE *f;
	int is_stdin = strcmp(path, "-") == 0;
	char chunk[65536];
	size_t n;
	int err = 0;

	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return rd_error_set(errno == ENOENT ? RD_ENOTFOUND : RD_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	rd_buf_clear(out);
	reserve(out, 0);
	/* A regular file is read straight into the buffer at its size: no
	 * copy through a chunk, and a buffer used again (a tree's files)
	 * needs no new memory.  What is past that size is read below. */
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= RD_TEXT_MAX) {
		reserve(out, (size_t)st.st_size);
		while (out->len < (size_t)st.st_size) {
			ssize_t r = read(fileno(f), out->ptr + out->len, (size_t)st.st_size - out->len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			out->len += (size_t)r;
		}
		out->ptr[out->len] = '\0';
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > RD_TEXT_MAX) {
			err = rd_error_set(RD_ETOOBIG, "'%s' is larger than 4 GiB", path);
			break;
		}
		rd_buf_put(out, chunk, n);
	}
	if (!err && ferror(f))
		err = rd_error_set(RD_EIO, "cannot read '%s': %s", path, strerror(errno));
	if (!is_stdin)
		fclose(f);
	return err;
}

int rd_file_load(struct rd_file *f, const char *path)
{
	struct stat st;
	int fd, err;

	memset(f, 0, sizeof(*f));
	f->data = "";
	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return rd_error_set(errno == ENOENT ? RD_ENOTFOUND : RD_EIO,
					    "cannot open '%s': %s", path, strerror(errno));
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			return rd_error_set(RD_EINVALID, "'%s' is a directory", path);
		}
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((uint64_t)st.st_size > RD_TEXT_MAX) {
				close(fd);
				return rd_error_set(RD_ETOOBIG, "'%s' is larger than 4 GiB", path);
			}
			/* mapped from the page cache: no copy, and no fresh
			 * memory for the kernel to clear (reading into memory
			 * of our own cost more than the diff on a loaded VM) */
			size_t cap = (size_t)st.st_size, got = cap;
			char *p = mmap(NULL, cap, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
			if (p == MAP_FAILED) {
				err = rd_error_set(RD_EIO, "cannot read '%s': %s", path, strerror(errno));
				close(fd);
				return err;
			}
			close(fd);
			f->map = p;
			f->maplen = cap;
			f->data = p;
			f->len = got;
			return 0;
		} else {
			close(fd);
		}
	}
	if ((err = rd_file_read(&f->buf, path)) < 0)
		return err;
	f->data = f->buf.ptr ? f->buf.ptr : "";
	f->len = f->buf.len;
	return 0;
}

void rd_file_release(struct rd_file *f)
{
	if (!f)
		return;
	if (f->map)
		munmap(f->map, f->maplen);
	f->map = NULL;
	rd_buf_release(&f->buf);
	f->data = "";
	f->len = 0;
}

/*
 * Sixteen (SSE2) or eight bytes at a time: a line of prose is a few dozen
 * bytes, short enough that a memchr() call per line costs more than the
 * scan itself.
 */
size_t rd_line_starts(uint32_t **out, const char *text, size_t len)
{
	size_t cap = len / 32 + 16, n = 0, i = 0;
	uint32_t *v = rd_malloc(cap * sizeof(*v));

	v[n++] = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');
	for (; i + 16 <= len; i += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, nl));
		if (!m)
			continue;
		if (n + 17 > cap)
			rd_grow((void **)&v, &cap, n + 17, sizeof(*v));
		do {
			v[n++] = (uint32_t)(i + (size_t)__builtin_ctz(m) + 1);
			m &= m - 1;
		} while (m);
	}
#else
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
	for (; i + 8 <= len; i += 8) {
		uint64_t w, x, m;
		memcpy(&w, text + i, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		x = w ^ (ones * '\n');
		/* the high bit of each byte of m is set where x's byte is zero */
		m = ~(((x & low7) + low7) | x | low7);
		if (!m)
			continue;
		if (n + 9 > cap)
			rd_grow((void **)&v, &cap, n + 9, sizeof(*v));
		do {
			v[n++] = (uint32_t)(i + (size_t)__builtin_ctzll(m) / 8 + 1);
			m &= m - 1;
		} while (m);
	}
#endif
	for (; i < len; i++) {
		if (text[i] != '\n')
			continue;
		rd_grow((void **)&v, &cap, n + 2, sizeof(*v));
		v[n++] = (uint32_t)(i + 1);
	}
	rd_grow((void **)&v, &cap, n + 1, sizeof(*v));
	*out = v;
	return n;
}

size_t rd_skip_lines(const char *s, size_t n, size_t max, size_t *skipped)
{
	size_t k = 0, i = 0, after = 0;

#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');
	for (; i + 16 <= n && k < max; i += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, nl));
		for (; m && k < max; m &= m - 1, k++)
			after = i + (size_t)__builtin_ctz(m) + 1;
	}
#endif
	for (; i < n && k < max; i++)
		if (s[i] == '\n')
			after = i + 1, k++;
	*skipped = k;
	return after;
}
