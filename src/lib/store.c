/*
 * store.c - the version store: a bare git repository driven through
 * libgit2, in the format documented in store.h.  Of the library's libgit2
 * users, the only one that writes (workrepo.c reads the user's repository,
 * rules.c and config.c only parse git-config files).
 */
#include "revdiff.h"
#include "keep.h"
#include "message.h"
#include "pack.h"
#include "store.h"
#include "git_int.h"
#include "refs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct rd_store {
	git_repository *repo;
	char *path;
};

/* libgit2's last message with our context; `code` is the RD_E* to return. */
static int git_fail(int code, const char *what)
{
	int saved = errno;
	const git_error *e = git_error_last();

	/* Some failed writes (EFBIG past `ulimit -f`) leave no libgit2
	 * message; the system's reason is then the best one there is. */
	if (e && e->message)
		return rd_error_set(code, "%s: %s", what, e->message);
	return rd_error_set(code, "%s: %s", what, saved ? strerror(saved) : "libgit2 failed");
}

/* ---- names ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid;
 * *cp receives the code point. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond Unicode */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

static int safe_ascii(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ',' || c == '+' || c == '=';
}

static void escape_into(struct rd_buf *b, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);
		if (k > 1 && cp >= 0xa0) {
			rd_buf_put(b, p + i, k);
			i += k;
			continue;
		}
		if (p[i] == '.') {
			int risky = i == 0 || p[i - 1] == '.' || i + 1 == n ||
				    (n - i == 5 && !memcmp(p + i, ".lock", 5));
			if (risky)
				rd_buf_puts(b, "%2E");
			else
				rd_buf_putc(b, '.');
		} else if (safe_ascii(p[i])) {
			rd_buf_putc(b, (char)p[i]);
		} else {
			rd_buf_printf(b, "%%%02X", p[i]);
		}
		i++;
	}
}

int rd_entry_check(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = name ? strlen(name) : 0;
	struct rd_buf b = RD_BUF_INIT;
	int err = 0;

	if (!n)
		return rd_error_set(RD_EINVALID, "an entry name cannot be empty");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);
		if (!k)
			return rd_error_set(RD_EINVALID, "entry name is not valid UTF-8 (byte %zu)", i);
		i += k;
	}
	escape_into(&b, name);
	if (b.len > RD_ENTRY_MAX)
		err = rd_error_set(RD_EINVALID, "entry name too long (%zu bytes escaped; at most %d)",
				   b.len, RD_ENTRY_MAX);
	rd_buf_release(&b);
	return err;
}

int rd_entry_escape(char **out, const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	int err;

	*out = NULL;
	if ((err = rd_entry_check(name)) < 0)
		return err;
	escape_into(&b, name);
	*out = rd_buf_detach(&b, NULL);
	return 0;
}

int rd_entry_unescape(char **out, const char *escaped)
{
	struct rd_buf b = RD_BUF_INIT;

	*out = NULL;
	if (rd_unpercent(&b, escaped, strlen(escaped)) < 0 || !b.len) {
		rd_buf_release(&b);
		return rd_error_set(RD_EINVALID, "'%s' is not an escaped entry name", escaped);
	}
	*out = rd_buf_detach(&b, NULL);
	return 0;
}

static int refname_of(char **out, const char *entry, int *escaped)
{
	char *esc;
	int err;

	if ((err = rd_entry_escape(&esc, entry)) < 0)
		return err;
	if (escaped)
		*escaped = strcmp(esc, entry) != 0;
	*out = rd_malloc(strlen(RD_STORE_REF_PREFIX) + strlen(esc) + 1);
	strcpy(*out, RD_STORE_REF_PREFIX);
	strcat(*out, esc);
	free(esc);
	return 0;
}

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

