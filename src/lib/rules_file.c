/*
 * rules_file.c - the rules in force: severities, the built-in set, and
 * reading a `.revdiff-rules` file in git-config syntax (cfgfile.c: no
 * includes, every error naming its line).  The check itself is rules.c's.
 */
#include "revdiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

/* ---- severities ------------------------------------------------------- */

const char *rd_severity_name(enum rd_severity s)
{
	switch (s) {
	case RD_SEV_ERROR: return "error";
	case RD_SEV_WARNING: return "warning";
	default: return "off";
	}
}

int rd_severity_parse(const char *s)
{
	static const char *const err[] = { "error", "true", "yes", "on", "1" };
	static const char *const warn[] = { "warning", "warn" };
	static const char *const off[] = { "off", "false", "no", "none", "0" };

	for (size_t i = 0; i < sizeof(err) / sizeof(*err); i++)
		if (!strcasecmp(s, err[i]))
			return RD_SEV_ERROR;
	for (size_t i = 0; i < sizeof(warn) / sizeof(*warn); i++)
		if (!strcasecmp(s, warn[i]))
			return RD_SEV_WARNING;
	for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++)
		if (!strcasecmp(s, off[i]))
			return RD_SEV_OFF;
	return -1;
}

/* ---- reading rules ------------------------------------------------------ */

struct rd_rules *rd_rules_default(void)
{
	struct rd_rules *r = rd_calloc(1, sizeof(*r));

	r->quotes = RD_SEV_WARNING;
	r->numbers = RD_SEV_WARNING;
	return r;
}

void rd_rules_free(struct rd_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nwords; i++) {
		struct rd_word_rule *w = &r->words[i];
		free(w->name);
		free(w->prefer);
		for (size_t j = 0; j < w->navoid; j++)
			free(w->avoid[j]);
		free(w->avoid);
	}
	free(r->words);
	free(r->source);
	free(r);
}

/* Whether `s` is a phrase (rd_phrase_new: at least one token; one made
 * only of spaces would match nothing). */
static int has_tokens(const char *s)
{
	struct rd_phrase *p;

	if (rd_phrase_new(&p, s, strlen(s), 0) < 0) {
		rd_error_clear(); /* reported as a bad value */
		return 0;
	}
	rd_phrase_free(p);
	return 1;
}

/* Building rules: the named rules found so far, indexed by a hash of the
 * name so that n rules load in O(n), not O(n^2). */
struct load_ctx {
	struct rd_rules *r;
	const char *source;
	size_t cap;           /* of r->words */
	size_t *slot, mask;   /* open addressing: index into r->words or SIZE_MAX */
};

static size_t name_hash(const char *name, size_t len)
{
	return (size_t)XXH3_64bits(name, len);
}

static void index_grow(struct load_ctx *lc)
{
	size_t n = lc->mask ? (lc->mask + 1) * 2 : 64;

	free(lc->slot);
	lc->slot = rd_malloc(n * sizeof(*lc->slot));
	memset(lc->slot, 0xff, n * sizeof(*lc->slot));
	lc->mask = n - 1;
	for (size_t i = 0; i < lc->r->nwords; i++) {
		const char *nm = lc->r->words[i].name;
		size_t h = name_hash(nm, strlen(nm)) & lc->mask;
		while (lc->slot[h] != SIZE_MAX)
			h = (h + 1) & lc->mask;
		lc->slot[h] = i;
	}
}

static struct rd_word_rule *word_rule(struct load_ctx *lc, const char *name, size_t len,
				      size_t line)
{
	struct rd_rules *r = lc->r;
	size_t h;

	/* kept at most half full, so probes stay short */
	if ((r->nwords + 1) * 2 > lc->mask + 1)
		index_grow(lc);
	for (h = name_hash(name, len) & lc->mask; lc->slot[h] != SIZE_MAX; h = (h + 1) & lc->mask) {
		struct rd_word_rule *w = &r->words[lc->slot[h]];
		if (strlen(w->name) == len && !memcmp(w->name, name, len))
			return w;
	}
	lc->slot[h] = r->nwords;
	rd_grow((void **)&r->words, &lc->cap, r->nwords + 1, sizeof(*r->words));
	memset(&r->words[r->nwords], 0, sizeof(*r->words));
	r->words[r->nwords].name = rd_strndup(name, len);
	r->words[r->nwords].severity = RD_SEV_ERROR;
	r->words[r->nwords].line = line;
	return &r->words[r->nwords++];
}

