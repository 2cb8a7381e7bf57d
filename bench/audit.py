#!/usr/bin/env python3
"""audit.py - how revdiff's blame compares with WikiWho on real histories.

Imports the Anarchism history (../shared/data/wiki, see its README) into a
temporary store, runs `revdiff blame --format=json` on the final revision
and compares each token's origin revision with WikiWho 1.0.3's output for
the same history.  Prints agreement (overall, words, markup and
punctuation), how many final tokens revision 292488247 is credited with,
who the history proves right where the two disagree, and the time and
peak memory of the import and of blame (--buckets: the markup and
punctuation disagreements by kind).  No network.

WikiWho lowercases the text and splits markup symbols off words; tokens
are aligned by character position: each WikiWho token takes the origin
of the revdiff token that holds its first character.

Small histories (pywikibot's Pyrus and Pear exports, WikiWho's Finger
Lakes example) are compared too when local git mirrors of those projects
are found (--mirrors); WikiWho itself is then run from its mirror.
"""
import argparse
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types

FINAL_REV = 341408830
MOVER_REV = 292488247

# WikiWho's token rule, written as one regex: white space separates; the
# symbols below are tokens of their own, except that [[ ]] {{ }} <!-- -->
# stay together; everything else runs into words.
SYMBOLS = (".,;:?!-_/\\()[]{}*#@&=+%~$^<>\"'´`¸˛’¤₳฿₵¢₡₢₫₯֏₠€ƒ₣₲₴₭₺₾ℳ₥₦₧₱₰£៛₽₹₨₪৳₸₮₩¥"
           "§‖¦⟨⟩–—¯»«”÷×′″‴¡¿©℗®℠™|")
TOKEN_RE = re.compile(r"<!--|-->|\[\[|\]\]|\{\{|\}\}|[%s]|[^ \n\r%s]+"
                      % (re.escape(SYMBOLS), re.escape(SYMBOLS)))


def lower_same_length(text):
    """Lowercase char by char so that positions stay those of `text`."""
    return "".join((c.lower() if len(c.lower()) == 1 else c) for c in text)


def ww_tokens(text):
    """[(start, end, string)] as WikiWho splits the lowercased text."""
    low = lower_same_length(text)
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(low)]


def is_word(s):
    return any(c.isalnum() for c in s)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def peak_figures(out):
    """(wall seconds, peak RSS in MiB, CPU seconds, exit status) from
    bench/peakrss's line."""
    f = out.split()
    return float(f[0]), int(f[1]) / 1024.0, float(f[2]), int(f[3])


def peak(peakrss, cmd):
    """peak_figures of cmd, its output discarded."""
    res = peak_figures(run([peakrss] + cmd, stdout=subprocess.PIPE, text=True).stdout)
    if res[3] != 0:
        sys.exit("audit: failed (%d): %s" % (res[3], " ".join(cmd)))
    return res


