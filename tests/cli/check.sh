#!/bin/sh
# End-to-end: `revdiff check` and `revdiff hook` in scratch git repositories.
. "$(dirname "$0")/lib.sh"

# No user or system git config, no hook environment of an outer git.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_PREFIX \
	PRE_COMMIT_FROM_REF PRE_COMMIT_TO_REF
HOME=$T; GIT_CONFIG_NOSYSTEM=1; GIT_CONFIG_GLOBAL=$T/gitconfig
GIT_AUTHOR_NAME=Tester; GIT_AUTHOR_EMAIL=tester@example.com
GIT_COMMITTER_NAME=Tester; GIT_COMMITTER_EMAIL=tester@example.com
export HOME GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
: >"$T/gitconfig"
# The built binary is first on PATH, as `revdiff` ($REVDIFF may be a
# wrapper, as under make check-valgrind: the link keeps that).  The hook
# itself records the real binary's absolute path.
REAL=${REVDIFF_REAL:-$REVDIFF}
BUILD_DIR=$(cd "$(dirname "$REAL")" && pwd -P)
mkdir "$T/bin" && ln -s "$REVDIFF" "$T/bin/revdiff" || exit 99
PATH=$T/bin:$BUILD_DIR:$PATH; export PATH

git init -q repo && cd repo || exit 99
cat >.revdiff-rules <<'EOF'
[rule "cybersecurity"]
	prefer = cybersecurity
	avoid = cyber security
	avoid = cyber-security
[quotes]
	protect = true
[numbers]
	protect = warn
EOF
cat >news.md <<'EOF'
An old line already says cyber security.
Trump says "we discussed forming an impenetrable unit" with Putin.
The impenetrable cybersecurity unit met 2,680 times.
EOF
git add .revdiff-rules news.md && git commit -q --no-verify -m first || exit 99

# ---- staged changes -------------------------------------------------------
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
git add news.md
ok "staged avoided variant fails" run 1 revdiff check
ok "  with path, line, column and preferred form" has "$T/out" \
	'news.md:3:18: error: write "cybersecurity", not "cyber security": "cybersecurity" -> "cyber security" [cybersecurity]'
ok "  the old occurrence on line 1 is not reported" hasnt "$T/out" "news.md:1:"
ok "  one finding only" test "$(wc -l <"$T/out")" = 1
ok "  summary on stderr" has "$T/err" "revdiff: 1 error, 0 warnings in 1 file"
ok "--staged is the default" run 1 revdiff check --staged
git checkout -q HEAD news.md
echo "A clean staged line." >>news.md && git add news.md
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
ok "unstaged edits are not checked" run 0 revdiff check
git checkout -q HEAD news.md

sed -i 's/an impenetrable unit/an unbreakable unit/' news.md
git add news.md
ok "edit inside a quotation fails" run 1 revdiff check
ok "  quotes finding with old and new words" has "$T/out" \
	'news.md:2:37: error: quotation changed: "impenetrable" -> "unbreakable" [quotes]'
git checkout -q HEAD news.md

sed -i 's/2,680/2,690/' news.md
git add news.md
ok "a changed number is a warning: exit 0" run 0 revdiff check
ok "  reported as a warning" has "$T/out" 'news.md:3:41: warning: number or date changed: "2,680" -> "2,690" [numbers]'
ok "--fail-on=warning fails on it" run 1 revdiff check --fail-on=warning
ok "bad --fail-on is trouble" run 2 revdiff check --fail-on=sometimes
git checkout -q HEAD news.md

echo "Nothing else happened." >>news.md
git add news.md
ok "a clean change passes" run 0 revdiff check
ok "  and prints nothing" test ! -s "$T/out"
git checkout -q HEAD news.md

# ---- FILE arguments, as the pre-commit framework passes them -------------
mkdir -p sub && printf 'Notes on cyber-security.\n' >sub/notes.txt && git add sub/notes.txt
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md && git add news.md
ok "FILE: only that file" run 1 revdiff check sub/notes.txt
ok "  its finding" has "$T/out" 'sub/notes.txt:1:10: error: write "cybersecurity", not "cyber-security": inserted "cyber-security" [cybersecurity]'
ok "  not the other file" hasnt "$T/out" "news.md"
ok "FILE relative to a subdirectory" sh -c 'cd sub && "$0" check ../news.md >"$1" 2>/dev/null; test $? = 1' revdiff "$T/out"
ok "  names the path from the top" has "$T/out" "news.md:3:18: error"
ok "an unchanged FILE passes" run 0 revdiff check .revdiff-rules
git rm -q --cached sub/notes.txt && rm -r sub
git checkout -q HEAD news.md

