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
#include <sys/types.h>

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
	RD_ETOOBIG = -8,   /* input beyond what revdiff handles */
	RD_EDAMAGED = -9,  /* the store is damaged: an object missing or unreadable */
	RD_EUNTRUSTED = -10 /* owned by another user: git's "dubious ownership" */
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
/* Large memory (huge pages where the kernel has them), zeroed; the second
 * populated up front.  Release with rd_unmap(p, n). */
void *rd_map(size_t n);
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

/* ---- showing user text safely (quote.c) ------------------------------- */

/*
 * A name (entry, file) as it is safe to print on a terminal: as it is when
 * it holds no control, bidirectional or invisible character, else in
 * double quotes with C escapes (\n, \t, \033, \", \\) and \uXXXX for
 * the others (\u202e), as git quotes such paths.  Free() it.
 */
char *rd_quote_name(const char *name);
/* Appends s[0..n) (an author, a comment) with those characters escaped
 * the same way, newlines kept when keep_newlines; no quotes added. */
void rd_buf_put_shown(struct rd_buf *b, const char *s, size_t n, int keep_newlines);
/* The byte length of the control, bidirectional or invisible character
 * at s (*cp gets it), or 0 when s starts with any other. */
size_t rd_invisible_at(const char *s, size_t n, uint32_t *cp);

/* Reads a whole file ("-" is standard input) into `out`. */
int rd_file_read(struct rd_buf *out, const char *path);

/* A whole file's bytes, mapped when it is a regular file (no copy), read
 * otherwise (pipes, "-" for standard input). */
struct rd_file {
	const char *data; /* never NULL once loaded */
	size_t len;
	void *map;        /* the memory read into, or NULL */
	size_t maplen;
	struct rd_buf buf;
};
int rd_file_load(struct rd_file *f, const char *path);
void rd_file_release(struct rd_file *f);

/*
 * Where the lines of text[0, len) start: *out (free() it) gets 0 and the
 * offset after every '\n', in order, with room for one more entry; returns
 * how many were stored.  len must be below 4 GiB (RD_TEXT_MAX).
 */
size_t rd_line_starts(uint32_t **out, const char *text, size_t len);
/* Passes up to `max` newlines of s[0, n): sets *skipped to how many, and
 * returns the offset just past the last one passed (0 if none). */
size_t rd_skip_lines(const char *s, size_t n, size_t max, size_t *skipped);

/* ASCII whitespace: space, \t, \n, \v, \f, \r. */
static inline int rd_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

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
/* The same into out->v, an array of *cap tokens from an earlier call (none
 * when *cap is 0), grown as needed: for many small ranges in a row. */
int rd_tokenize_reuse(struct rd_tokens *out, size_t *cap, const char *text, size_t from,
		      size_t to);
void rd_tokens_release(struct rd_tokens *t);
/* End of token i, and start of the whitespace after it. */
static inline size_t rd_token_end(const struct rd_token *t)
{
	return (size_t)t->off + t->len;
}
/* Nonzero when `text` looks binary (a NUL byte in its first 8000 bytes, as git). */
int rd_text_is_binary(const char *text, size_t len);

/* ---- similarity of whole texts (similar.c) ---------------------------- */

/* A text's lines as a multiset, for rename detection; _release frees. */
struct rd_sig {
	struct rd_sig_line *lines; /* (hash, length), sorted */
	size_t n;
	size_t bytes;              /* the text's size */
};
void rd_sig_init(struct rd_sig *s, const char *text, size_t len);
void rd_sig_release(struct rd_sig *s);
/* The bytes of the lines both texts hold over the larger size, 0 to 1
 * (git's rename score, on lines); two empty texts are 1. */
double rd_sig_similarity(const struct rd_sig *a, const struct rd_sig *b);

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
	/* moved text (classify.c): the change holding the other end of the
	 * move, where this op's text went (delete) or came from (insert);
	 * 0 otherwise */
	uint32_t partner;
	/* ... and the op itself there: its index + 1 (0 when not moved).  A
	 * moved op holds only the moved text: the change it belongs to may
	 * hold other ops, of their own class. */
	uint32_t partner_op;
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
	/* where b's lines start, as rd_line_starts() gives them, when the
	 * engine split b into lines (large texts); else NULL */
	uint32_t *b_lines;
	size_t nb_lines;
};

/* Diffs two texts word by word.  The texts must outlive the result. */
int rd_diff_texts(struct rd_diff **out, const char *a, size_t alen,
		  const char *b, size_t blen, const struct rd_diff_opts *opts);
void rd_diff_free(struct rd_diff *d);

/* ---- classifier (classify.c) ------------------------------------------ */

/*
 * Names every change of `d`: sets each op's cls (and partner, for moves)
 * and recomputes stats.by_class.  When several classes fit, the first of
 * this list wins:
 *   whitespace > moved > unicode > case > spacing > punctuation
 *   > quotation > number > spelling > insert / delete / replace
 * so a spacing fix inside a quotation is spacing, and a number changed
 * inside a quotation is quotation.  by_class counts what is shown: a moved
 * block (a delete paired with an insert elsewhere) counts once.
 */
void rd_classify(struct rd_diff *d);
/* Nonzero for the classes that do not change the wording (cls <
 * RD_CLASS_SPELLING): whitespace, spacing, case, unicode, punctuation. */
int rd_class_is_trivial(enum rd_class c);
/*
 * Words (word, number and CJK tokens) in the changed text of a classified
 * diff, deleted plus inserted, split into those of trivial changes and the
 * rest.  A moved block counts its words once, at its new place, as
 * substantive.  For `log --stat`.
 */
void rd_diff_words_by_kind(const struct rd_diff *d, size_t *substantive, size_t *trivial);

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
	/* for people: the time in the chosen --date style (NULL: timestamp) */
	const char *shown_time;
	/* the audit flags `log` shows */
	int minor, text_deleted, comment_deleted;
	int revert_to, reverted_by; /* version numbers, 0 when none */
	/* sizes and word counts against the parent (log's table), or NULL */
	const struct rd_log_row *row;
	const char *tags;        /* MediaWiki's change tags, space-separated, or NULL */
};

