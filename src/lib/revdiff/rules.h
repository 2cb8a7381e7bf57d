/*
 * revdiff/rules.h - the pre-commit checker (rules.c): rules and their findings.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_RULES_H
#define REVDIFF_RULES_H

#include <stddef.h>
#include "buf.h"

enum rd_severity {
	RD_SEV_OFF = 0,
	RD_SEV_WARNING,
	RD_SEV_ERROR
};
/* "off", "warning", "error". */
const char *rd_severity_name(enum rd_severity s);
/* Parses error/true/yes/on, warning/warn, off/false/no/none; -1 when bad. */
int rd_severity_parse(const char *s);

/* A prefer/avoid rule: `[rule "NAME"] prefer = X / avoid = Y / avoid = Z`. */
struct rd_word_rule {
	char *name;
	char *prefer;       /* NULL when the rule only bans words */
	char **avoid;
	size_t navoid;
	enum rd_severity severity;
	size_t line;        /* where the rule first appears */
};

/* The rules in force, and where they came from. */
struct rd_rules {
	char *source;       /* the file read, or NULL for the built-in set */
	struct rd_word_rule *words;
	size_t nwords;
	enum rd_severity quotes, numbers;
	int quotes_set, numbers_set; /* nonzero when the file set them */
};

/* The built-in set: quotations and numbers protected, as warnings. */
struct rd_rules *rd_rules_default(void);
/* The largest rules file read (bytes): far above any real list of rules,
 * and what a pre-commit check reads of any one file (RD_CHECK_MAX_FILE). */
#define RD_RULES_MAX (8u << 20)
/*
 * Rules from text[0, len) in git-config syntax (cfgfile.c), `source`
 * naming it in errors and in rd_rules_describe.  What the text does not
 * set keeps its built-in value.  RD_EINVALID "SOURCE:LINE: ..." on bad
 * syntax, an unknown key, a bad value, or an [include] (rules never read
 * another file).  Linear in the text.
 */
int rd_rules_parse(struct rd_rules **out, const char *text, size_t len, const char *source);
/* The same from the file `path`: only a regular file of at most
 * RD_RULES_MAX bytes (flags as rd_file_read_regular: RD_READ_NOFOLLOW
 * refuses a symbolic link); RD_ENOTFOUND when missing, with the reason. */
int rd_rules_load(struct rd_rules **out, const char *path, unsigned flags);
void rd_rules_free(struct rd_rules *r);
/* A readable account of the rules and their source, one rule a line. */
void rd_rules_describe(const struct rd_rules *r, struct rd_buf *out);

/* One thing a change introduced. */
struct rd_finding {
	size_t offset;      /* byte offset in the new text */
	size_t line, col;   /* 1-based; col counts characters, not bytes */
	enum rd_severity severity;
	char *rule;         /* rule name: the [rule "NAME"], "quotes", "numbers" */
	char *message;      /* says what is wrong, with the old and new words */
	char *old_text;     /* the words as they were ("" when inserted) */
	char *new_text;     /* the words as written ("" when deleted) */
	char *prefer;       /* the preferred form, or NULL */
};

struct rd_findings {
	struct rd_finding *v;
	size_t n, cap;
};
void rd_findings_release(struct rd_findings *f);
/* Drops the findings of `a` from index `from` on that `b` lacks (same
 * offset and rule): with `b` checked against another parent, what is left
 * is new against both. */
void rd_findings_intersect(struct rd_findings *a, size_t from, const struct rd_findings *b);

/*
 * Checks what going from `old` to `new` introduces under rules `r` and
 * appends the findings to `out`, in text order.  Only inserted or changed
 * words count: an avoided phrase already in `old` at the same place, or
 * moved with its sentence, is not reported; a quotation counts only if some
 * of it was already there; a number only if a replacement changed it.
 * Fails only on texts too big to tokenize.
 */
int rd_check_texts(struct rd_findings *out, const struct rd_rules *r,
		   const char *old, size_t oldlen, const char *new, size_t newlen);

#endif