# ---- formats --------------------------------------------------------------
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md && git add news.md
ok "json format" run 1 revdiff check --format=json
ok "  json fields" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
assert (f["path"], f["line"], f["column"], f["severity"], f["rule"]) == ("news.md", 3, 18, "error", "cybersecurity"), f
assert (f["old"], f["new"], f["prefer"]) == ("cybersecurity", "cyber security", "cybersecurity"), f
assert d["errors"] == 1 and d["warnings"] == 0 and d["skipped"] == []
' "$T/out"
ok "github format" run 1 revdiff check --format=github
ok "  workflow annotation" has "$T/out" \
	'::error file=news.md,line=3,col=18,title=revdiff cybersecurity::write "cybersecurity", not "cyber security": "cybersecurity" -> "cyber security"'
ok "bad format is trouble" run 2 revdiff check --format=xml
ok "--color=always colors the severity" sh -c 'revdiff check --color=always 2>/dev/null | grep -q "$(printf "\033")\[1;31merror:"'
ok "no color when not a terminal" sh -c '! revdiff check 2>/dev/null | grep -q "$(printf "\033")"'
ok "--no-color after --color=always wins" sh -c '! revdiff check --color=always --no-color 2>/dev/null | grep -q "$(printf "\033")"'
ok "a bad --color is a usage error of check" run 2 revdiff check --color=sometimes
ok "  which says so" has "$T/err" "revdiff: error: --color takes auto, always or never, not 'sometimes' (see 'revdiff check --help')"
git checkout -q HEAD news.md
printf 'Cyber security.\n' >"$(printf 'caf\351.txt')" && git add -A .
ok "json with a path that is not UTF-8" sh -c 'revdiff check --format=json >"$0" 2>/dev/null; test $? = 1' "$T/out"
ok "  keeps the finding" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["path"] for f in d["findings"]] == ["caf?.txt"], d
' "$T/out"
git rm -q --cached "$(printf 'caf\351.txt')" && rm "$(printf 'caf\351.txt')"
git checkout -q HEAD news.md

# ---- skipped files and renames --------------------------------------------
printf 'cyber security\0binary\n' >blob.bin && git add blob.bin
ok "binary file skipped: exit 0" run 0 revdiff check
ok "  with a note on stderr" has "$T/err" "revdiff: note: skipped blob.bin: binary"
ok "  json lists it" sh -c 'revdiff check --format=json 2>/dev/null | grep -q "\"reason\": \"binary\""'
git rm -q --cached blob.bin && rm blob.bin
{ echo "cyber security"; head -c 9000000 /dev/zero | tr '\0' 'a'; } >huge.txt && git add huge.txt
ok "file over 8 MB skipped: exit 0" run 0 revdiff check
ok "  with a note on stderr" has "$T/err" "revdiff: note: skipped huge.txt: larger than 8 MB"
git rm -q --cached huge.txt && rm huge.txt

git mv news.md story.md && echo "One more line." >>story.md && git add story.md
ok "renamed file is diffed against its old content" run 0 revdiff check
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' story.md && git add story.md
ok "  and what the rename introduces is reported" run 1 revdiff check
ok "  under the new name" has "$T/out" "story.md:3:18: error"
ok "  and only that" test "$(wc -l <"$T/out")" = 1
git reset -q --hard

# ---- ranges ---------------------------------------------------------------
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
git commit -q --no-verify -am "bad words" || exit 99
ok "--range A..B" run 1 revdiff check --range HEAD~1..HEAD
ok "  finds what the commits introduced" has "$T/out" "news.md:3:18: error"
ok "--range=A...B" run 1 revdiff check --range=HEAD~1...HEAD
ok "a clean range passes" run 0 revdiff check --range HEAD~1..HEAD~1
ok "not a range is trouble" run 2 revdiff check --range HEAD
ok "  says so" has "$T/err" "revdiff: error: 'HEAD' is not a range"
ok "PRE_COMMIT_FROM_REF/TO_REF when nothing is staged" \
	sh -c 'PRE_COMMIT_FROM_REF=HEAD~1 PRE_COMMIT_TO_REF=HEAD revdiff check news.md 2>/dev/null | grep -q "news.md:3:18: error"'
git reset -q --hard HEAD~1

