#!/bin/sh
# Shards of one dump imported in parallel into stores of their own
# (import mediawiki --shard=K/N), combined with import stores: the same
# commits as one import; a second combine adds nothing; stores that
# disagree on an entry are refused.
. "$(dirname "$0")/lib.sh"

W=$TOP_SRCDIR/tests/data/wiki
cd "$T"
cat "$W/history.xml" >dump.xml
"$REVDIFF" --store single init >/dev/null
"$REVDIFF" --store single import mediawiki -q dump.xml
for k in 0 1 2; do
	"$REVDIFF" --store shard-$k init >/dev/null
	"$REVDIFF" --store shard-$k import mediawiki -q --shard=$k/3 dump.xml &
done
wait
ok "each shard holds only its pages" sh -c "test \$(for k in 0 1 2; do '$REVDIFF' --store shard-\$k list --names; done | sort | uniq -d | wc -l) = 0 && test \$(for k in 0 1 2; do '$REVDIFF' --store shard-\$k list --names; done | wc -l) = 4"
"$REVDIFF" --store all init >/dev/null
ok "import stores combines them" run 0 "$REVDIFF" --store all import stores shard-0 shard-1 shard-2
ok "... and says what it did" has "$T/out" "3 stores combined: 4 entries added, 0 already here"
ok "the same commits as one import" sh -c "git -C all for-each-ref >a && git -C single for-each-ref >b && cmp a b"
ok "git fsck accepts the combined store" sh -c "! git -C all fsck --strict 2>&1 | grep -Eq '^(error|missing|broken|fatal)'"
ok "a second combine adds nothing" run 0 "$REVDIFF" --store all import stores shard-0 shard-1 shard-2
ok "... and says so" has "$T/out" "0 entries added, 4 already here"
"$REVDIFF" --store other init >/dev/null
echo "another text" | "$REVDIFF" --store other add 'Cyber security unit' - >/dev/null
ok "an entry with another history is refused" run 2 "$REVDIFF" --store all import stores other
ok "... naming it" has "$T/err" "entry 'Cyber security unit' is in other and here with different histories"
ok "... and nothing changed" sh -c "git -C all for-each-ref | cmp - b"
ok "not a store is trouble" run 2 "$REVDIFF" --store all import stores dump.xml
ok "--shard is checked" run 2 "$REVDIFF" --store all import mediawiki --shard=3/3 dump.xml
# GNU parallel, as the README shows it (exit 1 is warnings, not failure)
rm -rf p && mkdir p && cd p
parallel -j 2 "'$REVDIFF' --store shard-{} init >/dev/null && '$REVDIFF' --store shard-{} import mediawiki -q --shard={}/2 ../dump.xml 2>/dev/null; test \$? -le 1" ::: 0 1
ok "GNU parallel runs the shards" test $? = 0
"$REVDIFF" --store all init >/dev/null && "$REVDIFF" --store all import stores shard-* >/dev/null
ok "... and they combine into the single import" sh -c "git -C all for-each-ref | cmp - ../b"
cd "$T"

done_testing
