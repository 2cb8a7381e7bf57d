#!/bin/sh
# End-to-end against a real MediaWiki: Debian's mediawiki package installed
# into a throw-away SQLite wiki, served by PHP's built-in server on a free
# loopback port, edited through its API by several accounts and anonymous
# IPs (reverts, undo, rollback, a move, a hidden revision), then followed
# with `import mediawiki --api`: every pull must equal the import of the
# wiki's own Special:Export XML, commit for commit.
. "$(dirname "$0")/lib.sh"

MWDIR=${MEDIAWIKI_DIR:-/usr/share/mediawiki}
if ! [ -f "$MWDIR/maintenance/install.php" ] || ! command -v php >/dev/null ||
   ! php -m 2>/dev/null | grep -qi '^pdo_sqlite$' || ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
	echo "1..0 # SKIP needs mediawiki, php-cli, php-sqlite3, curl and jq (the README's first command)"
	exit 0
fi
ROUTER=$TOP_SRCDIR/tests/data/mediawiki_live/router.php
# the reference imports of the wiki's own XML are not under test
REF=${REVDIFF_REAL:-$REVDIFF}
UA='revdiff-test/1.0 (https://example.org/revdiff; test@example.org)'

# ---- a wiki of our own -------------------------------------------------------
PORT=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
API=http://127.0.0.1:$PORT/api.php
WIKI=$T/wiki
mkdir -p "$WIKI/data" "$WIKI/conf" "$WIKI/faults" "$WIKI/jars"
php "$MWDIR/maintenance/install.php" --dbtype sqlite --dbpath "$WIKI/data" --dbname wiki \
	--confpath "$WIKI/conf" --server "http://127.0.0.1:$PORT" --scriptpath "" \
	--lang en --pass 'Admin-pass-1234' TestWiki Admin >"$T/install.log" 2>&1 ||
	{ sed 's/^/# /' "$T/install.log"; echo "not ok 1 - install.php"; echo "1..1"; exit 1; }
cat >>"$WIKI/conf/LocalSettings.php" <<'EOF'
# for the test: sessions kept, edits from chosen IPs, no rate limits,
# mw-reverted given without patrolling, jobs run by runJobs.php only
$wgSessionCacheType = CACHE_DB;
$wgUsePrivateIPs = true;
$wgCdnServersNoPurge = [ '127.0.0.1' ];
$wgRateLimits = [];
$wgUseRCPatrol = false;
$wgJobRunRate = 0;
$wgGroupPermissions['sysop']['deleterevision'] = true;
EOF
export MW_CONFIG_FILE="$WIKI/conf/LocalSettings.php"

SERVER=
start_wiki() {
	MW_FAULTS="$WIKI/faults" php -S "127.0.0.1:$PORT" -t "$MWDIR" "$ROUTER" >>"$T/server.log" 2>&1 &
	SERVER=$!
	i=0
	until curl -sf "$API?action=query&format=json" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1
		sleep 0.1
	done
}
stop_wiki() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=; }
trap 'stop_wiki; rm -rf "$T"' EXIT
ok "the wiki serves its API" start_wiki

