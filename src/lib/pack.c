/*
 * pack.c - git pack streams, git deltas and object ids, for the store's
 * batches (the formats are described in pack.h).
 *
 * The delta encoder indexes the source's 16-byte blocks at every 16th
 * offset and looks every target offset up, as git's diff-delta does (but
 * with one candidate per hash slot, no chains): a match is grown forward
 * and backward byte by byte, so an edit costs its own bytes plus at most
 * a block on each side, whether it is in a long line or across lines.
 */
#include "pack.h"

#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- object ids ------------------------------------------------------ */

void rd_object_id(unsigned char out[20], int type, const void *data, size_t len)
{
	static const char *const names[] = { "", "commit", "tree", "blob" };
	struct sha1_ctx c;
	char head[32];
	int n = snprintf(head, sizeof(head), "%s %zu", names[type], len);

	sha1_init(&c);
	sha1_update(&c, (size_t)n + 1, (const uint8_t *)head); /* with its NUL */
	sha1_update(&c, len, data);
	sha1_digest(&c, 20, out);
}

/* ---- the pack stream ------------------------------------------------ */

/* zlib's memory through mem.c: deflate cannot fail for want of it */
static voidpf z_alloc(voidpf opaque, uInt n, uInt size)
{
	(void)opaque;
	return rd_calloc(n, size);
}

static void z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* Objects up to this size (trees, commits, most deltas) go through a
 * deflate stream with a window just as large: resetting the default one
 * clears 64 KB of hash table, more work than compressing them. */
#define SMALL_OBJECT 4096

static z_stream *new_stream(int window_bits, int mem_level)
{
	z_stream *z = rd_calloc(1, sizeof(*z));

	z->zalloc = z_alloc;
	z->zfree = z_free;
	/* level 2: zlib's fast strategy, as fast as level 1 and a little
	 * smaller; the default level (fast-import's) took 4 times as long
	 * on wiki text, a third of an import's time, for 14% less */
	deflateInit2(z, 2, Z_DEFLATED, window_bits, mem_level,
		     Z_DEFAULT_STRATEGY);
	return z;
}

void rd_pack_init(struct rd_pack *p)
{
	memset(p, 0, sizeof(*p));
	p->z = new_stream(15, 8); /* zlib's defaults */
	p->small = new_stream(12, 3); /* 4 KB window, 2 KB hash table */
	rd_pack_reset(p);
}

void rd_pack_reset(struct rd_pack *p)
{
	static const unsigned char head[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0 };

	rd_buf_clear(&p->data);
	rd_buf_put(&p->data, head, sizeof(head));
	p->count = 0;
}

void rd_pack_release(struct rd_pack *p)
{
	if (p->z) {
		deflateEnd(p->z);
		free(p->z);
	}
	if (p->small) {
		deflateEnd(p->small);
		free(p->small);
	}
	rd_buf_release(&p->data);
	memset(p, 0, sizeof(*p));
}

static void put_deflated(struct rd_pack *p, const void *data, size_t len)
{
	z_stream *z = len <= SMALL_OBJECT ? p->small : p->z;
	struct rd_buf *b = &p->data;

	deflateReset(z);
	p->last_z = b->len;
	z->next_in = (unsigned char *)data;
	z->avail_in = 0;
	/* avail_in is 32 bits: a longer object goes in in parts */
	for (int flush = Z_NO_FLUSH; flush != Z_FINISH;) {
		size_t part = len > (1u << 30) ? (1u << 30) : len;
		int rc;
		z->avail_in = (uInt)part;
		len -= part;
		flush = len ? Z_NO_FLUSH : Z_FINISH;
		do {
			size_t room = deflateBound(z, z->avail_in) + 64;
			rd_grow((void **)&b->ptr, &b->cap, b->len + room + 1, 1);
			z->next_out = (unsigned char *)b->ptr + b->len;
			z->avail_out = (uInt)room;
			rc = deflate(z, flush);
			b->len += room - z->avail_out;
		} while (flush == Z_FINISH ? rc != Z_STREAM_END : z->avail_in > 0);
	}
	b->ptr[b->len] = '\0';
}

static uint64_t put_header(struct rd_pack *p, int type, size_t size)
{
	unsigned char h[16];
	size_t n = 0;
	uint64_t at = p->data.len;

	h[n] = (unsigned char)(type << 4 | (size & 15));
	size >>= 4;
	while (size) {
		h[n++] |= 0x80;
		h[n] = size & 0x7f;
		size >>= 7;
	}
	rd_buf_put(&p->data, h, n + 1);
	p->count++;
	return at;
}

uint64_t rd_pack_add(struct rd_pack *p, int type, const void *data, size_t len)
{
	uint64_t at = put_header(p, type, len);

	put_deflated(p, data, len);
	return at;
}

uint64_t rd_pack_add_delta(struct rd_pack *p, uint64_t base, const void *delta, size_t len)
{
	uint64_t at = put_header(p, RD_PACK_OFS_DELTA, len);
	uint64_t back = at - base;
	unsigned char o[16];
	size_t pos = sizeof(o) - 1;

	o[pos] = back & 127;
	while (back >>= 7)
		o[--pos] = 128 | (--back & 127);
	rd_buf_put(&p->data, o + pos, sizeof(o) - pos);
	put_deflated(p, delta, len);
	return at;
}

