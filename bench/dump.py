#!/usr/bin/env python3
"""make bench-dump: a whole wiki.  (1) Import throughput, revisions/s and
MB/s of XML, on a generated dump of small one-revision pages (gen_dump.py)
and on the real history of "Anarchism" (../shared/data/wiki/, 15,180
revisions, 1.05 GB of XML), each side by side with `git fast-import` of
the same texts, authors, times and comments (one branch per page).
(2) Against store size, stores of 1 .. 10^N entries: the import's CPU
time per page (linear when it stays flat), and `log`, `show` and `add`
of one entry (the import's own store serves for 10^N).  (3) A store-wide phrase query, `revdiff log
--all -S` against `git log --all -S` over the same store.  Wall seconds
(median of --runs), CPU seconds and peak RSS, from bench/peakrss.

usage: dump.py [--revdiff PATH] [--pages N] [--max-exp N] [--runs N] [--anarchism PATH]
"""
import argparse
import lzma
import os
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, stdin=None):
    """Wall and CPU seconds and peak RSS (MiB) of one run (wait4: this
    child's own usage).  posix_spawn (vfork): a forked child's peak would
    count the pages of Python it had before exec."""
    acts = [(os.POSIX_SPAWN_OPEN, 0, stdin or os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t0 = time.monotonic()
    pid = os.posix_spawnp(cmd[0], cmd, dict(os.environ), file_actions=acts)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("failed (%d): %s" % (code, " ".join(cmd)))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def fresh(path, revdiff=None):
    shutil.rmtree(path, ignore_errors=True)
    if revdiff:
        subprocess.check_call([revdiff, "--store", path, "init"], stdout=subprocess.DEVNULL)
    else:
        subprocess.check_call(["git", "init", "-q", "--bare", path])


def fast_import_of(xml_open, out_path):
    """A git fast-import stream of an export: one branch per page, one
    commit per revision (text, author, time, comment), in file order."""
    ns = ""
    n = 0
    with xml_open() as src, open(out_path, "wb") as out:
        page, title = 0, None
        for ev, el in ET.iterparse(src, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if ev == "start":
                if tag == "page":
                    page += 1
                continue
            if tag == "revision":
                g = lambda t: el.find(ns + t)
                ts = el.findtext("{*}timestamp") or "1970-01-01T00:00:00Z"
                when = int(time.mktime(time.strptime(ts, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone)
                who = (el.findtext("{*}contributor/{*}username") or
                       el.findtext("{*}contributor/{*}ip") or "(unknown)").replace("<", " ").replace(">", " ")
                text = (el.findtext("{*}text") or "").encode()
                msg = (el.findtext("{*}comment") or "").encode() + b"\n"
                out.write(b"commit refs/heads/p%d\n" % page)
                out.write(b"author %s <unknown> %d +0000\n" % (who.encode(), when))
                out.write(b"committer %s <unknown> %d +0000\n" % (who.encode(), when))
                out.write(b"data %d\n%s" % (len(msg), msg))
                out.write(b"M 100644 inline text\ndata %d\n%s\n" % (len(text), text))
                n += 1
                el.clear()
            elif tag == "page":
                el.clear()
    return n


def import_pair(name, a, xml, xml_bytes, revs, fi, work, store):
    git = os.path.join(work, "git.git")
    rd, gi = [], []
    for _ in range(a.runs):
        fresh(store, a.revdiff)
        rd.append(run([a.revdiff, "--store", store, "import", "mediawiki", "-q", xml]))
        fresh(git)
        gi.append(run(["git", "--git-dir", git, "fast-import", "--quiet"], stdin=fi))
    for who, res in (("revdiff import mediawiki", rd), ("git fast-import", gi)):
        wall = statistics.median(r[0] for r in res)
        cpu = statistics.median(r[1] for r in res)
        print("| %s | %s | %.1f s | %.1f s | %.0f rev/s | %.1f MB/s | %.0f MB |" % (
            name, who, wall, cpu, revs / cpu, xml_bytes / 1e6 / cpu, max(r[2] for r in res)),
            flush=True)
    shutil.rmtree(git, ignore_errors=True)
    return rd[-1]


def one_entry(a, store, entry, n):
    """Median wall and CPU seconds of log, show and add of one entry."""
    out = []
    for what in ("log", "show", "add"):
        res = []
        for i in range(5):
            if what == "add":
                text = os.path.join(a.out, "add.txt")
                with open(text, "w") as f:
                    f.write("A version added by the benchmark, %d of 5, to a store of %d.\n" % (i, n))
                cmd = [a.revdiff, "--store", store, "add", entry, text]
            else:
                cmd = [a.revdiff, "--store", store, what, entry]
            res.append(run(cmd))
        out.append((statistics.median(r[0] for r in res), statistics.median(r[1] for r in res),
                    max(r[2] for r in res)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revdiff", default=os.path.join(HERE, "..", "revdiff"))
    ap.add_argument("--pages", type=int, default=1000000)
    ap.add_argument("--max-exp", type=int, default=6)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--anarchism", default=os.path.join(HERE, "..", "..", "shared", "data", "wiki",
                                                        "anarchism-2001-2010.xml.lzma"))
    ap.add_argument("--out", default=os.path.join(os.getcwd(), "bench", "out-dump"))
    a = ap.parse_args()
    a.revdiff = os.path.abspath(a.revdiff)
    os.makedirs(a.out, exist_ok=True)
    gen = os.path.join(HERE, "gen_dump.py")

    print("## import (CPU seconds are user + system; rates per CPU second)\n")
    print("| input | importer | wall | CPU | revisions/s | MB/s of XML | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    xml = os.path.join(a.out, "dump-%d.xml" % a.pages)
    fi = xml + ".fi"
    if not os.path.exists(fi):
        subprocess.check_call([sys.executable, gen, "--pages", str(a.pages), "--fast-import", fi, xml])
    big = os.path.join(a.out, "store-%d" % a.pages)
    imported = {a.pages: import_pair("%d one-revision pages" % a.pages, a, xml, os.path.getsize(xml),
                                     a.pages, fi, a.out, big)}
    if os.path.exists(a.anarchism):
        fi = os.path.join(a.out, "anarchism.fi")
        if not os.path.exists(fi):
            revs = fast_import_of(lambda: lzma.open(a.anarchism), fi)
            open(fi + ".revs", "w").write(str(revs))
        revs = int(open(fi + ".revs").read())
        with lzma.open(a.anarchism) as f:
            size = sum(len(b) for b in iter(lambda: f.read(1 << 20), b""))
        import_pair("Anarchism, %d revisions" % revs, a, a.anarchism, size, revs, fi, a.out,
                    os.path.join(a.out, "anarchism"))
        shutil.rmtree(os.path.join(a.out, "anarchism"), ignore_errors=True)

    print("\n## against store size: the import (CPU per page), then one entry's "
          "`log`, `show` and `add` (wall / CPU, median of 5)\n")
    print("| entries | import CPU | per page | import peak RSS | log | show | add |")
    print("|---|---|---|---|---|---|---|")
    last = None
    for e in range(0, a.max_exp + 1):
        n = 10 ** e
        xml = os.path.join(a.out, "dump-%d.xml" % n)
        if not os.path.exists(xml):
            subprocess.check_call([sys.executable, gen, "--pages", str(n), xml])
        store = os.path.join(a.out, "store-%d" % n)
        if n not in imported:
            fresh(store, a.revdiff)
            imported[n] = run([a.revdiff, "--store", store, "import", "mediawiki", "-q", xml])
        wall, cpu, rss = imported[n]
        names = subprocess.check_output([a.revdiff, "--store", store, "list", "--names"], text=True)
        entry = names.splitlines()[n // 2]
        cells = ["%.3f / %.3f s" % (w, c) for w, c, _ in one_entry(a, store, entry, n)]
        print("| %d | %.2f s | %.0f µs | %.0f MB | %s |" % (
            n, cpu, cpu / n * 1e6, rss, " | ".join(cells)), flush=True)
        last = store

    print("\n## store-wide phrase query over the largest store\n")
    print("| query | wall | CPU | peak RSS |")
    print("|---|---|---|---|")
    phrase = "cybersecurity unit"
    for who, cmd in (("revdiff log --all -S", [a.revdiff, "--store", last, "log", "--all", "-S", phrase]),
                     ("git log --all -S", ["git", "--git-dir", last, "log", "--all", "--format=%H", "-S", phrase])):
        r = run(cmd)
        print("| `%s '%s'` | %.1f s | %.1f s | %.0f MB |" % (who, phrase, r[0], r[1], r[2]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