# api JAR ARGS...: a request to the API in the session kept in JAR
api() { j=$1; shift; curl -sS -b "$j" -c "$j" "$@" "$API" -d format=json -d formatversion=2; }
token() { api "$1" -G -d action=query -d meta=tokens -d type="$2" | jq -r ".query.tokens.${2}token"; }
account() { # NAME PASSWORD: creates it, then logs in
	j=$WIKI/jars/$1
	api "$j" -d action=createaccount --data-urlencode "createtoken=$(token "$j" createaccount)" \
		--data-urlencode "username=$1" --data-urlencode "password=$2" --data-urlencode "retype=$2" \
		-d createreturnurl=http://localhost/ | jq -e '.createaccount.status == "PASS"' >/dev/null && login "$1" "$2"
}
login() {
	j=$WIKI/jars/$1; rm -f "$j"
	api "$j" -d action=clientlogin --data-urlencode "logintoken=$(token "$j" login)" \
		--data-urlencode "username=$1" --data-urlencode "password=$2" \
		-d loginreturnurl=http://localhost/ | jq -e '.clientlogin.status == "PASS"' >/dev/null &&
	token "$j" csrf >"$j.csrf"
}
# edit WHO TITLE TEXT SUMMARY [ARGS...]: WHO an account, or an IP (anonymous)
edit() {
	who=$1 title=$2 text=$3 sum=$4; shift 4
	case $who in
	[0-9]*) j=$WIKI/jars/anon; tok='+\'; set -- -H "X-Forwarded-For: $who" "$@";;
	*) j=$WIKI/jars/$who; tok=$(cat "$j.csrf");;
	esac
	api "$j" "$@" -d action=edit --data-urlencode "title=$title" --data-urlencode "text=$text" \
		--data-urlencode "summary=$sum" --data-urlencode "token=$tok" | jq -e '.edit.result == "Success"' >/dev/null
}
act() { # WHO ACTION ARGS...: any other write as an account
	who=$1 a=$2; shift 2
	api "$WIKI/jars/$who" -d action="$a" "$@" --data-urlencode "token=$(cat "$WIKI/jars/$who.csrf")"
}
revid() { # TITLE N: the N-th revision id of a page, oldest first
	curl -sS "$API?action=query&format=json&formatversion=2&prop=revisions&rvprop=ids&rvlimit=500&rvdir=newer&titles=$(printf %s "$1" | jq -sRr @uri)" |
		jq -r ".query.pages[0].revisions[$(($2 - 1))].revid"
}
export_xml() { # FILE TITLE...: the wiki's Special:Export of the pages, whole history
	f=$1; shift
	pages=$(printf '%s\n' "$@")
	curl -sS "http://127.0.0.1:$PORT/index.php" -d title=Special:Export -d history=1 \
		--data-urlencode "pages=$pages" -o "$f"
}
refs() { git --git-dir="$1" for-each-ref --format='%(objectname) %(refname)' refs/heads/; }
pull() { "$REVDIFF" import mediawiki --api="$API" --user-agent="$UA" "$@"; }

A='Cyber unit'
B='Cyber security unit'
P='Audit notes'
# a text of paragraphs, so that an undo of an older edit merges
para() { printf '%s\n\nThe unit would guard elections.\n\nOfficials gave no date.\n\nCritics doubted it.\n\n%s' "$1" "$2"; }
T1='U.S. President Donald Trump says he discussed forming an impenetrable cybersecurity unit.'
T2='U.S. President Donald Trump says he discussed forming an impenetrable cyber security unit.'
T3='U.S. President Donald Trump says he discussed forming an impenetrable cyber security unit with Putin.'
T7='Russia-United States relations: U.S. President Donald Trump says he discussed forming an impenetrable cybersecurity unit.'
R='Russia denied it.'
undo_ok() { act Alice edit --data-urlencode "title=$A" -d undo="$(revid "$A" 5)" --data-urlencode 'summary=undo Russia' | jq -e '.edit.result == "Success"' >/dev/null; }
rollback_ok() {
	api "$WIKI/jars/Admin" -d action=rollback --data-urlencode "title=$A" -d user=198.51.100.4 \
		--data-urlencode "token=$(token "$WIKI/jars/Admin" rollback)" | jq -e .rollback.revid >/dev/null
}
setup_ok() {
	login Admin 'Admin-pass-1234' && account Alice 'Alice-pass-1234' && account Bob 'Bob-pass-1234' || return 1
	edit Alice "$A" "$(para "$T1" 'Sources: none.')" 'new page' || return 2
	edit 192.0.2.7 "$A" "$(para "$T2" 'Sources: none.')" 'spacing' || return 3
	edit Bob "$A" "$(para "$T3" 'Sources: none.')" 'with whom' || return 4
	edit Alice "$A" "$(para "$T1" 'Sources: none.')" 'manual revert to the first' || return 5
	edit Bob "$A" "$(para "$T1" 'Sources: none.' | sed "s/^Officials gave no date.\$/$R\\n\\nOfficials gave no date./")" 'Russia' || return 6
	edit 2001:db8::5 "$A" "$(para "$T1" 'Sources: TASS.' | sed "s/^Officials gave no date.\$/$R\\n\\nOfficials gave no date./")" 'sources' || return 7
	edit Alice "$A" "$(para "$T7" 'Sources: TASS.' | sed "s/^Officials gave no date.\$/$R\\n\\nOfficials gave no date./")" 'prefix' || return 8
	undo_ok || return 9
	edit 198.51.100.4 "$A" 'vandalism' 'hmm' || return 10
	rollback_ok || return 11
	edit Bob "$P" 'Notes on the audit. [[Category:Audit]]' 'notes' || return 12
	edit 192.0.2.7 "$P" 'Notes on the audit, by an IP. [[Category:Audit]]' 'ip notes' || return 13
	edit Alice 'Other page' 'Nothing to audit here.' 'other' || return 14
}
ok "accounts, anonymous IPs, a manual revert, an undo and a rollback" setup_ok
ok "runJobs.php tags the reverted edits" sh -c "php '$MWDIR/maintenance/runJobs.php' >'$T/jobs.log' 2>&1"

