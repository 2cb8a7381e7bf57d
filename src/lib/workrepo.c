/*
 * workrepo.c - reading the user's own git repository for `revdiff check`:
 * what the index (or a commit range) changes, file by file, as old and new
 * texts for rules.c, and where git looks for hooks.
 *
 * This is a second libgit2 user beside store.c on purpose: store.c owns
 * revdiff's store, a bare repository whose layout revdiff defines; this
 * file only reads a repository revdiff does not own, opened the way git's
 * hooks expect (GIT_DIR, GIT_INDEX_FILE from the environment), and never
 * writes to it.  Keeping the two apart keeps the store's invariants in one
 * file and keeps hook concerns out of it.
 */
#include "revdiff.h"
#include "git_int.h"

#include <stdlib.h>
#include <string.h>

struct rd_workrepo {
	git_repository *repo;
};

/*
 * git's rules before libgit2 reads the repository's config: the git
 * directory ($GIT_DIR, else the one found walking up) and the work tree
 * around it must be the user's (or in safe.directory), and the config's
 * includes regular files.  Nothing found is left to the open to report.
 */
static int trusted_before_open(void)
{
	const char *env = getenv("GIT_DIR"), *ceiling = getenv("GIT_CEILING_DIRECTORIES");
	git_buf found = { 0 };
	struct rd_buf b = RD_BUF_INIT;
	int rc = 0;

	if (env && *env) {
		rd_buf_puts(&b, env);
	} else {
		if (git_repository_discover(&found, ".", 0, ceiling) < 0)
			return 0;
		rd_buf_puts(&b, found.ptr);
		git_buf_dispose(&found);
	}
	while (b.len > 1 && b.ptr[b.len - 1] == '/')
		b.ptr[--b.len] = '\0';
	/* git names the work tree when there is one: DIR for DIR/.git */
	if (b.len > 5 && !strcmp(b.ptr + b.len - 5, "/.git")) {
		char *top = rd_strndup(b.ptr, b.len - 5);
		rc = rd_trust_repo(top, b.ptr, "repository");
		free(top);
	} else {
		rc = rd_trust_dir(b.ptr, "repository");
	}
	if (!rc) {
		rd_buf_puts(&b, "/config");
		rc = rd_config_check(b.ptr);
	}
	rd_buf_release(&b);
	return rc;
}

int rd_workrepo_open(struct rd_workrepo **out)
{
	git_repository *repo = NULL;
	int e;

	*out = NULL;
	if (rd_git_init() < 0)
		return RD_ERROR;
	if ((e = trusted_before_open()) < 0)
		return e;
	/* FROM_ENV: git runs pre-commit hooks of `git commit -a` and `git
	 * commit PATH` with GIT_INDEX_FILE naming a temporary index; opened
	 * plainly, libgit2 would read .git/index and check the wrong text. */
	e = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (e < 0) {
		int rc = e == GIT_ENOTFOUND
			? rd_error_set(RD_ENOTFOUND, "not in a git repository")
			: rd_git_fail(RD_ERROR, "cannot open the git repository");
		return rc;
	}
	*out = rd_calloc(1, sizeof(**out));
	(*out)->repo = repo;
	return 0;
}

void rd_workrepo_free(struct rd_workrepo *w)
{
	if (w)
		git_repository_free(w->repo);
	free(w);
}

const char *rd_workrepo_workdir(const struct rd_workrepo *w)
{
	return git_repository_workdir(w->repo);
}

