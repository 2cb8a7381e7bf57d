#!/bin/sh
# End-to-end: trust boundaries.  Nothing from a place the user does not
# control runs a command or is read: a planted store config, a config
# include that is a FIFO, rules that are symlinks, FIFOs, huge or include
# other files; rules come from what is staged; a store or repository
# owned by another user gets git's "dubious ownership"; rules load in
# linear time.
. "$(dirname "$0")/lib.sh"

unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_PREFIX \
	PRE_COMMIT_FROM_REF PRE_COMMIT_TO_REF REVDIFF_STORE REVDIFF_PAGER PAGER XDG_CONFIG_HOME
HOME=$T/home; GIT_CONFIG_NOSYSTEM=1; GIT_CONFIG_GLOBAL=$T/home/.gitconfig
GIT_AUTHOR_NAME=Tester; GIT_AUTHOR_EMAIL=tester@example.com
GIT_COMMITTER_NAME=Tester; GIT_COMMITTER_EMAIL=tester@example.com
export HOME GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir -p home && : >home/.gitconfig
# a file outside every repository, as /etc/shadow or ~/.gitconfig would be
printf '[credential]\n\thelper = store\nhttps://user:SECRET-TOKEN-42@example.com\n' >secret
# nothing here may take longer than this (a FIFO opened for reading blocks)
TO="timeout 20"

# ---- rules: only a regular file of the work tree, as staged ----------------
git init -q repo && cd repo || exit 99
printf 'A plain line.\n' >a.md && git add a.md && git commit -q -m first || exit 99
printf 'A plain line with cyber security.\n' >a.md && git add a.md

ln -s ../secret .revdiff-rules && git add .revdiff-rules
ok "staged rules that are a symlink are refused" run 2 $TO "$REVDIFF" check
ok "  saying why" has "$T/err" "revdiff: error: staged '.revdiff-rules' is a symbolic link, not a regular file"
ok "  printing nothing of the file it points to" sh -c '! grep -q "SECRET\|helper" "$0" "$1"' "$T/out" "$T/err"
ok "--range: a symlink in the work tree is refused" run 2 $TO "$REVDIFF" check --range HEAD..HEAD
ok "  saying why" has "$T/err" "is a symbolic link; it is read only when it is a regular file"
ok "  printing nothing of it" sh -c '! grep -q "SECRET\|helper" "$0" "$1"' "$T/out" "$T/err"
git rm -q --cached .revdiff-rules && rm .revdiff-rules

mkfifo .revdiff-rules || exit 99
ok "--range: a FIFO as rules does not hang" run 2 $TO "$REVDIFF" check --range HEAD..HEAD
ok "  it is not a regular file" has "$T/err" "is not a regular file"
rm .revdiff-rules

printf '[include]\n\tpath = ../../secret\n[rule "c"]\n\tavoid = cyber security\n' >.revdiff-rules && git add .revdiff-rules
ok "rules that include a file are refused" run 2 $TO "$REVDIFF" check
ok "  naming the line" has "$T/err" "revdiff: error: .revdiff-rules (staged):2: rules cannot include other files"
ok "  printing nothing of the included file" sh -c '! grep -q "SECRET\|helper" "$0" "$1"' "$T/out" "$T/err"

