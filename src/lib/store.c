/*
 * store.c - the version store: a bare git repository driven through
 * libgit2, in the format documented in store.h.  Of the library's libgit2
 * users, the only one that writes (workrepo.c reads the user's repository,
 * rules.c and config.c only parse git-config files).  This file opens a
 * store and reads versions; names, addresses, the writers' guard and
 * batches have a file each (store_int.h).
 */
#include "revdiff.h"
#include "message.h"
#include "store.h"
#include "store_int.h"
#include "refs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- versions ---------------------------------------------------------- */

void rd_version_release(struct rd_version *v)
{
	if (!v)
		return;
	free(v->author);
	free(v->author_id);
	free(v->label);
	free(v->revision_id);
	free(v->parent_revision_id);
	free(v->source);
	free(v->damaged);
	memset(v, 0, sizeof(*v));
}

static char *dup_or_null(const char *s)
{
	return s ? rd_strdup(s) : NULL;
}

void rd_version_copy(struct rd_version *dst, const struct rd_version *src)
{
	*dst = *src;
	dst->author = dup_or_null(src->author);
	dst->author_id = dup_or_null(src->author_id);
	dst->label = dup_or_null(src->label);
	dst->revision_id = dup_or_null(src->revision_id);
	dst->parent_revision_id = dup_or_null(src->parent_revision_id);
	dst->source = dup_or_null(src->source);
	dst->damaged = dup_or_null(src->damaged);
}

void rd_history_truncate(struct rd_history *h, size_t n)
{
	for (size_t i = n; i < h->n; i++)
		rd_version_release(&h->v[i]);
	h->n = n;
}

void rd_history_release(struct rd_history *h)
{
	if (!h)
		return;
	rd_history_truncate(h, 0);
	free(h->v);
	free(h->entry);
	memset(h, 0, sizeof(*h));
}

/* libgit2's last message, for a damaged version. */
static char *git_reason(const char *what, const char *id)
{
	const git_error *e = git_error_last();
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "%s %s cannot be read: %s", what, id,
		      e && e->message ? e->message : "libgit2 failed");
	return rd_buf_detach(&b, NULL);
}

/* Fills v (number left 0) from a commit.  A missing tree or text file
 * leaves v->damaged saying so (store.h: a store damaged outside revdiff). */
static void version_of(git_repository *repo, git_commit *c, struct rd_version *v)
{
	git_tree *t = NULL;
	const git_tree_entry *te;
	const git_signature *a = git_commit_author(c);
	const char *msg = git_commit_message_raw(c);
	char hex[41];

	memset(v, 0, sizeof(*v));
	v->author = rd_strdup(a->name);
	v->when.sec = a->when.time;
	v->when.tz = a->when.offset;
	v->when.has_time = 1;
	rd_message_parse(v, msg, strlen(msg));
	if (!v->when.has_time)
		v->when.sec = 0, v->when.tz = 0;
	git_oid_tostr(v->commit, sizeof(v->commit), git_commit_id(c));
	if (git_tree_lookup(&t, repo, git_commit_tree_id(c)) < 0) {
		git_oid_tostr(hex, sizeof(hex), git_commit_tree_id(c));
		v->damaged = git_reason("its tree", hex);
	} else if (!(te = git_tree_entry_byname(t, RD_STORE_TEXT_FILE)) ||
		   git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		v->damaged = rd_strdup("it has no '" RD_STORE_TEXT_FILE "' file (not a revdiff commit)");
	} else {
		git_oid_tostr(v->blob, sizeof(v->blob), git_tree_entry_id(te));
	}
	git_tree_free(t);
}

/* RD_EDAMAGED for a commit of entry's chain, `back` before the newest,
 * that cannot be read: the chain is broken there. */
static int damaged_commit(const char *entry, const git_oid *id, size_t back)
{
	const git_error *e = git_error_last();
	const char *why = e && e->message ? e->message : "libgit2 failed";
	char hex[41];

	git_oid_tostr(hex, sizeof(hex), id);
	if (!back)
		return rd_error_set(RD_EDAMAGED, "entry '%s' is damaged: its newest version, "
				    "commit %s, cannot be read: %s", entry, hex, why);
	return rd_error_set(RD_EDAMAGED, "entry '%s' is damaged: commit %s, %zu version%s before "
			    "its newest ('%s@~%zu'), cannot be read: %s", entry, hex, back,
			    back == 1 ? "" : "s", entry, back, why);
}

/* The same from a commit id; RD_EDAMAGED when the commit cannot be read. */
int rd_store_read_version(git_repository *repo, const char *entry, const git_oid *id,
			  struct rd_version *v)
{
	git_commit *c = NULL;