int rd_workrepo_hooks_dir(struct rd_workrepo *w, struct rd_buf *out)
{
	git_config *cfg = NULL;
	git_buf b = { 0 };
	int e, rc = 0;

	if (git_repository_config_snapshot(&cfg, w->repo) < 0)
		return rd_git_fail(RD_ERROR, "cannot read the repository's config");
	e = git_config_get_path(&b, cfg, "core.hooksPath");
	if (e == 0 && b.size) {
		/* git takes a relative core.hooksPath from where hooks run: the
		 * top of the work tree, or the git directory when bare. */
		if (b.ptr[0] != '/') {
			const char *base = git_repository_workdir(w->repo);
			rd_buf_puts(out, base ? base : git_repository_path(w->repo));
		}
		rd_buf_puts(out, b.ptr);
	} else if (e == 0 || e == GIT_ENOTFOUND) {
		git_buf_dispose(&b);
		if (git_repository_item_path(&b, w->repo, GIT_REPOSITORY_ITEM_HOOKS) < 0) {
			rc = rd_git_fail(RD_ERROR, "cannot find the hooks directory");
			goto out;
		}
		rd_buf_puts(out, b.ptr);
	} else {
		rc = rd_git_fail(RD_EINVALID, "bad core.hooksPath");
	}
	while (out->len > 1 && out->ptr[out->len - 1] == '/')
		out->ptr[--out->len] = '\0';
out:
	git_buf_dispose(&b);
	git_config_free(cfg);
	return rc;
}

/* HEAD's tree, or NULL before the first commit. */
static int head_tree(git_tree **out, git_repository *repo)
{
	git_reference *head = NULL;
	git_object *tree = NULL;
	int e;

	*out = NULL;
	e = git_repository_head_unborn(repo);
	if (e == 1)
		return 0;
	if (e < 0 || git_repository_head(&head, repo) < 0)
		return rd_git_fail(RD_ERROR, "cannot read HEAD");
	e = git_reference_peel(&tree, head, GIT_OBJECT_TREE);
	git_reference_free(head);
	if (e < 0)
		return rd_git_fail(RD_ERROR, "cannot read HEAD's tree");
	*out = (git_tree *)tree;
	return 0;
}

static int staged_diff(git_diff **out, git_repository *repo)
{
	git_tree *tree = NULL;
	git_index *index = NULL;
	int rc;

	*out = NULL;
	if ((rc = head_tree(&tree, repo)) < 0)
		return rc;
	/* The index the environment names (GIT_INDEX_FILE), see above. */
	if (git_repository_index(&index, repo) < 0) {
		rc = rd_git_fail(RD_ERROR, "cannot read the index");
		goto out;
	}
	if (git_diff_tree_to_index(out, repo, tree, index, NULL) < 0)
		rc = rd_git_fail(RD_ERROR, "cannot diff the index against HEAD");
out:
	git_index_free(index);
	git_tree_free(tree);
	return rc;
}

int rd_workrepo_has_staged(struct rd_workrepo *w)
{
	git_diff *diff = NULL;
	int rc;

	if ((rc = staged_diff(&diff, w->repo)) < 0)
		return rc;
	rc = git_diff_num_deltas(diff) > 0;
	git_diff_free(diff);
	return rc;
}

static int is_file_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int wanted(const char *path, const char *const *paths, size_t npaths)
{
	if (!paths)
		return 1;
	for (size_t i = 0; i < npaths; i++)
		if (!strcmp(paths[i], path))
			return 1;
	return 0;
}

/*
 * A pre-commit check must stay quick, and files past 8 MB are data dumps,
 * logs or generated text rather than prose someone edits by hand; a big
 * rewrite of one would also meet the diff's cost bound and come out as one
 * coarse change.  So they are skipped, with a note, rather than checked.
 */
static int blob_text(git_blob **out, git_repository *repo, const git_oid *id, int *skipped)
{
	git_object_size_t size;

	if (git_blob_lookup(out, repo, id) < 0)
		return rd_git_fail(RD_ERROR, "cannot read a blob");
	size = git_blob_rawsize(*out);
	if (size > RD_CHECK_MAX_FILE)
		*skipped = RD_ETOOBIG;
	else if (rd_text_is_binary(git_blob_rawcontent(*out), (size_t)size))
		*skipped = RD_EBINARY;
	return 0;
}

/* The trees of the commits being merged (MERGE_HEAD), if any. */
struct merge_trees {
	git_repository *repo;
	git_tree **v;
	size_t n, cap;
};

static int add_merge_tree(const git_oid *id, void *payload)
{
	struct merge_trees *m = payload;
	git_commit *c = NULL;
	git_tree *t = NULL;

	if (git_commit_lookup(&c, m->repo, id) < 0 || git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return -1;
	}
	git_commit_free(c);
	rd_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v));
	m->v[m->n++] = t;
	return 0;
}