struct rd_render_opts {
	enum rd_format format;
	long context;        /* lines around changes; < 0 for the whole text */
	unsigned hide;       /* classes not shown: bit (1u << class) */
	const struct rd_side *from, *to;
	int fragment;        /* html: one <section>, for rd_render_html_begin() */
	int stat_only;       /* json: the sides and stats, no ops (--stat) */
	const char *status;  /* json: a "status" member first (tree diffs), or NULL */
};
void rd_render_opts_init(struct rd_render_opts *o);

/* Receives output; returns 0, or nonzero to stop (the renderer then
 * returns RD_EIO). */
typedef int (*rd_write_fn)(void *ctx, const char *data, size_t len);

/* Renders `d` in o->format through `w`. */
int rd_render(const struct rd_diff *d, const struct rd_render_opts *o,
	      rd_write_fn w, void *ctx);
/* Words inserted and deleted, no zero shown: "+6 words -1 word", "-4
 * words", "0 words"; `compact` gives "+6 -1 words" (log's columns). */
void rd_words_delta(struct rd_buf *b, size_t ins, size_t del, int compact);
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
/* The history's timeline (an inline SVG of the size over time, a mark per
 * edit coloured by rd_author_kind, reverts as diamonds, reverted edits
 * ringed, each span from a vandalism to its revert shaded) and the table
 * of contributors (edits, words added, and words still in the newest
 * text: present[v] for version v, may be NULL).  v oldest first, with
 * their rows (log's sizes and words). */
int rd_render_html_timeline(const struct rd_side *v, size_t n, const size_t *present,
			    rd_write_fn w, void *ctx);
/* The section of a version whose text the source deleted: its metadata
 * and that saying, and the version the next diff compares with (parent,
 * may be NULL), instead of a diff against nothing. */
int rd_render_html_deleted(const struct rd_side *v, const struct rd_side *parent,
			   rd_write_fn w, void *ctx);
int rd_render_html_end(rd_write_fn w, void *ctx);

/* ---- store (store.c) ----------------------------------------------------
 * A bare git repository driven through libgit2; its on-disk format is
 * documented in store.h.  Times and dates (date.c) come first.
 */

/* A point in time as git keeps it: seconds since the epoch (UTC) and the
 * zone it was written in.  has_time == 0 means "undated": sec and tz are
 * then meaningless and must never be shown as a time. */
struct rd_time {
	int64_t sec;
	int tz;       /* minutes east of UTC */
	int has_time;
};

enum rd_date_style {
	RD_DATE_ISO = 0,  /* 2017-08-13 03:50:22 +0000 */
	RD_DATE_RELATIVE, /* 3 days ago */
	RD_DATE_UNIX,     /* 1502596222 */
	RD_DATE_SHORT,    /* 2017-08-13 */
	RD_DATE_STRICT    /* 2017-08-13T03:50:22Z (ISO 8601 strict, for JSON) */
};
/* Parses a --date style name; -1 when unknown. */
int rd_date_style_parse(const char *name);

/*
 * Parses `2017-08-13`, `2017-08-13 03:50[:22]`, `2017-08-13T03:50:22Z`,
 * `... +02:00` / `+0200` / `-05`, and `@UNIXSECONDS`.  No zone means UTC.
 * Also git's relative forms, against the clock: `now`, `today`,
 * `yesterday`, `N units ago` (`1 week ago`, `3.days.ago`).
 * A date without a time is 00:00:00, or 23:59:59 when `end_of_day`.
 * RD_EINVALID with a message naming `s` when it is none of these.
 */
int rd_time_parse(struct rd_time *out, const char *s, int end_of_day);
/* Appends `t` in `style` to b; "(undated)" when it has no time.  `now`
 * is the reference for RD_DATE_RELATIVE. */
void rd_time_format(struct rd_buf *b, const struct rd_time *t,
		    enum rd_date_style style, int64_t now);
/* "14 days", "3 hours", "1 minute": the span between two times. */
void rd_time_span(struct rd_buf *b, int64_t seconds);

/*
 * One version of an entry.  As input (rd_store_add, batches) only the
 * metadata fields are read: when, author, author_id, label and the
 * trailer fields; number, commit and blob are filled on output.  Strings
 * are NULL when unknown.
 */
struct rd_version {
	int number;              /* 1-based position in the entry's chain */
	char commit[41];         /* commit id, hex */
	char blob[41];           /* blob id of the text: same text, same id */
	struct rd_time when;     /* the version's own time (author time) */
	char *author;            /* contributor name (wiki user, IP, ...) */
	char *author_id;         /* contributor id (wiki user id) */
	char *label;             /* label or edit comment (commit message body) */
	char *revision_id;       /* the source's revision id */
	char *parent_revision_id;
	char *source;            /* where it came from: a file, a page, a URL */
	int minor;               /* a minor edit */
	int text_deleted;        /* the source hid the text (wiki suppression) */
	int comment_deleted;     /* the source hid the comment */
	char *damaged;           /* why its text cannot be read (the store was
				  * damaged outside revdiff; blob is ""), or NULL */
};
void rd_version_release(struct rd_version *v);
/* Deep copy of the metadata (strings duplicated). */
void rd_version_copy(struct rd_version *dst, const struct rd_version *src);

/* All versions of one entry, oldest first (v[i].number == i + 1). */
struct rd_history {
	char *entry;
	struct rd_version *v;
	size_t n;
};
void rd_history_release(struct rd_history *h);

struct rd_store;

/* Creates a bare store at `path` (RD_EEXISTS when one is there already;
 * an existing empty directory is fine). */
int rd_store_init(struct rd_store **out, const char *path);
/* Opens the store at `path`, or, when NULL, the `.revdiff` directory found
 * by walking up from the current directory (RD_ENOTFOUND when none). */
int rd_store_open(struct rd_store **out, const char *path);
void rd_store_free(struct rd_store *s);
/* Reopens the store's repository, dropping what libgit2 caches per pack
 * file (a delta-base cache each): for reading a long history version by
 * version, whose packs are many. */
int rd_store_drop_caches(struct rd_store *s);
/* The store's directory.  Borrowed. */
const char *rd_store_path(const struct rd_store *s);

/* RD_EINVALID unless `name` can name an entry (non-empty valid UTF-8 of
 * at most RD_ENTRY_MAX bytes once escaped). */
#define RD_ENTRY_MAX 240
int rd_entry_check(const char *name);
/* The ref-safe form of an entry name (store.h), and back.  The caller
 * frees the result; rd_entry_unescape gives RD_EINVALID on a bad form. */
int rd_entry_escape(char **out, const char *name);
int rd_entry_unescape(char **out, const char *escaped);

