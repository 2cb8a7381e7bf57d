#!/bin/sh
# Never worse than git: on every real pair, revdiff reports no more changed
# words and no more change runs than `git diff --no-index --word-diff`.
# Words are counted the same way for both: the text of git's -/+ porcelain
# lines, and the text of revdiff's delete/insert ops, are each counted by
# revdiff's tokenizer (words and numbers; punctuation is not a word).  A git
# run is a group of -/+ lines with no context line between them; a revdiff
# run is a change other than a whitespace-only one (git's porcelain does not
# show those either).
. "$(dirname "$0")/lib.sh"

DATA=$TOP_SRCDIR/tests/data
V=$SAMPLES/versions

# words FILE: word tokens in FILE, by revdiff's tokenizer
words() {
	: >empty
	"$REVDIFF" diff --format=json empty "$1" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["stats"]["words_inserted"])'
}

git_counts() {
	git diff --no-index --word-diff=porcelain "$1" "$2" >git.out
	sed -n '/^@@/,$p' git.out | grep -E '^[-+]' | cut -c2- >git.words
	runs=$(awk '/^(---|\+\+\+|@@|diff |index )/ { inrun = 0; next }
		    /^~/ { next }
		    /^[-+]/ { if (!inrun) r++; inrun = 1; next }
		    { inrun = 0 }
		    END { print r + 0 }' git.out)
	echo "$(words git.words) $runs"
}

revdiff_counts() {
	"$REVDIFF" diff --format=json "$1" "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["stats"]
print(s["words_inserted"] + s["words_deleted"], s["changes"] - s["classes"].get("whitespace", 0))'
}

# no_worse NAME OLD NEW
no_worse() {
	set -- "$1" $(git_counts "$2" "$3") $(revdiff_counts "$2" "$3")
	echo "# $1: git $2 words in $3 runs, revdiff $4 words in $5 runs"
	[ "$4" -le "$2" ] && [ "$5" -le "$3" ]
}

for pair in GPL-2:GPL-3 LGPL-2:LGPL-2.1 GFDL-1.2:GFDL-1.3 GPL-3:GPL-2; do
	ok "no worse than git on $pair" no_worse "$pair" "$DATA/${pair%%:*}" "$DATA/${pair##*:}"
done
ok "no worse than git on the seed's update" no_worse seed-update "$V/1-first-version.txt" "$V/2-update.txt"
ok "no worse than git on the seed's current version" no_worse seed-current "$V/2-update.txt" "$V/3-current-version.txt"
done_testing