size_t rd_pack_finish(struct rd_pack *p)
{
	unsigned char *h = (unsigned char *)p->data.ptr, sum[20];
	struct sha1_ctx c;

	if (!p->count)
		return 0;
	h[8] = (unsigned char)(p->count >> 24);
	h[9] = (unsigned char)(p->count >> 16);
	h[10] = (unsigned char)(p->count >> 8);
	h[11] = (unsigned char)p->count;
	sha1_init(&c);
	sha1_update(&c, p->data.len, (const uint8_t *)p->data.ptr);
	sha1_digest(&c, sizeof(sum), sum);
	rd_buf_put(&p->data, sum, sizeof(sum));
	return p->data.len;
}

void rd_pack_salt(struct rd_pack *p)
{
	static const unsigned char empty[5] = { 0, 0, 0, 0xff, 0xff };
	struct rd_buf *b = &p->data;
	size_t at = (size_t)p->last_z + 2; /* past the zlib header */

	if (!p->count || b->len < at + 20)
		return;
	b->len -= 20; /* the trailer, made again below */
	rd_grow((void **)&b->ptr, &b->cap, b->len + sizeof(empty) + 1, 1);
	memmove(b->ptr + at + sizeof(empty), b->ptr + at, b->len - at);
	memcpy(b->ptr + at, empty, sizeof(empty));
	b->len += sizeof(empty);
	rd_pack_finish(p);
}

/* ---- the delta encoder ---------------------------------------------- */

/* The shortest match looked for: a copy costs up to 8 bytes, and shorter
 * blocks would make the index larger and its hits more often false. */
#define BLOCK 16
/* A copy's size has 3 bytes, but git's own encoder and some readers stop
 * at 64 KB (size 0 means 0x10000): longer copies are split. */
#define COPY_MAX 0x10000u
#define INSERT_MAX 127u

static uint64_t load64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t block_hash(const unsigned char *p, unsigned bits)
{
	uint64_t h = load64(p) * 0x9e3779b97f4a7c15u ^ load64(p + 8) * 0xc2b2ae3d27d4eb4fu;
	h ^= h >> 31;
	return (size_t)((h * 0xff51afd7ed558ccdu) >> (64 - bits));
}

/* bytes equal from the start of a and b, at most n */
static size_t same_ahead(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n && load64(a + i) == load64(b + i))
		i += 8;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static void put_varint(struct rd_buf *out, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = v & 0x7f;
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	rd_buf_put(out, b, n);
}

static void put_insert(struct rd_buf *out, const unsigned char *p, size_t n)
{
	while (n) {
		unsigned char k = (unsigned char)(n > INSERT_MAX ? INSERT_MAX : n);
		rd_buf_putc(out, (char)k);
		rd_buf_put(out, p, k);
		p += k;
		n -= k;
	}
}

static void put_copy(struct rd_buf *out, uint64_t off, size_t n)
{
	while (n) {
		size_t k = n > COPY_MAX ? COPY_MAX : n;
		unsigned char b[8];
		size_t len = 1;
		b[0] = 0x80;
		for (int i = 0; i < 4; i++)
			if ((off >> (8 * i)) & 0xff) {
				b[0] |= (unsigned char)(1 << i);
				b[len++] = (unsigned char)(off >> (8 * i));
			}
		if (k != COPY_MAX)
			for (int i = 0; i < 3; i++)
				if ((k >> (8 * i)) & 0xff) {
					b[0] |= (unsigned char)(0x10 << i);
					b[len++] = (unsigned char)(k >> (8 * i));
				}
		rd_buf_put(out, b, len);
		off += k;
		n -= k;
	}
}

int rd_delta_encode(struct rd_buf *out, const void *src_, size_t slen, const void *dst_,
		    size_t dlen, size_t max)
{
	const unsigned char *src = src_, *dst = dst_;
	size_t start = out->len, pre, suf, end, lit, t;
	uint32_t *slot = NULL;
	unsigned bits = 4;

	/* offsets are 4 bytes in a copy, and s + 1 in a slot */
	if (slen >= UINT32_MAX)
		return -1;
	put_varint(out, slen);
	put_varint(out, dlen);
	pre = same_ahead(src, dst, slen < dlen ? slen : dlen);
	suf = 0;
	while (suf < slen - pre && suf < dlen - pre && src[slen - 1 - suf] == dst[dlen - 1 - suf])
		suf++;
	put_copy(out, 0, pre);
	end = dlen - suf;
	lit = t = pre;
	if (end - pre >= BLOCK && slen >= BLOCK) {
		/* 2 to 4 slots a block: few blocks lost to collisions */
		while (((size_t)1 << bits) < slen / BLOCK * 2)
			bits++;
		slot = rd_calloc((size_t)1 << bits, sizeof(*slot));
		/* backwards: where a block repeats, the first one wins */
		for (size_t s = (slen / BLOCK) * BLOCK; s >= BLOCK;) {
			s -= BLOCK;
			slot[block_hash(src + s, bits)] = (uint32_t)s + 1;
		}
	}
	while (slot && t + BLOCK <= end) {
		size_t s = slot[block_hash(dst + t, bits)], n;
		if (!s-- || load64(src + s) != load64(dst + t) ||
		    load64(src + s + 8) != load64(dst + t + 8)) {
			t++;
			continue;
		}
		while (t > lit && s > 0 && src[s - 1] == dst[t - 1]) {
			s--;
			t--;
		}
		n = same_ahead(src + s, dst + t, slen - s < end - t ? slen - s : end - t);
		put_insert(out, dst + lit, t - lit);
		put_copy(out, s, n);
		t += n;
		lit = t;
		if (out->len - start > max)
			break;
	}
	free(slot);
	put_insert(out, dst + lit, end - lit);
	put_copy(out, slen - suf, suf);
	if (out->len - start > max) {
		out->len = start;
		if (out->ptr)
			out->ptr[start] = '\0';
		return -1;
	}
	return 0;
}
