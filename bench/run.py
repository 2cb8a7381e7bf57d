#!/usr/bin/env python3
"""make bench: revdiff side by side with the word diffs it competes with.

Start-up first (`--version` against an empty C program and `git
--version`).  Then, for documents of 1 KB, 100 KB, 1 MB and 10 MB built by
gen.py from real text (about 1% of words edited, sentences inserted and
deleted, a paragraph moved), and the seed's versions 1 and 2, each tool
runs several times: the median wall time and the peak memory (maximum
resident set size) are printed.  Each size comes in two layouts: wrapped at
72 columns (/72col) and a paragraph a line as wiki text is (/para).  Last, two trees of 1,000 files of 1-50 KB
(gen_tree.py: a few edited, renamed, added and removed) are diffed whole,
and the files each tool reports are compared.  Tools that are not
installed are listed as such; a tool that takes longer than --timeout is
stopped and shown as such.

usage: run.py [--revdiff PATH] [--runs N] [--sizes 1,100,1000,10000]
              [--files N] [--timeout S] [--out DIR] [--no-import]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEAKRSS = os.path.join(os.getcwd(), "bench", "peakrss")
EMPTY = os.path.join(os.getcwd(), "bench", "empty")
# Small inputs take a few ms: more runs for a steady median.
SMALL_RUNS = 41


def measure(cmd, timeout):
    """Wall seconds and peak RSS (MiB) of one run, or None past timeout.
    Run under bench/peakrss, whose small parent keeps the figure honest."""
    try:
        out = subprocess.run([PEAKRSS] + cmd, capture_output=True, text=True,
                             timeout=timeout).stdout.split()
    except subprocess.TimeoutExpired:
        return None
    return float(out[0]), int(out[1]) / 1024.0


def compare(label, tools, runs, timeout):
    """Runs each (name, cmd) of tools `runs` times, taking turns, so that
    the load of a shared machine falls on all alike; prints a row each,
    with the time over the first tool's (git's)."""
    res = {name: [] for name, _ in tools}
    out = {name: None for name, _ in tools}
    live = []
    for name, cmd in tools:
        if not shutil.which(cmd[0]) and not os.path.exists(cmd[0]):
            out[name] = "not installed"
        else:
            live.append((name, cmd))
    for i in range(runs):
        for name, cmd in live:
            if out[name] or (name == "dwdiff" and i and res[name] and res[name][0][0] > 5):
                continue  # stopped, or too slow to run again
            r = measure(cmd, timeout)
            if r is None:
                out[name] = ">%ds" % timeout
            else:
                res[name].append(r)
    base = None
    for name, _ in tools:
        if not res[name]:
            print("%-12s %-32s %10s" % (label, name, out[name]))
        else:
            t = statistics.median(r[0] for r in res[name])
            m = max(r[1] for r in res[name])
            base = base or t
            ratio = "%.2fx" % (t / base) if base != t or name != tools[0][0] else ""
            print("%-12s %-32s %9.4fs %10.1f MB %9s" % (label, name, t, m, ratio))
        label = ""


def pair_rows(label, old, new, a):
    """git, revdiff, wdiff and dwdiff on one pair."""
    runs = max(a.runs, SMALL_RUNS) if os.path.getsize(new) < 1000000 else a.runs
    compare(label, [("git diff --no-index --word-diff",
                     ["git", "diff", "--no-index", "--word-diff", old, new]),
                    ("revdiff diff", [a.revdiff, "diff", "--format=plain", old, new]),
                    ("wdiff", ["wdiff", old, new]),
                    ("dwdiff", ["dwdiff", old, new])], runs, a.timeout)


def statuses(cmd):
    """The (status, path...) lines of a tree diff, renames' scores dropped."""
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return sorted(("R" if l[0] == "R" else l[0],) + tuple(p.lstrip("/") for p in l.split("\t")[1:])
                  for l in out.splitlines() if l)


