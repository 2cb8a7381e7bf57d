#!/bin/sh
# End-to-end: blame that follows moved and restored text, on small
# hand-made MediaWiki histories (written here by a Python generator).
. "$(dirname "$0")/lib.sh"

# export FILE ID:AUTHOR:TEXT-FILE...: a one-page export, ids as given.
export_xml() {
	out=$1; shift
	python3 - "$out" "$@" <<'PY'
import sys
from xml.sax.saxutils import escape
out, revs = sys.argv[1], sys.argv[2:]
with open(out, "w") as f:
    f.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
            '<page><title>P</title><ns>0</ns><id>1</id>\n')
    for k, r in enumerate(revs):
        rid, who, path = r.split(":", 2)
        text = open(path).read()
        f.write('<revision><id>%s</id><timestamp>2020-01-01T%02d:%02d:%02dZ</timestamp>'
                '<contributor><username>%s</username><id>%d</id></contributor>'
                '<text xml:space="preserve">%s</text></revision>\n'
                % (rid, k // 3600, k // 60 % 60, k % 60, who, k + 1, escape(text)))
    f.write('</page></mediawiki>\n')
PY
}

# blame_py CHECK: python assertions over `b` (blame JSON of P) and
# `origin(substring)`, the origin revision ids of the tokens of a substring.
blame_py() {
	"$REVDIFF" blame --format=json P >"$T/blame.json" || return 1
	python3 - "$T/blame.json" "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
text = "".join(t["text"] for t in b["tokens"])
def toks(sub):
    s = text.index(sub); e = s + len(sub); pos = 0; res = []
    for t in b["tokens"]:
        if pos < e and pos + len(t["text"]) > s and t["text"].strip():
            res.append(t)
        pos += len(t["text"])
    return res
def origin(sub):
    return set(t["origin"]["revision_id"] for t in toks(sub))
def others(sub):
    """origins of every token but those of sub"""
    mine = set(id(t) for t in toks(sub))
    return set(t["origin"]["revision_id"] for t in b["tokens"] if t["text"].strip() and id(t) not in mine)
def moved(sub):
    return set(v for t in toks(sub) for v in t["moved_in"])
exec(sys.argv[2])
PY
}

new_store() { rm -rf "$T/s" && mkdir "$T/s" && cd "$T/s" && "$REVDIFF" init >/dev/null 2>&1; }

# ---- revision id 0 is an id --------------------------------------------------
new_store
printf 'There is a house on a hill.' >"$T/a"
printf 'There is a big house on a hill.' >"$T/b"
export_xml "$T/zero.xml" 0:A:"$T/a" 1:B:"$T/b"
"$REVDIFF" import mediawiki "$T/zero.xml" >/dev/null 2>&1
new_store
sed 's|xmlns="http://|xmlns="https://|' "$T/zero.xml" >"$T/zero-https.xml"
ok "an export whose namespace is written with https imports" run 0 "$REVDIFF" import mediawiki "$T/zero-https.xml"
ok "revision id 0 is kept in the JSON" blame_py '
assert origin("house on a hill") == {"0"}, origin("house on a hill")
assert origin("big") == {"1"}'

# ---- a section reorder ---------------------------------------------------------
new_store
cat >"$T/a" <<'T'
== History ==
The movement grew out of the workers' clubs of the 1860s, which met in
small rooms above taverns and argued about mutual aid.

== Theory ==
Its writers held that cooperation, not competition, was the natural
order of human society, and that the state stood in its way.

== Criticism ==
Critics answered that without a state the strong would rule the weak.
T
awk 'BEGIN{RS=""; ORS="\n\n"} {p[NR]=$0} END{print p[3]; print p[1]; print p[2]}' "$T/a" >"$T/b"
export_xml "$T/reorder.xml" 10:A:"$T/a" 11:B:"$T/b"
"$REVDIFF" import mediawiki "$T/reorder.xml" >/dev/null 2>&1
ok "a section reorder credits the mover with nothing" blame_py '
assert origin(text) == {"10"}, origin(text)'
ok "... and the moved words say who moved them (moved_in)" blame_py '
assert moved("Critics answered that without a state") == {2}, moved("Critics answered")
assert moved("Its writers held") == set()'

# ---- a paragraph moved and edited in the same revision ------------------------
new_store
awk 'BEGIN{RS=""; ORS="\n\n"} {p[NR]=$0} END{print p[2]; sub(/strong would rule the weak/, "strong would surely rule the weak", p[3]); print p[3]; print p[1]}' "$T/a" >"$T/b"
export_xml "$T/moved.xml" 10:A:"$T/a" 11:B:"$T/b"
"$REVDIFF" import mediawiki "$T/moved.xml" >/dev/null 2>&1
ok "a paragraph moved and edited: only the new word is the mover's" blame_py '
assert origin("surely") == {"11"}
assert others("surely") == {"10"}, others("surely")'

# ---- a sentence restored 500 versions later ------------------------------------
new_store
S='Proudhon was the first to call himself an anarchist, in 1840.'
revs=""
printf '%s Intro.\n' "$S" >"$T/r0"
revs="1000:A:$T/r0"
for i in $(seq 1 500); do
	printf 'Intro %d.\n' "$i" >"$T/r$i"
	revs="$revs $((1000 + i)):E$i:$T/r$i"
done
printf '%s Intro 500.\n' "$S" >"$T/r501"
revs="$revs 1501:R:$T/r501"
# shellcheck disable=SC2086
export_xml "$T/restored.xml" $revs
"$REVDIFF" import mediawiki "$T/restored.xml" >/dev/null 2>&1
ok "a sentence restored 500 versions later keeps its author" blame_py '
assert origin("Proudhon was the first to call himself an anarchist, in 1840.") == {"1000"}
t = toks("Proudhon")[0]
assert t["removed_in"] == [2] and t["reinserted_in"] == [502], (t["removed_in"], t["reinserted_in"])'

# ---- a citation moved into a new sentence ----------------------------------------
new_store
printf 'Anarchism is old.<ref>Woodcock, George. Anarchism. Penguin, 1962, p. 12.</ref> It spread.\n' >"$T/a"
printf 'Some say the idea is ancient.<ref>Woodcock, George. Anarchism. Penguin, 1962, p. 12.</ref> It spread.\n' >"$T/b"
export_xml "$T/cite.xml" 20:A:"$T/a" 21:B:"$T/b"
"$REVDIFF" import mediawiki "$T/cite.xml" >/dev/null 2>&1
ok "a citation moved into a new sentence keeps its author" blame_py '
assert origin("<ref>Woodcock, George. Anarchism. Penguin, 1962, p. 12.</ref>") == {"20"}, origin("<ref>Woodcock")
assert origin("Some say the idea") == {"21"} and origin("ancient") == {"21"}'

# ---- a vandal's blanking and its revert -------------------------------------------
new_store
cat >"$T/a" <<'T'
Anarchism is a political philosophy that holds the state to be undesirable,
unnecessary, or harmful.

It is usually described as a form of libertarian socialism.
T
printf 'lol\n' >"$T/b"
{ cat "$T/a"; printf '\nIt has many schools.\n'; } >"$T/d"
export_xml "$T/vandal.xml" 30:A:"$T/a" 31:V:"$T/b" 32:C:"$T/a" 33:V:"$T/b" 34:D:"$T/d"
"$REVDIFF" import mediawiki "$T/vandal.xml" >/dev/null 2>&1
ok "a vandal's blanking and its revert leave nothing to the vandal or the reverter" sh -c "'$REVDIFF' blame --format=json P@3 >'$T/v3.json' && python3 -c '
import json
b=json.load(open(\"$T/v3.json\"))
assert set(t[\"origin\"][\"revision_id\"] for t in b[\"tokens\"])=={\"30\"}
'"
ok "... nor a revert made together with an edit" blame_py '
assert origin("It has many schools.") == {"34"}, origin("It has many schools.")
assert others("It has many schools.") == {"30"}, others("It has many schools.")'

# ---- a capital put on a word ------------------------------------------------------
new_store
printf 'Pears are grown on fruit trees. [[propagating fruit trees]]\n' >"$T/a"
printf 'Pears are grown on Fruit trees. [[Fruit tree propagation]]\n' >"$T/b"
export_xml "$T/case.xml" 40:A:"$T/a" 41:B:"$T/b"
"$REVDIFF" import mediawiki "$T/case.xml" >/dev/null 2>&1
ok "a word whose case changed keeps its author, and is shown as now written" blame_py '
assert origin("Pears are grown on Fruit trees.") == {"40"}, origin("Pears are grown on Fruit trees.")
assert origin("propagation") == {"41"}, origin("propagation")'

# ---- two words met again inside a rewritten sentence -----------------------------
new_store
printf 'The union grew fast.\nWorkers met in town every week to plan the strike.\nIt ended in 1912.\n' >"$T/a"
printf 'The union grew fast.\nFarmers gathered in town, selling their grain and cattle.\nIt ended in 1912.\n' >"$T/b"
export_xml "$T/island.xml" 50:A:"$T/a" 51:B:"$T/b"
"$REVDIFF" import mediawiki "$T/island.xml" >/dev/null 2>&1
ok "words met again by chance inside a rewritten sentence are the rewriter's" blame_py '
assert origin("Farmers gathered in town, selling") == {"51"}, origin("Farmers gathered in town, selling")
assert origin("It ended in 1912.") == {"50"}'

# ---- a four-word phrase of a removed sentence in a new one ---------------------------
new_store
printf 'The union grew fast. Workers met in the town hall every week. It ended in 1912.\n\nLater history is unclear.\n' >"$T/a"
printf 'The union grew fast. It ended in 1912.\n\nLater history is unclear. Farmers now sell grain in the town hall on Sundays.\n' >"$T/b"
export_xml "$T/move4.xml" 60:A:"$T/a" 61:B:"$T/b"
"$REVDIFF" import mediawiki "$T/move4.xml" >/dev/null 2>&1
ok "a phrase under five tokens from a removed sentence, in a new sentence, is new" blame_py '
assert origin("Farmers now sell grain in the town hall on Sundays.") == {"61"}, origin("Farmers now sell")
assert origin("Later history is unclear.") == {"60"}'

ok "a bad --color is a usage error of blame" run 2 "$REVDIFF" blame --color=sometimes P
ok "  which says so" has "$T/err" "revdiff: error: --color takes auto, always or never, not 'sometimes' (see 'revdiff blame --help')"
done_testing
