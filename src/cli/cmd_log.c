/* cmd_log.c - `revdiff log ENTRY`: the versions, newest first, with what
 * a wiki audit asks of each (sizes, words, reverts, a phrase's history). */
#include "cli.h"

#include <jansson.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: revdiff log [options] ENTRY[@REV]\n"
	"       revdiff log --all [-S PHRASE] [--author=REGEX] [--since/--until] [--reverts]\n"
	"\n"
	"Lists the versions of ENTRY (up to REV when given: ENTRY@3, ENTRY@~1,\n"
	"ENTRY@{2017-08-20}...), newest first, one a line: the version\n"
	"number, its time, the words it inserted and deleted against the\n"
	"version before (the first version inserts all its words), the author,\n"
	"and the label or comment.  Flags in brackets: [minor], [text deleted]\n"
	"(the diffs step over such a version), [comment deleted], [revert to N]\n"
	"(its text is identical to version N's, up to 15 versions back, as\n"
	"MediaWiki tags reverts) and [reverted by N]; for versions pulled from a\n"
	"live wiki, MediaWiki's own change tags too ([mw-undo], [mw-rollback],\n"
	"[mw-manual-revert], [mw-reverted], ...).\n"
	"\n"
	"Options:\n"
	"      --stat           more lines under each version: the revision ids,\n"
	"                       the whole comment, its size in bytes with the\n"
	"                       change (+N/-N, as on Wikipedia's history page) and\n"
	"                       its word count, and its changed words split into\n"
	"                       substantive and trivial (whitespace, spacing, case,\n"
	"                       unicode, punctuation) with its changes by class\n"
	"  -S PHRASE            only the versions where the number of occurrences\n"
	"                       of PHRASE changed: who introduced it, who removed\n"
	"                       it.  Counted word by word, case-sensitively, the\n"
	"                       white space between words ignored (a line break\n"
	"                       between \"cyber\" and \"security\" still matches)\n"
	"  -i, --ignore-case    -S ignores case\n"
	"      --since=DATE     only versions at or after DATE (2017-08-20,\n"
	"                       '2017-08-20 10:00', 2017-08-20T10:00:00Z, ...)\n"
	"      --until=DATE     only versions at or before DATE (a day: its end)\n"
	"      --author=REGEX   only versions whose author matches (extended regex)\n"
	"      --all            every entry of the store instead of one, as JSON\n"
	"                       lines (one object per version that passes the\n"
	"                       filters: entry, version, commit, timestamp,\n"
	"                       author, revision_id, label, flags; with -S the\n"
	"                       phrase's counts, with --reverts what it restored)\n"
	"      --reverts        only the versions that are reverts\n"
	"      --format=html    one self-contained HTML page instead: the table of\n"
	"                       versions (times, contributors, comments), then\n"
	"                       each version's diff, inline and side by side\n"
	"  -U, --context=N      with html: lines of context (default 3)\n"
	"      --full           with html: the whole texts\n"
	"      --ignore=CLASSES with html: hide these change classes\n"
	CLI_DATE_HELP
	"  -h, --help           this help\n";

struct filter {
	struct rd_time since, until;
	int has_since, has_until;
	regex_t author;
	int has_author;
};

static int wanted(const struct filter *f, const struct rd_version *v)
{
	if ((f->has_since || f->has_until) && !v->when.has_time)
		return 0;
	if (f->has_since && v->when.sec < f->since.sec)
		return 0;
	if (f->has_until && v->when.sec > f->until.sec)
		return 0;
	if (f->has_author && regexec(&f->author, v->author ? v->author : "", 0, NULL, 0) != 0)
		return 0;
	return 1;
}

static void flags_of(struct rd_buf *b, const struct rd_version *v, const struct rd_log_row *r)
{
	struct rd_flag fl[RD_FLAG__COUNT];
	size_t n = rd_version_flags(fl, v->minor, v->text_deleted, v->comment_deleted, &r->revert);

	for (size_t i = 0; i < n; i++) {
		rd_buf_printf(b, "  [%s", fl[i].words);
		if (fl[i].number)
			rd_buf_printf(b, " %d", fl[i].number);
		rd_buf_putc(b, ']');
	}
	/* MediaWiki's change tags, in its words, beside revdiff's flags */
	for (const char *t = cli_mw_tags(v->commit); t && *t;) {
		size_t n = strcspn(t, " ");
		if (n)
			rd_buf_printf(b, "  [%.*s]", (int)n, t);
		t += n + (t[n] == ' ');
	}
}

