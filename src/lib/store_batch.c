/*
 * store_batch.c - writing versions: a version's tree and commit, batches
 * of many versions into one pack, and rd_store_add as a batch of one.
 */
#include "revdiff.h"
#include "keep.h"
#include "message.h"
#include "pack.h"
#include "store.h"
#include "store_int.h"
#include "refs.h"

#include <stdlib.h>
#include <string.h>

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
		err = rd_git_fail(RD_EIO, "cannot write a version's tree");
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
		err = rd_git_fail(RD_EINVALID, "bad author or time");
		goto out;
	}
	/* a name the ident cannot hold exactly is kept as given in a trailer */
	rd_message_build(&msg, meta, escaped ? entry : NULL,
			 meta->author && strcmp(sig->name, meta->author) ? meta->author : NULL);
	if (git_commit_create_from_ids(out, repo, NULL, sig, sig, NULL, msg.ptr, &tree,
				       parent ? 1 : 0, parents) < 0)
		err = rd_git_fail(RD_EIO, "cannot write a version");
out:
	rd_buf_release(&msg);
	free(author);
	git_signature_free(sig);
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
	/* the chain up to tip goes through old, which holds old_count
	 * versions: a flush or continue set them, so the next write need
	 * not walk the entry's history again */
	int on_old;
	size_t old_count;
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
		err = rd_git_fail(RD_EIO, "cannot start a batch");
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
		return rd_git_fail(RD_EIO, "cannot walk an entry");
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
		return rd_git_fail(RD_EIO, "cannot read an entry's newest version");
	if (git_odb_write(&got, b->odb, git_odb_object_data(o), git_odb_object_size(o),
			  git_odb_object_type(o)) < 0)
		err = rd_git_fail(RD_EIO, "cannot start a batch");
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
	if ((err = rd_entry_refname(&e->ref, name, &e->escaped)) < 0)
		return err;
	if ((have = rd_store_ref_tip(b->s->repo, e->ref, &e->old)) < 0) {
		free(e->ref);
		return have;
	}
	e->name = rd_strdup(name);
	e->have_old = have;
	e->existed = have;
	if (have && b->mode == RD_BATCH_APPEND) {
		struct rd_version v;
		if ((err = rd_store_read_version(b->s->repo, name, &e->old, &v)) < 0 ||
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
	if ((err = rd_store_read_version(b->s->repo, entry, &e->old, &v)) < 0)
		return err;
	err = chain_length(b->s->repo, &e->old, &e->count);
	if (!err) {
		e->have_tip = 1;
		e->tip = e->old;
		strcpy(e->tip_blob, v.blob);
		e->on_old = 1;
		e->old_count = e->count;
	}
	rd_version_release(&v);
	return err;
}

static uint64_t oid_hash(const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static int packed_used(const void *e)
{
	return ((const struct packed *)e)->used;
}

static uint64_t packed_hash(const void *e)
{
	return oid_hash(&((const struct packed *)e)->id);
}

/* The stream's entry for id, or the free slot where it goes. */
static struct packed *packed_slot(struct rd_batch *b, const git_oid *id)
{
	size_t mask = b->setcap - 1, i;

	for (i = oid_hash(id) & mask; b->set[i].used && !git_oid_equal(&b->set[i].id, id); i = (i + 1) & mask)
		;
	return &b->set[i];
}

static struct packed *packed_add(struct rd_batch *b, const git_oid *id, uint64_t at, int depth)
{
	struct packed *p;

	rd_table_reserve((void **)&b->set, &b->setcap, b->nset, sizeof(*b->set), 1024, packed_used,
			 packed_hash);
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
		return rd_git_fail(RD_EIO, "cannot read back a version");
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
		if ((have = rd_store_ref_tip(repo, e->ref, &cur[i])) < 0) {
			err = have;
			break;
		}
		if (b->mode == RD_BATCH_APPEND) {
			if (have != e->have_old || (have && !git_oid_equal(&cur[i], &e->old)))
				err = rd_store_ref_fail(GIT_EMODIFIED, e->name, e->ref, b->s->path);
			act[i] = have ? 2 : 1;
			b->versions_written += e->added;
			continue;
		}
		if (!have) {
			act[i] = 1;
			b->versions_written += e->count;
		} else if (e->on_old && git_oid_equal(&cur[i], &e->old)) {
			/* as the last write or continue left it: no walk */
			act[i] = git_oid_equal(&cur[i], &e->tip) ? 0 : 2;
			b->versions_written += e->count - e->old_count;
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
		err = rd_store_guard_take(&guard, repo);
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
			err = rd_store_move_ref(repo, guard, b->s->path, e->name, e->ref, &cur[i], &e->tip);
		if (!err && act[i] == 2)
			e->moved = 1;
	}
	if (!err && ncreated &&
	    (err = rd_refs_pack_new(git_repository_path(repo), created, ncreated,
				    rd_store_guard_note_packed, &guard)) == RD_ECONFLICT)
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
		e->on_old = 1;
		e->old_count = e->count;
	}
	rd_store_guard_release(guard);
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
