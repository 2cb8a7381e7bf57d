#!/bin/sh
# End-to-end: the bash and zsh completion scripts: their syntax, and what
# the bash one offers for commands, options, option values and entries.
. "$(dirname "$0")/lib.sh"

B=$TOP_SRCDIR/completions/revdiff.bash
Z=$TOP_SRCDIR/completions/_revdiff
ok "bash -n" bash -n "$B"
ok "zsh -n" zsh -n "$Z"
ok "zsh: #compdef on the first line" sh -c "head -1 '$Z' | grep -qx '#compdef revdiff'"

# comp LINE: what bash offers at the end of LINE, one a line (without the
# bash-completion package's helpers, as in a bare bash)
comp() {
	bash -c '. "$1"; COMP_LINE=$2; COMP_POINT=${#2}; read -ra COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _revdiff; printf "%s\n" "${COMPREPLY[@]}"' \
		comp "$B" "$1" >comp.out
}

comp "revdiff s"; ok "a command" sh -c "grep -qx show comp.out && ! grep -qx diff comp.out"
comp "revdiff "; ok "every command" sh -c "test \$(wc -l <comp.out) = 11 && grep -qx blame comp.out"
comp "revdiff --no"; ok "global options" sh -c "grep -qx -- --no-pager comp.out && grep -qx -- --no-color comp.out"
comp "revdiff diff --fu"; ok "a command's options" grep -qx -- --full comp.out
comp "revdiff diff --format=h"; ok "format values" grep -qx html comp.out
comp "revdiff --color=always diff --format="; ok "after a global --opt=value" sh -c "test \$(wc -l <comp.out) = 5"
comp "revdiff check --format="; ok "check's formats" sh -c "grep -qx github comp.out && ! grep -qx html comp.out"
comp "revdiff diff --ignore=case,sp"; ok "a list of classes" sh -c "grep -qx case,spacing comp.out && grep -qx case,spelling comp.out"
comp "revdiff log --date=r"; ok "date styles" grep -qx relative comp.out
comp "revdiff help h"; ok "help takes commands" sh -c "grep -qx help comp.out && grep -qx hook comp.out"
comp "revdiff hook "; ok "hook actions" sh -c "grep -qx install comp.out && grep -qx uninstall comp.out"
comp "revdiff import "; ok "import formats" sh -c "grep -qx events comp.out && grep -qx mediawiki comp.out"

# entry names come from `revdiff list --names`, run from PATH
mkdir bin
# (the real binary even under check-valgrind: what is tested here is the
# shell scripts, and valgrind's start-up under load only makes it slow)
ln -s "${REVDIFF_REAL:-$REVDIFF}" bin/revdiff
PATH=$T/bin:$PATH; export PATH
V1=$SAMPLES/versions/1-first-version.txt
ok "a store with three entries" sh -c "revdiff init >/dev/null && for e in 2017-07-09/cyber-security-unit 'Main Page' 'Main Street'; do revdiff add \"\$e\" '$V1' >/dev/null || exit 1; done"
ok "list --names: one a line" sh -c "revdiff list --names >names && test \$(wc -l <names) = 3 && grep -qx 'Main Page' names"
comp "revdiff show 2017"; ok "entry names" grep -qx 2017-07-09/cyber-security-unit comp.out
comp "revdiff log Main"; ok "names with spaces stay whole, quoted" sh -c "grep -qx 'Main\\\\ Page' comp.out && grep -qx 'Main\\\\ Street' comp.out"
comp "revdiff diff 2017"; ok "diff offers entries too" grep -qx 2017-07-09/cyber-security-unit comp.out
ok "another store" sh -c "revdiff --store '$T/other' init >/dev/null && revdiff --store '$T/other' add Elsewhere '$V1' >/dev/null"
comp "revdiff --store $T/other blame E"; ok "--store is passed on" sh -c "grep -qx Elsewhere comp.out && ! grep -q Main comp.out"
comp "revdiff --store=$T/other show E"; ok "--store=DIR too" grep -qx Elsewhere comp.out

# ---- names a shell would split or run: quoted, in bash and zsh ----------------
ok "a store of awkward names" sh -c "revdiff --store '$T/aw' init >/dev/null && for e in 'Cyber security unit' 'AT&T <history>' 'it'\\''s \"quoted\"' 'a\$b\`c' 'Москва' 'Talk:Cyber security unit'; do echo x | revdiff --store '$T/aw' add \"\$e\" - >/dev/null || exit 1; done"
# evalword LINE NAME: the one completion offered for LINE, read back as
# the shell reads a word, is exactly NAME
evalword() {
	comp "$1" && test "$(wc -l <comp.out)" = 1 &&
	bash -c 'want=$1; eval "set -- $(cat comp.out)"; test $# = 1 && test "$1" = "$want"' x "$2"
}
ok "bash: a name with spaces is one quoted word" evalword "revdiff --store $T/aw show Cy" 'Cyber security unit'
ok "bash: & and < are quoted" evalword "revdiff --store $T/aw show AT" 'AT&T <history>'
ok "bash: quotes are quoted" evalword "revdiff --store $T/aw show it" "it's \"quoted\""
ok "bash: \$ and \` are not expanded" evalword "revdiff --store $T/aw show a" 'a$b`c'
ok "bash: non-ASCII" evalword "revdiff --store $T/aw show Мо" 'Москва'
ok "bash: after a backslash-escaped space" evalword "revdiff --store $T/aw log Cyber\\ s" 'Cyber security unit'
# On a terminal: the line as the shell inserts it, then run (revdiff is a
# function there that prints its words); no sleeps, only waits for output.
PTY=$TOP_SRCDIR/tests/cli/complete_pty.py
cd "$T/aw/.." || exit 99
ran() { # SHELL LINE NAME: TAB on LINE, Enter: revdiff got show and NAME
	python3 "$PTY" "$1" "$([ "$1" = bash ] && echo "$B" || echo "$Z")" "revdiff --store $T/aw $2" >pty.out &&
	test "$(sed -n 4p pty.out)" = "$3" || { sed 's/^/# got: /' pty.out >&2; return 1; }
}
for sh in bash zsh; do
	ok "$sh: TAB gives one argument for a name with spaces" ran $sh "show Cy" 'Cyber security unit'
	ok "$sh: & and < stay text" ran $sh "show AT" 'AT&T <history>'
	ok "$sh: quotes" ran $sh "show it" "it's \"quoted\""
	ok "$sh: \$ and \`" ran $sh "show a" 'a$b`c'
	ok "$sh: non-ASCII" ran $sh "show Мо" 'Москва'
	ok "$sh: after an opening '" ran $sh "show 'AT" 'AT&T <history>'
	ok "$sh: after an opening \"" ran $sh "show \"it" "it's \"quoted\""
	ok "$sh: a name with a colon" ran $sh "show Ta" 'Talk:Cyber security unit'
done
done_testing