/* The versions newest first, then each one's diff against its parent
 * (the last version before it with a text: a deleted text is said so,
 * never diffed as empty). */
static int log_html(struct rd_store *s, const struct rd_history *h, const struct cli_diffopts *o)
{
	struct cli_sides sd = { 0 };
	struct rd_side *newest_first = rd_calloc(h->n ? h->n : 1, sizeof(*newest_first));
	struct rd_log_row *rows = NULL;
	size_t *present = NULL;
	struct rd_buf title = RD_BUF_INIT;
	struct rd_render_opts ro = o->render;
	int rc = EXIT_TROUBLE;

	if (rd_history_log_rows(&rows, s, h, NULL, RD_LOG_WORDS) < 0 ||
	    rd_history_words_present(&present, s, h) < 0)
		goto fail;
	cli_sides_fill(&sd, h, rows);
	for (size_t i = 0; i < h->n; i++)
		newest_first[h->n - 1 - i] = sd.v[i];
	char *q = rd_quote_name(h->entry);
	rd_buf_printf(&title, "History of %s", q);
	free(q);
	if (rd_render_html_begin(title.ptr, cli_write_stdout, NULL) < 0 ||
	    rd_render_html_timeline(sd.v, h->n, present, cli_write_stdout, NULL) < 0 ||
	    rd_render_html_versions(newest_first, h->n, cli_write_stdout, NULL) < 0)
		goto fail;
	for (size_t i = h->n; i-- > 0;)
		if (cli_html_version(s, h, sd.v, i, &ro, &o->diff) < 0)
			goto fail;
	if (rd_render_html_end(cli_write_stdout, NULL) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = cli_lib_error();
out:
	cli_sides_release(&sd);
	free(newest_first);
	free(rows);
	free(present);
	rd_buf_release(&title);
	return rc;
}

/* ---- log --all: the whole store, as JSON lines ---- */

struct all_ctx {
	struct rd_store *s;
	const struct filter *f;
	const struct rd_phrase *phrase;
	const char *phrase_arg;
	int reverts;
	int failed; /* an entry could not be read: exit 2 at the end */
};

/* A JSON string of user text; bytes that are not UTF-8 become U+FFFD
 * (JSON holds only Unicode; the store keeps them as given). */
static json_t *jstr(const char *s)
{
	json_t *j;
	struct rd_buf b = RD_BUF_INIT;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			rd_buf_putc(&b, (char)*p);
		else
			rd_buf_puts(&b, "\xef\xbf\xbd");
	j = json_string(b.ptr ? b.ptr : "");
	rd_buf_release(&b);
	return j ? j : json_string("");
}

static int all_entry(void *ctx, const char *entry, const char *commit)
{
	struct all_ctx *a = ctx;
	struct rd_history h;
	struct rd_log_row *rows = NULL;
	struct rd_buf when = RD_BUF_INIT;
	int rc = 0;

	(void)commit;
	if (rd_store_history(a->s, entry, &h) < 0) {
		a->failed = cli_lib_error(); /* said; the other entries go on */
		return 0;
	}
	/* texts are read only for -S; reverts need blob ids only */
	if ((a->phrase || a->reverts) && rd_history_log_rows(&rows, a->s, &h, a->phrase, 0) < 0) {
		a->failed = cli_lib_error();
		goto out;
	}
	for (size_t i = 0; i < h.n; i++) {
		const struct rd_version *v = &h.v[i];
		const struct rd_log_row *r = rows ? &rows[i] : NULL;
		json_t *o;
		char *line;

		if (!wanted(a->f, v) || (a->phrase && !r->phrase_changed) ||
		    (a->reverts && !r->revert.revert_to))
			continue;
		rd_buf_clear(&when);
		rd_time_format(&when, &v->when, RD_DATE_STRICT, 0);
		o = json_object();
		json_object_set_new(o, "entry", jstr(h.entry));
		json_object_set_new(o, "version", json_integer(v->number));
		json_object_set_new(o, "commit", json_string(v->commit));
		json_object_set_new(o, "timestamp", v->when.has_time ? json_string(when.ptr) : json_null());
		json_object_set_new(o, "author", jstr(v->author));
		json_object_set_new(o, "revision_id", jstr(v->revision_id));
		json_object_set_new(o, "label", jstr(v->label));
		if (v->minor)
			json_object_set_new(o, "minor", json_true());
		if (v->text_deleted)
			json_object_set_new(o, "text_deleted", json_true());
		if (a->phrase) {
			size_t before = i ? rows[i - 1].phrase_count : 0;
			json_object_set_new(o, "phrase", jstr(a->phrase_arg));
			json_object_set_new(o, "count_before", json_integer((json_int_t)before));
			json_object_set_new(o, "count", json_integer((json_int_t)r->phrase_count));
			json_object_set_new(o, "change", json_string(r->phrase_count > before ?
								      "introduced" : "removed"));
		}
		if (r && r->revert.revert_to)
			json_object_set_new(o, "revert_to", json_integer(r->revert.revert_to));
		if (r && r->revert.reverted_by)
			json_object_set_new(o, "reverted_by", json_integer(r->revert.reverted_by));
		line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (line) {
			if (puts(line) == EOF)
				rc = 1; /* stdout closed: stop */
			free(line);
		}
		if (rc)
			break;
	}
out:
	free(rows);
	rd_history_release(&h);
	rd_buf_release(&when);
	return rc;
}

/* One pass over the store, entry by entry as the refs are read. */
static int log_all(struct rd_store *s, const struct filter *f, const struct rd_phrase *phrase,
		   const char *phrase_arg, int reverts)
{
	struct all_ctx a = { s, f, phrase, phrase_arg, reverts, 0 };
	int rc = rd_store_foreach_entry(s, all_entry, &a);

	if (rc < 0)
		return cli_lib_error();
	return a.failed;
}

int cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATE_LONGOPT,
		{ "stat", no_argument, NULL, OPT_LOG_STAT },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "reverts", no_argument, NULL, OPT_REVERTS },
		{ "ignore-case", no_argument, NULL, 'i' },
		CLI_FORMAT_LONGOPT,
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		CLI_HELP_LONGOPTS
	};
	struct rd_store *s = NULL;
	struct rd_history h = { 0 };
	struct rd_log_row *rows = NULL;
	struct rd_phrase *phrase = NULL;
	struct filter f;
	struct rd_buf when = RD_BUF_INIT, line = RD_BUF_INIT;
	const char *phrase_arg = NULL;
	int opt, rc = 0, stat = 0, icase = 0, err, all = 0, reverts = 0;
	struct cli_diffopts o;

	memset(&f, 0, sizeof(f));
	cli_diffopts_init(&o);
	optind = 1;
	while ((opt = cli_diffopt_next(argc, argv, "hS:iU:", longopts, "log", &o)) != -1) {
		if (opt < 0)
			goto trouble;
		switch (opt) {
		case OPT_DATE:
			if (cli_parse_date_style("log", optarg))
				goto trouble;
			break;
		case OPT_LOG_STAT:
			stat = 1;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (rd_time_parse(opt == OPT_SINCE ? &f.since : &f.until, optarg, opt == OPT_UNTIL) < 0) {
				rc = cli_lib_error();
				goto out;
			}
			*(opt == OPT_SINCE ? &f.has_since : &f.has_until) = 1;
			break;
		case OPT_AUTHOR:
			if (f.has_author)
				regfree(&f.author);
			f.has_author = 0;
			if ((err = regcomp(&f.author, optarg, REG_EXTENDED | REG_NOSUB)) != 0) {
				rc = cli_usage_error("log", "--author: bad regular expression '%s'", optarg);
				goto out;
			}
			f.has_author = 1;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_REVERTS:
			reverts = 1;
			break;
		case 'S':
			phrase_arg = optarg;
			break;
		case 'i':
			icase = 1;
			break;
		default:
			rc = cli_help_or_bad_option(opt, usage_text, "log", argv, "hS:iU:");
			goto out;
		}
	}
	if (all ? argc != optind : argc - optind != 1) {
		rc = cli_usage_error("log", all ? "log --all takes no entry" : "log takes one entry");
		goto out;
	}
	if (all && (stat || o.format_set)) {
		rc = cli_usage_error("log", "--all writes JSON lines: no --stat or --format");
		goto out;
	}
	if (phrase_arg && rd_phrase_new(&phrase, phrase_arg, strlen(phrase_arg),
					icase ? RD_PHRASE_ICASE : 0) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (o.format_set && reverts) {
		rc = cli_usage_error("log", "--reverts filters the list of versions; the html page shows them all");
		goto out;
	}
	if (o.format_set && o.render.format != RD_FORMAT_HTML) {
		rc = cli_usage_error("log", "log's --format takes html (the default is a line per version)");
		goto out;
	}
	if (!(s = cli_store_open()))
		goto trouble;
	if (all) {
		rc = log_all(s, &f, phrase, phrase_arg, reverts);
		goto out;
	}
	if (o.format_set) {
		if (cli_history_upto(s, argv[optind], &h) < 0)
			rc = cli_lib_error();
		else
			rc = log_html(s, &h, &o);
		goto out;
	}
	if (cli_history_upto(s, argv[optind], &h) < 0 ||
	    rd_history_log_rows(&rows, s, &h, phrase, RD_LOG_WORDS | (stat ? RD_LOG_CLASSES : 0)) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	for (size_t i = h.n; i-- > 0;) {
		const struct rd_version *v = &h.v[i];
		const struct rd_log_row *r = &rows[i];

		if (!wanted(&f, v) || (phrase && !r->phrase_changed) ||
		    (reverts && !r->revert.revert_to))
			continue;
		cli_format_time(&when, &v->when);
		rd_buf_clear(&line);
		rd_buf_printf(&line, "%d  %s  ", v->number, when.ptr);
		if (phrase) {
			size_t before = i ? rows[i - 1].phrase_count : 0;
			rd_buf_printf(&line, "\"%s\" %zu -> %zu (%s)", phrase_arg, before,
				      r->phrase_count, r->phrase_count > before ? "introduced" : "removed");
		} else if (r->text_deleted) {
			rd_buf_puts(&line, "text deleted");
		} else {
			rd_words_delta(&line, r->words_inserted, r->words_deleted, 1);
		}
		rd_buf_puts(&line, "  ");
		rd_buf_put_shown(&line, v->author ? v->author : "(unknown)",
				 strlen(v->author ? v->author : "(unknown)"), 0);
		if (!stat && v->label) {
			/* the label's first line: log is one line per version */
			rd_buf_puts(&line, "  ");
			rd_buf_put_shown(&line, v->label, strcspn(v->label, "\n"), 0);
		}
		flags_of(&line, v, r);
		rd_buf_putc(&line, '\n');
		if (stat) {
			if (v->revision_id)
				rd_buf_printf(&line, "    revision %s%s%s\n", v->revision_id,
					      v->parent_revision_id ? ", parent " : "",
					      v->parent_revision_id ? v->parent_revision_id : "");
			if (v->label) {
				rd_buf_puts(&line, "    ");
				rd_buf_put_shown(&line, v->label, strlen(v->label), 1);
				rd_buf_putc(&line, '\n');
			}
			rd_buf_puts(&line, "    ");
			cli_log_row_format(&line, r, 1);
			rd_buf_putc(&line, '\n');
			if (!r->text_deleted) {
				/* the classifier's view: "4 substantive words, 3
				 * trivial: 1 spacing, 1 insert" */
				int first = 1;
				rd_buf_printf(&line, "    %zu substantive %s, %zu trivial", r->words_substantive,
					      r->words_substantive == 1 ? "word" : "words", r->words_trivial);
				for (int c = 1; c < RD_CLASS__COUNT; c++) {
					if (!r->by_class[c])
						continue;
					rd_buf_printf(&line, "%s %zu %s", first ? ":" : ",", r->by_class[c],
						      rd_class_name((enum rd_class)c));
					first = 0;
				}
				rd_buf_putc(&line, '\n');
			}
		}
		if (fwrite(line.ptr, 1, line.len, stdout) != line.len)
			break;
	}
	goto out;
trouble:
	rc = EXIT_TROUBLE;
out:
	if (f.has_author)
		regfree(&f.author);
	free(rows);
	rd_phrase_free(phrase);
	rd_history_release(&h);
	rd_buf_release(&when);
	rd_buf_release(&line);
	rd_store_free(s);
	return rc;
}
