/*
 * store_guard.c - moving an entry's ref: the writers' guard (store.h,
 * WRITING), compare-and-swap under it, removing and creating entries.
 */
#include "revdiff.h"
#include "store.h"
#include "store_int.h"
#include "refs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- writing ------------------------------------------------------------- */

/* libgit2's answer to a compare-and-swap ref update, as an RD_E* code. */
int rd_store_ref_fail(int e, const char *entry, const char *refname, const char *path)
{
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS)
		return rd_error_set(RD_ECONFLICT,
				    "'%s' was changed by another writer meanwhile; nothing was "
				    "recorded: retry", entry);
	if (e == GIT_ELOCKED)
		return rd_error_set(RD_ECONFLICT,
				    "'%s' is being written by another writer: retry (if none is "
				    "running, remove %s/%s.lock)", entry, path, refname);
	return rd_git_fail(RD_EIO, "cannot move the entry's ref");
}

/* ---- the writers' guard (store.h, WRITING) -------------------------------- */

/* How long a writer waits for the guard: a holder keeps it for a
 * millisecond or so per ref; ten seconds means it is stopped or hung. */
#define GUARD_WAIT_MS 10000

static char *store_file(git_repository *repo, const char *name, const char *suffix)
{
	const char *dir = git_repository_path(repo); /* ends in '/' */
	char *p = rd_malloc(strlen(dir) + strlen(name) + strlen(suffix) + 1);

	strcpy(p, dir);
	strcat(p, name);
	strcat(p, suffix);
	return p;
}

/* The guard names a ref only while its holder moves it: a name found by
 * the next holder means that writer died mid-move, and the ref's lock
 * file, when it holds nothing or a prefix of "<the noted id>\n" (what
 * libgit2 writes into it before the rename), is the dead writer's. */
static void recover_note(char *note, size_t n, git_repository *repo)
{
	size_t plen = strlen(RD_STORE_REF_PREFIX);
	char held[64], *sp, *lock;
	ssize_t ln;
	int lfd;

	if (!strncmp(note, "packed-refs.lock ", 17)) {
		/* the dead writer's lock is the file it noted, by inode */
		struct stat st;
		char *end;
		unsigned long ino = strtoul(note + 17, &end, 10);
		lock = store_file(repo, "packed-refs", ".lock");
		if (*end == '\n' && lstat(lock, &st) == 0 && (unsigned long)st.st_ino == ino)
			unlink(lock);
		free(lock);
		return;
	}
	sp = strchr(note, ' ');
	if (!sp || strncmp(note, RD_STORE_REF_PREFIX, plen) || strchr(note + plen, '/') ||
	    note + n - sp != 42 || note[n - 1] != '\n')
		return; /* not a note this code wrote: touch nothing */
	*sp = '\0';
	lock = store_file(repo, note, ".lock");
	if ((lfd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		ln = read(lfd, held, sizeof(held));
		close(lfd);
		if (ln >= 0 && ln <= 41 && !memcmp(held, sp + 1, (size_t)ln))
			unlink(lock);
	}
	free(lock);
}

/* Each line of the guard file is one note (a remover leaves two). */
static void guard_recover(int fd, git_repository *repo)
{
	char note[2 * RD_ENTRY_MAX + 256];
	ssize_t n = pread(fd, note, sizeof(note) - 1, 0);

	if (n <= 0)
		return;
	note[n] = '\0';
	for (char *line = note, *nl; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n'))) {
			recover_note(line, strlen(line), repo); /* a torn note: touches nothing */
			break;
		}
		char save = nl[1];
		nl[1] = '\0';
		recover_note(line, (size_t)(nl + 1 - line), repo);
		nl[1] = save;
	}
}

/* Takes the guard (an fcntl lock, dropped by the kernel when its holder
 * dies) and clears what a dead holder left; *fd is -1 on error. */
int rd_store_guard_take(int *fd, git_repository *repo)
{
	char *path = store_file(repo, RD_STORE_GUARD_FILE, "");
	struct timespec t0, t;
	struct flock fl;
	int err = 0, e;

	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		err = rd_error_set(RD_EIO, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(*fd, F_SETLK, &fl) == 0)
			break;
		e = errno;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((e != EACCES && e != EAGAIN) ||
		    (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= GUARD_WAIT_MS) {
			/* not RD_ECONFLICT: waiting again would not help a
			 * stopped holder, and add would wait 8 times */
			if (e == EACCES || e == EAGAIN)
				err = rd_error_set(RD_EIO, "the store is busy: process %ld has held %s "
						   "for %d s (stopped?); nothing was recorded",
						   fcntl(*fd, F_GETLK, &fl) == 0 ? (long)fl.l_pid : -1L, path,
						   GUARD_WAIT_MS / 1000);
			else
				err = rd_error_set(RD_EIO, "cannot lock %s: %s", path, strerror(e));
			close(*fd);
			*fd = -1;
			goto out;
		}
		usleep(1000);
	}
	guard_recover(*fd, repo);
out:
	free(path);
	return err;
}

/* Notes the ref about to move; truncated first, so a crash leaves the
 * whole note or none. */