/*
 * Records `text` as the newest version of `entry` (created when new), with
 * the metadata of `meta` (may be NULL: undated, author "(unknown)").
 * Returns 0 when recorded, 1 when the text equals the newest version
 * (nothing recorded), or an error: RD_ECONFLICT when another writer moved
 * the entry meanwhile (nothing recorded; try again).  `out`, when not NULL,
 * receives the new version (or the newest one, when unchanged).
 */
int rd_store_add(struct rd_store *s, const char *entry, const char *text,
		 size_t len, const struct rd_version *meta, struct rd_version *out);

/* Entry names, in the order of their ref names (escaped names, store.h).
 * Free each and the array. */
int rd_store_entries(struct rd_store *s, char ***out, size_t *n);
/* Calls fn for each entry with its newest commit (hex), in the order of
 * their ref names, streaming (constant memory at any store size); stops
 * at fn's nonzero return and returns it. */
int rd_store_foreach_entry(struct rd_store *s,
			   int (*fn)(void *ctx, const char *entry, const char *commit), void *ctx);
/*
 * The whole history of `entry` (RD_ENOTFOUND when there is no such entry;
 * RD_EDAMAGED, naming the entry and the commit, when a commit of its chain
 * cannot be read).  A version whose tree or text file is missing is
 * returned with `damaged` set: the others stay readable.
 */
int rd_store_history(struct rd_store *s, const char *entry, struct rd_history *out);
/* Removes an entry whose newest version is still `commit` (hex; else
 * RD_ECONFLICT): a renamed page's old name.  Its commits stay in the
 * repository, unreferenced. */
int rd_store_entry_remove(struct rd_store *s, const char *entry, const char *commit);
/* The text of a version, by its blob id (RD_EDAMAGED when it cannot be
 * read: the message names the version, its commit and blob). */
int rd_store_text(struct rd_store *s, const struct rd_version *v, struct rd_buf *out);
/* The same for version i of h, the message naming the entry too. */
int rd_store_version_text(struct rd_store *s, const struct rd_history *h, size_t i,
			  struct rd_buf *out);

/*
 * Resolves a version address (README "Addressing"): ENTRY, ENTRY@N,
 * ENTRY@~N, ENTRY@{DATE}, ENTRY@rREVID, or a commit id prefix of at least
 * 4 hex digits.  The address splits at the LAST '@' whose suffix is one of
 * these forms; a name that itself ends in such a suffix is reached with
 * `NAME@~0`.  Fills `h` with the entry's history and *index with the
 * version's index in it.  RD_ENOTFOUND / RD_EINVALID with a clear message.
 */
int rd_store_resolve(struct rd_store *s, const char *address,
		     struct rd_history *h, size_t *index);
/* Nonzero when `address` has the form of a store address with an '@'. */
int rd_address_has_rev(const char *address);

/*
 * Batches: many versions written into memory, then one pack, then each
 * entry's ref moved once (compare-and-swap).  What importers use: nothing
 * of a batch is visible until rd_store_batch_commit succeeds, and a crash
 * leaves the store as it was.
 *
 * RD_BATCH_APPEND: versions are added after each entry's newest version,
 * skipping texts equal to the one before (as rd_store_add).
 * RD_BATCH_HISTORY: the versions given are an entry's whole history from
 * its first version, recorded as given; commit ids depend only on the
 * versions, so importing the same history again changes nothing, and a
 * longer history extends the entry.  An entry whose recorded history is
 * not a prefix of (or equal to) the new one is refused (RD_EEXISTS).
 */
enum rd_batch_mode { RD_BATCH_APPEND = 0, RD_BATCH_HISTORY };
struct rd_batch;
struct rd_batch_stats {
	size_t versions_written; /* commits new to the store */
	size_t entries_created, entries_updated, entries_unchanged;
};
int rd_store_batch_new(struct rd_batch **out, struct rd_store *s, enum rd_batch_mode mode);
/* Adds one version; returns 1 (nothing added) for an unchanged text in
 * APPEND mode, else 0.  `out` as rd_store_add (number counts from 1 in
 * HISTORY mode). */
int rd_store_batch_add(struct rd_batch *b, const char *entry, const char *text,
		       size_t len, const struct rd_version *meta, struct rd_version *out);
/* In a HISTORY batch: the versions added next to `entry` continue its
 * stored history from its newest version instead of restating it from
 * the first (RD_ENOTFOUND when it has none). */
int rd_store_batch_continue(struct rd_batch *b, const char *entry);
/* Writes the pack and moves the refs.  Refs are checked before any moves;
 * on RD_ECONFLICT/RD_EEXISTS nothing moved. */
int rd_store_batch_commit(struct rd_batch *b, struct rd_batch_stats *stats);
/* Writes what the batch holds so far as a commit would, then frees that
 * memory and goes on: later versions continue each entry's chain.  Bounds
 * the memory of an import; a crash after a flush leaves the store as the
 * flush did. */
int rd_store_batch_flush(struct rd_batch *b);
/* Discards an uncommitted batch. */
void rd_store_batch_free(struct rd_batch *b);


/* ---- importers (import_*.c) ----------------------------------------------
 * (the events and MediaWiki importers add their API here)
 */

/*
 * A file's bytes whatever its compression (reader.c, on libarchive):
 * plain, gzip, bzip2, xz, lzma, zstd, or the first file of a 7z archive,
 * told apart by content.  "-" is standard input.
 */
struct rd_reader;
int rd_reader_open(struct rd_reader **out, const char *path);
/* On an open stream (not closed by rd_reader_free); `name` for messages. */
int rd_reader_open_file(struct rd_reader **out, FILE *f, const char *name);
/* Up to `cap` bytes into buf; *n = 0 at the end.  RD_EINVALID for
 * damaged or truncated data, with libarchive's words. */
int rd_reader_read(struct rd_reader *r, char *buf, size_t cap, size_t *n);
uint64_t rd_reader_bytes_in(const struct rd_reader *r); /* of the file, read so far */
uint64_t rd_reader_size(const struct rd_reader *r);     /* the file's size; 0 unknown */
const char *rd_reader_name(const struct rd_reader *r);  /* borrowed */
void rd_reader_free(struct rd_reader *r);

