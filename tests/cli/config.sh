#!/bin/sh
# End-to-end: defaults from config files (git-config syntax), and their
# precedence: command line > environment > the store's config > the
# user's config ($XDG_CONFIG_HOME/revdiff/config, else
# ~/.config/revdiff/config) > built-in defaults.
. "$(dirname "$0")/lib.sh"

V1=$SAMPLES/versions/1-first-version.txt
V2=$SAMPLES/versions/2-update.txt
unset REVDIFF_PAGER PAGER NO_COLOR REVDIFF_STORE XDG_CONFIG_HOME
export HOME=$T/home
mkdir -p home/.config/revdiff xdg/revdiff work
cd work || exit 99
ESC=$(printf '\033')

ok "built-in default: plain when not a terminal" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
printf '[diff]\n\tformat = porcelain\n' >../home/.config/revdiff/config
ok "~/.config/revdiff/config sets diff.format" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"
printf '[diff]\n\tformat = json\n' >../xdg/revdiff/config
ok "XDG_CONFIG_HOME wins over ~/.config" sh -c "XDG_CONFIG_HOME='$T/xdg' '$REVDIFF' diff '$V1' '$V2' | grep -q '^{\"from\"'"
ok "a relative XDG_CONFIG_HOME is ignored" sh -c "XDG_CONFIG_HOME=xdg '$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"
ok "the command line wins over the config" sh -c "'$REVDIFF' diff --format=plain '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
# the store's config: the config of the .revdiff found walking up (a
# store is a bare git repository, so `git config -f` edits it), read by
# the commands that use the store: show, and diff of stored versions
ok "a store" sh -c "cd .. && '$REVDIFF' init >/dev/null"
ok "an entry of two versions" sh -c "'$REVDIFF' add -m one e '$V1' >/dev/null && '$REVDIFF' add -m two e '$V2' >/dev/null"
mkdir -p sub/deeper
SC=$T/.revdiff/config
git config -f "$SC" diff.format plain
ok "the store's config wins over the user's" sh -c "'$REVDIFF' show e | grep -qF '[-cybersecurity-]'"
ok "  for diff of stored versions too" sh -c "'$REVDIFF' diff e@1 e@2 | grep -qF '[-cybersecurity-]'"
ok "  not for diff of two files: no store is read" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"
ok "found walking up from a subdirectory" sh -c "cd sub/deeper && '$REVDIFF' show e | grep -qF '[-cybersecurity-]'"
ok "another store" sh -c "'$REVDIFF' --store '$T/other' init >/dev/null && '$REVDIFF' --store '$T/other' add e '$V1' >/dev/null && '$REVDIFF' --store '$T/other' add e '$V2' >/dev/null"
git config -f "$T/other/config" diff.format json
ok "--store names the store whose config counts" sh -c "'$REVDIFF' --store '$T/other' show e | grep -q '^{\"from\"'"
ok "REVDIFF_STORE too" sh -c "REVDIFF_STORE='$T/other' '$REVDIFF' show e | grep -q '^{\"from\"'"
git config -f "$SC" --unset diff.format
printf '[color]\n\tui = always\n' >../home/.config/revdiff/config
ok "color.ui = always colors a pipe" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -q \"$ESC\\[[0-9;]*m\""
ok "NO_COLOR wins over color.ui" sh -c "NO_COLOR=1 '$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
ok "--color=never wins over color.ui" sh -c "'$REVDIFF' diff --color=never '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
ok "--color=always wins over NO_COLOR" sh -c "NO_COLOR=1 '$REVDIFF' --color=always diff '$V1' '$V2' | grep -q \"$ESC\\[[0-9;]*m\""
git config -f "$SC" color.ui never
ok "the store's color.ui wins over the user's" sh -c "'$REVDIFF' show e | grep -qF '[-cybersecurity-]'"
git config -f "$SC" color.ui false
ok "a git boolean for color.ui" sh -c "'$REVDIFF' show e | grep -qF '[-cybersecurity-]'"
git config -f "$SC" color.ui sometimes
ok "a bad color.ui is trouble" run 2 "$REVDIFF" show e
ok "and says which setting" has "$T/err" "color.ui is 'sometimes'"
git config -f "$SC" --unset color.ui
git config -f "$SC" diff.format fancy
ok "a bad diff.format is trouble" run 2 "$REVDIFF" show e
git config -f "$SC" --unset diff.format
cp "$SC" "$SC.good"
printf '[diff\n' >>"$SC"
ok "a config that does not parse is trouble" run 2 "$REVDIFF" show e
ok "naming the file and line" has "$T/err" ".revdiff/config:$(wc -l <"$SC"):"
mv "$SC.good" "$SC"
ok "the store still works" run 0 "$REVDIFF" list
printf '# comment\n[Diff]\n\tFormat = "porcelain" ; trailing comment\n' >../home/.config/revdiff/config
ok "git-config syntax: case, quotes, comments" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"

