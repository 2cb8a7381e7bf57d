#!/bin/sh
# End-to-end: make install and make uninstall under another prefix, staged
# with DESTDIR: the program, its man page and both completions land where
# they should, work from there, and leave nothing behind.
. "$(dirname "$0")/lib.sh"

: "${TOP_BUILDDIR:?run through make check}"
: "${MAKE:=make}"
D=$T/dest
P=/opt/revdiff-test
unset MAKEFLAGS MFLAGS

ok "make install with DESTDIR and prefix" sh -c "$MAKE -C '$TOP_BUILDDIR' install DESTDIR='$D' prefix='$P' >install.log 2>&1"
ok "the program" test -x "$D$P/bin/revdiff"
ok "the man page" test -f "$D$P/share/man/man1/revdiff.1"
ok "the bash completion, named as the command" test -f "$D$P/share/bash-completion/completions/revdiff"
ok "the zsh completion" test -f "$D$P/share/zsh/site-functions/_revdiff"
ok "no library, header or pkg-config file" sh -c "! find '$D' -name '*.a' -o -name '*.h' -o -name '*.pc' | grep -q ."
ok "the installed program runs" sh -c "'$D$P/bin/revdiff' --version | grep -q '^revdiff '"
ok "man finds the installed page" sh -c "MANPATH='$D$P/share/man' man -w revdiff | grep -q 'man1/revdiff.1'"
ok "help opens it" sh -c "MANPATH='$D$P/share/man' '$D$P/bin/revdiff' help diff | grep -q 'Lines of context around changes'"
ok "the installed bash completion completes" sh -c "bash -c '. \"\$1\"; COMP_LINE=\"revdiff sh\"; COMP_POINT=10; COMP_WORDS=(revdiff sh); COMP_CWORD=1; _revdiff; echo \"\${COMPREPLY[*]}\"' x '$D$P/share/bash-completion/completions/revdiff' | grep -qx show"
ok "make uninstall" sh -c "$MAKE -C '$TOP_BUILDDIR' uninstall DESTDIR='$D' prefix='$P' >uninstall.log 2>&1"
ok "nothing left behind" sh -c "test -z \"\$(find '$D' -type f)\""
done_testing