void rd_history_release(struct rd_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		rd_version_release(&h->v[i]);
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
static int read_version(git_repository *repo, const char *entry, const git_oid *id,
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

/* A name git accepts in a signature: the commit's ident shows this; the
 * name as given, when it differs, is the Revdiff-Author trailer. */
static char *clean_author(const char *name)
{
	struct rd_buf b = RD_BUF_INIT;
	char *s;
	size_t i = 0, n;

	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++)
		rd_buf_putc(&b, (*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>') ? ' ' : (char)*p);
	s = b.len ? rd_buf_detach(&b, &n) : NULL;
	if (s) {
		while (s[i] == ' ' || s[i] == '.' || s[i] == ',' || s[i] == ':' || s[i] == ';' ||
		       s[i] == '"' || s[i] == '\'')
			i++;
		if (!s[i]) {
			free(s);
			s = NULL;
		}
	}
	rd_buf_release(&b);
	return s ? s : rd_strdup(RD_STORE_UNKNOWN_AUTHOR);
}

/* libgit2 writes a commit's time as an unsigned 32-bit number: any other
 * time would come back as a different one.  Checked before anything is
 * written. */
static int check_time(const struct rd_version *meta)
{
	struct rd_buf t = RD_BUF_INIT;
	int err;

	if (!meta || !meta->when.has_time ||
	    (meta->when.sec >= 0 && meta->when.sec <= (int64_t)UINT32_MAX))
		return 0;
	rd_time_format(&t, &meta->when, RD_DATE_ISO, 0);
	err = rd_error_set(RD_EINVALID, "the time %s is out of range: a store holds times "
			   "from 1970-01-01 to 2106-02-07 (UTC)", t.ptr);
	rd_buf_release(&t);
	return err;
}

/* Writes a version's tree, its one entry written as git writes it (mode,
 * name, NUL, the blob's raw id).  Unlike a treebuilder it does not look
 * the blob up: a batch's blobs go straight into its pack stream. */
static int write_tree(git_repository *repo, const git_oid *blob, git_oid *out)
{
	static const char head[] = "100644 " RD_STORE_TEXT_FILE; /* with its NUL */
	unsigned char t[sizeof(head) + GIT_OID_RAWSZ];
	git_odb *odb = NULL;
	int err = 0;

	memcpy(t, head, sizeof(head));
	memcpy(t + sizeof(head), blob->id, GIT_OID_RAWSZ);
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_write(out, odb, t, sizeof(t), GIT_OBJECT_TREE) < 0)
		err = git_fail(RD_EIO, "cannot write a version's tree");
	git_odb_free(odb);
	return err;
}

/* Writes tree and commit of one version around its blob (objects only,
 * no ref); tree_out, when not NULL, gets the tree's id. */
static int write_version(git_repository *repo, const char *entry, int escaped,
			 const git_oid *blob, const struct rd_version *meta, const git_oid *parent,
			 git_oid *out, git_oid *tree_out)
{
	static const struct rd_version none;
	git_oid tree;
	git_signature *sig = NULL;
	struct rd_buf msg = RD_BUF_INIT;
	char *author = NULL;
	const git_oid *parents[1] = { parent };
	int err = 0;

	if (!meta)
		meta = &none;
	if ((err = write_tree(repo, blob, &tree)) < 0)
		goto out;
	if (tree_out)
		*tree_out = tree;
	author = clean_author(meta->author);
	if (git_signature_new(&sig, author, RD_STORE_EMAIL, meta->when.has_time ? meta->when.sec : 0,
			      meta->when.has_time ? meta->when.tz : 0) < 0) {
		err = git_fail(RD_EINVALID, "bad author or time");
		goto out;
	}
	/* a name the ident cannot hold exactly is kept as given in a trailer */
	rd_message_build(&msg, meta, escaped ? entry : NULL,
			 meta->author && strcmp(sig->name, meta->author) ? meta->author : NULL);
	if (git_commit_create_from_ids(out, repo, NULL, sig, sig, NULL, msg.ptr, &tree,
				       parent ? 1 : 0, parents) < 0)
		err = git_fail(RD_EIO, "cannot write a version");
out:
	rd_buf_release(&msg);
	free(author);
	git_signature_free(sig);
	return err;
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
		err = git_fail(RD_EIO, "cannot create the store");
		goto out;
	}
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_int32(cfg, RD_STORE_CONFIG_KEY, RD_STORE_FORMAT) < 0) {
		err = git_fail(RD_EIO, "cannot write the store's config");
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
	git_config_free(cfg);
	free(where);
	*out = s;
	return 0;
fail:
	git_config_free(cfg);
	free(where);
	rd_store_free(s);
	return err;
}

void rd_store_free(struct rd_store *s)
{
	if (!s)
		return;
	git_repository_free(s->repo);
	free(s->path);
	free(s);
}

const char *rd_store_path(const struct rd_store *s)
{
	return s->path;
}

/* ---- reading ------------------------------------------------------------ */

/* The tip of an entry's ref: 1 found, 0 absent, < 0 error. */
/* 1 and the ref's id, 0 when absent, or an error.  Read as files
 * (refs.h): libgit2 would parse all of packed-refs for some reads. */
static int ref_tip(git_repository *repo, const char *refname, git_oid *out)
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

int rd_store_history(struct rd_store *s, const char *entry, struct rd_history *out)
{
	char *ref = NULL;
	git_oid tip;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = refname_of(&ref, entry, NULL)) < 0)
		return err;
	if ((err = ref_tip(s->repo, ref, &tip)) <= 0) {
		if (err == 0)
			err = rd_error_set(RD_ENOTFOUND, "no entry '%s' in the store (see 'revdiff list')",
					   entry);
		goto out;
	}
	out->entry = rd_strdup(entry);
	if ((err = history_from(s->repo, entry, &tip, out)) < 0)
		rd_history_release(out);
out:
	free(ref);
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

/* ---- addressing ---------------------------------------------------------- */

enum addr_kind { ADDR_NEWEST, ADDR_NUMBER, ADDR_BACK, ADDR_DATE, ADDR_REVID, ADDR_COMMIT };