mkdir "$T/s" && cd "$T/s" && "$REF" init >/dev/null 2>&1
ok "first pull, before the move" run 0 pull "$A"
ok "... 10 revisions, 10 versions" has "$T/out" "1 page, 10 revisions fetched: 10 new, 0 already stored; 10 versions written"

# the move, and a hidden revision
move_ok() {
	act Admin move --data-urlencode "from=$A" --data-urlencode "to=$B" -d reason=clearer | jq -e .move.to >/dev/null &&
	act Admin revisiondelete -d type=revision --data-urlencode "target=$B" -d ids="$(revid "$B" 3)" \
		-d 'hide=content|comment|user' -d reason=test | jq -e '.revisiondelete.status == "Success"' >/dev/null
}
ok "a page move and a revision deletion" move_ok
ok "pull after the move" run 0 pull "$B" "$P"
ok "... the move is seen" has "$T/out" "1 page renamed"
ok "... the renamed page has its whole history under the new title" sh -c "'$REF' list >'$T/l' && grep -q '^$B  11 versions' '$T/l' && ! grep -q '^$A ' '$T/l'"

mkdir "$T/x" && export_xml "$T/export.xml" "$B" "$P"
ok "the XML export imports" sh -c "cd '$T/x' && '$REF' init >/dev/null && '$REF' import mediawiki '$T/export.xml' >/dev/null"
same_refs() { refs "$T/s/.revdiff" >"$T/a" && refs "$T/x/.revdiff" >"$T/b" && test -s "$T/a" && diff "$T/a" "$T/b" >&2; }
ok "the pulled store equals the export's import, commit for commit" same_refs

ok "log" run 0 "$REVDIFF" log "$B"
ok "... the hidden revision is recorded as deleted" sh -c "grep '^3 ' '$T/out' | grep -qF '(username removed)  [text deleted]  [comment deleted]'"
ok "... authors: accounts and IPs (IPv6 as MediaWiki writes it)" sh -c "grep -q '^1 .*  Alice  new page' '$T/out' && grep -q '^2 .*  192.0.2.7  spacing' '$T/out' && grep -q '^6 .*  2001:DB8:0:0:0:0:0:5  sources' '$T/out'"
ok "... a manual revert: revdiff's flag and MediaWiki's tag agree" sh -c "grep '^4 ' '$T/out' | grep -F '[revert to 1]' | grep -qF '[mw-manual-revert]'"
ok "... the rollback: both again" sh -c "grep '^10 ' '$T/out' | grep -F '[revert to 8]' | grep -qF '[mw-rollback]'"
ok "... the undo of an older edit is no identity revert: MediaWiki's word for it" sh -c "grep '^8 ' '$T/out' | grep -F '[mw-undo]' | grep -qv 'revert to'"
ok "... mw-reverted beside [reverted by N]" sh -c "grep '^9 ' '$T/out' | grep -F '[reverted by 10]' | grep -qF '[mw-reverted]'"
ok "... every identity revert is tagged, every tagged manual revert or rollback is one" sh -c "
	grep -F '[revert to' '$T/out' | grep -v -e mw-manual-revert -e mw-rollback -e mw-undo >&2 && exit 1
	grep -e mw-manual-revert -e mw-rollback '$T/out' | grep -vF '[revert to' >&2 && exit 1; exit 0"