/*
 * MediaWiki XML exports (mediawiki.c): Special:Export files and
 * pages-meta-history dumps, schema versions 0.3 to 0.11, in any
 * compression rd_reader reads.  The parser streams: it holds one
 * revision's text at a time and hands every page and revision to
 * callbacks in file order (not timestamp order).  Entity declarations in
 * a DOCTYPE and external entities are refused; a root in another
 * namespace than MediaWiki's is not an export.
 */
enum rd_mw_contributor {
	RD_MW_CONTRIB_NONE = 0, /* no <contributor> element */
	RD_MW_CONTRIB_USER,     /* a registered user: username and user id */
	RD_MW_CONTRIB_IP,       /* an anonymous editor: IPv4 or IPv6 address */
	RD_MW_CONTRIB_DELETED   /* <contributor deleted="deleted"/> */
};

/* What is known of a page when its first revision starts.  Borrowed. */
struct rd_mw_page {
	const char *source; /* the file's name (as given to the parser) */
	const char *title;
	long ns;         /* namespace number; 0 when the file has none (0.3) */
	int64_t id;      /* page id; 0 when absent */
	size_t nrevisions; /* revisions seen so far (set at page end) */
};

/* One revision, complete.  Every pointer is borrowed for the callback. */
struct rd_mw_revision {
	int64_t id;             /* revision id; 0 when absent (see has_id) */
	int has_id;             /* <id> was written: 0 is then an id too */
	int64_t parent_id;      /* <parentid>; 0 when absent */
	const char *timestamp;  /* as in the file: "2017-08-13T03:50:22Z" */
	int contributor;        /* enum rd_mw_contributor */
	const char *username;   /* RD_MW_CONTRIB_USER, else NULL */
	int64_t user_id;        /* RD_MW_CONTRIB_USER; 0 when absent */
	const char *ip;         /* RD_MW_CONTRIB_IP, else NULL */
	const char *comment;    /* NULL when there is none or it was deleted */
	int comment_deleted;
	int minor;
	const char *model, *format; /* NULL when absent */
	/* The text, entities decoded, bytes as the file gives them.  NULL
	 * when text_deleted (<text deleted="deleted"/>) or text_missing (an
	 * empty <text> that claims bytes > 0, as in stub dumps): nothing is
	 * ever made up for them. */
	const char *text;
	size_t text_len;
	int text_deleted;
	int text_missing;
	const char *sha1;       /* <sha1> (or the text's sha1 attribute), or NULL */
	int64_t bytes;          /* <text bytes="">; -1 when absent */
	/* Checks: 1 verified, 0 mismatch (a warning was sent, the revision
	 * is still delivered), -1 not checkable (no sha1/bytes, no text). */
	int sha1_ok;
	int bytes_ok;
	unsigned long line;     /* line of </revision> in the XML */
};

struct rd_mw_stats {
	uint64_t size_in;       /* the file's size, 0 when unknown (a pipe) */
	uint64_t bytes_in;      /* bytes read from the file (compressed) */
	uint64_t bytes_xml;     /* bytes of XML fed to the parser */
	size_t pages, revisions;
	size_t sha1_mismatches, bytes_mismatches;
};

/*
 * Callbacks; any may be NULL.  A callback returns 0 to go on, or a
 * negative RD_E* code (with rd_error_set) to stop the parse, which then
 * returns that code.  page_start comes at the page's first revision (or at
 * its end when it has none), so title, ns and id are known; page_end only
 * for pages that were read completely: after an error, the revisions of
 * the unfinished page have been delivered but its page_end never comes.
 * warning receives problems that do not stop the import, each naming
 * line, page and revision: a sha1 or bytes mismatch, an unknown schema
 * version, and malformed parts that are left out (a known element in the
 * wrong place, a field given twice: the first is kept, a revision id
 * repeated in a page: the first is kept).
 */
struct rd_mw_callbacks {
	int (*page_start)(void *ctx, const struct rd_mw_page *page);
	int (*revision)(void *ctx, const struct rd_mw_page *page,
			const struct rd_mw_revision *rev);
	int (*page_end)(void *ctx, const struct rd_mw_page *page);
	void (*warning)(void *ctx, const char *message);
	/* Called about every 256 KiB of XML, for progress displays. */
	void (*progress)(void *ctx, const struct rd_mw_stats *stats);
};

/*
 * A push parser, for bytes from anywhere (a live wiki's API): feed the
 * XML in chunks of any size, final = 1 with the last (which may be
 * empty).  Returns 0 or the first error (then nothing more is read).
 * `stats` (may be NULL) is zeroed, then filled as it goes.
 */
struct rd_mw_parser;
int rd_mw_parser_new(struct rd_mw_parser **out, const char *name,
		     const struct rd_mw_callbacks *cb, void *ctx, struct rd_mw_stats *stats);
int rd_mw_parser_feed(struct rd_mw_parser *p, const char *buf, size_t n, int final);
void rd_mw_parser_free(struct rd_mw_parser *p);

/*
 * Parses the export at `path` ("-" for standard input) through rd_reader,
 * whatever its name.  `stats` (may be NULL) is filled as it goes.
 * Malformed XML is RD_EINVALID with a message naming the line and the page.
 */
int rd_mediawiki_parse(const char *path, const struct rd_mw_callbacks *cb,
		       void *ctx, struct rd_mw_stats *stats);
/* The same on an open stream (not closed); `name` is for messages. */
int rd_mediawiki_parse_file(FILE *f, const char *name,
			    const struct rd_mw_callbacks *cb, void *ctx,
			    struct rd_mw_stats *stats);

struct rd_mw_import_stats;
/* Writing an export into a store (import_mediawiki.c): each page an entry
 * named by its title, each revision a version, in timestamp order. */
struct rd_mw_import_opts {
	int ns_filter;       /* only pages of namespace `ns` */
	long ns;
	size_t batch_bytes;  /* commit after this much text; 0: 64 MiB */
	int commit_pages;    /* commit at every page's end (live pulls) */
	/* with shard_n: only the pages whose id modulo shard_n is shard_k
	 * (a title's hash when the page has no id): disjoint shards of one
	 * dump, for stores imported in parallel and combined */
	unsigned shard_k, shard_n;
	const char *source_name; /* for messages: "file" when NULL */
	void (*warning)(void *ctx, const char *message);
	void (*progress)(void *ctx, const struct rd_mw_import_stats *stats);
	void *ctx;
};
struct rd_mw_import_stats {
	struct rd_mw_stats parse;
	size_t pages;            /* pages read (after the namespace filter) */
	size_t pages_filtered;   /* left out by the namespace filter or shard */
	size_t pages_unchanged;  /* already in the store, whole */
	size_t pages_conflicting; /* the store's history differs: left alone */
	size_t revisions_new, revisions_known;
	struct rd_batch_stats batch;
};
int rd_import_mediawiki(struct rd_store *s, const char *path,
			const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st);

