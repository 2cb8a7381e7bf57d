#!/usr/bin/env python3
"""Builds a MediaWiki history for the import and log benchmarks.

One page of about SIZE bytes (default 50 KB) edited REVS times (default
2,000): most revisions change a few words, some add or drop a sentence,
and every 50th is vandalism (the page blanked or a phrase replaced)
reverted by the next one.  Contributors alternate between users and IPv4
and IPv6 addresses.  A fixed seed makes every run build the same history.

Writes XML with correct <sha1> and bytes to XML, and, with --fast-import
FILE, the same history as a `git fast-import` stream (one commit per
revision on refs/heads/page, author and date from the revision), so the
two imports can be timed side by side.

usage: gen_wiki.py [--size N] [--revs N] [--fast-import FILE] XML
"""
import argparse
import hashlib
import random
from xml.sax.saxutils import escape

WORDS = ("the of and to in a is that for it as was with be by on not he this are or "
         "his from at which but have an they you were her she there been one all we "
         "their has would when if so no will more can out up about what said other "
         "into than its time only could new them man some these then two first may "
         "any like now my such make over our even most me state after also made many "
         "did must before back see through way where get much go well your know "
         "should down work year because come people just say each those take day "
         "cybersecurity unit election relations president agreement treaty").split()


def sha1_base36(data):
    n = int.from_bytes(hashlib.sha1(data).digest(), "big")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while n:
        n, r = divmod(n, 36)
        s = digits[r] + s
    return s.rjust(31, "0")


def sentence(rng):
    n = rng.randint(6, 18)
    w = [rng.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + rng.choice([".", ".", ".", "!", ";"])


def initial(rng, size):
    paras, total = [], 0
    while total < size:
        p = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        paras.append(p)
        total += len(p) + 2
    return paras


def edit(rng, paras):
    paras = list(paras)
    i = rng.randrange(len(paras))
    words = paras[i].split(" ")
    r = rng.random()
    if r < 0.6:
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        paras[i] = " ".join(words)
    elif r < 0.8:
        paras[i] = paras[i] + " " + sentence(rng)
    elif r < 0.9 and len(words) > 20:
        cut = rng.randrange(len(words) - 10)
        paras[i] = " ".join(words[:cut] + words[cut + 8:])
    else:
        paras.insert(i, " ".join(sentence(rng) for _ in range(3)))
    return paras


def contributor(rng, k):
    r = k % 5
    if r == 3:
        return ("ip", "192.0.2.%d" % rng.randint(1, 254))
    if r == 4:
        return ("ip", "2001:DB8:0:0:0:0:0:%X" % rng.randint(1, 65535))
    u = rng.randint(1, 40)
    return ("user", "User%d" % u, u)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=50000)
    ap.add_argument("--revs", type=int, default=2000)
    ap.add_argument("--fast-import")
    ap.add_argument("xml")
    a = ap.parse_args()
    rng = random.Random(20170709)
    paras = initial(rng, a.size)
    xml = open(a.xml, "w", encoding="utf-8")
    fi = open(a.fast_import, "wb") if a.fast_import else None
    xml.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
              '  <page>\n    <title>Benchmark page</title>\n    <ns>0</ns>\n    <id>1</id>\n')
    t0 = 1500000000
    good = paras
    for k in range(1, a.revs + 1):
        minor = False
        if k % 50 == 0:
            text = "LOL" if rng.random() < 0.5 else "\n\n".join(good).replace("election", "ELECTION FRAUD", 1)
            comment = "" if rng.random() < 0.5 else "fix"
        elif k % 50 == 1 and k > 1:
            text = "\n\n".join(good)
            comment = "Reverted edits to last good version"
            minor = True
        else:
            good = edit(rng, good) if k > 1 else good
            text = "\n\n".join(good)
            comment = "edit %d" % k
        text += "\n"
        data = text.encode()
        c = contributor(rng, k)
        ts = t0 + k * 3600 + rng.randint(0, 3000)
        when = "%04d-%02d-%02dT%02d:%02d:%02dZ" % __import__("time").gmtime(ts)[:6]
        xml.write("    <revision>\n      <id>%d</id>\n" % (1000 + k))
        if k > 1:
            xml.write("      <parentid>%d</parentid>\n" % (999 + k))
        xml.write("      <timestamp>%s</timestamp>\n" % when)
        if c[0] == "ip":
            xml.write("      <contributor>\n        <ip>%s</ip>\n      </contributor>\n" % c[1])
        else:
            xml.write("      <contributor>\n        <username>%s</username>\n        <id>%d</id>\n      </contributor>\n" % (c[1], c[2]))
        if minor:
            xml.write("      <minor />\n")
        xml.write("      <comment>%s</comment>\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n" % escape(comment))
        xml.write('      <text bytes="%d" xml:space="preserve">%s</text>\n' % (len(data), escape(text)))
        xml.write("      <sha1>%s</sha1>\n    </revision>\n" % sha1_base36(data))
        if fi:
            who = c[1].encode()
            msg = comment.encode() + b"\n\nRevision-id: %d\n" % (1000 + k)
            fi.write(b"blob\nmark :%d\ndata %d\n%s\n" % (2 * k, len(data), data))
            fi.write(b"commit refs/heads/page\nmark :%d\n" % (2 * k + 1))
            fi.write(b"author %s <%s@wiki> %d +0000\ncommitter %s <%s@wiki> %d +0000\n" % (who, who, ts, who, who, ts))
            fi.write(b"data %d\n%s\n" % (len(msg), msg))
            if k > 1:
                fi.write(b"from :%d\n" % (2 * k - 1))
            fi.write(b"M 100644 :%d page.txt\n\n" % (2 * k))
    xml.write("  </page>\n</mediawiki>\n")
    xml.close()
    if fi:
        fi.close()


if __name__ == "__main__":
    main()
