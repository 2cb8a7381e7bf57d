#!/bin/sh
# The fuzz targets' own checks, through their replay_* programs, on their
# seed corpora and on every input a fuzzer found trouble with
# (tests/data/fuzz/TARGET/, one file per finding, named for the bug).
. "$(dirname "$0")/lib.sh"
B=${TOP_BUILDDIR:?}/tests/fuzz
for t in blame diff events mediawiki rules token; do
	for f in "$TOP_SRCDIR/tests/fuzz/corpus/$t"/* "$TOP_SRCDIR/tests/data/fuzz/$t"/*; do
		[ -f "$f" ] || continue
		ok "$t: $(basename "$(dirname "$f")")/$(basename "$f")" run 0 "$B/replay_$t" "$f"
	done
done
# the events findings, as the importer reports them
R="$REVDIFF --store s"
ok "init" run 0 $R init
ok "an item whose only '_' closes ') _' is malformed" \
	run 2 $R import events "$TOP_SRCDIR/tests/data/fuzz/events/underscore-only"
ok "  and said so" has "$T/err" "change item without '(LINK) _..._'"
ok "a NUL byte is refused, not cut at" run 2 $R import events "$TOP_SRCDIR/tests/data/fuzz/events/nul-in-text"
ok "  and said so" has "$T/err" "nul-in-text:3: a NUL byte: not a text page"
ok "nothing was written" sh -c "$R list | wc -l | grep -qx 0"
done_testing
