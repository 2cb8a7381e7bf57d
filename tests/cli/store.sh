#!/bin/sh
# End-to-end: init, add, list, log, show and diff on a store.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
export REVDIFF_AUTHOR=tester

ok "init creates .revdiff" run 0 "$REVDIFF" init
ok "init says where" has "$T/out" "Initialized an empty revdiff store in .revdiff"
ok "it is a bare git repository" sh -c "test \"\$(git -C .revdiff rev-parse --is-bare-repository)\" = true"
ok "init again changes nothing" run 0 "$REVDIFF" init
ok "init again says so" has "$T/out" "already"

printf 'U.S. President Donald Trump says "an impenetrable cybersecurity unit".\n' >v1
printf 'Russia-United States relations: U.S. President Donald Trump says "an impenetrable cyber security unit".\n' >v2
ok "add first version" run 0 "$REVDIFF" add "news/cyber unit" v1 --date "2017-08-13 03:50:22" -m "First version"
ok "add reports the number" has "$T/out" "recorded version 1 (2017-08-13 03:50:22 +0000"
ok "same text records nothing" run 0 "$REVDIFF" add "news/cyber unit" v1
ok "and says so" has "$T/out" "unchanged"
ok "add from stdin" sh -c "'$REVDIFF' add 'news/cyber unit' --date 2017-08-27T05:48:38+02:00 -m Update <v2 >out && grep -q 'recorded version 2' out"
ok "add from - with an author" sh -c "'$REVDIFF' add 'news/cyber unit' - --author 'Jane Doe' --date none -m 'Current version' <v1 >out && grep -q 'recorded version 3' out"

ok "list" run 0 "$REVDIFF" list
ok "list shows count and times" has "$T/out" "news/cyber unit  3 versions  2017-08-13 03:50:22 +0000 .. (undated)"
ok "log" run 0 "$REVDIFF" log "news/cyber unit"
ok "log newest first" sh -c "head -1 '$T/out' | grep -q '^3  (undated)  +1 -6 words  Jane Doe  Current version'"
ok "log keeps the zone" has "$T/out" "2  2017-08-27 05:48:38 +0200  +6 -1 words  tester  Update"
ok "log first version all inserted" has "$T/out" "1  2017-08-13 03:50:22 +0000  +10 words  tester  First version"
ok "log --date=unix" sh -c "'$REVDIFF' log --date=unix 'news/cyber unit' | grep -q '^1  1502596222  '"
ok "log --date=short" sh -c "'$REVDIFF' log --date=short 'news/cyber unit' | grep -q '^2  2017-08-27  '"
ok "log --date=relative" sh -c "'$REVDIFF' log --date=relative 'news/cyber unit' | grep -q '^1  [0-9]* years ago  '"