static int is_hex_prefix(const char *s);

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static enum addr_kind suffix_kind(const char *suf, int *ok)
{
	size_t n = strlen(suf);

	*ok = 1;
	if (all_digits(suf))
		return ADDR_NUMBER;
	if (suf[0] == '~' && all_digits(suf + 1))
		return ADDR_BACK;
	if (suf[0] == '{' && n > 2 && suf[n - 1] == '}' && !memchr(suf + 1, '{', n - 2) &&
	    !memchr(suf + 1, '}', n - 2))
		return ADDR_DATE;
	if (suf[0] == 'r' && n > 1) {
		int good = 1;
		for (const char *p = suf + 1; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
				good = 0;
		if (good)
			return ADDR_REVID;
	}
	/* git's habit: ENTRY@1a2b3c4, a commit of that entry */
	if (is_hex_prefix(suf))
		return ADDR_COMMIT;
	*ok = 0;
	return ADDR_NEWEST;
}

/* The '@' that splits an address, or NULL. */
static const char *split_at(const char *address)
{
	for (const char *p = address + strlen(address); p > address;) {
		int ok;
		p--;
		if (*p != '@' || p == address)
			continue;
		suffix_kind(p + 1, &ok);
		if (ok)
			return p;
	}
	return NULL;
}

int rd_address_has_rev(const char *address)
{
	return split_at(address) != NULL;
}

static int is_hex_prefix(const char *s)
{
	size_t n = strlen(s);

	if (n < 4 || n > 40)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Finds a commit by id prefix among all entries' histories; more than
 * one match (two commits, or one commit shared by two entries) is
 * ambiguous and names them. */
static int resolve_commit(struct rd_store *s, const char *prefix, struct rd_history *h,
			  size_t *index)
{
	char **names = NULL;
	size_t n = 0, found = 0, plen = strlen(prefix);
	struct rd_buf where = RD_BUF_INIT;
	int err;

	if ((err = rd_store_entries(s, &names, &n)) < 0)
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		struct rd_history t;
		int keep = 0;
		if ((err = rd_store_history(s, names[i], &t)) == RD_EDAMAGED) {
			err = 0; /* its chain is broken: look in the others */
			continue;
		}
		if (err < 0)
			break;
		for (size_t j = 0; j < t.n; j++) {
			if (strncasecmp(t.v[j].commit, prefix, plen))
				continue;
			rd_buf_printf(&where, "%s%s@%d", where.len ? ", " : "", names[i], t.v[j].number);
			if (found++ == 0) {
				*index = j;
				keep = 1;
			}
		}
		if (keep) {
			*h = t;
			memset(&t, 0, sizeof(t));
		}
		rd_history_release(&t);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!err && found == 0)
		err = rd_error_set(RD_ENOTFOUND, "no entry or commit '%s' in the store (see 'revdiff list')",
				   prefix);
	else if (!err && found > 1)
		err = rd_error_set(RD_EINVALID, "commit prefix '%s' is ambiguous: %s", prefix,
				   where.ptr);
	if (err)
		rd_history_release(h);
	rd_buf_release(&where);
	return err;
}

int rd_store_resolve(struct rd_store *s, const char *address, struct rd_history *h,
		     size_t *index)
{
	const char *at = split_at(address);
	char *entry = at ? rd_strndup(address, (size_t)(at - address)) : rd_strdup(address);
	const char *suf = at ? at + 1 : "";
	enum addr_kind kind = ADDR_NEWEST;
	int ok, err;

	memset(h, 0, sizeof(*h));
	if (at)
		kind = suffix_kind(suf, &ok);
	err = rd_store_history(s, entry, h);
	if (err == RD_ENOTFOUND && kind == ADDR_COMMIT) {
		/* a name such as "user@face" is an entry of its own */
		if (rd_store_history(s, address, h) == 0) {
			*index = h->n - 1;
			err = 0;
			goto out;
		}
	}
	if (err == RD_ENOTFOUND && !at && is_hex_prefix(address)) {
		err = resolve_commit(s, address, h, index);
		goto out;
	}
	if (err < 0)
		goto out;
	switch (kind) {
	case ADDR_NEWEST:
		*index = h->n - 1;
		break;
	case ADDR_NUMBER: {
		unsigned long v = strtoul(suf, NULL, 10);
		if (v < 1 || v > h->n) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has %zu version%s; there is no version %s",
					   entry, h->n, h->n == 1 ? "" : "s", suf);
			goto out;
		}
		*index = v - 1;
		break;
	}
	case ADDR_BACK: {
		unsigned long v = strtoul(suf + 1, NULL, 10);
		if (v >= h->n) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has %zu version%s; none is %s before the newest",
					   entry, h->n, h->n == 1 ? "" : "s", suf + 1);
			goto out;
		}
		*index = h->n - 1 - v;
		break;
	}
	case ADDR_DATE: {
		struct rd_time t;
		char *d = rd_strndup(suf + 1, strlen(suf) - 2);
		size_t i, best = SIZE_MAX;
		err = rd_time_parse(&t, d, 1);
		free(d);
		if (err < 0)
			goto out;
		/* the newest dated version at or before t; undated versions
		 * are never chosen by date */
		for (i = 0; i < h->n; i++)
			if (h->v[i].when.has_time && h->v[i].when.sec <= t.sec)
				best = i;
		if (best == SIZE_MAX) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has no dated version at or before %s",
					   entry, suf);
			goto out;
		}
		*index = best;
		break;
	}
	case ADDR_COMMIT: {
		size_t found = 0, plen = strlen(suf);
		for (size_t i = 0; i < h->n; i++)
			if (!strncasecmp(h->v[i].commit, suf, plen) && found++ == 0)
				*index = i;
		if (found != 1) {
			err = found ? rd_error_set(RD_EINVALID, "commit prefix '%s' is ambiguous in '%s'", suf,
						   entry)
				    : rd_error_set(RD_ENOTFOUND, "'%s' has no version with commit %s", entry, suf);
			goto out;
		}
		break;
	}
	case ADDR_REVID: {
		size_t i;
		for (i = h->n; i-- > 0;)
			if (h->v[i].revision_id && !strcmp(h->v[i].revision_id, suf + 1))
				break;
		if (i == SIZE_MAX) {
			err = rd_error_set(RD_ENOTFOUND, "'%s' has no version with revision id %s",
					   entry, suf + 1);
			goto out;
		}
		*index = i;
		break;
	}
	}
