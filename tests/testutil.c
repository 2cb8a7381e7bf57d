/* testutil.c - assertions and data access the Check suites share. */
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR_FALLBACK
#define TOP_SRCDIR_FALLBACK "."
#endif

void rd_test_check_rebuild(const struct rd_diff *d)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	size_t pa = 0, pb = 0;

	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *o = &d->ops[i];
		ck_assert_uint_eq(o->a_start, pa);
		ck_assert_uint_eq(o->b_start, pb);
		if (o->kind == RD_OP_EQUAL) {
			ck_assert_uint_eq(o->a_end - o->a_start, o->b_end - o->b_start);
			ck_assert(memcmp(d->a + o->a_start, d->b + o->b_start, o->a_end - o->a_start) == 0);
			ck_assert_uint_eq(o->change, 0);
		} else {
			ck_assert_uint_gt(o->change, 0);
			ck_assert_int_ne(o->cls, RD_CLASS_NONE);
		}
		if (o->kind == RD_OP_DELETE)
			ck_assert_uint_eq(o->b_start, o->b_end);
		if (o->kind == RD_OP_INSERT)
			ck_assert_uint_eq(o->a_start, o->a_end);
		rd_buf_put(&a, d->a + o->a_start, o->a_end - o->a_start);
		rd_buf_put(&b, d->b + o->b_start, o->b_end - o->b_start);
		pa = o->a_end;
		pb = o->b_end;
	}
	ck_assert_uint_eq(a.len, d->alen);
	ck_assert_uint_eq(b.len, d->blen);
	ck_assert(d->alen == 0 || memcmp(a.ptr, d->a, d->alen) == 0);
	ck_assert(d->blen == 0 || memcmp(b.ptr, d->b, d->blen) == 0);
	rd_buf_release(&a);
	rd_buf_release(&b);
}

void rd_test_read(struct rd_buf *b, const char *rel)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", top ? top : TOP_SRCDIR_FALLBACK, rel);
	ck_assert_msg(rd_file_read(b, path) == 0, "%s", rd_error_last());
}

struct rd_store *rd_test_store_new(char *dir, size_t n, const char *prefix)
{
	struct rd_store *st;
	char path[300];

	snprintf(dir, n, "%s/%s-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", prefix);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/store", dir);
	ck_assert_int_eq(rd_store_init(&st, path), 0);
	return st;
}

void rd_test_store_remove(struct rd_store *st, const char *dir)
{
	char cmd[300];

	rd_store_free(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
