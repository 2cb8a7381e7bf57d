#!/bin/sh
# End-to-end: what auditors and a careful first day see: hidden revisions,
# audit flags in every format, one date style, grammar, one-line errors,
# git habits, HTML views (timeline, blame) rendered by headless Chromium.
. "$(dirname "$0")/lib.sh"

W=$TOP_SRCDIR/tests/data/wiki
V=$SAMPLES/versions
P='Cyber security unit'
# rds: revdiff on the test store, also inside sh -c
mkdir "$T/bin"
printf '#!/bin/sh\nexec "%s" --store "%s" "$@"\n' "$REVDIFF" "$T/s" >"$T/bin/rds"
chmod +x "$T/bin/rds"
PATH=$T/bin:$PATH; export PATH
rds init >/dev/null
rds import mediawiki "$W/history.xml" >/dev/null 2>&1

# ---- errors: one line, and the right one ----------------------------------------
one_error() { # STATUS TEXT CMD...: fails with STATUS and one stderr line holding TEXT
	st=$1 text=$2; shift 2
	run "$st" "$@" && test "$(wc -l <"$T/err")" = 1 && has "$T/err" "$text"
}
ok "unknown option: one line" one_error 2 "revdiff: error: unknown option '--frobnicate' (see 'revdiff diff --help')" "$REVDIFF" diff --frobnicate a b
ok "missing value: said so" one_error 2 "option '--range' needs a value" "$REVDIFF" check --range
ok "short option missing its value" one_error 2 "option '-U' needs a value" "$REVDIFF" diff a -U
ok "an unwanted value" one_error 2 "option '--full' takes no value" "$REVDIFF" diff --full=2 a b
ok "unknown short option" one_error 2 "unknown option '-z'" "$REVDIFF" log -z e
ok "--store without a directory" one_error 2 "--store needs a directory" "$REVDIFF" --store
ok "unknown global option" one_error 2 "unknown option '--frob' (see 'revdiff --help')" "$REVDIFF" --frob list
# every command's long options come from one table (cli_opts.c): getopt's
# abbreviations and git's aliases still work, an ambiguous one is unknown
ok "an abbreviation naming two options is unknown" one_error 2 "unknown option '--ign' (see 'revdiff log --help')" "$REVDIFF" log --ign e
ok "a unique abbreviation is its option" one_error 2 "option '--merge' needs a value" "$REVDIFF" diff a b --merge
ok "import's --quiet: an abbreviation, no value" one_error 2 "option '--qui' takes no value" "$REVDIFF" import mediawiki --qui=1 x

# ---- grammar -------------------------------------------------------------------
printf 'one two three\n' >g1; printf 'one too three\n' >g2
ok "diff --stat: 1 word, 1 change" sh -c "'$REVDIFF' diff --stat g1 g2 | grep -qx ' 1 word inserted, 1 word deleted, 1 change, similarity [0-9.]*%'"
ok "--word-diff is --format, --unified is --context" sh -c "'$REVDIFF' diff --word-diff=plain --unified=0 g1 g2 >w1; '$REVDIFF' diff --format=plain -U0 g1 g2 >w2; cmp w1 w2 && grep -q 'too' w1"
ok "diff --stat: no -0 words" sh -c "'$REVDIFF' diff --stat '$V/2-update.txt' '$V/3-current-version.txt' | grep -qx ' -4 words: 1 delete'"
ok "log: no +0 or -0" sh -c "rds log '$P' >log.txt; ! grep -qE ' [+-]0 ' log.txt && grep -q '^1  .*  +23 words  Alice  First version' log.txt"

# ---- a hidden revision ------------------------------------------------------------
ok "diff of a deleted text is trouble, not an empty text" one_error 2 "version 6 of 'Cyber security unit' has its text deleted in the source" rds diff "$P@6" "$P@5"
ok "... either side" run 2 rds diff "$P@5" "$P@6"
ok "log --format=html" sh -c "rds log --format=html '$P' >hist.html"
ok "the hidden version says so" has hist.html "Text deleted in the source: nothing to show. The next version is compared with version 5."
ok "no blanking of 40 words" hasnt hist.html "-40 words"
ok "no rewrite of the whole page by version 7" hasnt hist.html "+39 words"
ok "version 7 against version 5: +1 -2" has hist.html "+1 word -2 words: 1 spacing"

