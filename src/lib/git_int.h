/*
 * git_int.h - what the files that call libgit2 share.
 */
#ifndef RD_GIT_INT_H
#define RD_GIT_INT_H

/*
 * libgit2's global set-up, once per process (torn down at exit).  Each
 * set-up reads the system's CA certificates, for network transports
 * revdiff never uses: pairing git_libgit2_init() with a shutdown in every
 * user (configuration, store, rules, work tree) read them two or three
 * times in one command.
 */
void rd_git_init(void);

#endif
