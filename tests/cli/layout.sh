#!/bin/sh
# End-to-end: word diffs that read as a person expects in every script and
# layout: scripts written without spaces, short lines moved or reordered,
# which block moved, and markers that show no space the texts lack.
. "$(dirname "$0")/lib.sh"

# plain OLD NEW: the plain diff of two one-line texts, hunk header dropped.
plain() {
	printf '%s\n' "$1" >a
	printf '%s\n' "$2" >b
	"$REVDIFF" diff --format=plain a b | sed 1d
}

# same FILE TEXT: FILE is exactly TEXT (one line).
same() {
	printf '%s\n' "$2" >want
	cmp -s "$1" want || { echo "# got:    $(cat "$1")" >&2; echo "# wanted: $2" >&2; return 1; }
}

# rebuilds OLD NEW: the JSON ops give both files back, byte for byte.
rebuilds() {
	"$REVDIFF" diff --format=json "$1" "$2" >out.json
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("out.json"))
a = "".join(o["text"] for o in d["ops"] if o["op"] != "insert")
b = "".join(o["text"] for o in d["ops"] if o["op"] != "delete")
assert a == open(sys.argv[1], encoding="utf-8").read(), "old text not rebuilt"
assert b == open(sys.argv[2], encoding="utf-8").read(), "new text not rebuilt"
PY
}

# ---- scripts written without spaces: one word changed, one word marked
plain 'สุนัขจิ้งจอกกระโดดข้ามสุนัข' 'สุนัขจิ้งจอกกระโดดข้ามแมว' >out
ok "Thai: only the last word" same out 'สุนัขจิ้งจอกกระโดดข้าม[-สุนัข-]{+แมว+}'
ok "Thai: JSON rebuilds both" rebuilds a b
plain 'ແມວກິນປາຢູ່ໃນເຮືອນ' 'ແມວກິນໄກ່ຢູ່ໃນເຮືອນ' >out
ok "Lao: only the middle word" same out 'ແມວກິນ[-ປາ-]{+ໄກ່+}ຢູ່ໃນເຮືອນ'
plain 'ខ្ញុំចង់ទៅផ្សារនៅថ្ងៃស្អែក' 'ខ្ញុំចង់ទៅសាលារៀននៅថ្ងៃស្អែក' >out
ok "Khmer: only the middle word" same out 'ខ្ញុំចង់ទៅ[-ផ្សារ-]{+សាលារៀន+}នៅថ្ងៃស្អែក'
ok "Khmer: JSON rebuilds both" rebuilds a b
plain 'မြန်မာနိုင်ငံသည်အလွန်လှပသည်' 'မြန်မာနိုင်ငံသည်အလွန်ကြီးမားသည်' >out
ok "Burmese: only the middle word" same out 'မြန်မာနိုင်ငံသည်အလွန်[-လှပ-]{+ကြီးမား+}သည်'
plain '我喜欢吃苹果' '我喜欢吃香蕉' >out
ok "CJK: one token per character" same out '我喜欢吃[-苹果-]{+香蕉+}'
plain 'Der Hund sah สุนัข ตัวนั้น' 'Der Hund sah สุนัข ตัวนี้' >out
ok "Thai among Latin words" same out 'Der Hund sah สุนัข ตัว[-นั้น-]{+นี้+}'

# ---- line-aware alignment: no token aligned across a line break where
# whole lines explain the change
printf '== Fruit ==\nApple pie\n\nBanana split\n\nCherry tart\n' >a
printf '== Fruit ==\nApple pie with cream\n\nCherry tart\n' >b
"$REVDIFF" diff --format=plain a b | sed 1d >out
printf '== Fruit ==\nApple pie{+ with cream+}\n\n[-Banana split-]\n\nCherry tart\n' >want
ok "words added to a line, the next line deleted: each on its own line" cmp out want
ok "line-aware: JSON rebuilds both" rebuilds a b
printf 'Item two\n' >a
printf 'Item one\n\nItem two\n' >b
"$REVDIFF" diff --format=plain a b | sed 1d >out
printf '{+Item one+}\n\nItem two\n' >want
ok "a line inserted before a like one: the whole line marked" cmp out want

