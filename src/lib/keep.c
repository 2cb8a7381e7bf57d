/*
 * keep.c - packs kept from git's maintenance until a ref names their
 * objects, and small packs merged (store.h, WRITING).
 *
 * `git repack -a -d` (and `git gc`, which runs it) drops every object of
 * the packs it finds that no ref reaches, and `git prune` every such loose
 * object: an object a writer made but has not yet named in a ref is lost
 * if either runs in between, and the ref then names a missing object.  So
 * revdiff writes objects only as packs, and creates each pack's `.keep`
 * file (which repack leaves alone) before the pack appears, as git's own
 * index-pack --keep does; the keep file goes once the ref has moved.
 * The .pack goes into place before its .idx, as git's own writers put
 * them (pack_place says why).
 */
#include "keep.h"
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A pack this large or larger (an import's) is never rewritten: merging
 * is for the one-version packs of `add`. */
#define SMALL_PACK ((off_t)1 << 20)

static char *pack_file(git_repository *repo, const char *hex, const char *suffix)
{
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "%sobjects/pack/pack-%s%s", git_repository_path(repo), hex, suffix);
	return rd_buf_detach(&b, NULL);
}

/* What a pack is, in the order a writer puts them in place. */
static const char *const pack_exts[] = { ".pack", ".idx" };

static void sum_hex(char hex[41], const unsigned char sum[20])
{
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

int rd_keep_take(char **out, git_repository *repo, const unsigned char sum[20])
{
	char hex[41];
	char *path;
	int fd;

	*out = NULL;
	sum_hex(hex, sum);
	path = pack_file(repo, hex, ".keep");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0 && errno == EEXIST) {
		free(path);
		return 0;
	}
	if (fd < 0) {
		int err = rd_error_set(RD_EIO, "cannot write the objects: cannot create "
				       "objects/pack/pack-%s.keep: %s", hex, strerror(errno));
		free(path);
		return err;
	}
	/* what git's index-pack --keep writes: why the pack is kept */
	(void)!write(fd, "revdiff: not yet named by a ref\n", 32);
	close(fd);
	*out = path;
	return 0;
}

void rd_keep_drop(char *path)
{
	if (path)
		unlink(path);
	free(path);
}

/* A stream over the directory open as fd, which stays open; NULL on error. */
static DIR *dir_read(int fd)
{
	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;

	if (!d && dfd >= 0)
		close(dfd);
	return d;
}

/* Empties the directory open as fd (the indexer writes only files). */
static void dir_empty(int fd)
{
	DIR *d = dir_read(fd);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(fd, de->d_name, 0);
	closedir(d);
}

/* Removes the indexer's directory and whatever it left there; fd holds
 * its lock (incoming_sweep). */
static void incoming_remove(char *dir, int fd)
{
	if (fd >= 0)
		dir_empty(fd);
	if (dir)
		rmdir(dir);
	if (fd >= 0)
		close(fd);
	free(dir);
}

/* A directory younger than this is left alone even when unlocked: its
 * writer may not have locked it yet. */
#define INCOMING_GRACE_S 600

/*
 * Removes what a killed writer left: each writer holds a flock on its
 * objects/revdiff-incoming-* directory while it works (the kernel drops
 * it when the writer dies), so one that can be locked, and is older than
 * the grace, has no writer.  Entries are opened without following links.
 */
