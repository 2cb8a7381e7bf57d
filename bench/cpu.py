#!/usr/bin/env python3
"""CPU time of commands run in turn, for comparing builds on a busy machine.

Each command runs --runs times, the commands taking turns so that the load
of a shared machine falls on all alike; its output goes to /dev/null.  The
CPU time of a run is user + system time of all its threads (wait4), which
other processes' load disturbs far less than wall time.  Prints per command
the median user, system and CPU time, the peak memory (maximum resident set
size) and the CPU time over the first command's.

usage: cpu.py [--runs N] NAME=COMMAND [NAME=COMMAND ...]
e.g.:  cpu.py --runs 41 "git=git diff --no-index --word-diff OLD NEW" \\
              "revdiff=./revdiff diff OLD NEW"
(a COMMAND is split at spaces)
"""
import argparse
import os
import statistics


def run(cmd, devnull):
    """User and system seconds and peak RSS (MiB) of one run of cmd."""
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 1)
        os.execvp(cmd[0], cmd)
    _, _, ru = os.wait4(pid, 0)
    return ru.ru_utime, ru.ru_stime, ru.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description="CPU time of commands run in turn")
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("cmds", nargs="+", metavar="NAME=COMMAND")
    a = ap.parse_args()
    cmds = [(c.split("=", 1)[0], c.split("=", 1)[1].split()) for c in a.cmds]
    res = {name: [] for name, _ in cmds}
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(a.runs):
        for name, cmd in cmds:
            res[name].append(run(cmd, devnull))
    base = None
    for name, _ in cmds:
        r = res[name]
        user = statistics.median(x[0] for x in r)
        sys_ = statistics.median(x[1] for x in r)
        cpu = statistics.median(x[0] + x[1] for x in r)
        base = base or cpu
        print("%-12s user %7.1f ms  sys %6.1f ms  cpu %7.1f ms  peak %6.1f MB  %.3fx"
              % (name, user * 1e3, sys_ * 1e3, cpu * 1e3, max(x[2] for x in r), cpu / base))


if __name__ == "__main__":
    main()
