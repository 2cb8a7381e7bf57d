/*
 * refs.c - entry refs as files, in git's formats (refs.h says why).
 */
#include "revdiff.h"
#include "refs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEXSZ 40
/* How long a writer waits for packed-refs.lock (git waits 1 s). */
#define PACKED_WAIT_MS 3000

static char *path_of(const char *gitdir, const char *name, const char *suffix)
{
	struct rd_buf b = RD_BUF_INIT;
	size_t n = strlen(gitdir);

	rd_buf_printf(&b, "%s%s%s%s", gitdir, n && gitdir[n - 1] == '/' ? "" : "/", name, suffix);
	return rd_buf_detach(&b, NULL);
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- packed-refs, mapped ------------------------------------------------- */

struct packed {
	const char *map;
	size_t len;
	size_t first; /* the first record, after the header */
	int sorted;
};

static int packed_open(struct packed *p, const char *gitdir)
{
	char *path = path_of(gitdir, "packed-refs", "");
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	memset(p, 0, sizeof(*p));
	if (fd < 0) {
		if (errno != ENOENT)
			err = rd_error_set(RD_EIO, "cannot read %s: %s", path, strerror(errno));
		free(path);
		return err;
	}
	if (fstat(fd, &st) < 0) {
		err = rd_error_set(RD_EIO, "cannot read %s: %s", path, strerror(errno));
	} else if (st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			err = rd_error_set(RD_EIO, "cannot map %s: %s", path, strerror(errno));
		} else {
			p->map = m;
			p->len = (size_t)st.st_size;
		}
	}
	close(fd);
	free(path);
	if (p->len && p->map[0] == '#') {
		const char *nl = memchr(p->map, '\n', p->len);
		size_t hl = nl ? (size_t)(nl - p->map) : p->len;
		p->first = nl ? hl + 1 : p->len;
		/* git's traits: " sorted " says the records are in strcmp order */
		for (size_t i = 0; i + 8 <= hl; i++)
			if (!memcmp(p->map + i, " sorted ", 8) ||
			    (i + 7 == hl && !memcmp(p->map + i, " sorted", 7)))
				p->sorted = 1;
	}
	return err;
}

static void packed_close(struct packed *p)
{
	if (p->map)
		munmap((void *)p->map, p->len);
	memset(p, 0, sizeof(*p));
}

/* The record starting at `at`: its name [*name, *name + *nlen), and the
 * offset just after it and its peel line.  0 when `at` holds no record. */
static int record_at(const struct packed *p, size_t at, const char **name, size_t *nlen,
		     size_t *next)
{
	const char *end = memchr(p->map + at, '\n', p->len - at);
	size_t e = end ? (size_t)(end - p->map) : p->len;

	*next = end ? e + 1 : p->len;
	while (*next < p->len && p->map[*next] == '^') {
		const char *n2 = memchr(p->map + *next, '\n', p->len - *next);
		*next = n2 ? (size_t)(n2 - p->map) + 1 : p->len;
	}
	if (e - at < HEXSZ + 2 || p->map[at + HEXSZ] != ' ' || !is_hex(p->map + at, HEXSZ))
		return 0;
	*name = p->map + at + HEXSZ + 1;
	*nlen = e - at - HEXSZ - 1;
	return 1;
}

static int name_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* Finds refname: its record's offset, or -1. */
static long packed_find(const struct packed *p, const char *refname)
{
	size_t lo = p->first, hi = p->len, next, nlen;
	const char *name;

	if (!p->sorted) {
		for (size_t at = lo; at < hi; at = next)
			if (record_at(p, at, &name, &nlen, &next) && !name_cmp(name, nlen, refname))
				return (long)at;
		return -1;
	}
	while (lo < hi) {
		size_t at = lo + (hi - lo) / 2;
		int c;
		while (at > lo && p->map[at - 1] != '\n')
			at--;
		if (p->map[at] == '^') { /* a peel line: its record is the one before */
			at--;
			while (at > lo && p->map[at - 1] != '\n')
				at--;
		}
		if (!record_at(p, at, &name, &nlen, &next))
			return -1; /* not git's format: found nothing rather than guess */
		c = name_cmp(name, nlen, refname);
		if (!c)
			return (long)at;
		if (c < 0)
			lo = next;
		else
			hi = at;
	}
	return -1;
}

/* The offset of the first record from `from` on whose name is not below
 * refname (p->len when none): where refname goes.  p must be sorted. */
