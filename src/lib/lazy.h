/*
 * lazy.h - shared libraries opened on first use (dlopen), so that each
 * command loads only the libraries it uses.
 *
 * A library used this way is not linked.  Its user keeps a struct of
 * function pointers, one per function it calls, and a list of their
 * names in the same order; rd_lazy_load() opens the library by the file
 * name the linker would have recorded (its soname, found by configure)
 * and fills the struct.  git_int.h shows the pattern: the struct's fields
 * are declared with __typeof__ from the library's own header, and each
 * function's name is #defined as a call through the struct, so calling
 * code reads as plain library calls and the compiler checks every call.
 *
 * Which libraries are lazy (see README, "Start-up"): libgit2, because
 * only commands that open a store or a repository need it, and it brings
 * 14 libraries of its own; libarchive, only for reading compressed
 * dumps, which brings 12 (libxml2, ICU, libstdc++ among them); ICU's
 * word breaking (wordbreak.c), only for Thai, Lao, Khmer and Burmese.  A library that a command needs only on one
 * path (network, archives) belongs here too; small libraries every diff
 * uses (xxHash, utf8proc) are cheaper linked.
 */
#ifndef RD_LAZY_H
#define RD_LAZY_H

#include <stddef.h>

struct rd_lazy {
	const char *soname;       /* "libgit2.so.1.5": what dlopen() is given */
	const char *package;      /* the Debian package shipping it, for errors */
	const char *const *names; /* the functions wanted, in the table's order */
	void *table;              /* a struct of n function pointers, filled in */
	size_t n;
	int loaded;
};

/*
 * Opens l's library and fills its table, once (thread-safe; after a
 * failure the next call tries again).  0, or RD_ERROR with a message
 * naming the library, the package and the reason (missing file or function).
 */
int rd_lazy_load(struct rd_lazy *l);

/*
 * For a library with a global set-up (libgit2, libcurl): unless *started,
 * opens l's library, runs start (0, or an error code with its message) and
 * has stop run at exit.  0 or the error.
 */
int rd_lazy_start(struct rd_lazy *l, int *started, int (*start)(void), void (*stop)(void));

/*
 * In the one file that owns a library's table: defines `table` (of type
 * `type`, one function pointer per name that syms(X) lists) and
 * `int load(void)`, which opens the library the first time (0 or RD_ERROR,
 * as rd_lazy_load), on `struct rd_lazy table##_lib`.
 */
#define RD_LAZY_NAME(f) #f,
#define RD_LAZY_TABLE(load, type, table, syms, soname, package) \
	RD_LAZY_TABLE_AS(load, type, table, syms, RD_LAZY_NAME, soname, package)
/* The same with each function's name looked up as the library's header
 * macros rename it (ICU's ubrk_open is ubrk_open_72): RD_LAZY_XNAME. */
#define RD_LAZY_STR(f) #f
#define RD_LAZY_XNAME(f) RD_LAZY_STR(f),
#define RD_LAZY_TABLE_AS(load, type, table, syms, name, soname, package) \
	type table; \
	static const char *const table##_names[] = { syms(name) }; \
	_Static_assert(sizeof(table) == sizeof(table##_names) / sizeof(table##_names[0]) * \
		       sizeof(void (*)(void)), "one function pointer per name"); \
	static struct rd_lazy table##_lib = { soname, package, table##_names, &table, \
		sizeof(table##_names) / sizeof(table##_names[0]), 0 }; \
	int load(void) \
	{ \
		return rd_lazy_load(&table##_lib); \
	}

#endif
