#!/bin/sh
# Every output of diff, show, log, blame and check on the golden corpus
# (tests/golden: a seeded generator, about 2,300 cases) has the hash
# stored in tests/golden/hashes.  A change on purpose is listed in
# tests/golden/CHANGES.md and the hashes rewritten (make golden-update).
# Runs the real binary even under check-valgrind: thousands of runs.
. "$(dirname "$0")/lib.sh"

ok "golden outputs unchanged (make golden-check lists the cases)" \
	python3 "$TOP_SRCDIR/tests/golden/golden.py" --revdiff "${REVDIFF_REAL:-$REVDIFF}"
done_testing
