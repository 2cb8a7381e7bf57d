/*
 * revdiff.h - the public face of librevdiff, the only library header the
 * command line includes.
 *
 * Ownership, stated once: whatever comes back through an `**out` or an
 * `*out` struct filled by a function belongs to the caller and is released
 * with the matching `_free` (heap objects) or `_release` (embedded structs).
 * A `const` pointer is borrowed and lives as long as its owner.  Every
 * `_free` and `_release` accepts NULL or an already released struct.
 *
 * Errors: functions that can fail return 0 or a negative RD_E* code and set
 * one message, read with rd_error_last(); callers pass the code up unchanged.
 * Allocation failure is fatal in one place (mem.c), so there are no
 * out-of-memory paths elsewhere.
 */
#ifndef REVDIFF_H
#define REVDIFF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- errors (error.c) ------------------------------------------------ */

enum {
	RD_OK = 0,
	RD_ERROR = -1,     /* generic failure */
	RD_ENOTFOUND = -2, /* entry, version, file or store not found */
	RD_EEXISTS = -3,   /* already there */
	RD_EINVALID = -4,  /* bad input: a name, a date, an address, a file */
	RD_ECONFLICT = -5, /* a concurrent writer won: retry */
	RD_EIO = -6,       /* reading or writing failed */
	RD_EBINARY = -7,   /* input looks binary */
	RD_ETOOBIG = -8    /* input beyond what revdiff handles */
};

/* Sets the message for the last error and returns `code`. */
int rd_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of the last error, or "" when none was set. Borrowed. */
const char *rd_error_last(void);
void rd_error_clear(void);

/* ---- memory (mem.c): abort with a message on exhaustion -------------- */

void *rd_malloc(size_t n);
void *rd_calloc(size_t count, size_t size);
void *rd_realloc(void *p, size_t n);
/* Grows *p (of *cap elements of `size`) to hold at least `need`. */
void rd_grow(void **p, size_t *cap, size_t need, size_t size);
char *rd_strdup(const char *s);
char *rd_strndup(const char *s, size_t n);
/* Large zeroed scratch, populated up front; release with rd_unmap(p, n). */
void *rd_map_zeroed(size_t n);
void rd_unmap(void *p, size_t n);

/* ---- growable byte buffer (buf.c) ------------------------------------ */

struct rd_buf {
	char *ptr; /* always NUL-terminated once anything was written */
	size_t len;
	size_t cap;
};
#define RD_BUF_INIT { NULL, 0, 0 }

