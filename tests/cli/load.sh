#!/bin/sh
# End-to-end: 8 processes add 1,000 versions at once, to one shared entry,
# to entries of their own, and to new entries all of them create at the
# same moment.  Every version is recorded exactly once, no add needs the
# caller to retry (add retries a lost compare-and-swap itself), and git
# fsck finds the store clean.
# LOAD_WRITERS and LOAD_VERSIONS change the sizes (run it many times with
# small sizes to chase races).
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
W=${LOAD_WRITERS:-8}
TOTAL=${LOAD_VERSIONS:-1000}
# under valgrind (make check-valgrind) each add takes about a second:
# 5 adds per writer still make each kind of entry, fresh-5 by all at once
if [ "$REVDIFF" != "${REVDIFF_REAL:-$REVDIFF}" ]; then
	W=4
	TOTAL=20
fi
PER=$((TOTAL / W))

"$REVDIFF" init >/dev/null
# Version i of writer w goes to fresh-i when i is a multiple of 5 (every
# writer creates that entry at once), else to shared when i is even, else
# to own-w.  Its text and label are unique: "w<w> v<i>".
writer() {
	i=1
	fails=0
	while [ $i -le "$PER" ]; do
		if [ $((i % 5)) = 0 ]; then
			e=fresh-$i
		elif [ $((i % 2)) = 0 ]; then
			e=shared
		else
			e=own-$1
		fi
		printf 'writer %s version %s\n' "$1" "$i" >"text.$1"
		if ! "$REVDIFF" add "$e" "text.$1" --author "w$1" -m "w$1 v$i" >>"out.$1" 2>>"err.$1"; then
			fails=$((fails + 1))
			continue
		fi
		i=$((i + 1))
	done
	echo $fails >"fails.$1"
}
w=1
pids=
while [ $w -le "$W" ]; do
	writer $w &
	pids="$pids $!"
	w=$((w + 1))
done
for p in $pids; do
	wait "$p"
done
ok "every add succeeded without a retry by the caller" sh -c "cat err.* >&2; awk '{ s += \$1 } END { exit s != 0 }' fails.*"
ok "every add said it recorded a version" sh -c "test \$(cat out.* | grep -c ': recorded version ') = $((W * PER))"
git -C .revdiff log --all --format=%s >labels
sort labels >labels.sorted
w=1
while [ $w -le "$W" ]; do
	i=1
	while [ $i -le "$PER" ]; do
		echo "w$w v$i"
		i=$((i + 1))
	done
	w=$((w + 1))
done | sort >expected
ok "all $((W * PER)) versions are recorded" sh -c "test \$(wc -l <labels) = $((W * PER))"
ok "none is duplicated or lost" cmp labels.sorted expected
ok "each shared entry holds every writer's versions" sh -c "test \$(git -C .revdiff rev-list refs/heads/entries/fresh-5 | wc -l) = $W"
ok "the chains are linear" sh -c "test \$(git -C .revdiff rev-list --merges --all | wc -l) = 0"
ok "revdiff list counts them all" sh -c "'$REVDIFF' list | awk '{ s += \$2 } END { exit s != $((W * PER)) }'"
ok "fsck clean" sh -c "git -C .revdiff fsck --strict >/dev/null 2>&1"
ok "no lock left behind" sh -c "test -z \"\$(find .revdiff -name '*.lock')\""
done_testing
