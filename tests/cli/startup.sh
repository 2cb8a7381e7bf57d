#!/bin/sh
# End-to-end: a command loads only the libraries it uses.  libgit2 (and
# the 14 libraries it brings) is opened on first use: `diff FILE FILE`
# and --version never load it; commands with a store do, and work.
. "$(dirname "$0")/lib.sh"

# The real binary: under valgrind, LD_DEBUG would report valgrind's own.
R=${REVDIFF_REAL:-$REVDIFF}
HOME=$T; export HOME; unset XDG_CONFIG_HOME REVDIFF_STORE
cp "$SAMPLES/versions/1-first-version.txt" v1
cp "$SAMPLES/versions/2-update.txt" v2

# loaded LOGFILE: the libraries the dynamic linker initialised
loaded() { grep -o 'calling init: [^ ]*' "$1" | sed 's|.*/||'; }

ok "diff FILE FILE works" run 1 env LD_DEBUG=libs LD_DEBUG_OUTPUT="$T/ld-diff" "$R" diff v1 v2
ok "LD_DEBUG reports what is loaded" sh -c "cat '$T'/ld-diff.* | grep -q 'calling init: .*libc\.so'"
ok "diff FILE FILE never loads libgit2" sh -c "! cat '$T'/ld-diff.* | grep -q 'calling init: .*libgit2'"
ok "nor any of its libraries (Kerberos, TLS, SSH)" \
	sh -c "! cat '$T'/ld-diff.* | grep -Eq 'calling init: .*lib(krb5|ssh2|mbedtls|crypto|gssapi)'"
ok "nor libarchive and its (libxml2, ICU), nor libcurl" \
	sh -c "! cat '$T'/ld-diff.* | grep -Eq 'calling init: .*lib(archive|xml2|icuuc|curl)'"
ok "only libc: the small libraries are linked in (or, with --disable-static-deps, few)" \
	sh -c "test \$(cat '$T'/ld-diff.* | grep -c 'calling init: ') -le 8"
ok "--version never loads libgit2" sh -c "LD_DEBUG=libs '$R' --version 2>&1 | grep -q '^revdiff ' && ! LD_DEBUG=libs '$R' --version 2>&1 | grep -q 'libgit2'"
ok "a store command loads it on first use" sh -c "'$R' init >/dev/null 2>&1; LD_DEBUG=libs '$R' add e v1 2>&1 | grep -q 'calling init: .*libgit2'"
ok "and works" sh -c "'$REVDIFF' add e v2 >/dev/null && '$REVDIFF' log e | grep -q '^2 .*+6 -1 words'"
ok "a store version against a file" run 1 "$REVDIFF" diff e@1 v2
ok "its diff" has "$T/out" "{+Russia-United States relations: +}"
cp "$TOP_SRCDIR/tests/data/wiki/history.xml" dump.xml && gzip -k dump.xml
ok "a compressed dump loads libarchive, on first use" \
	sh -c "LD_DEBUG=libs '$R' import mediawiki dump.xml.gz 2>&1 | grep -q 'calling init: .*libarchive'"
ok "and imports" sh -c "'$REVDIFF' list | grep -q ."
done_testing
