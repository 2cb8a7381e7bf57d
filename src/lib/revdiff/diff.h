/*
 * revdiff/diff.h - the diff engine (diff.c): two texts to an edit script.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_DIFF_H
#define REVDIFF_DIFF_H

#include <stddef.h>
#include <stdint.h>

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
	/* The sides (RD_DIFF_KEEP_OLD, RD_DIFF_KEEP_NEW) whose every token
	 * the diff keeps: the engine cuts such a text whole, once, and
	 * token-diffs its regions from that cut, so that rd_diff_tokens hands
	 * out any range of it without cutting again (blame reads all of the
	 * new text, the checker both).  0 keeps the tokens of the changes. */
	unsigned keep_tokens;
};
#define RD_DIFF_KEEP_OLD 1u
#define RD_DIFF_KEEP_NEW 2u
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

struct rd_move_inner;
struct rd_change;
struct rd_diff_tokens;
struct rd_token;
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
	/* moved texts' word diffs, as rd_diff_move_inner computed them */
	struct rd_move_inner *moved;
	size_t nmoved, capmoved;
	/* the change table, as rd_diff_changes built it, or NULL */
	struct rd_change *changes;
	/* the tokens the engine cut the texts into, where it token-diffed
	 * them, and any cut since: what rd_diff_tokens hands out */
	struct rd_diff_tokens *tokens;
};

/* Diffs two texts word by word.  The texts must outlive the result. */
int rd_diff_texts(struct rd_diff **out, const char *a, size_t alen,
		  const char *b, size_t blen, const struct rd_diff_opts *opts);
void rd_diff_free(struct rd_diff *d);

/*
 * The tokens of bytes [from, to) of d's old text (side 0) or new text
 * (side 1), *n of them, offsets in that text: the engine's own where it
 * token-diffed those bytes, else cut now (diff_tokens.c) and kept in d
 * for the next ask.  from and to must not fall inside a token (the ends
 * of an op, or whitespace, will do).  Borrowed: freed by rd_diff_free.
 * What the classifier, the checker and the renderers read words from,
 * so that nothing tokenizes a diffed text again.
 */
const struct rd_token *rd_diff_tokens(const struct rd_diff *d, int side, size_t from, size_t to,
				      size_t *n);

/* The word diff of bytes [as, ae) of d's old text against bytes [bs, be)
 * of its new text, as rd_diff_texts gives it (offsets relative to as and
 * bs): a moved text against where it came from.  It runs on the tokens d
 * holds of those bytes (rd_diff_tokens), and keeps them all, as
 * RD_DIFF_KEEP_OLD | RD_DIFF_KEEP_NEW would.  d must outlive it. */
int rd_diff_ranges(struct rd_diff **out, const struct rd_diff *d, size_t as, size_t ae, size_t bs,
		   size_t be, const struct rd_diff_opts *opts);

/* The word diff of a moved text against where it came from: for the
 * insert op number `op` of a classified diff that ends a move (its
 * partner_op set), its text against the partner delete op's (offsets
 * relative to the two ops' starts); NULL for any other op, or when it
 * cannot be diffed.  Computed on the first ask and kept in d: borrowed,
 * freed by rd_diff_free (change.c). */
const struct rd_diff *rd_diff_move_inner(const struct rd_diff *d, size_t op);
/* Frees what rd_diff_move_inner and rd_diff_changes kept (rd_diff_free
 * calls it; rd_classify too, as the ops it cuts change both). */
void rd_diff_moved_release(struct rd_diff *d);

/*
 * The change table: one entry per change, changes[c - 1] for change c
 * (d->nchanges of them).  Ops [op0, op1) hold the change's delete and
 * insert ops (and, after rd_classify, nothing else: a move's ends are
 * ops of their own); the bytes it covers in the old and new text; its
 * class and, for a move, the change at the move's other end, as
 * rd_classify set them on its ops.  Built on the first ask and kept in d
 * (borrowed); what the checker and the renderers group ops by.
 */
struct rd_change {
	size_t op0, op1;
	size_t a_start, a_end, b_start, b_end;
	uint8_t cls;      /* enum rd_class: its ops' that did not move, else moved */
	uint32_t partner; /* a moved op's partner change, 0 when none moved */
};
const struct rd_change *rd_diff_changes(const struct rd_diff *d);

#endif
