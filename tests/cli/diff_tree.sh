#!/bin/sh
# End-to-end: `revdiff diff OLD_DIR NEW_DIR`: pairing by path, added and
# removed files whole, renames by similarity (the same pairs as git),
# binary files, --stat totals, JSON lines, -q, exit codes.
. "$(dirname "$0")/lib.sh"

D=$TOP_SRCDIR/tests/data
mkdir -p a/sub b/sub a/deep/er b/deep/er
cp "$SAMPLES/versions/1-first-version.txt" a/v.txt
cp "$SAMPLES/versions/2-update.txt" b/v.txt
cp "$D/GPL-2" a/sub/gpl.txt
sed 's/Free Software/Libre Software/' "$D/GPL-2" >b/sub/license.txt
cp "$D/LGPL-2.1" a/deep/er/lgpl; cp "$D/LGPL-2.1" b/lgpl-moved
echo same >a/same.txt; cp a/same.txt b/same.txt
echo 'gone for good' >a/removed.txt
echo 'brand new text' >b/added.txt
printf 'a\0b' >a/bin; printf 'a\0c' >b/bin

ok "trees that differ exit 1" run 1 "$REVDIFF" diff --format=plain a b
ok "a modified file: git's header, then its word diff" has "$T/out" "diff --git a/a/v.txt b/b/v.txt"
ok "  with the words" has "$T/out" "[-cybersecurity-]{+cyber security+}"
ok "an added file whole" sh -c "grep -A3 -F 'diff --git a/b/added.txt b/b/added.txt' '$T/out' | grep -qxF '{+brand new text+}'"
ok "  marked new" has "$T/out" "new file mode 100644"
ok "a removed file whole" sh -c "grep -A3 -F 'diff --git a/a/removed.txt b/a/removed.txt' '$T/out' | grep -qxF '[-gone for good-]'"
ok "a renamed and edited file, with git's similarity" has "$T/out" "similarity index 96%"
ok "  from and to" sh -c "grep -qxF 'rename from a/sub/gpl.txt' '$T/out' && grep -qxF 'rename to b/sub/license.txt' '$T/out'"
ok "  diffed against its old self" has "$T/out" "[-Free-]{+Libre+}"
ok "an exact rename across directories" sh -c "grep -qxF 'rename from a/deep/er/lgpl' '$T/out' && grep -qxF 'similarity index 100%' '$T/out'"
ok "a binary pair reported" has "$T/out" "Binary files a/bin and b/bin differ"
ok "an unchanged file not shown" hasnt "$T/out" "same.txt"
if command -v git >/dev/null 2>&1; then
	git diff --no-index --name-status a b | sed 's/^R[0-9]*/R/' | sort >git.txt
	"$REVDIFF" diff --format=porcelain a b | awk '
		/^diff --git / { if (p) print st "\t" p; split($0, f, " "); a = substr(f[3], 3); b = substr(f[4], 3); st = "M"; p = a }
		/^new file/ { st = "A"; p = b } /^deleted file/ { st = "D"; p = a }
		/^rename from/ { st = "R"; p = a "\t" b }
		END { if (p) print st "\t" p }' | sort >ours.txt
	ok "the same files reported as git, with the same statuses" cmp git.txt ours.txt
fi
ok "-q names the files only" run 1 "$REVDIFF" diff -q a b
ok "  GNU diff's words" sh -c "grep -qxF 'Files a/v.txt and b/v.txt differ' '$T/out' && grep -qxF 'Only in b: added.txt' '$T/out' && grep -qxF 'Only in a: removed.txt' '$T/out'"
ok "  renames" has "$T/out" "Renamed a/sub/gpl.txt -> b/sub/license.txt (96% similar)"
ok "  one line a pair" sh -c "test \$(wc -l <'$T/out') = 6"
ok "--brief is -q" sh -c "'$REVDIFF' diff --brief a b | cmp - '$T/out'"
ok "--stat: a line per file and the total" run 1 "$REVDIFF" diff --stat a b
ok "  per file" has "$T/out" "a/sub/gpl.txt => b/sub/license.txt"
ok "  total" sh -c "tail -1 '$T/out' | grep -qx ' 6 files changed, 17 words inserted, 12 words deleted'"
ok "JSON: one object a line (JSON lines), each pair with its status" sh -c "'$REVDIFF' diff --format=json a b >j; python3 -c '
import json
rows = [json.loads(l) for l in open(\"j\")]
st = {(r[\"from\"][\"file\"], r[\"to\"][\"file\"]): r[\"status\"] for r in rows}
assert st == {(None, \"b/added.txt\"): \"added\", (\"a/bin\", \"b/bin\"): \"binary\",
	(\"a/removed.txt\", None): \"removed\", (\"a/sub/gpl.txt\", \"b/sub/license.txt\"): \"renamed\",
	(\"a/deep/er/lgpl\", \"b/lgpl-moved\"): \"renamed\", (\"a/v.txt\", \"b/v.txt\"): \"modified\"}, st
for r in rows:
	if r[\"status\"] == \"added\":
		assert \"\".join(o[\"text\"] for o in r[\"ops\"]) == open(\"b/added.txt\").read()
'"
ok "HTML: one page" sh -c "'$REVDIFF' diff --format=html a b >h.html; test \$(grep -c '<html' h.html) = 1 && grep -q 'license.txt' h.html"
ok "the same trees exit 0, silently" run 0 "$REVDIFF" diff a a
ok "  nothing printed" test ! -s "$T/out"
mkdir c d; printf 'one two\n' >c/x; printf 'one  two\n' >d/x
ok "changes hidden by --ignore do not count" run 0 "$REVDIFF" diff --ignore=whitespace c d
ok "  nor for -q" run 0 "$REVDIFF" diff -q --ignore=whitespace c d
ok "a missing directory is trouble" run 2 "$REVDIFF" diff a nonexistent
ok "-q on two files" run 1 "$REVDIFF" diff -q a/v.txt b/v.txt
ok "  says they differ" sh -c "test \"\$(cat '$T/out')\" = 'Files a/v.txt and b/v.txt differ'"
done_testing
