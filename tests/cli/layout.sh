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
assert a == open(sys.argv[1]).read(), "old text not rebuilt"
assert b == open(sys.argv[2]).read(), "new text not rebuilt"
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
printf '== Fruit ==\nApple pie {+with cream+}\n\n[-Banana split-]\n\nCherry tart\n' >want
ok "words added to a line, the next line deleted: each on its own line" cmp out want
ok "line-aware: JSON rebuilds both" rebuilds a b
printf 'Item two\n' >a
printf 'Item one\n\nItem two\n' >b
"$REVDIFF" diff --format=plain a b | sed 1d >out
printf '{+Item one+}\n\nItem two\n' >want
ok "a line inserted before a like one: the whole line marked" cmp out want

done_testing
