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

# ---- grammar -------------------------------------------------------------------
printf 'one two three\n' >g1; printf 'one too three\n' >g2
ok "diff --stat: 1 word, 1 change" sh -c "'$REVDIFF' diff --stat g1 g2 | grep -qx ' 1 word inserted, 1 word deleted, 1 change, similarity [0-9.]*%'"
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

# ---- help and manual ------------------------------------------------------------------------
ok "--help: import is not only events" sh -c "'$REVDIFF' --help | grep -q '^  import .*MediaWiki'"
ok "the manual's SYNOPSIS names every command" sh -c "MANWIDTH=100 man -l '$TOP_SRCDIR/doc/revdiff.1' 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' >syn
	for c in \$('$REVDIFF' --help | sed -n '/^Commands:/,/^\$/p' | awk 'NR > 1 && NF { print \$1 }'); do grep -q \"revdiff \$c\" syn || { echo \"# \$c missing\"; exit 1; }; done"
done_testing