	memset(v, 0, sizeof(*v));
	if (git_commit_lookup(&c, repo, id) < 0)
		return damaged_commit(entry, id, 0);
	version_of(repo, c, v);
	git_commit_free(c);
	return 0;
}

/* ---- opening ------------------------------------------------------------- */

int rd_store_init(struct rd_store **out, const char *path)
{
	git_repository_init_options o;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	struct stat st;
	int err = 0;

	*out = NULL;
	if ((err = rd_git_init()) < 0)
		return err;
	if (stat(path, &st) == 0) {
		char head[PATH_MAX];
		snprintf(head, sizeof(head), "%s/HEAD", path);
		if (!S_ISDIR(st.st_mode)) {
			const char *base = strrchr(path, '/');
			base = base ? base + 1 : path;
			/* the rules file's old name was the store's */
			err = rd_error_set(RD_EEXISTS, "'%s' exists and is not a directory%s", path,
					   !strcmp(base, ".revdiff") ? " (if it holds the rules of "
					   "'revdiff check', rename it: git mv .revdiff .revdiff-rules)" : "");
			goto out;
		}
		if (access(head, F_OK) == 0) {
			err = rd_error_set(RD_EEXISTS, "a repository already exists at '%s'", path);
			goto out;
		}
	}
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		  GIT_REPOSITORY_INIT_NO_REINIT;
	o.description = "revdiff store: versions of entries under refs/heads/entries/\n";
	if (git_repository_init_ext(&repo, path, &o) < 0) {
		err = rd_git_fail(RD_EIO, "cannot create the store");
		goto out;
	}
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_int32(cfg, RD_STORE_CONFIG_KEY, RD_STORE_FORMAT) < 0) {
		err = rd_git_fail(RD_EIO, "cannot write the store's config");
		goto out;
	}
	git_config_free(cfg);
	git_repository_free(repo);
	repo = NULL;
	cfg = NULL;
	err = rd_store_open(out, path);
out:
	git_config_free(cfg);
	git_repository_free(repo);
	return err;
}

/* The `.revdiff` directory nearest the current directory, walking up. */
/* The repository's config file at dir/name checked as rd_config_check. */
static int repo_config_safe(const char *dir, const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	int rc;

	rd_buf_printf(&b, "%s/%s", dir, name);
	rc = rd_config_check(b.ptr);
	rd_buf_release(&b);
	return rc;
}

