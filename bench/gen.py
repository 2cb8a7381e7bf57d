#!/usr/bin/env python3
"""Builds a benchmark pair from real text: OLD and NEW of about SIZE bytes.

The old text is paragraphs of the licenses in /usr/share/common-licenses and
of the documentation in /usr/share/doc, repeated in shuffled order until
SIZE is reached.  The new text edits about 1% of the words (replaced,
dropped or doubled), inserts and deletes a few sentences, and moves one
paragraph.  A fixed seed makes every run build the same pair.

With --lines each paragraph is written on one line (as wiki text is),
blank lines between: the same words, the other layout.

usage: gen.py [--lines] SIZE OLD NEW
"""
import glob
import gzip
import os
import random
import sys


def paragraphs():
    texts = []
    for p in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(p):
            texts.append(open(p, encoding="utf-8", errors="replace").read())
    for p in sorted(glob.glob("/usr/share/doc/*/copyright"))[:400]:
        texts.append(open(p, encoding="utf-8", errors="replace").read())
    for p in sorted(glob.glob("/usr/share/doc/*/changelog.Debian.gz"))[:200]:
        try:
            texts.append(gzip.open(p, "rt", encoding="utf-8", errors="replace").read())
        except OSError:
            pass
    paras = []
    for t in texts:
        paras += [p for p in t.split("\n\n") if p.strip()]
    return paras


def main():
    args = sys.argv[1:]
    lines = args[0] == "--lines"
    if lines:
        args = args[1:]
    size, old_path, new_path = int(args[0]), args[1], args[2]
    rng = random.Random(20170709)
    pool = paragraphs()
    if lines:
        pool = [" ".join(p.split()) for p in pool]
    old = []
    total = 0
    while total < size:
        p = rng.choice(pool)
        old.append(p)
        total += len(p) + 2
    new = []
    for p in old:
        words = p.split(" ")
        out = []
        for w in words:
            r = rng.random()
            if r < 0.004:
                out.append(w[::-1] or "x")  # replaced
            elif r < 0.007:
                continue  # dropped
            elif r < 0.010:
                out += [w, "inserted"]  # added
            else:
                out.append(w)
        new.append(" ".join(out))
    for _ in range(5):  # sentences inserted and deleted
        i = rng.randrange(len(new))
        new[i] = new[i] + " This sentence was added in the new version."
        j = rng.randrange(len(new))
        new[j] = new[j].split(". ", 1)[-1]
    i, j = sorted(rng.sample(range(len(new)), 2))  # a paragraph moved
    new.insert(j, new.pop(i))
    open(old_path, "w").write("\n\n".join(old) + "\n")
    open(new_path, "w").write("\n\n".join(new) + "\n")


if __name__ == "__main__":
    main()
