#!/bin/sh
# End-to-end: dumps as Wikimedia ships them.  Every compression libarchive
# reads (.xz, .lzma, .zst, .7z besides .gz/.bz2 in wiki.sh), the spool file
# in $TMPDIR, and malformed or contradictory input: warned about with
# line, page and revision, everything valid still imported, exit 1.
. "$(dirname "$0")/lib.sh"

W=$TOP_SRCDIR/tests/data/wiki
new_store() { rm -rf "$T/s" && mkdir "$T/s" && cd "$T/s" && "$REVDIFF" init >/dev/null 2>&1; }

# ---- compressions ---------------------------------------------------------------
for z in xz "xz --format=lzma" zstd; do
	new_store
	$z -c <"$W/history.xml" >"$T/h.$z"
	ok "import from $z (named anything)" run 1 "$REVDIFF" import mediawiki "$T/h.$z"
	ok "$z: all 12 revisions" has "$T/out" "12 new"
done
new_store
rm -f "$T/h.7z"
cp "$W/history.xml" "$T/pages-meta-history.xml"
(cd "$T" && 7z a -bd h.7z pages-meta-history.xml >/dev/null)
ok "import from a 7z archive" run 1 "$REVDIFF" import mediawiki "$T/h.7z"
ok "7z: all 12 revisions" has "$T/out" "12 new"
ok "7z: the same commits as from the XML" sh -c "git --git-dir=.revdiff for-each-ref >'$T/refs7z'; cd '$T' && rm -rf x && mkdir x && cd x && '$REVDIFF' init >/dev/null && '$REVDIFF' import mediawiki '$W/history.xml' >/dev/null 2>&1; git --git-dir=.revdiff for-each-ref | cmp - '$T/refs7z'"
new_store
xz -c <"$W/history.xml" | head -c 700 >"$T/cut.xz"
ok "truncated xz is trouble" run 2 "$REVDIFF" import mediawiki "$T/cut.xz"
ok "... naming the file" has "$T/err" "cut.xz"

# ---- TMPDIR -------------------------------------------------------------------------
new_store
mkdir -p "$T/tmp"
# (the real binary: valgrind would want a TMPDIR of its own)
ok "TMPDIR is where the spool goes" sh -c "TMPDIR='$T/nowhere' '${REVDIFF_REAL:-$REVDIFF}' import mediawiki '$W/history.xml' >/dev/null 2>'$T/err'; test \$? = 2 && grep -qF 'spool file in $T/nowhere' '$T/err'"
ok "... and an existing one works" sh -c "TMPDIR='$T/tmp' '$REVDIFF' import mediawiki '$W/history.xml' >'$T/out' 2>/dev/null; test \$? = 1 && grep -qF '12 new' '$T/out'"

# ---- malformed input ------------------------------------------------------------------
new_store
ok "malformed parts are warnings (exit 1)" run 1 "$REVDIFF" import mediawiki "$W/malformed.xml"
ok "a page in a page: line and page" has "$T/err" "malformed.xml:12: page 'Outer': a <page> inside a <page>: left out"
ok "a second title: the first is kept" has "$T/err" "malformed.xml:20: page 'Outer': a second <title>: the first is kept"
ok "a revision in a text: line, page and revision" has "$T/err" "malformed.xml:25: page 'Outer', revision 12: a <revision> inside <text>: left out"
ok "a repeated revision id" has "$T/err" "malformed.xml:32: page 'Outer': revision 12 was already given at line 26: this one is left out"
ok "a second timestamp" has "$T/err" "malformed.xml:36: page 'Outer', revision 13: a second <timestamp>: the first is kept"
ok "the valid revisions are imported" sh -c "'$REVDIFF' list >'$T/out' && grep -q '^Outer  3 versions' '$T/out' && grep -q '^After  1 version' '$T/out' && ! grep -q Nested '$T/out' && ! grep -q 'Second title' '$T/out'"
ok "the text around the misplaced element is kept" sh -c "'$REVDIFF' show --full Outer@2 | grep -qF 'second kept'"
sed 's|http://www.mediawiki.org/xml/export-0.10/|http://www.example.org/not-mediawiki/|' "$W/malformed.xml" >"$T/foreign.xml"
ok "a foreign namespace is not an export" run 2 "$REVDIFF" import mediawiki "$T/foreign.xml"
ok "... said" has "$T/err" "the root element's namespace is 'http://www.example.org/not-mediawiki/'"
sed 's|<title>After</title>|<title xmlns="urn:other">Other</title><title>After</title>|' "$W/malformed.xml" >"$T/mixed.xml"
new_store
ok "an element of another namespace is an unknown element" sh -c "'$REVDIFF' import mediawiki '$T/mixed.xml' >/dev/null 2>&1; '$REVDIFF' list | grep -q '^After  1 version'"