/*
 * The store-writing half on its own, for other sources of pages: a writer
 * is the ctx of rd_mw_writer_callbacks(), given to a parser (or called
 * directly, page_start / revision... / page_end).  Texts are spooled to a
 * file in $TMPDIR.  rd_mw_writer_finish commits what is whole and returns
 * `rc` (the source's result) or the commit's error; `o` is copied; `st`
 * (may be NULL) is zeroed and filled.
 */
struct rd_mw_writer;
int rd_mw_writer_new(struct rd_mw_writer **out, struct rd_store *s,
		     const struct rd_mw_import_opts *o, struct rd_mw_import_stats *st);
const struct rd_mw_callbacks *rd_mw_writer_callbacks(void);
int rd_mw_writer_finish(struct rd_mw_writer *w, int rc);
void rd_mw_writer_free(struct rd_mw_writer *w);

/*
 * A live MediaWiki through its Action API (import_api.c): the revisions of
 * the pages named, of a category's members, of a user's edits, or of what
 * changed since the last pull, through rd_mw_writer as an export of them
 * would be, so the commit ids are the same.  A page's revisions start at
 * the newest one stored (the writer continues the entry from there).  Only revisions newer
 * than those stored are fetched.  MediaWiki's change tags and what is
 * needed to follow the wiki (page ids, the last pull) are kept beside the
 * entries (mw_tags.c), never in the commits.
 */
struct rd_api_stats {
	size_t requests;
	size_t pages_found;    /* to pull */
	size_t pages, pages_moved;
	size_t revisions;      /* fetched with their text */
	uint64_t bytes;        /* of answers */
};
struct rd_api_opts {
	const char *api;          /* the wiki's api.php URL */
	const char *user_agent;   /* sent with every request (required) */
	const char *const *titles;
	size_t ntitles;
	const char *category;     /* with or without its "Category:" prefix */
	const char *user;         /* a contributor's edited pages */
	int recent;               /* pages changed since the last --recent pull:
				   * 1 those the store follows (pulled from this
				   * wiki before), 2 all of them */
	int ns_filter;            /* with category/user/recent: one namespace */
	long ns;
	int maxlag;               /* seconds; < 0: not sent (default 5) */
	int retries;              /* per request (default 5) */
	double backoff;           /* first wait, doubled each retry (1 s) */
	double timeout;           /* per request, seconds (60) */
	int limit;                /* revisions per request (50, MediaWiki's
				   * most with content) */
	void (*notice)(void *ctx, const char *message);   /* retries, waits */
	void (*warning)(void *ctx, const char *message);
	void (*progress)(void *ctx, const struct rd_api_stats *api,
			 const struct rd_mw_import_stats *st);
	void *ctx;
};
int rd_import_mediawiki_api(struct rd_store *s, const struct rd_api_opts *o,
			    struct rd_api_stats *api, struct rd_mw_import_stats *st);
/* MediaWiki's change tags of the version whose commit is `commit` (hex),
 * space-separated, or NULL when it has none (borrowed from `t`).  A store
 * never pulled from a wiki has none. */
struct rd_mw_tags;
int rd_mw_tags_load(struct rd_mw_tags **out, struct rd_store *s);
const char *rd_mw_tags_of(const struct rd_mw_tags *t, const char *commit);
void rd_mw_tags_free(struct rd_mw_tags *t);

/*
 * Combining stores (store_combine.c): the entries of the store at `other`
 * (shards of one dump imported apart) added to s: its objects copied, its
 * entry refs created after each is checked to name a whole commit here.
 * An entry both hold must point at the same commit (RD_EEXISTS, nothing
 * combined, when not).  `st` (may be NULL) is added to, not zeroed.
 */
struct rd_combine_stats {
	size_t stores, entries_added, entries_present, packs, loose_objects;
};
int rd_store_combine(struct rd_store *s, const char *other, struct rd_combine_stats *st);

/* MediaWiki's <sha1>: the SHA-1 of `data` in base 36, lower case, padded
 * with zeros to 31 characters, into out[32] (NUL-terminated). */
void rd_mediawiki_sha1(char out[32], const void *data, size_t len);
/* What an import did, for the report. */
struct rd_import_stats {
	size_t pages;
	size_t versions_read;
	struct rd_batch_stats batch;
};

/*
 * Imports current-events pages (the format of samples/002_*.txt) into one
 * batch.  Each page is one entry named `entry` when not NULL (then only one
 * page may be given), else "DATE/SLUG" (store.h: "Events pages").  Page
 * timestamps have no zone and are taken as UTC.  Malformed pages give
 * RD_EINVALID naming the file and line; then nothing is written.
 */
int rd_import_events(struct rd_store *s, const char *const *paths, size_t npaths,
		     const char *entry, struct rd_import_stats *stats);
/* Parses one page without writing: versions (oldest first) with their
 * texts in texts[i] (caller frees each, the arrays, and releases the
 * versions), and the derived entry name. */
int rd_events_parse(const char *path, const char *data, size_t len, char **entry,
		    struct rd_version **versions, char ***texts, size_t *n);


/* ---- blame and history (blame.c) -----------------------------------------
 * (the wiki-audit issue adds its API here)
 */

/*
 * Word-level blame: feed the texts of an entry's versions oldest first
 * (text-deleted versions skipped); after each, the tokens of the newest
 * text carry the version that introduced them and the versions where they
 * were removed and put back.  Text removed and later restored keeps its
 * original origin (WikiWho's rule): an identity revert to any of the last
 * RD_BLAME_REVERT_WINDOW versions restores their attribution exactly, and
 * inserted runs are matched against removed text before being credited to
 * the inserting version.  Versions are diffed with rd_diff_texts.
 */
struct rd_blame;

/* One token of the blamed text: bytes [off, off + len), its whitespace
 * included, so the tokens tile the text.  The arrays are borrowed from
 * the rd_blame and valid until the next rd_blame_add or rd_blame_free. */
