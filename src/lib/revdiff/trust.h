/*
 * revdiff/trust.h - trust (trust.c): git's ownership rules.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_TRUST_H
#define REVDIFF_TRUST_H

#include <sys/types.h>

/* Whether a config file owned by `uid` may be read as the user's own: it
 * is the user's (or SUDO_UID's under sudo) or root's. */
int rd_trust_file_owner(uid_t uid);
/*
 * 0 when the directory `path` (a store, a work tree) is the user's, or is
 * listed in git's safe.directory (global or system config; `*` lists
 * all).  Else RD_EUNTRUSTED with git's diagnosis: "detected dubious
 * ownership in WHAT at 'PATH'" and the `git config --global --add
 * safe.directory PATH` that allows it.  A missing path is 0.
 */
int rd_trust_dir(const char *path, const char *what);
/* The same for a work tree `top` and its git directory (NULL: none): both
 * the user's, or `top` listed in safe.directory, as git checks them. */
int rd_trust_repo(const char *top, const char *gitdir, const char *what);

#endif