# log.date: the default of --date
ok "an entry" sh -c "'$REVDIFF' add --date=2017-08-13T03:50:22Z -m first d '$V1' >/dev/null"
ok "iso by default" sh -c "'$REVDIFF' log d | grep -q '2017-08-13 03:50:22 +0000'"
printf '[log]\n\tdate = short\n' >../home/.config/revdiff/config
ok "log.date = short" sh -c "'$REVDIFF' log d | grep -q '^1  2017-08-13  '"
ok "--date wins over log.date" sh -c "'$REVDIFF' log --date=unix d | grep -q '^1  1502596222  '"
git config -f "$SC" log.date iso
ok "the store's log.date wins over the user's" sh -c "'$REVDIFF' log d | grep -q '2017-08-13 03:50:22 +0000'"
git config -f "$SC" log.date someday
ok "a bad log.date is trouble" run 2 "$REVDIFF" log d
ok "and says so" has "$T/err" "log.date is 'someday'"

# git-config syntax read as git reads it: each value below, as the
# `avoid` of a rule, is what `git config -f FILE --get` gives
cd "$T" || exit 99
i=0
while IFS= read -r v; do
	i=$((i + 1))
	printf '[rule "x"]\n\tavoid = %s\n' "$v" >"syntax$i"
	want=$(git config -f "syntax$i" --get rule.x.avoid) || { ok "git reads syntax case $i" false; continue; }
	ok "syntax case $i as git reads it: $v" sh -c "'$REVDIFF' check --explain --rules='$T/syntax$i' 2>&1 | grep -qxF -- \"\$0\"" "  error    x: avoid \"$want\""
done <<'CASES'
plain words
two  spaces   kept  
"quoted  # not a comment "
words # a comment
words ; a comment
"a \"quoted\" word"
back\\slash
tab\there
continued \\
mixed "quoted  part" and  unquoted
CASES
printf '[rule "x"]\n\tavoid = continued \\\n\t  on the next line\n' >syntax-cont
want=$(git config -f syntax-cont --get rule.x.avoid)
ok "a value continued on the next line, as git reads it: $want" sh -c "'$REVDIFF' check --explain --rules='$T/syntax-cont' | grep -qxF -- \"\$0\"" "  error    x: avoid \"$want\""
printf '[Rule "MiXed"]\n\tAVOID = word\n[rule.legacy]\n\tavoid = other\n' >syntax-names
ok "section and key names: case as git folds it" sh -c "'$REVDIFF' check --explain --rules='$T/syntax-names' | grep -q 'MiXed: avoid \"word\"' && '$REVDIFF' check --explain --rules='$T/syntax-names' | grep -q 'legacy: avoid \"other\"'"
ok "  git agrees" sh -c "git config -f '$T/syntax-names' --get rule.MiXed.avoid >/dev/null && git config -f '$T/syntax-names' --get rule.legacy.avoid >/dev/null"

done_testing