struct rd_blame_token {
	size_t off, len;
	int origin;              /* version number that introduced the word */
	const int *removed_in;   /* versions that removed it, ascending */
	size_t nremoved;
	const int *reinserted_in; /* versions that restored it */
	size_t nreinserted;
	const int *moved_in;     /* versions that moved it (it kept its origin) */
	size_t nmoved;
};

/* Identity reverts are looked for this many versions back. */
#define RD_BLAME_REVERT_WINDOW 32

struct rd_blame *rd_blame_new(void);
void rd_blame_free(struct rd_blame *b);
/* Adds the next version (numbers must increase).  The text is copied. */
int rd_blame_add(struct rd_blame *b, int version, const char *text, size_t len);
/* The tokens of the last version added (borrowed), and its text. */
const struct rd_blame_token *rd_blame_tokens(struct rd_blame *b, size_t *n);
const char *rd_blame_text(const struct rd_blame *b, size_t *len);

/* Words of the last version added by origin: out[v] for version v < n
 * (out[0] unused), whitespace and punctuation not counted. */
void rd_blame_word_counts(struct rd_blame *b, size_t *out, size_t n);

/* What rd_blame_render shows (render_blame.c). */
struct rd_blame_render_opts {
	enum rd_format format;        /* PLAIN, COLOR or JSON */
	const struct rd_side *blamed; /* the version blamed, or NULL */
	/* Describes version v of the entry (NULL when unknown); borrowed. */
	const struct rd_side *(*side)(void *ctx, int version);
	void *side_ctx;
};
/* Renders the blame of the last version added: HTML a page of the text
 * coloured by author (WhoColor's way) with a legend of their shares, each
 * run linking to #vN, left open for the caller to append each origin's
 * diff section and rd_render_html_end; PLAIN and COLOR print a
 * legend (each origin version, its words, date, author, label), then the
 * text with "[vN]" where a run from version N starts; JSON prints
 * DESIGN.md's object (every token with origin, removed_in, reinserted_in,
 * moved_in). */
int rd_blame_render(struct rd_blame *b, const struct rd_blame_render_opts *o,
		    rd_write_fn w, void *ctx);

/*
 * Phrase history: occurrences of a phrase counted word by word, tokens
 * compared byte for byte (or case-folded with RD_PHRASE_ICASE), the
 * whitespace between them ignored, so "cyber security" also matches
 * "cyber\n security".  Occurrences do not overlap.
 */
#define RD_PHRASE_ICASE 1u
struct rd_phrase;
/* RD_EINVALID when the phrase has no token. */
int rd_phrase_new(struct rd_phrase **out, const char *phrase, size_t len,
		  unsigned flags);
void rd_phrase_free(struct rd_phrase *p);
int rd_phrase_count(const struct rd_phrase *p, const char *text, size_t len,
		    size_t *count);

/*
 * Identity reverts, as MediaWiki tags them: version i whose blob equals
 * that of an earlier version j (i - j <= window, 0 for no limit) other
 * than i - 1 is a "revert to version j", and versions j+1 .. i-1 are
 * "reverted" (by the first such revert).  ids[k] is version k+1's blob id
 * (any string; NULL for a text-deleted version, which matches nothing).
 * MediaWiki looks 15 revisions back; RD_REVERT_WINDOW is our default.
 */
#define RD_REVERT_WINDOW 15
struct rd_revert {
	int revert_to;   /* version this one restores, 0 when none */
	int reverted_by; /* version that undid this one, 0 when none */
};
/* Fills out[0..n) (an array of n, provided by the caller). */
void rd_reverts_detect(struct rd_revert *out, const char *const *ids,
		       size_t n, size_t window);

/*
 * What `log --stat` and `log -S` show of each version, computed in one
 * pass over an entry's history (oldest first).  text(ctx, version, &t,
 * &len) gives version v's text, with *t = NULL for a text-deleted version
 * (its row then has text_deleted set and no counts; deltas step over it).
 * The text needs to stay valid only until the next call.
 */
typedef int (*rd_log_text_fn)(void *ctx, int version, const char **text,
				  size_t *len);

struct rd_log_row {
	int text_deleted;
	size_t bytes;             /* size of the text */
	long long byte_delta;     /* against the last version with text */
	size_t words;             /* words in the text */
	size_t words_inserted, words_deleted; /* with RD_LOG_WORDS */
	/* with RD_LOG_CLASSES: rd_diff_words_by_kind and the changes by class */
	size_t words_substantive, words_trivial;
	size_t by_class[RD_CLASS__COUNT];
	size_t phrase_count;      /* with a phrase */
	int phrase_changed;       /* the count differs from the previous one */
	struct rd_revert revert;  /* from blob ids, when given */
};

#define RD_LOG_WORDS 1u   /* diff each version with the one before */
#define RD_LOG_CLASSES 2u /* and classify the changes (implies WORDS) */

/* Fills rows[0..n) for versions 1..n.  `blob_ids` (may be NULL) as for
 * rd_reverts_detect, with `window`; `phrase` may be NULL. */
int rd_log_scan(struct rd_log_row *rows, size_t n, rd_log_text_fn text,
		    void *ctx, const char *const *blob_ids, size_t window,
		    const struct rd_phrase *phrase, unsigned flags);


/* ---- an entry's history (history.c) ------------------------------------ */

/* The version a diff of version index i compares with: the last one before
 * it whose text the source kept; SIZE_MAX when none (i is the first). */
size_t rd_history_parent(const struct rd_history *h, size_t i);
/* The revert flags of every version of h into out[0..h->n), as
 * rd_reverts_detect with RD_REVERT_WINDOW (deleted texts match nothing). */
void rd_history_reverts(struct rd_revert *out, const struct rd_history *h);

/* The diff that made version i of h: its text against its parent's (the
 * first version against nothing), classified.  What show, log and blame
 * all compare.  The diff borrows the texts; _release frees all three. */
struct rd_history_diff {
	struct rd_diff *d;   /* NULL when version i's text is deleted */
	size_t parent;       /* rd_history_parent(h, i) */
	struct rd_buf a, b;  /* the parent's text and version i's */
};
int rd_history_diff(struct rd_history_diff *out, struct rd_store *s,
		    const struct rd_history *h, size_t i, const struct rd_diff_opts *o);
void rd_history_diff_release(struct rd_history_diff *hd);
/* rd_log_scan over h's texts read from the store (deleted texts as such,
 * blob ids for the reverts): rows[0..h->n), the caller frees. */
