/* fuzz_events.c - libFuzzer target: the events-page parser on any bytes,
 * in memory (no store).  It must return 0 or an error code; on success
 * there is at least one version, every text ends in its one added newline,
 * and the entry is "YYYY-MM-DD/slug". */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_version *v;
	char *entry, **texts;
	size_t n;
	int rc = rd_events_parse("fuzz.txt", (const char *)data, size, &entry, &v, &texts, &n);

	if (rc > 0)
		abort();
	if (rc < 0) {
		if (entry || v || texts || n)
			abort();
		return 0;
	}
	if (!n || !entry || strlen(entry) < 12 || entry[4] != '-' || entry[10] != '/')
		abort();
	rd_entry_check(entry); /* the importer's next step: either answer will do */
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(texts[i]);
		if (!len || texts[i][len - 1] != '\n' || !v[i].label || !v[i].source)
			abort();
		rd_version_release(&v[i]);
		free(texts[i]);
	}
	free(v);
	free(texts);
	free(entry);
	return 0;
}
