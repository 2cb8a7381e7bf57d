/*
 * pack.h - a git pack stream built in memory, git's delta encoding and
 * object ids: what the store's batches write instead of asking libgit2's
 * packbuilder to search for deltas.  No libgit2 here: store.c hands the
 * finished stream to libgit2's indexer, which checks every object.
 *
 * THE PACK STREAM (git's pack format, version 2)
 *
 *     "PACK"  version (4 bytes, big-endian, 2)  object count (4 bytes, BE)
 *     entries, each:
 *         type and size: byte 0 is a continuation bit, the type in bits
 *         6..4 (1 commit, 2 tree, 3 blob, 6 ofs-delta) and the size's
 *         low 4 bits; each further byte a continuation bit and 7 more
 *         bits of the size (the inflated size: of the delta, for a delta)
 *         ofs-delta only: the distance back to the base entry's start,
 *         big-endian 7 bits a byte, each byte but the last with its top
 *         bit set, and 1 added for every byte after the first
 *         the data, zlib-deflated
 *     SHA-1 of everything before it (20 bytes)
 *
 * THE DELTA (git's encoding; a copy's offset and size are little-endian)
 *
 *     source size, target size: 7 bits a byte, low first, top bit = more
 *     instructions until the target is whole:
 *         1nnnnnnn  copy: bits 0..3 say which of 4 offset bytes follow,
 *                   bits 4..6 which of 3 size bytes; size 0 is 0x10000
 *         0nnnnnnn  insert: the next n (1..127) bytes as they are
 */
#ifndef RD_PACK_H
#define RD_PACK_H

#include "revdiff.h"

#include <stddef.h>
#include <stdint.h>

#define RD_PACK_COMMIT 1
#define RD_PACK_TREE 2
#define RD_PACK_BLOB 3
#define RD_PACK_OFS_DELTA 6

struct rd_pack {
	struct rd_buf data;
	uint32_t count;
	uint64_t last_z; /* where the last entry's zlib stream starts */
	void *z;     /* deflate streams, reset for each entry: */
	void *small; /* one for small objects, one for the rest */
};

void rd_pack_init(struct rd_pack *p);
/* Appends a whole object; returns where its entry starts, the offset a
 * later delta names it by. */
uint64_t rd_pack_add(struct rd_pack *p, int type, const void *data, size_t len);
/* Appends a delta against the entry at base (an offset rd_pack_add or
 * rd_pack_add_delta returned). */
uint64_t rd_pack_add_delta(struct rd_pack *p, uint64_t base, const void *delta, size_t len);
/* Writes the count and the trailer: the stream is whole in p->data (no
 * more adds after this).  Returns 0 when no object was added. */
size_t rd_pack_finish(struct rd_pack *p);
/* Gives a finished stream other bytes, and so another name, holding the
 * same objects: an empty stored deflate block (00 00 00 ff ff, which
 * every inflater skips) goes in after the zlib header of its last entry,
 * one more each call.  The stream stays finished. */
void rd_pack_salt(struct rd_pack *p);
/* Empties the stream for the next pack. */
void rd_pack_reset(struct rd_pack *p);
void rd_pack_release(struct rd_pack *p);

/*
 * Appends to out the delta that turns src into dst: matches of 16 bytes
 * or more found anywhere in src are copied (common prefix and suffix
 * first), the rest inserted.  Returns 0, or -1 with out as it was when
 * the delta would be longer than max bytes or src is too large to be
 * addressed (4 GB): the caller writes dst whole then.
 */
int rd_delta_encode(struct rd_buf *out, const void *src, size_t slen, const void *dst,
		    size_t dlen, size_t max);

/* The git id of an object of type (RD_PACK_COMMIT, _TREE or _BLOB):
 * SHA-1 of "<type> <len>\0" and the data.  nettle's SHA-1, without
 * libgit2's collision detection, which costs half again as much: the
 * indexer hashes every object again, with it, when the pack is written. */
void rd_object_id(unsigned char out[20], int type, const void *data, size_t len);

#endif
