#!/bin/sh
# End-to-end: bad input to the store commands is a clear error, a non-zero
# exit, and leaves the store as it was.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
printf 'one\n' >f
printf 'two\n' >v2

for c in "list" "log e" "show e" "add e f" "import events $SAMPLES/002_46e04a8a75e51dac.txt"; do
	ok "no store: $c" run 2 "$REVDIFF" $c
	ok "no store: $c says how to make one" has "$T/err" "revdiff: error: no revdiff store: no .revdiff directory here or in any parent"
done
ok "--store that does not exist" run 2 "$REVDIFF" --store nowhere list
ok "names it" has "$T/err" "no revdiff store at 'nowhere'"
git init -q --bare plain.git
ok "a git repository that is not a store" run 2 "$REVDIFF" --store plain.git list
ok "says so" has "$T/err" "'plain.git' is a git repository but not a revdiff store"
printf 'x' >afile
ok "init over a file" run 2 "$REVDIFF" --store afile init

"$REVDIFF" init >/dev/null
"$REVDIFF" add e f --date 2017-08-13 >/dev/null
snapshot() { git -C .revdiff for-each-ref; find .revdiff/objects -type f | sort; }
snapshot >before

ok "empty entry name" run 2 "$REVDIFF" add "" f
ok "says so" has "$T/err" "revdiff: error: an entry name cannot be empty"
ok "invalid UTF-8 name" run 2 "$REVDIFF" add "$(printf 'bad\377name')" f
ok "says so" has "$T/err" "not valid UTF-8"
ok "overlong name" run 2 "$REVDIFF" add "$(printf '%0300d' 0)" f
ok "says so" has "$T/err" "entry name too long"
for d in 2017-13-01 someday "2017-08-13 25:00" 2017-8-13 @x; do
	ok "bad date '$d'" run 2 "$REVDIFF" add e f --date "$d"
	ok "names it" has "$T/err" "revdiff: error: bad date '$d'"
done
ok "missing file" run 2 "$REVDIFF" add e missing.txt
ok "says so" has "$T/err" "revdiff: error: cannot open 'missing.txt'"
mkdir unreadable.d
ok "a directory is not a file" run 2 "$REVDIFF" add e unreadable.d
printf 'a\0b' >bin
ok "binary text refused" run 2 "$REVDIFF" add e bin
ok "says so" has "$T/err" "looks binary"
ok "too many arguments" run 2 "$REVDIFF" add e f g
ok "unknown option" run 2 "$REVDIFF" add --frob e f
ok "store unchanged by all that" sh -c "snapshot() { git -C .revdiff for-each-ref; find .revdiff/objects -type f | sort; }; snapshot | cmp -s - before"

for a in nosuch nosuch@1 e@2 e@0 e@~1 "e@{2017-08-12}" e@r5 "e@{bad}" ffff 0000000; do
	ok "show '$a' matches nothing" run 2 "$REVDIFF" show "$a"
	ok "show '$a' says why" sh -c "grep -q '^revdiff: error: .*' '$T/err'"
