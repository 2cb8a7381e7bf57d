/*
 * diff_tree.c - `revdiff diff OLD_DIR NEW_DIR`: the files of two trees,
 * paired by their path below each root.  A file in one tree only is added
 * or removed and shown whole, unless a removed and an added one are alike
 * enough to be a rename: git's rule, exact copies first, then the most
 * similar pairs at 50% or more (rd_sig_similarity).  Each pair is shown
 * in the chosen format, in path order, with git's header lines; --stat
 * gives each pair's counts and a total, -q only which files differ.
 */
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* git's default rename threshold (-M50%). */
#define RENAME_MIN 0.5
/* Past this many removed x added candidates, renames are exact copies
 * only: git's diff.renameLimit of 1000 files on each side. */
#define RENAME_LIMIT (1000u * 1000u)

struct tfile {
	char *rel;  /* below the root */
	char *path; /* root/rel, as shown */
	const char *data; /* the text, once loaded */
	size_t len;
	struct rd_file f; /* files held together (rename candidates) */
	int loaded;
};

struct tree {
	const char *root;
	struct tfile *v;
	size_t n, cap;
};

enum pstatus { P_MODIFIED, P_ADDED, P_REMOVED, P_RENAMED };
static const char *const status_names[] = { "modified", "added", "removed", "renamed" };

struct pair {
	struct tfile *a, *b; /* NULL for the missing side */
	enum pstatus st;
	double score;        /* renames: the similarity */
};

static char *join(const char *dir, const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	size_t n = strlen(dir);

	if (!*dir)
		rd_buf_puts(&b, name);
	else
		rd_buf_printf(&b, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
	return rd_buf_detach(&b, NULL);
}

/* Adds the regular files below root/rel to t (symbolic links to files
 * count as files; links to directories are not followed, as git). */
static int walk(struct tree *t, const char *rel)
{
	char *dir = *rel ? join(t->root, rel) : rd_strdup(t->root);
	DIR *d = opendir(dir);
	struct dirent *e;
	int err = 0;

	if (!d) {
		err = rd_error_set(RD_EIO, "cannot read directory '%s'", dir);
		free(dir);
		return err;
	}
	while (!err && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *r = join(rel, e->d_name), *p = join(t->root, r);
		struct stat st;
		int type = e->d_type;
		if (type == DT_UNKNOWN || type == DT_LNK) {
			if (stat(p, &st) != 0 || (type == DT_LNK && S_ISDIR(st.st_mode)))
				type = DT_UNKNOWN;
			else
				type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_DIR) {
			err = walk(t, r);
		} else if (type == DT_REG) {
			if (t->n == t->cap)
				t->v = rd_realloc(t->v, (t->cap = t->cap ? 2 * t->cap : 64) * sizeof(*t->v));
			memset(&t->v[t->n], 0, sizeof(t->v[0]));
			t->v[t->n].rel = r;
			t->v[t->n++].path = p;
			continue;
		}
		free(r);
		free(p);
	}
	closedir(d);
	free(dir);
	return err;
}

static int cmp_tfile(const void *x, const void *y)
{
	return strcmp(((const struct tfile *)x)->rel, ((const struct tfile *)y)->rel);
}

/* Loads f into memory of its own (rename candidates, held together), or
 * into `reuse` when given: most pairs of a tree are read, compared and
 * dropped, and a buffer used again costs no new pages (on this kind of
 * VM a fresh page's fault costs more than comparing its bytes). */
static int load(struct tfile *f, struct rd_buf *reuse)
{
	int err;

	if (f->loaded)
		return 0;
	f->loaded = 1;
	if (reuse) {
		err = rd_file_read(reuse, f->path);
		f->data = reuse->ptr ? reuse->ptr : "";
		f->len = reuse->len;
	} else {
		err = rd_file_load(&f->f, f->path);
		f->data = f->f.data;
		f->len = f->f.len;
	}
	return err;
}

static int same_bytes(const struct tfile *a, const struct tfile *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

struct cand {
	size_t r, a; /* indexes into the pairs */
	double score;
};

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->r != q->r)
		return p->r < q->r ? -1 : 1;
	return (p->a > q->a) - (p->a < q->a);
}

