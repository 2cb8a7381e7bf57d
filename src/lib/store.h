/*
 * store.h - the on-disk format of a revdiff store, documented here once
 * (as SQLite's btreeInt.h documents its file format), and the names
 * store.c shares with nothing else.
 *
 * THE REPOSITORY
 *
 *   A bare git repository, created through libgit2 (never by running git):
 *   `.revdiff/` in the directory where `revdiff init` ran, or any directory
 *   named by --store / $REVDIFF_STORE.  Its config holds
 *
 *       [revdiff]
 *               format = 2
 *
 *   (1 in stores made before messages had format 2, see THE MESSAGE),
 *   which tells a store from any other bare repository (a clone, which
 *   lacks it, is taken as a store when it holds entry refs).  HEAD is left
 *   as git made it, an unborn branch.
 *
 * REFS: one per entry
 *
 *       refs/heads/entries/<escaped entry name>
 *
 *   points at the entry's newest version, as a loose ref or a line of
 *   packed-refs (git's two formats; refs.h): the entries an import creates
 *   are merged into packed-refs in one pass per batch, an entry that moves
 *   afterwards gets a loose ref, which git and revdiff read first.
 *   Lookups are a binary search of the mapped packed-refs, so one entry
 *   costs the same in a store of one entry or of millions.  Entries are
 *   branches, so that
 *   `git clone`, `git push` and any git hosting carry them as they carry
 *   branches (`git clone --bare` of a store is a store).  The escaped name
 *   is one ref component (entries never nest, so "a" and "a/b" can both
 *   exist):
 *
 *     - bytes kept as they are: ASCII letters and digits, `-` `_` `.` `,`
 *       `+` `=`, and every byte of a valid UTF-8 sequence for a code point
 *       from U+00A0 up (so non-Latin names stay readable in `git log`);
 *     - every other byte is `%XX`, two upper-case hex digits: `/` is %2F,
 *       space %20, `%` itself %25, `@` %40, `{` %7B, control characters
 *       and C1 controls (U+0080..U+009F) likewise;
 *     - a `.` is written %2E when it starts the name, follows another `.`
 *       (so `..` never appears), ends the name, or begins a final `.lock`.
 *
 *   Unescaping turns every %XX back into its byte; any other `%` is
 *   invalid.  The mapping is one to one, so a ref names exactly one entry.
 *   An escaped name is at most RD_ENTRY_MAX (240) bytes, under the 255 of
 *   common file systems.  The empty name and invalid UTF-8 are refused.
 *   NEEDSWORK: on case-insensitive file systems, entries differing only in
 *   case collide as loose refs.
 *
 * COMMITS: one per version
 *
 *   The first version has no parent; each later one has the previous
 *   version as its only parent, so `git log refs/heads/entries/X` lists
 *   the versions newest first and version N is the N-th commit from the
 *   root.  The tree holds one file:
 *
 *       100644 blob <id>    text
 *
 *   the version's text, byte for byte (so identical texts share one blob
 *   id, which is how reverts are recognised).
 *
 *   author    = the contributor (wiki user name, IP, --author), with the
 *               e-mail `<unknown>` (libgit2 refuses an empty one; the
 *               contributor's id, when known, is a trailer); `<`, `>` and
 *               control characters in the name become spaces, and leading
 *               spaces and `.,:;"'` are dropped, as git's ident needs; no
 *               name is "(unknown)".  When that changed the name, the name
 *               as given is the trailer Revdiff-Author, which is what
 *               revdiff reads and shows.
 *   time      = the version's own time and zone (+0000 when the source
 *               gave none and its times are UTC).
 *   committer = the author, same time: commit ids depend only on the
 *               version, so importing the same history twice gives the
 *               same ids.
 *
 *   An undated version (no known time) has the time 0 +0000 (1970-01-01)
 *   inside git, and the trailer `Revdiff-Undated: true`.  revdiff never
 *   shows that time: it prints "(undated)".
 *
 * THE MESSAGE (message.c)
 *
 *   Format 2, written since store format 2:
 *
 *       <label or edit comment, byte for byte; absent when empty>
 *       <blank line, only when there is a label>
 *       Revdiff-Undated: true
 *       Revdiff-Revision: <revision id in the source>
 *       Revdiff-Parent-Revision: <the source's parent revision id>
 *       Revdiff-Source: <file, page or URL the version came from>
 *       Revdiff-Minor: true
 *       Revdiff-Entry: <the entry name, when the ref name is escaped>
 *       Revdiff-Author: <the contributor's name as given, when the
 *                        ident had to change it>
 *       Revdiff-Author-Id: <the contributor's id in the source>
 *       Revdiff-Text-Deleted: true
 *       Revdiff-Comment-Deleted: true
 *       Revdiff-Format: 2 <the label's length in bytes, decimal>
 *
 *   Only the trailers that apply are written, in this order; the last
 *   line always.  Values are one line: `%`, control characters and DEL in
 *   them are %XX-escaped.  A reader takes the last line, and with the
 *   length it gives, the label (the first <length> bytes, followed by a
 *   blank line) and the trailers (every line between the label's blank
 *   line and the last): since revdiff writes that last line after the
 *   label, nothing in a label ("hello\n\nRevdiff-Revision: 777") can be
 *   read as a trailer, and a label comes back exactly, trailing newlines
 *   included.  Unknown Revdiff- trailers are ignored.  A format 2 message
 *   also reads correctly as format 1, except for Revdiff-Author.
 *
 *   Format 1 (written by revdiff before store format 2; still read): the
 *   same trailers without Revdiff-Author and Revdiff-Format, taken from
 *   the last paragraph when every line of it starts with "Revdiff-"; the
 *   rest, trailing newlines removed, is the label.  A message that is not
 *   format 2 is read as format 1.  A store of format 1 is read and written
 *   to (its new versions in format 2); its config is left as it is.
 *
 * A LIVE PULL'S STATE (mw_tags.c)
 *
 *   `import mediawiki --api` keeps what cannot be in the versions' commits
 *   (a change tag may arrive long after its revision; commit ids must be
 *   those the XML import makes) in one JSON file, `mediawiki.json`, the
 *   only file of a commit that the ref refs/revdiff/mediawiki names: the
 *   tags of each version by commit id, and per wiki the page ids it
 *   follows and the newest recent change read.  mw_tags.c gives its
 *   fields; the ref moves by compare-and-swap.  Outside refs/heads, it is
 *   never taken for an entry.
 *
 * WRITING
 *
 *   Objects are written only as packs, never loose, and each pack has a
 *   keep file, objects/pack/pack-<checksum>.keep, created before the pack
 *   appears and removed once the refs naming its objects have moved
 *   (keep.c): `git gc`, `git repack -ad` and `git prune`, which drop the
 *   objects no ref names yet, leave kept packs alone, so they may run at
 *   any moment beside writers.  libgit2's indexer writes the pack in
 *   objects/revdiff-incoming-XXXXXX; revdiff moves the .pack, then the
 *   .idx into objects/pack (git gc deletes an .idx without its .pack),
 *   under a name no pack had (a repack deletes what it listed by name;
 *   the stream is salted until the name is new).  A writer killed in
 *   between leaves a keep file behind (harmless: its pack is only never
 *   repacked by git) or the incoming directory, which its writer holds a
 *   flock on while it works: the next writer removes one it can lock that
 *   is ten minutes old (a younger one may not be locked yet).  When
 *   more than 50 packs under 1 MiB without keep files are there, the
 *   writer merges them into one (read whole, written kept, the old ones
 *   removed index first), under an fcntl lock on `revdiff-merge` at the
 *   top of the store.  `revdiff add` writes its version as a batch of one.
 *
 *   Objects are always written before a ref moves, and a ref moves only
 *   by compare-and-swap against the id the writer started from, checked
 *   under the ref's lock file (refs.h; a new entry must be absent, loose
 *   and packed, also checked under the lock): a writer that lost the race writes nothing visible and reports
 *   RD_ECONFLICT (`revdiff add` then tries again on top of the winner).
 *   Batches (importers) collect objects in memory as one pack stream
 *   (pack.h: each blob a delta against its entry's previous one, chains
 *   at most 50 long), write it through libgit2's indexer as one pack (the
 *   pack file first, then its index, each renamed into place whole), and
 *   only then move refs.  A crash at any
 *   moment leaves at most unreachable objects or temporary files
 *   (harmless; `git gc` drops them); no ref names a missing object.
 *
 * DAMAGE (from outside revdiff: a plain git commit on an entry's ref, a
 * deleted or corrupted object)
 *
 *   A commit without a `text` blob, or whose tree cannot be read, is read
 *   as a version with `damaged` set (the reason): its entry's other
 *   versions stay readable, reading its text fails with RD_EDAMAGED
 *   naming the entry, the version and the commit, and a new version can
 *   be added on top.  A text blob that cannot be read fails the same way,
 *   naming the blob.  A commit of the chain that cannot be read breaks
 *   the chain: the entry's history fails with RD_EDAMAGED naming the
 *   commit and how far before the newest it is (ENTRY@~N); other entries
 *   are not affected (a commit prefix is looked up in them).
 *
 * THE GUARD: revdiff-guard
 *
 *   A ref's lock file (`<ref>.lock`, git's convention) stays behind when
 *   its writer dies between creating and renaming it, and would block
 *   that entry for ever.  So revdiff moves refs only while holding an
 *   fcntl write lock on the file `revdiff-guard` at the top of the store;
 *   the kernel drops that lock when its holder dies, even by SIGKILL.
 *   Before each move the holder writes into the file one line,
 *
 *       <ref name> <new commit id, 40 hex digits>\n
 *
 *   and empties the file when its moves are done; while it holds
 *   packed-refs.lock (creating a batch's entries) the line is
 *
 *       packed-refs.lock <the lock file's inode number>\n
 *
 *   and the next holder removes a packed-refs.lock with that inode (a
 *   lock git takes later is another file).  The note is written before
 *   the lock exists: the file is made as revdiff-packed-refs.tmp, noted,
 *   then linked to packed-refs.lock, so no kill leaves a lock unnoted.  Removing an entry holds its
 *   ref's lock (left empty) and packed-refs.lock at once, so its note is
 *   both lines, packed-refs.lock first; each line is cleared as above.  A writer that takes the
 *   guard and finds a line there knows the previous holder died while
 *   moving that ref; if the ref's lock file holds nothing or a prefix of
 *   "<that id>\n" (what libgit2 writes into it before the rename), it is
 *   the dead writer's and is removed.  No live revdiff writer can own it,
 *   since every one moves refs under the guard.  A lock file revdiff did
 *   not note (from git, or from a revdiff writer still alive but stopped)
 *   is left alone: the add fails with a 'retry' error naming the file,
 *   which the user removes once no git or revdiff process is running on
 *   the store.  A guard held for more than ten seconds (its holder
 *   stopped with ^Z, say) is reported with the holder's process id.  The
 *   file means nothing to git, which neither copies nor checks it.
 *   NEEDSWORK: fcntl locks belong to a process, so two threads of one
 *   program writing at once do not exclude each other (the CLI has one).
 *
 * EVENTS PAGES (import_events.c)
 *
 *   Entry name: `YYYY-MM-DD/SLUG` from the page's `### [YYYY-M-D](...)`
 *   date (zero-padded) and the last path component of the FIRST item's link
 *   under `### Changes:` without its `.md` (the slug of the first version's
 *   text: it never changes as the entry is updated).  Source trailer: the
 *   page's file name and the item's line, `events:FILE:LINE`.
 */
#ifndef RD_STORE_H
#define RD_STORE_H

#define RD_STORE_REF_PREFIX "refs/heads/entries/"
#define RD_STORE_TEXT_FILE "text"
#define RD_STORE_UNKNOWN_AUTHOR "(unknown)"
#define RD_STORE_EMAIL "unknown"
#define RD_STORE_CONFIG_KEY "revdiff.format"
#define RD_STORE_FORMAT 2
#define RD_STORE_FORMAT_OLDEST 1 /* still read, and written to in format 2 */
#define RD_STORE_GUARD_FILE "revdiff-guard"

#endif