# ---- committing a merge ------------------------------------------------------
base=$(git symbolic-ref --short HEAD)
git checkout -q -b feature && echo "A feature line." >>news.md && git commit -q --no-verify -am feature
git checkout -q "$base" && echo "Main wrote cyber security." >main.txt && git add main.txt &&
	git commit -q --no-verify -m main || exit 99
git checkout -q feature && git merge -q --no-commit --no-ff "$base" >/dev/null 2>&1
ok "a merge: what the merged branch brings is not reported" run 0 revdiff check
ok "  (it is staged against HEAD)" sh -c 'git diff --cached --name-only | grep -qx main.txt'
echo "The merge adds cyber-security." >>main.txt && git add main.txt
ok "  what the merge itself adds is" run 1 revdiff check
ok "  only that" sh -c 'test "$(wc -l <"$0")" = 1 && grep -q "main.txt:2:16: error" "$0"' "$T/out"
git merge --abort && git checkout -q "$base" && git branch -q -D feature && git reset -q --hard HEAD~1

# ---- rules ----------------------------------------------------------------
ok "--explain names the file" run 0 revdiff check --explain
ok "  and the rules" has "$T/out" 'error    cybersecurity: write "cybersecurity", not "cyber security", "cyber-security"'
ok "  with their levels" has "$T/out" "warning  numbers:"
ok "  and where they came from" has "$T/out" "rules from .revdiff-rules (staged):"
cp .revdiff-rules rules.bak
printf '[rule "x"]\n\tavoid = y\n[quotes\n\tprotect = true\n' >.revdiff-rules
ok "rules not staged are not used" run 0 revdiff check --explain
ok "  the staged ones are" has "$T/out" "cybersecurity: write"
git add .revdiff-rules
ok "bad rules syntax is trouble" run 2 revdiff check
ok "  as an error naming the file and line" has "$T/err" "revdiff: error: .revdiff-rules (staged):3: bad section header: missing ']'"
ok "--range reads the work tree's rules" run 2 revdiff check --range HEAD..HEAD
ok "  naming the file and line" has "$T/err" "revdiff: error: .revdiff-rules:3: bad section header"
printf '[rule "x"]\n\tavod = y\n' >.revdiff-rules && git add .revdiff-rules
ok "unknown setting is trouble" run 2 revdiff check
ok "  names it and its line" has "$T/err" ".revdiff-rules (staged):2: unknown setting 'rule.x.avod'"
mv rules.bak .revdiff-rules && git add .revdiff-rules
ok "--rules=nofile is trouble" run 2 revdiff check --rules=nofile
ok "  with the reason" has "$T/err" "revdiff: error: rules: cannot read 'nofile': No such file or directory"
ok "check of a file that does not exist is trouble" run 2 revdiff check nonexist.md
ok "  said so" has "$T/err" "revdiff: error: 'nonexist.md': no such file in the work tree, the index or HEAD"
echo untracked >untracked.md
ok "check of an untracked file: nothing to check" run 0 revdiff check untracked.md
ok "  said so" has "$T/err" "note: untracked.md is not staged"
rm untracked.md
ok "--rules=FILE" sh -c 'printf "[rule \"u\"]\n\tavoid = old line\n" >"$0"; printf "Another old line.\n" >>news.md; git add news.md; revdiff check --rules="$0" >"$1" 2>/dev/null; test $? = 1' "$T/other-rules" "$T/out"
ok "  uses those rules" has "$T/out" 'news.md:4:9: error: avoid "old line": inserted "old line" [u]'
git reset -q --hard

