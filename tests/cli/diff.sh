#!/bin/sh
# End-to-end: `revdiff diff FILE FILE` formats, options and exit codes.
. "$(dirname "$0")/lib.sh"

printf 'U.S. President Donald Trump says "an impenetrable cybersecurity unit".\n' >v1
printf 'Russia-United States relations: U.S. President Donald Trump says "an impenetrable cyber security unit".\n' >v2

ok "same files exit 0" run 0 "$REVDIFF" diff v1 v1
ok "different files exit 1" run 1 "$REVDIFF" diff v1 v2
ok "plain markers" sh -c "'$REVDIFF' diff --format=plain v1 v2 >out; grep -qF '{+Russia-United States relations: +}U.S.' out && grep -qF '[-cybersecurity-]{+cyber security+}' out"
ok "default is plain when not a terminal" sh -c "'$REVDIFF' diff v1 v2 | grep -qF '[-cybersecurity-]'"
ok "color on request (spacing is trivial: yellow, struck out)" sh -c "'$REVDIFF' diff --color=always v1 v2 | grep -q \"\$(printf '\\033')\\[9;33mcybersecurity\""
ok "NO_COLOR is not overridden by auto" sh -c "NO_COLOR=1 '$REVDIFF' diff --color=auto v1 v2 | grep -qF '[-cybersecurity-]'"
ok "--no-color after --color=always wins" sh -c "'$REVDIFF' diff --color=always --no-color v1 v2 | grep -qF '[-cybersecurity-]'"
ok "a bad --color is a usage error of diff" run 2 "$REVDIFF" diff --color=sometimes v1 v2
ok "  which says so" has "$T/err" "revdiff: error: --color takes auto, always or never, not 'sometimes' (see 'revdiff diff --help')"
ok "porcelain like git" sh -c "'$REVDIFF' diff --format=porcelain v1 v2 >out; grep -qx -- '-cybersecurity' out && grep -qx -- '+cyber security' out && grep -qx '~' out && grep -q '^@@ -1 +1 @@' out"
ok "json ops rebuild both texts" sh -c "'$REVDIFF' diff --format=json v1 v2 >out; python3 -c '
import json,sys
d=json.load(open(\"out\"))
a=\"\".join(o[\"text\"] for o in d[\"ops\"] if o[\"op\"]!=\"insert\")
b=\"\".join(o[\"text\"] for o in d[\"ops\"] if o[\"op\"]!=\"delete\")
assert a==open(\"v1\").read() and b==open(\"v2\").read()
assert d[\"stats\"][\"words_inserted\"]==6 and d[\"stats\"][\"words_deleted\"]==1
assert d[\"from\"][\"file\"]==\"v1\"
'"
ok "stat" sh -c "'$REVDIFF' diff --stat v1 v2 | grep -q '6 words inserted, 1 word deleted, 2 changes'"
ok "missing file is trouble" run 2 "$REVDIFF" diff v1 nonexistent
ok "error message format" has "$T/err" "revdiff: error: cannot open 'nonexistent'"
ok "bad format is trouble" run 2 "$REVDIFF" diff --format=nope v1 v2
ok "one file only is trouble" run 2 "$REVDIFF" diff v1
printf 'a\0b' >bin1; printf 'a\0c' >bin2
ok "binary files like git" sh -c "'$REVDIFF' diff bin1 bin2 >out; test \$? = 1 && grep -qx 'Binary files bin1 and bin2 differ' out"
ok "--text diffs binary" run 1 "$REVDIFF" diff --text bin1 bin2
printf 'x [-y-] {+z+}\n' >m1; printf 'x [-y-] {+w+}\n' >m2
ok "markers in input are escaped" sh -c "'$REVDIFF' diff --format=plain m1 m2 | grep -qF 'x [\\-y-\\] {\\+[-z-]{+w+}+\\}'"
seq 1 40 >l1; seq 1 40 | sed 's/^20$/twenty/' >l2
ok "context 3 by default" sh -c "'$REVDIFF' diff l1 l2 >out; test \$(wc -l <out) = 8 && grep -qx '@@ -17,7 +17,7 @@' out"
ok "--full shows everything" sh -c "test \$('$REVDIFF' diff --full l1 l2 | wc -l) = 40"
ok "--context=0" sh -c "test \$('$REVDIFF' diff --context=0 l1 l2 | wc -l) = 2"
ok "stdin as one side" sh -c "'$REVDIFF' diff - v2 <v1 | grep -qF '[-cybersecurity-]'"
ok "--help" sh -c "'$REVDIFF' diff --help | grep -q 'usage: revdiff diff'"
ok "--version" sh -c "'$REVDIFF' --version | grep -q '^revdiff '"
ok "unknown command" run 2 "$REVDIFF" frobnicate

# Edge cases: each must work and keep every byte (checked through JSON).
rebuilds() {
	"$REVDIFF" diff --format=json "$1" "$2" >out.json
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("out.json"))
a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
# byte ranges must tile both files; text must match where it is valid UTF-8
pa = pb = 0
for o in d["ops"]:
    if o["op"] != "insert":
        s, e = o["from"]; assert s == pa, (s, pa); pa = e
        seg = a[s:e]
        try:
            assert seg.decode("utf-8") == o["text"], (seg, o["text"])
        except UnicodeDecodeError:
            assert "\ufffd" in o["text"]
    if o["op"] != "delete":
        s, e = o["to"]; assert s == pb, (s, pb); pb = e
        seg = b[s:e]
        try:
            assert seg.decode("utf-8") == o["text"]
        except UnicodeDecodeError:
            assert "\ufffd" in o["text"]
assert pa == len(a) and pb == len(b), (pa, len(a), pb, len(b))
PY
}
: >empty1; : >empty2
ok "two empty files are the same" run 0 "$REVDIFF" diff empty1 empty2
printf 'some words\n' >words
ok "empty against text" rebuilds empty1 words
ok "text against empty" rebuilds words empty1
printf 'line one\r\nline two\r\n' >crlf1; printf 'line one\nline 2\n' >crlf2
ok "CRLF against LF" rebuilds crlf1 crlf2
printf 'no final newline' >nonl1; printf 'no final newline here' >nonl2
ok "no final newline" rebuilds nonl1 nonl2
ok "no final newline, plain ends the line" sh -c "'$REVDIFF' diff nonl1 nonl2 | tail -c 1 | od -c | grep -q '\\n'"
printf 'caf\351 au lait \300\257 ok\n' >bad1; printf 'caf\351 au lait \300\257 fine\n' >bad2
ok "invalid UTF-8 and overlong encodings" rebuilds bad1 bad2
ok "invalid UTF-8 in plain output keeps bytes" sh -c "'$REVDIFF' diff bad1 bad2 | grep -q \"\$(printf 'caf\\351')\""
printf 'a\0b c' >nul1; printf 'a\0b d' >nul2
ok "NUL bytes with --text" sh -c "'$REVDIFF' diff --text --format=json nul1 nul2 >/dev/null; test \$? = 1"
python3 -c "
import random
r = random.Random(5)
w = open('$TOP_SRCDIR/tests/data/GPL-3').read().split()
open('long1', 'w').write(' '.join(r.choice(w) for _ in range(400000)))
" && sed 's/ the / THE /g' long1 >long2
ok "a 2 MB single line diffs" rebuilds long1 long2
for seed in 1 2; do python3 -c "
import random
r = random.Random($seed)
w = open('$TOP_SRCDIR/tests/data/GPL-2').read().split()
open('unrelated$seed', 'w').write(' '.join(r.choice(w) for _ in range(10000)))
"; done
ok "unrelated texts: the cost bound cuts in and says so" sh -c "'$REVDIFF' diff unrelated1 unrelated2 >out 2>err; test \$? = 1 && grep -q 'note: the texts differ too much' err"
ok "unrelated texts: JSON says bounded and still rebuilds" sh -c "'$REVDIFF' diff --format=json unrelated1 unrelated2 | grep -q '\"bounded\":true'"
ok "unrelated texts rebuild" rebuilds unrelated1 unrelated2
seq 1 200000 >many1; seq 1 200000 | sed 's/^1234$/x/' >many2
ok "200,000 tiny lines" sh -c "'$REVDIFF' diff many1 many2 >out; test \$? = 1 && grep -qx '\[-1234-\]{+x+}' out"
# A paragraph moved among similar ones (a list of yearly figures), its new
# neighbours edited: one move, at every size, not a cascade of numbers.
python3 - <<'PY'
import random
for n, name in ((12, "sim"), (4000, "simbig")):
    r = random.Random(1)
    ps = ["In %d the council spent %d on roads and %d on schools, the report says."
          % (1990 + i, r.randrange(100, 999), r.randrange(100, 999)) for i in range(n)]
    open(name + "1", "w").write("\n\n".join(ps) + "\n")
    x = ps.pop(3)
    ps.insert(8, x)
    ps[9] = ps[9].replace("schools", "parks")
    ps[7] = ps[7].replace("roads", "trams")
    open(name + "2", "w").write("\n\n".join(ps) + "\n")
PY
for f in sim simbig; do
	ok "moved among similar paragraphs ($f): one move" sh -c "'$REVDIFF' diff --format=plain ${f}1 ${f}2 >out; grep -qF '[~moved to line 17~]' out && grep -qxF '{~In 1993 the council spent 361 on roads and 220 on schools, the report says.~}' out && ! grep -q '{+In 1993' out"
	ok "moved among similar paragraphs ($f): the neighbours' edits stay theirs" sh -c "'$REVDIFF' diff --format=plain ${f}1 ${f}2 | grep -c '\[-roads-\]{+trams+}\|\[-schools-\]{+parks+}' | grep -qx 2"
	ok "moved among similar paragraphs ($f): --stat counts one move and two edits" sh -c "'$REVDIFF' diff --stat ${f}1 ${f}2 | grep -q '1 moved, 2 replace'"
done
done_testing
