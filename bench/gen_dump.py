#!/usr/bin/env python3
"""Builds a dump of many small pages for the dump-scale benchmarks.

PAGES pages (default 1,000,000) of one revision each (--revs N for more),
each a few sentences of about 200 bytes, page ids 1..PAGES, written as a
MediaWiki export (schema 0.10) with correct <sha1> and bytes.  A fixed
seed makes every run build the same dump.  With --fast-import FILE the
same commits go to a `git fast-import` stream (one branch per page), so
the two imports can be timed side by side.

usage: gen_dump.py [--pages N] [--revs N] [--fast-import FILE] XML
"""
import argparse
import hashlib
import random
import sys
import time

WORDS = ("the of and to in a is that for it as was with be by on not he this are or "
         "his from at which but have an they you were her she there been one all we "
         "their has would when if so no will more can out up about what said other "
         "into than its time only could new them man some these then two first may "
         "cybersecurity unit election relations president agreement treaty").split()


def sha1_base36(data):
    n = int.from_bytes(hashlib.sha1(data).digest(), "big")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while n:
        n, r = divmod(n, 36)
        s = digits[r] + s
    return s.rjust(31, "0")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000000)
    ap.add_argument("--revs", type=int, default=1)
    ap.add_argument("--fast-import")
    ap.add_argument("xml")
    a = ap.parse_args()
    rnd = random.Random(14)
    out = open(a.xml, "w", encoding="utf-8")
    fi = open(a.fast_import, "wb") if a.fast_import else None
    out.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n')
    rev = 0
    t0 = 1500000000
    for pid in range(1, a.pages + 1):
        title = "Page %d %s" % (pid, rnd.choice(WORDS))
        out.write("  <page>\n    <title>%s</title>\n    <ns>0</ns>\n    <id>%d</id>\n" % (title, pid))
        words = [rnd.choice(WORDS) for _ in range(35)]
        for r in range(a.revs):
            rev += 1
            if r:
                words[rnd.randrange(len(words))] = rnd.choice(WORDS)
            text = (" ".join(words) + ".\n").encode()
            ts = t0 + pid * 7 + r * 3600
            user = "User%d" % (rev % 997)
            out.write("    <revision>\n      <id>%d</id>\n" % rev)
            out.write("      <timestamp>%s</timestamp>\n" % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts)))
            out.write("      <contributor><username>%s</username><id>%d</id></contributor>\n" % (user, rev % 997 + 1))
            out.write("      <comment>edit %d</comment>\n" % rev)
            out.write('      <text bytes="%d" xml:space="preserve">%s</text>\n' % (len(text), text.decode()))
            out.write("      <sha1>%s</sha1>\n    </revision>\n" % sha1_base36(text))
            if fi:
                msg = b"edit %d\n" % rev
                fi.write(b"commit refs/heads/p%d\n" % pid)
                fi.write(b"author %s <unknown> %d +0000\n" % (user.encode(), ts))
                fi.write(b"committer %s <unknown> %d +0000\n" % (user.encode(), ts))
                fi.write(b"data %d\n%s" % (len(msg), msg))
                fi.write(b"M 100644 inline text\ndata %d\n%s\n" % (len(text), text))
        out.write("  </page>\n")
    out.write("</mediawiki>\n")
    out.close()
    if fi:
        fi.close()


if __name__ == "__main__":
    sys.exit(main())
