/* fuzz_token.c - libFuzzer target: the tokenizer on any bytes.  Tokens
 * must lie in order inside the input, never empty, with only whitespace
 * between them. */
#include "revdiff.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_tokens t;
	size_t pos = 0;

	if (rd_tokenize(&t, (const char *)data, size) < 0)
		abort();
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].off < pos || t.v[i].len == 0 || rd_token_end(&t.v[i]) > size)
			abort();
		pos = rd_token_end(&t.v[i]);
	}
	rd_tokens_release(&t);
	return 0;
}