python3 -c "
import sys
with open('.revdiff-rules', 'w') as f:
    f.write('[rule \"c\"]\n\tavoid = cyber security\n')
    f.write('# padding\n' * (9 * 1024 * 1024 // 10 + 1))
" && git add .revdiff-rules || exit 99
ok "rules over 8 MB are refused" run 2 $TO "$REVDIFF" check
ok "  saying so" has "$T/err" "is larger than 8388608 bytes"
ok "  in the work tree too (--range)" run 2 $TO "$REVDIFF" check --range HEAD..HEAD

printf '[credential "https://user:SECRET-TOKEN-42@example.com"]\n\thelper = store\n[url "https://x:SECRET-TOKEN-42@example.com/"]\n\tinsteadOf = https://example.com/\n' >"$T/gitconfig-like"
ok "--rules naming a git config with credentials is refused" run 2 $TO "$REVDIFF" check --rules="$T/gitconfig-like"
ok "  naming the line only" has "$T/err" "gitconfig-like:2: not a rules setting"
ok "  printing none of it" sh -c '! grep -q "SECRET\|credential\|example" "$0" "$1"' "$T/out" "$T/err"

# what is staged decides, not what the work tree holds
printf '[rule "c"]\n\tavoid = cyber security\n' >.revdiff-rules && git add .revdiff-rules
printf '[rule "p"]\n\tavoid = line with\n' >.revdiff-rules
ok "the staged rules are used" run 1 "$REVDIFF" check
ok "  the staged rule fires" has "$T/out" "[c]"
ok "  the work tree's does not" hasnt "$T/out" "[p]"
ok "the hook (check --staged) the same" run 1 "$REVDIFF" check --staged a.md
ok "  the staged rule fires" has "$T/out" "a.md:1:19: error"
git add .revdiff-rules
ok "once staged, the new rules count" run 1 "$REVDIFF" check
ok "  the new rule fires" has "$T/out" "[p]"
git commit -q --no-verify -m rules || exit 99

# ---- rules load in linear time -------------------------------------------
# The old loader took 75 s for 100,000 rules (a quadratic name lookup);
# linear it is well under a second.  Fewer under valgrind, which is slow.
SLOW=; [ "$REVDIFF" != "${REVDIFF_REAL:-$REVDIFF}" ] && SLOW=1
N=100000; [ -n "$SLOW" ] && N=10000
python3 -c "
import sys
with open('$T/many', 'w') as f:
    for i in range($N):
        f.write('[rule \"r%d\"]\n\tprefer = word%d\n\tavoid = wurd%d\n' % (i, i, i))
" || exit 99
# CPU time, not wall time: the machine may be busy with other tests.
ok "$N rules load within 10 s of CPU" python3 -c "
import resource, subprocess, sys
r = subprocess.run(['$REVDIFF', 'check', '--explain', '--rules=$T/many'], capture_output=True, text=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
s = u.ru_utime + u.ru_stime
print('# %d rules in %.2f s of CPU' % ($N, s))
sys.exit(r.returncode != 0 or r.stdout.count('\\n') != $N + 3 or (s > 10 and not '$SLOW'))
"
cd "$T" || exit 99

# ---- config: no command from a store's config, no include that hangs ------
V1=$SAMPLES/versions/1-first-version.txt
V2=$SAMPLES/versions/2-update.txt
mkdir -p cloned/docs && cd cloned || exit 99
# a .revdiff/ that came with a cloned repository: a store whose config
# names a pager that would leave a mark
ok "a store that came with a repository" sh -c "'$REVDIFF' init >/dev/null && '$REVDIFF' add -m one e '$V1' >/dev/null && '$REVDIFF' add -m two e '$V2' >/dev/null"
git config -f .revdiff/config core.pager "touch '$T/PWNED'; cat"
git config -f .revdiff/config diff.format json
for cmd in "log e" "show e" "blame e" "diff e@1 e@2" "diff $V1 $V2"; do
	ok "-p $cmd: the store's core.pager is not run" sh -c "cd docs && $TO '$REVDIFF' -p $cmd >/dev/null 2>'$T/err'; test \$? -le 1 && test ! -e '$T/PWNED'"
done
ok "  said so (show)" sh -c "cd docs && '$REVDIFF' show e 2>&1 >/dev/null | grep -q 'note: core.pager in .*/.revdiff/config is not used'"
ok "  its harmless settings are used (show)" sh -c "cd docs && '$REVDIFF' show e 2>/dev/null | grep -q '^{\"from\"'"
ok "diff FILE FILE reads no store config" sh -c "cd docs && '$REVDIFF' diff '$V1' '$V2' 2>'$T/err' | grep -qF '[-cybersecurity-]' && ! test -s '$T/err'"
mkfifo "$T/fifo" || exit 99
git config -f .revdiff/config include.path "$T/fifo"
ok "a store config including a FIFO: no hang, trouble" run 2 $TO "$REVDIFF" show e
ok "  saying why" has "$T/err" "is not a regular file"
ok "  diff FILE FILE does not read it at all" run 1 $TO "$REVDIFF" diff "$V1" "$V2"
git config -f .revdiff/config --unset include.path
git config -f .revdiff/config --add "includeIf.gitdir:/nowhere/.path" "$T/fifo"
ok "a conditional include of a FIFO: no hang (libgit2 would follow it)" run 2 $TO "$REVDIFF" log e
cd "$T" || exit 99
git init -q fifo-repo && printf '[include]\n\tpath = %s\n' "$T/fifo" >>fifo-repo/.git/config
ok "check in a repository whose config includes a FIFO: no hang, trouble" sh -c "cd fifo-repo && $TO '$REVDIFF' check >/dev/null 2>'$T/err'; test \$? = 2"
ok "  saying why" has "$T/err" "fifo' is not a regular file"
mkdir -p home/.config/revdiff
printf '[include]\n\tpath = %s\n' "$T/fifo" >home/.config/revdiff/config
ok "your config including a FIFO: no hang, trouble" run 2 $TO "$REVDIFF" diff "$V1" "$V2"
ok "  saying why" has "$T/err" "fifo' is not a regular file"
printf '[diff]\n\tformat = porcelain\n' >home/inc
printf '[include]\n\tpath = ../../inc\n' >home/.config/revdiff/config
ok "your config's includes are followed" sh -c "'$REVDIFF' diff '$V1' '$V2' | grep -qx -- '-cybersecurity'"
rm home/.config/revdiff/config home/inc

# ---- another user's files: git's "dubious ownership" -----------------------
# Needs root, to give a directory away (to nobody).
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP not root"; }
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	printf '[core]\n\tpager = touch %s/PWNED2; cat\n' "$T" >home/.config/revdiff/config
	chown nobody home/.config/revdiff/config
	ok "your config owned by another user is not read" run 1 "$REVDIFF" -p diff "$V1" "$V2"
	ok "  its pager not run" test ! -e "$T/PWNED2"
	ok "  with a warning" has "$T/err" "warning: config not read: '$T/home/.config/revdiff/config' is owned by uid"
	rm home/.config/revdiff/config
	mkdir shared && (cd shared && "$REVDIFF" init >/dev/null && "$REVDIFF" add -m one e "$V1" >/dev/null) || exit 99
	chown -R nobody shared
	ok "a store owned by another user is trouble" run 2 "$REVDIFF" --store shared/.revdiff list
	ok "  git's diagnosis" has "$T/err" "revdiff: error: detected dubious ownership in store at '$T/shared/.revdiff'"
	ok "  naming safe.directory" has "$T/err" "    git config --global --add safe.directory $T/shared/.revdiff"
	ok "  found walking up too" sh -c "mkdir -p shared/sub && cd shared/sub && '$REVDIFF' log e >/dev/null 2>'$T/err'; test \$? = 2 && grep -q 'dubious ownership in store' '$T/err'"
	git config --global --add safe.directory "$T/shared/.revdiff"
	ok "listed in safe.directory, it is used" run 0 "$REVDIFF" --store shared/.revdiff list
	git config --global --unset-all safe.directory
	git config --global --add safe.directory '*'
	ok "safe.directory = * too" run 0 "$REVDIFF" --store shared/.revdiff list
	git config --global --add safe.directory ''
	ok "an empty safe.directory resets the list" run 2 "$REVDIFF" --store shared/.revdiff list
	git config --global --unset-all safe.directory
	git init -q theirs && printf 'A line.\n' >theirs/a.md && git -C theirs add a.md || exit 99
	chown -R nobody theirs
	ok "a repository owned by another user is trouble for check" sh -c "cd theirs && '$REVDIFF' check >/dev/null 2>'$T/err'; test \$? = 2"
	ok "  git's diagnosis" has "$T/err" "revdiff: error: detected dubious ownership in repository at '$T/theirs'"
	ok "  as git says" sh -c "cd theirs && git status 2>&1 | grep -q 'dubious ownership'"
	git config --global --add safe.directory "$T/theirs"
	ok "listed in safe.directory, it is checked" sh -c "cd theirs && '$REVDIFF' check >/dev/null 2>&1"
else
	for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do skip "ownership test $t"; done
fi

done_testing
