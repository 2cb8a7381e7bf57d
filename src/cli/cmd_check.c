/*
 * cmd_check.c - `revdiff check`: the words a commit introduces, checked
 * against the rules in .revdiff-rules, as a git pre-commit hook or in CI.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: revdiff check [OPTIONS] [--staged | --range A..B | FILE...]\n"
	"\n"
	"Checks what a change does to the words of text files: an avoided\n"
	"spelling written instead of the preferred one, words changed inside a\n"
	"quotation, a number or date changed.  Only what the change introduces\n"
	"is reported, never what was already there.\n"
	"\n"
	"What is checked:\n"
	"      --staged         the index against HEAD (the default; the empty tree\n"
	"                       before the first commit); GIT_INDEX_FILE is honoured\n"
	"      --range=A..B     the change from commit A to B (A...B: from their\n"
	"                       merge base); without --range and with nothing\n"
	"                       staged, PRE_COMMIT_FROM_REF...PRE_COMMIT_TO_REF is\n"
	"                       used when both are set (the pre-commit framework)\n"
	"      FILE...          only these files (as the pre-commit framework\n"
	"                       passes them), staged version against HEAD\n"
	"\n"
	"Options:\n"
	"      --rules=FILE     rules from FILE instead of .revdiff-rules at the top\n"
	"                       of the work tree (read as staged, except with\n"
	"                       --range; the old name .revdiff is still read)\n"
	"      --explain        print the rules in force and where they came from\n"
	"      --format=FMT     text (path:line:col: severity: message [rule]),\n"
	"                       json, or github (workflow annotations)\n"
	"      --fail-on=LEVEL  error (default) or warning: the least severe\n"
	"                       finding that makes the check fail\n"
	"      --color[=WHEN]   auto, always or never (NO_COLOR is honoured)\n"
	"  -h, --help           this help\n"
	"\n"
	"Rules (.revdiff-rules, git-config syntax, no includes, at most 8 MB):\n"
	"  [rule \"cybersecurity\"]\n"
	"          prefer = cybersecurity\n"
	"          avoid = cyber security\n"
	"          avoid = cyber-security\n"
	"          severity = error          # or warning\n"
	"  [quotes]\n"
	"          protect = true            # true (error), warning, or false\n"
	"  [numbers]\n"
	"          protect = warning\n"
	"Phrases match whole tokens, ignoring case and whitespace (line breaks\n"
	"too).  Without a rules file, quotes and numbers are warnings.\n"
	"Binary files and files over 8 MB are skipped with a note.\n"
	"\n"
	"Exit status: 0 when clean, 1 when a finding is at or above the --fail-on\n"
	"level, 2 on trouble.\n";

/* The rules file at the top of the work tree, and its old name: `.revdiff`
 * is also the store's directory, so it is read only as a regular file. */
#define RULES_NAME ".revdiff-rules"
#define OLD_RULES_NAME ".revdiff"

static int is_rules_file(const char *path)
{
	return !strcmp(path, RULES_NAME) || !strcmp(path, OLD_RULES_NAME);
}

enum out_format { OUT_TEXT, OUT_JSON, OUT_GITHUB };

struct run {
	const struct rd_rules *rules;
	enum out_format format;
	enum rd_severity fail_on;
	size_t errors, warnings, files_with;
	struct rd_findings_json *json; /* --format=json */
	int color;
};

/* GitHub workflow commands: %, CR, LF escaped in data, also : and , in
 * properties. */
static void gh_escape(struct rd_buf *b, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': rd_buf_puts(b, "%25"); break;
		case '\r': rd_buf_puts(b, "%0D"); break;
		case '\n': rd_buf_puts(b, "%0A"); break;
		case ':': rd_buf_puts(b, property ? "%3A" : ":"); break;
		case ',': rd_buf_puts(b, property ? "%2C" : ","); break;
		default: rd_buf_putc(b, *s);
		}
	}
}

