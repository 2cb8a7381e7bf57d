/*
 * import_events.c - `revdiff import events`: "current events" pages in the
 * format of samples/002_*.txt.  A page names its day in a heading
 *
 *     ### [2017-07-9](/news/2017/07/9/index.md)
 *
 * and lists the versions of its entry, oldest first, under `### Changes:`:
 *
 *     1. [TEXT](LINK) _2017-08-13 03:50:22 (First version)_
 *     2. [TEXT](LINK) _(Current version)_
 *
 * Item numbers are not trusted (real pages repeat them); the order of the
 * lines is the order of the versions.  The headline, `### Source:` and
 * `### Related:` lists are not versions and are skipped.  A version's text
 * is TEXT exactly as written between the brackets, plus a newline (as in
 * samples/versions/).  Timestamps carry no zone and are taken as UTC; an
 * item with no timestamp is undated.  Every page is parsed before anything
 * is written, and everything is written as one batch (store.c), so a bad
 * page leaves the store as it was.
 */
#include "revdiff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct item {
	struct rd_version v;
	char *text;
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* `### [Y-M-D](...)`: the page's day, zero-padded into out[11]. */
static int page_date(const char *line, size_t n, char out[11])
{
	int y, m, d, k = 0;
	char buf[64];

	if (n < 6 || strncmp(line, "### [", 5) != 0)
		return 0;
	if (n - 5 >= sizeof(buf))
		n = sizeof(buf) + 4;
	memcpy(buf, line + 5, n - 5);
	buf[n - 5] = '\0';
	if (sscanf(buf, "%4d-%2d-%2d]%n", &y, &m, &d, &k) != 3 || !k || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return 0;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 1;
}

static int malformed(const char *path, size_t lineno, const char *what)
{
	return rd_error_set(RD_EINVALID, "%s:%zu: %s", path, lineno, what);
}

/* Parses one item line (after "N. "); fills it. */
static int parse_item(const char *path, size_t lineno, const char *s, size_t n, struct item *it,
		      char **slug)
{
	const char *end = s + n, *close, *link, *p;
	char *meta, *label;
	size_t ml;
	int err = 0;

	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end - s < 6 || *s != '[' || end[-1] != '_')
		return malformed(path, lineno, "malformed change item (expected "
				 "'N. [TEXT](LINK) _YYYY-MM-DD HH:MM:SS (LABEL)_')");
	/* the link ends at the last ") _" before the closing '_' */
	for (close = NULL, p = s; p + 4 <= end; p++)
		if (!memcmp(p, ") _", 3))
			close = p;
	if (!close)
		return malformed(path, lineno, "change item without '(LINK) _..._'");
	for (link = NULL, p = s; p + 2 <= close; p++)
		if (!memcmp(p, "](", 2))
			link = p;
	if (!link)
		return malformed(path, lineno, "change item without '[TEXT](LINK)'");
	it->text = rd_malloc((size_t)(link - s));
	memcpy(it->text, s + 1, (size_t)(link - s - 1));
	it->text[link - s - 1] = '\n';
	it->text = rd_realloc(it->text, (size_t)(link - s) + 1);
	it->text[link - s] = '\0';
	if (slug) {
		const char *ls = link + 2, *le = close;
		for (p = ls; p < le; p++)
			if (*p == '/')
				ls = p + 1;
		if (le - ls > 3 && !memcmp(le - 3, ".md", 3))
			le -= 3;
		*slug = rd_strndup(ls, (size_t)(le - ls));
	}
	/* "_TIMESTAMP (LABEL)_" or "_(LABEL)_" */
	meta = rd_strndup(close + 3, (size_t)(end - 1 - (close + 3)));
	ml = strlen(meta);
	label = strrchr(meta, '(');
	if (!label || ml < 2 || meta[ml - 1] != ')') {
		err = malformed(path, lineno, "change item without '(LABEL)' at its end");
		goto out;
	}
	meta[ml - 1] = '\0';
	it->v.label = rd_strdup(label + 1);
	while (label > meta && label[-1] == ' ')
		label--;
	*label = '\0';
	if (*meta) {
		if (rd_time_parse(&it->v.when, meta, 0) < 0) {
			err = rd_error_set(RD_EINVALID, "%s:%zu: bad timestamp '%s'", path, lineno, meta);
			goto out;
		}
	}
	{
		struct rd_buf src = RD_BUF_INIT;
		rd_buf_printf(&src, "events:%s:%zu", base_name(path), lineno);
		it->v.source = rd_buf_detach(&src, NULL);
	}
out:
	free(meta);
	return err;
}