ok "show --format=json carries the tags" sh -c "'$REVDIFF' show --format=json '$B@10' | jq -e '.to.tags == [\"mw-rollback\"]' >/dev/null"
ok "log --format=html shows them" sh -c "'$REVDIFF' log --format=html '$B' | grep -qF '[mw-rollback]'"

ok "a second pull adds nothing" run 0 pull "$B" "$P"
ok "... and says so" has "$T/out" "2 pages, 0 revisions fetched: 0 new, 0 already stored; 0 versions written"
edit Bob "$B" 'Russia-United States relations: Trump says he discussed a cyber security unit.' 'shorter'
ok "an edit after the pull arrives with the third" run 0 pull "$B" "$P"
ok "... alone" has "$T/out" "1 new, 1 already stored; 1 version written"
export_xml "$T/export2.xml" "$B" "$P"
(cd "$T/x" && "$REF" import mediawiki "$T/export2.xml" >/dev/null)
ok "... still equal to the export's import" same_refs
ok "the server saw the User-Agent with its contact and revdiff's name" sh -c "grep -F '$UA revdiff/' '$WIKI/faults/agents' >/dev/null"

# the whole wiki as dumpBackup.php writes it: every pulled entry is in it, the same
php "$MWDIR/maintenance/dumpBackup.php" --full --quiet >"$T/dump.xml" 2>"$T/dump.err"
mkdir "$T/d"
ok "dumpBackup.php --full imports" sh -c "cd '$T/d' && '$REF' init >/dev/null && '$REF' import mediawiki '$T/dump.xml' >/dev/null"
in_dump() { refs "$T/s/.revdiff" >"$T/a" && refs "$T/d/.revdiff" >"$T/b" && test -s "$T/a" && ! grep -vxFf "$T/b" "$T/a" >&2; }
ok "... and holds every pulled entry at the same commit" in_dump

# ---- which pages: a category, a contributor, the recent changes -------------------
new_store() { rm -rf "$T/$1" && mkdir "$T/$1" && cd "$T/$1" && "$REF" init >/dev/null 2>&1; }
new_store c
ok "--category" run 0 pull --category=Audit
ok "... pulls the category's page" sh -c "'$REF' list >'$T/l' && test \$(wc -l <'$T/l') = 1 && grep -q '^$P  2 versions' '$T/l'"
new_store u
ok "--user" run 0 pull --user=Bob
ok "... pulls the pages Bob edited" sh -c "'$REF' list | sed 's/ versions\\{0,1\\}  .*//' | sort >'$T/l' && printf '%s\n' 'Audit notes  2' 'Cyber security unit  12' | diff - '$T/l' >&2"
new_store r
ok "--recent on a store that follows nothing of the wiki" run 0 pull --recent
ok "... pulls nothing" has "$T/out" "0 pages, 0 revisions fetched"
ok "--recent=all" run 0 pull --recent=all
# every page the recent changes named, as the export of those titles has it
recent_same() {
	"$REF" list | sed 's/  [0-9]* versions\{0,1\}  .*//' >"$T/titles" && grep -qx "$B" "$T/titles" && grep -qx 'Other page' "$T/titles" &&
	export_xml "$T/export3.xml" $(tr ' ' '_' <"$T/titles") && new_store rx && "$REF" import mediawiki "$T/export3.xml" >/dev/null &&
	refs "$T/r/.revdiff" >"$T/a" && refs "$T/rx/.revdiff" >"$T/b" && diff "$T/a" "$T/b" >&2
}
ok "... pulls every page changed, as their export imports" recent_same
cd "$T/r"
ok "a second --recent adds nothing" run 0 pull --recent
ok "... and says so" has "$T/out" "0 versions written"
edit Alice 'Other page' 'Something to audit after all.' 'second thoughts'
ok "--recent after an edit" run 0 pull --recent
ok "... brings that edit alone" has "$T/out" "1 new, 1 already stored; 1 version written"
ok "... and --recent=all is refused a value other than all" run 2 pull --recent=some

