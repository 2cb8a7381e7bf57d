#!/usr/bin/env python3
"""Writes the golden corpus: text pairs and version chains, all built
from a fixed seed, so every machine builds the same bytes.

Each case gets its own random.Random(seed), so adding a case never
changes another.  Kinds: plain prose (72 columns or a paragraph a line),
wiki-like pages (headings, paragraphs a line, lists, tables, templates),
edits of every class (words, spacing, case, punctuation, numbers,
quotations, Unicode forms, reflow) and moves (a paragraph, a list item,
a table row, among similar paragraphs).  Plus "bench-like" pairs built
from the licenses in tests/data as bench/gen.py builds its pairs.

usage: gen.py SRCDIR OUTDIR   (writes OUTDIR/a/*, OUTDIR/b/* and
OUTDIR/chains/NAME/1..N; prints nothing)
"""
import os
import random
import sys

WORDS = ("the of and to in a is that for it as was with be by on not he this are or "
         "his from at which but have an they you were her she there been one all we "
         "their has would when if so no will more can out up about what said other "
         "into than its time only could new them some these then two first may any "
         "like now such make over our even most state after also made many did must "
         "before back see through way where much well year because people just say "
         "cybersecurity unit election relations president agreement treaty Trump "
         "Putin Russia Hamburg summit e-mail email co-operation naïve café Straße "
         "résumé city council budget report committee").split()
MONTHS = ("January February March April May June July August September October "
          "November December").split()
QUOTES = [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("'", "'")]
SPACINGS = [("cybersecurity", "cyber security"), ("email", "e-mail"),
            ("co-operation", "cooperation"), ("online", "on-line")]


def word(r):
    x = r.random()
    if x < 0.05:
        return str(r.randrange(1, 3000))
    if x < 0.07:
        return "%d %s %d" % (r.randrange(1, 29), r.choice(MONTHS), r.randrange(1990, 2030))
    if x < 0.09:
        return "%d.%d%%" % (r.randrange(100), r.randrange(10))
    return r.choice(WORDS)


def sentence(r):
    n = r.randrange(3, 18)
    ws = [word(r) for _ in range(n)]
    ws[0] = ws[0][:1].upper() + ws[0][1:]
    if r.random() < 0.15:
        q = r.choice(QUOTES)
        i = r.randrange(n)
        j = min(n, i + r.randrange(1, 6))
        ws[i] = q[0] + ws[i]
        ws[j - 1] = ws[j - 1] + q[1]
    if r.random() < 0.2:
        ws[r.randrange(n)] += ","
    return " ".join(ws) + r.choice([".", ".", ".", "?", "!", ";"])


def paragraph(r, lo=1, hi=6):
    return " ".join(sentence(r) for _ in range(r.randrange(lo, hi)))


def wrap(p, width=72):
    lines, cur = [], ""
    for w in p.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + " " + w if cur else w
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def wiki_blocks(r, n):
    """A wiki page as a list of blocks (each one or more lines)."""
    blocks = []
    for _ in range(n):
        k = r.random()
        if k < 0.1:
            blocks.append("== %s ==" % " ".join(r.choice(WORDS) for _ in range(r.randrange(1, 4))))
        elif k < 0.25:
            item = r.choice(["* ", "# ", "** "])
            blocks.append("\n".join(item + sentence(r) for _ in range(r.randrange(2, 8))))
        elif k < 0.35:
            rows = ["{| class=\"wikitable\"", "! Year !! Votes !! Share"]
            for _ in range(r.randrange(2, 9)):
                rows += ["|-", "| %d || %d || %d.%d%%" % (r.randrange(1990, 2030),
                                                        r.randrange(100, 99999),
                                                        r.randrange(100), r.randrange(10))]
            blocks.append("\n".join(rows + ["|}"]))
        elif k < 0.4:
            blocks.append("{{cite web |url=https://example.org/%d |title=%s |date=%d %s %d}}" % (
                r.randrange(10000), sentence(r), r.randrange(1, 29), r.choice(MONTHS),
                r.randrange(1990, 2030)))
        else:
            p = paragraph(r, 1, 8)
            if r.random() < 0.3:
                p = p.replace(" " + r.choice(WORDS) + " ", " [[%s]] " % r.choice(WORDS), 1)
            blocks.append(p)
    return blocks


