#!/usr/bin/env python3
"""make bench: revdiff side by side with the word diffs it competes with.

For 1 MB and 10 MB documents built by gen.py from real text (about 1% of
words edited, sentences inserted and deleted, a paragraph moved), runs each
tool several times and prints the median wall time and the peak memory
(maximum resident set size) of each.  Tools that are not installed are
listed as such; a tool that takes longer than --timeout is stopped and
shown as such.

usage: run.py [--revdiff PATH] [--runs N] [--sizes 1,10] [--timeout S]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


PEAKRSS = os.path.join(os.getcwd(), "bench", "peakrss")


def measure(cmd, timeout):
    """Wall seconds and peak RSS (MiB) of one run, or None past timeout.
    Run under bench/peakrss, whose small parent keeps the figure honest."""
    try:
        out = subprocess.run([PEAKRSS] + cmd, capture_output=True, text=True,
                             timeout=timeout).stdout.split()
    except subprocess.TimeoutExpired:
        return None
    return float(out[0]), int(out[1]) / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", default=os.path.join(HERE, "..", "revdiff"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,10")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    print("word diff of two documents, ~1%% of words edited "
          "(median of %d runs; peak memory is max RSS)" % a.runs)
    print("%-6s %-34s %10s %12s %9s" % ("size", "tool", "time", "peak mem", "vs git"))
    for size in [int(s) for s in a.sizes.split(",")]:
        old = os.path.join(a.out, "old%d" % size)
        new = os.path.join(a.out, "new%d" % size)
        if not (os.path.exists(old) and os.path.exists(new)):
            subprocess.check_call([sys.executable, os.path.join(HERE, "gen.py"),
                                   str(size * 1000000), old, new])
        tools = [
            ("revdiff diff", [a.revdiff, "diff", "--format=plain", old, new]),
            ("git diff --no-index --word-diff", ["git", "diff", "--no-index", "--word-diff", old, new]),
            ("wdiff", ["wdiff", old, new]),
            ("dwdiff", ["dwdiff", old, new]),
        ]
        git_time = None
        revdiff_row = (None, None, None)
        for name, cmd in tools:
            if not shutil.which(cmd[0]) and not os.path.exists(cmd[0]):
                print("%-6s %-34s %10s" % ("%dMB" % size, name, "not installed"))
                continue
            runs = []
            for _ in range(a.runs if size < 10 or name != "dwdiff" else 1):
                r = measure(cmd, a.timeout)
                if r is None:
                    break
                runs.append(r)
            if not runs:
                print("%-6s %-34s %10s" % ("%dMB" % size, name, ">%ds" % a.timeout))
                continue
            t = statistics.median(r[0] for r in runs)
            m = max(r[1] for r in runs)
            if name.startswith("git"):
                git_time = t
            ratio = ""
            if git_time and not name.startswith("git"):
                ratio = "%.2fx" % (git_time / t) if name != "revdiff diff" else ""
            if name == "revdiff diff":
                revdiff_row = (size, t, m)
            print("%-6s %-34s %9.3fs %10.1f MB %9s" % ("%dMB" % size, name, t, m, ratio))
            if name.startswith("git") and revdiff_row[0] == size:
                print("%-6s %-34s %9s  %11s %8.2fx" % ("", "  revdiff speed-up over git", "", "",
                                                      t / revdiff_row[1]))
    extra = os.path.join(HERE, "import.py")
    if os.path.exists(extra):
        subprocess.call([sys.executable, extra, "--revdiff", a.revdiff])


main()