static int discover(char **out)
{
	char cwd[PATH_MAX];
	struct rd_buf b = RD_BUF_INIT;
	size_t n;

	if (!getcwd(cwd, sizeof(cwd)))
		return rd_error_set(RD_EIO, "cannot find the current directory: %s", strerror(errno));
	n = strlen(cwd);
	for (;;) {
		struct stat st;
		rd_buf_clear(&b);
		rd_buf_put(&b, cwd, n);
		rd_buf_puts(&b, n && cwd[n - 1] == '/' ? ".revdiff" : "/.revdiff");
		if (stat(b.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			*out = rd_buf_detach(&b, NULL);
			return 0;
		}
		if (n <= 1)
			break;
		while (n > 1 && cwd[n - 1] != '/')
			n--;
		if (n > 1)
			n--;
	}
	rd_buf_release(&b);
	return rd_error_set(RD_ENOTFOUND,
			    "no revdiff store: no .revdiff directory here or in any parent "
			    "(create one with 'revdiff init', or name one with --store DIR "
			    "or REVDIFF_STORE)");
}

static int stop_at_first(void *ctx, const char *refname, const char *hex)
{
	(void)ctx; (void)refname; (void)hex;
	return 1;
}

/* Whether any entry ref exists. */
static int has_entries(git_repository *repo)
{
	return rd_refs_foreach(git_repository_path(repo), RD_STORE_REF_PREFIX, stop_at_first, NULL) == 1;
}

int rd_store_open(struct rd_store **out, const char *path)
{
	struct rd_store *s;
	git_config *cfg = NULL;
	int32_t fmt = 0;
	char *where = NULL;
	int err;

	*out = NULL;
	if (!path) {
		if ((err = discover(&where)) < 0)
			return err;
		path = where;
	}
	/* git's rules before libgit2 reads a byte of it: another user's
	 * store is refused, and libgit2, which follows every include of the
	 * config, is only let at one whose includes are regular files. */
	if ((err = rd_trust_dir(path, "store")) < 0 || (err = repo_config_safe(path, "config")) < 0 ||
	    (err = rd_git_init()) < 0) {
		free(where);
		return err;
	}
	s = rd_calloc(1, sizeof(*s));
	s->path = rd_strdup(path);
	if (git_repository_open_ext(&s->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL) < 0) {
		struct stat st;
		struct rd_buf dotgit = RD_BUF_INIT;
		rd_buf_printf(&dotgit, "%s/.git", path);
		/* init would refuse these two: say what they are instead */
		if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			err = rd_error_set(RD_EINVALID, "'%s' is a file, not a revdiff store", path);
		else if (stat(dotgit.ptr, &st) == 0)
			err = rd_error_set(RD_EINVALID, "'%s' is a git work tree, not a revdiff store "
					   "(a store is a bare repository)", path);
		else
			err = rd_error_set(RD_ENOTFOUND, "no revdiff store at '%s' (create one with "
					   "'revdiff --store %s init')", path, path);
		rd_buf_release(&dotgit);
		goto fail;
	}
	if (git_repository_is_bare(s->repo) && git_repository_config_snapshot(&cfg, s->repo) == 0 &&
	    git_config_get_int32(&fmt, cfg, RD_STORE_CONFIG_KEY) < 0 && has_entries(s->repo))
		fmt = RD_STORE_FORMAT; /* a clone: git does not copy config */
	if (!git_repository_is_bare(s->repo) || !cfg || fmt == 0) {
		err = rd_error_set(RD_EINVALID, "'%s' is a git repository but not a revdiff store", path);
		goto fail;
	}
	if (fmt < RD_STORE_FORMAT_OLDEST || fmt > RD_STORE_FORMAT) {
		err = rd_error_set(RD_EINVALID, "'%s' has store format %d; this revdiff knows %d to %d",
				   path, (int)fmt, RD_STORE_FORMAT_OLDEST, RD_STORE_FORMAT);
		goto fail;
	}
	*out = s;
	s = NULL;
	err = 0;
fail:
	git_config_free(cfg);
	free(where);
	rd_store_free(s);
	return err;
}

void rd_store_free(struct rd_store *s)
{
	if (s) {
		git_repository_free(s->repo);
		free(s->path);
	}
	free(s);
}

int rd_store_drop_caches(struct rd_store *s)
{
	git_repository *r;

	/* the same checks passed when s was opened: only the handle renews */
	if (git_repository_open_ext(&r, s->path, GIT_REPOSITORY_OPEN_NO_SEARCH |
				    GIT_REPOSITORY_OPEN_BARE, NULL) < 0)
		return rd_git_fail(RD_EIO, "cannot reopen the store");
	git_repository_free(s->repo);
	s->repo = r;
	return 0;
}

const char *rd_store_path(const struct rd_store *s)
{
	return s->path;
}

/* ---- reading ------------------------------------------------------------ */

/* The tip of an entry's ref: 1 found, 0 absent, < 0 error. */
/* 1 and the ref's id, 0 when absent, or an error.  Read as files
 * (refs.h): libgit2 would parse all of packed-refs for some reads. */
int rd_store_ref_tip(git_repository *repo, const char *refname, git_oid *out)
{
	char hex[41];
	int e = rd_refs_read(git_repository_path(repo), refname, hex);

	if (e == 1 && git_oid_fromstr(out, hex) < 0)
		return rd_error_set(RD_EIO, "%s holds a bad id", refname);
	return e;
}

struct each_entry {
	int (*fn)(void *ctx, const char *entry, const char *commit);
	void *ctx;
};

static int each_entry_ref(void *ctx, const char *refname, const char *hex)
{
	struct each_entry *e = ctx;
	char *entry;
	int rc;

	if (rd_entry_unescape(&entry, refname + strlen(RD_STORE_REF_PREFIX)) < 0)
		return 0; /* not ours: ignore */
	rc = e->fn(e->ctx, entry, hex);
	free(entry);
	return rc;
}

int rd_store_foreach_entry(struct rd_store *s,
			   int (*fn)(void *ctx, const char *entry, const char *commit), void *ctx)
{
	struct each_entry e = { fn, ctx };

	return rd_refs_foreach(git_repository_path(s->repo), RD_STORE_REF_PREFIX, each_entry_ref, &e);
}

struct names {
	char **v;
	size_t n, cap;
};

static int collect_name(void *ctx, const char *entry, const char *commit)
{
	struct names *l = ctx;

	(void)commit;
	rd_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = rd_strdup(entry);
	return 0;
}

int rd_store_entries(struct rd_store *s, char ***out, size_t *n)
{
	struct names l = { NULL, 0, 0 };
	int rc = rd_store_foreach_entry(s, collect_name, &l);

	if (rc < 0) {
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		l.v = NULL;
		l.n = 0;
	}
	*out = l.v;
	*n = l.n;
	return rc < 0 ? rc : 0;
}

int rd_store_trim(struct rd_store *s)
{
	struct rd_buf dir = RD_BUF_INIT;
	git_odb *empty = NULL, *odb = NULL;
	int err = 0;

	/* The old odb, its packs and their mapped indexes go when the last
	 * user (a batch's store_odb) lets go.  libgit2 shares a pack between
	 * the odbs that have it open, so the old one goes first (an empty
	 * one stands in), or the new one would take over its mappings. */
	rd_buf_printf(&dir, "%sobjects", git_repository_path(s->repo)); /* ends in '/' */
	if (git_odb_new(&empty) < 0 || git_repository_set_odb(s->repo, empty) < 0 ||
	    git_odb_open(&odb, dir.ptr) < 0 || git_repository_set_odb(s->repo, odb) < 0)
		err = rd_git_fail(RD_EIO, "cannot open the store's objects");
	git_odb_free(empty);
	git_odb_free(odb);
	rd_buf_release(&dir);
	return err;
}

/* History from a tip commit (first parents), oldest first. */
static int history_from(git_repository *repo, const char *entry, const git_oid *tip,
			struct rd_history *h)
{
	git_oid id = *tip;
	size_t cap = 0;

	for (;;) {
		git_commit *c;
		if (git_commit_lookup(&c, repo, &id) < 0)
			return damaged_commit(entry, &id, h->n);
		rd_grow((void **)&h->v, &cap, h->n + 1, sizeof(*h->v));
		version_of(repo, c, &h->v[h->n++]);
		if (git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			break;
		}
		id = *git_commit_parent_id(c, 0);
		git_commit_free(c);
	}
	for (size_t i = 0; i < h->n / 2; i++) {
		struct rd_version t = h->v[i];
		h->v[i] = h->v[h->n - 1 - i];
		h->v[h->n - 1 - i] = t;
	}
	for (size_t i = 0; i < h->n; i++)
		h->v[i].number = (int)(i + 1);
	return 0;
}

/* The newest commit of entry, or RD_ENOTFOUND naming it. */
static int entry_tip(struct rd_store *s, const char *entry, git_oid *tip)
{
	char *ref = NULL;
	int err;

	if ((err = rd_entry_refname(&ref, entry, NULL)) < 0)
		return err;
	if ((err = rd_store_ref_tip(s->repo, ref, tip)) == 0)
		err = rd_error_set(RD_ENOTFOUND, "no entry '%s' in the store (see 'revdiff list')",
				   entry);
	free(ref);
	return err < 0 ? err : 0;
}

int rd_store_walk(struct rd_store *s, const char *entry,
		  int (*fn)(void *ctx, const struct rd_version *v), void *ctx)
{
	git_oid id;
	size_t back = 0;
	int err;

	if ((err = entry_tip(s, entry, &id)) < 0)
		return err;
	for (; !err; back++) {
		git_commit *c;
		struct rd_version v;
		int last;
		if (git_commit_lookup(&c, s->repo, &id) < 0)
			return damaged_commit(entry, &id, back);
		version_of(s->repo, c, &v);
		if (!(last = git_commit_parentcount(c) == 0))
			id = *git_commit_parent_id(c, 0);
		git_commit_free(c);
		err = fn(ctx, &v);
		rd_version_release(&v);
		if (last)
			break;
	}
	return err;
}

int rd_store_history(struct rd_store *s, const char *entry, struct rd_history *out)
{
	git_oid tip;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = entry_tip(s, entry, &tip)) < 0)
		return err;
	out->entry = rd_strdup(entry);
	if ((err = history_from(s->repo, entry, &tip, out)) < 0)
		rd_history_release(out);
	return err;
}