def similar_blocks(r, n):
    """Paragraphs or rows that differ only in a number or two: the case
    where a token diff without anchors cascades."""
    kind = r.randrange(4)
    base = sentence(r)
    out = []
    for i in range(n):
        if kind == 0:
            out.append("* Item %d: %s" % (i + 1, base))
        elif kind == 1:
            out.append("|-\n| %d || %s || %d" % (2000 + i, base, r.randrange(1000)))
        elif kind == 2:
            out.append("In %d the council spent %d on %s %s" % (
                1990 + i, r.randrange(100, 999), r.choice(WORDS), base))
        else:
            out.append("%d. %s" % (i + 1, base))
    return out


def text_of(blocks, layout):
    if layout == "wrap":
        return "\n\n".join(wrap(b) if "\n" not in b else b for b in blocks) + "\n"
    if layout == "lines":  # wiki text: a paragraph a line, blank lines between
        return "\n\n".join(blocks) + "\n"
    return "\n".join(blocks) + "\n"  # "tight": one block a line, no blank lines


def edit_words(r, blocks, rate):
    out = []
    for b in blocks:
        ws = b.split(" ")
        nw = []
        for w in ws:
            x = r.random()
            if x < rate / 3:
                nw.append(w[::-1] or "x")
            elif x < rate * 2 / 3:
                continue
            elif x < rate:
                nw += [w, r.choice(WORDS)]
            else:
                nw.append(w)
        out.append(" ".join(nw))
    return out


def edit_trivial(r, text):
    """Spacing, case, punctuation, numbers, Unicode forms and quotes."""
    for a, b in SPACINGS:
        if a in text and r.random() < 0.6:
            text = text.replace(a, b, r.randrange(1, 3))
    for _ in range(r.randrange(1, 4)):
        i = r.randrange(max(1, len(text)))
        c = r.randrange(6)
        if c == 0:
            j = text.find(" ", i)
            if j > 0 and j + 1 < len(text):
                text = text[:j + 1] + text[j + 1].swapcase() + text[j + 2:]
        elif c == 1:
            text = text[:i] + text[i:].replace(",", ";", 1)
        elif c == 2:
            for d in "0123456789":
                k = text.find(d, i)
                if k >= 0:
                    text = text[:k] + str((int(d) + 3) % 10) + text[k + 1:]
                    break
        elif c == 3:
            text = text[:i] + text[i:].replace("é", "e\u0301", 1).replace(" ", "\u00a0", 1)
        elif c == 4:
            k = text.find('"', i)
            if k >= 0:
                e = text.find(" ", k + 2)
                if e > 0:
                    text = text[:e] + " " + r.choice(WORDS) + text[e:]
        else:
            text = text[:i] + text[i:].replace(" - ", " \u2013 ", 1).replace("'", "\u2019", 1)
    return text


def move(r, blocks):
    if len(blocks) < 2:
        return blocks
    blocks = list(blocks)
    i, j = r.sample(range(len(blocks)), 2)
    blocks.insert(j, blocks.pop(i))
    return blocks


def pair(r, i):
    """One (old, new) pair of case i."""
    kind = i % 12
    layout = r.choice(["wrap", "lines", "lines", "tight"])
    n = r.choice([1, 2, 3, 5, 8, 12, 20, 40])
    if kind in (0, 1):
        old = [paragraph(r) for _ in range(n)]
    elif kind in (2, 3, 4):
        old = wiki_blocks(r, n)
    elif kind == 5:
        old = similar_blocks(r, max(3, n))
    else:
        old = [paragraph(r) for _ in range(n)] if r.random() < 0.5 else wiki_blocks(r, n)
    new = list(old)
    if kind in (0, 2, 6):
        new = edit_words(r, new, r.choice([0.005, 0.01, 0.03, 0.1, 0.3]))
    if kind in (1, 3, 5, 7) or r.random() < 0.3:
        new = move(r, new)
    if kind == 5 and r.random() < 0.5:
        new = edit_words(r, new, 0.02)
    if kind == 8:  # blocks inserted and deleted
        for _ in range(r.randrange(1, 4)):
            if new and r.random() < 0.5:
                new.pop(r.randrange(len(new)))
            new.insert(r.randrange(len(new) + 1), paragraph(r))
    if kind == 9:  # rewritten whole, or one side empty
        c = r.randrange(4)
        if c == 0:
            new = [paragraph(r) for _ in range(n)]
        elif c == 1:
            new = []
        elif c == 2:
            old = []
    old_t = text_of(old, layout) if old else ""
    new_t = text_of(new, layout) if new else ""
    if kind in (4, 10) or r.random() < 0.2:
        new_t = edit_trivial(r, new_t)
    if kind == 11:  # reflow, line ends, tabs, a missing final newline
        c = r.randrange(4)
        if c == 0:
            new_t = text_of(new, "wrap" if layout != "wrap" else "lines")
        elif c == 1:
            new_t = new_t.replace("\n", "\r\n")
        elif c == 2:
            new_t = new_t.replace(" ", "\t", 3)
        else:
            new_t = new_t.rstrip("\n")
    return old_t, new_t


