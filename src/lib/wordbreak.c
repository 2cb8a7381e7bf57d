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
#include "revdiff.h"
#include "lazy.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/utext.h>

#define STR_(x) #x
#define STR(x) STR_(x)

/* The functions used, named as ICU's renaming macros name them
 * (ubrk_open is ubrk_open_72): the table's fields and the names looked up
 * (RD_LAZY_XNAME) both go through those macros. */
#define ICU_SYMS(X) \
	X(u_cleanup) \
	X(ubrk_close) \
	X(ubrk_first) \
	X(ubrk_next) \
	X(ubrk_open) \
	X(ubrk_setUText) \
	X(utext_close) \
	X(utext_openUTF8)

struct icu_table {
#define ICU_FIELD(f) __typeof__(&f) f;
	ICU_SYMS(ICU_FIELD)
#undef ICU_FIELD
};

int rd_icu_load(void);
RD_LAZY_TABLE_AS(rd_icu_load, struct icu_table, rd_icu, ICU_SYMS, RD_LAZY_XNAME,
		 "libicuuc.so." STR(U_ICU_VERSION_MAJOR_NUM), "libicu" STR(U_ICU_VERSION_MAJOR_NUM))
static int icu_ok;

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

/* One iterator and one UText per thread, kept for the thread's life. */
static __thread UBreakIterator *tl_iter;
static __thread UText tl_text = UTEXT_INITIALIZER;

/* At exit, the exiting thread's iterator and ICU's caches are freed, so
 * that leak checkers see nothing left. */
static void icu_unload(void)
{
	if (tl_iter) {
		rd_icu.ubrk_close(tl_iter);
		rd_icu.utext_close(&tl_text);
		tl_iter = NULL;
	}
	rd_icu.u_cleanup();
}

/* Without ICU, runs of those scripts stay one token each: not an error,
 * so the message rd_icu_load sets does not replace the last one.  The
 * library stays loaded: ICU keeps caches for the process. */
static void icu_load(void)
{
	char saved[RD_ERROR_MAX];

	rd_error_save(saved);
	icu_ok = rd_icu_load() == 0;
	if (icu_ok)
		atexit(icu_unload);
	else
		rd_error_set(RD_OK, "%s", saved);
}

int rd_wordbreak(const char *s, size_t n, void (*cut)(void *ctx, size_t start, size_t end),
		 void *ctx)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t prev, b;

	pthread_once(&icu_once, icu_load);
	if (!icu_ok || n > INT32_MAX)
		return -1;
	if (!tl_iter) {
		/* the root locale: ICU picks the dictionary by script */
		tl_iter = rd_icu.ubrk_open(UBRK_WORD, "", NULL, 0, &err);
		if (U_FAILURE(err) || !tl_iter) {
			tl_iter = NULL;
			return -1;
		}
	}
	/* a UTF-8 UText indexes by byte: boundaries are byte offsets */
	rd_icu.utext_openUTF8(&tl_text, s, (int64_t)n, &err);
	rd_icu.ubrk_setUText(tl_iter, &tl_text, &err);
	if (U_FAILURE(err))
		return -1;
	prev = rd_icu.ubrk_first(tl_iter);
	if (prev != 0)
		return -1;
	while ((b = rd_icu.ubrk_next(tl_iter)) != UBRK_DONE) {
		if (b <= prev || (size_t)b > n)
			break;
		cut(ctx, (size_t)prev, (size_t)b);
		prev = b;
	}
	if ((size_t)prev < n) /* never expected: keep the tiling whole */
		cut(ctx, (size_t)prev, n);
	return 0;
}
