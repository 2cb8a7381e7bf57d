#!/bin/sh
# End-to-end: kill -9 of `revdiff add` and of large imports (events pages
# and a MediaWiki history, both made here) at random moments, and, when
# strace works, at the link or unlink that puts a finished object, pack,
# index or ref into place.  After every kill: git fsck --strict is clean,
# every version recorded before the kill is intact, and running the same
# command again completes the history exactly once, with the commit ids
# of an uninterrupted run.  No lock file is ever removed by hand.
# FAULT_TRIALS sets the number of random kills (default 50, under
# valgrind 6), FAULT_SEED their seed (printed, to replay a failure).
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
TRIALS=${FAULT_TRIALS:-50}
SEED=${FAULT_SEED:-$$}
NPAGES=20   # events pages, 8 versions each
WREVS=100   # MediaWiki revisions of 4 KB per page, 3 pages: 2 batches of 1 MB
# The runs that are killed, and the uninterrupted ones that time them,
# are the real binary even under valgrind (make check-valgrind): valgrind
# says nothing of a process killed by SIGKILL, and its slow start would
# take most kills.  Every re-run, which must finish the work, is $REVDIFF.
KILLED=${REVDIFF_REAL:-$REVDIFF}
# under valgrind every re-run takes seconds
if [ "$REVDIFF" != "$KILLED" ]; then
	TRIALS=${FAULT_TRIALS:-6}
	NPAGES=6
	WREVS=40
fi
N_ADD=$((TRIALS * 2 / 5))
N_IMP=$(((TRIALS - N_ADD + 1) / 2))
echo "# seed $SEED; random kills: $N_ADD of add, $N_IMP of each import"

# ---- the histories --------------------------------------------------------
mkdir pages texts
awk -v np=$NPAGES -v nv=8 'BEGIN {
	for (p = 1; p <= np; p++) {
		f = sprintf("pages/p%03d.txt", p)
		d = (p % 28) + 1
		printf "### [2017-07-%d](/news/2017/07/%d/index.md)\n\n# Event %d.\n\n### Changes:\n\n", d, d, p > f
		for (v = 1; v <= nv; v++)
			printf "%d. [Event %d, version %d: the council met and agreed on item %d.](/news/2017/07/%d/event-%d-v%d.md) _2017-08-%02d %02d:%02d:00 (%s)_\n", v, p, v, v, d, p, v, v + 1, v, p % 60, v == 1 ? "First version" : "Update" > f
		close(f)
	}
}'
python3 "$TOP_SRCDIR/bench/gen_wiki.py" --size 4000 --revs $WREVS one.xml >/dev/null
# three pages with the same history under different titles
awk '/<page>/ { inpage = 1 }
inpage { page = page $0 "\n" }
!inpage && !/<\/mediawiki>/ { print }
/<\/page>/ { inpage = 0 }
END {
	for (k = 1; k <= 3; k++) {
		p = page
		sub(/<title>[^<]*<\/title>/, "<title>Page " k "</title>", p)
		printf "%s", p
	}
	print "</mediawiki>"
}' one.xml >wiki.xml
# the first page alone, for a store that holds part of the history
sed '/<title>Page 2<\/title>/,$d' wiki.xml | sed '$d' >wiki-half.xml
echo '</mediawiki>' >>wiki-half.xml
i=1
while [ $i -le $((N_ADD + 11)) ]; do
	printf 'The text as of version %s.\nIt changes every time.\n' "$i" >"texts/$i"
	i=$((i + 1))
done
ok "made $NPAGES events pages and 3 wiki pages of $WREVS revisions" \
	sh -c "test \$(ls pages | wc -l) = $NPAGES && test \$(grep -c '<revision>' wiki.xml) = $((3 * WREVS))"

