/* check_pack.c - the delta encoder (every delta applied by a strict
 * decoder written here from git's format, and compared with its target),
 * object ids, and the pack stream read back entry by entry. */
#include "suites.h"
#include "pack.h"

#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static size_t varint(const unsigned char **p, const unsigned char *end)
{
	size_t v = 0;
	int shift = 0;
	unsigned char c;

	do {
		ck_assert(*p < end);
		c = *(*p)++;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

/* Applies delta to src; *ncopies gets how many copy instructions it had. */
static unsigned char *apply(const unsigned char *src, size_t slen, const struct rd_buf *delta,
			    size_t *dlen, size_t *ncopies)
{
	const unsigned char *p = (const unsigned char *)delta->ptr, *end = p + delta->len;
	unsigned char *dst;
	size_t n = 0;

	ck_assert_uint_eq(varint(&p, end), slen);
	*dlen = varint(&p, end);
	dst = malloc(*dlen ? *dlen : 1);
	*ncopies = 0;
	while (p < end) {
		unsigned char op = *p++;
		if (op & 0x80) {
			size_t off = 0, size = 0;
			for (int i = 0; i < 4; i++)
				if (op & (1 << i)) {
					ck_assert(p < end);
					off |= (size_t)*p++ << (8 * i);
				}
			for (int i = 0; i < 3; i++)
				if (op & (0x10 << i)) {
					ck_assert(p < end);
					size |= (size_t)*p++ << (8 * i);
				}
			if (!size)
				size = 0x10000;
			ck_assert_uint_le(off + size, slen);
			ck_assert_uint_le(n + size, *dlen);
			memcpy(dst + n, src + off, size);
			n += size;
			(*ncopies)++;
		} else {
			ck_assert_uint_ne(op, 0); /* reserved */
			ck_assert_uint_le(op, (size_t)(end - p));
			ck_assert_uint_le(n + op, *dlen);
			memcpy(dst + n, p, op);
			p += op;
			n += op;
		}
	}
	ck_assert_uint_eq(n, *dlen);
	return dst;
}

/* Encodes, applies, compares; returns the delta's size. */
static size_t round_trip(const void *src, size_t slen, const void *dst, size_t dlen)
{
	struct rd_buf d = RD_BUF_INIT;
	size_t got, copies, len;
	unsigned char *back;

	rd_buf_put(&d, "x", 1); /* the delta is appended after what is there */
	ck_assert_int_eq(rd_delta_encode(&d, src, slen, dst, dlen, SIZE_MAX), 0);
	ck_assert_int_eq(d.ptr[0], 'x');
	memmove(d.ptr, d.ptr + 1, --d.len);
	back = apply(src, slen, &d, &got, &copies);
	ck_assert_uint_eq(got, dlen);
	ck_assert(dlen == 0 || memcmp(back, dst, dlen) == 0);
	free(back);
	len = d.len;
	rd_buf_release(&d);
	return len;
}

static unsigned char *random_text(size_t n, unsigned *seed)
{
	unsigned char *t = malloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		t[i] = (unsigned char)(rand_r(seed) % 4 ? 'a' + rand_r(seed) % 26 : " \n"[rand_r(seed) % 2]);
	return t;
}

START_TEST(test_delta_edges)
{
	static const char abc[] = "the quick brown fox jumps over the lazy dog";
	unsigned seed = 1;
	unsigned char *a = random_text(1000, &seed), *b = random_text(1000, &seed);

	/* empty on either side or both: just the two sizes and inserts */
	ck_assert_uint_eq(round_trip("", 0, "", 0), 2);
	round_trip("", 0, abc, sizeof(abc));
	ck_assert_uint_eq(round_trip(abc, sizeof(abc), "", 0), 2);
	/* identical: one copy */
	ck_assert_uint_le(round_trip(a, 1000, a, 1000), 8);
	/* nothing in common: inserts, 1 opcode per 127 bytes */
	ck_assert_uint_le(round_trip(a, 1000, b, 1000), 1000 + 1000 / 127 + 1 + 4);
	/* shorter than a block on either side */
	round_trip("abc", 3, "abd", 3);
	round_trip(a, 1000, "ab", 2);
	round_trip("ab", 2, a, 1000);
	/* prefix and suffix overlapping in the shorter text */
	round_trip("aaaa", 4, "aaaaaa", 6);
	round_trip("aaaaaa", 6, "aaaa", 4);
	round_trip("abab", 4, "ababab", 6);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_delta_long_copies)
{
	/* 200 KB the same but for one byte: copies over 64 KB are split, and
	 * one of exactly 0x10000 is written with no size bytes */
	size_t n = 200000;
	unsigned seed = 2;
	unsigned char *a = random_text(n, &seed), *b = malloc(n);

	memcpy(b, a, n);
	b[n / 2] ^= 1;
	ck_assert_uint_le(round_trip(a, n, b, n), 64);
	ck_assert_uint_le(round_trip(a, n, a, n), 32);
	round_trip(a, 0x10000, a, 0x10000);
	round_trip(a, 0x20000, a, 0x20000);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_delta_over_16mb)
{
	/* sizes over 3 bytes' worth and offsets over 3 bytes */
	size_t n = (17u << 20) + 3;
	unsigned seed = 3;
	unsigned char *a = random_text(n, &seed), *b = malloc(n + 5);

	memcpy(b, a, n / 3);
	memcpy(b + n / 3, "EDIT!", 5);
	memcpy(b + n / 3 + 5, a + n / 3, n - n / 3);
	b[n - 100] = '#';
	ck_assert_uint_le(round_trip(a, n, b, n + 5), 4096);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_delta_scattered_edits)
{
	/* a 50 KB text in long lines, 20 edits of a few bytes each: the delta
	 * stays small, edits inside lines included */
	size_t n = 50000, m = 0;
	unsigned seed = 4;
	unsigned char *a = random_text(n, &seed), *b = malloc(n + 20 * 8);
	size_t at = 0;

	for (int i = 0; i < 20; i++) {
		size_t next = (size_t)(i + 1) * (n / 21);
		memcpy(b + m, a + at, next - at);
		m += next - at;
		memcpy(b + m, "new text", 8); /* inserted */
		m += 8;
		at = next + (i % 3); /* and some bytes removed */
	}
	memcpy(b + m, a + at, n - at);
	m += n - at;
	ck_assert_uint_le(round_trip(a, n, b, m), 20 * (8 + 16) + 64);
	/* moved blocks: the halves swapped */
	memcpy(b, a + n / 2, n - n / 2);
	memcpy(b + (n - n / 2), a, n / 2);
	ck_assert_uint_le(round_trip(a, n, b, n), 64);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_delta_random)
{
	/* random texts, mutated at random: inserts, deletes, replacements,
	 * repeated content */
	unsigned seed = 5;

	for (int round = 0; round < 300; round++) {
		size_t n = (size_t)rand_r(&seed) % 5000, m = 0;
		unsigned char *a = random_text(n, &seed), *b = malloc(3 * n + 100);
		size_t i = 0;
		if (round % 7 == 0)
			for (size_t k = 0; k < n; k++)
				a[k] = "ab"[rand_r(&seed) % 2]; /* many repeats */
		/* stops before b could overflow: at most 40 bytes a step */
		while (i < n && m + 40 <= 3 * n + 100) {
			int what = rand_r(&seed) % 50;
			size_t k = (size_t)rand_r(&seed) % 40 + 1;
			if (what == 0) {
				for (size_t j = 0; j < k; j++)
					b[m++] = (unsigned char)rand_r(&seed);
			} else if (what == 1) {
				i += k;
			} else if (what == 2 && i > 0) {
				size_t from = (size_t)rand_r(&seed) % i;
				for (size_t j = 0; j < k && from + j < n; j++)
					b[m++] = a[from + j];
			} else {
				b[m++] = a[i++];
			}
		}
		round_trip(a, n, b, m);
		round_trip(b, m, a, n);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(test_delta_max)
{
	unsigned seed = 6;
	unsigned char *a = random_text(4000, &seed), *b = random_text(4000, &seed);
	struct rd_buf d = RD_BUF_INIT;

	/* too long: -1, and out as it was */
	rd_buf_put(&d, "kept", 4);
	ck_assert_int_eq(rd_delta_encode(&d, a, 4000, b, 4000, 2000), -1);
	ck_assert_uint_eq(d.len, 4);
	ck_assert_str_eq(d.ptr, "kept");
	ck_assert_int_eq(rd_delta_encode(&d, a, 4000, a, 4000, 2000), 0);
	ck_assert_uint_gt(d.len, 4);
	rd_buf_release(&d);
	free(a);
	free(b);
}
END_TEST

static void hex(char out[41], const unsigned char id[20])
{
	for (int i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
}

START_TEST(test_object_ids)
{
	unsigned char id[20];
	char h[41];

	/* as `git hash-object` says */
	rd_object_id(id, RD_PACK_BLOB, "", 0);
	hex(h, id);
	ck_assert_str_eq(h, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	rd_object_id(id, RD_PACK_BLOB, "hello\n", 6);
	hex(h, id);
	ck_assert_str_eq(h, "ce013625030ba8dba906f756967f9e9ca394464a");
	rd_object_id(id, RD_PACK_TREE, "", 0);
	hex(h, id);
	ck_assert_str_eq(h, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}
END_TEST

/* Reads one entry of a pack: type, inflated data, where it started. */
static const unsigned char *read_entry(const unsigned char *p, const unsigned char *end, int *type,
				       uint64_t *base_back, struct rd_buf *data)
{
	size_t size, shift = 4;
	unsigned char c = *p++;
	z_stream z;

	*type = (c >> 4) & 7;
	size = c & 15;
	while (c & 0x80) {
		c = *p++;
		size |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	}
	*base_back = 0;
	if (*type == RD_PACK_OFS_DELTA) {
		c = *p++;
		*base_back = c & 127;
		while (c & 128) {
			c = *p++;
			*base_back = ((*base_back + 1) << 7) | (c & 127);
		}
	}
	rd_buf_clear(data);
	rd_grow((void **)&data->ptr, &data->cap, size + 1, 1);
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit(&z), Z_OK);
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)(end - p);
	z.next_out = (unsigned char *)data->ptr;
	z.avail_out = (uInt)size + 1;
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	ck_assert_uint_eq(z.total_out, size);
	data->len = size;
	p = z.next_in;
	inflateEnd(&z);
	return p;
}

START_TEST(test_pack_stream)
{
	struct rd_pack pk;
	unsigned seed = 7;
	size_t n = 100000;
	unsigned char *a = random_text(n, &seed), *b = malloc(n), sum[20];
	struct rd_buf d = RD_BUF_INIT, got = RD_BUF_INIT;
	uint64_t at[3];
	const unsigned char *p, *end;
	struct sha1_ctx c;
	size_t len;

	memcpy(b, a, n);
	memcpy(b + 500, "changed", 7);
	rd_pack_init(&pk);
	ck_assert_uint_eq(rd_pack_finish(&pk), 0); /* nothing added */
	rd_pack_reset(&pk);
	at[0] = rd_pack_add(&pk, RD_PACK_BLOB, a, n);
	ck_assert_int_eq(rd_delta_encode(&d, a, n, b, n, n / 2), 0);
	at[1] = rd_pack_add_delta(&pk, at[0], d.ptr, d.len);
	at[2] = rd_pack_add(&pk, RD_PACK_TREE, "tiny", 4);
	ck_assert_uint_eq(at[0], 12);
	len = rd_pack_finish(&pk);
	ck_assert_uint_eq(len, pk.data.len);
	p = (const unsigned char *)pk.data.ptr;
	end = p + len - 20;
	ck_assert_mem_eq(p, "PACK\0\0\0\2\0\0\0\3", 12);
	sha1_init(&c);
	sha1_update(&c, len - 20, p);
	sha1_digest(&c, 20, sum);
	ck_assert_mem_eq(end, sum, 20);
	p += 12;
	for (int i = 0; i < 3; i++) {
		int type;
		uint64_t back;
		ck_assert_uint_eq((uint64_t)(p - (const unsigned char *)pk.data.ptr), at[i]);
		p = read_entry(p, end, &type, &back, &got);
		if (i == 1) {
			size_t dlen, copies;
			unsigned char *t;
			ck_assert_int_eq(type, RD_PACK_OFS_DELTA);
			ck_assert_uint_eq(back, at[1] - at[0]);
			t = apply(a, n, &got, &dlen, &copies);
			ck_assert_uint_eq(dlen, n);
			ck_assert_mem_eq(t, b, n);
			free(t);
		} else {
			ck_assert_int_eq(type, i == 0 ? RD_PACK_BLOB : RD_PACK_TREE);
			ck_assert_uint_eq(got.len, i == 0 ? n : 4);
			ck_assert_mem_eq(got.ptr, i == 0 ? (const void *)a : "tiny", got.len);
		}
	}
	ck_assert_ptr_eq(p, end);
	/* reset: a new pack, from its header */
	rd_pack_reset(&pk);
	ck_assert_uint_eq(pk.data.len, 12);
	ck_assert_uint_eq(pk.count, 0);
	rd_pack_release(&pk);
	rd_buf_release(&d);
	rd_buf_release(&got);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_pack_ofs_encoding)
{
	/* distances around the 7-bit steps of the offset encoding */
	static const size_t sizes[] = { 1, 100, 127, 128, 129, 16383, 16384, 16512, 20000 };
	struct rd_pack pk;
	struct rd_buf got = RD_BUF_INIT, d = RD_BUF_INIT;
	unsigned seed = 8;
	unsigned char *pad = malloc(20000);

	for (size_t i = 0; i < 20000; i++)
		pad[i] = (unsigned char)rand_r(&seed);

	rd_delta_encode(&d, "abc", 3, "abcabc", 6, SIZE_MAX);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		uint64_t base, at, back;
		const unsigned char *p;
		int type;
		rd_pack_init(&pk);
		base = rd_pack_add(&pk, RD_PACK_BLOB, "abc", 3);
		/* random bytes do not compress: the distance is about their size */
		rd_pack_add(&pk, RD_PACK_BLOB, pad, sizes[i]);
		at = rd_pack_add_delta(&pk, base, d.ptr, d.len);
		p = (const unsigned char *)pk.data.ptr + at;
		read_entry(p, (const unsigned char *)pk.data.ptr + pk.data.len, &type, &back, &got);
		ck_assert_int_eq(type, RD_PACK_OFS_DELTA);
		ck_assert_uint_eq(back, at - base);
		ck_assert_mem_eq(got.ptr, d.ptr, d.len);
		rd_pack_release(&pk);
	}
	rd_buf_release(&got);
	rd_buf_release(&d);
	free(pad);
}
END_TEST

START_TEST(test_pack_salt)
{
	/* each salt gives the stream another checksum and the same objects,
	 * a delta last (its zlib stream starts after the offset bytes) */
	struct rd_pack pk;
	struct rd_buf d = RD_BUF_INIT, got = RD_BUF_INIT;
	unsigned char sums[3][20];
	uint64_t at[2];

	rd_delta_encode(&d, "abcdefghijklmnopqrstuvwxyz", 26, "abcdefghijklmnopqrstuvwxyz!", 27, SIZE_MAX);
	rd_pack_init(&pk);
	at[0] = rd_pack_add(&pk, RD_PACK_BLOB, "abcdefghijklmnopqrstuvwxyz", 26);
	at[1] = rd_pack_add_delta(&pk, at[0], d.ptr, d.len);
	rd_pack_finish(&pk);
	for (int k = 0; k < 3; k++) {
		const unsigned char *p = (const unsigned char *)pk.data.ptr, *end = p + pk.data.len - 20;
		struct sha1_ctx c;
		unsigned char sum[20];
		uint64_t back;
		int type;
		sha1_init(&c);
		sha1_update(&c, pk.data.len - 20, p);
		sha1_digest(&c, 20, sum);
		ck_assert_mem_eq(end, sum, 20);
		memcpy(sums[k], end, 20);
		for (int j = 0; j < k; j++)
			ck_assert(memcmp(sums[j], sums[k], 20) != 0);
		ck_assert_mem_eq(p, "PACK\0\0\0\2\0\0\0\2", 12);
		p = read_entry(p + at[0], end, &type, &back, &got);
		ck_assert_mem_eq(got.ptr, "abcdefghijklmnopqrstuvwxyz", 26);
		p = read_entry(p, end, &type, &back, &got);
		ck_assert_int_eq(type, RD_PACK_OFS_DELTA);
		ck_assert_uint_eq(back, at[1] - at[0]);
		ck_assert_uint_eq(got.len, d.len);
		ck_assert_mem_eq(got.ptr, d.ptr, d.len);
		ck_assert_ptr_eq(p, end);
		rd_pack_salt(&pk);
	}
	rd_pack_release(&pk);
	rd_buf_release(&got);
	rd_buf_release(&d);
}
END_TEST

Suite *pack_suite(void)
{
	Suite *s = suite_create("pack");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_delta_edges);
	tcase_add_test(tc, test_delta_long_copies);
	tcase_add_test(tc, test_delta_over_16mb);
	tcase_add_test(tc, test_delta_scattered_edits);
	tcase_add_test(tc, test_delta_random);
	tcase_add_test(tc, test_delta_max);
	tcase_add_test(tc, test_object_ids);
	tcase_add_test(tc, test_pack_stream);
	tcase_add_test(tc, test_pack_ofs_encoding);
	tcase_add_test(tc, test_pack_salt);
	suite_add_tcase(s, tc);
	return s;
}