static size_t packed_lower_bound(const struct packed *p, size_t from, const char *refname)
{
	size_t lo = from, hi = p->len, next, nlen;
	const char *name;

	while (lo < hi) {
		size_t at = lo + (hi - lo) / 2;
		while (at > lo && p->map[at - 1] != '\n')
			at--;
		while (at > lo && p->map[at] == '^') {
			at--;
			while (at > lo && p->map[at - 1] != '\n')
				at--;
		}
		if (!record_at(p, at, &name, &nlen, &next) || name_cmp(name, nlen, refname) >= 0)
			hi = at;
		else
			lo = next;
	}
	return lo;
}

/*
 * The pages of packed-refs read through the map stay in the process's
 * resident memory until unmapped: at 10^6 entries (78 MB) a lookup per
 * page of a dump, or one copy of the file, would hold all of it.  They
 * are given back as the reading moves on (they are the page cache's,
 * so reading them again costs a minor fault, not I/O).
 */
static void packed_forget(const struct packed *p, size_t from, size_t to)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	from -= from % pg;
	if (to > p->len)
		to = p->len;
	if (p->map && to > from)
		madvise((void *)(p->map + from), to - from, MADV_DONTNEED);
}

/* Copies [from, to) of packed-refs to out, then forgets those pages. */
static void packed_copy(FILE *out, const struct packed *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	fwrite(p->map + from, 1, to - from, out);
	packed_forget(p, from, to);
}

/* ---- one ref ------------------------------------------------------------ */

/* A loose ref's id: 1, 0 when there is no file, RD_EIO; a symbolic or
 * malformed ref reads as absent (git would not take it as an id). */
static int loose_read(const char *path, char hex[41])
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
			rd_error_set(RD_EIO, "cannot read %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < HEXSZ || !is_hex(buf, HEXSZ) || (n > HEXSZ && buf[HEXSZ] != '\n'))
		return 0;
	memcpy(hex, buf, HEXSZ);
	hex[HEXSZ] = '\0';
	return 1;
}

/* The last packed-refs read, kept mapped while the file is the same
 * (same inode, size and time): an import looks up every page's entry. */
static struct {
	char *gitdir;
	struct stat st;
	struct packed p;
	unsigned long lookups;
} cache;

/* Lookups between two givebacks of the map's pages: a lookup's binary
 * search faults in about ten new 64 KiB runs (the kernel maps pages
 * around the one read), so this holds at most some 40 MB, and re-reading
 * the top of the search after each giveback costs little. */
#define FORGET_EVERY 64
/* A listing gives back what it has read every this many bytes. */
#define FORGET_BYTES ((size_t)1 << 20)

static int packed_cached(const struct packed **out, const char *gitdir)
{
	char *path = path_of(gitdir, "packed-refs", "");
	struct stat st;
	int rc = 0, have = stat(path, &st) == 0;

	free(path);
	if (cache.gitdir && !strcmp(cache.gitdir, gitdir) && have &&
	    st.st_ino == cache.st.st_ino && st.st_dev == cache.st.st_dev &&
	    st.st_size == cache.st.st_size && st.st_mtim.tv_sec == cache.st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == cache.st.st_mtim.tv_nsec) {
		*out = &cache.p;
		return 0;
	}
	packed_close(&cache.p);
	free(cache.gitdir);
	cache.gitdir = NULL;
	if ((rc = packed_open(&cache.p, gitdir)) < 0)
		return rc;
	/* keyed by what stat saw before the open: a file replaced between
	 * the two is read again next time */
	if (have) {
		cache.gitdir = rd_strdup(gitdir);
		cache.st = st;
	}
	*out = &cache.p;
	return 0;
}

int rd_refs_read(const char *gitdir, const char *refname, char hex[41])
{
	char *path = path_of(gitdir, refname, "");
	const struct packed *p;
	long at;
	int rc = loose_read(path, hex);

	free(path);
	if (rc)
		return rc;
	if ((rc = packed_cached(&p, gitdir)) < 0)
		return rc;
	if ((at = packed_find(p, refname)) >= 0) {
		memcpy(hex, p->map + at, HEXSZ);
		hex[HEXSZ] = '\0';
		rc = 1;
	}
	if (++cache.lookups % FORGET_EVERY == 0)
		packed_forget(p, 0, p->len);
	return rc;
}