out:
	if (err < 0)
		rd_history_release(h);
	free(entry);
	return err;
}

/* ---- writing ------------------------------------------------------------- */

/* libgit2's answer to a compare-and-swap ref update, as an RD_E* code. */
static int ref_update_fail(int e, const char *entry, const char *refname, const char *path)
{
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS)
		return rd_error_set(RD_ECONFLICT,
				    "'%s' was changed by another writer meanwhile; nothing was "
				    "recorded: retry", entry);
	if (e == GIT_ELOCKED)
		return rd_error_set(RD_ECONFLICT,
				    "'%s' is being written by another writer: retry (if none is "
				    "running, remove %s/%s.lock)", entry, path, refname);
	return git_fail(RD_EIO, "cannot move the entry's ref");
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
static void guard_recover(int fd, git_repository *repo)
{
	size_t plen = strlen(RD_STORE_REF_PREFIX);
	char note[RD_ENTRY_MAX + 128], held[64];
	ssize_t n = pread(fd, note, sizeof(note) - 1, 0), ln;
	char *sp, *lock;
	int lfd;

	if (n <= 0)
		return;
	note[n] = '\0';
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

/* Takes the guard (an fcntl lock, dropped by the kernel when its holder
 * dies) and clears what a dead holder left; *fd is -1 on error. */
static int guard_take(int *fd, git_repository *repo)
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

static void guard_release(int fd)
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
static int move_ref(git_repository *repo, int guard, const char *path, const char *entry,
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
		return ref_update_fail(locked ? GIT_ELOCKED : GIT_EMODIFIED, entry, refname, path);
	return e;
}

int rd_store_entry_remove(struct rd_store *s, const char *entry, const char *commit)
{
	git_reference *r = NULL;
	git_oid want;
	char *ref = NULL;
	int err, guard = -1;

	if ((err = refname_of(&ref, entry, NULL)) < 0)
		return err;
	if (git_oid_fromstr(&want, commit) < 0) {
		err = rd_error_set(RD_EINVALID, "'%s' is no commit id", commit);
		goto out;
	}
	if ((err = guard_take(&guard, s->repo)) < 0)
		goto out;
	if (git_reference_lookup(&r, s->repo, ref) < 0) {
		err = rd_error_set(RD_ENOTFOUND, "no entry '%s'", entry);
	} else if (!git_reference_target(r) || !git_oid_equal(git_reference_target(r), &want)) {
		err = rd_error_set(RD_ECONFLICT, "entry '%s' changed meanwhile; it was kept", entry);
	} else if (git_reference_delete(r) < 0) {
		err = git_fail(RD_EIO, "cannot remove an entry");
	}
	guard_release(guard);
out:
	git_reference_free(r);
	free(ref);
	return err;
}

/* The guard's note while packed-refs.lock is ours (store.h, THE GUARD). */
static int note_packed(void *ctx, unsigned long ino)
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

	if ((err = guard_take(&guard, s->repo)) < 0)
		return err;
	err = rd_refs_pack_new(git_repository_path(s->repo), refs, n, note_packed, &guard);
	guard_release(guard);
	return err;
}

/* A version as a batch of one: written as a kept pack, never as loose
 * objects, which `git prune` could drop before the ref names them
 * (keep.c). */
int rd_store_add(struct rd_store *s, const char *entry, const char *text, size_t len,
		 const struct rd_version *meta, struct rd_version *out)
{
	struct rd_batch *b = NULL;
	struct rd_version mine = { 0 };
	struct rd_history h = { 0 };
	int err, e;

	if (out)
		memset(out, 0, sizeof(*out));
	if ((err = rd_store_batch_new(&b, s, RD_BATCH_APPEND)) < 0)
		return err;
	err = rd_store_batch_add(b, entry, text, len, meta, &mine);
	if (err == 0)
		err = rd_store_batch_commit(b, NULL);
	rd_store_batch_free(b);
	if (err < 0 || !out)
		goto out;
	if ((e = rd_store_history(s, entry, &h)) < 0) {
		if (err == 0)
			err = e;
		goto out;
	}
	/* unchanged: the newest; else ours, even if another writer added
	 * one since */
	for (size_t i = h.n; i-- > 0;)
		if (err == 1 || !strcmp(h.v[i].commit, mine.commit)) {
			*out = h.v[i];
			memset(&h.v[i], 0, sizeof(h.v[0]));
			break;
		}
out:
	rd_history_release(&h);
	rd_version_release(&mine);
	return err;
}

