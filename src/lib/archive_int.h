/*
 * archive_int.h - libarchive for reader.c, opened on first use (lazy.h):
 * only reading a compressed dump needs it, and it brings 12 libraries
 * (libxml2, ICU, libstdc++ ...) that every diff would otherwise load.
 * As in git_int.h, each function's name is a call through the table; a
 * function used but not listed fails to link: add it to both lists.
 */
#ifndef RD_ARCHIVE_INT_H
#define RD_ARCHIVE_INT_H

#include <archive.h>

/* Opens libarchive the first time: 0, or RD_ERROR (message set). */
int rd_archive_load(void);

#define RD_ARCHIVE_SYMS(X) \
	X(archive_error_string) \
	X(archive_filter_bytes) \
	X(archive_read_data) \
	X(archive_read_free) \
	X(archive_read_new) \
	X(archive_read_next_header) \
	X(archive_read_open_FILE) \
	X(archive_read_open_filename) \
	X(archive_read_support_filter_all) \
	X(archive_read_support_format_7zip) \
	X(archive_read_support_format_raw)

struct rd_archive_table {
#define RD_ARCHIVE_FIELD(f) __typeof__(&f) f;
	RD_ARCHIVE_SYMS(RD_ARCHIVE_FIELD)
#undef RD_ARCHIVE_FIELD
};
extern struct rd_archive_table rd_archive;

#define archive_error_string (*rd_archive.archive_error_string)
#define archive_filter_bytes (*rd_archive.archive_filter_bytes)
#define archive_read_data (*rd_archive.archive_read_data)
#define archive_read_free (*rd_archive.archive_read_free)
#define archive_read_new (*rd_archive.archive_read_new)
#define archive_read_next_header (*rd_archive.archive_read_next_header)
#define archive_read_open_FILE (*rd_archive.archive_read_open_FILE)
#define archive_read_open_filename (*rd_archive.archive_read_open_filename)
#define archive_read_support_filter_all (*rd_archive.archive_read_support_filter_all)
#define archive_read_support_format_7zip (*rd_archive.archive_read_support_format_7zip)
#define archive_read_support_format_raw (*rd_archive.archive_read_support_format_raw)

#endif
