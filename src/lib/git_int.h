/*
 * git_int.h - what the files that call libgit2 share (store.c, workrepo.c):
 * libgit2's headers and a table of its functions.
 *
 * libgit2 is not linked: git_lazy.c opens it on first use (lazy.h), so
 * that a command without a store or repository (`diff FILE FILE`,
 * --version) never loads it nor the 14 libraries it brings (Kerberos,
 * TLS, SSH, HTTP), whose symbol relocation was 95% of revdiff's start-up.
 * Below, each function's name is #defined as a call through the table,
 * so the calling code reads as plain libgit2 calls.  A function used but
 * not listed here fails to link (undefined reference to git_...): add it
 * to RD_GIT_SYMS and to the #defines, both sorted.
 */
#ifndef RD_GIT_INT_H
#define RD_GIT_INT_H

#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>

/*
 * Opens libgit2 (once per process) and runs its global set-up, torn down
 * at exit.  0, or RD_ERROR (message set) when the library cannot be
 * loaded.  Call it before any other git_* function.  Each set-up reads
 * the system's CA certificates, for network transports revdiff never
 * uses: so it is done once per process, not by every user.
 */
int rd_git_init(void);
/* libgit2's last message after `what` (else the system's reason, when a
 * failed write left none) set as the error; returns `code`. */
int rd_git_fail(int code, const char *what);

#define RD_GIT_SYMS(X) \
	X(git_blob_create_from_buffer) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_author) \
	X(git_commit_create_from_ids) \
	X(git_commit_free) \
	X(git_commit_id) \
	X(git_commit_lookup) \
	X(git_commit_message_raw) \
	X(git_commit_parent_id) \
	X(git_commit_parentcount) \
	X(git_commit_tree) \
	X(git_commit_tree_id) \
	X(git_config_free) \
	X(git_config_get_int32) \
	X(git_config_get_path) \
	X(git_config_set_int32) \
	X(git_diff_find_options_init) \
	X(git_diff_find_similar) \
	X(git_diff_free) \
	X(git_diff_get_delta) \
	X(git_diff_num_deltas) \
	X(git_diff_tree_to_index) \
	X(git_diff_tree_to_tree) \
	X(git_error_last) \
	X(git_graph_descendant_of) \
	X(git_index_free) \
	X(git_index_get_bypath) \
	X(git_indexer_append) \
	X(git_indexer_commit) \
	X(git_indexer_free) \
	X(git_indexer_new) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_mempack_new) \
	X(git_mempack_reset) \
	X(git_merge_base) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_lookup) \
	X(git_object_peel) \
	X(git_odb_add_backend) \
	X(git_odb_exists) \
	X(git_odb_free) \
	X(git_odb_new) \
	X(git_odb_object_data) \
	X(git_odb_object_free) \
	X(git_odb_object_size) \
	X(git_odb_object_type) \
	X(git_odb_open) \
	X(git_odb_read) \
	X(git_odb_refresh) \
	X(git_odb_write) \
	X(git_oid_equal) \
	X(git_oid_fromstr) \
	X(git_oid_tostr) \
	X(git_reference_create_matching) \
	X(git_reference_delete) \
	X(git_reference_free) \
	X(git_reference_iterator_free) \
	X(git_reference_iterator_glob_new) \
	X(git_reference_lookup) \
	X(git_reference_name_to_id) \
	X(git_reference_next_name) \
	X(git_reference_peel) \
	X(git_reference_target) \
	X(git_repository_config) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_head) \
	X(git_repository_head_unborn) \
	X(git_repository_index) \
	X(git_repository_init_ext) \
	X(git_repository_init_options_init) \
	X(git_repository_discover) \
	X(git_repository_is_bare) \
	X(git_repository_item_path) \
	X(git_repository_mergehead_foreach) \
	X(git_repository_odb) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_set_odb) \
	X(git_repository_wrap_odb) \
	X(git_repository_workdir) \
	X(git_revparse) \
	X(git_revwalk_free) \
	X(git_revwalk_new) \
	X(git_revwalk_next) \
	X(git_revwalk_push) \
	X(git_revwalk_simplify_first_parent) \
	X(git_signature_free) \
	X(git_signature_new) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_type) \
	X(git_tree_free) \
	X(git_tree_lookup)