/* Makes the directories of refname under gitdir, as git does on demand. */
static int make_dirs(const char *gitdir, const char *refname)
{
	const char *slash = refname;
	int err = 0;

	while (!err && (slash = strchr(slash, '/'))) {
		char *part = rd_strndup(refname, (size_t)(slash - refname));
		char *dir = path_of(gitdir, part, "");
		if (mkdir(dir, 0777) < 0 && errno != EEXIST)
			err = rd_error_set(RD_EIO, "cannot create %s: %s", dir, strerror(errno));
		free(part);
		free(dir);
		slash++;
	}
	return err;
}

/* Takes a ref's lock as git does (created exclusively, its directories
 * made on demand); the descriptor, or an error with *locked set when
 * another writer holds it. */
static int lock_ref(const char *gitdir, const char *refname, const char *lock, int *locked)
{
	int fd;

	*locked = 0;
	if ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0 && errno == ENOENT &&
	    make_dirs(gitdir, refname) == 0)
		fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd >= 0)
		return fd;
	if (errno == EEXIST) {
		*locked = 1;
		return rd_error_set(RD_ECONFLICT, "%s is locked", refname);
	}
	return rd_error_set(RD_EIO, "cannot create %s: %s", lock, strerror(errno));
}

int rd_refs_cas(const char *gitdir, const char *refname, const char *old_hex,
		const char *new_hex, int *locked)
{
	char *path = path_of(gitdir, refname, ""), *lock = path_of(gitdir, refname, ".lock");
	char cur[41], line[HEXSZ + 1];
	int fd, have, err = 0;

	if ((fd = lock_ref(gitdir, refname, lock, locked)) < 0) {
		err = fd;
		goto out;
	}
	/* the check runs under the lock: no revdiff or git writer can move
	 * the ref between it and the rename */
	if ((have = rd_refs_read(gitdir, refname, cur)) < 0) {
		err = have;
	} else if (old_hex ? !have || strcmp(cur, old_hex) : have) {
		err = rd_error_set(RD_ECONFLICT, "%s was moved meanwhile", refname);
	} else {
		memcpy(line, new_hex, HEXSZ);
		line[HEXSZ] = '\n';
		if (write(fd, line, sizeof(line)) != (ssize_t)sizeof(line))
			err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
	}
	if (close(fd) < 0 && !err)
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
	if (!err && rename(lock, path) < 0)
		err = rd_error_set(RD_EIO, "cannot move %s: %s", path, strerror(errno));
	if (err)
		unlink(lock);
out:
	free(path);
	free(lock);
	return err;
}

/* ---- creating many: one merge into packed-refs --------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct rd_newref *)a)->name, ((const struct rd_newref *)b)->name);
}

/*
 * Takes packed-refs.lock.  Its inode is noted (store.h, THE GUARD) before
 * the lock exists: the file is made under a name of revdiff's own, noted,
 * and linked into place, so a writer killed at any step leaves either no
 * lock or one the next writer knows by its inode.  Made under the lock's
 * own name, a kill between making it and noting it left a lock no one
 * could tell from git's.
 */
