#!/bin/sh
# End-to-end: `revdiff import events` on the sample page, and the README's
# walk-through: the exact words and timestamps of each version's changes.
. "$(dirname "$0")/lib.sh"
unset REVDIFF_STORE
PAGE=$SAMPLES/002_46e04a8a75e51dac.txt
E=2017-07-09/cyber-security-unit
R="$REVDIFF --store s"

ok "init" run 0 $R init
ok "import the page" run 0 $R import events --entry "$E" "$PAGE"
ok "three versions read and written" has "$T/out" "1 page, 3 versions read; 3 new versions; entries: 1 created"
ok "importing again adds nothing" run 0 $R import events --entry "$E" "$PAGE"
ok "and says so" has "$T/out" "0 new versions; entries: 0 created, 0 updated, 1 unchanged"
ok "still three versions" sh -c "$R list | grep -qF '$E  3 versions  2017-08-13 03:50:22 +0000 .. (undated)'"

ok "show the Update" run 0 $R show --format=plain "$E@2"
ok "Update: version line" has "$T/out" "version  2 of 3   2017-08-27 03:48:38 +0000   Update"
ok "Update: parent line" has "$T/out" "parent   1 of 3   2017-08-13 03:50:22 +0000   First version   (14 days earlier)"
ok "Update: summary" has "$T/out" "changes  +6 words -1 word:"
ok "Update: inserted prefix" has "$T/out" "{+Russia-United States relations: +}U.S. President Donald Trump"
ok "Update: cybersecurity -> cyber security" has "$T/out" "an impenetrable [-cybersecurity-]{+cyber security+} unit"
ok "show the current version" run 0 $R show --format=plain "$E"
ok "Current: undated, never a made-up time" has "$T/out" "version  3 of 3   (undated)   Current version"
ok "Current: no 1970" hasnt "$T/out" "1970"
ok "Current: time between unknown" has "$T/out" "(time between unknown)"
ok "Current: prefix removed" has "$T/out" "[-Russia-United States relations: -]U.S. President"
ok "Current: keeps cyber security" hasnt "$T/out" "cybersecurity"
ok "First version all inserted" sh -c "$R show --format=plain '$E@1' | grep -qF '{+U.S. President Donald Trump says he and Russian President Vladimir Putin \"discussed forming an impenetrable cybersecurity unit'"
ok "log" run 0 $R log "$E"
ok "log lines" sh -c "sed -n 1p '$T/out' | grep -qx '3  (undated)  -4 words  (unknown)  Current version' && sed -n 2p '$T/out' | grep -qx '2  2017-08-27 03:48:38 +0000  +6 -1 words  (unknown)  Update'"
ok "the texts are the sample versions byte for byte" sh -c "
	test \"\$(git -C s rev-parse 'refs/heads/entries/2017-07-09%2Fcyber-security-unit~2:text')\" = \"\$(git hash-object '$SAMPLES/versions/1-first-version.txt')\" &&
	test \"\$(git -C s rev-parse 'refs/heads/entries/2017-07-09%2Fcyber-security-unit~1:text')\" = \"\$(git hash-object '$SAMPLES/versions/2-update.txt')\" &&
	test \"\$(git -C s rev-parse 'refs/heads/entries/2017-07-09%2Fcyber-security-unit:text')\" = \"\$(git hash-object '$SAMPLES/versions/3-current-version.txt')\""
ok "trailers" sh -c "git -C s log -1 --format=%B 'refs/heads/entries/2017-07-09%2Fcyber-security-unit' | grep -qx 'Revdiff-Source: events:002_46e04a8a75e51dac.txt:25'"
ok "commit ids depend only on the versions" sh -c "$REVDIFF --store s3 init >/dev/null && mkdir -p copy && cp '$PAGE' copy/ && $REVDIFF --store s3 import events --entry '$E' copy/002_46e04a8a75e51dac.txt >/dev/null && test \"\$(git -C s3 rev-parse 'refs/heads/entries/2017-07-09%2Fcyber-security-unit')\" = \"\$(git -C s rev-parse 'refs/heads/entries/2017-07-09%2Fcyber-security-unit')\""
ok "default entry name: date and first item's slug" sh -c "$R import events '$PAGE' >/dev/null && $R list | grep -q '^2017-07-09/u-s-president-donald-trump-says-he-and-russian-president-vladimir-putin-discussed-forming-an-impenetrable-cybersecurity-unit-so-that-elect  3 versions'"
ok "fsck clean" sh -c "git -C s fsck --strict >/dev/null 2>&1"
ok "a compressed page is read as the importers read dumps" sh -c "gzip -c '$PAGE' >page.txt.gz && $REVDIFF --store sz init >/dev/null && $REVDIFF --store sz import events --entry '$E' page.txt.gz >/dev/null && git -C sz log --format=%T 'refs/heads/entries/2017-07-09%2Fcyber-security-unit' >trees.gz && git -C s log --format=%T 'refs/heads/entries/2017-07-09%2Fcyber-security-unit' >trees && test \$(wc -l <trees) = 3 && cmp -s trees trees.gz"

# a malformed page: line number, and nothing imported
git -C s for-each-ref >refs.before
sed 's/_2017-08-27 03:48:38 (Update)_/_2017-08-27 3:48 (Update)_/' "$PAGE" >bad.txt
ok "malformed timestamp is trouble" run 2 $R import events "$PAGE" bad.txt
ok "names file and line" has "$T/err" "revdiff: error: bad.txt:24: bad timestamp '2017-08-27 3:48'"
ok "nothing half-imported" sh -c "git -C s for-each-ref | cmp -s - refs.before"
ok "--entry takes one page" run 2 $R import events --entry x "$PAGE" "$PAGE"
sed 's/^2\. \[Russia/2. Russia/' "$PAGE" >bad2.txt
ok "malformed item is trouble" run 2 $R import events bad2.txt
ok "names its line" has "$T/err" "bad2.txt:24: malformed change item"
ok "a missing page is trouble" run 2 $R import events nonexistent.txt
ok "store unchanged" sh -c "git -C s for-each-ref | cmp -s - refs.before"
ok "a different history is refused" sh -c "$R add other-entry '$SAMPLES/versions/2-update.txt' >/dev/null; $R import events --entry other-entry '$PAGE' 2>err; test \$? = 2 && grep -q 'already holds a different history' err"
ok "unknown import format" run 2 $R import nope x
done_testing