static void incoming_sweep(git_repository *repo)
{
	struct rd_buf b = RD_BUF_INIT;
	int ofd;
	DIR *d;
	struct dirent *de;
	time_t now = time(NULL);

	rd_buf_printf(&b, "%sobjects", git_repository_path(repo));
	ofd = open(b.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	rd_buf_release(&b);
	if (ofd < 0)
		return;
	if (!(d = dir_read(ofd))) {
		close(ofd);
		return;
	}
	while ((de = readdir(d))) {
		struct stat st;
		int fd;
		if (strncmp(de->d_name, "revdiff-incoming-", 17))
			continue;
		fd = openat(ofd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && now - st.st_mtime >= INCOMING_GRACE_S &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0) {
			dir_empty(fd);
			unlinkat(ofd, de->d_name, AT_REMOVEDIR);
		}
		close(fd);
	}
	closedir(d);
	close(ofd);
}

/*
 * Moves pack-<hex>.pack, then pack-<hex>.idx, from the indexer's
 * directory into objects/pack: git's own order (index-pack, fast-import).
 * libgit2's indexer puts the .idx in place first, and a `git gc` that
 * reads objects/pack between the two finds an .idx without its .pack,
 * takes it for what an interrupted write left, and deletes the .idx and
 * the .keep: the pack is then invisible and its objects lost.
 */
static int pack_place(git_repository *repo, const char *dir, const char *hex)
{
	int err = 0;

	for (size_t i = 0; i < 2 && !err; i++) {
		struct rd_buf from = RD_BUF_INIT;
		char *to = pack_file(repo, hex, pack_exts[i]);
		rd_buf_printf(&from, "%s/pack-%s%s", dir, hex, pack_exts[i]);
		if (rename(from.ptr, to) < 0)
			err = rd_error_set(RD_EIO, "cannot write the objects: cannot move "
					   "objects/pack/pack-%s%s into place: %s", hex, pack_exts[i],
					   strerror(errno));
		rd_buf_release(&from);
		free(to);
	}
	return err;
}

/* Whether a file of the pack named hex is there (or cannot be told). */
static int pack_there(git_repository *repo, const char *hex)
{
	int there = 0;

	for (size_t i = 0; i < 2 && !there; i++) {
		char *p = pack_file(repo, hex, pack_exts[i]);
		there = access(p, F_OK) == 0 || errno != ENOENT;
		free(p);
	}
	return there;
}

/* The packs this process wrote (the last few): a retried add builds the
 * same stream again, but its first pack, no longer kept, may be on the
 * list of a `git repack` still running, which deletes it by name. */
static char written[16][41];
static unsigned nwritten;

static int written_before(const char *hex)
{
	for (unsigned i = 0; i < nwritten && i < 16; i++)
		if (!strcmp(written[i], hex))
			return 1;
	return 0;
}

/*
 * Takes the keep file of a pack name no file has had: a `git repack`
 * deletes every pack it listed when it began, by name and whatever it
 * finds there by then, so a pack written under the name of one it listed
 * (an earlier try of the same add, or the same objects written by
 * another writer) is lost, its keep file with it.  When the name is not
 * new, the stream is salted (pack.h) until it is.  hex gets the name.
 */
static int take_new_name(char **keep, git_repository *repo, struct rd_pack *pack, char hex[41])
{
	for (int attempt = 0;; attempt++) {
		const unsigned char *sum = (const unsigned char *)pack->data.ptr + pack->data.len - 20;
		int err;

		sum_hex(hex, sum);
		if (!written_before(hex)) {
			if ((err = rd_keep_take(keep, repo, sum)) < 0)
				return err;
			if (*keep && !pack_there(repo, hex))
				return 0;
			rd_keep_drop(*keep);
			*keep = NULL;
		}
		if (attempt == 16)
			return rd_error_set(RD_EIO, "cannot write the objects: every name tried was "
					    "taken (the last, objects/pack/pack-%s)", hex);
		rd_pack_salt(pack);
	}
}

int rd_keep_write_pack(char **keep, git_repository *repo, git_odb *odb, struct rd_pack *pack)
{
	git_indexer *ix = NULL;
	git_indexer_options opts;
	git_indexer_progress stats = { 0 };
	struct rd_buf b = RD_BUF_INIT;
	const git_error *e;
	char hex[41], *dir = NULL;
	int err, dirfd = -1;

	*keep = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.version = GIT_INDEXER_OPTIONS_VERSION;
	/* the indexer names a pack by its checksum, as git does: the keep
	 * file must have that name, or it protects nothing */
	if ((err = take_new_name(keep, repo, pack, hex)) < 0)
		return err;
	/* the indexer works in a directory of its own beside objects/pack (a
	 * rename from it is atomic), not named tmp_* (git prune removes those) */
	incoming_sweep(repo);
	rd_buf_printf(&b, "%sobjects/revdiff-incoming-XXXXXX", git_repository_path(repo));
	dir = rd_buf_detach(&b, NULL);
	if (!mkdtemp(dir)) {
		err = rd_error_set(RD_EIO, "cannot write the objects: cannot create "
				   "objects/revdiff-incoming-*: %s", strerror(errno));
		free(dir);
		dir = NULL;
	} else if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		   flock(dirfd, LOCK_EX) < 0) {
		err = rd_error_set(RD_EIO, "cannot write the objects: cannot lock %s: %s",
				   strrchr(dir, '/') + 1, strerror(errno));
	} else if (git_indexer_new(&ix, dir, 0, odb, &opts) < 0 ||
		   git_indexer_append(ix, pack->data.ptr, pack->data.len, &stats) < 0 ||
		   git_indexer_commit(ix, &stats) < 0) {
		e = git_error_last();
		err = rd_error_set(RD_EIO, "cannot write the objects (a pack): %s",
				   e && e->message ? e->message : strerror(errno));
	} else if (stats.indexed_objects != pack->count) {
		err = rd_error_set(RD_EIO, "the pack written does not hold what was given");
	} else {
		err = pack_place(repo, dir, hex);
	}
	git_indexer_free(ix);
	incoming_remove(dir, dirfd);
	if (err) {
		rd_keep_drop(*keep);
		*keep = NULL;
	} else {
		strcpy(written[nwritten++ % 16], hex);
	}
	return err;
}