static int take_packed_lock(const char *gitdir, const char *lock, int *fd,
			    int (*note)(void *ctx, unsigned long lock_ino), void *ctx)
{
	char *tmp = path_of(gitdir, RD_REFS_PACKED_TMP, "");
	struct timespec t0, t;
	struct stat st;
	int err = 0;

	unlink(tmp); /* a dead writer's: only the guard's holder makes it */
	if ((*fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0 || fstat(*fd, &st) < 0) {
		err = rd_error_set(RD_EIO, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (note && (err = note(ctx, (unsigned long)st.st_ino)) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (link(tmp, lock) < 0) {
		if (errno != EEXIST) {
			err = rd_error_set(RD_EIO, "cannot create %s: %s", lock, strerror(errno));
			goto out;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= PACKED_WAIT_MS) {
			err = rd_error_set(RD_ECONFLICT, "%s is held by another writer (git pack-refs "
					   "or gc?): retry (if none is running, remove it)", lock);
			goto out;
		}
		usleep(10000);
	}
out:
	if (err < 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	unlink(tmp);
	free(tmp);
	return err;
}

int rd_refs_pack_new(const char *gitdir, struct rd_newref *refs, size_t n,
		     int (*note)(void *ctx, unsigned long lock_ino), void *ctx)
{
	static const char header[] = "# pack-refs with: peeled fully-peeled sorted \n";
	char *path = path_of(gitdir, "packed-refs", ""), *lock = path_of(gitdir, "packed-refs", ".lock");
	struct packed p = { 0 };
	FILE *out = NULL;
	size_t at, next, nlen, k = 0;
	const char *name;
	int fd = -1, err;

	if (!n) {
		free(path);
		free(lock);
		return 0;
	}
	qsort(refs, n, sizeof(*refs), by_name);
	if ((err = take_packed_lock(gitdir, lock, &fd, note, ctx)) < 0)
		goto out;
	/* under the guard no revdiff writer makes loose entry refs; git might */
	for (size_t i = 0; i < n; i++) {
		char *lp = path_of(gitdir, refs[i].name, ""), cur[41];
		int have = loose_read(lp, cur);
		free(lp);
		if (have < 0 || (have && strcmp(cur, refs[i].hex))) {
			err = have < 0 ? have : rd_error_set(RD_ECONFLICT, "%s was created meanwhile", refs[i].name);
			goto fail;
		}
	}
	if ((err = packed_open(&p, gitdir)) < 0)
		goto fail;
	if (p.len && !p.sorted) {
		err = rd_error_set(RD_EIO, "%s is not sorted (an old git wrote it): run 'git pack-refs' "
				   "in the store first", path);
		goto fail;
	}
	if (!(out = fdopen(fd, "w"))) {
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (p.first)
		packed_copy(out, &p, 0, p.first);
	else
		fputs(header, out);
	/* the old records between two new ones are copied as one run */
	for (at = p.first; k < n; k++) {
		size_t pos = packed_lower_bound(&p, at, refs[k].name);
		packed_copy(out, &p, at, pos);
		at = pos;
		if (at < p.len && record_at(&p, at, &name, &nlen, &next) &&
		    !name_cmp(name, nlen, refs[k].name)) {
			if (memcmp(p.map + at, refs[k].hex, HEXSZ)) {
				err = rd_error_set(RD_ECONFLICT, "%s was created meanwhile", refs[k].name);
				goto fail;
			}
			continue; /* there already, with this id */
		}
		fprintf(out, "%s %s\n", refs[k].hex, refs[k].name);
	}
	packed_copy(out, &p, at, p.len);
	if (p.len > p.first && p.map[p.len - 1] != '\n')
		fputc('\n', out);
	if (fflush(out) != 0 || ferror(out)) {
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
		goto fail;
	}
	if (fclose(out) != 0) {
		out = NULL;
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
		goto fail;
	}
	out = NULL;
	if (rename(lock, path) < 0) {
		err = rd_error_set(RD_EIO, "cannot move %s: %s", path, strerror(errno));
		goto fail;
	}
	goto out;
fail:
	if (out)
		fclose(out);
	if (fd >= 0)
		close(fd);
	unlink(lock);
out:
	packed_close(&p);
	free(path);
	free(lock);
	return err;
}

/* ---- deleting ------------------------------------------------------------ */

/* Writes packed-refs without the record at [at, next) through its lock
 * (fd, closed here), then renames it into place; the lock is gone after. */
static int packed_drop(const char *gitdir, const struct packed *p, size_t at, size_t next, int fd)
{
	char *path = path_of(gitdir, "packed-refs", ""), *lock = path_of(gitdir, "packed-refs", ".lock");
	FILE *out = fdopen(fd, "w");
	int err = 0;

	if (!out) {
		close(fd);
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
		goto out;
	}
	packed_copy(out, p, 0, at);
	packed_copy(out, p, next, p->len);
	if (fflush(out) != 0 || ferror(out))
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
	if (fclose(out) != 0 && !err)
		err = rd_error_set(RD_EIO, "cannot write %s: %s", lock, strerror(errno));
	if (!err && rename(lock, path) < 0)
		err = rd_error_set(RD_EIO, "cannot move %s: %s", path, strerror(errno));
out:
	if (err)
		unlink(lock);
	free(path);
	free(lock);
	return err;
}

int rd_refs_delete(const char *gitdir, const char *refname, const char *old_hex,
		   int (*note)(void *ctx, unsigned long lock_ino), void *ctx, int *locked)
{
	char *path = path_of(gitdir, refname, ""), *lock = path_of(gitdir, refname, ".lock");
	char *plock = path_of(gitdir, "packed-refs", ".lock"), cur[41];
	struct packed p = { 0 };
	size_t next = 0, nlen;
	const char *name;
	long at = -1;
	int fd, pfd = -1, loose, err = 0;

	if ((fd = lock_ref(gitdir, refname, lock, locked)) < 0) {
		err = fd;
		goto out;
	}
	close(fd);
	/* under both locks, as git deletes: the packed record goes first,
	 * so that a crash in between leaves the loose ref, never an older
	 * packed id showing through */
	if ((loose = loose_read(path, cur)) < 0) {
		err = loose;
		goto unlock;
	}
	if ((err = take_packed_lock(gitdir, plock, &pfd, note, ctx)) < 0) {
		*locked = err == RD_ECONFLICT ? 2 : 0;
		goto unlock;
	}
	if ((err = packed_open(&p, gitdir)) < 0)
		goto unlock;
	if ((at = packed_find(&p, refname)) >= 0)
		record_at(&p, (size_t)at, &name, &nlen, &next);
	if (!loose && at < 0) {
		err = rd_error_set(RD_ENOTFOUND, "no ref %s", refname);
	} else if (strncmp(loose ? cur : p.map + at, old_hex, HEXSZ)) {
		err = rd_error_set(RD_ECONFLICT, "%s was moved meanwhile", refname);
	} else {
		if (at >= 0) {
			err = packed_drop(gitdir, &p, (size_t)at, next, pfd);
			pfd = -1;
		}
		if (!err && loose && unlink(path) < 0 && errno != ENOENT)
			err = rd_error_set(RD_EIO, "cannot remove %s: %s", path, strerror(errno));
	}
unlock:
	if (pfd >= 0) {
		close(pfd);
		unlink(plock);
	}
	unlink(lock);
out:
	packed_close(&p);
	free(path);
	free(lock);
	free(plock);
	return err;
}

/* ---- listing ---------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rd_refs_foreach(const char *gitdir, const char *prefix,
		    int (*fn)(void *ctx, const char *refname, const char *hex), void *ctx)
{
	char *dir = path_of(gitdir, prefix, ""), **loose = NULL, hex[41];
	size_t nloose = 0, cap = 0, li = 0, plen = strlen(prefix), at, next, nlen, forgot;
	struct rd_buf name = RD_BUF_INIT;
	struct packed p = { 0 };
	struct dirent *d;
	const char *pn;
	DIR *dh;
	int rc = 0;

	/* the loose ones, sorted (few, unless git unpacked them) */
	if ((dh = opendir(dir))) {
		while ((d = readdir(dh))) {
			size_t l = strlen(d->d_name);
			if (d->d_name[0] == '.' || (l > 5 && !strcmp(d->d_name + l - 5, ".lock")))
				continue;
			rd_grow((void **)&loose, &cap, nloose + 1, sizeof(*loose));
			loose[nloose++] = rd_strdup(d->d_name);
		}
		closedir(dh);
		if (nloose) /* qsort wants a non-NULL array */
			qsort(loose, nloose, sizeof(*loose), str_cmp);
	}
	if ((rc = packed_open(&p, gitdir)) < 0)
		goto out;
	at = forgot = p.first;
	for (;;) {
		int rec = 0, c;
		if (at - forgot >= FORGET_BYTES) {
			packed_forget(&p, forgot, at);
			forgot = at;
		}
		/* the next packed record under prefix */
		while (at < p.len && !rec) {
			rec = record_at(&p, at, &pn, &nlen, &next) && nlen > plen &&
			      !memcmp(pn, prefix, plen) && !memchr(pn + plen, '/', nlen - plen);
			if (!rec)
				at = next;
		}
		if (!rec && li == nloose)
			break;
		c = !rec ? 1 : li == nloose ? -1 :
			name_cmp(pn + plen, nlen - plen, loose[li]);
		rd_buf_clear(&name);
		rd_buf_puts(&name, prefix);
		if (c < 0) {
			rd_buf_put(&name, pn + plen, nlen - plen);
			memcpy(hex, p.map + at, HEXSZ);
			hex[HEXSZ] = '\0';
			at = next;
		} else {
			char *lp;
			int have;
			rd_buf_puts(&name, loose[li]);
			lp = path_of(gitdir, name.ptr, "");
			have = loose_read(lp, hex);
			free(lp);
			if (c == 0) { /* the loose one hides the packed one */
				if (!have) {
					memcpy(hex, p.map + at, HEXSZ);
					hex[HEXSZ] = '\0';
					have = 1;
				}
				at = next;
			}
			li++;
			if (have < 0) {
				rc = have;
				break;
			}
			if (!have)
				continue;
		}
		if ((rc = fn(ctx, name.ptr, hex)) != 0)
			break;
	}
out:
	packed_close(&p);
	for (size_t i = 0; i < nloose; i++)
		free(loose[i]);
	free(loose);
	free(dir);
	rd_buf_release(&name);
	return rc;
}
