#!/bin/sh
# End-to-end: auditing a wiki history.  `import mediawiki` from .xml, .gz,
# .bz2 and stdin, resume after an interrupted import, refused files, then
# blame, log --stat, log -S and revert flags on the imported pages.
. "$(dirname "$0")/lib.sh"

W=$TOP_SRCDIR/tests/data/wiki
PAGE='Cyber security unit'

new_store() { rm -rf "$T/s" && mkdir "$T/s" && cd "$T/s" && "$REVDIFF" init >/dev/null 2>&1; }

# ---- import ----------------------------------------------------------------
new_store
ok "import reports the sha1 mismatch (exit 1)" run 1 "$REVDIFF" import mediawiki "$W/history.xml"
ok "the warning names page and revision" has "$T/err" "page 'Москва' revision 2002: sha1 mismatch"
ok "summary" has "$T/out" "4 pages, 12 revisions read: 12 new, 0 already stored; 12 versions written"
ok "every page is an entry" sh -c "'$REVDIFF' list >'$T/out' && grep -q '^$PAGE  7 versions' '$T/out' && grep -q '^Москва  2 versions' '$T/out' && grep -q '^AT&T <history>  2 versions' '$T/out' && grep -q '^Talk:$PAGE  1 version' '$T/out'"
ok "git fsck accepts the store" sh -c "git --git-dir=.revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q . && exit 1 || exit 0"
ok "versions in timestamp order (1002 before 1003 though listed after)" sh -c "'$REVDIFF' log --stat '$PAGE' | grep '^    revision' | tr -d '\n' | grep -qF '    revision 1007, parent 1006    revision 1006, parent 1005    revision 1005, parent 1004    revision 1004, parent 1003    revision 1003, parent 1002    revision 1002, parent 1001    revision 1001'"
ok "a second import adds nothing" run 1 "$REVDIFF" import mediawiki "$W/history.xml"
ok "... and says so" has "$T/out" "0 new, 12 already stored; 0 versions written"

new_store
ok "--namespace=1 keeps talk pages only" run 0 "$REVDIFF" import mediawiki --namespace=1 "$W/history.xml"
ok "... (the other pages' warnings are not shown)" sh -c "! test -s '$T/err' && '$REVDIFF' list >'$T/out' && test \$(wc -l <'$T/out') = 1 && grep -q '^Talk:$PAGE  1 version' '$T/out'"

for z in gzip bzip2; do
	new_store
	$z -c "$W/history.xml" >"$T/h.$z"
	ok "import from $z (named anything)" run 1 "$REVDIFF" import mediawiki "$T/h.$z"
	ok "$z: all 12 revisions" has "$T/out" "12 new"
done
new_store
ok "import from stdin" sh -c "bzip2 -c '$W/history.xml' | '$REVDIFF' import mediawiki - >'$T/out' 2>/dev/null; test \$? = 1 && grep -qF '12 new' '$T/out'"

# ---- broken and hostile files ------------------------------------------------
new_store
ok "truncated file is trouble" run 2 "$REVDIFF" import mediawiki "$W/truncated.xml"
ok "... with line and page" has "$T/err" "truncated.xml:46: truncated XML"
ok "... naming the page" has "$T/err" "in page 'Москва'"
ok "pages read before the error are kept" sh -c "'$REVDIFF' list | grep -q '^Talk:$PAGE  1 version'"
ok "the cut page is not" sh -c "! '$REVDIFF' list | grep -q '^Москва'"
ok "resume: the full file adds the rest" run 1 "$REVDIFF" import mediawiki "$W/history.xml"
ok "... only what was missing" has "$T/out" "11 new, 1 already stored"
ok "git fsck after resume" sh -c "! git --git-dir=.revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q ."

