#!/bin/sh
# End-to-end: hostile input.  Bad bytes, huge inputs, hostile XML, dates
# out of range, crafted entry names, stores that are not stores, read-only
# stores and full disks: each is handled or refused with a clear error and
# a non-zero exit, and the store stays consistent with its versions intact.
# (store_errors.sh and wiki.sh cover the plainer cases; these extend them.)
#
# REVDIFF_HOSTILE_MB sizes the big inputs (default 200: a 200 MB line,
# 10^6 short lines, a 200 MB wiki revision); make check-valgrind sets it
# small, as valgrind runs them 50 times slower.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
MB=${REVDIFF_HOSTILE_MB:-200}
LINES=$((MB * 5000))

# fsck reports an unborn HEAD as a notice: anything else is a fault
fsck_clean() { ! git -C "${1:-.revdiff}" fsck --strict 2>&1 | grep -v '^notice' | grep -q .; }
refs() { git -C "${1:-.revdiff}" for-each-ref --format='%(refname) %(objectname)'; }
# every ref is an entry: nothing ever lands outside refs/heads/entries/
only_entries() { ! refs "$@" | grep -qv '^refs/heads/entries/'; }
same_refs() { refs | cmp -s - "$1"; }

"$REVDIFF" init >/dev/null || exit 99
printf 'the first version\n' >v1
"$REVDIFF" add e v1 --date 2017-08-13 >/dev/null || exit 99
refs >refs.before

# ---- invalid UTF-8, overlong encodings, NUL ----------------------------------------
# overlong '/', overlong NUL, a surrogate, past U+10FFFF, a 5-byte form, a
# lone continuation byte, and a sequence cut off by the end of the file
printf 'ok \300\257 \340\200\257 \300\200 \355\240\200 \364\220\200\200 \370\210\200\200\200 \200 caf\303' >bad1
printf 'ok \300\257 \340\200\257 \300\200 \355\240\200 changed \370\210\200\200\200 \200 caf\303' >bad2
ok "diff: invalid UTF-8 is a difference, not trouble" run 1 "$REVDIFF" diff bad1 bad2
ok "diff: JSON of invalid UTF-8 is valid JSON with exact ranges" sh -c "
	'$REVDIFF' diff --format=json bad1 bad2 >bad.json; test \$? = 1 &&
	python3 -c '