/* ---- batches ------------------------------------------------------------- */

struct batch_entry {
	char *name;
	char *ref;
	int escaped;
	int have_old; /* the ref when the batch first touched the entry */
	git_oid old;
	int have_tip; /* the chain the batch builds */
	git_oid tip;
	char tip_blob[41];
	size_t count; /* versions in the chain up to tip */
	size_t added;
	int existed; /* the ref was there before the batch */
	int moved;   /* a flush or the commit moved the ref */
	int tip_in_mem; /* tip is in the mempack (written since the last flush) */
	size_t next;    /* 1 + the next entry in its hash chain, or 0 */
};

/* An object in the batch's pack stream. */
struct packed {
	git_oid id;
	uint64_t at; /* where its entry starts */
	int depth;   /* deltas to apply to read it */
	int used;
};

/*
 * A batch's objects go into one pack stream built as they come (pack.h):
 * each blob a delta against the entry's previous one, as git fast-import
 * does, rather than the packbuilder's search of every object against ten
 * others (most of an import's time, for a worse pack).  Trees and commits
 * are made by libgit2 into a mempack (a commit's tree and parent must be
 * found there) and copied into the stream whole.
 */
struct rd_batch {
	struct rd_store *s;
	git_repository *repo; /* own handle: the mempack backend stays with it */
	git_odb *odb;
	git_odb_backend *mempack;
	enum rd_batch_mode mode;
	struct batch_entry *e;
	size_t n, cap;
	size_t *heads;   /* by name hash: 1 + the first entry of the chain, or 0 */
	size_t nheads;
	git_odb *store_odb; /* the store's own objects */
	git_oid *ids; /* blob, tree and commit of each version written */
	size_t nids, idcap;
	size_t versions_written; /* by flushes and the commit */
	int done;
	struct rd_pack pack;
	struct packed *set; /* the stream's objects, by id (open addressing) */
	size_t nset, setcap;
	size_t base_of;     /* 1 + the entry whose blob is in base, or 0 */
	struct rd_buf base; /* that blob's text */
	uint64_t base_at;
	int base_depth;
	struct rd_buf delta;
	char *keep; /* the keep file of the pack written, until its refs move */
};

int rd_store_batch_new(struct rd_batch **out, struct rd_store *s, enum rd_batch_mode mode)
{
	struct rd_batch *b = rd_calloc(1, sizeof(*b));
	git_odb *odb = NULL;
	int err = 0;

	*out = NULL;
	b->s = s; /* libgit2 is loaded: s is open */
	b->mode = mode;
	/* The versions are made in an object database of their own, holding
	 * only the mempack: libgit2 "freshens" every object it writes by
	 * looking for it in each backend (a utime and a rescan of the pack
	 * directory per object, on the store's), which cost more than all the
	 * rest of a small page.  Parents made before the batch are copied in. */
	if (git_odb_new(&odb) < 0 || git_mempack_new(&b->mempack) < 0 ||
	    git_odb_add_backend(odb, b->mempack, 1) < 0 ||
	    git_repository_wrap_odb(&b->repo, odb) < 0 ||
	    git_repository_odb(&b->store_odb, s->repo) < 0) {
		err = git_fail(RD_EIO, "cannot start a batch");
		git_odb_free(odb);
		rd_store_batch_free(b);
		return err;
	}
	b->odb = odb;
	rd_pack_init(&b->pack);
	*out = b;
	return 0;
}

static int chain_length(git_repository *repo, const git_oid *tip, size_t *n)
{
	git_revwalk *w = NULL;
	git_oid id;

	*n = 0;
	if (git_revwalk_new(&w, repo) < 0 || git_revwalk_push(w, tip) < 0) {
		git_revwalk_free(w);
		return git_fail(RD_EIO, "cannot walk an entry");
	}
	git_revwalk_simplify_first_parent(w);
	while (git_revwalk_next(&id, w) == 0)
		(*n)++;
	git_revwalk_free(w);
	return 0;
}

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Grows the table of names to twice the entries (chains stay short). */
static void rehash(struct rd_batch *b)
{
	free(b->heads);
	b->nheads = b->nheads ? b->nheads * 2 : 1024;
	b->heads = rd_calloc(b->nheads, sizeof(*b->heads));
	for (size_t i = 0; i < b->n; i++) {
		size_t h = name_hash(b->e[i].name) & (b->nheads - 1);
		b->e[i].next = b->heads[h];
		b->heads[h] = i + 1;
	}
}

/* Copies a commit the batch builds on from the store into the mempack,
 * where libgit2 checks a new commit's parent exists. */