/* The ids of a version 2 .idx file (git's format: magic, version, 256
 * cumulative counts, then the sorted ids); 0 objects when it is not one. */
static git_oid *idx_ids(const char *path, size_t *n)
{
	unsigned char head[8 + 256 * 4];
	git_oid *ids = NULL;
	FILE *f = fopen(path, "rb");

	*n = 0;
	if (!f)
		return NULL;
	if (fread(head, 1, sizeof(head), f) == sizeof(head) && !memcmp(head, "\377tOc\0\0\0\2", 8)) {
		const unsigned char *c = head + 8 + 255 * 4;
		size_t count = (size_t)c[0] << 24 | (size_t)c[1] << 16 | (size_t)c[2] << 8 | c[3];
		ids = rd_calloc(count ? count : 1, sizeof(*ids));
		for (size_t i = 0; i < count; i++)
			if (fread(ids[i].id, 1, GIT_OID_RAWSZ, f) != GIT_OID_RAWSZ)
				break;
			else
				*n = i + 1;
	}
	fclose(f);
	return ids;
}

/* The small packs without a keep file: their names, "pack-<hex>". */
static char **small_packs(git_repository *repo, size_t *n)
{
	char *dir = pack_file(repo, "", ""), **out = NULL;
	size_t cap = 0, dl = strlen(dir) - strlen("pack-");
	DIR *d;
	struct dirent *de;

	*n = 0;
	dir[dl] = '\0';
	if (!(d = opendir(dir))) {
		free(dir);
		return NULL;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		struct stat st;
		char *p;
		if (l != 50 || strncmp(de->d_name, "pack-", 5) || strcmp(de->d_name + 45, ".pack"))
			continue;
		p = rd_malloc(dl + l + 1);
		memcpy(p, dir, dl);
		memcpy(p + dl, de->d_name, l - 5);
		strcpy(p + dl + l - 5, ".keep");
		if (access(p, F_OK) != 0) {
			strcpy(p + dl + l - 5, ".pack");
			if (stat(p, &st) == 0 && st.st_size < SMALL_PACK) {
				rd_grow((void **)&out, &cap, *n + 1, sizeof(*out));
				out[(*n)++] = rd_strndup(de->d_name, l - 5);
			}
		}
		free(p);
	}
	closedir(d);
	free(dir);
	return out;
}