static void merge_trees_release(struct merge_trees *m)
{
	for (size_t i = 0; i < m->n; i++)
		git_tree_free(m->v[i]);
	free(m->v);
}

/* Hands each changed text file of `diff` to fn. */
static int walk(git_repository *repo, git_diff *diff, const struct merge_trees *merge,
		const char *const *paths, size_t npaths, rd_changed_fn fn, void *ctx)
{
	size_t nm = merge ? merge->n : 0;
	git_blob **mb = rd_calloc(nm + 1, sizeof(*mb));
	const char **others = rd_calloc(nm + 1, sizeof(*others));
	size_t *otherlens = rd_calloc(nm + 1, sizeof(*otherlens));

	git_diff_find_options fo;
	int rc = 0;

	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	/* Renames pair a deleted and an added file by content (git's 50%
	 * default), so a moved file is checked against its old text. */
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &fo) < 0)
		return rd_git_fail(RD_ERROR, "cannot detect renames");
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !rc; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct rd_changed_file f = { 0 };
		git_blob *ob = NULL, *nb = NULL;
		int has_old;

		switch (d->status) {
		case GIT_DELTA_ADDED: case GIT_DELTA_MODIFIED: case GIT_DELTA_RENAMED:
		case GIT_DELTA_COPIED: case GIT_DELTA_TYPECHANGE:
			break;
		default:
			continue; /* deleted files introduce nothing */
		}
		if (!is_file_mode(d->new_file.mode) || !wanted(d->new_file.path, paths, npaths))
			continue;
		has_old = d->status != GIT_DELTA_ADDED && is_file_mode(d->old_file.mode);
		f.path = d->new_file.path;
		f.old_path = has_old ? d->old_file.path : NULL;
		if ((rc = blob_text(&nb, repo, &d->new_file.id, &f.skipped)) < 0)
			goto next;
		if (has_old && (rc = blob_text(&ob, repo, &d->old_file.id, &f.skipped)) < 0)
			goto next;
		if (!f.skipped) {
			f.new = git_blob_rawcontent(nb);
			f.newlen = (size_t)git_blob_rawsize(nb);
			f.old = ob ? git_blob_rawcontent(ob) : "";
			f.oldlen = ob ? (size_t)git_blob_rawsize(ob) : 0;
			for (size_t m = 0; m < nm; m++) {
				git_tree_entry *te = NULL;
				int skip = 0;
				others[m] = "";
				otherlens[m] = 0;
				if (git_tree_entry_bypath(&te, merge->v[m], f.path) == 0 &&
				    is_file_mode((uint16_t)git_tree_entry_filemode(te)) &&
				    blob_text(&mb[m], repo, git_tree_entry_id(te), &skip) == 0 && !skip) {
					others[m] = git_blob_rawcontent(mb[m]);
					otherlens[m] = (size_t)git_blob_rawsize(mb[m]);
				}
				git_tree_entry_free(te);
			}
			f.others = others;
			f.otherlens = otherlens;
			f.nothers = nm;
		}
		rc = fn(ctx, &f);
next:
		for (size_t m = 0; m < nm; m++) {
			git_blob_free(mb[m]);
			mb[m] = NULL;
		}
		git_blob_free(ob);
		git_blob_free(nb);
	}
	free(mb);
	free(others);
	free(otherlens);
	return rc;
}

int rd_workrepo_staged(struct rd_workrepo *w, const char *const *paths, size_t npaths,
		       rd_changed_fn fn, void *ctx)
{
	git_diff *diff = NULL;
	int rc;

	struct merge_trees merge = { w->repo, NULL, 0, 0 };
	int e;

	if ((rc = staged_diff(&diff, w->repo)) < 0)
		return rc;
	/* Committing a merge: its other parents' text is not new either. */
	e = git_repository_mergehead_foreach(w->repo, add_merge_tree, &merge);
	if (e < 0 && e != GIT_ENOTFOUND) {
		rc = rd_git_fail(RD_ERROR, "cannot read MERGE_HEAD");
		goto out;
	}
	rc = walk(w->repo, diff, &merge, paths, npaths, fn, ctx);
out:
	merge_trees_release(&merge);
	git_diff_free(diff);
	return rc;
}

