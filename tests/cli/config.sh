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
# the store's config: the config file of the .revdiff found walking up
mkdir -p ../.revdiff sub/deeper
printf '[diff]\n\tformat = plain\n' >../.revdiff/config
ok "the store's config wins over the user's" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
ok "found walking up from a subdirectory" sh -c "cd sub/deeper && '$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
mkdir -p ../other
printf '[diff]\n\tformat = json\n' >../other/config
ok "--store names the store whose config counts" sh -c "'$REVDIFF' --store '$T/other' diff '$V1' '$V2' | grep -q '^{\"from\"'"
ok "REVDIFF_STORE too" sh -c "REVDIFF_STORE='$T/other' '$REVDIFF' diff '$V1' '$V2' | grep -q '^{\"from\"'"
rm ../.revdiff/config
printf '[color]\n\tui = always\n' >../home/.config/revdiff/config
ok "color.ui = always colors a pipe" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -q \"$ESC\\[31m\""
ok "NO_COLOR wins over color.ui" sh -c "NO_COLOR=1 '$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
ok "--color=never wins over color.ui" sh -c "'$REVDIFF' diff --color=never '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
ok "--color=always wins over NO_COLOR" sh -c "NO_COLOR=1 '$REVDIFF' --color=always diff '$V1' '$V2' | grep -q \"$ESC\\[31m\""
printf '[color]\n\tui = never\n' >../.revdiff/config
ok "the store's color.ui wins over the user's" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
printf '[color]\n\tui = false\n' >../.revdiff/config
ok "a git boolean for color.ui" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qF '[-cybersecurity-]'"
printf '[color]\n\tui = sometimes\n' >../.revdiff/config
ok "a bad color.ui is trouble" run 2 "$REVDIFF" diff "$V1" "$V2"
ok "and says which setting" has "$T/err" "color.ui is 'sometimes'"
printf '[diff]\n\tformat = fancy\n' >../.revdiff/config
ok "a bad diff.format is trouble" run 2 "$REVDIFF" diff "$V1" "$V2"
printf '[diff\n' >../.revdiff/config
ok "a config that does not parse is trouble" run 2 "$REVDIFF" diff "$V1" "$V2"
ok "naming the file and line" has "$T/err" ".revdiff/config:1"
rm ../.revdiff/config
printf '# comment\n[Diff]\n\tFormat = "porcelain" ; trailing comment\n' >../home/.config/revdiff/config
ok "git-config syntax: case, quotes, comments" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"
done_testing