new_store
head -c 4000 "$W/history.xml" | gzip >"$T/cut.gz"
ok "truncated gzip is trouble" run 2 "$REVDIFF" import mediawiki "$T/cut.gz"
ok "wrong root" run 2 "$REVDIFF" import mediawiki "$W/wrong-root.xml"
ok "... said" has "$T/err" "root element is <html>, not <mediawiki>"
ok "missing timestamp" run 2 "$REVDIFF" import mediawiki "$W/no-timestamp.xml"
ok "... with line and page" has "$T/err" "no-timestamp.xml:48: revision 5001 has no <timestamp> (in page 'Broken')"
ok "billion laughs refused" run 2 "$REVDIFF" import mediawiki "$W/billion-laughs.xml"
ok "... as an entity declaration" has "$T/err" "entity declaration"
ok "external entity refused" run 2 "$REVDIFF" import mediawiki "$W/external-entity.xml"
ok "missing file" run 2 "$REVDIFF" import mediawiki "$T/nope.xml"

# ---- a killed import resumes -----------------------------------------------------
# Twenty pages; the importer reads the first half through a pipe, writes
# what it has (a batch per megabyte), and is killed while it waits for more.
new_store
python3 "$TOP_SRCDIR/bench/gen_wiki.py" --size 8000 --revs 60 "$T/one.xml"
python3 - "$T/one.xml" "$T/big.xml" <<'PY'
import sys
s = open(sys.argv[1]).read()
head, rest = s.split("  <page>", 1)
page = "  <page>" + rest.rsplit("</mediawiki>", 1)[0]
pages = [page.replace("<title>Benchmark page</title>", "<title>Page %02d</title>" % i) for i in range(20)]
open(sys.argv[2], "w").write(head + "".join(pages) + "</mediawiki>\n")
PY
mkfifo "$T/pipe"
# The killed import, and the polls that wait for it, are the real binary
# even under valgrind, which says nothing of a SIGKILLed process.
KILLED=${REVDIFF_REAL:-$REVDIFF}
"$KILLED" import mediawiki --batch-size=1 - <"$T/pipe" >/dev/null 2>&1 &
pid=$!
exec 3>"$T/pipe"
half=$(($(wc -c <"$T/big.xml") / 2))
head -c "$half" "$T/big.xml" >&3
tries=0
while [ "$("$KILLED" list 2>/dev/null | wc -l)" -lt 2 ] && [ $tries -lt 100 ]; do
	sleep 0.1; tries=$((tries + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
exec 3>&-
"$REVDIFF" list >"$T/list" 2>/dev/null
ok "killed mid-way: some pages stored" sh -c "test \$(wc -l <'$T/list') -ge 2 && test \$(wc -l <'$T/list') -lt 20"
ok "killed mid-way: every stored page is whole" sh -c "! grep -v '  60 versions' '$T/list'"
ok "store consistent after kill -9" sh -c "! git --git-dir=.revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q ."
ok "re-run completes the import" run 0 "$REVDIFF" import mediawiki "$T/big.xml"
ok "... adding only what was missing" sh -c "grep -q ', [1-9][0-9]* already stored' '$T/out' && ! grep -q ', 0 already stored' '$T/out'"
ok "all 20 pages, 60 versions each" sh -c "'$REVDIFF' list >'$T/list' && test \$(wc -l <'$T/list') = 20 && ! grep -v '  60 versions' '$T/list'"
ok "--batch-size checked" run 2 "$REVDIFF" import mediawiki --batch-size=0 "$T/big.xml"
ok "--batch-versions checked" run 2 "$REVDIFF" import mediawiki --batch-versions=0 "$T/big.xml"
ok "... naming what it wants" has "$T/err" "--batch-versions wants a number of versions"

# ---- a history larger than a batch -------------------------------------------------
# 300 revisions of 8 KB in 1 MB batches: written in parts, the same commits
python3 "$TOP_SRCDIR/bench/gen_wiki.py" --size 8000 --revs 300 "$T/long.xml"
new_store
"$REVDIFF" import mediawiki "$T/long.xml" >/dev/null 2>&1
whole=$(git --git-dir=.revdiff rev-parse "refs/heads/entries/Benchmark%20page")
new_store
ok "a history larger than the batch size imports" run 0 "$REVDIFF" import mediawiki --batch-size=1 "$T/long.xml"
ok "... in several packs" sh -c "test \$(ls .revdiff/objects/pack/*.pack | wc -l) -ge 2"
ok "... as the same commits as in one batch" sh -c "test \"\$(git --git-dir=.revdiff rev-parse 'refs/heads/entries/Benchmark%20page')\" = '$whole'"
ok "... fsck clean" sh -c "! git --git-dir=.revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q ."

# ---- audit commands on the test export -----------------------------------------
new_store
"$REVDIFF" import mediawiki "$W/history.xml" >/dev/null 2>&1
ok "log lists every version" sh -c "test \$('$REVDIFF' log '$PAGE' | wc -l) = 7"
ok "log flags the revert and what it undid" sh -c "'$REVDIFF' log '$PAGE' >'$T/out' && grep -q '^4 .*Bob .*\\[minor\\]  \\[revert to 2\\]' '$T/out' && grep -q '^3 .*2001:DB8:0:0:0:0:0:1  \\[reverted by 4\\]' '$T/out'"
ok "log marks deleted text, deleted comment and contributor" sh -c "'$REVDIFF' log '$PAGE' >'$T/out' && grep -q '^6 .*text deleted  Carol  hidden revision  \\[text deleted\\]' '$T/out' && grep -q '^5 .*(username removed)  \\[comment deleted\\]' '$T/out'"
ok "log --stat: bytes with delta over the deleted version, words" sh -c "'$REVDIFF' log --stat '$PAGE' >'$T/out' && grep -qx '    277 bytes (-1), 39 words (+1 -2)' '$T/out' && grep -qx '    revision 1007, parent 1006' '$T/out' && grep -qx '    196 bytes (+171), 28 words (+28 -5), revert to version 2' '$T/out'"
ok "log --since/--until/--author" sh -c "'$REVDIFF' log --since=2017-08-28 --until=2017-09-01 --author='^(Bob|2001)' '$PAGE' >'$T/out' && test \$(wc -l <'$T/out') = 2 && grep -q '^4 ' '$T/out' && grep -q '^3 ' '$T/out'"
ok "log --author matches IP editors" sh -c "test \$('$REVDIFF' log --author='^192\\.0\\.2\\.' '$PAGE' | wc -l) = 1"
ok "log -S: who introduced and removed the phrase" sh -c "'$REVDIFF' log -S 'cyber security' '$PAGE' >'$T/out' && test \$(wc -l <'$T/out') = 5 && grep -q '^2 .*\"cyber security\" 0 -> 1 (introduced)  192.0.2.7' '$T/out' && grep -q '^3 .*1 -> 0 (removed)' '$T/out' && grep -q '^7 .*2 -> 1 (removed)  Alice' '$T/out'"
ok "log -S matches across a line break" sh -c "'$REVDIFF' log -S 'cyber security' '$PAGE' | grep -q '^5 .*1 -> 2 (introduced)'"
ok "log -S is case-sensitive, -i is not" sh -c "test -z \"\$('$REVDIFF' log -S 'Cyber Security' '$PAGE')\" && test \$('$REVDIFF' log -i -S 'Cyber Security' '$PAGE' | wc -l) = 5"
ok "show flags a revert" sh -c "'$REVDIFF' show '$PAGE@4' | grep -qx 'revert   to version 2: the text is identical'"
ok "log --reverts lists only the revert" sh -c "'$REVDIFF' log --reverts '$PAGE' >'$T/out' && test \$(wc -l <'$T/out') = 1 && grep -q '^4 .*\\[revert to 2\\]' '$T/out'"
ok "... and is no html filter" run 2 "$REVDIFF" log --reverts --format=html "$PAGE"
ok "show flags the reverted version" sh -c "'$REVDIFF' show '$PAGE@3' | grep -qx 'reverted by version 4'"
ok "show steps over deleted text" sh -c "'$REVDIFF' show --format=plain '$PAGE@7' >'$T/out' && grep -q '^parent   5 of 7' '$T/out' && grep -qF '[-cyber security-]{+cybersecurity+}' '$T/out'"
ok "show of a deleted text says so" sh -c "'$REVDIFF' show '$PAGE@6' | grep -qx 'text     deleted in the source: nothing to show'"
ok "entities decoded, bytes kept" sh -c "'$REVDIFF' show --full --format=plain 'AT&T <history>@1' | grep -qF 'AT&T <ref>history</ref> & \"quotes\".'"
ok "non-Latin text" sh -c "'$REVDIFF' show --format=plain 'Москва@2' | grep -qF '{+ 東京は日本の首都です。+}'"

ok "blame: restored text keeps its author" sh -c "'$REVDIFF' blame --format=plain '$PAGE@4' >'$T/out' && grep -qF '[v2]Russia-United States relations: [v1]U.S. President' '$T/out' && ! grep -q '^v4 ' '$T/out'"
ok "blame legend" sh -c "'$REVDIFF' blame --format=plain '$PAGE' >'$T/out' && grep -q '^v5 .*12 words  2017-09-01 12:00:00 +0000  (username removed)  rev 1005  \\[comment deleted\\]' '$T/out'"
ok "blame of a deleted text is trouble" run 2 "$REVDIFF" blame "$PAGE@6"
ok "... and says what to do" has "$T/err" "has its text deleted"
# page text that looks like a mark is escaped, so marks stay unambiguous
printf 'See [v9] and [\\x]\n' | "$REVDIFF" add marks - >/dev/null 2>&1
printf 'See [v9] and [\\x] too\n' | "$REVDIFF" add marks - >/dev/null 2>&1
ok "blame escapes text that looks like a mark" sh -c "'$REVDIFF' blame --format=plain marks >'$T/out' && tail -1 '$T/out' | grep -qxF '[v1]See [\\v9] and [\\\\x] [v2]too'"
ok "blame --format=json rebuilds the text, with origins and events" sh -c "'$REVDIFF' blame --format=json '$PAGE@4' >'$T/out' && '$REVDIFF' show --full --format=json '$PAGE@4' >'$T/show' && python3 -c '
import json
b=json.load(open(\"$T/out\")); s=json.load(open(\"$T/show\"))
text=\"\".join(o[\"text\"] for o in s[\"ops\"] if o[\"op\"]!=\"delete\")
assert \"\".join(t[\"text\"] for t in b[\"tokens\"])==text
assert b[\"version\"][\"version\"]==4 and b[\"version\"][\"revision_id\"]==\"1004\"
t=[t for t in b[\"tokens\"] if t[\"text\"].startswith(\"Russia\")][0]
assert t[\"origin\"][\"version\"]==2 and t[\"origin\"][\"author\"]==\"192.0.2.7\"
assert t[\"removed_in\"]==[3] and t[\"reinserted_in\"]==[4]
assert all(t[\"origin\"][\"version\"] in (1,2) for t in b[\"tokens\"])
'"
ok "blame --color=always colors each origin" sh -c "'$REVDIFF' blame --color=always '$PAGE@4' | grep -q \"\$(printf '\\033')\\[2m\\[v1\\]\""
ok "blame --color=bad is trouble" run 2 "$REVDIFF" blame --color=bad "$PAGE"
ok "blame --help" sh -c "'$REVDIFF' blame --help | grep -q 'usage: revdiff blame'"
ok "import mediawiki --help" sh -c "'$REVDIFF' import mediawiki --help | grep -q 'usage: revdiff import mediawiki'"
ok "bad --namespace" run 2 "$REVDIFF" import mediawiki --namespace=x "$W/history.xml"
done_testing