int rd_workrepo_range(struct rd_workrepo *w, const char *range,
		      const char *const *paths, size_t npaths,
		      rd_changed_fn fn, void *ctx)
{
	git_revspec spec = { 0 };
	git_object *base = NULL, *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	int rc = 0;

	if (git_revparse(&spec, w->repo, range) < 0)
		return rd_git_fail(RD_EINVALID, "bad range");
	if (!(spec.flags & GIT_REVSPEC_RANGE) || !spec.from || !spec.to) {
		rc = rd_error_set(RD_EINVALID, "'%s' is not a range: give A..B", range);
		goto out;
	}
	if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
		/* A...B: what B did since it left A, as `git diff A...B`. */
		git_oid mb;
		if (git_merge_base(&mb, w->repo, git_object_id(spec.from), git_object_id(spec.to)) < 0 ||
		    git_object_lookup(&base, w->repo, &mb, GIT_OBJECT_COMMIT) < 0) {
			rc = rd_git_fail(RD_EINVALID, "no merge base");
			goto out;
		}
	}
	if (git_object_peel(&ta, base ? base : spec.from, GIT_OBJECT_TREE) < 0 ||
	    git_object_peel(&tb, spec.to, GIT_OBJECT_TREE) < 0) {
		rc = rd_git_fail(RD_EINVALID, "bad range");
		goto out;
	}
	if (git_diff_tree_to_tree(&diff, w->repo, (git_tree *)ta, (git_tree *)tb, NULL) < 0) {
		rc = rd_git_fail(RD_ERROR, "cannot diff the range");
		goto out;
	}
	rc = walk(w->repo, diff, NULL, paths, npaths, fn, ctx);
out:
	git_diff_free(diff);
	git_object_free(ta);
	git_object_free(tb);
	git_object_free(base);
	git_object_free(spec.from);
	git_object_free(spec.to);
	return rc;
}

int rd_workrepo_index_file(struct rd_workrepo *w, const char *path, size_t max, struct rd_buf *out)
{
	git_index *index = NULL;
	git_blob *blob = NULL;
	const git_index_entry *e;
	int rc = 0;

	if (git_repository_index(&index, w->repo) < 0)
		return rd_git_fail(RD_ERROR, "cannot read the index");
	if (!(e = git_index_get_bypath(index, path, 0)))
		goto out;
	if (!is_file_mode((uint16_t)e->mode)) {
		rc = rd_error_set(RD_EINVALID, "staged '%s' is %s, not a regular file", path,
				  e->mode == GIT_FILEMODE_LINK ? "a symbolic link" : "not a file");
		goto out;
	}
	if (e->file_size > max) {
		rc = rd_error_set(RD_ETOOBIG, "staged '%s' is larger than %zu bytes", path, max);
		goto out;
	}
	if (git_blob_lookup(&blob, w->repo, &e->id) < 0) {
		rc = rd_git_fail(RD_ERROR, "cannot read a staged file");
		goto out;
	}
	/* file_size is only the stat cache: the blob's own size decides */
	if (git_blob_rawsize(blob) > max) {
		rc = rd_error_set(RD_ETOOBIG, "staged '%s' is larger than %zu bytes", path, max);
		goto out;
	}
	rd_buf_clear(out);
	rd_buf_puts(out, "");
	rd_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	rc = 1;
out:
	git_blob_free(blob);
	git_index_free(index);
	return rc;
}

int rd_workrepo_knows(struct rd_workrepo *w, const char *path)
{
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	int rc;

	if (git_repository_index(&index, w->repo) < 0)
		return rd_git_fail(RD_ERROR, "cannot read the index");
	rc = git_index_get_bypath(index, path, 0) != NULL;
	git_index_free(index);
	if (rc)
		return 1;
	if ((rc = head_tree(&tree, w->repo)) < 0)
		return rc;
	rc = tree && git_tree_entry_bypath(&te, tree, path) == 0;
	git_tree_entry_free(te);
	git_tree_free(tree);
	return rc;
}
