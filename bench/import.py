#!/usr/bin/env python3
"""make bench, wiki part: a MediaWiki history of 2,000 revisions of a
50 KB page (gen_wiki.py) imported by revdiff and, as the same commits, by
`git fast-import`; then the whole history's log with word counts
(`revdiff log --stat` against `git log -p --word-diff`) and a blame of the
newest version (`revdiff blame`, word level, against `git blame`, line
level).  Median wall time of --runs runs and peak memory (max RSS).

usage: import.py [--revdiff PATH] [--runs N] [--revs N] [--size BYTES]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEAKRSS = os.path.join(os.getcwd(), "bench", "peakrss")
ENTRY = "Benchmark page"


def measure(cmd, cwd=None, stdin=None):
    """Wall seconds and peak RSS (MiB) of one run under bench/peakrss."""
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as f:
        p = subprocess.run([PEAKRSS] + cmd, cwd=cwd, stdin=f, capture_output=True, text=True)
    out = p.stdout.split()
    return float(out[0]), int(out[1]) / 1024.0


def timed(runs, prepare, cmd, cwd=None, stdin=None):
    res = []
    for _ in range(runs):
        if prepare:
            prepare()
        res.append(measure(cmd, cwd, stdin))
    return statistics.median(r[0] for r in res), max(r[1] for r in res)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", default=os.path.join(HERE, "..", "revdiff"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--revs", type=int, default=2000)
    ap.add_argument("--size", type=int, default=50000)
    ap.add_argument("--out", default=os.path.join(os.getcwd(), "bench", "out"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    xml = os.path.join(a.out, "wiki-%d.xml" % a.revs)
    fi = os.path.join(a.out, "wiki-%d.fi" % a.revs)
    if not (os.path.exists(xml) and os.path.exists(fi)):
        subprocess.check_call([sys.executable, os.path.join(HERE, "gen_wiki.py"), "--size",
                               str(a.size), "--revs", str(a.revs), "--fast-import", fi, xml])
    store = os.path.join(a.out, "wiki-store")
    gitdir = os.path.join(a.out, "wiki-git")

    def fresh_store():
        shutil.rmtree(store, ignore_errors=True)
        os.makedirs(store)
        subprocess.check_call([a.revdiff, "init"], cwd=store, stdout=subprocess.DEVNULL)

    def fresh_git():
        shutil.rmtree(gitdir, ignore_errors=True)
        subprocess.check_call(["git", "init", "-q", "--bare", gitdir])

    rows = []
    rows.append(("import", "revdiff import mediawiki",
                 timed(a.runs, fresh_store, [a.revdiff, "import", "mediawiki", "-q", xml], cwd=store)))
    rows.append(("import", "git fast-import",
                 timed(a.runs, fresh_git, ["git", "--git-dir=" + gitdir, "fast-import", "--quiet"],
                       stdin=fi)))
    rows.append(("log", "revdiff log --stat",
                 timed(a.runs, None, [a.revdiff, "log", "--stat", ENTRY], cwd=store)))
    rows.append(("log", "git log -p --word-diff",
                 timed(a.runs, None, ["git", "--git-dir=" + gitdir, "log", "-p", "--word-diff",
                                      "page"])))
    rows.append(("blame", "revdiff blame (words)",
                 timed(a.runs, None, [a.revdiff, "blame", "--format=plain", ENTRY], cwd=store)))
    rows.append(("blame", "git blame (lines)",
                 timed(a.runs, None, ["git", "--git-dir=" + gitdir, "blame", "page", "--",
                                      "page.txt"])))
    size = os.path.getsize(xml) / 1e6
    print()
    print("wiki history: %d revisions of a %d KB page (%.0f MB of XML); median of %d runs"
          % (a.revs, a.size // 1000, size, a.runs))
    # "vs git" is revdiff's time over git's, as in run.py: below 1 is faster
    print("%-7s %-28s %9s %12s %9s" % ("task", "tool", "time", "peak mem", "vs git"))
    for i in range(0, len(rows), 2):
        (task, name, (t, m)), (_, gname, (gt, gm)) = rows[i], rows[i + 1]
        print("%-7s %-28s %8.2fs %9.1f MB %8.2fx" % (task, name, t, m, t / gt))
        print("%-7s %-28s %8.2fs %9.1f MB" % ("", gname, gt, gm))


main()
