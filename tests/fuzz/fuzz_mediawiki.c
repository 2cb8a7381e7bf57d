/* fuzz_mediawiki.c - libFuzzer target: the MediaWiki export reader on any
 * bytes (plain, or gzip/bzip2 when the magic bytes say so).  It must
 * return 0 or an error code, never crash, and every revision it delivers
 * must have a timestamp and either a text or a deleted/missing flag.
 * Entities are refused, so the texts of plain XML can never add up to
 * more bytes than the input: more would mean one was expanded. */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

static int on_revision(void *ctx, const struct rd_mw_page *p, const struct rd_mw_revision *r)
{
	size_t *text_bytes = ctx;

	if (r->text)
		*text_bytes += r->text_len;
	if (!p->title || !r->timestamp || strlen(r->timestamp) != 20)
		abort();
	if (!r->text && !r->text_deleted && !r->text_missing)
		abort();
	if (r->text && r->text_len && r->text[r->text_len] != '\0')
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rd_mw_callbacks cb = { NULL, on_revision, NULL, NULL, NULL };
	FILE *f;
	size_t text_bytes = 0;
	int rc;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	rc = rd_mediawiki_parse_file(f, "fuzz", &cb, &text_bytes, NULL);
	if (rc > 0)
		abort();
	if (text_bytes > size && data[0] == '<')
		abort(); /* plain XML, yet the text grew */
	fclose(f);
	return 0;
}