/* One `section.sub.key = value` of the file. */
static int load_entry(void *payload, const struct rd_cfg_item *e)
{
	struct load_ctx *lc = payload;
	struct rd_rules *r = lc->r;
	const char *name = e->name, *value = e->value ? e->value : "true";
	const char *dot1 = strchr(name, '.'), *dot2 = strrchr(name, '.');
	int sev;

	if (!strncmp(name, "include.", 8) || !strncmp(name, "includeif.", 10))
		return rd_error_set(RD_EINVALID, "%s:%zu: rules cannot include other files "
				    "(put the rules in this one file)", lc->source, e->line);
	if (!strcmp(name, "quotes.protect") || !strcmp(name, "numbers.protect")) {
		if ((sev = rd_severity_parse(value)) < 0)
			goto bad_value;
		if (name[0] == 'q') {
			r->quotes = (enum rd_severity)sev;
			r->quotes_set = 1;
		} else {
			r->numbers = (enum rd_severity)sev;
			r->numbers_set = 1;
		}
		return 0;
	}
	if (!strncmp(name, "rule.", 5) && dot2 > dot1) {
		struct rd_word_rule *w = word_rule(lc, dot1 + 1, (size_t)(dot2 - dot1 - 1), e->line);
		const char *key = dot2 + 1;
		if (!strcmp(key, "prefer")) {
			if (!e->value || !has_tokens(value))
				goto bad_value;
			free(w->prefer);
			w->prefer = rd_strdup(value);
		} else if (!strcmp(key, "avoid")) {
			size_t cap = w->navoid;
			if (!e->value || !has_tokens(value))
				goto bad_value;
			/* a rule's avoids are few: growing by one is fine */
			rd_grow((void **)&w->avoid, &cap, w->navoid + 1, sizeof(*w->avoid));
			w->avoid[w->navoid++] = rd_strdup(value);
		} else if (!strcmp(key, "severity")) {
			if ((sev = rd_severity_parse(value)) < 0)
				goto bad_value;
			w->severity = (enum rd_severity)sev;
		} else {
			goto unknown;
		}
		return 0;
	}
unknown:
	/* A key of the rules' own sections is named (a typo to fix); any
	 * other is not: a file that is not rules at all (a credentials
	 * file given as --rules) must not have its content printed. */
	if (!strncmp(name, "rule.", 5) || !strncmp(name, "quotes.", 7) ||
	    !strncmp(name, "numbers.", 8))
		return rd_error_set(RD_EINVALID, "%s:%zu: unknown setting '%s' (known: "
				    "rule.NAME.prefer, rule.NAME.avoid, rule.NAME.severity, "
				    "quotes.protect, numbers.protect)", lc->source, e->line, name);
	return rd_error_set(RD_EINVALID, "%s:%zu: not a rules setting (rules are in "
			    "[rule \"NAME\"], [quotes] and [numbers])", lc->source, e->line);
bad_value:
	return rd_error_set(RD_EINVALID, "%s:%zu: bad value '%s' for '%s'", lc->source, e->line,
			    e->value ? e->value : "(none)", name);
}

int rd_rules_parse(struct rd_rules **out, const char *text, size_t len, const char *source)
{
	struct load_ctx lc = { rd_rules_default(), source, 0, NULL, 0 };
	int rc;

	*out = NULL;
	lc.r->source = rd_strdup(source);
	if ((rc = rd_cfg_parse(text, len, source, load_entry, &lc)) < 0)
		goto out;
	for (size_t i = 0; i < lc.r->nwords; i++)
		if (!lc.r->words[i].navoid) {
			rc = rd_error_set(RD_EINVALID, "%s:%zu: rule '%s' has no 'avoid'",
					  source, lc.r->words[i].line, lc.r->words[i].name);
			goto out;
		}
	*out = lc.r;
	lc.r = NULL;
out:
	free(lc.slot);
	rd_rules_free(lc.r);
	return rc;
}

int rd_rules_load(struct rd_rules **out, const char *path, unsigned flags)
{
	struct rd_buf b = RD_BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = rd_file_read_regular(&b, path, RD_RULES_MAX, flags, NULL)) < 0)
		rc = rd_error_set(rc, "rules: %s", rd_error_last());
	else
		rc = rd_rules_parse(out, b.ptr, b.len, path);
	rd_buf_release(&b);
	return rc;
}

void rd_rules_describe(const struct rd_rules *r, struct rd_buf *out)
{
	const char *from = r->source ? r->source : "built-in defaults";

	rd_buf_printf(out, "rules from %s:\n", from);
	for (size_t i = 0; i < r->nwords; i++) {
		const struct rd_word_rule *w = &r->words[i];
		rd_buf_printf(out, "  %-8s %s: ", rd_severity_name(w->severity), w->name);
		if (w->prefer)
			rd_buf_printf(out, "write \"%s\", not ", w->prefer);
		else
			rd_buf_puts(out, "avoid ");
		for (size_t j = 0; j < w->navoid; j++)
			rd_buf_printf(out, "%s\"%s\"", j ? ", " : "", w->avoid[j]);
		rd_buf_putc(out, '\n');
	}
	rd_buf_printf(out, "  %-8s quotes: words inside quotation marks must not change (%s)\n",
		      rd_severity_name(r->quotes), r->quotes_set ? from : "built-in default");
	rd_buf_printf(out, "  %-8s numbers: numbers and dates must not change (%s)\n",
		      rd_severity_name(r->numbers), r->numbers_set ? from : "built-in default");
}