static void report(struct run *r, const char *path, const struct rd_finding *f)
{
	struct rd_buf b = RD_BUF_INIT;

	switch (r->format) {
	case OUT_TEXT:
		/* colored as compilers do: bold place, red error, magenta warning */
		if (r->color)
			printf("\033[1m%s:%zu:%zu:\033[m \033[1;%dm%s:\033[m %s [%s]\n", path,
			       f->line, f->col, f->severity == RD_SEV_ERROR ? 31 : 35,
			       rd_severity_name(f->severity), f->message, f->rule);
		else
			printf("%s:%zu:%zu: %s: %s [%s]\n", path, f->line, f->col,
			       rd_severity_name(f->severity), f->message, f->rule);
		break;
	case OUT_GITHUB:
		rd_buf_printf(&b, "::%s file=", rd_severity_name(f->severity));
		gh_escape(&b, path, 1);
		rd_buf_printf(&b, ",line=%zu,col=%zu,title=", f->line, f->col);
		gh_escape(&b, "revdiff ", 1);
		gh_escape(&b, f->rule, 1);
		rd_buf_puts(&b, "::");
		gh_escape(&b, f->message, 0);
		printf("%s\n", b.ptr);
		break;
	case OUT_JSON:
		rd_findings_json_add(r->json, path, f);
		break;
	}
	rd_buf_release(&b);
}

static int on_file(void *ctx, const struct rd_changed_file *cf)
{
	struct run *r = ctx;
	struct rd_findings f = { 0 };
	size_t before = r->errors + r->warnings;

	/* The rules name the very phrases they avoid: never check them. */
	if (is_rules_file(cf->path))
		return 0;
	if (cf->skipped) {
		const char *why = cf->skipped == RD_EBINARY ? "binary" : "larger than 8 MB";
		fflush(stdout); /* in order with the findings when both streams meet */
		fprintf(stderr, "revdiff: note: skipped %s: %s\n", cf->path, why);
		if (r->json)
			rd_findings_json_skip(r->json, cf->path,
					      cf->skipped == RD_EBINARY ? "binary" : "too big");
		return 0;
	}
	if (rd_check_texts(&f, r->rules, cf->old, cf->oldlen, cf->new, cf->newlen) < 0) {
		fprintf(stderr, "revdiff: note: skipped %s: %s\n", cf->path, rd_error_last());
		return 0;
	}
	/* A merge introduces only what is new against every parent. */
	for (size_t m = 0; m < cf->nothers && f.n; m++) {
		struct rd_findings g = { 0 };
		if (rd_check_texts(&g, r->rules, cf->others[m], cf->otherlens[m],
				   cf->new, cf->newlen) == 0)
			rd_findings_intersect(&f, 0, &g);
		rd_findings_release(&g);
	}
	for (size_t i = 0; i < f.n; i++) {
		report(r, cf->path, &f.v[i]);
		if (f.v[i].severity == RD_SEV_ERROR)
			r->errors++;
		else
			r->warnings++;
	}
	if (r->errors + r->warnings > before)
		r->files_with++;
	rd_findings_release(&f);
	return 0;
}

/* Lexically normalised "a/./b/../c" -> "a/c"; NULL when it leaves the top. */
static char *normalise(const char *path)
{
	char *copy = rd_strdup(path), *save = NULL, *part;
	char **parts = NULL;
	size_t n = 0, cap = 0;
	struct rd_buf b = RD_BUF_INIT;
	int bad = 0;

	for (part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			if (!n) {
				bad = 1;
				break;
			}
			n--;
			continue;
		}
		rd_grow((void **)&parts, &cap, n + 1, sizeof(*parts));
		parts[n++] = part;
	}
	for (size_t i = 0; i < n && !bad; i++)
		rd_buf_printf(&b, "%s%s", i ? "/" : "", parts[i]);
	free(parts);
	free(copy);
	if (bad || !b.len) {
		rd_buf_release(&b);
		return NULL;
	}
	return rd_buf_detach(&b, NULL);
}

/* FILE arguments, relative to the current directory, made relative to the
 * top of the work tree as the index names them. */
static int repo_paths(char ***out, char **args, int nargs, const char *workdir)
{
	char cwd[PATH_MAX], top[PATH_MAX];
	const char *prefix = "";
	char **paths = rd_calloc((size_t)nargs + 1, sizeof(*paths));
	size_t tl;

	*out = paths;
	if (!getcwd(cwd, sizeof(cwd)) || !realpath(workdir, top))
		return cli_error("cannot find the current directory in the work tree");
	tl = strlen(top);
	if (!strncmp(cwd, top, tl) && (cwd[tl] == '/' || !cwd[tl]))
		prefix = cwd[tl] ? cwd + tl + 1 : "";
	for (int i = 0; i < nargs; i++) {
		struct rd_buf b = RD_BUF_INIT;
		const char *a = args[i];
		if (a[0] == '/') {
			if (strncmp(a, top, tl) || a[tl] != '/')
				return cli_error("'%s' is outside the repository", a);
			rd_buf_puts(&b, a + tl + 1);
		} else {
			rd_buf_printf(&b, "%s%s%s", prefix, *prefix ? "/" : "", a);
		}
		paths[i] = normalise(b.ptr);
		rd_buf_release(&b);
		if (!paths[i])
			return cli_error("'%s' is outside the repository", a);
	}
	return 0;
}

