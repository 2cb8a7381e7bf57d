# lib.sh - sourced by the end-to-end tests: TAP output and assertions.
# Each test script runs the built binary ($REVDIFF) in a scratch directory.
set -u
: "${REVDIFF:?run through make check, or set REVDIFF to the built binary}"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
SAMPLES=$TOP_SRCDIR/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/revdiff-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
n=0
failed=0

# ok NAME COMMAND...: the command must succeed.
ok() {
	name=$1; shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		failed=$((failed + 1))
	fi
}

# run EXPECTED_STATUS CMD...: runs CMD, keeps stdout in $T/out, stderr in
# $T/err, and checks the exit status.
run() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# exit $got, wanted $want: $*" >&2
		sed 's/^/# stderr: /' "$T/err" >&2
		return 1
	fi
	return 0
}

# has FILE TEXT: FILE contains TEXT (fixed string).
has() { grep -qF -- "$2" "$1" || { echo "# '$2' not in $1:" >&2; sed 's/^/#   /' "$1" | head -20 >&2; return 1; }; }
hasnt() { ! grep -qF -- "$2" "$1" || { echo "# '$2' unexpectedly in $1" >&2; return 1; }; }

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
