#!/bin/sh
# End-to-end: two writers adding to one entry at once lose nothing (ref
# updates are compare-and-swap), and kill -9 at any point leaves a store
# that git fsck finds clean.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
# The processes killed below are the real binary even under valgrind
# (make check-valgrind): valgrind says nothing of a process killed by
# SIGKILL, and its slow start would take every kill.
KILLED=${REVDIFF_REAL:-$REVDIFF}
# fewer adds under valgrind, where each takes a second
N=40
[ "$REVDIFF" != "$KILLED" ] && N=8

"$REVDIFF" init >/dev/null
writer() {
	i=1
	while [ $i -le $N ]; do
		printf 'writer %s version %s\n' "$1" "$i" >"text.$1"
		tries=0
		# add retries by itself; a writer that still loses is told to retry
		until "$REVDIFF" add shared "text.$1" --author "$1" >/dev/null 2>"err.$1"; do
			grep -q retry "err.$1" || { cat "err.$1" >&2; return 1; }
			tries=$((tries + 1))
			[ $tries -lt 50 ] || return 1
		done
		i=$((i + 1))
	done
}
writer A & pa=$!
writer B & pb=$!
ok "writer A finished" wait $pa
ok "writer B finished" wait $pb
ok "no version lost" sh -c "test \$('$REVDIFF' log shared | wc -l) = $((2 * N))"
ok "every text is there" sh -c "for w in A B; do test \$(git -C .revdiff log --format=%an refs/heads/entries/shared | grep -cx \$w) = $N || exit 1; done"
ok "the chain is linear" sh -c "test \$(git -C .revdiff rev-list --merges --all | wc -l) = 0 && test \$(git -C .revdiff rev-list refs/heads/entries/shared | wc -l) = $((2 * N))"
ok "fsck clean" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"

# kill -9 writers (single adds and imports) at random moments
i=0
while [ $i -lt 15 ]; do
	( j=0; while :; do j=$((j + 1)); printf 'k %s %s\n' $i $j | "$KILLED" add killed - >/dev/null 2>&1; done ) &
	p=$!
	sleep 0.$((i % 5 + 1))
	kill -9 $p 2>/dev/null
	pkill -9 -P $p 2>/dev/null
	wait $p 2>/dev/null
	"$KILLED" import events --entry "imp$i" "$SAMPLES/002_46e04a8a75e51dac.txt" >/dev/null 2>&1 &
	q=$!
	sleep 0.0$i
	kill -9 $q 2>/dev/null
	wait $q 2>/dev/null
	i=$((i + 1))
done
# An add its loop started just before the loop was killed outlives it (no
# longer its child, pkill -P misses it) and may still be writing: fsck,
# reading refs after packs, would then report a new commit as missing.
# Wait for such stragglers (seconds at most) before looking.
waited=0
while pgrep -f "add killed -" >/dev/null && [ $waited -lt 300 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
ok "fsck clean after kill -9" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"
ok "every entry still reads" sh -c "'$REVDIFF' list >list.out && for e in \$(cut -d' ' -f1 list.out); do '$REVDIFF' log \"\$e\" >/dev/null || exit 1; done"
ok "imports are whole or absent" sh -c "! grep '^imp' list.out | grep -v '  3 versions'"
done_testing
