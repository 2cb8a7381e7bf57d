/*
 * revdiff/errors.h - errors: the RD_E* codes and the one message of the last error (error.c).
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_ERRORS_H
#define REVDIFF_ERRORS_H

enum {
	RD_OK = 0,
	RD_ERROR = -1,     /* generic failure */
	RD_ENOTFOUND = -2, /* entry, version, file or store not found */
	RD_EEXISTS = -3,   /* already there */
	RD_EINVALID = -4,  /* bad input: a name, a date, an address, a file */
	RD_ECONFLICT = -5, /* a concurrent writer won: retry */
	RD_EIO = -6,       /* reading or writing failed */
	RD_EBINARY = -7,   /* input looks binary */
	RD_ETOOBIG = -8,   /* input beyond what revdiff handles */
	RD_EDAMAGED = -9,  /* the store is damaged: an object missing or unreadable */
	RD_EUNTRUSTED = -10 /* owned by another user: git's "dubious ownership" */
};

/* Sets the message for the last error and returns `code`; the arguments
 * may include rd_error_last(), to add to the message. */
int rd_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of the last error, or "" when none was set. Borrowed. */
const char *rd_error_last(void);
/* The longest message kept, with its NUL. */
#define RD_ERROR_MAX 1024
/* Copies the last error's message into saved, for a caller that keeps it
 * across a call that may set its own: rd_error_set(code, "%s", saved)
 * puts it back. */
void rd_error_save(char saved[RD_ERROR_MAX]);
void rd_error_clear(void);

#endif