static int parent_into_mempack(struct rd_batch *b, const git_oid *id)
{
	git_odb_object *o;
	git_oid got;
	int err = 0;

	if (git_odb_exists(b->odb, id))
		return 0;
	if (git_odb_read(&o, b->store_odb, id) < 0)
		return git_fail(RD_EIO, "cannot read an entry's newest version");
	if (git_odb_write(&got, b->odb, git_odb_object_data(o), git_odb_object_size(o),
			  git_odb_object_type(o)) < 0)
		err = git_fail(RD_EIO, "cannot start a batch");
	git_odb_object_free(o);
	return err;
}

static int batch_entry_of(struct rd_batch *b, const char *name, struct batch_entry **out)
{
	struct batch_entry *e;
	int err, have;

	size_t h;

	/* the entry touched last first: importers add an entry's versions in a row */
	if (b->n && !strcmp(b->e[b->n - 1].name, name)) {
		*out = &b->e[b->n - 1];
		return 0;
	}
	if (b->n * 2 >= b->nheads)
		rehash(b);
	h = name_hash(name) & (b->nheads - 1);
	for (size_t i = b->heads[h]; i; i = b->e[i - 1].next)
		if (!strcmp(b->e[i - 1].name, name)) {
			*out = &b->e[i - 1];
			return 0;
		}
	rd_grow((void **)&b->e, &b->cap, b->n + 1, sizeof(*b->e));
	e = &b->e[b->n];
	memset(e, 0, sizeof(*e));
	if ((err = refname_of(&e->ref, name, &e->escaped)) < 0)
		return err;
	if ((have = ref_tip(b->s->repo, e->ref, &e->old)) < 0) {
		free(e->ref);
		return have;
	}
	e->name = rd_strdup(name);
	e->have_old = have;
	e->existed = have;
	if (have && b->mode == RD_BATCH_APPEND) {
		struct rd_version v;
		if ((err = read_version(b->s->repo, name, &e->old, &v)) < 0 ||
		    (err = chain_length(b->s->repo, &e->old, &e->count)) < 0) {
			free(e->ref);
			free(e->name);
			return err;
		}
		e->have_tip = 1;
		e->tip = e->old;
		strcpy(e->tip_blob, v.blob);
		rd_version_release(&v);
	}
	e->next = b->heads[h];
	b->heads[h] = ++b->n;
	*out = e;
	return 0;
}

int rd_store_batch_continue(struct rd_batch *b, const char *entry)
{
	struct batch_entry *e;
	struct rd_version v;
	int err;

	if (b->mode != RD_BATCH_HISTORY)
		return rd_error_set(RD_EINVALID, "only a history batch continues an entry");
	if ((err = batch_entry_of(b, entry, &e)) < 0)
		return err;
	if (e->have_tip)
		return 0;
	if (!e->have_old)
		return rd_error_set(RD_ENOTFOUND, "entry '%s' has no history to continue", entry);
	if ((err = read_version(b->s->repo, entry, &e->old, &v)) < 0)
		return err;
	err = chain_length(b->s->repo, &e->old, &e->count);
	if (!err) {
		e->have_tip = 1;
		e->tip = e->old;
		strcpy(e->tip_blob, v.blob);
	}
	rd_version_release(&v);
	return err;
}

/* The stream's entry for id, or the free slot where it goes. */
static struct packed *packed_slot(struct rd_batch *b, const git_oid *id)
{
	size_t mask = b->setcap - 1, i;
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	for (i = h & mask; b->set[i].used && !git_oid_equal(&b->set[i].id, id); i = (i + 1) & mask)
		;
	return &b->set[i];
}

static struct packed *packed_add(struct rd_batch *b, const git_oid *id, uint64_t at, int depth)
{
	struct packed *p;

	/* at most half full: probes stay short */
	if ((b->nset + 1) * 2 > b->setcap) {
		struct packed *old = b->set;
		size_t oldcap = b->setcap;
		b->setcap = oldcap ? oldcap * 2 : 1024;
		b->set = rd_calloc(b->setcap, sizeof(*b->set));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used)
				*packed_slot(b, &old[i].id) = old[i];
		free(old);
	}
	p = packed_slot(b, id);
	p->id = *id;
	p->at = at;
	p->depth = depth;
	p->used = 1;
	b->nset++;
	return p;
}

static const struct packed *packed_find(struct rd_batch *b, const git_oid *id)
{
	const struct packed *p = b->setcap ? packed_slot(b, id) : NULL;

	return p && p->used ? p : NULL;
}

/* The longest delta chain: reading a version applies at most this many
 * deltas (git's default pack.depth). */
#define DELTA_DEPTH 50

/* Puts the blob of entry ei into the pack stream: a delta against the
 * entry's previous blob when that is short enough, else whole. */
static void pack_blob(struct rd_batch *b, size_t ei, const git_oid *id, const char *text, size_t len)
{
	const struct packed *have = packed_find(b, id);
	uint64_t at;
	int depth = 0;

	if (have) {
		at = have->at;
		depth = have->depth;
	} else {
		rd_buf_clear(&b->delta);
		/* a delta more than half the text saves too little to be worth
		 * its reading time */
		if (b->base_of == ei + 1 && b->base_depth < DELTA_DEPTH &&
		    rd_delta_encode(&b->delta, b->base.ptr, b->base.len, text, len, len / 2) == 0) {
			at = rd_pack_add_delta(&b->pack, b->base_at, b->delta.ptr, b->delta.len);
			depth = b->base_depth + 1;
		} else {
			at = rd_pack_add(&b->pack, RD_PACK_BLOB, text, len);
		}
		packed_add(b, id, at, depth);
	}
	b->base_of = ei + 1;
	b->base_at = at;
	b->base_depth = depth;
	rd_buf_clear(&b->base);
	rd_buf_put(&b->base, text, len);
}

