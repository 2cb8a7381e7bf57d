/* fuzz_rules.c - libFuzzer target: the `.revdiff-rules` parser, then the
 * check, on input cut at 0xff bytes into rules, old text and new text.
 * Parsing must return 0 or an error code; the check
 * (with the loaded rules, else the built-in ones) must report findings in
 * text order, inside the new text, at 1-based lines and columns. */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

static const char *next_part(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *cut = s < end ? memchr(s, 0xff, (size_t)(end - s)) : NULL;

	*len = cut ? (size_t)(cut - s) : (size_t)(end - s);
	*p = cut ? cut + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *rules, *old, *new;
	size_t rlen, olen, nlen;
	struct rd_rules *r;
	struct rd_findings fs = { 0 };
	int rc;

	rules = next_part(&p, end, &rlen);
	old = next_part(&p, end, &olen);
	new = next_part(&p, end, &nlen);
	rc = rd_rules_parse(&r, rules, rlen, ".revdiff-rules");
	if (rc > 0 || (rc < 0) != !r)
		abort();
	if (!r)
		r = rd_rules_default();
	if (rd_check_texts(&fs, r, old, olen, new, nlen) < 0)
		abort();
	for (size_t i = 0; i < fs.n; i++)
		if (fs.v[i].offset > nlen || !fs.v[i].line || !fs.v[i].col || !fs.v[i].rule ||
		    !fs.v[i].message || (i && fs.v[i].offset < fs.v[i - 1].offset))
			abort();
	rd_findings_release(&fs);
	rd_rules_free(r);
	return 0;
}
