#!/usr/bin/env python3
"""Builds a benchmark pair of document trees: OLD and NEW directories of
N files (default 1,000) of 1 to 50 KB each, in 20 subdirectories, made of
the paragraphs gen.py uses.  NEW edits a few files (about 1% of words in
each), renames a few (half of them edited too), adds a few and removes a
few; the rest are the same.  A fixed seed makes every run build the same
trees.

usage: gen_tree.py OLD NEW [N]
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

EDITED, RENAMED, ADDED, REMOVED = 10, 6, 5, 5


def text(rng, pool):
    size, out, total = rng.randint(1000, 50000), [], 0
    while total < size:
        p = rng.choice(pool)
        out.append(p)
        total += len(p) + 2
    return "\n\n".join(out) + "\n"


def edit(rng, t):
    words = t.split(" ")
    for _ in range(max(1, len(words) // 100)):
        i = rng.randrange(len(words))
        words[i] = words[i][::-1] or "x"
    return " ".join(words)


def write(root, rel, t):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(t)


def main():
    old, new = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rng = random.Random(20170827)
    pool = gen.paragraphs()
    files = {"d%02d/doc%04d.txt" % (i % 20, i): text(rng, pool) for i in range(n)}
    names = sorted(files)
    picked = rng.sample(names, EDITED + RENAMED + REMOVED)
    edited, renamed, removed = (picked[:EDITED], picked[EDITED:EDITED + RENAMED],
                                picked[EDITED + RENAMED:])
    for rel, t in files.items():
        write(old, rel, t)
        if rel in removed:
            continue
        if rel in edited:
            t = edit(rng, t)
        if rel in renamed:
            if renamed.index(rel) % 2:
                t = edit(rng, t)
            rel = rel.replace("doc", "moved/doc")
        write(new, rel, t)
    for i in range(ADDED):
        write(new, "added/new%02d.txt" % i, text(rng, pool))


if __name__ == "__main__":
    main()