ok "show @2" run 0 "$REVDIFF" show --format=plain "news/cyber unit@2"
ok "show header entry" has "$T/out" "entry    news/cyber unit"
ok "show header version" has "$T/out" "version  2 of 3   2017-08-27 05:48:38 +0200   Update"
ok "show header parent and span" has "$T/out" "parent   1 of 3   2017-08-13 03:50:22 +0000   First version   (14 days earlier)"
ok "show changes line" has "$T/out" "changes  +6 words -1 word:"
ok "show word diff" has "$T/out" "{+Russia-United States relations: +}U.S."
ok "show spelling change" has "$T/out" "[-cybersecurity-]{+cyber security+}"
ok "show newest by default" sh -c "'$REVDIFF' show --format=plain 'news/cyber unit' | grep -qF 'version  3 of 3   (undated)   Current version'"
ok "show @~1 is @2" sh -c "'$REVDIFF' show --format=plain 'news/cyber unit@~1' | grep -qF 'version  2 of 3'"
ok "show @{date}" sh -c "'$REVDIFF' show --format=plain 'news/cyber unit@{2017-08-20}' | grep -qF 'version  1 of 3'"
ok "show first version all inserted" sh -c "'$REVDIFF' show --format=plain 'news/cyber unit@1' >out; grep -qF 'parent   none' out && grep -qF '{+U.S. President' out"
commit=$(git -C .revdiff rev-parse 'refs/heads/entries/news%2Fcyber%20unit~1')
ok "show by commit prefix" sh -c "'$REVDIFF' show --format=plain $(echo "$commit" | cut -c1-8) | grep -qF 'version  2 of 3'"
ok "show porcelain" sh -c "'$REVDIFF' show --format=porcelain 'news/cyber unit@2' | grep -qx -- '-cybersecurity'"
ok "show color" sh -c "'$REVDIFF' show --color=always 'news/cyber unit@2' | grep -q \"\$(printf '\\033')\\[9;33mcybersecurity\""
ok "show json with both versions" sh -c "'$REVDIFF' show --format=json 'news/cyber unit@2' >out; python3 -c '
import json
d=json.load(open(\"out\"))
assert d[\"from\"][\"version\"]==1 and d[\"to\"][\"version\"]==2, d
assert d[\"from\"][\"timestamp\"]==\"2017-08-13T03:50:22Z\"
assert d[\"to\"][\"timestamp\"]==\"2017-08-27T05:48:38+02:00\"
assert d[\"to\"][\"label\"]==\"Update\" and d[\"to\"][\"author\"]==\"tester\"
assert d[\"to\"][\"entry\"]==\"news/cyber unit\" and len(d[\"to\"][\"commit\"])==40
a=\"\".join(o[\"text\"] for o in d[\"ops\"] if o[\"op\"]!=\"insert\")
assert a==open(\"v1\").read()
'"
ok "show json undated is null" sh -c "'$REVDIFF' show --format=json 'news/cyber unit' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"to\"][\"timestamp\"] is None'"
ok "show --stat" sh -c "'$REVDIFF' show --stat 'news/cyber unit@2' | grep -q '6 words inserted, 1 word deleted'"

ok "diff two versions" run 1 "$REVDIFF" diff --format=plain "news/cyber unit@1" "news/cyber unit@2"
ok "diff of versions shows words" has "$T/out" "[-cybersecurity-]{+cyber security+}"
ok "diff same text exits 0" run 0 "$REVDIFF" diff "news/cyber unit@1" "news/cyber unit@3"
ok "diff a version and a file" run 1 "$REVDIFF" diff --format=plain "news/cyber unit@1" v2
ok "diff across entries" sh -c "'$REVDIFF' add other v2 >/dev/null && '$REVDIFF' diff 'news/cyber unit@1' other >out; test \$? = 1"
ok "diff json names versions" sh -c "'$REVDIFF' diff --format=json 'news/cyber unit@1' other | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"from\"][\"entry\"]==\"news/cyber unit\" and d[\"to\"][\"entry\"]==\"other\" and d[\"to\"][\"version\"]==1'"
ok "a file wins over an entry of the same name" sh -c "printf 'x\n' >other && '$REVDIFF' diff --format=plain v1 other | grep -qF '{+x+}'"

mkdir -p sub/dir
ok "store found from a subdirectory" sh -c "cd sub/dir && '$REVDIFF' list | grep -q '^other  1 version'"
ok "--store elsewhere" sh -c "'$REVDIFF' --store s2 init >/dev/null && '$REVDIFF' --store s2 add e v1 >/dev/null && '$REVDIFF' --store s2 list | grep -q '^e  1 version' && ! '$REVDIFF' list | grep -q '^e '"
ok "REVDIFF_STORE" sh -c "REVDIFF_STORE=s2 '$REVDIFF' list | grep -q '^e  1 version'"
ok "names git refuses work" sh -c "for n in HEAD ../x a..b x.lock '@{1}' 'Кибер безопасность' \"\$(printf 'tab\\tname')\"; do '$REVDIFF' add \"\$n\" v1 >/dev/null || exit 1; '$REVDIFF' show --format=plain \"\$n@~0\" >/dev/null || exit 1; done"
ok "escaped names list back as given" sh -c "'$REVDIFF' list | grep -q '^a\\.\\.b  ' && '$REVDIFF' list | grep -q '^Кибер безопасность  '"
ok "git log reads the store" sh -c "git -C .revdiff log --format=%s 'refs/heads/entries/news%2Fcyber%20unit' | head -1 | grep -qx 'Current version'"
ok "git sees the undated trailer" sh -c "git -C .revdiff log -1 --format=%B 'refs/heads/entries/news%2Fcyber%20unit' | grep -qx 'Revdiff-Undated: true'"
ok "git fsck is clean" sh -c "git -C .revdiff fsck --strict 2>&1 | grep -v '^notice' | grep -q . && exit 1; git -C .revdiff fsck --strict >/dev/null 2>&1"
ok "git clone --bare of a store is a store" sh -c "git clone -q --bare .revdiff clone.git && '$REVDIFF' --store clone.git show --format=plain 'news/cyber unit@2' | grep -qF '[-cybersecurity-]{+cyber security+}'"
ok "git clone carries every entry" sh -c "git clone -q .revdiff work 2>/dev/null; git -C work log --format=%H origin/entries/other | grep -q ."
ok "--help for each command" sh -c "for c in init add list log show import; do '$REVDIFF' \$c --help | grep -q \"usage: revdiff.* \$c\" || exit 1; done"
done_testing