struct rd_git_table {
#define RD_GIT_FIELD(f) __typeof__(&f) f;
	RD_GIT_SYMS(RD_GIT_FIELD)
#undef RD_GIT_FIELD
};
extern struct rd_git_table rd_git;

#define git_blob_create_from_buffer (*rd_git.git_blob_create_from_buffer)
#define git_blob_free (*rd_git.git_blob_free)
#define git_blob_lookup (*rd_git.git_blob_lookup)
#define git_blob_rawcontent (*rd_git.git_blob_rawcontent)
#define git_blob_rawsize (*rd_git.git_blob_rawsize)
#define git_buf_dispose (*rd_git.git_buf_dispose)
#define git_commit_author (*rd_git.git_commit_author)
#define git_commit_create_from_ids (*rd_git.git_commit_create_from_ids)
#define git_commit_free (*rd_git.git_commit_free)
#define git_commit_id (*rd_git.git_commit_id)
#define git_commit_lookup (*rd_git.git_commit_lookup)
#define git_commit_message_raw (*rd_git.git_commit_message_raw)
#define git_commit_parent_id (*rd_git.git_commit_parent_id)
#define git_commit_parentcount (*rd_git.git_commit_parentcount)
#define git_commit_tree (*rd_git.git_commit_tree)
#define git_commit_tree_id (*rd_git.git_commit_tree_id)
#define git_config_free (*rd_git.git_config_free)
#define git_config_get_int32 (*rd_git.git_config_get_int32)
#define git_config_get_path (*rd_git.git_config_get_path)
#define git_config_set_int32 (*rd_git.git_config_set_int32)
#define git_diff_find_options_init (*rd_git.git_diff_find_options_init)
#define git_diff_find_similar (*rd_git.git_diff_find_similar)
#define git_diff_free (*rd_git.git_diff_free)
#define git_diff_get_delta (*rd_git.git_diff_get_delta)
#define git_diff_num_deltas (*rd_git.git_diff_num_deltas)
#define git_diff_tree_to_index (*rd_git.git_diff_tree_to_index)
#define git_diff_tree_to_tree (*rd_git.git_diff_tree_to_tree)
#define git_error_last (*rd_git.git_error_last)
#define git_graph_descendant_of (*rd_git.git_graph_descendant_of)
#define git_index_free (*rd_git.git_index_free)
#define git_index_get_bypath (*rd_git.git_index_get_bypath)
#define git_indexer_append (*rd_git.git_indexer_append)
#define git_indexer_commit (*rd_git.git_indexer_commit)
#define git_indexer_free (*rd_git.git_indexer_free)
#define git_indexer_new (*rd_git.git_indexer_new)
#define git_libgit2_init (*rd_git.git_libgit2_init)
#define git_libgit2_opts (*rd_git.git_libgit2_opts)
#define git_libgit2_shutdown (*rd_git.git_libgit2_shutdown)
#define git_mempack_new (*rd_git.git_mempack_new)
#define git_mempack_reset (*rd_git.git_mempack_reset)
#define git_merge_base (*rd_git.git_merge_base)
#define git_object_free (*rd_git.git_object_free)
#define git_object_id (*rd_git.git_object_id)
#define git_object_lookup (*rd_git.git_object_lookup)
#define git_object_peel (*rd_git.git_object_peel)
#define git_odb_add_backend (*rd_git.git_odb_add_backend)
#define git_odb_exists (*rd_git.git_odb_exists)
#define git_odb_free (*rd_git.git_odb_free)
#define git_odb_new (*rd_git.git_odb_new)
#define git_odb_object_data (*rd_git.git_odb_object_data)
#define git_odb_object_free (*rd_git.git_odb_object_free)
#define git_odb_object_size (*rd_git.git_odb_object_size)
#define git_odb_object_type (*rd_git.git_odb_object_type)
#define git_odb_open (*rd_git.git_odb_open)
#define git_odb_read (*rd_git.git_odb_read)
#define git_odb_refresh (*rd_git.git_odb_refresh)
#define git_odb_write (*rd_git.git_odb_write)
#define git_oid_equal (*rd_git.git_oid_equal)
#define git_oid_fromstr (*rd_git.git_oid_fromstr)
#define git_oid_tostr (*rd_git.git_oid_tostr)
#define git_reference_create_matching (*rd_git.git_reference_create_matching)
#define git_reference_delete (*rd_git.git_reference_delete)
#define git_reference_free (*rd_git.git_reference_free)
#define git_reference_iterator_free (*rd_git.git_reference_iterator_free)
#define git_reference_iterator_glob_new (*rd_git.git_reference_iterator_glob_new)
#define git_reference_lookup (*rd_git.git_reference_lookup)
#define git_reference_name_to_id (*rd_git.git_reference_name_to_id)
#define git_reference_next_name (*rd_git.git_reference_next_name)
#define git_reference_peel (*rd_git.git_reference_peel)
#define git_reference_target (*rd_git.git_reference_target)
#define git_repository_config (*rd_git.git_repository_config)
#define git_repository_config_snapshot (*rd_git.git_repository_config_snapshot)
#define git_repository_free (*rd_git.git_repository_free)
#define git_repository_head (*rd_git.git_repository_head)
#define git_repository_head_unborn (*rd_git.git_repository_head_unborn)
#define git_repository_index (*rd_git.git_repository_index)
#define git_repository_init_ext (*rd_git.git_repository_init_ext)
#define git_repository_init_options_init (*rd_git.git_repository_init_options_init)
#define git_repository_discover (*rd_git.git_repository_discover)
#define git_repository_is_bare (*rd_git.git_repository_is_bare)
#define git_repository_item_path (*rd_git.git_repository_item_path)
#define git_repository_mergehead_foreach (*rd_git.git_repository_mergehead_foreach)
#define git_repository_odb (*rd_git.git_repository_odb)
#define git_repository_open_ext (*rd_git.git_repository_open_ext)
#define git_repository_path (*rd_git.git_repository_path)
#define git_repository_set_odb (*rd_git.git_repository_set_odb)
#define git_repository_wrap_odb (*rd_git.git_repository_wrap_odb)
#define git_repository_workdir (*rd_git.git_repository_workdir)
#define git_revparse (*rd_git.git_revparse)
#define git_revwalk_free (*rd_git.git_revwalk_free)
#define git_revwalk_new (*rd_git.git_revwalk_new)
#define git_revwalk_next (*rd_git.git_revwalk_next)
#define git_revwalk_push (*rd_git.git_revwalk_push)
#define git_revwalk_simplify_first_parent (*rd_git.git_revwalk_simplify_first_parent)
#define git_signature_free (*rd_git.git_signature_free)
#define git_signature_new (*rd_git.git_signature_new)
#define git_tree_entry_byname (*rd_git.git_tree_entry_byname)
#define git_tree_entry_bypath (*rd_git.git_tree_entry_bypath)
#define git_tree_entry_filemode (*rd_git.git_tree_entry_filemode)
#define git_tree_entry_free (*rd_git.git_tree_entry_free)
#define git_tree_entry_id (*rd_git.git_tree_entry_id)
#define git_tree_entry_type (*rd_git.git_tree_entry_type)
#define git_tree_free (*rd_git.git_tree_free)
#define git_tree_lookup (*rd_git.git_tree_lookup)

#endif