def import_xml(revdiff, peakrss, store, data, lzma_file):
    """Imports (warnings, e.g. the Finger Lakes example's made-up sha1s,
    hidden) and returns its peak_figures."""
    run([revdiff, "--store", store, "init"], stdout=subprocess.DEVNULL)
    p = subprocess.Popen([peakrss, revdiff, "--store", store, "import", "mediawiki", "-q", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    opener = lzma.open(lzma_file, format=lzma.FORMAT_ALONE) if lzma_file else None
    with (opener or open(data, "rb")) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            p.stdin.write(chunk)
    p.stdin.close()
    res = peak_figures(p.stdout.read().decode())
    if p.wait() != 0 or res[3] not in (0, 1):
        sys.exit("audit: import failed")
    return res


def blame_json(revdiff, store, entry):
    out = run([revdiff, "--store", store, "blame", "--format=json", entry],
              stdout=subprocess.PIPE).stdout
    return json.loads(out.decode("utf-8"))


def rd_origins(blame):
    """(text, per-character origin revision id) of revdiff's blame."""
    text, owner = [], []
    for t in blame["tokens"]:
        rid = t["origin"].get("revision_id")
        text.append(t["text"])
        owner.extend([rid] * len(t["text"]))
    return "".join(text), owner


def compare(blame, ww):
    """Per WikiWho token: (string, revdiff origin, WikiWho origin, index)."""
    text, owner = rd_origins(blame)
    mine = ww_tokens(text)
    if [s for _, _, s in mine] != [t["str"] for t in ww]:
        a, b = [s for _, _, s in mine], [t["str"] for t in ww]
        k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        sys.exit("audit: token lists differ at %d (%d vs %d tokens): %r vs %r"
                 % (k, len(a), len(b), a[k:k + 5], b[k:k + 5]))
    rows = []
    for (s, _, string), t in zip(mine, ww):
        rid = owner[s]
        rows.append((string, int(rid) if rid is not None else None, t["o_rev_id"]))
    return rows


def figures(rows):
    def pct(sel):
        sel = list(sel)
        return 100.0 * sum(1 for r in sel if r[1] == r[2]) / max(1, len(sel))
    return (pct(rows), pct(r for r in rows if is_word(r[0])),
            pct(r for r in rows if not is_word(r[0])))


def markup_buckets(rows):
    """Counter of the markup and punctuation disagreements by where they
    sit: alone between agreeing neighbours ("lone": which side gives the
    token an origin its neighbours do not have) or inside or at the edge of
    a longer disagreement, and whether revdiff's origin is the newer
    (revision ids grow with time)."""
    import collections
    out = collections.Counter()
    for i, (s, a, w) in enumerate(rows):
        if is_word(s) or a == w:
            continue
        nb = [j for j in (i - 1, i + 1) if 0 <= j < len(rows)]
        agree = [rows[j][1] == rows[j][2] for j in nb]
        rd_nb, ww_nb = [rows[j][1] for j in nb], [rows[j][2] for j in nb]
        if all(agree):
            k = ("lone, revdiff differs from its neighbours" if a not in rd_nb and w in ww_nb else
                 "lone, WikiWho differs from its neighbours" if a in rd_nb and w not in ww_nb else
                 "lone, other")
        else:
            k = "edge of a longer disagreement" if any(agree) else "inside a longer disagreement"
        out[k + (", revdiff newer" if (a or 0) > (w or 0) else ", revdiff older")] += 1
    return out


# ---- who the history proves right ---------------------------------------------

def history_index(store, ref):
    """revision id -> (position, commit), oldest first.  The message is
    read whole: git finds no trailers in a message of trailers alone (a
    revision without a comment), and those revisions must count too."""
    out = run(["git", "--git-dir", store, "log", "--reverse", "--format=%H%n%B%x00", ref],
              stdout=subprocess.PIPE, text=True).stdout
    idx, commits = {}, []
    for i, rec in enumerate(r for r in out.split("\0") if r.strip()):
        lines = rec.strip("\n").split("\n")
        commits.append(lines[0])
        for line in reversed(lines[1:]):
            if line.startswith("Revdiff-Revision: "):
                idx[int(line.split(": ", 1)[1])] = i
                break
    return idx, commits


def texts_of(store, commits):
    """commit -> text, through one git cat-file --batch."""
    p = subprocess.Popen(["git", "--git-dir", store, "cat-file", "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    res = {}
    for c in commits:
        p.stdin.write(("%s:text\n" % c).encode())
        p.stdin.flush()
        head = p.stdout.readline().split()
        if len(head) < 3:
            res[c] = ""
            continue
        n = int(head[2])
        res[c] = p.stdout.read(n).decode("utf-8", "replace")
        p.stdout.read(1)
    p.stdin.close()
    p.wait()
    return res


def history_decides(store, ref, rows):
    """(WikiWho right, revdiff right) where the two disagree and exactly one
    claim is refuted: a claim "new in R" is refuted when the token with its
    two neighbours each side was already in the text just before R."""
    idx, commits = history_index(store, ref)
    need = set()
    for _, a, b in rows:
        for r in (a, b):
            if r in idx and idx[r] > 0:
                need.add(commits[idx[r] - 1])
    texts = texts_of(store, sorted(need))
    grams = {}

    def has(rev, ctx):
        c = commits[idx[rev] - 1] if rev in idx and idx[rev] > 0 else None
        if c is None:
            return False
        if c not in grams:
            toks = [s for _, _, s in ww_tokens(texts[c])]
            grams[c] = set(tuple(toks[i:i + 5]) for i in range(len(toks)))
        return ctx in grams[c]

    strings = [r[0] for r in rows]
    ww_right = rd_right = 0
    for i, (_, a, b) in enumerate(rows):
        if a == b or i < 2 or i + 3 > len(rows):
            continue
        ctx = tuple(strings[i - 2:i + 3])
        ra, rb = has(a, ctx), has(b, ctx)
        if ra and not rb:
            ww_right += 1
        elif rb and not ra:
            rd_right += 1
    return ww_right, rd_right


# ---- small histories, WikiWho run from its mirror ----------------------------------

def git_show(mirror, path):
    d = mirror if os.path.isdir(os.path.join(mirror, "objects")) else os.path.join(mirror, ".git")
    try:
        return subprocess.run(["git", "--git-dir", d, "show", "HEAD:" + path], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def load_wikiwho(mirrors, tmp):
    pkg = os.path.join(tmp, "WikiWho")
    os.makedirs(pkg, exist_ok=True)
    for f in ("__init__.py", "structures.py", "utils.py", "wikiwho.py"):
        src = git_show(os.path.join(mirrors, "wikiwho+WikiWho", "repo"), "WikiWho/" + f)
        if src is None:
            return None
        with open(os.path.join(pkg, f), "wb") as out:
            out.write(src)
    sys.path.insert(0, tmp)
    from WikiWho.wikiwho import Wikiwho  # noqa: E402
    return Wikiwho


def ww_run(Wikiwho, xml):
    """WikiWho's tokens of the last revision of the first page of `xml`."""
    import xml.etree.ElementTree as ET
    from WikiWho.utils import iter_rev_tokens
    root = ET.fromstring(xml)
    ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
    page = root.find(ns + "page")
    revs = []
    for r in page.findall(ns + "revision"):
        c = r.find(ns + "contributor")
        user = None
        if c is not None:
            name = c.findtext(ns + "username") or c.findtext(ns + "ip")
            uid = c.findtext(ns + "id")
            user = types.SimpleNamespace(text=name, id=int(uid) if uid else None)
        ts = r.findtext(ns + "timestamp")
        revs.append(types.SimpleNamespace(
            id=int(r.findtext(ns + "id")), text=r.findtext(ns + "text") or "",
            sha1=r.findtext(ns + "sha1"), comment=r.findtext(ns + "comment"),
            minor=r.find(ns + "minor") is not None, user=user,
            deleted=types.SimpleNamespace(text=False, restricted=False),
            timestamp=types.SimpleNamespace(long_format=lambda ts=ts: ts)))
    w = Wikiwho(page.findtext(ns + "title"))
    w.analyse_article_from_xml_dump(revs)
    last = w.revisions[w.ordered_revisions[-1]]
    return page.findtext(ns + "title"), [{"str": t.value, "o_rev_id": t.origin_rev_id}
                                         for t in iter_rev_tokens(last)]


SMALL = [("wikimedia+pywikibot", "tests/data/xml/article-pyrus.xml"),
         ("wikimedia+pywikibot", "tests/data/xml/article-pear.xml"),
         ("maribelacosta+wikiwho", "example files/Finger_Lakes3_dummy.xml")]


def small_histories(args, peakrss, tmp):
    Wikiwho = load_wikiwho(args.mirrors, tmp) if args.mirrors else None
    if Wikiwho is None:
        print("small histories: no WikiWho mirror under %s, skipped" % args.mirrors)
        return True
    ok = True
    for repo, path in SMALL:
        xml = git_show(os.path.join(args.mirrors, repo, "repo"), path)
        if xml is None:
            print("small history %s: not mirrored, skipped" % os.path.basename(path))
            continue
        store = tempfile.mkdtemp(dir=tmp)
        f = os.path.join(tmp, "small.xml")
        with open(f, "wb") as out:
            out.write(xml)
        import_xml(args.revdiff, peakrss, store, f, None)
        title, ww = ww_run(Wikiwho, xml)
        rows = compare(blame_json(args.revdiff, store, title), ww)
        all_, _, _ = figures(rows)
        print("small history %-32s %5d tokens, agreement %.1f%%"
              % (os.path.basename(path), len(rows), all_))
        ok = ok and all_ == 100.0
    return ok


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--revdiff", required=True)
    ap.add_argument("--peakrss", default=None)
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "wiki"))
    ap.add_argument("--mirrors", default=os.environ.get("REVDIFF_MIRRORS"),
                    help="directory of owner+name/repo git mirrors (optional)")
    ap.add_argument("--store", help="reuse (or create) this store for the import")
    ap.add_argument("--json", help="write revdiff's blame JSON here")
    ap.add_argument("--buckets", action="store_true",
                    help="also count the markup and punctuation disagreements by kind")
    args = ap.parse_args()
    args.revdiff = os.path.abspath(args.revdiff)
    peakrss = args.peakrss or os.path.join(os.path.dirname(args.revdiff), "bench", "peakrss")

    tmp = tempfile.mkdtemp(prefix="revdiff-audit-")
    try:
        ok = small_histories(args, peakrss, tmp)
        store = args.store or os.path.join(tmp, "store")
        imported = None
        if not os.path.isdir(store):
            imported = import_xml(args.revdiff, peakrss, store, None,
                                  os.path.join(args.data, "anarchism-2001-2010.xml.lzma"))
        with lzma.open(os.path.join(args.data, "anarchism-wikiwho-1.0.3.json.xz")) as f:
            ww = json.load(f)
        blamed = peak(peakrss, [args.revdiff, "--store", store, "blame", "--format=json",
                                "Anarchism"])
        blame = blame_json(args.revdiff, store, "Anarchism")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(blame, f)
        rows = compare(blame, ww["tokens"])
        all_, words, markup = figures(rows)
        mover = sum(1 for r in rows if r[1] == MOVER_REV)
        ww_right, rd_right = history_decides(store, "refs/heads/entries/Anarchism", rows)
        print("Anarchism, final revision %d: %d tokens (WikiWho's split)" % (FINAL_REV, len(rows)))
        print("  agreement with WikiWho 1.0.3   %.1f%%  (words %.1f%%, markup and punctuation %.1f%%)"
              % (all_, words, markup))
        print("  credited to r%d          %d tokens" % (MOVER_REV, mover))
        print("  disagreements the history decides: revdiff right %d, WikiWho right %d"
              % (rd_right, ww_right))
        if args.buckets:
            for k, c in markup_buckets(rows).most_common():
                print("    %5d %s" % (c, k))
        if imported:
            print("  import: %.2f s (CPU %.2f s), peak memory %.0f MiB"
                  % (imported[0], imported[2], imported[1]))
        print("  blame: %.2f s (CPU %.2f s), peak memory %.0f MiB"
              % (blamed[0], blamed[2], blamed[1]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
