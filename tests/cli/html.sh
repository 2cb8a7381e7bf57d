#!/bin/sh
# End-to-end: --format=html rendered by headless Chromium (Debian package
# chromium); the DOM it builds must hold the expected <ins>/<del> words,
# hostile text must stay text, and nothing may reach out (no script, no URL).
. "$(dirname "$0")/lib.sh"

V1=$SAMPLES/versions/1-first-version.txt
V2=$SAMPLES/versions/2-update.txt

# dom FILE.html OUT: the DOM Chromium builds from FILE.html, without network.
dom() {
	HOME=$T chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$T/chromium.XXXXXX")" \
		--dump-dom "file://$T/$1" >"$2" 2>"$T/chromium.err" && test -s "$2"
}

# marks DOM: one line per <ins>/<del>/<script>/<img>/... element of the
# DOM, "TAG<TAB>CLASS<TAB>TEXT", as Python's HTML parser reads it.
marks() {
	python3 - "$1" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("ins", "del"):
            self.stack.append([tag, a.get("class", ""), ""])
        elif tag in ("script", "img", "iframe", "object", "embed", "link", "base", "form"):
            print("%s\t\t" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "srcset", "formaction"):
                print("attr\t%s\t%s" % (k, v))
    def handle_endtag(self, tag):
        if tag in ("ins", "del") and self.stack:
            print("\t".join(self.stack.pop()))
    def handle_data(self, data):
        for s in self.stack:
            s[2] += data
P().feed(open(sys.argv[1], encoding="utf-8", errors="strict").read())
EOF
}

# ---- the samples ----------------------------------------------------------
ok "html diff exits 1 (different)" run 1 "$REVDIFF" diff --format=html "$V1" "$V2"
cp "$T/out" page.html
ok "one page, with its style inline" sh -c "grep -c '<!DOCTYPE html>' page.html | grep -qx 1 && grep -q '<style>' page.html"
ok "chromium renders it" dom page.html dom.html
marks dom.html >marks.txt
ok "inserted prefix in an <ins>" sh -c "grep -qP '^ins\t[^\t]*\tRussia-United States relations:$' marks.txt"
ok "deleted word in a <del>" sh -c "grep -qP '^del\t[^\t]*\tcybersecurity$' marks.txt"
ok "inserted words in an <ins>" sh -c "grep -qP '^ins\t[^\t]*\tcyber security$' marks.txt"
ok "shown both inline and side by side" sh -c "test \$(grep -cP '^del\t[^\t]*\tcybersecurity$' marks.txt) = 2"
ok "classes on the marks" sh -c "grep -qP '^ins\tc-[a-z]+( t)?\tcyber security$' marks.txt"
ok "no script, image, frame or event handler in the DOM" sh -c "! grep -qvP '^(ins|del)\t' marks.txt"
ok "no URL in the page" sh -c "! grep -qiE 'https?:' page.html"
ok "no URL in the DOM" sh -c "! grep -qiE 'https?:|url\\(|@import' dom.html"
ok "a policy forbids loading anything" has page.html "default-src 'none'"
ok "the summary" has dom.html "+6 words -1 word"
ok "side-by-side table" sh -c "grep -q '<table class=\"sbs\">' dom.html && grep -q '<td class=\"old\">' dom.html"
ok "responsive and printable" sh -c "grep -q 'name=\"viewport\"' page.html && grep -q '@media (max-width' page.html && grep -q '@media print' page.html"

# ---- hostile text ------------------------------------------------------------
printf 'Safe <script>alert(1)</script> & "q" \047s\047 <img src=x onerror=alert(2)>\nbad \377\376 bytes \001 here\n' >'h<i>&1.txt'
printf 'Safe <script>alert(3)</script> & "q" \047s\047 <img src=y onerror=alert(4)>\nbad \303\050 bytes \001 there\n' >'h<i>&2.txt'
ok "hostile diff" run 1 "$REVDIFF" diff --format=html 'h<i>&1.txt' 'h<i>&2.txt'
cp "$T/out" hostile.html
ok "hostile page is valid UTF-8" python3 -c "open('hostile.html', encoding='utf-8', errors='strict').read()"
ok "chromium renders the hostile page" dom hostile.html hdom.html
marks hdom.html >hmarks.txt
ok "no element came from the text" sh -c "! grep -qvP '^(ins|del)\t' hmarks.txt"
ok "markup in the text is escaped" has hostile.html "Safe &lt;script&gt;alert("
ok "the changed digit is marked" sh -c "grep -qP '^del\t[^\t]*\t1$' hmarks.txt && grep -qP '^ins\t[^\t]*\t3$' hmarks.txt"
ok "file names are escaped" has hostile.html "h&lt;i&gt;&amp;1.txt"
ok "bad bytes become U+FFFD" sh -c "grep -q '>$(printf '\357\277\275\357\277\275')</del>' hostile.html"
ok "control characters become their pictures" has hostile.html "&#x2401;"