# ---- audit flags everywhere ---------------------------------------------------------
for f in '>minor<' '>revert to 2<' '>reverted by 4<' '>text deleted<' '>comment deleted<' '<td class="num">1004</td>' '196 bytes (+171)' '+28 -5 words' '278 bytes (+82)'; do
	ok "versions table: $f" has hist.html "$f"
done
ok "show --format=json: flags of both sides" sh -c "rds show --format=json '$P@4' | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"to\"][\"minor\"] is True and d[\"to\"][\"revert_to\"] == 2 and d[\"to\"][\"reverted_by\"] is None, d[\"to\"]
assert d[\"from\"][\"reverted_by\"] == 4 and d[\"from\"][\"minor\"] is False, d[\"from\"]
assert d[\"to\"][\"text_deleted\"] is False and d[\"to\"][\"comment_deleted\"] is False'"
ok "show --format=json: comment deleted" sh -c "rds show --format=json '$P@5' | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"to\"][\"comment_deleted\"] is True'"
ok "show names the author" sh -c "rds show --format=plain '$P@4' >show.txt && grep -qx 'author   Bob' show.txt && grep -qx 'flags    \\[minor\\]' show.txt"
ok "show: comment deleted, one wording" sh -c "rds show --format=plain '$P@5' | grep -qx 'flags    \\[comment deleted\\]'"
ok "blame: the same wording" sh -c "rds blame --format=plain '$P@5' | grep -q 'rev 1005  \\[comment deleted\\]\$'"

# ---- one date style ---------------------------------------------------------------------
ok "blame dates as log's" sh -c "rds blame --format=plain '$P@5' | grep -q '^v5 .*  2017-09-01 12:00:00 +0000  (username removed)' && grep -q '^5  2017-09-01 12:00:00 +0000  ' log.txt"
ok "blame --date=short" sh -c "rds blame --format=plain --date=short '$P@5' | grep -q '^v1 .*  2017-08-13  Alice'"
ok "log --date=short, the same" sh -c "rds log --date=short '$P' | grep -q '^1  2017-08-13  '"
ok "html: the shown date as log's, machine form in datetime" has hist.html '<time datetime="2017-09-01T12:00:00Z">2017-09-01 12:00:00 +0000</time>'
ok "html honours --date" sh -c "rds log --format=html --date=short '$P' | grep -qF '<time datetime=\"2017-09-01T12:00:00Z\">2017-09-01</time>'"

# ---- color -----------------------------------------------------------------------------
ok "colored blame: each line says its color again" sh -c "rds blame --color=always '$P@5' >blame.ansi && grep -q \"^\$(printf '\\033')\\[34msecurity unit was never formed\" blame.ansi"
ok "... and ends it" sh -c "grep -q \"The cyber\$(printf '\\033')\\[m\$\" blame.ansi"
ok "trivial insert and delete in different colors" sh -c "'$REVDIFF' diff --color=always '$V/1-first-version.txt' '$V/2-update.txt' >c.ansi; grep -q \"\$(printf '\\033')\\[9;33mcybersecurity\" c.ansi && grep -q \"\$(printf '\\033')\\[4;36mcyber security\" c.ansi"

# ---- machine output ---------------------------------------------------------------------
ok "diff --stat --format=json is JSON without ops" sh -c "'$REVDIFF' diff --stat --format=json g1 g2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"stats\"][\"words_inserted\"] == 1 and d[\"stats\"][\"changes\"] == 1 and \"ops\" not in d, d'"
ok "show --stat --format=json too" sh -c "rds show --stat --format=json '$P@2' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"stats\"][\"words_deleted\"] == 1 and \"ops\" not in d'"

# ---- HTML details -------------------------------------------------------------------------
printf 'Alpha beta.\nGamma delta.\n' >k1; printf 'Alpha beta. Epsilon delta.\n' >k2
ok "inline view: a deleted line break shows" sh -c "'$REVDIFF' diff --format=html k1 k2 | grep -q 'beta.<del class=\"nl\" title=\"line break deleted\">'"
ok "a legend of the marks" sh -c "grep -q '<p class=\"key\"' hist.html && grep -q 'to check (spelling, number' hist.html"

# ---- git habits ---------------------------------------------------------------------------
ok "diff --quiet: nothing printed, status 1" sh -c "'$REVDIFF' diff --quiet g1 g2 >q.out; test \$? = 1 && ! test -s q.out"
ok "diff --quiet, same texts: status 0" run 0 "$REVDIFF" diff --quiet g1 g1
ok "diff -q (--brief): only says the files differ" sh -c "'$REVDIFF' diff -q g1 g2 | grep -qx 'Files g1 and g2 differ'"
ok "diff --exit-code" run 1 "$REVDIFF" diff --exit-code g1 g2
seq 1 20 >u1; seq 1 20 | sed 's/^10$/ten/' >u2
ok "-U 0" sh -c "'$REVDIFF' diff --format=plain -U 0 u1 u2 | grep -c . | grep -qx 2"
ok "--unified=1" sh -c "'$REVDIFF' diff --format=plain --unified=1 u1 u2 | grep -c . | grep -qx 4"
ok "log ENTRY@3: the history up to version 3" sh -c "rds log '$P@3' >l3 && test \$(wc -l <l3) = 3 && head -1 l3 | grep -q '^3  '"
ok "log ENTRY@{date}" sh -c "rds log '$P@{2017-08-28}' | head -1 | grep -q '^4  '"

commit=$(rds show --format=json "$P@2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["to"]["commit"])')
ok "ENTRY@<commit prefix>" sh -c "rds show --format=plain '$P@$(echo "$commit" | cut -c1-7)' | grep -q '^version  2 of 7'"
ok "... a prefix of no version of it" sh -c "rds show '$P@ffff0000' 2>err; test \$? = 2 && grep -q 'has no version with commit ffff0000' err"
ok "a name holding @ and hex is still a name" sh -c "echo x | rds add 'user@face' - >/dev/null && rds log 'user@face' | grep -q '^1  '"
now=$(date +%s)
ok "versions of 3 days ago and of now" sh -c "echo old | rds add --date=@$((now - 3 * 86400)) recent - >/dev/null && echo new | rds add --date=@$now recent - >/dev/null"
ok "@{yesterday}" sh -c "rds show --format=plain 'recent@{yesterday}' | grep -q '^version  1 of 2'"
ok "@{now}" sh -c "rds show --format=plain 'recent@{now}' | grep -q '^version  2 of 2'"
ok "@{1 week ago}: none that old" sh -c "rds show 'recent@{1 week ago}' 2>err; test \$? = 2 && grep -q 'no dated version at or before' err"
ok "@{2.days.ago}, git's dots" sh -c "rds show --format=plain 'recent@{2.days.ago}' | grep -q '^version  1 of 2'"
ok "log --since='2 days ago'" sh -c "rds log --since='2 days ago' recent | grep -c . | grep -qx 1"
mkdir home
printf '[user]\n\tname = Jane Git\n' >home/.gitconfig
ok "add: git's user.name when no author is given" sh -c "echo t | env -u REVDIFF_AUTHOR -u GIT_AUTHOR_NAME HOME='$T/home' XDG_CONFIG_HOME='$T/home/.config' rds add byname - >/dev/null && rds log byname | grep -q '  Jane Git\$'"
ok "add: GIT_AUTHOR_NAME first" sh -c "echo t2 | env -u REVDIFF_AUTHOR GIT_AUTHOR_NAME='Env Name' HOME='$T/home' rds add byname - >/dev/null && rds log byname | head -1 | grep -q '  Env Name\$'"

# ---- the history page: timeline and contributors ------------------------------
# dom FILE OUT: the DOM headless Chromium builds from FILE, no network
CHROMIUM_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
dom() {
	HOME=$T timeout 120 chromium $CHROMIUM_FLAGS --user-data-dir="$(mktemp -d "$T/chromium.XXXXXX")" \
		"$@" 2>>"$T/chromium.err"
}
rds log --format=html "$P" >hist.html
ok "chromium renders the history page" sh -c "HOME=$T timeout 120 chromium $CHROMIUM_FLAGS --user-data-dir=\$(mktemp -d '$T/c.XXXXXX') --dump-dom 'file://$T/hist.html' >hdom.html 2>/dev/null && test -s hdom.html"
svgq() { python3 - "$T/hdom.html" "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser
# the chart's elements as Chromium serialised them: (tag, class, title)
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.inside = 0; s.out = []; s.cur = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "svg" and "chart" in (a.get("class") or ""): s.inside = 1
        elif s.inside and tag in ("circle", "path", "rect", "a"):
            s.cur = [tag, a.get("class") or "", a.get("href") or "", ""]; s.out.append(s.cur)
    def handle_endtag(s, tag):
        if tag == "svg": s.inside = 0
    def handle_data(s, d):
        if s.inside and s.cur is not None: s.cur[3] += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
exec(sys.argv[2])
PY
}
ok "timeline: one mark per version, each a link with a title" svgq "marks = [e for e in p.out if e[0] in ('circle', 'path') and 'mark' in e[1]]
links = [e[2] for e in p.out if e[0] == 'a']
assert len(marks) == 7 and links == ['#v%d' % i for i in range(1, 8)], (marks, links)
assert all(m[3].startswith('version ') for m in marks), marks"
ok "timeline: marks coloured by kind" svgq "k = [e[1].split()[1] for e in p.out if 'mark' in e[1]]
assert k == ['k-registered', 'k-anonymous', 'k-anonymous', 'k-registered', 'k-hidden', 'k-registered', 'k-registered'], k"
ok "timeline: the revert a diamond, the reverted edit ringed" svgq "m = [e for e in p.out if 'mark' in e[1]]
assert m[3][0] == 'path' and 'revert to 2' in m[3][3], m[3]
assert 'reverted' in m[2][1] and 'reverted by 4' in m[2][3], m[2]"
ok "timeline: the vandalism-and-revert span" svgq "r = [e for e in p.out if e[0] == 'rect' and 'span' in e[1]]
assert len(r) == 1 and 'versions 3 to 3 undone by version 4' in r[0][3], r"
ok "timeline: the hidden text a hollow mark" svgq "m = [e for e in p.out if 'mark' in e[1]]
assert 'hollow' in m[5][1] and 'text deleted' in m[5][3], m[5]"
ok "contributors: edits, words added and still present" sh -c "python3 - hdom.html <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
t = h[h.index('<h2>Contributors</h2>'):h.index('<h2>Versions</h2>')]
rows = [[re.sub('<[^>]+>', '', c).strip() for c in re.findall('<td[^>]*>(.*?)</td>', r)] for r in re.findall('<tr>(.*?)</tr>', t)][1:]
assert rows[0] == ['Alice', 'registered', '2', '24', '23 (59%)'], rows[0]
assert ['Bob', 'registered', '1', '28', '0 (0%)'] in rows, rows
assert ['2001:DB8:0:0:0:0:0:1', 'anonymous', '1', '5', '0 (0%)'] in rows, rows
PY"
ok "a bot is a bot" sh -c "echo a | rds add --author='ExampleBot' botpage - >/dev/null && echo b | rds add --author=Alice botpage - >/dev/null && rds log --format=html botpage | grep -q 'class=\"mark k-bot'"
ok "no script in the page" sh -c "! grep -qi '<script' hist.html"

# the layout at a phone's width, measured in Chromium by a page of the
# test's own (the history page itself runs no script)
cat >narrow.html <<'HTML'
<!DOCTYPE html><html><body>
<iframe id="f" src="hist.html" style="width:360px;height:900px;border:0"></iframe>
<pre id="out">pending</pre>
<script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, bad = [];
  d.querySelectorAll('table.versions th').forEach(function (th) {
    var r = d.createRange(); r.selectNodeContents(th);
    if (r.getClientRects().length > 1) bad.push(th.textContent);
  });
  var svg = d.querySelector('svg.chart').getBoundingClientRect();
  document.getElementById('out').textContent = 'headers:' + d.querySelectorAll('table.versions th').length +
    ' broken:[' + bad.join('|') + '] chart:' + Math.round(svg.width) + 'x' + Math.round(svg.height) +
    ' overflow:' + (d.documentElement.scrollWidth > 360);
};
</script></body></html>
HTML
ok "narrow: measured" sh -c "HOME=$T timeout 120 chromium $CHROMIUM_FLAGS --allow-file-access-from-files --virtual-time-budget=10000 --user-data-dir=\$(mktemp -d '$T/c.XXXXXX') --dump-dom 'file://$T/narrow.html' 2>/dev/null | grep -o 'headers:[0-9][^<]*' >narrow.txt; grep -q 'headers:' narrow.txt"
ok "narrow: no table heading broken inside a word" grep -q 'broken:\[\]' narrow.txt
ok "narrow: the chart fits the width" sh -c "grep -Eq 'chart:3[0-9]{2}x' narrow.txt && grep -q 'overflow:false' narrow.txt"

# ---- blame as a page ---------------------------------------------------------------
ok "blame --format=html" sh -c "rds blame --format=html '$P' >blame.html"
ok "chromium renders the blame page" sh -c "HOME=$T timeout 120 chromium $CHROMIUM_FLAGS --user-data-dir=\$(mktemp -d '$T/c.XXXXXX') --dump-dom 'file://$T/blame.html' >bdom.html 2>/dev/null && test -s bdom.html"
ok "blame page: authors with their shares, text coloured by author" sh -c "python3 - bdom.html <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
leg = h[h.index('<h2>Authors</h2>'):h.index('<h2>Text</h2>')]
rows = [[re.sub('<[^>]+>', '', c).strip() for c in re.findall('<td[^>]*>(.*?)</td>', r)] for r in re.findall('<tr>(.*?)</tr>', leg)][1:]
assert [r[1:] for r in rows] == [['Alice', 'registered', '23', '59%'], ['(username removed)', 'hidden', '12', '31%'], ['192.0.2.7', 'anonymous', '4', '10%']], rows
text = h[h.index('<div class=\"blame\">'):h.index('<h2>The edits')]
runs = re.findall('<a class=\"(a[0-9]+)\" href=\"#v([0-9]+)\" title=\"([^\"]*)\">(.*?)</a>', text, re.S)
assert runs and runs[0][0] == 'a2' and runs[0][3].startswith('Russia-United States relations:'), runs[0]
assert all(r[0] == {'1': 'a0', '7': 'a0', '5': 'a1', '2': 'a2'}[r[1]] for r in runs), runs
# every link leads to a diff section on the page
for r in runs:
    assert 'id=\"v%s\"' % r[1] in h, r[1]
assert runs[0][2] == '192.0.2.7 · 2017-08-27 03:48:38 +0000 · version 2 · revision 1002', runs[0][2]
# the runs give the text back
plain = re.sub('<[^>]+>', '', ''.join(r[3] for r in runs)).replace('&amp;', '&').replace('&quot;', '\"')
assert 'critics called it \"dangerous\" & naive.' in plain, plain
PY"
ok "blame page: nothing from outside" sh -c "! grep -qiE '<script|https?://[a-z]' blame.html"
ok "blame: other formats still refused" run 2 rds blame --format=porcelain "$P"

# ---- help and manual ------------------------------------------------------------------------
ok "--help: import is not only events" sh -c "'$REVDIFF' --help | grep -q '^  import .*MediaWiki'"
ok "the manual's SYNOPSIS names every command" sh -c "MANWIDTH=100 man -l '$TOP_SRCDIR/doc/revdiff.1' 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' >syn
	for c in \$('$REVDIFF' --help | sed -n '/^Commands:/,/^\$/p' | awk 'NR > 1 && NF { print \$1 }'); do grep -q \"revdiff \$c\" syn || { echo \"# \$c missing\"; exit 1; }; done"
done_testing