int rd_events_parse(const char *path, const char *data, size_t len, char **entry,
		    struct rd_version **versions, char ***texts, size_t *n)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0, cap = 0, cnt = 0;
	struct item *items = NULL;
	char date[11] = "", *slug = NULL;
	int in_changes = 0, err = 0;

	*entry = NULL;
	*versions = NULL;
	*texts = NULL;
	*n = 0;
	while (p < end && !err) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t ln = e ? (size_t)(e - p) : (size_t)(end - p);
		const char *q = p;
		lineno++;
		p += ln + (e ? 1 : 0);
		if (ln && q[ln - 1] == '\r')
			ln--;
		/* C strings carry the texts: a NUL would cut one short silently */
		if (memchr(q, '\0', ln)) {
			err = malformed(path, lineno, "a NUL byte: not a text page");
			break;
		}
		if (!*date && page_date(q, ln, date))
			continue;
		if (ln >= 4 && !strncmp(q, "### ", 4)) {
			in_changes = ln >= 12 && !strncmp(q, "### Changes:", 12);
			continue;
		}
		if (!in_changes)
			continue;
		/* "N. " then the item */
		size_t k = 0;
		while (k < ln && isdigit((unsigned char)q[k]))
			k++;
		if (k == 0 || k + 1 >= ln || q[k] != '.' || q[k + 1] != ' ') {
			size_t b = 0;
			while (b < ln && isspace((unsigned char)q[b]))
				b++;
			if (b < ln && (isdigit((unsigned char)q[b]) || q[b] == '['))
				err = malformed(path, lineno, "malformed change item (expected "
						"'N. [TEXT](LINK) _YYYY-MM-DD HH:MM:SS (LABEL)_')");
			continue;
		}
		rd_grow((void **)&items, &cap, cnt + 1, sizeof(*items));
		memset(&items[cnt], 0, sizeof(items[0]));
		err = parse_item(path, lineno, q + k + 2, ln - k - 2, &items[cnt], cnt ? NULL : &slug);
		cnt++;
	}
	if (!err && !*date)
		err = rd_error_set(RD_EINVALID, "%s: no page date (a '### [YYYY-M-D](...)' line)", path);
	if (!err && !cnt)
		err = rd_error_set(RD_EINVALID, "%s: no versions (no numbered items under '### Changes:')",
				   path);
	if (!err && (!slug || !*slug))
		err = rd_error_set(RD_EINVALID, "%s: the first change item's link has no name", path);
	if (!err) {
		struct rd_buf name = RD_BUF_INIT;
		rd_buf_printf(&name, "%s/%s", date, slug);
		*entry = rd_buf_detach(&name, NULL);
		*versions = rd_calloc(cnt, sizeof(**versions));
		*texts = rd_calloc(cnt, sizeof(**texts));
		for (size_t i = 0; i < cnt; i++) {
			(*versions)[i] = items[i].v;
			(*texts)[i] = items[i].text;
		}
		*n = cnt;
	} else {
		for (size_t i = 0; i < cnt; i++) {
			rd_version_release(&items[i].v);
			free(items[i].text);
		}
	}
	free(items);
	free(slug);
	return err;
}

struct page {
	char *entry;
	struct rd_version *v;
	char **texts;
	size_t n;
};

int rd_import_events(struct rd_store *s, const char *const *paths, size_t npaths,
		     const char *entry, struct rd_import_stats *stats)
{
	struct page *pages = rd_calloc(npaths ? npaths : 1, sizeof(*pages));
	struct rd_batch *b = NULL;
	struct rd_buf data = RD_BUF_INIT;
	size_t parsed = 0;
	int err = 0;

	memset(stats, 0, sizeof(*stats));
	if (entry && npaths != 1) {
		err = rd_error_set(RD_EINVALID, "--entry names one entry: give one page");
		goto out;
	}
	if (entry && (err = rd_entry_check(entry)) < 0)
		goto out;
	for (size_t i = 0; i < npaths && !err; i++) {
		struct page *pg = &pages[i];
		if ((err = rd_reader_read_all(&data, paths[i])) < 0)
			break;
		err = rd_events_parse(paths[i], data.ptr ? data.ptr : "", data.len, &pg->entry, &pg->v,
				      &pg->texts, &pg->n);
		if (err)
			break;
		parsed++;
		if (entry) {
			free(pg->entry);
			pg->entry = rd_strdup(entry);
		}
		if ((err = rd_entry_check(pg->entry)) < 0)
			break;
		stats->versions_read += pg->n;
	}
	if (err)
		goto out;
	if ((err = rd_store_batch_new(&b, s, RD_BATCH_HISTORY)) < 0)
		goto out;
	for (size_t i = 0; i < npaths && !err; i++)
		for (size_t j = 0; j < pages[i].n && !err; j++)
			if ((err = rd_store_batch_add(b, pages[i].entry, pages[i].texts[j],
						      strlen(pages[i].texts[j]), &pages[i].v[j], NULL)) < 0)
				err = rd_error_set(err, "%s, version %zu: %s", paths[i], j + 1,
						   rd_error_last());
	if (!err)
		err = rd_store_batch_commit(b, &stats->batch);
	stats->pages = npaths;
out:
	rd_store_batch_free(b);
	for (size_t i = 0; i < parsed; i++) {
		for (size_t j = 0; j < pages[i].n; j++) {
			rd_version_release(&pages[i].v[j]);
			free(pages[i].texts[j]);
		}
		free(pages[i].v);
		free(pages[i].texts);
		free(pages[i].entry);
	}
	free(pages);
	rd_buf_release(&data);
	return err;
}
