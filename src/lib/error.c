/* error.c - the one message of the last error, as libgit2's giterr does. */
#include "revdiff.h"

#include <stdio.h>
#include <string.h>

static char last[RD_ERROR_MAX];

int rd_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(last)];

	/* via a copy: callers often pass rd_error_last() as an argument */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(last, msg, sizeof(last));
	return code;
}

const char *rd_error_last(void)
{
	return last;
}

void rd_error_save(char saved[RD_ERROR_MAX])
{
	memcpy(saved, last, sizeof(last));
}

void rd_error_clear(void)
{
	last[0] = '\0';
}