static int guard_note(int fd, const char *refname, const git_oid *id)
{
	char hex[41];
	struct rd_buf b = RD_BUF_INIT;
	int err = 0;

	git_oid_tostr(hex, sizeof(hex), id);
	rd_buf_printf(&b, "%s %s\n", refname, hex);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, b.ptr, b.len, 0) != (ssize_t)b.len)
		err = rd_error_set(RD_EIO, "cannot write the store's %s: %s", RD_STORE_GUARD_FILE,
				   strerror(errno));
	rd_buf_release(&b);
	return err;
}

void rd_store_guard_release(int fd)
{
	if (fd < 0)
		return;
	/* every move is done: nothing for the next holder to clear (should
	 * this fail, it finds a note whose lock is gone: harmless) */
	(void)!ftruncate(fd, 0);
	close(fd);
}

/* Compare-and-swap under the guard: moves refname from `old` (NULL: must
 * not exist) to `id`, both checked under the ref's lock (refs.h), so two
 * writers creating one entry can never both succeed. */
int rd_store_move_ref(git_repository *repo, int guard, const char *path, const char *entry,
		      const char *refname, const git_oid *old, const git_oid *id)
{
	char oldhex[41], newhex[41];
	int e, locked;

	if ((e = guard_note(guard, refname, id)) < 0)
		return e;
	if (old)
		git_oid_tostr(oldhex, sizeof(oldhex), old);
	git_oid_tostr(newhex, sizeof(newhex), id);
	e = rd_refs_cas(git_repository_path(repo), refname, old ? oldhex : NULL, newhex, &locked);
	if (e == RD_ECONFLICT)
		return rd_store_ref_fail(locked ? GIT_ELOCKED : GIT_EMODIFIED, entry, refname, path);
	return e;
}

/* The guard's notes while an entry is removed: its ref's lock, then
 * packed-refs.lock too (store.h, THE GUARD). */
struct remove_note {
	int fd;
	const char *ref;
	const char *hex;
};

static int note_remove(void *ctx, unsigned long ino)
{
	struct remove_note *r = ctx;
	struct rd_buf b = RD_BUF_INIT;
	int err = 0;

	rd_buf_printf(&b, "packed-refs.lock %lu\n%s %s\n", ino, r->ref, r->hex);
	if (ftruncate(r->fd, 0) < 0 || pwrite(r->fd, b.ptr, b.len, 0) != (ssize_t)b.len)
		err = rd_error_set(RD_EIO, "cannot write the store's %s: %s", RD_STORE_GUARD_FILE,
				   strerror(errno));
	rd_buf_release(&b);
	return err;
}

/* Through refs.c, as every other ref write: libgit2 would load and
 * rewrite the whole packed-refs in memory. */
int rd_store_entry_remove(struct rd_store *s, const char *entry, const char *commit)
{
	struct remove_note rn;
	git_oid want;
	char *ref = NULL, hex[41];
	int err, guard = -1, locked = 0;

	if ((err = rd_entry_refname(&ref, entry, NULL)) < 0)
		return err;
	if (git_oid_fromstr(&want, commit) < 0) {
		err = rd_error_set(RD_EINVALID, "'%s' is no commit id", commit);
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), &want);
	if ((err = rd_store_guard_take(&guard, s->repo)) < 0)
		goto out;
	rn.fd = guard;
	rn.ref = ref;
	rn.hex = hex;
	/* the ref's lock stays empty: a prefix of any note, so a dead
	 * remover's lock is cleared by the next writer */
	if ((err = guard_note(guard, ref, &want)) == 0)
		err = rd_refs_delete(git_repository_path(s->repo), ref, hex, note_remove, &rn, &locked);
	if (err == RD_ENOTFOUND)
		err = rd_error_set(RD_ENOTFOUND, "no entry '%s'", entry);
	else if (err == RD_ECONFLICT && locked == 1)
		err = rd_store_ref_fail(GIT_ELOCKED, entry, ref, s->path);
	else if (err == RD_ECONFLICT && !locked)
		err = rd_error_set(RD_ECONFLICT, "entry '%s' changed meanwhile; it was kept", entry);
	rd_store_guard_release(guard);
out:
	free(ref);
	return err;
}

/* The guard's note while packed-refs.lock is ours (store.h, THE GUARD). */
int rd_store_guard_note_packed(void *ctx, unsigned long ino)
{
	int fd = *(int *)ctx, err = 0;
	struct rd_buf b = RD_BUF_INIT;

	rd_buf_printf(&b, "packed-refs.lock %lu\n", ino);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, b.ptr, b.len, 0) != (ssize_t)b.len)
		err = rd_error_set(RD_EIO, "cannot write the store's %s: %s", RD_STORE_GUARD_FILE,
				   strerror(errno));
	rd_buf_release(&b);
	return err;
}

int rd_store_create_entries(struct rd_store *s, struct rd_newref *refs, size_t n)
{
	int guard = -1, err;

	if ((err = rd_store_guard_take(&guard, s->repo)) < 0)
		return err;
	err = rd_refs_pack_new(git_repository_path(s->repo), refs, n, rd_store_guard_note_packed,
			       &guard);
	rd_store_guard_release(guard);
	return err;
}
