#!/bin/sh
# End-to-end: memory at dump scale, scaled down.  A rerun of an import
# (every page already stored) reads each entry once; what it keeps of
# those reads (libgit2's object cache, mapped pack indexes and packs,
# packed-refs) must not grow with the store.  It once peaked at 1.8 GB
# over 10^6 pages (210 MB for the first import): about 1.9 KB a page,
# 58 MB more here from 10,000 to 40,000 pages (32 MB to 90 MB).
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
# the real binary: valgrind's own memory would be measured
R=${REVDIFF_REAL:-$REVDIFF}
GEN=$TOP_SRCDIR/bench/gen_dump.py
# a sanitizer's quarantine and shadow memory are not the program's
if ldd "$R" 2>/dev/null | grep -Eq 'lib(asan|ubsan|tsan)'; then
	echo "1..0 # SKIP $R is built with a sanitizer: its memory says nothing here"
	exit 0
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

echo "1..$n"
[ "$failed" = 0 ]
