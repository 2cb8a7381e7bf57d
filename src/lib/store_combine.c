/*
 * store_combine.c - stores imported in parallel (shards of one dump)
 * combined into one: the other store's objects copied (its packs and
 * loose objects, files git never changes once written) and its entry
 * refs created here, each checked first.  Entries are disjoint between
 * shards; one that both stores hold must point at the same commit.
 * Commit ids depend only on the versions, so the result is the store a
 * single import would have made.
 */
#include "revdiff.h"
#include "refs.h"
#include "store.h"
#include "git_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Puts a copy of `from` at `to` (a hard link when both are on one file
 * system), whole or not at all; an existing `to` is kept (same name, same
 * content: object files are named by their hash). */
static int copy_file(const char *from, const char *to, int *copied)
{
	struct rd_buf tmp = RD_BUF_INIT;
	char buf[1 << 16];
	int in = -1, out = -1, err = 0;
	ssize_t n;

	*copied = 0;
	if (access(to, F_OK) == 0)
		return 0;
	if (link(from, to) == 0) {
		*copied = 1;
		return 0;
	}
	rd_buf_printf(&tmp, "%s.tmp%ld", to, (long)getpid());
	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (out = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444)) < 0) {
		err = rd_error_set(RD_EIO, "cannot copy %s: %s", from, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n < 0 || close(out) < 0 || rename(tmp.ptr, to) < 0)
		err = rd_error_set(RD_EIO, "cannot copy %s: %s", from, strerror(errno));
	else
		*copied = 1;
	out = -1;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err)
		unlink(tmp.ptr);
	rd_buf_release(&tmp);
	return err;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && !strcmp(s + n - k, suf);
}

/* Copies the packs (each .pack before its .idx: git sees a pack by its
 * index) and the loose objects of `from` into `to` (object directories). */
static int copy_objects(const char *from, const char *to, struct rd_combine_stats *st)
{
	struct rd_buf a = RD_BUF_INIT, b = RD_BUF_INIT;
	static const char *const kinds[] = { ".pack", ".idx" };
	struct dirent *d;
	DIR *dh;
	int err = 0, copied;

	for (int k = 0; k < 2 && !err; k++) {
		rd_buf_clear(&a);
		rd_buf_printf(&a, "%s/pack", from);
		if (!(dh = opendir(a.ptr)))
			break;
		while (!err && (d = readdir(dh))) {
			if (strncmp(d->d_name, "pack-", 5) || !has_suffix(d->d_name, kinds[k]))
				continue;
			rd_buf_clear(&a);
			rd_buf_clear(&b);
			rd_buf_printf(&a, "%s/pack/%s", from, d->d_name);
			rd_buf_printf(&b, "%s/pack/%s", to, d->d_name);
			if ((err = copy_file(a.ptr, b.ptr, &copied)) == 0 && copied && k == 0)
				st->packs++;
		}
		closedir(dh);
	}
	for (int i = 0; i < 256 && !err; i++) {
		rd_buf_clear(&a);
		rd_buf_printf(&a, "%s/%02x", from, i);
		if (!(dh = opendir(a.ptr)))
			continue;
		rd_buf_clear(&b);
		rd_buf_printf(&b, "%s/%02x", to, i);
		mkdir(b.ptr, 0777);
		while (!err && (d = readdir(dh))) {
			if (strlen(d->d_name) != 38)
				continue;
			rd_buf_clear(&a);
			rd_buf_clear(&b);
			rd_buf_printf(&a, "%s/%02x/%s", from, i, d->d_name);
			rd_buf_printf(&b, "%s/%02x/%s", to, i, d->d_name);
			if ((err = copy_file(a.ptr, b.ptr, &copied)) == 0 && copied)
				st->loose_objects++;
		}
		closedir(dh);
	}
	rd_buf_release(&a);
	rd_buf_release(&b);
	return err;
}

struct gather {
	const char *here;   /* this store's git directory */
	const char *from;   /* the other store, for messages */
	struct rd_newref *refs;
	size_t n, cap;
	struct rd_combine_stats *st;
};

static int gather_ref(void *ctx, const char *refname, const char *hex)
{
	struct gather *g = ctx;
	char cur[41];
	int have = rd_refs_read(g->here, refname, cur);

	if (have < 0)
		return have;
	if (have && strcmp(cur, hex)) {
		char *entry = NULL;
		rd_entry_unescape(&entry, refname + strlen(RD_STORE_REF_PREFIX));
		have = rd_error_set(RD_EEXISTS, "entry '%s' is in %s and here with different "
				    "histories (shards must hold disjoint pages); nothing was combined",
				    entry ? entry : refname, g->from);
		free(entry);
		return have;
	}
	if (have) {
		g->st->entries_present++;
		return 0;
	}
	rd_grow((void **)&g->refs, &g->cap, g->n + 1, sizeof(*g->refs));
	g->refs[g->n].name = rd_strdup(refname);
	strcpy(g->refs[g->n].hex, hex);
	g->n++;
	return 0;
}

/* Each new entry's newest version is a commit here, with its tree. */
static int check_tips(const char *path, const struct gather *g)
{
	git_repository *repo = NULL;
	int err = 0;

	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH |
				    GIT_REPOSITORY_OPEN_BARE, NULL) < 0)
		return rd_error_set(RD_EIO, "cannot open %s", path);
	for (size_t i = 0; i < g->n && !err; i++) {
		git_oid id;
		git_commit *c = NULL;
		git_tree *t = NULL;
		if (git_oid_fromstr(&id, g->refs[i].hex) < 0 || git_commit_lookup(&c, repo, &id) < 0 ||
		    git_commit_tree(&t, c) < 0)
			err = rd_error_set(RD_EDAMAGED, "%s: %s names %s, which the copied objects "
					   "do not hold whole; nothing was combined", g->from,
					   g->refs[i].name, g->refs[i].hex);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_repository_free(repo);
	return err;
}

int rd_store_combine(struct rd_store *s, const char *other, struct rd_combine_stats *st)
{
	struct rd_combine_stats local;
	struct rd_store *o = NULL;
	struct gather g;
	struct rd_buf from = RD_BUF_INIT, to = RD_BUF_INIT;
	const char *here = rd_store_path(s);
	int err;

	if (!st)
		st = &local;
	memset(&g, 0, sizeof(g));
	if ((err = rd_store_open(&o, other)) < 0)
		return err;
	g.here = here;
	g.from = other;
	g.st = st;
	/* refs first, checked against ours before anything is copied */
	if ((err = rd_refs_foreach(rd_store_path(o), RD_STORE_REF_PREFIX, gather_ref, &g)) < 0)
		goto out;
	rd_buf_printf(&from, "%s/objects", rd_store_path(o));
	rd_buf_printf(&to, "%s/objects", here);
	if ((err = copy_objects(from.ptr, to.ptr, st)) < 0 || (err = check_tips(here, &g)) < 0)
		goto out;
	if ((err = rd_store_create_entries(s, g.refs, g.n)) < 0)
		goto out;
	st->entries_added += g.n;
	st->stores++;
out:
	for (size_t i = 0; i < g.n; i++)
		free(g.refs[i].name);
	free(g.refs);
	rd_buf_release(&from);
	rd_buf_release(&to);
	rd_store_free(o);
	return err;
}