/* The text of v; entry, when known, is named in errors. */
static int text_of(struct rd_store *s, const char *entry, const struct rd_version *v,
		   struct rd_buf *out)
{
	struct rd_buf where = RD_BUF_INIT;
	git_oid id;
	git_blob *b = NULL;
	int err = 0;

	rd_buf_clear(out);
	if (entry)
		rd_buf_printf(&where, "entry '%s' is damaged: ", entry);
	rd_buf_printf(&where, "version %d (commit %s)", v->number, v->commit);
	if (v->damaged) {
		err = rd_error_set(RD_EDAMAGED, "%s: %s", where.ptr, v->damaged);
	} else if (git_oid_fromstr(&id, v->blob) < 0 || git_blob_lookup(&b, s->repo, &id) < 0) {
		const git_error *e = git_error_last();
		err = rd_error_set(RD_EDAMAGED, "%s: its text, blob %s, cannot be read: %s", where.ptr,
				   v->blob, e && e->message ? e->message : "libgit2 failed");
	} else {
		rd_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		if (!out->ptr)
			rd_buf_puts(out, "");
	}
	git_blob_free(b);
	rd_buf_release(&where);
	return err;
}

int rd_store_text(struct rd_store *s, const struct rd_version *v, struct rd_buf *out)
{
	return text_of(s, NULL, v, out);
}

int rd_store_version_text(struct rd_store *s, const struct rd_history *h, size_t i,
			  struct rd_buf *out)
{
	return text_of(s, h->entry, &h->v[i], out);
}