# ---- short lines moved: JSON array items
cat >a <<'EOF'
{
    "fruit": [
        "apple",
        "pear"
    ],
    "veg": [
        "leek",
        "plum",
        "carrot",
        "fig",
        "onion"
    ]
}
EOF
sed -e '/"plum"/d' -e '/"fig"/d' -e 's/^        "apple",$/        "apple",\n        "plum",\n        "fig",/' a >b
"$REVDIFF" diff --format=plain a b >out
ok "array items moved: shown at their new place once" sh -c 'grep -qxF "        {~\"plum\",~}" out && grep -qxF "        {~\"fig\",~}" out'
ok "array items moved: a marker where each was" sh -c 'test $(grep -c "^\[~moved to line [45]~\]$" out) = 2 && ! grep -qF "[-" out && ! grep -qF "{+" out'
ok "array items moved: JSON rebuilds both" rebuilds a b
ok "array items moved: JSON moved ops hold only the item, with an inner diff" python3 -c '
import json
d = json.load(open("out.json"))
moved = [o for o in d["ops"] if o.get("class") == "moved"]
assert len(moved) == 4, moved
for o in moved:
    assert o["text"].strip() in ("\"plum\",", "\"fig\","), o
    assert "partner" in o
    if o["op"] == "insert":
        assert "".join(x["text"] for x in o["inner"] if x["op"] != "delete") == o["text"]
assert d["stats"]["classes"] == {"moved": 2}, d["stats"]
'

# ---- a wiki page of short lines reordered
printf '== Section ==\n\nLine D\n\nLine E\n\nLine F\n\n== Next ==\n\nLine G\n\nLine H\n\nLine I\n\nLine J\n' >a
printf '== Section ==\n\nLine F\n\nLine D\n\nLine E more\n\n== Next ==\n\nLine G\n\nLine H\n\nLine J\n\nLine I\n' >b
"$REVDIFF" diff --format=plain --full a b >out
ok "reordered lines: each moved line marked whole" sh -c 'grep -qxF "{~Line F~}" out && { grep -qxF "{~Line I~}" out || grep -qxF "{~Line J~}" out; }'
ok "reordered lines: the edit stays on its line" grep -qxF 'Line E{+ more+}' out
ok "reordered lines: no token aligned across lines" sh -c '! grep -qE "^Line [[{]" out && ! grep -qF "{+Line+}" out'
ok "reordered lines: JSON rebuilds both" rebuilds a b

# ---- one distinctive line among filler: the distinctive line moved
printf '== Top ==\nx\n--unique--\nx\nx\nx\nx\nx\nx\n== End ==\n' >a
printf '== Top ==\nx\nx\nx\nx\nx\nx\n--unique--\nx\n== End ==\n' >b
"$REVDIFF" diff --format=plain a b | sed 1d >out
printf '== Top ==\nx\n[~moved to line 8~]\nx\nx\nx\nx\nx\n{~--unique--~}\nx\n== End ==\n' >want
ok "filler stays, the distinctive line moves" cmp out want
ok "filler: JSON rebuilds both" rebuilds a b

# ---- a moved sentence with new words before it: the move is the sentence
printf 'Intro.\n\nThe mayor opened the new bridge on Monday morning.\n\nMiddle text stays here.\n\nEnd.\n' >a
printf 'Intro.\n\nMiddle text stays here.\n\nBrand new words. The mayor opened the new bridge on Monday morning.\n\nEnd.\n' >b
"$REVDIFF" diff --format=plain a b >out
ok "a move does not swallow the insert beside it" grep -qxF '{+Brand new words. +}{~The mayor opened the new bridge on Monday morning.~}' out
ok "moved sentence: JSON rebuilds both" rebuilds a b
ok "moved sentence: JSON insert op apart from the move" python3 -c '
import json
d = json.load(open("out.json"))
ins = [o for o in d["ops"] if o["op"] == "insert"]
assert [o["class"] for o in ins] == ["insert", "moved"], ins
assert ins[0]["text"] == "Brand new words. ", ins
'