/* Pairs a removed file with an added one: pairs[r] becomes the rename,
 * pairs[a] is emptied. */
static void make_rename(struct pair *pairs, size_t r, size_t a, double score)
{
	pairs[r].b = pairs[a].b;
	pairs[r].st = P_RENAMED;
	pairs[r].score = score;
	pairs[a].b = NULL;
}

static int find_renames(struct pair *pairs, size_t np)
{
	size_t *rem = rd_malloc((np + 1) * sizeof(*rem)), *add = rd_malloc((np + 1) * sizeof(*add));
	size_t nr = 0, na = 0, nc = 0;
	struct cand *c = NULL;
	struct rd_sig *sig = NULL;
	int err = 0;

	for (size_t i = 0; i < np; i++) {
		if (pairs[i].st == P_REMOVED)
			rem[nr++] = i;
		else if (pairs[i].st == P_ADDED)
			add[na++] = i;
	}
	if (!nr || !na)
		goto out;
	for (size_t i = 0; i < nr && !err; i++)
		err = load(pairs[rem[i]].a, NULL);
	for (size_t j = 0; j < na && !err; j++)
		err = load(pairs[add[j]].b, NULL);
	if (err)
		goto out;
	/* exact copies first, as git: byte-identical files */
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < na; j++)
			if (pairs[add[j]].b && pairs[rem[i]].st == P_REMOVED &&
			    same_bytes(pairs[rem[i]].a, pairs[add[j]].b))
				make_rename(pairs, rem[i], add[j], 1.0);
	if ((size_t)nr * na > RENAME_LIMIT)
		goto out;
	sig = rd_calloc(nr + na, sizeof(*sig));
	c = rd_malloc((size_t)nr * na * sizeof(*c) + 1);
	for (size_t i = 0; i < nr; i++) {
		const struct tfile *f = pairs[rem[i]].a;
		if (pairs[rem[i]].st == P_REMOVED)
			rd_sig_init(&sig[i], f->data, f->len);
	}
	for (size_t j = 0; j < na; j++) {
		const struct tfile *f = pairs[add[j]].b;
		if (f)
			rd_sig_init(&sig[nr + j], f->data, f->len);
	}
	for (size_t i = 0; i < nr; i++) {
		if (pairs[rem[i]].st != P_REMOVED)
			continue;
		for (size_t j = 0; j < na; j++) {
			if (!pairs[add[j]].b)
				continue;
			size_t x = sig[i].bytes, y = sig[nr + j].bytes;
			/* the score is at most the smaller size over the larger */
			if ((x < y ? x : y) < RENAME_MIN * (double)(x > y ? x : y))
				continue;
			double s = rd_sig_similarity(&sig[i], &sig[nr + j]);
			if (s >= RENAME_MIN)
				c[nc++] = (struct cand){ rem[i], add[j], s };
		}
	}
	qsort(c, nc, sizeof(*c), cmp_cand);
	for (size_t k = 0; k < nc; k++)
		if (pairs[c[k].r].st == P_REMOVED && pairs[c[k].a].b)
			make_rename(pairs, c[k].r, c[k].a, c[k].score);
out:
	if (sig)
		for (size_t i = 0; i < nr + na; i++)
			rd_sig_release(&sig[i]);
	free(sig);
	free(c);
	free(rem);
	free(add);
	return err;
}

static const char *key(const struct pair *p)
{
	return p->b ? p->b->rel : p->a->rel;
}

static int cmp_pair(const void *x, const void *y)
{
	return strcmp(key(x), key(y));
}

/* Totals for --stat. */
struct totals {
	size_t files, ins, del;
};

