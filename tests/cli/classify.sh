#!/bin/sh
# End-to-end: change classes in diff's summary, JSON and exit codes, and
# --ignore hiding trivial classes.
. "$(dirname "$0")/lib.sh"

V=$SAMPLES/versions
printf 'The cat sat on the mat.\n' >a
printf 'The  cat sat on the mat.\n' >ws
printf 'the cat sat on the mat.\n' >case
printf 'The cat sat on the mat!\n' >punct
printf 'The cat sat on the mat.\n' | sed 's/ /\xc2\xa0/' >nbsp
printf 'The cat sat on the rug.\n' >subst
printf 'the  cat sat on the rug!\n' >mixed

ok "seed 1->2: summary counts 1 spacing, 1 insert" sh -c "'$REVDIFF' diff --stat '$V/1-first-version.txt' '$V/2-update.txt' | grep -qx ' +6 words -1 word: 1 spacing, 1 insert'"
ok "seed 2->3: one delete" sh -c "'$REVDIFF' diff --stat '$V/2-update.txt' '$V/3-current-version.txt' | grep -qx ' -4 words: 1 delete'"
ok "json: class of each change" sh -c "'$REVDIFF' diff --format=json '$V/1-first-version.txt' '$V/2-update.txt' >out; python3 -c '
import json
d=json.load(open(\"out\"))
assert d[\"stats\"][\"classes\"]=={\"insert\":1,\"spacing\":1}, d[\"stats\"]
cls=[(o[\"op\"],o[\"class\"]) for o in d[\"ops\"] if o[\"op\"]!=\"equal\"]
assert cls==[(\"insert\",\"insert\"),(\"delete\",\"spacing\"),(\"insert\",\"spacing\")], cls
'"
ok "whitespace change exits 1" run 1 "$REVDIFF" diff a ws
ok "whitespace shows a visible marker" sh -c "'$REVDIFF' diff a ws | grep -qF \"{+\$(printf '\\302\\267')+}\""
ok "--ignore=whitespace exits 0" run 0 "$REVDIFF" diff --ignore=whitespace a ws
ok "--ignore=whitespace prints nothing" sh -c "test -z \"\$('$REVDIFF' diff --ignore=whitespace a ws)\""
ok "--ignore=case exits 0 on a case change" run 0 "$REVDIFF" diff --ignore=case a case
ok "--ignore=punctuation exits 0" run 0 "$REVDIFF" diff --ignore=punctuation a punct
ok "NBSP is unicode" sh -c "'$REVDIFF' diff --stat a nbsp | grep -q ': 1 unicode'"
ok "--ignore=unicode exits 0 on NBSP" run 0 "$REVDIFF" diff --ignore=unicode a nbsp
ok "the full trivial list exits 0" run 0 "$REVDIFF" diff --ignore=spacing,case,unicode,punctuation,whitespace "$V/2-update.txt" "$V/2-update.txt"
ok "--ignore=spacing: seed 1->3 is the same" run 0 "$REVDIFF" diff --ignore=spacing "$V/1-first-version.txt" "$V/3-current-version.txt"
ok "--ignore=spacing keeps the insert (exit 1)" run 1 "$REVDIFF" diff --ignore=spacing "$V/1-first-version.txt" "$V/2-update.txt"
ok "--stat --ignore=spacing leaves spacing out of the classes" sh -c "'$REVDIFF' diff --stat --ignore=spacing '$V/1-first-version.txt' '$V/2-update.txt' | grep -qx ' +6 words -1 word: 1 insert'"
ok "--ignore=spacing hides cybersecurity" sh -c "'$REVDIFF' diff --ignore=spacing '$V/1-first-version.txt' '$V/2-update.txt' >out; grep -qF '{+Russia-United States relations: +}' out && ! grep -qF '[-cybersecurity-]' out && grep -qF 'cyber security unit' out"
ok "--ignore=trivial hides them all but a real edit" sh -c "'$REVDIFF' diff --ignore=trivial a mixed >out; test \$? = 1 && grep -qF '[-mat.-]{+rug!+}' out && ! grep -qF '[-The-]' out"
ok "--ignore=trivial exits 0 when only trivial changes" run 0 "$REVDIFF" diff --ignore=trivial a case
ok "unknown class is a usage error" run 2 "$REVDIFF" diff --ignore=spelin a ws
ok "usage error names the class" has "$T/err" "unknown change class in 'spelin'"
ok "substantive changes are not hidden" run 1 "$REVDIFF" diff --ignore=spacing,case,unicode,punctuation,whitespace a subst
ok "color: trivial yellow, substantive red/green" sh -c "'$REVDIFF' diff --color=always a mixed >out; grep -q \"\$(printf '\\033')\\[9;33mThe\" out && grep -q \"\$(printf '\\033')\\[31mmat\" out"
printf 'First paragraph opens the story and sets the scene for what follows.\n\nPolice said 5 people were hurt in the crash.\n\nThe last paragraph is long too, and it closes the story for readers.\n' >m1
printf 'First paragraph opens the story and sets the scene for what follows.\n\nThe last paragraph is long too, and it closes the story for readers.\n\nPolice said 6 people were hurt in the crash.\n' >m2
ok "moved paragraph: shown once, with its edit" sh -c "'$REVDIFF' diff --format=plain m1 m2 >out; grep -qF '[~moved to line 5~]' out && grep -qF '{~Police said ~}[-5-]{+6+}{~ people were hurt in the crash.~}' out && test \$(grep -c 'Police' out) = 1"
ok "moved paragraph: summary says moved" sh -c "'$REVDIFF' diff --stat m1 m2 | grep -q ': 1 moved\$'"
ok "moved paragraph: json partners and rebuild" sh -c "'$REVDIFF' diff --format=json m1 m2 >out; python3 -c '
import json
d=json.load(open(\"out\"))
ch=[o for o in d[\"ops\"] if o[\"op\"]!=\"equal\"]
assert all(o[\"class\"]==\"moved\" and \"partner\" in o for o in ch), ch
a=\"\".join(o[\"text\"] for o in d[\"ops\"] if o[\"op\"]!=\"insert\")
b=\"\".join(o[\"text\"] for o in d[\"ops\"] if o[\"op\"]!=\"delete\")
assert a==open(\"m1\").read() and b==open(\"m2\").read()
'"
ok "--ignore=moved: the new text, exit 0" sh -c "'$REVDIFF' diff --ignore=moved --full m1 m2 >out; test \$? = 0 && test -z \"\$(cat out)\""
ok "porcelain shows a move as delete and insert" sh -c "'$REVDIFF' diff --format=porcelain m1 m2 >out; grep -q '^-Police said 5' out && grep -q '^+Police said 6' out"
ok "--help lists the classes" sh -c "'$REVDIFF' diff --help >out; grep -q 'spelling' out && grep -q 'quotation' out && grep -q 'moved' out && grep -q 'trivial' out"

# the store: show's summary line and log --stat
unset REVDIFF_STORE
export REVDIFF_AUTHOR=tester
ok "store for the seed entry" sh -c "'$REVDIFF' init >/dev/null && '$REVDIFF' add e '$V/1-first-version.txt' --date '2017-08-13 03:50:22' >/dev/null && '$REVDIFF' add e '$V/2-update.txt' --date '2017-08-27 03:48:38' >/dev/null && '$REVDIFF' add e '$V/3-current-version.txt' --date none >/dev/null"
ok "show counts classes" sh -c "'$REVDIFF' show --format=plain e@2 | grep -q '^changes  +6 words -1 word: 1 spacing, 1 insert\$'"
ok "log --stat: substantive and trivial words" sh -c "'$REVDIFF' log --stat e >out; grep -qx '    4 substantive words, 3 trivial: 1 spacing, 1 insert' out && grep -qx '    4 substantive words, 0 trivial: 1 delete' out"
ok "log without --stat is one line a version" sh -c "test \$('$REVDIFF' log e | wc -l) = 3"
done_testing