def revdiff_statuses(revdiff, old, new):
    """revdiff's porcelain headers read back as git's --name-status."""
    out = subprocess.run([revdiff, "diff", "--format=porcelain", old, new],
                         capture_output=True, text=True).stdout
    rows, cur = [], None
    for l in out.splitlines():
        if l.startswith("diff --git "):
            if cur:
                rows.append(cur)
            f = l.split(" ")
            cur = ("M", f[2][2:])
            b = f[3][2:]
        elif cur and l.startswith("new file mode"):
            cur = ("A", b)
        elif cur and l.startswith("deleted file mode"):
            cur = ("D", cur[1])
        elif cur and l.startswith("rename from "):
            cur = ("R", cur[1], b)
    if cur:
        rows.append(cur)
    return sorted(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", default=os.path.join(HERE, "..", "revdiff"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,100,1000,10000", help="in KB")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--no-import", action="store_true", help="skip import.py's part")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    print("median wall time of the runs (%d for inputs under 1 MB, else %d); peak memory "
          "is max RSS; the last column is the time over git's" % (max(a.runs, SMALL_RUNS), a.runs))
    print("%-12s %-32s %10s %13s %9s" % ("input", "tool", "time", "peak mem", "vs git"))
    compare("start-up", [("git --version", ["git", "--version"]),
                         ("an empty C program", [EMPTY]),
                         ("revdiff --version", [a.revdiff, "--version"])],
            max(a.runs, SMALL_RUNS) * 2, a.timeout)

    seed = os.path.join(HERE, "..", "samples", "versions")
    pair_rows("seed", os.path.join(seed, "1-first-version.txt"),
              os.path.join(seed, "2-update.txt"), a)
    # Both layouts: wrapped at 72 columns, and a paragraph a line (wiki
    # text), where every changed line is a whole paragraph.
    for kb in [int(s) for s in a.sizes.split(",")]:
        for lines in (False, True):
            tag = "p" if lines else ""
            old = os.path.join(a.out, "old%dk%s" % (kb, tag))
            new = os.path.join(a.out, "new%dk%s" % (kb, tag))
            if not (os.path.exists(old) and os.path.exists(new)):
                subprocess.check_call([sys.executable, os.path.join(HERE, "gen.py")] +
                                      (["--lines"] if lines else []) + [str(kb * 1000), old, new])
            label = "%dMB" % (kb // 1000) if kb >= 1000 else "%dKB" % kb
            pair_rows(label + ("/para" if lines else "/72col"), old, new, a)

    if a.files:
        old = os.path.join(a.out, "tree%d-old" % a.files)
        new = os.path.join(a.out, "tree%d-new" % a.files)
        if not (os.path.exists(old) and os.path.exists(new)):
            subprocess.check_call([sys.executable, os.path.join(HERE, "gen_tree.py"),
                                   old, new, str(a.files)])
        compare("%d files" % a.files,
                [("git diff --no-index --word-diff",
                  ["git", "diff", "--no-index", "--word-diff", old, new]),
                 ("revdiff diff DIR DIR", [a.revdiff, "diff", "--format=plain", old, new]),
                 ("revdiff diff -q DIR DIR", [a.revdiff, "diff", "-q", old, new]),
                 ("diff -rq (GNU, bytes only)", ["diff", "-rq", old, new])],
                max(a.runs, 11), a.timeout)
        ours = revdiff_statuses(a.revdiff, old, new)
        theirs = statuses(["git", "diff", "--no-index", "--name-status", old, new])
        print("%-12s %d pairs reported by revdiff, %d by git: %s" % (
            "", len(ours), len(theirs), "the same files" if ours == theirs else "DIFFERENT"))
    extra = os.path.join(HERE, "import.py")
    if os.path.exists(extra) and not a.no_import:
        subprocess.call([sys.executable, extra, "--revdiff", a.revdiff])


if __name__ == "__main__":
    main()
