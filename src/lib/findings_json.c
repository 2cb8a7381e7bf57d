/*
 * findings_json.c - the checker's findings as one JSON document (`revdiff
 * check --format=json`): each finding with its file and place, the files
 * skipped and why, then the counts and where the rules came from.
 */
#include "revdiff.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct rd_findings_json {
	json_t *findings, *skipped;
};

struct rd_findings_json *rd_findings_json_new(void)
{
	struct rd_findings_json *j = rd_calloc(1, sizeof(*j));

	j->findings = json_array();
	j->skipped = json_array();
	return j;
}

void rd_findings_json_free(struct rd_findings_json *j)
{
	if (!j)
		return;
	json_decref(j->findings);
	json_decref(j->skipped);
	free(j);
}

/* A JSON string of a path; git paths are bytes, JSON wants UTF-8: bytes
 * that are not are shown as '?' rather than losing the finding. */
static json_t *json_path(const char *path)
{
	json_t *j = json_string(path);
	char *copy;

	if (j)
		return j;
	copy = rd_strdup(path);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

void rd_findings_json_add(struct rd_findings_json *j, const char *path, const struct rd_finding *f)
{
	json_t *o = json_pack("{s:o, s:I, s:I, s:s, s:s, s:s, s:s, s:s}",
			      "path", json_path(path), "line", (json_int_t)f->line,
			      "column", (json_int_t)f->col,
			      "severity", rd_severity_name(f->severity),
			      "rule", f->rule, "message", f->message,
			      "old", f->old_text, "new", f->new_text);

	if (o && f->prefer)
		json_object_set_new(o, "prefer", json_string(f->prefer));
	if (o)
		json_array_append_new(j->findings, o);
}

void rd_findings_json_skip(struct rd_findings_json *j, const char *path, const char *reason)
{
	json_array_append_new(j->skipped, json_pack("{s:o, s:s}", "path", json_path(path),
						    "reason", reason));
}

int rd_findings_json_write(const struct rd_findings_json *j, size_t errors, size_t warnings,
			   const char *rules, rd_write_fn w, void *ctx)
{
	json_t *top = json_pack("{s:O, s:O, s:I, s:I, s:s}",
				"findings", j->findings, "skipped", j->skipped,
				"errors", (json_int_t)errors, "warnings", (json_int_t)warnings,
				"rules", rules);
	char *s = top ? json_dumps(top, JSON_INDENT(2)) : NULL;
	int err = 0;

	if (s && (w(ctx, s, strlen(s)) || w(ctx, "\n", 1)))
		err = rd_error_set(RD_EIO, "cannot write output");
	free(s);
	json_decref(top);
	return err;
}