static void free_paths(char **paths)
{
	for (size_t i = 0; paths && paths[i]; i++)
		free(paths[i]);
	free(paths);
}

/* The rules file `name` as staged (from_index) or in the work tree: 1 read
 * into b, 0 absent, < 0 refused (a symbolic link, not a file, too big). */
static int read_rules_file(struct rd_buf *b, struct rd_workrepo *w, const char *workdir,
			   const char *name, int from_index)
{
	struct rd_buf p = RD_BUF_INIT;
	struct stat st;
	int rc;

	rd_buf_printf(&p, "%s%s", workdir, name);
	if (from_index) {
		rc = rd_workrepo_index_file(w, name, RD_RULES_MAX, b);
		if (rc == 0 && lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode))
			fprintf(stderr, "revdiff: note: %s is not staged: the check uses the rules "
				"staged with the change ('git add %s' to use it)\n", name, name);
	} else if (lstat(p.ptr, &st) < 0 || (S_ISDIR(st.st_mode) && !strcmp(name, OLD_RULES_NAME))) {
		rc = 0; /* none, or the store's directory */
	} else {
		/* only a regular file: never a link out of the work tree, a
		 * FIFO that would hang the hook, or a huge file */
		rc = rd_file_read_regular(b, p.ptr, RD_RULES_MAX, RD_READ_NOFOLLOW, NULL);
		rc = rc < 0 ? rc : 1;
	}
	rd_buf_release(&p);
	return rc;
}

/*
 * Loads --rules FILE; else .revdiff-rules (or the old .revdiff) at the top
 * of the work tree, as staged when the index is checked (the rules that
 * come with the change) and from the work tree for a range; else the
 * built-in set.  `note` says why the built-in set is used.
 */
static int load_rules(struct rd_rules **out, const char *file, struct rd_workrepo *w,
		      int from_index, const char **note)
{
	static const char *const names[] = { RULES_NAME, OLD_RULES_NAME };
	const char *workdir = w ? rd_workrepo_workdir(w) : NULL;
	struct rd_buf b = RD_BUF_INIT, src = RD_BUF_INIT;
	int rc = 0;

	*note = NULL;
	*out = NULL;
	if (file)
		return rd_rules_load(out, file, 0);
	if (!workdir) {
		*note = "no work tree";
		*out = rd_rules_default();
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !*out && rc >= 0; i++) {
		if ((rc = read_rules_file(&b, w, workdir, names[i], from_index)) <= 0)
			continue;
		if (i > 0)
			fprintf(stderr, "revdiff: note: rules read from %s, their old name; rename it "
				"('git mv %s %s'): .revdiff is also where a store lives\n",
				OLD_RULES_NAME, OLD_RULES_NAME, RULES_NAME);
		rd_buf_clear(&src);
		rd_buf_printf(&src, "%s%s", names[i], from_index ? " (staged)" : "");
		rc = rd_rules_parse(out, b.ptr, b.len, src.ptr);
	}
	if (rc >= 0 && !*out) {
		*note = from_index ? "no " RULES_NAME " file staged" : "no " RULES_NAME " file at the top of the work tree";
		*out = rd_rules_default();
	}
	rd_buf_release(&b);
	rd_buf_release(&src);
	return rc < 0 ? rc : 0;
}

