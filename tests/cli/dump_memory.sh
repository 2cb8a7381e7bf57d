#!/bin/sh
# End-to-end: memory at dump scale, scaled down.  A rerun of an import
# (every page already stored) reads each entry once; what it keeps of
# those reads (libgit2's object cache, mapped pack indexes and packs,
# packed-refs) must not grow with the store.  It once peaked at 1.8 GB
# over 10^6 pages (210 MB for the first import): about 1.9 KB a page,
# 58 MB more here from 10,000 to 40,000 pages (32 MB to 90 MB).
# Then one page longer than a batch: written in parts, each moving the
# entry's ref, so that memory does not grow with its history (it once
# peaked at 294 MB for 10^5 revisions), a kill leaves a prefix and the
# rerun continues it, and the commits are those of one batch.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
# the real binary: valgrind's own memory would be measured
R=${REVDIFF_REAL:-$REVDIFF}
GEN=$TOP_SRCDIR/bench/gen_dump.py
# a sanitizer's quarantine and shadow memory are not the program's
measure=1
if ldd "$R" 2>/dev/null | grep -Eq 'lib(asan|ubsan|tsan)'; then
	echo "# $R is built with a sanitizer: its memory says nothing, only the histories are checked"
	measure=0
fi

# peak FILE CMD...: runs CMD (output discarded) and writes its peak
# resident memory in KiB into FILE.  posix_spawn, so that none of
# python's own pages are counted in the child's peak.
peak() {
	out=$1; shift
	python3 -c 'import os, sys
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], dict(os.environ),
		      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
				    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
_, status, ru = os.wait4(pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.exit("exit %d: %s" % (code, " ".join(sys.argv[1:]))) if code not in (0, 1) else print(ru.ru_maxrss)' "$@" >"$out"
}

