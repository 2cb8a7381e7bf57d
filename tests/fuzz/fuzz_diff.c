/* fuzz_diff.c - libFuzzer target: the diff engine and every renderer on two
 * texts cut from the input at its first 0xff byte.  The ops must rebuild
 * both texts byte for byte. */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

static int sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, 0xff, size);
	const char *a = (const char *)data, *b;
	size_t alen = cut ? (size_t)(cut - data) : size / 2, blen;
	struct rd_diff *d;
	struct rd_diff_opts o;

	b = a + alen + (cut ? 1 : 0);
	blen = size - (size_t)(b - a);
	rd_diff_opts_init(&o);
	o.max_cost = size & 1 ? 1000 : o.max_cost; /* exercise the bound too */
	if (rd_diff_texts(&d, a, alen, b, blen, &o) < 0)
		abort();
	rd_classify(d);
	size_t pa = 0, pb = 0;
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *op = &d->ops[i];
		if (op->a_start != pa || op->b_start != pb)
			abort();
		if (op->kind == RD_OP_EQUAL &&
		    (op->a_end - op->a_start != op->b_end - op->b_start ||
		     memcmp(a + op->a_start, b + op->b_start, op->a_end - op->a_start)))
			abort();
		pa = op->a_end;
		pb = op->b_end;
	}
	if (pa != alen || pb != blen)
		abort();
	for (int f = RD_FORMAT_PLAIN; f <= RD_FORMAT_JSON; f++) {
		struct rd_render_opts ro;
		rd_render_opts_init(&ro);
		ro.format = (enum rd_format)f;
		ro.context = size % 5 == 0 ? -1 : (long)(size % 4);
		rd_render(d, &ro, sink, NULL);
	}
	rd_diff_free(d);
	return 0;
}