/* Copies a tree or commit libgit2 wrote into the pack stream. */
static int pack_stored(struct rd_batch *b, const git_oid *id)
{
	git_odb_object *o;
	uint64_t at;

	if (packed_find(b, id))
		return 0;
	if (git_odb_read(&o, b->odb, id) < 0)
		return git_fail(RD_EIO, "cannot read back a version");
	at = rd_pack_add(&b->pack, git_odb_object_type(o) == GIT_OBJECT_TREE ? RD_PACK_TREE : RD_PACK_COMMIT,
			 git_odb_object_data(o), git_odb_object_size(o));
	git_odb_object_free(o);
	packed_add(b, id, at, 0);
	return 0;
}

int rd_store_batch_add(struct rd_batch *b, const char *entry, const char *text, size_t len,
		       const struct rd_version *meta, struct rd_version *out)
{
	struct batch_entry *e;
	git_oid blob, id;
	char hex[41];
	int err;

	if (out)
		memset(out, 0, sizeof(*out));
	if (b->done)
		return rd_error_set(RD_EINVALID, "batch already committed");
	if ((err = batch_entry_of(b, entry, &e)) < 0)
		return err;
	if ((err = check_time(meta)) < 0)
		return err;
	/* the blob goes to the pack stream only, after its commit is made */
	rd_object_id(blob.id, RD_PACK_BLOB, text, len);
	git_oid_tostr(hex, sizeof(hex), &blob);
	if (b->mode == RD_BATCH_APPEND && e->have_tip && !strcmp(hex, e->tip_blob))
		return 1;
	rd_grow((void **)&b->ids, &b->idcap, b->nids + 3, sizeof(*b->ids));
	if (e->have_tip && !e->tip_in_mem && (err = parent_into_mempack(b, &e->tip)) < 0)
		return err;
	if ((err = write_version(b->repo, e->name, e->escaped, &blob, meta,
				 e->have_tip ? &e->tip : NULL, &id, &b->ids[b->nids + 1])) < 0)
		return err;
	pack_blob(b, (size_t)(e - b->e), &blob, text, len);
	if ((err = pack_stored(b, &b->ids[b->nids + 1])) < 0 || (err = pack_stored(b, &id)) < 0)
		return err;
	b->ids[b->nids] = blob;
	b->ids[b->nids + 2] = id;
	b->nids += 3;
	e->tip = id;
	e->have_tip = 1;
	e->tip_in_mem = 1;
	strcpy(e->tip_blob, hex);
	e->count++;
	e->added++;
	if (out) {
		if (meta)
			rd_version_copy(out, meta);
		out->number = (int)e->count;
		git_oid_tostr(out->commit, sizeof(out->commit), &id);
		strcpy(out->blob, hex);
		if (!out->author)
			out->author = rd_strdup(RD_STORE_UNKNOWN_AUTHOR);
	}
	return 0;
}

/*
 * Writes the batch's pack stream into the store through libgit2's
 * indexer, which inflates, resolves and hashes every object and writes
 * the .idx.  The blobs are then looked up: a blob the indexer made of a
 * wrong delta would have another id.
 */
static int write_pack(struct rd_batch *b)
{
	size_t len = rd_pack_finish(&b->pack);
	int err = 0;

	if (!len)
		goto out;
	/* kept from git's maintenance until the refs name it (keep.c) */
	if ((err = rd_keep_write_pack(&b->keep, b->s->repo, b->store_odb, &b->pack)) < 0)
		goto out;
	/* git repack or a merge may have removed packs this odb listed, which
	 * can end a lookup early: the list is read again before the check */
	git_odb_refresh(b->store_odb);
	for (size_t i = 0; i < b->nids && !err; i += 3)
		if (!git_odb_exists(b->store_odb, &b->ids[i]))
			err = rd_error_set(RD_EIO, "the batch's pack does not hold what was written");
out:
	/* failed: the stream goes on as it was, without its trailer */
	if (err && len)
		b->pack.data.len -= 20;
	return err;
}

/*
 * Writes the objects added since the last write as one pack, then moves
 * the refs of the entries they extend.  Every move is decided (and the
 * refs checked) before any is made.
 */

