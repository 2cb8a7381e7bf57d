/*
 * wordbreak.c - ICU's word break iterator, loaded at first need.
 *
 * Linking ICU would load libicuuc and its data at every start of the
 * program; most texts are in scripts that separate words with spaces and
 * never need it.  So the library is opened with dlopen() the first time a
 * run of Thai, Lao, Khmer or Burmese letters is met, under the soname of
 * the ICU whose headers configure found; the entry points carry that
 * version's suffix (ubrk_open_72), which the headers' renaming macros give.
 * Each thread keeps one iterator: opening one costs more than breaking a
 * short run.
 */
#include "wordbreak.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/utext.h>

#define STR_(x) #x
#define STR(x) STR_(x)
/* The names after ICU's renaming macros: "ubrk_open_72". */
#define SYM(f) STR(f)

static struct {
	__typeof__(utext_openUTF8) *open_utf8;
	__typeof__(ubrk_open) *open;
	__typeof__(ubrk_setUText) *set_utext;
	__typeof__(ubrk_first) *first;
	__typeof__(ubrk_next) *next;
	__typeof__(ubrk_close) *close;
	__typeof__(utext_close) *text_close;
	__typeof__(u_cleanup) *cleanup;
	int ok;
} icu;

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

/* One iterator and one UText per thread, kept for the thread's life. */
static __thread UBreakIterator *tl_iter;
static __thread UText tl_text = UTEXT_INITIALIZER;

/* At exit, the exiting thread's iterator and ICU's caches are freed, so
 * that leak checkers see nothing left. */
static void icu_unload(void)
{
	if (tl_iter) {
		icu.close(tl_iter);
		icu.text_close(&tl_text);
		tl_iter = NULL;
	}
	icu.cleanup();
}

static void icu_load(void)
{
	void *h = dlopen("libicuuc.so." STR(U_ICU_VERSION_MAJOR_NUM), RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	icu.open_utf8 = (__typeof__(icu.open_utf8))dlsym(h, SYM(utext_openUTF8));
	icu.open = (__typeof__(icu.open))dlsym(h, SYM(ubrk_open));
	icu.set_utext = (__typeof__(icu.set_utext))dlsym(h, SYM(ubrk_setUText));
	icu.first = (__typeof__(icu.first))dlsym(h, SYM(ubrk_first));
	icu.next = (__typeof__(icu.next))dlsym(h, SYM(ubrk_next));
	icu.close = (__typeof__(icu.close))dlsym(h, SYM(ubrk_close));
	icu.text_close = (__typeof__(icu.text_close))dlsym(h, SYM(utext_close));
	icu.cleanup = (__typeof__(icu.cleanup))dlsym(h, SYM(u_cleanup));
	/* the library stays loaded: ICU keeps caches for the process */
	icu.ok = icu.open_utf8 && icu.open && icu.set_utext && icu.first && icu.next &&
		 icu.close && icu.text_close && icu.cleanup;
	if (icu.ok)
		atexit(icu_unload);
}

int rd_wordbreak(const char *s, size_t n, void (*cut)(void *ctx, size_t start, size_t end),
		 void *ctx)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t prev, b;

	pthread_once(&icu_once, icu_load);
	if (!icu.ok || n > INT32_MAX)
		return -1;
	if (!tl_iter) {
		/* the root locale: ICU picks the dictionary by script */
		tl_iter = icu.open(UBRK_WORD, "", NULL, 0, &err);
		if (U_FAILURE(err) || !tl_iter) {
			tl_iter = NULL;
			return -1;
		}
	}
	/* a UTF-8 UText indexes by byte: boundaries are byte offsets */
	icu.open_utf8(&tl_text, s, (int64_t)n, &err);
	icu.set_utext(tl_iter, &tl_text, &err);
	if (U_FAILURE(err))
		return -1;
	prev = icu.first(tl_iter);
	if (prev != 0)
		return -1;
	while ((b = icu.next(tl_iter)) != UBRK_DONE) {
		if (b <= prev || (size_t)b > n)
			break;
		cut(ctx, (size_t)prev, (size_t)b);
		prev = b;
	}
	if ((size_t)prev < n) /* never expected: keep the tiling whole */
		cut(ctx, (size_t)prev, n);
	return 0;
}