# ---- helpers --------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }
refs() { git -C "$1" for-each-ref --format='%(refname) %(objectname)' refs/heads/entries/; }
objects() { find "$1/objects" -type f | wc -l; }
packs() { ls "$1/objects/pack" | grep -c '\.idx$'; }
locks() { { find "$1/refs" -name '*.lock'; ls "$1/packed-refs.lock" 2>/dev/null; } | wc -l; }
# counters are files: count NAME adds one, counted NAME says how many
count() { echo x >>"count.$1"; }
counted() { if [ -f "count.$1" ]; then wc -l <"count.$1"; else echo 0; fi; }
fail() { echo "# trial $trial ($kind): $*"; count "fail.$kind"; }
# A run timed while the machine was busy makes every delay too long, and
# no kill lands: each kill that finds the process gone halves the delays
# that follow (scale is a divisor).
scale=1
missed() { scale=$((scale * 2)); }
scaled() { awk -v d="$1" -v s="$scale" 'BEGIN { printf "%.3f\n", d / s }'; }
# delays KIND N MAX_MS: N random delays (seconds) below MAX_MS
delays() {
	awk -v s="$SEED$1" -v n="$2" -v d="$3" 'BEGIN {
		srand(s)
		for (i = 0; i < n; i++)
			printf "%.3f\n", rand() * d / 1000
	}'
}
# Add number k goes to a new entry every 4th time, else to "doc"; its
# date makes its commit id the same in every run.
entry_of() { if [ $(($1 % 4)) = 0 ]; then echo "new-$1"; else echo doc; fi; }
# args KIND [K]: the command line under test (no spaces in any word)
args() {
	case $1 in
	add) echo add "$(entry_of "$2")" "texts/$2" --author tester -m "v$2" --date "@$((1500000000 + $2))" ;;
	events) echo import events pages/*.txt ;;
	wiki) echo import mediawiki --batch-size 1 wiki.xml ;;
	esac
}

# check KIND STORE: what must hold after a kill (`before` holds the refs
# before it); counts how far the killed run got
check() {
	if ! git -C "$2" fsck --strict >fsck.out 2>&1 || grep -Eq '^(error|missing|broken|fatal)' fsck.out; then
		fail "fsck: $(grep -Ev '^(notice|dangling)' fsck.out | head -3)"
		return
	fi
	# every tip recorded before is still there, reachable from the refs
	git -C "$2" rev-list --all 2>rev-list.err | sort >reachable ||
		{ fail "rev-list: $(cat rev-list.err)"; return; }
	refs "$2" >after
	cut -d' ' -f1 before | sort >b.refs
	cut -d' ' -f1 after | sort | comm -23 b.refs - >gone
	cut -d' ' -f2 before | sort | comm -23 - reachable >lost
	[ -s gone ] && { fail "refs gone: $(cat gone)"; return; }
	[ -s lost ] && { fail "versions lost: $(cat lost)"; return; }
	if [ "$(locks "$2")" != 0 ]; then
		phase="ref lock left"
	elif ! cmp -s before after; then
		if [ "$1" = add ] || cmp -s after "ref.$1"; then phase="refs moved"; else phase="some refs moved"; fi
	elif [ "$1" = add ] && [ "$(objects "$2")" != "$objs" ]; then
		phase="objects written"
	elif [ "$1" != add ] && [ "$(packs "$2")" != "$npacks" ]; then
		phase="pack written"
	else
		phase="nothing written"
	fi
	count "phase.$1.$phase"
}

# rerun KIND STORE [K]: the same command completes, without help, and the
# store is the uninterrupted run's
rerun() {
	"$REVDIFF" --store "$2" $(args "$1" "${3:-}") >rerun.out 2>&1 || { fail "re-run: $(cat rerun.out)"; return; }
	if [ "$1" = add ]; then
		refs "$2" | cmp -s - "ref.add.$3" || fail "re-run: not the uninterrupted history"
	else
		refs "$2" | cmp -s - "ref.$1" || fail "re-run: not the uninterrupted history"
	fi
}

# ---- uninterrupted runs: the reference ids and durations -------------------
"$KILLED" --store ref-add init >/dev/null
t0=$(now_ms)
i=1
while [ $i -le $((N_ADD + 11)) ]; do
	"$KILLED" --store ref-add $(args add $i) >/dev/null
	refs ref-add >ref.add.$i
	i=$((i + 1))
done
ms_add=$((($(now_ms) - t0) / (N_ADD + 11)))
for kind in events wiki; do
	"$KILLED" --store ref-$kind init >/dev/null
	t0=$(now_ms)
	"$KILLED" --store ref-$kind $(args $kind) >/dev/null
	eval "ms_$kind=$(($(now_ms) - t0))"
	refs ref-$kind >ref.$kind
done
echo "# uninterrupted: add $ms_add ms, events import $ms_events ms, wiki import $ms_wiki ms"
ok "uninterrupted runs recorded every version" sh -c "
	test \$(git -C ref-add rev-list --all | wc -l) = $((N_ADD + 11)) &&
	test \$(git -C ref-events rev-list --all | wc -l) = $((NPAGES * 8)) &&
	test \$(git -C ref-wiki rev-list --all | wc -l) = $((3 * WREVS))"
# stores import trials start from: empty, or holding the first pages
"$REVDIFF" --store start-empty init >/dev/null
cp -r start-empty start-events
"$REVDIFF" --store start-events import events pages/p00*.txt >/dev/null
cp -r start-empty start-wiki
"$REVDIFF" --store start-wiki import mediawiki wiki-half.xml >/dev/null
refs start-events >start.events
refs start-wiki >start.wiki
ok "stores holding part of the history" \
	sh -c "test \$(wc -l <start.events) = $(ls pages/p00*.txt | wc -l) && test \$(wc -l <start.wiki) = 1"

# ---- random kills -----------------------------------------------------------
t_start=$(now_ms)
"$REVDIFF" --store s-add init >/dev/null
trial=0
k=0 # adds so far: add k records texts/k
kind=add
delays add $N_ADD $ms_add >delays.add
while read -r d; do
	trial=$((trial + 1))
	k=$((k + 1))
	refs s-add >before
	objs=$(objects s-add)
	"$KILLED" --store s-add $(args add $k) >/dev/null 2>&1 &
	p=$!
	sleep "$(scaled "$d")"
	if kill -9 $p 2>/dev/null; then count killed.add; else missed; fi
	wait $p 2>/dev/null
	check add s-add
	rerun add s-add $k
done <delays.add
for kind in events wiki; do
	scale=1
	eval "ms=\$ms_$kind"
	delays $kind $N_IMP $((ms * 9 / 10)) >delays.$kind
	j=0
	while read -r d; do
		trial=$((trial + 1))
		j=$((j + 1))
		rm -rf s
		# every other trial starts from a store holding part of the history
		if [ $((j % 2)) = 0 ]; then cp -r start-$kind s; else cp -r start-empty s; fi
		refs s >before
		npacks=$(packs s)
		"$KILLED" --store s $(args $kind) >/dev/null 2>&1 &
		p=$!
		sleep "$(scaled "$d")"
		if kill -9 $p 2>/dev/null; then count killed.$kind; else missed; fi
		wait $p 2>/dev/null
		check $kind s
		rerun $kind s
	done <delays.$kind
done
echo "# random kills took $((($(now_ms) - t_start) / 1000)) s"

# ---- kills at each write that becomes visible ------------------------------
# libgit2's indexer finishes a file with link() then unlink() (in the
# store's objects/revdiff-incoming-*), revdiff puts the pack, then its
# index, then a ref in place with rename(): strace kills the process as
# it makes the Nth such call.  An add links the index, then the pack, and
# renames them into objects/pack, then the ref's lock over the ref; an
# import does the same for each batch, with packed-refs.lock (the entries
# it creates) or a ref's lock (one it extends).
if strace -f -o /dev/null true 2>/dev/null; then
	t_start=$(now_ms)
	for call in link unlink rename; do
		kind=add
		ats="1 2 3 4"
		[ $call = rename ] && ats="1 2 3"
		for at in $ats; do
			trial=$((trial + 1))
			k=$((k + 1))
			refs s-add >before
			objs=$(objects s-add)
			strace -f -o /dev/null -e inject=$call:signal=KILL:when=$at \
				"$KILLED" --store s-add $(args add $k) >/dev/null 2>&1
			count injected.add
			check add s-add
			rerun add s-add $k
		done
		for kind in events wiki; do
			if [ $kind = events ]; then ats="1 2 3 $((NPAGES + 2))"; else ats="2 3 4 6"; fi
			[ $call = unlink ] && ats="3 4"
			[ $call = rename ] && ats="2 3 6"
			for at in $ats; do
				trial=$((trial + 1))
				rm -rf s
				cp -r start-empty s
				refs s >before
				npacks=$(packs s)
				strace -f -o /dev/null -e inject=$call:signal=KILL:when=$at \
					"$KILLED" --store s $(args $kind) >/dev/null 2>&1
				count injected.$kind
				check $kind s
				rerun $kind s
			done
		done
	done
	echo "# injected kills took $((($(now_ms) - t_start) / 1000)) s"
	ok "kills left ref locks behind, and re-runs went on without help" \
		test "$(counted 'phase.add.ref lock left')" -gt 0 -a "$(counted 'phase.wiki.ref lock left')" -gt 0
else
	# what such a kill leaves: the guard's note and the ref's lock file
	echo "# strace cannot trace here: a dead writer's ref lock is made by hand"
	k=$((k + 1))
	printf 'refs/heads/entries/%s %s\n' "$(entry_of $k)" "$(grep "/$(entry_of $k) " ref.add.$k | cut -d' ' -f2)" \
		>s-add/revdiff-guard
	: >"s-add/refs/heads/entries/$(entry_of $k).lock"
	ok "a dead writer's ref lock is cleared, and the add goes on without help" \
		"$REVDIFF" --store s-add $(args add $k)
	ok "... leaving the store as an uninterrupted run" sh -c "
		git -C s-add for-each-ref --format='%(refname) %(objectname)' refs/heads/entries/ |
		cmp -s - ref.add.$k && test ! -e s-add/refs/heads/entries/$(entry_of $k).lock"
fi

# ---- figures and verdicts ---------------------------------------------------
for f in count.phase.*; do
	[ -f "$f" ] && echo "# ${f#count.phase.}: $(wc -l <"$f")"
done
for kind in add events wiki; do
	ok "$kind: $(counted killed.$kind) killed at random, $(counted injected.$kind) at a link/unlink" \
		test $(($(counted killed.$kind) + $(counted injected.$kind))) -gt 0
done
for kind in add events wiki; do
	ok "$kind: after every kill fsck is clean, what was recorded is intact, and the re-run completes it once" \
		test "$(counted fail.$kind)" = 0
done
done_testing