import json
d = json.load(open(\"bad.json\"))
a, b = open(\"bad1\", \"rb\").read(), open(\"bad2\", \"rb\").read()
ra = b\"\".join(a[o[\"from\"][0]:o[\"from\"][1]] for o in d[\"ops\"] if o[\"op\"] != \"insert\")
rb = b\"\".join(b[o[\"to\"][0]:o[\"to\"][1]] for o in d[\"ops\"] if o[\"op\"] != \"delete\")
assert ra == a and rb == b
'"
# a NUL past the first 8000 bytes does not make a file binary (as in git)
{ head -c 9000 /dev/zero | tr '\0' 'a'; printf ' x\0y z\n'; } >latenul1
{ head -c 9000 /dev/zero | tr '\0' 'a'; printf ' x\0y w\n'; } >latenul2
ok "diff: a late NUL is text, escaped in JSON" sh -c "
	'$REVDIFF' diff --format=json latenul1 latenul2 >nul.json; test \$? = 1 &&
	python3 -c 'import json; d = json.load(open(\"nul.json\")); assert any(\"\\0\" in o[\"text\"] for o in d[\"ops\"])'"
ok "add: invalid UTF-8 is recorded byte for byte" run 0 "$REVDIFF" add utf bad1 --date 2017-08-13
ok "... the blob is the file" sh -c "test \"\$(git -C .revdiff rev-parse refs/heads/entries/utf:text)\" = \"\$(git hash-object bad1)\""
ok "add: a late NUL is recorded byte for byte" run 0 "$REVDIFF" add late latenul1 --date 2017-08-13
ok "... the blob is the file" sh -c "test \"\$(git -C .revdiff rev-parse refs/heads/entries/late:text)\" = \"\$(git hash-object latenul1)\""
ok "show of a version with invalid UTF-8 and NUL" run 0 "$REVDIFF" show --format=json late

PAGE=$SAMPLES/002_46e04a8a75e51dac.txt
python3 -c "
import sys
sys.stdout.buffer.write(open('$PAGE', 'rb').read().replace(b'impenetrable cybersecurity', b'impenetrable cyber\\0security'))" >nul-page.txt || exit 99
refs >refs.mid
ok "import events: a NUL byte is refused" run 2 "$REVDIFF" import events --entry nulpage nul-page.txt
ok "... naming the line (never a text cut at the NUL)" has "$T/err" "revdiff: error: nul-page.txt:23: a NUL byte: not a text page"
ok "... and nothing written" same_refs refs.mid
python3 -c "
import sys
sys.stdout.buffer.write(open('$PAGE', 'rb').read().replace(b'impenetrable cybersecurity', b'impenetrable cyber\\377\\300\\257security'))" >bad-page.txt || exit 99
ok "import events: invalid UTF-8 is kept byte for byte" run 0 "$REVDIFF" import events --entry badpage bad-page.txt
ok "... in the stored text" sh -c "git -C .revdiff cat-file blob refs/heads/entries/badpage~2:text | grep -q \"\$(printf 'cyber\\377\\300\\257security')\""

W() { printf '<mediawiki version="0.10"><page><title>%s</title><revision><id>%s</id><timestamp>%s</timestamp><text>%s</text></revision></page></mediawiki>\n' "$@"; }
refs >refs.mid
W Bad 1 2020-01-01T00:00:00Z "$(printf 'caf\351')" >mw-latin.xml
ok "import mediawiki: invalid UTF-8 is malformed XML" run 2 "$REVDIFF" import mediawiki mw-latin.xml
ok "... said so" has "$T/err" "mw-latin.xml:1: malformed XML"
W Bad 1 2020-01-01T00:00:00Z "$(printf 'over \300\257long')" >mw-overlong.xml
ok "import mediawiki: an overlong encoding is malformed XML" run 2 "$REVDIFF" import mediawiki mw-overlong.xml
{ W Bad 1 2020-01-01T00:00:00Z 'a'; } | sed 's/<text>a/<text>a\x00b/' >mw-nul.xml
ok "import mediawiki: a raw NUL is malformed XML" run 2 "$REVDIFF" import mediawiki mw-nul.xml
ok "... said so" has "$T/err" "malformed XML"
W Bad 1 2020-01-01T00:00:00Z 'a&#0;b' >mw-ref0.xml
ok "import mediawiki: &#0; is refused" run 2 "$REVDIFF" import mediawiki mw-ref0.xml
ok "... said so" has "$T/err" "reference to invalid character number"
ok "none of those wrote anything" same_refs refs.mid

# check: a staged text with invalid UTF-8, a late NUL, and rules with both
mkdir repo && (
	cd repo && git init -q . && printf '[rule "c"]\n\tprefer = cybersecurity\n\tavoid = cyber security\n' >.revdiff &&
	printf 'a cybersecurity unit\n' >a.md && git add . &&
	git -c user.name=t -c user.email=t@t commit -q --no-verify -m 1 &&
	printf 'caf\351 \300\257 a cyber security unit\n' >a.md && git add a.md
) || exit 99
ok "check: invalid UTF-8 in a staged text is still checked" sh -c "cd repo && '$REVDIFF' check >../out 2>../err; test \$? = 1"
ok "... the finding is there" has "$T/out" 'write "cybersecurity", not "cyber security"'
ok "check --format=json of invalid UTF-8 is valid JSON" sh -c "cd repo && '$REVDIFF' check --format=json >../out 2>/dev/null; test \$? = 1 && python3 -c 'import json; json.load(open(\"../out\"))'"
ok "check of a file with a late NUL" sh -c "cp latenul2 repo/b.md && cd repo && '$REVDIFF' check b.md >/dev/null 2>../err; test \$? = 0"
printf '[rule "c"]\n\tprefer = x\n\tavoid = \0cyber\n' >repo/.revdiff && git -C repo add .revdiff
ok "check: a NUL in the rules is trouble" sh -c "cd repo && '$REVDIFF' check a.md >/dev/null 2>../err; test \$? = 2"
ok "... said so" has "$T/err" "revdiff: error:"

# ---- huge inputs: linear, bounded ---------------------------------------------------
# One line of MB megabytes (no line anchors to cut it), one word inserted
# in the middle; time limits far above linear catch a quadratic blow-up.
python3 -c "
import sys
n = $MB * 1024 * 1024
w = (b'alpha beta gamma delta epsilon zeta eta theta ' * (n // 47 + 1))[:n]
open('line1', 'wb').write(w)
k = w.index(b' ', n // 2)
open('line2', 'wb').write(w[:k] + b' CHANGED' + w[k:])
" || exit 99
ok "a $MB MB single line: the diff finishes" run 1 timeout 300 "$REVDIFF" diff --format=porcelain line1 line2
ok "... finding the one change" sh -c "grep -v '^[-+][-+][-+] ' '$T/out' | grep -c '^[-+]' | grep -qx 1 && grep -qx '+CHANGED' '$T/out'"
rm -f line1 line2
python3 -c "
n = $LINES
open('lines1', 'wb').write(b''.join(b'%d\n' % i for i in range(n)))
open('lines2', 'wb').write(b''.join(b'%d\n' % (i * 7919 % 1000003) for i in range(n)))
open('xs', 'wb').write(b'x\n' * n)
open('ys', 'wb').write(b'y\n' * n)
open('xs1', 'wb').write(b'x\n' * (n // 2) + b'y\n' + b'x\n' * (n // 2))
" || exit 99
ok "$LINES tiny lines, one inserted" run 1 timeout 120 "$REVDIFF" diff --format=porcelain xs xs1
ok "... found as one line" sh -c "grep -v '^[-+][-+][-+] ' '$T/out' | grep -c '^[-+]' | grep -qx 1"
ok "$LINES tiny lines, all different" run 1 timeout 120 "$REVDIFF" diff lines1 lines2
ok "$LINES identical tiny lines against other ones" run 1 timeout 120 "$REVDIFF" diff --format=json xs ys
ok "... rebuilt byte for byte from JSON" python3 -c "
import json
d = json.load(open('$T/out'))
assert ''.join(o['text'] for o in d['ops'] if o['op'] != 'insert') == open('xs').read()
assert ''.join(o['text'] for o in d['ops'] if o['op'] != 'delete') == open('ys').read()"
rm -f lines1 lines2 xs ys xs1

# ---- hostile XML: nothing is ever read through it -----------------------------------
echo 'SECRET-4242-never-in-the-store' >secret.txt
URL=file://$T/secret.txt
HEAD='<mediawiki version="0.10"><page><title>X</title><revision><id>1</id><timestamp>2020-01-01T00:00:00Z</timestamp><text>'
TAIL='</text></revision></page></mediawiki>'
printf '<?xml version="1.0"?>\n<!DOCTYPE mediawiki SYSTEM "%s">\n%s&xxe;%s\n' "$URL" "$HEAD" "$TAIL" >x-dtd.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE mediawiki PUBLIC "-//X//Y" "http://127.0.0.1:9/x.dtd">\n%shi%s\n' "$HEAD" "$TAIL" >x-public.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY %% pe SYSTEM "%s"> %%pe;]>\n%shi%s\n' "$URL" "$HEAD" "$TAIL" >x-param.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>\n%s&xxe;%s\n' "$HEAD" "$TAIL" >x-http.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY big "%s">]>\n%s%s%s\n' \
	"$(head -c 10000 /dev/zero | tr '\0' a)" "$HEAD" "$(i=0; while [ $i -lt 100 ]; do printf '&big;'; i=$((i + 1)); done)" "$TAIL" >x-quadratic.xml
printf '%s&undeclared;%s\n' "$HEAD" "$TAIL" >x-undeclared.xml
refs >refs.mid
for x in x-dtd x-public x-param x-http x-quadratic x-undeclared; do
	ok "$x refused" run 2 "$REVDIFF" import mediawiki $x.xml
	ok "... with a clear error" sh -c "grep -q '^revdiff: error: $x.xml:[0-9]*: \\(refusing\\|malformed XML: undefined entity\\)' '$T/err'"
	ok "... never the file's content" hasnt "$T/out" SECRET-4242
	cat "$T/err" >>all.err
done
ok "external DTD named" has all.err "refusing the DOCTYPE's external DTD 'file://"
ok "parameter entity named" has all.err "refusing the DOCTYPE's entity declaration 'pe' (an external entity)"
ok "the secret never reached an error either" hasnt all.err SECRET-4242
ok "nothing written" same_refs refs.mid
ok "the secret is in no object of the store" sh -c "! git -C .revdiff cat-file --batch-all-objects --batch | grep -q SECRET-4242"
python3 -c "
n = 100000
open('deep.xml', 'w').write('<mediawiki version=\"0.10\"><page><title>Deep</title>' + '<x>' * n + '</x>' * n + '</page></mediawiki>')
" || exit 99
ok "deeply nested XML refused" run 2 "$REVDIFF" import mediawiki deep.xml
ok "... said so" has "$T/err" "deep.xml:1: elements nested more than 256 deep: not a MediaWiki export"
ok "still nothing written" same_refs refs.mid

# A revision text of MB megabytes streams through: memory stays a small
# multiple of the text (README gives the measured peak).
python3 -c "
n = $MB * 1024 * 1024
line = b'lorem ipsum dolor sit amet &amp; consectetur\n'
f = open('huge.xml', 'wb')
f.write(b'<mediawiki version=\"0.10\"><page><title>Huge</title><revision><id>1</id><timestamp>2020-01-01T00:00:00Z</timestamp><text>')
chunk = line * (1 << 14)
k = n // len(chunk) + 1
for i in range(k):
    f.write(chunk)
open('huge.size', 'w').write('%d' % (k * len(chunk.replace(b'&amp;', b'&'))))
f.write(b'</text></revision><revision><id>2</id><timestamp>2020-01-02T00:00:00Z</timestamp><text>short now</text></revision></page></mediawiki>\n')
" || exit 99
ok "a $MB MB revision text imports" run 0 "$REVDIFF" import mediawiki huge.xml
ok "... whole" sh -c "test \$(git -C .revdiff cat-file -s refs/heads/entries/Huge~1:text) = \$(cat huge.size)"
ok "... then the short one" sh -c "test \"\$(git -C .revdiff cat-file blob refs/heads/entries/Huge:text)\" = 'short now'"
rm -f huge.xml
ok "fsck clean after all the XML" fsck_clean

# ---- times out of range or malformed --------------------------------------------------
printf 'a newer version\n' >vnew
refs >refs.mid
for d in 1969-12-31 1900-01-01 0000-01-01 2106-02-08 9999-12-31 @-1 @4294967296; do
	ok "add --date $d: out of range" run 2 "$REVDIFF" add e vnew --date "$d"
	ok "... said, never wrapped" has "$T/err" "is out of range: a store holds times from 1970-01-01 to 2106-02-07 (UTC)"
done
for d in @99999999999999999999 @1e9 2017-02-29 2017-08-13T03:50:61Z "2017-08-13 03:50:22 +2500" 2017-08-13T03:50:22.5Z; do
	ok "add --date '$d': malformed" run 2 "$REVDIFF" add e vnew --date "$d"
	ok "... named" has "$T/err" "revdiff: error: bad date '$d'"
done
ok "the edges of the range are kept exactly" sh -c "
	'$REVDIFF' add edge0 v1 --date @0 >/dev/null && '$REVDIFF' add edge1 v1 --date 2106-02-07T06:28:15Z >/dev/null &&
	'$REVDIFF' log --date=unix edge0 | grep -q '^1  0 ' && '$REVDIFF' log --date=unix edge1 | grep -q '^1  4294967295 '"
refs >refs.mid
sed 's/_2017-08-27 03:48:38 (Update)_/_1969-08-27 03:48:38 (Update)_/' "$PAGE" >old-page.txt
ok "import events: a time before 1970" run 2 "$REVDIFF" import events --entry oldpage old-page.txt
ok "... said" has "$T/err" "the time 1969-08-27 03:48:38 +0000 is out of range"
sed 's/_2017-08-27 03:48:38 (Update)_/_2017-08-27 03:48:61 (Update)_/' "$PAGE" >bad-time.txt
ok "import events: a malformed time" run 2 "$REVDIFF" import events --entry badtime bad-time.txt
ok "... said with its line" has "$T/err" "bad-time.txt:24: bad timestamp '2017-08-27 03:48:61'"
W Old 1 1960-01-01T00:00:00Z old >mw-old.xml
ok "import mediawiki: a <timestamp> before 1970" run 2 "$REVDIFF" import mediawiki mw-old.xml
ok "... said" has "$T/err" "the time 1960-01-01 00:00:00 +0000 is out of range"
W Old 1 2020-02-30T00:00:00Z old >mw-feb30.xml
ok "import mediawiki: February 30th" run 2 "$REVDIFF" import mediawiki mw-feb30.xml
ok "... said" has "$T/err" "bad date '2020-02-30T00:00:00Z'"
ok "nothing invented: no version written" same_refs refs.mid

# ---- entry names (store.sh and store_errors.sh cover HEAD, ../, .lock, tab, empty, 300 bytes) --
for nm in refs/heads/x refs/tags/v1 .lock .. . / x/ "a//b" - -x "x~1^2:?*[\\" "@" "e@1" \
	"$(printf 'nl\nname')" "$(printf 'esc\033[31m')" "$(printf 'del\177')" "$(printf 'c1\302\205')" \
	"$(printf '%080d' 0 | tr 0 /)"; do
	printf '%s\0' "$nm" >>names.in
	ok "name '$(printf '%s' "$nm" | tr -c '[:graph:]' '?' | head -c 40)': escaped, recorded" sh -c "
		'$REVDIFF' add -- \"\$1\" v1 >/dev/null && '$REVDIFF' show --format=json -- \"\$1@~0\" >>names.json" sh "$nm"
done
ok "every name reads back as given" python3 -c "
import json
names = [n.decode() for n in open('names.in', 'rb').read().split(b'\0')[:-1]]
assert names == [json.loads(l)['to']['entry'] for l in open('names.json')]"
ok "every ref is under refs/heads/entries/" only_entries
ok "HEAD still unborn, no branch but entries" sh -c "! git -C .revdiff rev-parse -q --verify HEAD >/dev/null && ! git -C .revdiff show-ref | grep -v ' refs/heads/entries/' | grep -q ."
refs_well_formed() { refs | { while read -r r o; do git check-ref-format "$r" || return 1; done; }; }
ok "git itself accepts every ref" refs_well_formed
long=$(printf '%05000d' 0)
ok "a 5000-byte name is refused" run 2 "$REVDIFF" add "$long" v1
ok "... said" has "$T/err" "entry name too long (5000 bytes escaped; at most 240)"
ok "a name of 81 slashes (243 bytes escaped) is refused" run 2 "$REVDIFF" add "$(printf '%081d' 0 | tr 0 /)" v1
ok "a name that is 4097 bytes of UTF-8 is refused" run 2 "$REVDIFF" add "$(python3 -c 'print("ж" * 2048 + "x")')" v1
ok "fsck clean after all the names" fsck_clean

# ---- stores that are not stores -----------------------------------------------------
mkdir emptydir
printf 'x' >afile
git init -q worktree
git init -q --bare barerepo
printf 'hello\n' >worktree/f && git -C worktree add f && git -C worktree -c user.name=t -c user.email=t@t commit -q -m 1
for s in emptydir afile worktree worktree/.git barerepo; do
	for c in list "add e v1" "import events $PAGE"; do
		ok "--store $s: $c" run 2 "$REVDIFF" --store $s $c
		ok "... a clear error" sh -c "grep -q \"^revdiff: error: .*'$s'\" '$T/err'"
	done
done
ok "a file is called a file" sh -c "'$REVDIFF' --store afile list 2>&1 | grep -qx \"revdiff: error: 'afile' is a file, not a revdiff store\""
ok "a work tree is called one" sh -c "'$REVDIFF' --store worktree list 2>&1 | grep -qF \"'worktree' is a git work tree, not a revdiff store\""
ok "a bare repository without the marker" sh -c "'$REVDIFF' --store barerepo list 2>&1 | grep -qF \"'barerepo' is a git repository but not a revdiff store\""
ok "the empty directory is left empty" sh -c "test -z \"\$(ls -A emptydir)\""
ok "the file is left as it was" sh -c "test \"\$(cat afile)\" = x"
ok "the ordinary repository is left alone" sh -c "test -z \"\$(git -C worktree status --porcelain)\" && test \$(git -C worktree rev-list --count HEAD) = 1"
ok "the bare repository gained no refs" sh -c "test -z \"\$(git -C barerepo for-each-ref)\""
git -C barerepo config revdiff.format 99
ok "a store of a future format is refused" run 2 "$REVDIFF" --store barerepo list
ok "... said" has "$T/err" "'barerepo' has store format 99; this revdiff knows 1 to 2"

# ---- a read-only store ----------------------------------------------------------------
# chmod is enough for an ordinary user; root ignores it, so as root the
# store is bind-mounted read-only in a private mount namespace (unshare).
"$REVDIFF" --store ro init >/dev/null && "$REVDIFF" --store ro add e v1 --date 2017-08-13 >/dev/null || exit 99
printf 'the second version\n' >v2
git -C ro for-each-ref >ro.before
# In a chroot, / is no mount point and unshare cannot make it private:
# there, keep the propagation and make the store's own mount private.
if unshare -m true 2>/dev/null; then
	UNSHARE="unshare -m"
else
	UNSHARE="unshare -m --propagation unchanged"
fi
# ro_run WANT CMD...: as run, with the store ro read-only
ro_run() {
	want=$1; shift
	if [ "$(id -u)" != 0 ]; then
		chmod -R a-w ro
		"$@" >"$T/out" 2>"$T/err"
		got=$?
		chmod -R u+w ro
	else
		$UNSHARE sh -c 'mount --bind ro ro && mount --make-private ro &&
			mount -o remount,ro,bind ro ro && exec "$@"' sh "$@" \
			>"$T/out" 2>"$T/err"
		got=$?
	fi
	[ "$got" = "$want" ] || { echo "# exit $got, wanted $want: $*" >&2; sed 's/^/# stderr: /' "$T/err" >&2; return 1; }
}
ok "read-only: add fails" ro_run 2 "$REVDIFF" --store ro add e v2 --date 2017-08-14
ok "... with a clear error" sh -c "grep -q '^revdiff: error: cannot write' '$T/err'"
# libgit2 1.5 leaks 40 bytes (git_indexer_new's oidmap) when it cannot
# create a pack: not ours to fix, so hidden from LSan and valgrind here only.
cat >libgit2.supp <<'EOF'
{
   libgit2-indexer-new-leaks-its-oidmap-on-failure
   Memcheck:Leak
   match-leak-kinds: definite
   fun:calloc
   ...
   fun:git_odb_write_pack
}
EOF
ok "read-only: import fails" ro_run 2 env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	VALGRIND_OPTS="--suppressions=$T/libgit2.supp" "$REVDIFF" --store ro import events "$PAGE"
ok "... with a clear error" sh -c "grep -q '^revdiff: error: cannot write' '$T/err'"
ok "read-only: reading still works" ro_run 0 "$REVDIFF" --store ro show e
ok "the store is as it was" sh -c "git -C ro for-each-ref | cmp -s - ro.before"
ok "... and fsck clean" fsck_clean ro

# ---- a full disk: a file size limit (ulimit -f) ---------------------------------------
head -c 3000000 /dev/urandom | od -An -x >bigtext
ok "add past the file size limit fails, not killed" sh -c "ulimit -f 200; '$REVDIFF' --store ro add e bigtext >/dev/null 2>'$T/err'; test \$? = 2"
ok "... with a clear error" sh -c "grep -q '^revdiff: error: cannot write the objects (a pack): .*File too large' '$T/err'"
python3 -c "
import sys
big = open('bigtext').read().replace(chr(10), ' ')
sys.stdout.write(open('$PAGE').read().replace('impenetrable', big))" >big-page.txt || exit 99
ok "import events past the limit fails" sh -c "ulimit -f 200; '$REVDIFF' --store ro import events --entry big big-page.txt >/dev/null 2>'$T/err'; test \$? = 2"
ok "... with a clear error" sh -c "grep -q '^revdiff: error: .*File too large' '$T/err'"
python3 -c "
f = open('big.xml', 'w')
f.write('<mediawiki version=\"0.10\"><page><title>Big</title>')
for i in range(1, 6):
    f.write('<revision><id>%d</id><timestamp>2020-01-0%dT00:00:00Z</timestamp><text>' % (i, i))
    f.write(open('bigtext').read() * i)
    f.write('</text></revision>')
f.write('</page></mediawiki>')
" || exit 99
ok "mediawiki import past the limit fails" sh -c "ulimit -f 400; '$REVDIFF' --store ro import mediawiki big.xml >/dev/null 2>'$T/err'; test \$? = 2"
ok "... with a clear error" sh -c "grep -q '^revdiff: error: .*File too large' '$T/err'"
ok "the store is as it was" sh -c "git -C ro for-each-ref | cmp -s - ro.before"
ok "... fsck clean" fsck_clean ro
ok "... the first version intact" sh -c "test \"\$('$REVDIFF' --store ro show --format=json e | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"to\"][\"version\"])')\" = 1 && git -C ro cat-file blob refs/heads/entries/e:text | cmp -s - v1"
ok "... and it still takes a version" run 0 "$REVDIFF" --store ro add e v2 --date 2017-08-14

ok "the main store's first version intact" sh -c "git -C .revdiff cat-file blob refs/heads/entries/e:text | cmp -s - v1"
ok "main store fsck clean" fsck_clean

# ---- names that would drive the terminal -----------------------------------------------
evil=$(printf 'evil\033[31mred\nline')
ok "a name with ESC and a newline is stored" run 0 "$REVDIFF" add "$evil" v1
ok "... and add quotes it" has "$T/out" '"evil\033[31mred\nline": recorded version 1'
ok "list quotes it, with no raw ESC" sh -c "'$REVDIFF' list >'$T/out' && grep -qF '\"evil\\033[31mred\\nline\"  1 version' '$T/out' && ! grep -q \"\$(printf '\\033')\" '$T/out'"
ok "show quotes it" sh -c "'$REVDIFF' show --format=plain \"\$(printf 'evil\\033[31mred\\nline')\" | head -1 | grep -qxF 'entry    \"evil\\033[31mred\\nline\"'"
done_testing