int rd_history_log_rows(struct rd_log_row **out, struct rd_store *s,
			const struct rd_history *h, const struct rd_phrase *phrase,
			unsigned flags);
/* Versions 1..upto+1 of h (deleted texts skipped) added to b in order. */
int rd_history_blame(struct rd_blame *b, struct rd_store *s, const struct rd_history *h,
		     size_t upto);
/* Words of h's newest text by the version that wrote them: out[v] for
 * version v (out[0] unused, h->n + 1 of them); the caller frees. */
int rd_history_words_present(size_t **out, struct rd_store *s, const struct rd_history *h);

/* Who an author name says made an edit, as MediaWiki's history tells
 * them apart: an IP address is anonymous, a name ending in "bot" (a word
 * of it) a bot, "(username removed)" or none hidden. */
enum rd_author_kind { RD_AUTHOR_REGISTERED, RD_AUTHOR_ANONYMOUS, RD_AUTHOR_BOT, RD_AUTHOR_HIDDEN };
enum rd_author_kind rd_author_kind(const char *author);
/* "registered", "anonymous", "bot", "hidden". */
const char *rd_author_kind_name(enum rd_author_kind k);

/* ---- git-config syntax, read safely (cfgfile.c) ---------------------------
 * Includes are not followed here: a caller that allows them reads
 * `include.path` itself (see config.c).
 */

/* One setting: "section.key" or "section.subsection.key" (section and key
 * lower-cased, as git compares them), its value (NULL for a bare `key`,
 * which git reads as true) and its line.  Borrowed for the callback. */
struct rd_cfg_item {
	const char *name;
	const char *value;
	size_t line;
};
/* Nonzero stops the parse and is returned. */
typedef int (*rd_cfg_fn)(void *ctx, const struct rd_cfg_item *it);
/* Parses text[0, len) in one pass; RD_EINVALID "SOURCE:LINE: what" on bad
 * syntax (the message never quotes the text). */
int rd_cfg_parse(const char *text, size_t len, const char *source, rd_cfg_fn fn, void *ctx);

/* rd_file_read_regular's flags. */
#define RD_READ_NOFOLLOW 1u /* a symbolic link is refused */
struct stat;
/*
 * Reads `path` whole into `out` when it is a regular file of at most `max`
 * bytes; never blocks (a FIFO, a device is RD_EINVALID), RD_ETOOBIG past
 * max, RD_ENOTFOUND when missing, else the system's reason.  The file's
 * stat goes to *st when st is not NULL.
 */
int rd_file_read_regular(struct rd_buf *out, const char *path, size_t max, unsigned flags,
			 struct stat *st);

/* ---- pre-commit rules (rules.c) -------------------------------------------
 * (the checker issue adds its API here)
 */

enum rd_severity {
	RD_SEV_OFF = 0,
	RD_SEV_WARNING,
	RD_SEV_ERROR
};
/* "off", "warning", "error". */
const char *rd_severity_name(enum rd_severity s);
/* Parses error/true/yes/on, warning/warn, off/false/no/none; -1 when bad. */
int rd_severity_parse(const char *s);

/* A prefer/avoid rule: `[rule "NAME"] prefer = X / avoid = Y / avoid = Z`. */
struct rd_word_rule {
	char *name;
	char *prefer;       /* NULL when the rule only bans words */
	char **avoid;
	size_t navoid;
	enum rd_severity severity;
	size_t line;        /* where the rule first appears */
};

/* The rules in force, and where they came from. */
struct rd_rules {
	char *source;       /* the file read, or NULL for the built-in set */
	struct rd_word_rule *words;
	size_t nwords;
	enum rd_severity quotes, numbers;
	int quotes_set, numbers_set; /* nonzero when the file set them */
};

/* The built-in set: quotations and numbers protected, as warnings. */
struct rd_rules *rd_rules_default(void);
/* The largest rules file read (bytes): far above any real list of rules,
 * and what a pre-commit check reads of any one file (RD_CHECK_MAX_FILE). */
#define RD_RULES_MAX (8u << 20)
/*
 * Rules from text[0, len) in git-config syntax (cfgfile.c), `source`
 * naming it in errors and in rd_rules_describe.  What the text does not
 * set keeps its built-in value.  RD_EINVALID "SOURCE:LINE: ..." on bad
 * syntax, an unknown key, a bad value, or an [include] (rules never read
 * another file).  Linear in the text.
 */
int rd_rules_parse(struct rd_rules **out, const char *text, size_t len, const char *source);
/* The same from the file `path`: only a regular file of at most
 * RD_RULES_MAX bytes (flags as rd_file_read_regular: RD_READ_NOFOLLOW
 * refuses a symbolic link); RD_ENOTFOUND when missing, with the reason. */
int rd_rules_load(struct rd_rules **out, const char *path, unsigned flags);
void rd_rules_free(struct rd_rules *r);
/* A readable account of the rules and their source, one rule a line. */
void rd_rules_describe(const struct rd_rules *r, struct rd_buf *out);

/* One thing a change introduced. */
struct rd_finding {
	size_t offset;      /* byte offset in the new text */
	size_t line, col;   /* 1-based; col counts characters, not bytes */
	enum rd_severity severity;
	char *rule;         /* rule name: the [rule "NAME"], "quotes", "numbers" */
	char *message;      /* says what is wrong, with the old and new words */
	char *old_text;     /* the words as they were ("" when inserted) */
	char *new_text;     /* the words as written ("" when deleted) */
	char *prefer;       /* the preferred form, or NULL */
};

struct rd_findings {
	struct rd_finding *v;
	size_t n, cap;
};
void rd_findings_release(struct rd_findings *f);
/* Drops the findings of `a` from index `from` on that `b` lacks (same
 * offset and rule): with `b` checked against another parent, what is left
 * is new against both. */
void rd_findings_intersect(struct rd_findings *a, size_t from, const struct rd_findings *b);

/*
 * Checks what going from `old` to `new` introduces under rules `r` and
 * appends the findings to `out`, in text order.  Only inserted or changed
 * words count: an avoided phrase already in `old` at the same place, or
 * moved with its sentence, is not reported; a quotation counts only if some
 * of it was already there; a number only if a replacement changed it.
 * Fails only on texts too big to tokenize.
 */
int rd_check_texts(struct rd_findings *out, const struct rd_rules *r,
		   const char *old, size_t oldlen, const char *new, size_t newlen);

