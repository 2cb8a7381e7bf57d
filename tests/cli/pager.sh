#!/bin/sh
# End-to-end: the pager.  -p forces it, --no-pager forbids it, and without
# either it runs only when stdout is a terminal (faked with script(1) from
# util-linux).  A pager that quits early or does not exist is harmless.
. "$(dirname "$0")/lib.sh"

V1=$SAMPLES/versions/1-first-version.txt
V2=$SAMPLES/versions/2-update.txt
unset REVDIFF_PAGER PAGER LESS NO_COLOR
# a pager that records what it reads, and the LESS it was given
cat >rec <<'EOS'
#!/bin/sh
echo "LESS=${LESS-unset}" >"$(dirname "$0")/paged.env"
cat >"$(dirname "$0")/paged"
EOS
chmod +x rec
export XDG_CONFIG_HOME=$T/xdg

ok "-p sends the output to the pager" sh -c "REVDIFF_PAGER='$T/rec' '$REVDIFF' -p diff '$V1' '$V2' >out; test \$? = 1 && test ! -s out && grep -qF '[-cybersecurity-]' paged"
ok "the pager gets LESS=FRX" has paged.env "LESS=FRX"
rm -f paged paged.env
ok "a LESS of the user's is kept" sh -c "LESS=-S REVDIFF_PAGER='$T/rec' '$REVDIFF' --paginate diff '$V1' '$V2'; grep -qx 'LESS=-S' paged.env"
rm -f paged
ok "no pager when stdout is not a terminal" sh -c "REVDIFF_PAGER='$T/rec' '$REVDIFF' diff '$V1' '$V2' >out; test ! -e paged && grep -qF '[-cybersecurity-]' out"
ok "--no-pager wins over -p" sh -c "REVDIFF_PAGER='$T/rec' '$REVDIFF' -p --no-pager diff '$V1' '$V2' >out; test ! -e paged && test -s out"
ok "a pager on a terminal" sh -c "REVDIFF_PAGER='$T/rec' script -qec \"'$REVDIFF' diff '$V1' '$V2'\" /dev/null >/dev/null; grep -qF 'cybersecurity' paged"
ok "colors pass through the pager on a terminal" sh -c "grep -q \"\$(printf '\\033')\\[[0-9;]*m\" paged"
rm -f paged
ok "--no-pager on a terminal" sh -c "REVDIFF_PAGER='$T/rec' script -qec \"'$REVDIFF' --no-pager diff '$V1' '$V2'\" /dev/null >tty.out; test ! -e paged && grep -qF 'cybersecurity' tty.out"
ok "the exit status survives the pager" sh -c "REVDIFF_PAGER='$T/rec' '$REVDIFF' -p diff '$V1' '$V1'; test \$? = 0"
ok "PAGER when REVDIFF_PAGER is unset" sh -c "PAGER='sed s/^/P:/' '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^P:@@'"
ok "REVDIFF_PAGER before PAGER" sh -c "REVDIFF_PAGER='sed s/^/R:/' PAGER='sed s/^/P:/' '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^R:@@'"
mkdir -p xdg/revdiff
printf '[core]\n\tpager = sed s/^/C:/\n' >xdg/revdiff/config
ok "core.pager before PAGER" sh -c "PAGER='sed s/^/P:/' '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^C:@@'"
ok "REVDIFF_PAGER before core.pager" sh -c "REVDIFF_PAGER='sed s/^/R:/' '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^R:@@'"
rm xdg/revdiff/config
ok "cat means no pager" sh -c "PAGER=cat '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^@@'"
ok "an empty pager means none" sh -c "REVDIFF_PAGER= PAGER='sed s/^/P:/' '$REVDIFF' -p diff '$V1' '$V2' | grep -q '^@@'"
ok "a missing pager: a warning, and the output anyway" sh -c "REVDIFF_PAGER='$T/no-such-pager' '$REVDIFF' -p diff '$V1' '$V2' >out 2>err; test \$? = 1 && grep -q '^@@' out && grep -q 'warning: cannot run the pager' err"
seq 1 300000 >big1; seq 1 300000 | sed 's/7/seven/' >big2
ok "a pager that quits at once: no hang, no error" sh -c "REVDIFF_PAGER=true timeout 20 '$REVDIFF' -p diff big1 big2 >out 2>err; rc=\$?; test \$rc = 141 -o \$rc = 1 && test ! -s err && test ! -s out"
rm -f paged
ok "help is never paged" sh -c "REVDIFF_PAGER='$T/rec' '$REVDIFF' -p help >out; test ! -e paged && grep -q diff out"
done_testing