/* One merger at a time (the others go on): an fcntl lock on the store's
 * revdiff-merge file, dropped by the kernel if its holder dies. */
static int merge_lock(git_repository *repo)
{
	struct rd_buf b = RD_BUF_INIT;
	struct flock fl = { 0 };
	int fd;

	rd_buf_printf(&b, "%srevdiff-merge", git_repository_path(repo));
	fd = open(b.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	rd_buf_release(&b);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fd >= 0 && fcntl(fd, F_SETLK, &fl) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int oid_cmp(const void *a, const void *b)
{
	return memcmp(((const git_oid *)a)->id, ((const git_oid *)b)->id, GIT_OID_RAWSZ);
}

/* The first of the sorted ids equal to id (there is one). */
static size_t oid_index(const git_oid *sorted, size_t n, const git_oid *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (oid_cmp(&sorted[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void rd_packs_merge(git_repository *repo, git_odb *odb)
{
	size_t n = 0, nall = 0, cap = 0;
	char **packs = small_packs(repo, &n), *keep = NULL, *taken = NULL;
	git_oid *all = NULL, *sorted = NULL;
	struct rd_pack pack;
	int lock = -1, ok = 1;

	rd_pack_init(&pack);
	if (n <= RD_PACKS_MAX || (lock = merge_lock(repo)) < 0)
		goto out;
	/* every pack's ids, in pack order: an object two packs hold (a text
	 * two batches wrote) goes into the merged pack once, or the indexer
	 * would count fewer objects than were given, and the merge fail */
	for (size_t i = 0; i < n && ok; i++) {
		char *idx = pack_file(repo, packs[i] + 5, ".idx");
		size_t k;
		git_oid *ids = idx_ids(idx, &k);
		if ((ok = k > 0)) {
			rd_grow((void **)&all, &cap, nall + k, sizeof(*all));
			memcpy(all + nall, ids, k * sizeof(*ids));
			nall += k;
		}
		free(ids);
		free(idx);
	}
	if (ok) {
		sorted = rd_malloc(nall * sizeof(*sorted));
		memcpy(sorted, all, nall * sizeof(*sorted));
		qsort(sorted, nall, sizeof(*sorted), oid_cmp);
		taken = rd_calloc(nall, 1);
	}
	for (size_t j = 0; j < nall && ok; j++) {
		git_odb_object *o;
		git_object_t t;
		size_t at = oid_index(sorted, nall, &all[j]);
		if (taken[at])
			continue;
		taken[at] = 1;
		if (git_odb_read(&o, odb, &all[j]) < 0) {
			ok = 0;
			break;
		}
		t = git_odb_object_type(o);
		rd_pack_add(&pack, t == GIT_OBJECT_COMMIT ? RD_PACK_COMMIT :
			    t == GIT_OBJECT_TREE ? RD_PACK_TREE : RD_PACK_BLOB,
			    git_odb_object_data(o), git_odb_object_size(o));
		ok = t == GIT_OBJECT_COMMIT || t == GIT_OBJECT_TREE || t == GIT_OBJECT_BLOB;
		git_odb_object_free(o);
	}
	if (!ok || !rd_pack_finish(&pack) ||
	    rd_keep_write_pack(&keep, repo, odb, &pack) < 0)
		goto out;
	/* every object is in the merged pack now: the index first, so that
	 * no reader finds a pack without one */
	for (size_t i = 0; i < n; i++) {
		char *idx = pack_file(repo, packs[i] + 5, ".idx"), *p = pack_file(repo, packs[i] + 5, ".pack");
		unlink(idx);
		unlink(p);
		free(idx);
		free(p);
	}
	/* its objects were all reachable or garbage: nothing to keep now */
	rd_keep_drop(keep);
	keep = NULL;
out:
	rd_keep_drop(keep);
	rd_pack_release(&pack);
	free(all);
	free(sorted);
	free(taken);
	for (size_t i = 0; i < n; i++)
		free(packs[i]);
	free(packs);
	if (lock >= 0)
		close(lock);
	rd_error_clear();
}
