#!/usr/bin/env python3
"""Agreement of revdiff's word diff with two peers, on the peers' own tests.

    python3 bench/agreement.py --revdiff ./revdiff \
        [--git GIT_CHECKOUT] [--wikidiff2 WIKIDIFF2_CHECKOUT] [-v]

Each checkout is a clone of git/git or of wikimedia/mediawiki-php-wikidiff2
(a work tree or a bare repository: files are read with `git show HEAD:`).
Nothing of theirs is kept here; fetch them yourself.

git (t/t4034/*/pre, post, expect): the whitespace-separated words of both
texts that git's --color-words output marks changed (see git_display)
against those revdiff's JSON marks.  Printed: the Jaccard index of the two
sets of changed words, over all pairs (-v: per pair; -vv: each word).

wikidiff2 (tests/*.phpt, the inputs evaluated by php-cli): the words each
tool marks (inside <ins>/<del>, or JSON highlight ranges, and whole added or
deleted lines); a moved block counts only the words edited inside it.
Printed: both counts per pair, and the pairs where revdiff marks more,
with the reason when one is known (WHY below).
"""
import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

# Pairs where revdiff marks more words than wikidiff2, and why its reading
# is the better one (README, "How it diffs").  Keyed by test file name.
WHY = {}


def is_word_char(c):
    return unicodedata.category(c)[0] in "LMN" or c == "_"


