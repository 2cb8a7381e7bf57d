/*
 * lazy.c - opening a shared library on first use (see lazy.h).
 */
#include "revdiff.h"
#include "lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int load(struct rd_lazy *l)
{
	/* RTLD_LOCAL: only our table sees its symbols, as when linked with
	 * --as-needed; RTLD_NOW: a missing function fails here, not mid-use. */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	char *table = l->table;

	if (!h)
		return rd_error_set(RD_ERROR, "cannot load %s (install the Debian package %s): %s",
				    l->soname, l->package, dlerror());
	for (size_t i = 0; i < l->n; i++) {
		void *f = dlsym(h, l->names[i]);
		if (!f) {
			rd_error_set(RD_ERROR, "%s has no %s (revdiff was built against another version; "
				     "install the Debian package %s)", l->soname, l->names[i], l->package);
			dlclose(h);
			return RD_ERROR;
		}
		/* POSIX guarantees a function pointer holds what dlsym returns. */
		memcpy(table + i * sizeof(void (*)(void)), &f, sizeof(f));
	}
	return 0;
}

int rd_lazy_load(struct rd_lazy *l)
{
	int err = 0;

	/* A failure is not kept: each caller gets the reason in its message. */
	pthread_mutex_lock(&lock);
	if (!l->loaded && (err = load(l)) == 0)
		l->loaded = 1;
	pthread_mutex_unlock(&lock);
	return err;
}

int rd_lazy_start(struct rd_lazy *l, int *started, int (*start)(void), void (*stop)(void))
{
	int err;

	if (*started)
		return 0;
	if ((err = rd_lazy_load(l)) < 0 || (err = start()) < 0)
		return err;
	*started = 1;
	atexit(stop);
	return 0;
}
