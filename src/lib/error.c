/* error.c - the one message of the last error, as libgit2's giterr does. */
#include "revdiff.h"

#include <stdio.h>

static char last[1024];

int rd_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return code;
}

const char *rd_error_last(void)
{
	return last;
}

void rd_error_clear(void)
{
	last[0] = '\0';
}