def words(text):
    """[(start, end)] character spans of the words of text."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        j = i + 1
        if is_word_char(c):
            while j < n and is_word_char(text[j]):
                j += 1
        out.append((i, j))
        i = j
    return out


def count_words(text):
    return sum(1 for s, e in words(text) if is_word_char(text[s]))


def git_show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], check=True,
                          stdout=subprocess.PIPE).stdout


def git_ls(repo, path):
    out = subprocess.run(["git", "-C", repo, "ls-tree", "--name-only", "HEAD", path + "/"],
                         check=True, stdout=subprocess.PIPE).stdout.decode()
    return [p for p in out.split("\n") if p]


def revdiff_json(revdiff, a, b):
    with tempfile.TemporaryDirectory() as d:
        pa, pb = os.path.join(d, "a"), os.path.join(d, "b")
        with open(pa, "wb") as f:
            f.write(a)
        with open(pb, "wb") as f:
            f.write(b)
        r = subprocess.run([revdiff, "diff", "--format=json", pa, pb], stdout=subprocess.PIPE)
        if r.returncode not in (0, 1):
            sys.exit("revdiff failed on a pair")
        return json.loads(r.stdout)


def revdiff_marks(d):
    """Byte ranges revdiff marks changed: (old ranges, new ranges).  A moved
    block marks only what was edited inside it ("inner")."""
    ma, mb = [], []
    for o in d["ops"]:
        if o["op"] == "equal" or o.get("class") == "whitespace":
            continue
        if o.get("class") == "moved" and o.get("partner"):
            for x in o.get("inner", []):
                if x["op"] == "delete":
                    ma.append(x["from"])
                elif x["op"] == "insert":
                    mb.append(x["to"])
            continue
        if o["op"] == "delete":
            ma.append(o["from"])
        else:
            mb.append(o["to"])
    return ma, mb


# ---- git t4034 -----------------------------------------------------------
# Both diffs are read as a display: a stream of bytes, each in both texts,
# the old only or the new only, split into display words at whitespace.  A
# display word holding a change marks every whitespace-separated word of
# either text it holds a byte of.  So `((a+b))` -> `((a+=b))` is the same
# change whether it shows as [-+-]{+=+}... or as {+=+}: both mark the
# words `((a+b))` and `((a+=b))`.

TAG = re.compile(rb"<(RED|GREEN|RESET|BOLD|CYAN|MAGENTA|YELLOW|BLUE)>")
SPACE = b" \t\n\r\f\v"


def git_display(expect, pre, post):
    """[(state, byte, old offset, new offset)] of git's expected output, the
    offsets of non-space bytes found by matching them against the texts
    (a display line does not say which text its newline belongs to)."""
    out = []
    texts = (pre, post)
    hunks = re.split(rb"(?m)^<CYAN>@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@.*$", expect)
    for h in range(1, len(hunks), 5):
        line0 = (int(hunks[h]), int(hunks[h + 2]))
        pos = []
        for side in (0, 1):
            t, p, k = texts[side], 0, 1
            while k < line0[side] and p < len(t):
                p = t.index(b"\n", p) + 1 if b"\n" in t[p:] else len(t)
                k += 1
            pos.append(p)
        state = 0  # 0 both, 1 old, 2 new
        for piece in TAG.split(hunks[h + 4]):
            if TAG.fullmatch(b"<" + piece + b">"):
                state = {b"RED": 1, b"GREEN": 2}.get(piece, 0)
                continue
            for byte in piece:
                if byte in SPACE:
                    out.append((state, byte, None, None))
                    continue
                at = [None, None]
                for side in (0, 1):
                    if state == 2 - side:  # the other text's only
                        continue
                    t, p = texts[side], pos[side]
                    while p < len(t) and t[p] != byte:
                        if t[p] not in SPACE:
                            raise ValueError("expected output does not match the text")
                        p += 1
                    if p >= len(t):
                        raise ValueError("expected output runs past the text")
                    at[side] = p
                    pos[side] = p + 1
                out.append((state, byte, at[0], at[1]))
    return out


def revdiff_display(d, pre, post):
    """The same display from revdiff's JSON ops (a moved block: its inner
    diff, the move itself not counted as a change)."""
    out = []

    def put(state, a, b):
        if a is not None:
            for k in range(a[0], a[1]):
                out.append((state, pre[k], k if state != 2 else None, b[0] + k - a[0] if b else None))
        else:
            for k in range(b[0], b[1]):
                out.append((state, post[k], None, k))

    for o in d["ops"]:
        if o.get("class") == "moved" and o.get("partner"):
            if o["op"] == "insert":
                for x in o.get("inner", []):
                    put({"equal": 0, "delete": 1, "insert": 2}[x["op"]],
                        x.get("from") if x["op"] != "insert" else None,
                        x.get("to") if x["op"] != "delete" else None)
            continue
        state = {"equal": 0, "delete": 1, "insert": 2}[o["op"]]
        if o.get("class") == "whitespace":
            state = 0 if o["op"] == "insert" else None
            if state is None:
                continue
            put(0, None, o["to"])
            continue
        put(state, o.get("from") if o["op"] != "insert" else None,
            o.get("to") if o["op"] != "delete" else None)
    return out


def word_index(text):
    """Index of the whitespace-separated word holding each byte (-1: space)."""
    idx, k, prev_space = [], -1, True
    for byte in text:
        if byte in SPACE:
            idx.append(-1)
            prev_space = True
        else:
            if prev_space:
                k += 1
            idx.append(k)
            prev_space = False
    return idx


def changed_words(display, widx):
    """{(side, word)} the display marks changed."""
    out, word = set(), []

    def flush():
        if any(e[0] for e in word):
            for e in word:
                for side in (0, 1):
                    if e[2 + side] is not None:
                        out.add((side, widx[side][e[2 + side]]))
        word.clear()

    for e in display:
        if e[1] in SPACE:
            flush()
        else:
            word.append(e)
    flush()
    return out


def run_git(args):
    inter = union = 0
    for d in git_ls(args.git, "t/t4034"):
        lang = d.rsplit("/", 1)[1]
        pre, post = git_show(args.git, d + "/pre"), git_show(args.git, d + "/post")
        expect = git_show(args.git, d + "/expect")
        widx = (word_index(pre), word_index(post))
        g = changed_words(git_display(expect, pre, post), widx)
        r = changed_words(revdiff_display(revdiff_json(args.revdiff, pre, post), pre, post), widx)
        i, u = len(g & r), len(g | r)
        inter += i
        union += u
        if args.verbose:
            print("  t4034 %-8s %3d/%3d words agree" % (lang, i, u))
            if args.verbose > 1:
                for side, w in sorted(g ^ r):
                    text = (pre, post)[side].split()[w].decode("utf-8", "replace")
                    print("    %s %s word %r" % ("git only" if (side, w) in g else "revdiff only",
                                               ("old", "new")[side], text))
    score = inter / union if union else 1.0
    print("git t4034: word agreement (Jaccard) %.3f (%d of %d changed words)" % (score, inter, union))
    return score


# ---- wikidiff2 ------------------------------------------------------------

def php_inputs(src):
    """The two texts of a .phpt test, evaluated by php-cli."""
    code = src.split("--FILE--", 1)[1].split("--EXPECT", 1)[0]
    code = code.split("print", 1)[0].replace("?>", "").strip()
    if "$x" not in code and "$before" not in code:
        m = re.search(r"wikidiff2_\w+\(\s*('(?:[^'\\]|\\.)*')\s*,\s*('(?:[^'\\]|\\.)*')", src)
        if not m:
            return None
        code = "<?php $x = %s; $y = %s;" % (m.group(1), m.group(2))
    code += ('\n$a = isset($x) ? $x : $before; $b = isset($y) ? $y : $after;'
             'echo strlen($a), "\\n", $a, $b;')
    r = subprocess.run(["php"], input=code.encode(), stdout=subprocess.PIPE, check=True)
    n, rest = r.stdout.split(b"\n", 1)
    return rest[:int(n)], rest[int(n):]


def wikidiff2_words(src):
    """Words wikidiff2 marks, from its inline (HTML or JSON) expected output."""
    expect = src.split("--EXPECT--", 1)[1]
    if "----INLINE:----" in expect:
        inline = expect.split("----INLINE:----", 1)[1]
        n = 0
        for m in re.finditer(r"<(ins|del)>(.*?)</\1>", inline, re.S):
            n += count_words(html.unescape(re.sub(r"<[^>]*>", "", m.group(2))))
        return n
    m = re.search(r'\{"diff":.*\}', expect, re.S)
    if m:
        n = 0
        for line in json.loads(m.group(0))["diff"]:
            t = line["text"].encode()
            if line["type"] in (1, 2):
                n += count_words(line["text"])
            for r in line.get("highlightRanges", []):
                n += count_words(t[r["start"]:r["start"] + r["length"]].decode("utf-8", "replace"))
        return n
    if "<ins" in expect or "<del" in expect:
        n = 0
        for m in re.finditer(r"<(ins|del)[^>]*>(.*?)</\1>", expect, re.S):
            n += count_words(html.unescape(re.sub(r"<[^>]*>", "", m.group(2))))
        return n
    return None


def run_wikidiff2(args):
    seen, worse, pairs, total_r, total_w = set(), [], 0, 0, 0
    for path in git_ls(args.wikidiff2, "tests"):
        if not path.endswith(".phpt"):
            continue
        src = git_show(args.wikidiff2, path).decode()
        texts = php_inputs(src)
        if not texts:
            continue
        key = hashlib.sha1(texts[0] + b"\0" + texts[1]).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        w = wikidiff2_words(src)
        if w is None:
            continue
        d = revdiff_json(args.revdiff, texts[0], texts[1])
        ma, mb = revdiff_marks(d)
        r = sum(count_words(texts[0][s:e].decode("utf-8", "replace")) for s, e in ma) + \
            sum(count_words(texts[1][s:e].decode("utf-8", "replace")) for s, e in mb)
        pairs += 1
        total_r += r
        total_w += w
        name = path.rsplit("/", 1)[1]
        if r > w:
            worse.append((name, r, w))
        if args.verbose:
            print("  %-40s revdiff %4d words, wikidiff2 %4d" % (name, r, w))
    print("wikidiff2: %d distinct pairs; words marked: revdiff %d, wikidiff2 %d" %
          (pairs, total_r, total_w))
    unexplained = 0
    for name, r, w in worse:
        why = WHY.get(name)
        unexplained += why is None
        print("  revdiff marks more on %s: %d against %d%s" %
              (name, r, w, " (" + why + ")" if why else " (no reason known)"))
    if not worse:
        print("  revdiff marks no more words than wikidiff2 on any pair")
    return unexplained


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--revdiff", default="./revdiff")
    p.add_argument("--git", help="a clone of git/git")
    p.add_argument("--wikidiff2", help="a clone of wikimedia/mediawiki-php-wikidiff2")
    p.add_argument("-v", "--verbose", action="count", default=0)
    args = p.parse_args()
    if not args.git and not args.wikidiff2:
        p.error("give --git, --wikidiff2 or both")
    if args.git:
        run_git(args)
    if args.wikidiff2:
        run_wikidiff2(args)


if __name__ == "__main__":
    main()