done
ok "version out of range names the count" sh -c "'$REVDIFF' show e@2 2>&1 | grep -qF \"'e' has 1 version; there is no version 2\""
ok "bad date in an address" sh -c "'$REVDIFF' show 'e@{bad}' 2>&1 | grep -qF \"bad date 'bad'\""
ok "log of no entry" run 2 "$REVDIFF" log nosuch
ok "diff with an address matching nothing" run 2 "$REVDIFF" diff e@5 f
ok "diff with a missing file and no such entry" run 2 "$REVDIFF" diff nosuch f
ok "says both" has "$T/err" "cannot open 'nosuch': no such file, and no entry or commit of that name in the store"
ok "bad --date style" run 2 "$REVDIFF" log --date=fancy e
ok "store still unchanged" sh -c "snapshot() { git -C .revdiff for-each-ref; find .revdiff/objects -type f | sort; }; snapshot | cmp -s - before"
# objects are written before the ref moves: a lost race leaves only
# unreachable objects, never a moved ref
git -C .revdiff for-each-ref >refs.before
mkdir -p .revdiff/refs/heads/entries # a new entry's ref is in packed-refs
touch .revdiff/refs/heads/entries/e.lock
ok "a stale ref lock is trouble" run 2 "$REVDIFF" add e v2 --date 2017-08-14
ok "names the lock to remove" sh -c "grep -q \"being written by another writer: retry (if none is running, remove .*refs/heads/entries/e.lock)\" '$T/err'"
rm .revdiff/refs/heads/entries/e.lock
ok "the ref did not move" sh -c "git -C .revdiff for-each-ref | cmp -s - refs.before"
ok "fsck clean" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"
# A writer killed while it held packed-refs.lock to create an entry: the
# lock was made under revdiff's own name and noted by inode before it was
# linked into place, so the next writer knows it for the dead writer's.
: >.revdiff/revdiff-packed-refs.tmp
ln .revdiff/revdiff-packed-refs.tmp .revdiff/packed-refs.lock
printf 'packed-refs.lock %s\n' "$(stat -c %i .revdiff/packed-refs.lock)" >.revdiff/revdiff-guard
ok "a dead writer's packed-refs.lock is cleared and a new entry made" sh -c "'$REVDIFF' add new v2 --date 2017-08-14 | grep -q 'recorded version 1'"
ok "... and its file of revdiff's own" test ! -e .revdiff/revdiff-packed-refs.tmp -a ! -e .revdiff/packed-refs.lock
# one revdiff did not note (git's own) is left alone
: >.revdiff/packed-refs.lock
ok "an unnoted packed-refs.lock is trouble" run 2 "$REVDIFF" add other v2 --date 2017-08-14
ok "... named, and left in place" sh -c "grep -q 'packed-refs.lock is held by another writer' '$T/err' && test -e .revdiff/packed-refs.lock && test ! -e .revdiff/revdiff-packed-refs.tmp"
rm .revdiff/packed-refs.lock
ok "fsck clean after both" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"
# What a killed writer's indexer left, objects/revdiff-incoming-*: the
# next writer removes an old one no live writer holds a flock on, and
# leaves alone one that is locked, one too young to be locked yet, and
# what a link points to.
for d in dead live young; do
	mkdir .revdiff/objects/revdiff-incoming-$d
	: >.revdiff/objects/revdiff-incoming-$d/pack_git2_x
done
mkdir outside && : >outside/keepme
ln -s "$T/outside" .revdiff/objects/revdiff-incoming-link
touch -d '1 hour ago' .revdiff/objects/revdiff-incoming-dead .revdiff/objects/revdiff-incoming-live
flock .revdiff/objects/revdiff-incoming-live sleep 60 &
holder=$!
i=0
while [ $i -lt 100 ] && flock -n .revdiff/objects/revdiff-incoming-live true; do
	sleep 0.05
	i=$((i + 1))
done
touch -d '1 hour ago' .revdiff/objects/revdiff-incoming-live
ok "an add beside what a killed writer left" sh -c "'$REVDIFF' add swept v2 --date 2017-08-14 | grep -q 'recorded version 1'"
ok "... removes the dead writer's directory" test ! -e .revdiff/objects/revdiff-incoming-dead
ok "... keeps the one a writer holds" test -e .revdiff/objects/revdiff-incoming-live/pack_git2_x
ok "... and the one too young to tell" test -e .revdiff/objects/revdiff-incoming-young/pack_git2_x
ok "... and follows no link" test -e outside/keepme -a -L .revdiff/objects/revdiff-incoming-link
ok "... and leaves no directory of its own" sh -c "ls .revdiff/objects | grep revdiff-incoming | sort | tr '\\n' ' ' | grep -qx 'revdiff-incoming-link revdiff-incoming-live revdiff-incoming-young '"
kill $holder
wait $holder 2>/dev/null
rm -rf .revdiff/objects/revdiff-incoming-* outside
ok "fsck clean after the sweep" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"
done_testing
