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
ln -s "$REVDIFF" bin/revdiff
PATH=$T/bin:$PATH; export PATH
V1=$SAMPLES/versions/1-first-version.txt
ok "a store with three entries" sh -c "revdiff init >/dev/null && for e in 2017-07-09/cyber-security-unit 'Main Page' 'Main Street'; do revdiff add \"\$e\" '$V1' >/dev/null || exit 1; done"
ok "list --names: one a line" sh -c "revdiff list --names >names && test \$(wc -l <names) = 3 && grep -qx 'Main Page' names"
comp "revdiff show 2017"; ok "entry names" grep -qx 2017-07-09/cyber-security-unit comp.out
comp "revdiff log Main"; ok "names with spaces stay whole" sh -c "grep -qx 'Main Page' comp.out && grep -qx 'Main Street' comp.out"
comp "revdiff diff 2017"; ok "diff offers entries too" grep -qx 2017-07-09/cyber-security-unit comp.out
ok "another store" sh -c "revdiff --store '$T/other' init >/dev/null && revdiff --store '$T/other' add Elsewhere '$V1' >/dev/null"
comp "revdiff --store $T/other blame E"; ok "--store is passed on" sh -c "grep -qx Elsewhere comp.out && ! grep -q Main comp.out"
comp "revdiff --store=$T/other show E"; ok "--store=DIR too" grep -qx Elsewhere comp.out
done_testing
