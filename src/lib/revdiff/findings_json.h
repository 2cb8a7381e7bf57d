/*
 * revdiff/findings_json.h - the checker's findings as one JSON document
 * (findings_json.c), for `revdiff check --format=json`.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_FINDINGS_JSON_H
#define REVDIFF_FINDINGS_JSON_H

#include <stddef.h>
#include "render.h"
#include "rules.h"

struct rd_findings_json;
struct rd_findings_json *rd_findings_json_new(void);
void rd_findings_json_free(struct rd_findings_json *j);
/* A finding of the file `path` (bytes that are not UTF-8 shown as '?'). */
void rd_findings_json_add(struct rd_findings_json *j, const char *path,
			  const struct rd_finding *f);
/* A file not checked, and why ("binary", "too big"). */
void rd_findings_json_skip(struct rd_findings_json *j, const char *path, const char *reason);
/*
 * Writes {"findings": [...], "skipped": [...], "errors": N, "warnings": N,
 * "rules": RULES}, indented by two, and a newline through w; RD_EIO when
 * w fails.
 */
int rd_findings_json_write(const struct rd_findings_json *j, size_t errors, size_t warnings,
			   const char *rules, rd_write_fn w, void *ctx);

#endif