void rd_buf_put(struct rd_buf *b, const void *data, size_t len);
void rd_buf_puts(struct rd_buf *b, const char *s);
void rd_buf_putc(struct rd_buf *b, char c);
void rd_buf_printf(struct rd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rd_buf_vprintf(struct rd_buf *b, const char *fmt, va_list ap);
void rd_buf_clear(struct rd_buf *b);
/* Hands the bytes to the caller (free() them); the buffer is left empty. */
char *rd_buf_detach(struct rd_buf *b, size_t *len);
void rd_buf_release(struct rd_buf *b);

/* Reads a whole file ("-" is standard input) into `out`. */
int rd_file_read(struct rd_buf *out, const char *path);

/* A whole file's bytes, mapped when it is a regular file (no copy), read
 * otherwise (pipes, "-" for standard input). */
struct rd_file {
	const char *data; /* never NULL once loaded */
	size_t len;
	void *map;        /* the mapping, or NULL */
	struct rd_buf buf;
};
int rd_file_load(struct rd_file *f, const char *path);
void rd_file_release(struct rd_file *f);

/* ---- tokenizer (token.c) --------------------------------------------- */

enum rd_token_kind {
	RD_TOK_WORD = 0, /* letters, digits, marks; inner apostrophes */
	RD_TOK_NUMBER,   /* digits with inner separators: 2,680 3.5 03:50:22 */
	RD_TOK_PUNCT,    /* one punctuation or symbol character */
	RD_TOK_CJK,      /* one ideograph (or kana) */
	RD_TOK_BYTE      /* one byte that is not valid UTF-8 */
};

/*
 * One token: bytes [off, off + len) of the text.  Whitespace is not a
 * token: the bytes between two tokens are the whitespace that separates
 * them, so the token list plus the text reproduce the text exactly.
 */
struct rd_token {
	uint64_t hash; /* XXH3-64 of the bytes; buckets only, never identity */
	uint32_t off;
	uint32_t len : 28;
	uint32_t kind : 4;
};

/* Longest token: longer runs are cut, so one token never needs more. */
#define RD_TOKEN_MAX (1u << 20)
/* Largest text revdiff tokenizes (offsets are 32-bit). */
#define RD_TEXT_MAX ((size_t)UINT32_MAX)

struct rd_tokens {
	const char *text; /* borrowed: must outlive the tokens */
	size_t start;     /* the tokenized range of text: [start, len) */
	size_t len;
	struct rd_token *v;
	size_t n;
};

/* Tokenizes `text`; never fails on bad bytes (RD_ETOOBIG past RD_TEXT_MAX). */
int rd_tokenize(struct rd_tokens *out, const char *text, size_t len);
/* Tokenizes bytes [from, to) of text; offsets stay relative to text.
 * `from` must not fall inside a token (a line start will do). */
int rd_tokenize_range(struct rd_tokens *out, const char *text, size_t from, size_t to);
void rd_tokens_release(struct rd_tokens *t);
/* End of token i, and start of the whitespace after it. */
static inline size_t rd_token_end(const struct rd_token *t)
{
	return (size_t)t->off + t->len;
}
/* Nonzero when `text` looks binary (a NUL byte in its first 8000 bytes, as git). */
int rd_text_is_binary(const char *text, size_t len);

/* ---- diff engine (diff.c) -------------------------------------------- */

enum rd_op_kind { RD_OP_EQUAL = 0, RD_OP_DELETE, RD_OP_INSERT };

/*
 * Change classes (classify.c).  RD_CLASS_NONE for equal ops.
 * Trivial classes come first so `cls < RD_CLASS_SPELLING` means trivial.
 */
enum rd_class {
	RD_CLASS_NONE = 0,
	RD_CLASS_WHITESPACE,
	RD_CLASS_SPACING,
	RD_CLASS_CASE,
	RD_CLASS_UNICODE,
	RD_CLASS_PUNCTUATION,
	RD_CLASS_SPELLING,
	RD_CLASS_NUMBER,
	RD_CLASS_QUOTATION,
	RD_CLASS_MOVED,
	RD_CLASS_INSERT,
	RD_CLASS_DELETE,
	RD_CLASS_REPLACE,
	RD_CLASS__COUNT
};
const char *rd_class_name(enum rd_class c);
/* Parses a class name; returns RD_CLASS_NONE when unknown. */
enum rd_class rd_class_parse(const char *name);

/*
 * One op of an edit script: bytes [a_start, a_end) of the old text and
 * [b_start, b_end) of the new one.  Equal ops have the same bytes on both
 * sides; a delete has b_start == b_end (its position in the new text), an
 * insert a_start == a_end.  Whitespace belongs to the ops, so the equal and
 * delete ops give the old text back byte for byte, equal and insert the new.
 * Consecutive delete/insert ops form one change, numbered by `change`.
 */
struct rd_op {
	uint8_t kind;   /* enum rd_op_kind */
	uint8_t cls;    /* enum rd_class of the change this op belongs to */
	uint32_t change; /* index of the change (0 for equal ops) */
	size_t a_start, a_end;
	size_t b_start, b_end;
};

struct rd_diff_opts {
	/* Equal runs of at most this many tokens between two changes are
	 * merged into them when they are punctuation, or a short word between
	 * two long rewrites (0 keeps every match). */
	unsigned merge_islands;
	/* Work bound: past it the engine gives up on finding the shortest
	 * script in a region and reports that region as replaced. */
	uint64_t max_cost;
};
void rd_diff_opts_init(struct rd_diff_opts *o);

struct rd_diff_stats {
	size_t words_deleted; /* word, number and CJK tokens */
	size_t words_inserted;
	size_t tokens_deleted; /* all tokens, punctuation included */
	size_t tokens_inserted;
	size_t changes;
	double similarity; /* 0..1: bytes in equal ops / mean text length */
	size_t by_class[RD_CLASS__COUNT];
};

struct rd_diff {
	const char *a, *b; /* borrowed texts */
	size_t alen, blen;
	struct rd_op *ops;
	size_t nops;
	size_t nchanges;
	int bounded; /* nonzero when the cost bound cut in somewhere */
	struct rd_diff_stats stats;
};

/* Diffs two texts word by word.  The texts must outlive the result. */
int rd_diff_texts(struct rd_diff **out, const char *a, size_t alen,
		  const char *b, size_t blen, const struct rd_diff_opts *opts);
void rd_diff_free(struct rd_diff *d);

/* ---- classifier (classify.c) ------------------------------------------ */

/* Names every change of `d`: sets each op's cls and stats.by_class. */
void rd_classify(struct rd_diff *d);

/* ---- renderers (render*.c) ---------------------------------------------- */

enum rd_format {
	RD_FORMAT_PLAIN = 0, /* [-old-]{+new+} markers */
	RD_FORMAT_COLOR,     /* ANSI colors, no markers */
	RD_FORMAT_PORCELAIN, /* git's --word-diff=porcelain */
	RD_FORMAT_JSON,      /* one JSON object per diff (DESIGN.md) */
	RD_FORMAT_HTML       /* a self-contained HTML page (render_html.c) */
};
/* Parses a format name; returns -1 when unknown. */
int rd_format_parse(const char *name);

/* What is known of one side of a diff: a file (only `name`) or a version. */
struct rd_side {
	const char *name;        /* entry name, or file name */
	int is_file;
	int version;             /* 1-based; 0 when none */
	int nversions;
	const char *commit;      /* hex, or NULL */
	const char *timestamp;   /* ISO 8601, or NULL when undated */
	const char *author;
	const char *label;
	const char *revision_id;
};

struct rd_render_opts {
	enum rd_format format;
	long context;        /* lines around changes; < 0 for the whole text */
	unsigned hide;       /* classes not shown: bit (1u << class) */
	const struct rd_side *from, *to;
	int fragment;        /* html: one <section>, for rd_render_html_begin() */
};
void rd_render_opts_init(struct rd_render_opts *o);

/* Receives output; returns 0, or nonzero to stop (the renderer then
 * returns RD_EIO). */
typedef int (*rd_write_fn)(void *ctx, const char *data, size_t len);

/* Renders `d` in o->format through `w`. */
int rd_render(const struct rd_diff *d, const struct rd_render_opts *o,
	      rd_write_fn w, void *ctx);
/* One line "+N words -N words: 1 insert, 1 spacing" (no newline) into b. */
void rd_render_summary(struct rd_buf *b, const struct rd_diff *d, unsigned hide);

/*
 * An HTML page of several diffs (log): _begin writes the head and the
 * title, _versions a table of versions (each links to the section of the
 * diff that made it), then one rd_render() per diff with format
 * RD_FORMAT_HTML and `fragment` set, then _end.
 */
int rd_render_html_begin(const char *title, rd_write_fn w, void *ctx);
int rd_render_html_versions(const struct rd_side *versions, size_t n,
			    rd_write_fn w, void *ctx);
int rd_render_html_end(rd_write_fn w, void *ctx);

/* ---- store (store.c) ----------------------------------------------------
 * (the store issue adds its API here)
 */


/* ---- importers (import_*.c) ----------------------------------------------
 * (the events and MediaWiki importers add their API here)
 */


/* ---- blame and history (blame.c) -----------------------------------------
 * (the wiki-audit issue adds its API here)
 */


/* ---- pre-commit rules (rules.c) -------------------------------------------
 * (the checker issue adds its API here)
 */


/* ---- configuration (config.c) -------------------------------------------
 * Settings in git-config syntax: the user's file, then the store's, the
 * store's winning.  Names are "section.key" as git spells them.
 */
struct rd_config;

/* Reads both files; either path may be NULL or name a missing file.
 * RD_EINVALID with the file, line and column when one does not parse. */
int rd_config_open(struct rd_config **out, const char *user_path,
		   const char *store_path);
/* The value of `name` (caller frees), or RD_ENOTFOUND when unset. */
int rd_config_get_string(char **out, const struct rd_config *c, const char *name);
/* A git boolean (true/yes/on/1, false/no/off/0), or RD_ENOTFOUND. */
int rd_config_get_bool(int *out, const struct rd_config *c, const char *name);
void rd_config_free(struct rd_config *c);


#endif