# ---- input contradicting the store ------------------------------------------------------
new_store
"$REVDIFF" import mediawiki "$W/malformed.xml" >/dev/null 2>&1
sed 's|<text>third</text>|<text>third, rewritten</text>|' "$W/malformed.xml" >"$T/changed.xml"
ok "the same revision ids with another text: a warning" run 1 "$REVDIFF" import mediawiki "$T/changed.xml"
ok "... naming line, page, revision and what differs" has "$T/err" "changed.xml:39: page 'Outer', revision 13: the store's version 3 has this revision id with another text; the page was left as it is"
ok "... not counted as already stored" hasnt "$T/out" "4 already stored"
sed -e 's|<text>third</text>|<text>third, rewritten</text>|' \
    -e 's|<title>After</title>|<title>Later</title>|' \
    -e 's|</page>\n</mediawiki>||' "$W/malformed.xml" |
	sed 's|      <text>third, rewritten</text>|      <text>third, rewritten</text>\n    </revision>\n    <revision>\n      <id>14</id>\n      <timestamp>2020-01-05T00:00:00Z</timestamp>\n      <text>fourth</text>|' >"$T/more.xml"
ok "a contradiction with a new revision: still a warning, not trouble" run 1 "$REVDIFF" import mediawiki "$T/more.xml"
ok "... the page left as it is" sh -c "'$REVDIFF' list | grep -q '^Outer  3 versions'"
ok "... and the pages after it imported" sh -c "'$REVDIFF' list | grep -q '^Later  1 version'"
ok "git fsck after all that" sh -c "! git --git-dir=.revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q ."

# ---- store-wide queries: log --all -------------------------------------------------
new_store
"$REVDIFF" import mediawiki "$W/history.xml" >/dev/null 2>&1
"$REVDIFF" import mediawiki "$W/malformed.xml" >/dev/null 2>&1
ok "log --all: one JSON object per version" sh -c "'$REVDIFF' log --all >'$T/all' && test \$(wc -l <'$T/all') = 16 && python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' '$T/all'"
ok "... with entry, version, commit, time, author" has "$T/all" '{"entry":"After","version":1,"commit":"'
ok "log -S across the wiki: where the phrase came and went" sh -c "'$REVDIFF' log --all -S 'cyber security' >'$T/phrase' && test \$(wc -l <'$T/phrase') = 6"
ok "... in every entry" has "$T/phrase" '{"entry":"Talk:Cyber security unit","version":1,'
ok "... counts before and after" has "$T/phrase" '"phrase":"cyber security","count_before":2,"count":1,"change":"removed"'
ok "--author across the wiki" sh -c "'$REVDIFF' log --all --author='^Bob\$' >'$T/a' && test \$(wc -l <'$T/a') = 3 && ! grep -v '\"author\":\"Bob\"' '$T/a'"
ok "--since/--until across the wiki" sh -c "'$REVDIFF' log --all --since=2020-01-01 --until=2020-01-31 | grep -c . | grep -qx 3"
ok "--reverts across the wiki" sh -c "'$REVDIFF' log --all --reverts >'$T/r' && test \$(wc -l <'$T/r') = 1 && grep -q '\"version\":4,.*\"revert_to\":2' '$T/r'"
ok "--all takes no entry" run 2 "$REVDIFF" log --all Outer
ok "list streams every entry" sh -c "'$REVDIFF' list --names | tr '\n' '|' | grep -qx 'AT&T <history>|After|Cyber security unit|Outer|Talk:Cyber security unit|Москва|'"

done_testing