/* ---- the user's git repository (workrepo.c) -------------------------- */

struct rd_workrepo;

/*
 * Opens the repository around the current directory the way git's own
 * commands do (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE honoured), so a hook
 * run by `git commit -a` sees its temporary index.  RD_ENOTFOUND outside a
 * repository.
 */
int rd_workrepo_open(struct rd_workrepo **out);
void rd_workrepo_free(struct rd_workrepo *w);
/* The work tree with a trailing '/', or NULL in a bare repository. */
const char *rd_workrepo_workdir(const struct rd_workrepo *w);
/* The directory git runs hooks from (core.hooksPath, else .git/hooks). */
int rd_workrepo_hooks_dir(struct rd_workrepo *w, struct rd_buf *out);
/* 1 when the index differs from HEAD, 0 when not, < 0 on error. */
int rd_workrepo_has_staged(struct rd_workrepo *w);

/* The staged content of `path` (repository-relative) into `out`: 1 when
 * found, 0 when not in the index, RD_EINVALID when it is staged as a
 * symbolic link or a submodule, RD_ETOOBIG past `max` bytes. */
int rd_workrepo_index_file(struct rd_workrepo *w, const char *path, size_t max,
			   struct rd_buf *out);
/* 1 when `path` is in the index or in HEAD, 0 when in neither. */
int rd_workrepo_knows(struct rd_workrepo *w, const char *path);

/* Files larger than this are skipped (see workrepo.c for why). */
#define RD_CHECK_MAX_FILE (8u << 20)

/* One changed text file, old and new.  All borrowed for the callback. */
struct rd_changed_file {
	const char *path;     /* path in the new tree or index */
	const char *old_path; /* path it had (renames), or NULL when added */
	const char *old, *new;
	size_t oldlen, newlen;
	int skipped;          /* RD_EBINARY or RD_ETOOBIG: no texts given */
	/* While a merge is being committed: the file in each commit being
	 * merged (MERGE_HEAD), "" where it is absent or not text.  What the
	 * merge brings from there is not what this commit introduces. */
	const char *const *others;
	const size_t *otherlens;
	size_t nothers;
};
/* Called once per changed file; nonzero stops the walk and is returned. */
typedef int (*rd_changed_fn)(void *ctx, const struct rd_changed_file *f);

/*
 * Walks the files the index changes against HEAD (the empty tree before the
 * first commit), renames paired with their old content; while a merge is in
 * progress, with the files of the merged commits too (`others`).  When `paths` is
 * not NULL only those repository-relative paths are reported.  Deleted
 * files and non-files (symlinks, submodules) are not reported.
 */
int rd_workrepo_staged(struct rd_workrepo *w, const char *const *paths, size_t npaths,
		       rd_changed_fn fn, void *ctx);
/* The same for a revision range "A..B" (or "A...B": from their merge base). */
int rd_workrepo_range(struct rd_workrepo *w, const char *range,
		      const char *const *paths, size_t npaths,
		      rd_changed_fn fn, void *ctx);


/* ---- configuration (config.c) -------------------------------------------
 * Settings in git-config syntax, parsed by cfgfile.c.  Names are
 * "section.key" as git spells them; the last value of a name wins.
 */
struct rd_config;

/* rd_config_add's flags. */
#define RD_CONFIG_NOFOLLOW RD_READ_NOFOLLOW /* the file may not be a symbolic link */
#define RD_CONFIG_INCLUDES 2u /* follow include.path (not includeIf), 10 deep */
#define RD_CONFIG_OWNED 4u    /* the file and its includes: owned by you or root */

struct rd_config *rd_config_new(void);
/*
 * Adds the settings of `path` (NULL or a missing file: none), after those
 * already there.  Only a regular file is read, never waiting on a FIFO;
 * RD_EINVALID "FILE:LINE: ..." on bad syntax; with RD_CONFIG_OWNED,
 * RD_EUNTRUSTED for a file another user owns.  On error nothing of the
 * file is added.
 */
int rd_config_add(struct rd_config *c, const char *path, unsigned flags);
/* The user's file (includes followed, owned by you) then the store's
 * (no includes): rd_config_new and two rd_config_add. */
int rd_config_open(struct rd_config **out, const char *user_path,
		   const char *store_path);
/*
 * Checks a config that libgit2 will read (a repository's): it and every
 * file it includes (include.path, and includeIf.*.path whatever the
 * condition) are regular files or missing, so that libgit2, which
 * follows them all, never waits on a FIFO.  0, or the error.
 */
int rd_config_check(const char *path);
/* The value of `name` (caller frees), or RD_ENOTFOUND when unset. */
int rd_config_get_string(char **out, const struct rd_config *c, const char *name);
/* A git boolean (true/yes/on/1, false/no/off/0), or RD_ENOTFOUND. */
int rd_config_get_bool(int *out, const struct rd_config *c, const char *name);
/* Every value of `name` in order: start with *pos = 0; NULL at the end. */
const char *rd_config_next(const struct rd_config *c, const char *name, size_t *pos);
void rd_config_free(struct rd_config *c);
/* git's global and system config files (GIT_CONFIG_GLOBAL, XDG, ~/.gitconfig,
 * /etc/gitconfig), as git reads them, includes followed (trust.c); a file
 * that does not parse adds nothing.  Never NULL. */
struct rd_config *rd_config_git(void);
/* git's user.name from the user's git config (global, XDG, system), for
 * an author nobody named; RD_ENOTFOUND when unset.  Caller frees. */
int rd_git_user_name(char **out);

/* ---- trust (trust.c): git's ownership rules ----------------------------- */

/* Whether a config file owned by `uid` may be read as the user's own: it
 * is the user's (or SUDO_UID's under sudo) or root's. */
int rd_trust_file_owner(uid_t uid);
/*
 * 0 when the directory `path` (a store, a work tree) is the user's, or is
 * listed in git's safe.directory (global or system config; `*` lists
 * all).  Else RD_EUNTRUSTED with git's diagnosis: "detected dubious
 * ownership in WHAT at 'PATH'" and the `git config --global --add
 * safe.directory PATH` that allows it.  A missing path is 0.
 */
int rd_trust_dir(const char *path, const char *what);
/* The same for a work tree `top` and its git directory (NULL: none): both
 * the user's, or `top` listed in safe.directory, as git checks them. */
int rd_trust_repo(const char *top, const char *gitdir, const char *what);


#endif