# ---- random pages of short lines, some moved: JSON rebuilds both texts,
# and every move's inner diff rebuilds the moved text at both ends
ok "random line moves: JSON rebuilds both, inner diffs too" python3 - "$REVDIFF" <<'PY'
import json, random, subprocess, sys
W = ["alpha", "beta", "gamma", "x", '"item",', "-", "==", "delta", "สุนัข", "แมว"]
moves = 0
for it in range(60):
    random.seed(it)
    n = random.randint(20, 120)
    lines = [" ".join(random.choice(W) for _ in range(random.randint(1, 4))) + "\n" +
             ("\n" if random.random() < .25 else "") for _ in range(n)]
    a = "".join(lines)
    for k in range(5):
        lines.insert(random.randrange(n), lines.pop(random.randrange(n)))
    b = "".join(l + ("inserted words\n" if random.random() < .05 else "") for l in lines)
    open("ra", "w", encoding="utf-8").write(a)
    open("rb", "w", encoding="utf-8").write(b)
    d = json.loads(subprocess.run([sys.argv[1], "diff", "--format=json", "ra", "rb"],
                                  stdout=subprocess.PIPE).stdout)
    assert "".join(o["text"] for o in d["ops"] if o["op"] != "insert") == a, it
    assert "".join(o["text"] for o in d["ops"] if o["op"] != "delete") == b, it
    for o in d["ops"]:
        if "inner" in o:
            assert "".join(x["text"] for x in o["inner"] if x["op"] != "delete") == o["text"], it
            for x in o["inner"]:
                if x["op"] != "insert":
                    assert a.encode()[x["from"][0]:x["from"][1]].decode() == x["text"], it
    moves += d["stats"]["classes"].get("moved", 0)
assert moves > 100, moves
PY

# ---- plain and color show no space that a text lacks; porcelain is git's
plain 'a b' 'a x b' >out
ok "an inserted word takes its space inside the markers" same out 'a {+x +}b'
plain 'U.S. President' 'Russia-United States relations: U.S. President' >out
ok "an inserted prefix, its space inside" same out '{+Russia-United States relations: +}U.S. President'
plain '* [https://example.org/x Disconnect]' '* [[Disconnect]]' >out
ok "a link edit reads without a space it does not have" same out '* [[-https://example.org/x -]{+[+}Disconnect]{+]+}'
# plain markers taken away give both texts back (no moves, no whitespace-only change)
for pair in 'a b|a x b' 'the cat sat on the mat|the dog sat on a mat' 'one two three|one three' \
	    'Bob came home.|Bob, Alice came home!'; do
	plain "${pair%|*}" "${pair#*|}" >out
	sed -e 's/{+\([^+]*\)+}//g' -e 's/\[-\([^-]*\)-\]/\1/g' out >old
	sed -e 's/\[-\([^-]*\)-\]//g' -e 's/{+\([^+]*\)+}/\1/g' out >new
	ok "plain rebuilds both: ${pair%|*}" sh -c 'cmp -s old a && cmp -s new b'
done
"$REVDIFF" diff --color=always a b | sed 1d | sed "s/$(printf '\033')\[[0-9;]*m//g" >out
ok "color: the same text, colors aside" sh -c 'printf "Bob, Alice came home.!\n" | cmp -s - out'
printf 'a b\n' >a
printf 'a x b\n' >b
"$REVDIFF" diff --format=porcelain a b | sed 1,3d >out
printf ' a \n+x\n  b\n~\n' >want
ok "porcelain keeps git's layout" cmp out want

# ---- two substitutions read as two substitutions
printf 'a a a a a' >a
printf 'b a a a b' >b
"$REVDIFF" diff --format=plain a b | sed 1d >out
ok "a a a a a -> b a a a b: two substitutions" same out '[-a-]{+b+} a a a [-a-]{+b+}'

done_testing
