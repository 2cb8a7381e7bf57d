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

done_testing
