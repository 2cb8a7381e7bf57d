/*
 * mw_tags.c - what a live pull keeps beside the entries: MediaWiki's
 * change tags of each version, and per wiki the page ids it follows (to
 * see a move) and when it last read the recent changes.
 *
 * The commits must stay what the XML import makes, and a tag can arrive
 * long after its revision (mw-reverted comes from a background job), so
 * none of this is in them.  It is one JSON file, `mediawiki.json`, in the
 * tree of a commit that the ref refs/revdiff/mediawiki names (a commit,
 * so that git carries it: `git fetch STORE '+refs/revdiff/mediawiki:refs/revdiff/mediawiki'`):
 *
 *   {"tags":  {"<commit id>": "mw-undo mw-reverted", ...},
 *    "wikis": {"<api.php URL>": {"pages": {"<page id>": "<entry>", ...},
 *                                "recent": "<newest change read by --recent>",
 *                                "recent_all": "<... by --recent=all>"}}}
 *
 * The ref moves by compare-and-swap; a pull that lost the race says so.
 * NEEDSWORK: the file is read and written whole, fine for thousands of
 * pages, not for a whole wiki's millions of revisions.
 */
#include "mw_state.h"
#include "git_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STATE_REF "refs/revdiff/mediawiki"
#define STATE_FILE "mediawiki.json"

struct rd_mw_tags {
	git_repository *repo;
	json_t *root;
	git_oid old;
	int have_old;
};

static int read_state(struct rd_mw_tags *t)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	json_error_t je;
	int rc = 0;

	if (git_commit_lookup(&c, t->repo, &t->old) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_tree_entry_bypath(&te, tree, STATE_FILE) < 0 ||
	    git_blob_lookup(&blob, t->repo, git_tree_entry_id(te)) < 0) {
		rc = rd_git_fail(RD_EIO, "cannot read " STATE_REF);
		goto out;
	}
	t->root = json_loadb(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), 0, &je);
	if (!json_is_object(t->root))
		rc = rd_error_set(RD_EINVALID, STATE_REF ": %s is not a JSON object (%s)",
				  STATE_FILE, t->root ? "another value" : je.text);
out:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

int rd_mw_tags_load(struct rd_mw_tags **out, struct rd_store *s)
{
	struct rd_mw_tags *t = rd_calloc(1, sizeof(*t));
	int rc = 0, e;

	*out = NULL;
	if ((rc = rd_git_init()) < 0)
		goto out;
	if (git_repository_open_ext(&t->repo, rd_store_path(s),
				    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL) < 0) {
		rc = rd_git_fail(RD_EIO, "cannot open the store");
		goto out;
	}
	e = git_reference_name_to_id(&t->old, t->repo, STATE_REF);
	if (e == GIT_ENOTFOUND) {
		t->root = json_object();
	} else if (e < 0) {
		rc = rd_git_fail(RD_EIO, "cannot read " STATE_REF);
	} else {
		t->have_old = 1;
		rc = read_state(t);
	}
out:
	if (rc < 0) {
		rd_mw_tags_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void rd_mw_tags_free(struct rd_mw_tags *t)
{
	if (!t)
		return;
	json_decref(t->root);
	if (t->repo)
		git_repository_free(t->repo);
	free(t);
}

/* root[key], an object, made when missing */
static json_t *object_at(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_object(v)) {
		v = json_object();
		json_object_set_new(o, key, v);
	}
	return v;
}

const char *rd_mw_tags_of(const struct rd_mw_tags *t, const char *commit)
{
	const char *s = json_string_value(json_object_get(json_object_get(t->root, "tags"), commit));

	return s && *s ? s : NULL;
}

void rd_mw_tags_set(struct rd_mw_tags *t, const char *commit, const char *tags)
{
	json_t *all = object_at(t->root, "tags");

	if (tags && *tags)
		json_object_set_new(all, commit, json_string(tags));
	else
		json_object_del(all, commit);
}

json_t *rd_mw_state_wiki(struct rd_mw_tags *t, const char *api)
{
	return object_at(object_at(t->root, "wikis"), api);
}

json_t *rd_mw_state_pages(struct rd_mw_tags *t, const char *api)
{
	return object_at(rd_mw_state_wiki(t, api), "pages");
}

int rd_mw_tags_save(struct rd_mw_tags *t)
{
	static const char mode_name[] = "100644 " STATE_FILE;
	git_oid blob, tree, commit, zero;
	git_odb *odb = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	const git_oid *parents[1] = { &t->old };
	char *text = json_dumps(t->root, JSON_SORT_KEYS | JSON_INDENT(1));
	unsigned char entry[sizeof(mode_name) + GIT_OID_RAWSZ];
	int rc = 0, e;

	/* the tree by hand: one entry, "<mode> <name>\0<raw id>" */
	if (git_blob_create_from_buffer(&blob, t->repo, text, strlen(text)) < 0 ||
	    git_repository_odb(&odb, t->repo) < 0) {
		rc = rd_git_fail(RD_EIO, "cannot write " STATE_REF);
		goto out;
	}
	memcpy(entry, mode_name, sizeof(mode_name));
	memcpy(entry + sizeof(mode_name), blob.id, GIT_OID_RAWSZ);
	if (git_odb_write(&tree, odb, entry, sizeof(entry), GIT_OBJECT_TREE) < 0 ||
	    git_signature_new(&sig, "revdiff", "unknown", (git_time_t)time(NULL), 0) < 0 ||
	    git_commit_create_from_ids(&commit, t->repo, NULL, sig, sig, NULL,
				       "MediaWiki change tags and pull state\n", &tree,
				       t->have_old ? 1 : 0, parents) < 0) {
		rc = rd_git_fail(RD_EIO, "cannot write " STATE_REF);
		goto out;
	}
	/* compare-and-swap; the zero id means "must not exist yet" */
	memset(&zero, 0, sizeof(zero));
	e = git_reference_create_matching(&ref, t->repo, STATE_REF, &commit, 1,
					  t->have_old ? &t->old : &zero, "revdiff import mediawiki --api");
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS) {
		rc = rd_error_set(RD_ECONFLICT, STATE_REF " was changed by another pull at the same time; run this one again");
	} else if (e < 0) {
		rc = rd_git_fail(RD_EIO, "cannot move " STATE_REF);
	} else {
		t->old = commit;
		t->have_old = 1;
	}
out:
	git_reference_free(ref);
	git_signature_free(sig);
	git_odb_free(odb);
	free(text);
	return rc;
}