# ---- layout -------------------------------------------------------------------
printf 'Title\n\nKept paragraph.\n\nDeleted paragraph.\n\nEnd.\n' >p1
printf 'Title\n\nKept paragraph.\n\nInserted paragraph.\n\nEnd.\n' >p2
ok "paragraph diff" run 1 "$REVDIFF" diff --format=html --full p1 p2
ok "rows aligned on shared lines" sh -c "grep -c '^<tr' '$T/out' | grep -qx 7"
printf 'a\nb\n' >q1; printf 'a\nnew\nb\n' >q2
"$REVDIFF" diff --format=html q1 q2 >q.html
ok "an inserted line faces an empty cell" has q.html '<td class="old none"></td><td class="new"><ins class="c-insert" title="insert">new</ins></td>'
seq 1 30 >l1; seq 1 30 | sed 's/^15$/fifteen/' >l2
"$REVDIFF" diff --format=html --context=2 l1 l2 >l.html
ok "context limits the rows" sh -c "test \$(grep -c '^<tr><td class=\"old\">' l.html) = 4 && grep -q 'Line 13' l.html"
ok "same texts exit 0 and say so" sh -c "'$REVDIFF' diff --format=html l1 l1 >same.html; test \$? = 0 && grep -q 'No changes' same.html"
# ---- show and log of a store --------------------------------------------------
E='2017-07-09/cyber <security> & unit'
ok "a store with the sample page" sh -c "'$REVDIFF' --store st init >/dev/null && '$REVDIFF' --store st import events --entry '$E' '$SAMPLES/002_46e04a8a75e51dac.txt' >/dev/null"
ok "show --format=html" sh -c "'$REVDIFF' --store st show --format=html '$E@2' >show.html"
ok "one page, no text header" sh -c "head -1 show.html | grep -qx '<!DOCTYPE html>' && ! grep -q '^entry ' show.html"
ok "chromium renders show" dom show.html sdom.html
marks sdom.html >smarks.txt
ok "show: the inserted prefix" sh -c "grep -qP '^ins\t[^\t]*\tRussia-United States relations:$' smarks.txt"
ok "show: the deleted word" sh -c "grep -qP '^del\t[^\t]*\tcybersecurity$' smarks.txt"
ok "show: both versions with times and labels" sh -c "grep -q '2 of 3' sdom.html && grep -q '2017-08-27T03:48:38Z' sdom.html && grep -q 'First version' sdom.html && grep -q '<dd>Update</dd>' sdom.html"
ok "show: the entry name is escaped" sh -c "grep -q 'cyber &lt;security&gt; &amp; unit' show.html && ! grep -q '<security>' sdom.html"
ok "log --format=html" sh -c "'$REVDIFF' --store st log --format=html '$E' >log.html"
ok "chromium renders log" dom log.html ldom.html
marks ldom.html >lmarks.txt
ok "log: one page, a section per version" sh -c "grep -c '<!DOCTYPE html>' log.html | grep -qx 1 && test \$(grep -c '<section class=\"diff\"' ldom.html) = 3"
ok "log: the versions table, newest first" sh -c "sed -n '/<h2>Versions/,/<\/table>/p' ldom.html | grep -o 'href=\"#v[0-9]\"' | tr -d '\n' | grep -qx 'href=\"#v3\"href=\"#v2\"href=\"#v1\"'"
ok "log: the undated version says so" has ldom.html "undated"
ok "log: each version's diff" sh -c "grep -qP '^del\t[^\t]*\tRussia-United States relations:$' lmarks.txt && grep -qP '^del\t[^\t]*\tcybersecurity$' lmarks.txt"
ok "log: nothing from outside" sh -c "! grep -qvP '^(ins|del)\t' lmarks.txt && ! grep -qiE 'https?:' log.html"
ok "log: other formats are refused" run 2 "$REVDIFF" --store st log --format=json "$E"
done_testing
