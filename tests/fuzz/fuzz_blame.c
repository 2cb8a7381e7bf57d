/* fuzz_blame.c - libFuzzer target: blame over versions cut from the input
 * at 0xff bytes.  After every version the tokens must tile its text, and
 * origins and events must be versions already seen, in order. */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_blame *b = rd_blame_new();
	const char *p = (const char *)data, *end = p + size;
	int v = 0;

	while (p <= end && v < 64) {
		const char *cut = memchr(p, 0xff, (size_t)(end - p));
		size_t len = cut ? (size_t)(cut - p) : (size_t)(end - p), n, pos = 0, tlen;
		const struct rd_blame_token *t;

		if (rd_blame_add(b, ++v, p, len) < 0)
			abort();
		t = rd_blame_tokens(b, &n);
		rd_blame_text(b, &tlen);
		for (size_t i = 0; i < n; i++) {
			if (t[i].off != pos || !t[i].len || t[i].origin < 1 || t[i].origin > v)
				abort();
			for (size_t k = 0; k < t[i].nremoved; k++)
				if (t[i].removed_in[k] <= t[i].origin || t[i].removed_in[k] > v ||
				    (k && t[i].removed_in[k] <= t[i].removed_in[k - 1]))
					abort();
			pos += t[i].len;
		}
		if (pos != tlen || tlen != len)
			abort();
		{
			/* tokens reused from the version before must be the
			 * tokenizer's own */
			struct rd_tokens tk;
			if (rd_tokenize(&tk, p, len) < 0 || (tk.n && tk.n != n))
				abort();
			for (size_t i = 1; i < tk.n; i++)
				if (t[i].off != tk.v[i].off)
					abort();
			rd_tokens_release(&tk);
		}
		if (!cut)
			break;
		p = cut + 1;
	}
	rd_blame_free(b);
	return 0;
}