static int batch_write(struct rd_batch *b)
{
	git_repository *repo = b->s->repo;
	int *act = NULL; /* per entry: 0 unchanged, 1 create, 2 update */
	git_oid *cur = NULL;
	struct rd_newref *created = NULL;
	size_t ncreated = 0;
	int err = 0, guard = -1;

	/* the pack is whole on disk before any ref names its commits; the
	 * decisions below look at the new commits in it */
	if ((err = write_pack(b)) < 0)
		return err;
	act = rd_calloc(b->n ? b->n : 1, sizeof(*act));
	cur = rd_calloc(b->n ? b->n : 1, sizeof(*cur));
	for (size_t i = 0; i < b->n && !err; i++) {
		struct batch_entry *e = &b->e[i];
		int have;
		if (!e->have_tip || (b->mode == RD_BATCH_APPEND && !e->added))
			continue;
		if ((have = ref_tip(repo, e->ref, &cur[i])) < 0) {
			err = have;
			break;
		}
		if (b->mode == RD_BATCH_APPEND) {
			if (have != e->have_old || (have && !git_oid_equal(&cur[i], &e->old)))
				err = ref_update_fail(GIT_EMODIFIED, e->name, e->ref, b->s->path);
			act[i] = have ? 2 : 1;
			b->versions_written += e->added;
			continue;
		}
		if (!have) {
			act[i] = 1;
			b->versions_written += e->count;
		} else if (git_oid_equal(&cur[i], &e->tip) ||
			   git_graph_descendant_of(repo, &cur[i], &e->tip) == 1) {
			act[i] = 0;
		} else if (git_graph_descendant_of(repo, &e->tip, &cur[i]) == 1) {
			size_t had;
			if ((err = chain_length(repo, &cur[i], &had)) < 0)
				break;
			act[i] = 2;
			b->versions_written += e->count - had;
		} else {
			err = rd_error_set(RD_EEXISTS,
					   "entry '%s' already holds a different history; nothing "
					   "was imported (import under another name with --entry)",
					   e->name);
		}
	}
	if (!err)
		err = guard_take(&guard, repo);
	/* updates move loose refs one by one; the entries the batch creates
	 * go into packed-refs at once (refs.h) */
	created = rd_calloc(b->n ? b->n : 1, sizeof(*created));
	for (size_t i = 0; i < b->n && !err; i++) {
		struct batch_entry *e = &b->e[i];
		if (act[i] == 1) {
			created[ncreated].name = e->ref;
			git_oid_tostr(created[ncreated++].hex, 41, &e->tip);
			continue;
		}
		if (act[i] == 2)
			err = move_ref(repo, guard, b->s->path, e->name, e->ref, &cur[i], &e->tip);
		if (!err && act[i] == 2)
			e->moved = 1;
	}
	if (!err && ncreated &&
	    (err = rd_refs_pack_new(git_repository_path(repo), created, ncreated, note_packed,
				    &guard)) == RD_ECONFLICT)
		err = rd_error_set(RD_ECONFLICT, "%s; nothing of this batch's new entries was recorded: retry",
				   rd_error_last());
	for (size_t i = 0; i < b->n; i++) {
		struct batch_entry *e = &b->e[i];
		if ((act[i] == 1 && !err) || (act[i] == 2 && e->moved))
			e->moved = 1;
		else
			continue;
		/* the next write goes on from here */
		e->have_old = 1;
		e->old = e->tip;
		e->added = 0;
	}
	guard_release(guard);
	/* named by its refs now, or garbage: git may repack it */
	rd_keep_drop(b->keep);
	b->keep = NULL;
	if (!err)
		rd_packs_merge(b->s->repo, b->store_odb);
	free(created);
	free(act);
	free(cur);
	return err;
}

int rd_store_batch_flush(struct rd_batch *b)
{
	int err;

	if (b->done)
		return rd_error_set(RD_EINVALID, "batch already committed");
	if ((err = batch_write(b)) < 0)
		return err;
	/* the objects are on disk now: the memory goes back, and the next
	 * pack starts from whole blobs (a delta's base must be in its pack) */
	git_mempack_reset(b->mempack);
	for (size_t i = 0; i < b->n; i++)
		b->e[i].tip_in_mem = 0;
	b->nids = 0;
	rd_pack_reset(&b->pack);
	if (b->set)
		memset(b->set, 0, b->setcap * sizeof(*b->set));
	b->nset = 0;
	b->base_of = 0;
	return 0;
}

int rd_store_batch_commit(struct rd_batch *b, struct rd_batch_stats *stats)
{
	struct rd_batch_stats st = { 0 };
	int err;

	if (b->done)
		return rd_error_set(RD_EINVALID, "batch already committed");
	err = batch_write(b);
	st.versions_written = b->versions_written;
	for (size_t i = 0; i < b->n; i++) {
		const struct batch_entry *e = &b->e[i];
		if (!e->moved)
			st.entries_unchanged++;
		else if (e->existed)
			st.entries_updated++;
		else
			st.entries_created++;
	}
	if (!err)
		b->done = 1;
	if (stats)
		*stats = st;
	return err;
}

void rd_store_batch_free(struct rd_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->e[i].name);
		free(b->e[i].ref);
	}
	free(b->e);
	rd_keep_drop(b->keep);
	free(b->heads);
	free(b->ids);
	free(b->set);
	rd_pack_release(&b->pack);
	rd_buf_release(&b->base);
	rd_buf_release(&b->delta);
	/* the odb owns the mempack backend */
	git_odb_free(b->odb);
	git_odb_free(b->store_odb);
	git_repository_free(b->repo);
	free(b);
}
