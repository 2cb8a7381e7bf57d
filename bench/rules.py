#!/usr/bin/env python3
"""Loading rules: `revdiff check --rules=FILE` with nothing staged, for
files of 1,000 to 100,000 [rule] sections (three settings each).  Linear
loading keeps the time per rule flat; the old loader was quadratic (75 s
at 100,000).  Median wall and CPU time of --runs runs.

usage: rules.py [--revdiff PATH] [--runs N] [--max N]
"""
import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time


def write_rules(path, n):
    with open(path, "w") as f:
        for i in range(n):
            f.write('[rule "r%d"]\n\tprefer = word%d\n\tavoid = wurd%d\n\tavoid = w-o-r-d %d\n' % (i, i, i, i))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", default="./revdiff")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max", type=int, default=100000)
    a = ap.parse_args()
    revdiff = os.path.abspath(a.revdiff)
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["git", "init", "-q", d], check=True)
        print("%8s %10s %10s %10s %12s" % ("rules", "bytes", "wall s", "CPU s", "CPU us/rule"))
        n = 1000
        while n <= a.max:
            path = os.path.join(d, "rules-%d" % n)
            write_rules(path, n)
            times, cpus = [], []
            for _ in range(a.runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run([revdiff, "check", "--rules=" + path], cwd=d, check=True,
                               stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            s, c = statistics.median(times), statistics.median(cpus)
            print("%8d %10d %10.3f %10.3f %12.2f" % (n, os.path.getsize(path), s, c, c / n * 1e6))
            n *= 10


if __name__ == "__main__":
    main()
