#!/bin/sh
# End-to-end: revdiff help, the man page (found through MANPATH as if
# installed), and the completion scripts' syntax.
. "$(dirname "$0")/lib.sh"

unset REVDIFF_PAGER PAGER LESS MANPAGER
ok "help lists the commands" sh -c "'$REVDIFF' help >out && grep -q '^  diff ' out && grep -q '^  help ' out"
ok "help COMMAND without the man page: its --help" sh -c "MANPATH='$T/none' '$REVDIFF' help diff | grep -q 'usage: revdiff diff'"
ok "help help" sh -c "MANPATH='$T/none' '$REVDIFF' help help | grep -q 'usage: revdiff help'"
ok "help of no command is trouble" run 2 "$REVDIFF" help frobnicate
ok "and says so" has "$T/err" "'frobnicate' is not a revdiff command"
ok "help takes one command" run 2 "$REVDIFF" help diff show
ok "every command answers --help" sh -c "for c in \$('$REVDIFF' help | sed -n 's/^  \\([a-z]*\\) .*/\\1/p'); do '$REVDIFF' \$c --help | grep -q \"usage: revdiff\" || exit 1; done"

# the man page, as installed
mkdir -p man/man1
cp "$TOP_SRCDIR/doc/revdiff.1" man/man1/
cat >rec <<'EOS'
#!/bin/sh
echo "LESS=$LESS" >"$(dirname "$0")/man.env"
cat >"$(dirname "$0")/man.out"
EOS
chmod +x rec
ok "help COMMAND prints the man page off a terminal" sh -c "MANPATH='$T/man' MANWIDTH=80 '$REVDIFF' help diff >out && grep -q 'revdiff diff \\[OPTIONS\\] OLD NEW' out && ! grep -q '^usage:' out"
ok "on a terminal, through the pager" sh -c "MANPATH='$T/man' MANPAGER='$T/rec' script -qec \"'$REVDIFF' help diff\" /dev/null >/dev/null; grep -q 'Lines of context around changes' man.out"
ok "at the command's section" has man.env "+/^...revdiff.diff"
ok "the man page has a section per command" sh -c "for c in init add import list log show diff blame check hook help; do grep -q \"^\\.SS \\\"revdiff \$c\" '$TOP_SRCDIR/doc/revdiff.1' || { echo \"# no section for \$c\"; exit 1; }; done"
ok "every command in the table is in the man page" sh -c "for c in \$('$REVDIFF' help | sed -n 's/^  \\([a-z]*\\) .*/\\1/p'); do grep -q \"^\\.SS \\\"revdiff \$c\" '$TOP_SRCDIR/doc/revdiff.1' || exit 1; done"
ok "the man page renders without warnings" sh -c "MANWIDTH=80 man --warnings -l '$TOP_SRCDIR/doc/revdiff.1' 2>warn >/dev/null; test ! -s warn"
for s in "EXIT STATUS" ENVIRONMENT FILES EXAMPLES CONFIGURATION; do
	ok "man page section $s" grep -q "^\\.SH $s" "$TOP_SRCDIR/doc/revdiff.1"
done
done_testing
