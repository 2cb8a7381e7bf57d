#!/usr/bin/env python3
"""Golden outputs: runs revdiff diff, show, log, blame and check over the
corpus gen.py writes, and compares each output (stdout, stderr, exit
status) with the hash stored in tests/golden/hashes.

usage: golden.py --revdiff PATH [--check | --update | --write DIR] [--only RE]
  --check    (default) list the cases whose output changed; exit 1 if any
  --update   rewrite tests/golden/hashes (only for a change on purpose:
             list it in tests/golden/CHANGES.md)
  --write    also write every output in full under DIR, one file a case,
             to diff two builds: golden.py --revdiff A --write x;
             golden.py --revdiff B --write y; diff -r x y
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
HASHES = os.path.join(HERE, "hashes")

FORMATS = [["--format=plain"], ["--format=color", "--color=always"], ["--format=porcelain"],
           ["--format=json"], ["--format=html"]]
DIFF_OPTS = FORMATS + [["--stat"], ["--stat", "--format=json"], ["-U0"], ["--full"],
                       ["--merge-islands=0"], ["--merge-islands=4"],
                       ["--ignore=trivial"], ["--format=json", "--ignore=trivial"], ["-q"]]
RULES = """[rule "cybersecurity"]
\tprefer = cybersecurity
\tavoid = cyber security
\tavoid = cyber-security
[rule "email"]
\tprefer = email
\tavoid = e-mail
\tseverity = warning
[quotes]
\tprotect = true
[numbers]
\tprotect = warning
"""


class Runner:
    def __init__(self, a, work):
        self.revdiff = os.path.abspath(a.revdiff)
        self.work = work
        self.only = re.compile(a.only) if a.only else None
        self.cases = []  # (name, cmd, cwd)
        home = os.path.join(work, "home")
        os.makedirs(home, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GIT_", "REVDIFF_", "PRE_COMMIT_")) and k != "NO_COLOR"}
        self.env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), TZ="UTC",
                        LC_ALL="C.UTF-8", PAGER="cat", REVDIFF_PAGER="cat",
                        GIT_CONFIG_NOSYSTEM="1", REVDIFF_STORE="store",
                        GIT_AUTHOR_NAME="golden", GIT_AUTHOR_EMAIL="golden@example.org",
                        GIT_COMMITTER_NAME="golden", GIT_COMMITTER_EMAIL="golden@example.org",
                        GIT_AUTHOR_DATE="2020-01-01T00:00:00Z",
                        GIT_COMMITTER_DATE="2020-01-01T00:00:00Z")

    def add(self, name, args, cwd=None):
        if not self.only or self.only.search(name):
            self.cases.append((name, [self.revdiff] + args, cwd or self.work))

    def now(self, args, cwd=None, git=False):
        """A set-up step, run at once (its output is a case too)."""
        cmd = (["git"] if git else [self.revdiff]) + args
        p = subprocess.run(cmd, cwd=cwd or self.work, env=self.env, capture_output=True)
        if git and p.returncode:
            sys.exit("golden: git %s failed: %s" % (args, p.stderr.decode(errors="replace")))
        return p

    def run(self, case):
        name, cmd, cwd = case
        p = subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True)
        return name, p.stdout + b"\0stderr\0" + p.stderr + b"\0status %d\n" % p.returncode


def diff_cases(r):
    names = sorted(os.listdir(os.path.join(r.work, "a")))
    for n in names:
        fa, fb = "a/" + n, "b/" + n
        every = not n.startswith("rand-")
        for f in (FORMATS if every else [["--format=plain"], ["--format=json"]]):
            r.add("diff/%s/%s" % (n, " ".join(f)), ["diff"] + f + [fa, fb])
        if every:
            for o in DIFF_OPTS[len(FORMATS):]:
                r.add("diff/%s/%s" % (n, " ".join(o)), ["diff"] + o + [fa, fb])
    for o in DIFF_OPTS:  # every pair in every format, as directories
        r.add("diff/DIR/%s" % " ".join(o), ["diff"] + o + ["a", "b"])


def store_cases(r, setup):
    r.now(["init"])
    chains = os.path.join(r.work, "chains")
    for e in sorted(os.listdir(chains)):
        vs = sorted(os.listdir(os.path.join(chains, e)), key=int)
        for v in vs:
            p = r.now(["add", "--date=2020-01-%02d 12:%02d:00" % (int(v), int(e[-2:])),
                       "--author=user%d" % (int(v) % 3), "-m", "version %s" % v, e,
                       os.path.join("chains", e, v)])
            setup.append(("store/add %s %s" % (e, v), p))
    # Copied, so that messages name them by a relative path.
    shutil.copy(os.path.join(SRC, "samples", "002_46e04a8a75e51dac.txt"), r.work)
    shutil.copy(os.path.join(SRC, "tests", "data", "wiki", "history.xml"), r.work)
    setup.append(("store/import events", r.now(["import", "events", "002_46e04a8a75e51dac.txt"])))
    setup.append(("store/import mediawiki", r.now(["import", "mediawiki", "history.xml"])))
    entries = r.now(["list"]).stdout.decode().split("\n")
    entries = [re.match(r"(.*?)  \d+ versions?  ", e).group(1) for e in entries if e]
    r.add("list", ["list"])
    r.add("log --all", ["log", "--all"])
    r.add("log --all -S", ["log", "--all", "-S", "the council"])
    r.add("log --all --reverts", ["log", "--all", "--reverts"])
    for e in entries:
        for o in [[], ["--stat"], ["--format=html"], ["-S", "cybersecurity"], ["-i", "-S", "The"]]:
            r.add("log/%s/%s" % (e, " ".join(o)), ["log"] + o + [e])
        for f in [["--format=plain"], ["--format=color", "--color=always"], ["--format=json"],
                  ["--format=html"]]:
            r.add("blame/%s/%s" % (e, " ".join(f)), ["blame"] + f + [e])
            r.add("blame/%s@2/%s" % (e, " ".join(f)), ["blame"] + f + [e + "@2"])
        n = len(r.now(["log", e]).stdout.decode().strip().split("\n"))
        for v in range(1, n + 1):
            for f in [["--format=plain"], ["--format=json"], ["--stat"]]:
                r.add("show/%s@%d/%s" % (e, v, " ".join(f)), ["show"] + f + ["%s@%d" % (e, v)])
        for f in FORMATS + [["--full"], ["-U0"], ["--ignore=trivial"]]:
            r.add("show/%s/%s" % (e, " ".join(f)), ["show"] + f + [e])
        r.add("diff/%s@1 %s" % (e, e), ["diff", "--format=json", e + "@1", e])


def check_cases(r):
    repo = os.path.join(r.work, "repo")
    os.makedirs(repo)
    r.now(["init", "-q", "-b", "main"], repo, git=True)
    with open(os.path.join(repo, ".revdiff-rules"), "w") as f:
        f.write(RULES)
    names = sorted(n for n in os.listdir(os.path.join(r.work, "a"))
                   if not n.startswith("rand-") or int(n[5:]) < 120)
    for n in names:
        shutil.copy(os.path.join(r.work, "a", n), os.path.join(repo, n + ".txt"))
    r.now(["add", "-A"], repo, git=True)
    r.now(["commit", "-q", "-m", "old"], repo, git=True)
    for n in names:
        shutil.copy(os.path.join(r.work, "b", n), os.path.join(repo, n + ".txt"))
    r.now(["add", "-A"], repo, git=True)
    for f in ["text", "json", "github"]:
        r.add("check/--staged/%s" % f, ["check", "--staged", "--format=" + f], repo)
    r.add("check/--fail-on=warning", ["check", "--fail-on=warning"], repo)
    r.add("check/--explain", ["check", "--explain"], repo)
    for n in names[:40]:
        r.add("check/%s" % n, ["check", "--format=json", n + ".txt"], repo)
    r.now(["commit", "-q", "-m", "new"], repo, git=True)
    for f in ["text", "json"]:
        r.add("check/--range/%s" % f, ["check", "--range=HEAD~1..HEAD", "--format=" + f], repo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", required=True)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--check", action="store_true")
    g.add_argument("--update", action="store_true")
    ap.add_argument("--write", metavar="DIR")
    ap.add_argument("--only", metavar="RE", help="only the cases whose name matches")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="revdiff-golden.")
    try:
        subprocess.check_call([sys.executable, os.path.join(HERE, "gen.py"), SRC, work])
        r = Runner(a, work)
        setup = []
        diff_cases(r)
        store_cases(r, setup)
        check_cases(r)
        with ThreadPoolExecutor(a.jobs) as ex:
            outs = list(ex.map(r.run, r.cases))
        # Set-up steps say how long they took: that part is left out.
        outs += [(n, re.sub(rb" in \d+\.\d+ s", b"", p.stdout) + b"\0stderr\0" + p.stderr
                  + b"\0status %d\n" % p.returncode)
                 for n, p in setup if not r.only or r.only.search(n)]
        got = {n: hashlib.sha256(o).hexdigest()[:16] for n, o in outs}
        if len(got) != len(outs):
            sys.exit("golden: two cases share a name")
        if a.write:
            for n, o in outs:
                os.makedirs(a.write, exist_ok=True)
                f = urllib.parse.quote(n, safe=" =@,-")
                if len(f) > 200:
                    f = f[:180] + hashlib.sha256(f.encode()).hexdigest()[:12]
                path = os.path.join(a.write, f)
                with open(path, "wb") as f:
                    f.write(o)
        if a.update:
            if r.only:
                sys.exit("golden: --update writes every case: no --only")
            with open(HASHES, "w") as f:
                for n in sorted(got):
                    f.write("%s %s\n" % (got[n], n))
            print("golden: %d cases written to tests/golden/hashes" % len(got))
            return 0
        want = {}
        with open(HASHES) as f:
            for line in f:
                h, n = line.rstrip("\n").split(" ", 1)
                if not r.only or r.only.search(n):
                    want[n] = h
        bad = sorted(n for n in set(want) | set(got) if want.get(n) != got.get(n))
        for n in bad:
            print("golden: %s: %s" % ("changed" if n in want and n in got else
                                      "missing" if n in want else "new", n))
        print("golden: %d of %d cases differ" % (len(bad), len(want)))
        return 1 if bad else 0
    finally:
        if a.keep:
            print("golden: work directory kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