# ---- first commit, no HEAD, no .revdiff -------------------------------------
cd "$T" && git init -q first && cd first || exit 99
printf 'He said "we will win" on July 9.\n' >a.txt && git add a.txt
ok "first commit: checked against the empty tree" run 0 revdiff check
ok "--explain without .revdiff: built-in rules" sh -c 'revdiff check --explain | grep -q "rules from built-in defaults"'
printf '[rule "c"]\n\tavoid = cyber security\n' >.revdiff
printf 'A cyber\nsecurity unit.\n' >b.txt && git add b.txt
ok "rules only in the work tree are not used" run 0 revdiff check
ok "  said so" has "$T/err" "note: .revdiff is not staged"
git add .revdiff
ok "first commit with an avoided phrase fails" run 1 revdiff check
ok "  across the line break" has "$T/out" 'b.txt:1:3: error: avoid "cyber security": inserted "cyber security" [c]'
ok "  .revdiff itself is not checked" hasnt "$T/out" ".revdiff:"
ok "  the old name .revdiff is read, with a note" has "$T/err" "note: rules read from .revdiff, their old name"
ok "--explain outside a repository: built-in rules" sh -c 'cd / && GIT_CEILING_DIRECTORIES=/ "$0" check --explain | grep -q "rules from built-in defaults"' "$REVDIFF"
mkdir -p "$T/storeish" && cd "$T/storeish" && git init -q && mkdir .revdiff && printf 'He said "yes".\n' >q.txt && git add q.txt && git commit -q -m q && printf 'He said "no".\n' >q.txt && git add q.txt
ok ".revdiff as a directory (a store): built-in rules" run 0 revdiff check
ok "  quotes are warnings then" has "$T/out" 'q.txt:1:10: warning: quotation changed: "yes" -> "no" [quotes]'
ok "  --explain says why" sh -c 'revdiff check --explain | grep -q "no .revdiff-rules file staged"'
cd "$T/first" || exit 99
ok "outside a repository is trouble" sh -c 'cd / && GIT_CEILING_DIRECTORIES=/ "$0" check 2>"$1"; test $? = 2' "$REVDIFF" "$T/err"
ok "  says so" has "$T/err" "revdiff: error: not in a git repository"
ok "hook install outside a repository is trouble" sh -c 'cd / && GIT_CEILING_DIRECTORIES=/ "$0" hook install 2>/dev/null; test $? = 2' "$REVDIFF"

# ---- the hook ---------------------------------------------------------------
cd "$T/repo" || exit 99
ok "hook install" run 0 revdiff hook install
ok "  says where" has "$T/out" "installed $(pwd -P)/.git/hooks/pre-commit"
ok "  executable" test -x .git/hooks/pre-commit
ok "  calls the built binary" grep -qF "revdiff='$BUILD_DIR/revdiff'" .git/hooks/pre-commit
head=$(git rev-parse HEAD)
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
ok "git commit -a is blocked (temporary index checked)" run 1 git commit -q -a -m bad
ok "  by the finding (git shows hook output on stderr)" has "$T/err" "news.md:3:18: error"
ok "  HEAD did not move" test "$(git rev-parse HEAD)" = "$head"
ok "git commit PATH is blocked" run 1 git commit -q -m bad news.md
ok "  the real index was never touched" run 0 revdiff check
git checkout -q news.md
echo "A fine new line." >>news.md
ok "a clean git commit -a goes through" run 0 git commit -q -a -m good
ok "  HEAD moved" test "$(git rev-parse HEAD)" != "$head"
sed -i "s|^revdiff=.*|revdiff=/nonexistent/revdiff|" .git/hooks/pre-commit
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
ok "hook falls back to PATH when the binary moved" run 1 git commit -q -a -m bad
ok "  still checking" has "$T/err" "news.md:3:18: error"
git checkout -q news.md
ok "install again updates its own hook" run 0 revdiff hook install
ok "  says updated" has "$T/out" "updated "
ok "hook uninstall" run 0 revdiff hook uninstall
ok "  removed" test ! -e .git/hooks/pre-commit
printf '#!/bin/sh\necho mine\n' >.git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
ok "a foreign hook is not overwritten" run 2 revdiff hook install
ok "  says why" has "$T/err" "was not written by revdiff; left alone"
ok "  left as it was" grep -qx "echo mine" .git/hooks/pre-commit
ok "uninstall leaves a foreign hook alone" run 2 revdiff hook uninstall
ok "  still there" grep -qx "echo mine" .git/hooks/pre-commit
ok "install --force replaces it" run 0 revdiff hook install --force
ok "  keeping the old one" grep -qx "echo mine" .git/hooks/pre-commit.before-revdiff
ok "uninstall puts the old hook back" run 0 revdiff hook uninstall
ok "  restored" grep -qx "echo mine" .git/hooks/pre-commit
rm .git/hooks/pre-commit
git config core.hooksPath .githooks
ok "install respects core.hooksPath" run 0 revdiff hook install
ok "  hook in .githooks" test -x .githooks/pre-commit
ok "  not in .git/hooks" test ! -e .git/hooks/pre-commit
sed -i 's/impenetrable cybersecurity/impenetrable cyber security/' news.md
ok "  and git runs it" run 1 git commit -q -a -m bad
git checkout -q news.md
ok "hook with no action is trouble" run 2 revdiff hook
ok "hook --help" sh -c 'revdiff hook --help | grep -q "usage: revdiff hook install"'
ok "check --help" sh -c 'revdiff check --help | grep -q "usage: revdiff check"'
done_testing