# on a terminal (script(1) gives it one): a progress line, erased at the end
new_store tty
progress_ok() {
	script -qec "'$REVDIFF' import mediawiki --api='$API' --user-agent='$UA' '$P'" /dev/null >"$T/tty.out" 2>&1 &&
	grep -q 'pull: page 1 of 1, [0-9]* revisions, [0-9]* requests' "$T/tty.out" && grep -q '1 page, 2 revisions fetched' "$T/tty.out"
}
ok "a progress line on a terminal" progress_ok

# ---- a busy server ---------------------------------------------------------------
new_store f
F=$WIKI/faults
echo 2 >"$F/503"
ok "503 with Retry-After is retried" run 0 pull "$P"
ok "... saying so" has "$T/err" "HTTP status 503; retrying in 1 s (1 of 5)"
echo 1 >"$F/429"
echo 1 >"$F/maxlag"
new_store f
ok "429 and maxlag are retried too" run 0 pull "$P"
ok "... saying so (429)" has "$T/err" "HTTP status 429; retrying"
ok "... saying so (maxlag)" has "$T/err" "the wiki's database lags (maxlag); retrying in 1 s"
ok "... and the pull is whole" has "$T/out" "1 page, 2 revisions fetched: 2 new"
echo 9 >"$F/503"
new_store f
ok "a server that stays busy: trouble once the retries are spent" run 2 pull --retries=1 "$P"
ok "... saying why" has "$T/err" "HTTP status 503; gave up after 1 retry"
echo 0 >"$F/503"
echo 1 >"$F/garbage"
ok "an answer that is not JSON is trouble" run 2 pull "$P"
ok "... clearly" has "$T/err" "the answer is not whole JSON"
echo 1 >"$F/404"
ok "404 is trouble at once" run 2 pull "$P"
ok "... naming it" has "$T/err" "HTTP status 404"
ok "no User-Agent is refused" sh -c "unset REVDIFF_USER_AGENT; '$REVDIFF' import mediawiki --api='$API' '$P' 2>'$T/err'; test \$? = 2 && grep -qF 'user-agent must say who you are' '$T/err'"
ok "nor one without a contact" run 2 "$REVDIFF" import mediawiki --api="$API" --user-agent=MyBot/1.0 "$P"

# ---- the server stopped in the middle of a pull -----------------------------------
ALL="$B|$P|Other page|Main Page"
pull_all() { IFS='|'; set -- $ALL; unset IFS; pull "$@"; }
new_store whole
ok "a pull of four pages" run 0 pull_all
new_store cut
touch "$F/slow"
pull_all --retries=0 >"$T/cut.out" 2>"$T/cut.err" &
PULL=$!
i=0
until [ -n "$(git --git-dir=.revdiff for-each-ref refs/heads/)" ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i + 1)); done
stop_wiki
wait $PULL
ok "stopping the server fails the pull" test $? = 2
ok "... with a clear error" grep -qE "couldn't connect|Failed to connect|Connection refused|Empty reply|Recv failure" "$T/cut.err"
ok "... after some pages and before others" sh -c "n=\$(git --git-dir=.revdiff for-each-ref refs/heads/ | wc -l); test \$n -ge 1 && test \$n -lt 4"
rm -f "$F/slow"
pull_all --retries=4 >"$T/out" 2>"$T/err" &
PULL=$!
i=0
until grep -q 'retrying in' "$T/err" 2>/dev/null || [ $i -gt 600 ]; do sleep 0.1; i=$((i + 1)); done
ok "restarted while a pull waits to retry" start_wiki
wait $PULL
ok "... that pull completes" test $? = 0
ok "... and says it retried" has "$T/err" "retrying in"
resumed_same() { refs "$T/cut/.revdiff" >"$T/a" && refs "$T/whole/.revdiff" >"$T/b" && test -s "$T/a" && diff "$T/a" "$T/b" >&2; }
ok "the resumed store has the uninterrupted one's commit ids" resumed_same

done_testing