if [ $measure = 1 ]; then
	for p in 10000 40000; do
		python3 "$GEN" --pages $p "$T/d$p.xml"
		"$R" --store "$T/s$p" init >/dev/null
		ok "$p pages: first import" run 0 "$R" --store "$T/s$p" import mediawiki -q "$T/d$p.xml"
		ok "$p pages: rerun" peak "$T/rerun$p" "$R" --store "$T/s$p" import mediawiki -q "$T/d$p.xml"
		ok "... which stores nothing new" sh -c "'$R' --store '$T/s$p' import mediawiki '$T/d$p.xml' | grep -qF '0 new, $p already stored'"
	done
	# What is bounded fills up at this scale: the packs read stay mapped up
	# to 64 MB (all of them here), parsed objects are cached up to 8 MB
	# (git_lazy.c).  That much growth is expected, and 8 MB more at most.
	packs() { cat "$T/s$1"/objects/pack/*.pack | wc -c; }
	small=$(cat "$T/rerun10000")
	big=$(cat "$T/rerun40000")
	grown=$(( ($(packs 40000) - $(packs 10000)) / 1024 ))
	echo "# rerun peak: $small KiB at 10,000 pages, $big KiB at 40,000 ($grown KiB more packs)"
	ok "a rerun's memory grows by no more than its bounded caches" test $((big - small)) -lt $((grown + 16384))
fi

# ---- one page longer than a batch ---------------------------------------------
REVS=20000 BV=1000
# under valgrind (make check-valgrind) the reruns are slow
if [ "$REVDIFF" != "$R" ]; then REVS=3000 BV=200; fi
python3 "$GEN" --pages 1 --revs $REVS "$T/long.xml"
python3 "$GEN" --pages 1 --revs $((REVS / 4)) "$T/short.xml"
chain() { git --git-dir="$1" for-each-ref; git --git-dir="$1" rev-list --all; }
for s in whole split short; do "$R" --store "$T/$s" init >/dev/null; done
ok "$REVS revisions of one page in one batch" \
	peak "$T/peakwhole" "$R" --store "$T/whole" import mediawiki -q --batch-versions=$REVS "$T/long.xml"
chain "$T/whole" >"$T/chain.whole"
ok "... and in batches of $BV versions" \
	peak "$T/peaksplit" "$R" --store "$T/split" import mediawiki -q --batch-versions=$BV "$T/long.xml"
# the batches' packs are below RD_PACKS_MAX (keep.h): none merged
ok "... each batch a pack" test "$(ls "$T/split"/objects/pack/*.pack | wc -l)" -ge $((REVS / BV))
chain "$T/split" >"$T/chain.split"
ok "... the same entry ref and commits as one batch" cmp -s "$T/chain.split" "$T/chain.whole"
ok "... whose chain holds every revision once" test "$(git --git-dir="$T/split" rev-list --count --all)" = $REVS

# An edit war in batches of 20 versions: 60 packs, more small ones than
# a store keeps (RD_PACKS_MAX, keep.h), so they are merged, though each
# holds the same two texts (and their trees): the merged pack has each
# object once, or its index does not count what was given.
python3 - "$T/war.xml" <<'PY'
import sys
out = open(sys.argv[1], "w")
out.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
	  '  <page>\n    <title>War</title>\n    <ns>0</ns>\n    <id>1</id>\n')
for r in range(1, 1201):
	out.write("    <revision>\n      <id>%d</id>\n      <timestamp>2020-01-01T%02d:%02d:%02dZ</timestamp>\n"
		  "      <contributor><username>User%d</username><id>%d</id></contributor>\n"
		  "      <text xml:space=\"preserve\">The %s version of the page.</text>\n    </revision>\n"
		  % (r, r // 3600, r // 60 % 60, r % 60, r % 2, r % 2 + 1, "blue" if r % 2 else "green"))
out.write("  </page>\n</mediawiki>\n")
PY
for s in war1 warN; do "$R" --store "$T/$s" init >/dev/null; done
"$R" --store "$T/war1" import mediawiki -q "$T/war.xml"
chain "$T/war1" >"$T/chain.war1"
ok "an edit war in 60 batches" run 0 "$REVDIFF" --store "$T/warN" import mediawiki -q --batch-versions=20 "$T/war.xml"
ok "... whose small packs were merged" test "$(ls "$T/warN"/objects/pack/*.pack | wc -l)" -lt 60
chain "$T/warN" >"$T/chain.warN"
ok "... the same commits as one batch" cmp -s "$T/chain.warN" "$T/chain.war1"
ok "... which git fsck accepts" sh -c "! git --git-dir='$T/warN' fsck --strict 2>&1 | grep -v '^notice' | grep -q ."
if [ $measure = 1 ]; then
	peak "$T/peakshort" "$R" --store "$T/short" import mediawiki -q --batch-versions=$BV "$T/short.xml"
	short=$(cat "$T/peakshort") split=$(cat "$T/peaksplit") whole=$(cat "$T/peakwhole")
	echo "# peak: $short KiB for $((REVS / 4)) revisions, $split KiB for $REVS in batches of $BV, $whole KiB in one"
	# what grows with the page is its revisions' metadata (88 bytes
	# each; not their texts, spooled, nor their objects, written batch
	# by batch) and libgit2's object cache, up to 8 MB (git_lazy.c)
	ok "... memory grows by less than 1 KiB a revision" \
		test $((split - short)) -lt $((REVS * 3 / 4))
	ok "... far less than in one batch" test $((split - short)) -lt $(((whole - short) / 2))
fi

# Killed once the first parts are written: the entry holds a prefix of
# its history, and the rerun continues it from its newest version.
"$R" --store "$T/killed" init >/dev/null
"$R" --store "$T/killed" import mediawiki -q --batch-versions=$BV "$T/long.xml" &
pid=$!
while kill -0 $pid 2>/dev/null && [ -z "$(git --git-dir="$T/killed" for-each-ref)" ]; do
	sleep 0.01
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
had=$(git --git-dir="$T/killed" rev-list --count --all)
echo "# killed with $had of $REVS versions stored"
ok "killed mid-page: a prefix of the page is stored" test "$had" -gt 0 -a "$had" -lt $REVS
ok "... which git fsck accepts" sh -c "! git --git-dir='$T/killed' fsck --strict 2>&1 | grep -v '^notice' | grep -q ."
ok "the rerun completes it" run 0 "$REVDIFF" --store "$T/killed" import mediawiki --batch-versions=$BV "$T/long.xml"
ok "... from the newest version stored" has "$T/out" "$((REVS - had)) new, $had already stored"
chain "$T/killed" >"$T/chain.killed"
ok "... with the commits of one uninterrupted batch" cmp -s "$T/chain.killed" "$T/chain.whole"

echo "1..$n"
[ "$failed" = 0 ]