/* FILE arguments that name nothing: an error, not a silent pass. */
static int check_paths_exist(struct rd_workrepo *w, const char *workdir, char **paths)
{
	for (size_t i = 0; paths && paths[i]; i++) {
		struct rd_buf p = RD_BUF_INIT;
		struct stat st;
		int known = rd_workrepo_knows(w, paths[i]), there;
		if (known < 0)
			return cli_lib_error();
		rd_buf_printf(&p, "%s%s", workdir, paths[i]);
		there = lstat(p.ptr, &st) == 0;
		rd_buf_release(&p);
		if (!known && !there)
			return cli_error("'%s': no such file in the work tree, the index or HEAD",
					 paths[i]);
		if (!known && S_ISREG(st.st_mode))
			fprintf(stderr, "revdiff: note: %s is not staged: nothing to check "
				"('git add %s' first)\n", paths[i], paths[i]);
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("staged cached range rules explain format fail-on "
							  "color no-color");
	/* in the order of enum out_format */
	static const char *const formats[] = { "text", "json", "github", NULL };
	static const char *const fail_on[] = { "error", "warning", NULL };
	struct run r = { 0 };
	struct rd_workrepo *w = NULL;
	struct rd_rules *rules = NULL;
	const char *range = NULL, *rules_file = NULL, *note = NULL, *workdir = NULL;
	char *env_range = NULL, **paths = NULL;
	int opt, explain = 0, staged = 0, rc = EXIT_TROUBLE, e;

	r.fail_on = RD_SEV_ERROR;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_STAGED: staged = 1; break;
		case OPT_RANGE: range = optarg; break;
		case OPT_RULES: rules_file = optarg; break;
		case OPT_EXPLAIN: explain = 1; break;
		case OPT_FORMAT:
			if ((e = cli_choice(optarg, formats)) < 0)
				return cli_usage_error("check", "unknown format '%s' (text, json, github)", optarg);
			r.format = (enum out_format)e;
			break;
		case OPT_FAIL_ON:
			if ((e = cli_choice(optarg, fail_on)) < 0)
				return cli_usage_error("check", "--fail-on takes error or warning, not '%s'", optarg);
			r.fail_on = e ? RD_SEV_WARNING : RD_SEV_ERROR;
			break;
		case OPT_COLOR:
		case OPT_NO_COLOR:
			if (cli_color_option(opt, optarg, "check") < 0)
				return EXIT_TROUBLE;
			break;
		default:
			return cli_help_or_bad_option(opt, usage_text, "check", argv, "+h");
		}
	}
	if (staged && range)
		return cli_usage_error("check", "give --staged or --range, not both");

	e = rd_workrepo_open(&w);
	if (e < 0 && !(explain && e == RD_ENOTFOUND))
		return cli_lib_error();
	if (w)
		workdir = rd_workrepo_workdir(w);
	if (optind < argc && !explain) {
		if (!workdir) {
			rc = cli_error("FILE arguments need a work tree");
			goto out;
		}
		if (repo_paths(&paths, argv + optind, argc - optind, workdir) != 0)
			goto out;
	}
	if (w && !range && !staged) {
		/* The pre-commit framework runs on a range (pre-push, or
		 * --from-ref/--to-ref) with nothing staged and sets these. */
		const char *from = getenv("PRE_COMMIT_FROM_REF"), *to = getenv("PRE_COMMIT_TO_REF");
		if (from && *from && to && *to) {
			if ((e = rd_workrepo_has_staged(w)) < 0) {
				rc = cli_lib_error();
				goto out;
			}
			if (!e) {
				struct rd_buf b = RD_BUF_INIT;
				/* three dots, as the framework lists the files */
				rd_buf_printf(&b, "%s...%s", from, to);
				range = env_range = rd_buf_detach(&b, NULL);
			}
		}
	}
	if (load_rules(&rules, rules_file, w, !range, &note) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (explain) {
		struct rd_buf b = RD_BUF_INIT;
		rd_rules_describe(rules, &b);
		fputs(b.ptr, stdout);
		if (note)
			printf("(built-in rules: %s)\n", note);
		rd_buf_release(&b);
		rc = EXIT_SAME;
		goto out;
	}
	if (!range && check_paths_exist(w, workdir, paths) != 0)
		goto out;

	r.rules = rules;
	r.color = r.format == OUT_TEXT && cli_use_color();
	if (r.format == OUT_JSON)
		r.json = rd_findings_json_new();
	if (range)
		e = rd_workrepo_range(w, range, (const char *const *)paths,
				      (size_t)(argc - optind), on_file, &r);
	else
		e = rd_workrepo_staged(w, (const char *const *)paths,
				       (size_t)(argc - optind), on_file, &r);
	if (e < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (r.json && rd_findings_json_write(r.json, r.errors, r.warnings,
					     rules->source ? rules->source : "built-in",
					     cli_write_stdout, NULL) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	fflush(stdout);
	if (r.errors + r.warnings)
		fprintf(stderr, "revdiff: %zu error%s, %zu warning%s in %zu file%s\n",
			r.errors, r.errors == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s",
			r.files_with, r.files_with == 1 ? "" : "s");
	rc = r.errors || (r.fail_on == RD_SEV_WARNING && r.warnings) ? EXIT_DIFFERENT : EXIT_SAME;
out:
	rd_findings_json_free(r.json);
	free(env_range);
	free_paths(paths);
	rd_rules_free(rules);
	rd_workrepo_free(w);
	return rc;
}