def license_pairs(src):
    """Bench-like pairs (gen.py's edits) from the licenses in tests/data,
    in both layouts, at a few sizes."""
    texts = []
    for name in ["GPL-2", "GPL-3", "LGPL-2", "LGPL-2.1", "GFDL-1.2", "GFDL-1.3"]:
        texts.append(open(os.path.join(src, "tests", "data", name), encoding="utf-8").read())
    pool = [p for t in texts for p in t.split("\n\n") if p.strip()]
    for size in [1000, 30000, 300000]:
        for layout in ["wrap", "lines"]:
            r = random.Random(20170709 + size)
            old, total = [], 0
            while total < size:
                p = r.choice(pool)
                if layout == "lines":
                    p = " ".join(p.split())
                old.append(p)
                total += len(p) + 2
            new = edit_words(r, old, 0.01)
            for _ in range(5):
                k = r.randrange(len(new))
                new[k] += " This sentence was added in the new version."
                k = r.randrange(len(new))
                new[k] = new[k].split(". ", 1)[-1]
            new = move(r, new)
            yield ("bench-%s-%d" % (layout, size), "\n\n".join(old) + "\n",
                   "\n\n".join(new) + "\n")


def chain(r, i):
    """Versions of one entry: each an edit of the one before."""
    blocks = wiki_blocks(r, r.choice([3, 6, 12])) if i % 2 else [paragraph(r) for _ in range(5)]
    layout = "lines" if i % 3 else "wrap"
    out = [text_of(blocks, layout)]
    for _ in range(r.randrange(2, 6)):
        c = r.randrange(5)
        if c == 0:
            blocks = move(r, blocks)
        elif c == 1:
            blocks = edit_words(r, blocks, 0.05)
        elif c == 2 and len(out) > 1:
            out.append(out[-2])  # a revert
            continue
        elif c == 3:
            blocks = blocks + [paragraph(r)]
        else:
            out.append(edit_trivial(r, out[-1]))
            continue
        out.append(text_of(blocks, layout))
    return out


PAIRS = 480
CHAINS = 24


def main():
    src, out = sys.argv[1], sys.argv[2]
    for d in ("a", "b", "chains"):
        os.makedirs(os.path.join(out, d), exist_ok=True)

    def put(name, old, new):
        for d, t in (("a", old), ("b", new)):
            with open(os.path.join(out, d, name), "w", encoding="utf-8", newline="") as f:
                f.write(t)

    for i in range(PAIRS):
        put("rand-%03d" % i, *pair(random.Random(1000 + i), i))
    for name, old, new in license_pairs(src):
        put(name, old, new)
    lic = ["GPL-2", "GPL-3", "LGPL-2", "LGPL-2.1", "GFDL-1.2", "GFDL-1.3"]
    for a, b in zip(lic[::2], lic[1::2]):
        put("data-%s-%s" % (a, b), open(os.path.join(src, "tests", "data", a), encoding="utf-8").read(),
            open(os.path.join(src, "tests", "data", b), encoding="utf-8").read())
    v = os.path.join(src, "samples", "versions")
    vs = sorted(os.listdir(v))
    for a, b in zip(vs, vs[1:]):
        put("seed-%s-%s" % (a[0], b[0]), open(os.path.join(v, a), encoding="utf-8").read(),
            open(os.path.join(v, b), encoding="utf-8").read())
    s = sorted(f for f in os.listdir(os.path.join(src, "samples")) if f.endswith(".txt"))
    put("seed-news", open(os.path.join(src, "samples", s[0]), encoding="utf-8").read(),
        open(os.path.join(src, "samples", s[1]), encoding="utf-8").read())
    for i in range(CHAINS):
        d = os.path.join(out, "chains", "entry-%02d" % i)
        os.makedirs(d, exist_ok=True)
        for k, t in enumerate(chain(random.Random(5000 + i), i)):
            with open(os.path.join(d, "%d" % (k + 1)), "w", encoding="utf-8") as f:
                f.write(t)


if __name__ == "__main__":
    main()