/* git's header lines, for plain, color and porcelain output. */
static void header(const struct pair *p, int color)
{
	char *qa = rd_quote_name(p->a ? p->a->path : p->b->path);
	char *qb = rd_quote_name(p->b ? p->b->path : p->a->path);
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[m" : "";

	printf("%sdiff --git a/%s b/%s%s\n", bold, qa + (*qa == '/'), qb + (*qb == '/'), reset);
	if (p->st == P_ADDED)
		printf("%snew file mode 100644%s\n", bold, reset);
	else if (p->st == P_REMOVED)
		printf("%sdeleted file mode 100644%s\n", bold, reset);
	else if (p->st == P_RENAMED)
		printf("%ssimilarity index %d%%\nrename from %s\nrename to %s%s\n", bold,
		       (int)(p->score * 100), qa, qb, reset);
	free(qa);
	free(qb);
}

/* -q: one line for a pair that differs. */
static void brief_line(const struct pair *p)
{
	const struct tfile *f = p->a ? p->a : p->b;

	if (p->st == P_MODIFIED) {
		printf("Files %s and %s differ\n", p->a->path, p->b->path);
	} else if (p->st == P_RENAMED) {
		printf("Renamed %s -> %s (%d%% similar)\n", p->a->path, p->b->path,
		       (int)(p->score * 100));
	} else {
		/* GNU diff's words: the directory holding it, then its name */
		const char *slash = strrchr(f->path, '/');
		printf("Only in %.*s: %s\n", slash ? (int)(slash - f->path) : 1,
		       slash ? f->path : ".", slash ? slash + 1 : f->path);
	}
}

/* Shows one pair; *differs is set when it differs visibly.  0, or an
 * RD_E* code (reported by the caller). */
static int show_pair(const struct pair *p, struct cli_diffopts *o, int brief,
		     struct totals *tot, int *differs)
{
	const char *na = p->a ? p->a->path : NULL, *nb = p->b ? p->b->path : NULL;
	const char *da = p->a ? p->a->data : "", *db = p->b ? p->b->data : "";
	size_t la = p->a ? p->a->len : 0, lb = p->b ? p->b->len : 0;
	enum rd_format fmt = o->render.format;
	struct rd_side sa = { 0 }, sb = { 0 };
	struct rd_render_opts ro = o->render;
	struct rd_diff *d = NULL;
	int err = 0, same = p->a && p->b && same_bytes(p->a, p->b);
	int binary = !o->text && (rd_text_is_binary(da, la) || rd_text_is_binary(db, lb));

	*differs = 0;
	if (same && p->st == P_MODIFIED)
		return 0;
	/* without hidden classes, any byte changed is a difference: -q needs no diff */
	if (!same && !binary && !(brief && !o->render.hide)) {
		if ((err = rd_diff_texts(&d, da, la, db, lb, &o->diff)) < 0)
			return err;
		rd_classify(d);
		if (p->st == P_MODIFIED && !cli_visible_changes(d, o->render.hide))
			goto out;
	}
	*differs = 1;
	if (brief) {
		brief_line(p);
		goto out;
	}
	/* the missing side: /dev/null in text, null in JSON */
	sa.is_file = sb.is_file = 1;
	sa.name = na ? na : fmt == RD_FORMAT_JSON ? NULL : "/dev/null";
	sb.name = nb ? nb : fmt == RD_FORMAT_JSON ? NULL : "/dev/null";
	if (o->stat) {
		if (d) {
			cli_print_stat(d, sa.name, sb.name, o->render.hide);
			tot->ins += d->stats.words_inserted;
			tot->del += d->stats.words_deleted;
		} else {
			printf("%s => %s\n %s\n", sa.name, sb.name,
			       binary ? "binary" : "renamed, same text");
		}
		tot->files++;
		goto out;
	}
	if (fmt != RD_FORMAT_JSON && fmt != RD_FORMAT_HTML)
		header(p, fmt == RD_FORMAT_COLOR);
	if (binary && fmt != RD_FORMAT_JSON && fmt != RD_FORMAT_HTML) {
		printf("Binary files %s and %s differ\n", na ? na : "/dev/null", nb ? nb : "/dev/null");
		goto out;
	}
	if (!d && (err = rd_diff_texts(&d, "", 0, "", 0, &o->diff)) < 0)
		return err;
	ro.from = &sa;
	ro.to = &sb;
	ro.fragment = fmt == RD_FORMAT_HTML;
	ro.status = binary ? "binary" : status_names[p->st];
	err = rd_render(d, &ro, cli_write_stdout, NULL);
out:
	rd_diff_free(d);
	return err;
}

static void tree_release(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].rel);
		free(t->v[i].path);
		rd_file_release(&t->v[i].f);
	}
	free(t->v);
}

int cli_diff_trees(const char *old_root, const char *new_root, struct cli_diffopts *o, int brief)
{
	struct tree ta = { old_root, NULL, 0, 0 }, tb = { new_root, NULL, 0, 0 };
	struct pair *pairs = NULL;
	struct totals tot = { 0, 0, 0 };
	struct rd_buf bufa = RD_BUF_INIT, bufb = RD_BUF_INIT;
	size_t np = 0, i = 0, j = 0;
	int rc = EXIT_TROUBLE, any = 0;

	if (walk(&ta, "") < 0 || walk(&tb, "") < 0)
		goto fail;
	qsort(ta.v, ta.n, sizeof(*ta.v), cmp_tfile);
	qsort(tb.v, tb.n, sizeof(*tb.v), cmp_tfile);
	pairs = rd_malloc((ta.n + tb.n + 1) * sizeof(*pairs));
	while (i < ta.n || j < tb.n) {
		int c = i == ta.n ? 1 : j == tb.n ? -1 : strcmp(ta.v[i].rel, tb.v[j].rel);
		struct pair *p = &pairs[np++];
		p->score = 0;
		p->a = c <= 0 ? &ta.v[i++] : NULL;
		p->b = c >= 0 ? &tb.v[j++] : NULL;
		p->st = !p->a ? P_ADDED : !p->b ? P_REMOVED : P_MODIFIED;
	}
	if (find_renames(pairs, np) < 0)
		goto fail;
	/* drop the added halves of renames, then show in path order */
	size_t k = 0;
	for (i = 0; i < np; i++)
		if (pairs[i].a || pairs[i].b)
			pairs[k++] = pairs[i];
	np = k;
	qsort(pairs, np, sizeof(*pairs), cmp_pair);
	if (o->render.format == RD_FORMAT_HTML && !brief && !o->stat) {
		struct rd_buf title = RD_BUF_INIT;
		rd_buf_printf(&title, "%s -> %s", old_root, new_root);
		int err = rd_render_html_begin(title.ptr, cli_write_stdout, NULL);
		rd_buf_release(&title);
		if (err < 0)
			goto fail;
	}
	for (i = 0; i < np; i++) {
		int differs;
		/* one pair's texts in memory at a time (renames' were loaded) */
		if ((pairs[i].a && load(pairs[i].a, &bufa) < 0) ||
		    (pairs[i].b && load(pairs[i].b, &bufb) < 0) ||
		    show_pair(&pairs[i], o, brief, &tot, &differs) < 0)
			goto fail;
		any |= differs;
		if (pairs[i].a)
			rd_file_release(&pairs[i].a->f);
		if (pairs[i].b)
			rd_file_release(&pairs[i].b->f);
	}
	if (o->render.format == RD_FORMAT_HTML && !brief && !o->stat &&
	    rd_render_html_end(cli_write_stdout, NULL) < 0)
		goto fail;
	if (o->stat && !brief)
		printf(" %zu file%s changed, %zu words inserted, %zu words deleted\n", tot.files,
		       tot.files == 1 ? "" : "s", tot.ins, tot.del);
	rc = any ? EXIT_DIFFERENT : EXIT_SAME;
	goto out;
fail:
	rc = cli_lib_error();
out:
	free(pairs);
	rd_buf_release(&bufa);
	rd_buf_release(&bufb);
	tree_release(&ta);
	tree_release(&tb);
	return rc;
}
