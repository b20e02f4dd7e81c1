"""Score ``parley.timex.find_timexes`` on the TempEval-3 training data (TBAQ-cleaned).

Reads every ``.tml`` file under ``../shared/benchmarks/tempeval3/TBAQ-cleaned`` (TimeBank + AQUAINT),
runs ``find_timexes`` on the TEXT of each document with its DCT as the reference date, and prints,
in the spirit of the TempEval-3 scorer:

* strict extent P/R/F1 (exact character span), relaxed extent P/R/F1 (any overlap),
* type accuracy and value accuracy over the relaxed matches,
* type F1 and **value F1** (relaxed matches whose attribute equals the gold one, counted against
  both the system and the gold totals),
* throughput in articles/s of 5 KB each (one core).

The platinum *test* files are never read here.

Usage: ``python bench/tempeval.py [--data DIR] [--errors N] [--split timebank|aquaint]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from parley.timex import find_timexes  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "benchmarks" / "tempeval3" / "TBAQ-cleaned"

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r'<DCT>\s*<TIMEX3[^>]*value="(\d{4})-?(\d{2})-?(\d{2})')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def load_doc(path: Path):
    """Return (text, dct, gold) with gold a list of (start, end, type, value, surface)."""
    raw = path.read_text(encoding="utf-8")
    m = _DCT.search(raw)
    dct = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    body = _TEXT.search(raw).group(1)
    out: list[str] = []
    pos = 0
    n = 0
    gold = []
    open_timex = None
    for tm in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tm.start()])
        out.append(chunk)
        n += len(chunk)
        pos = tm.end()
        closing, name = tm.group(1), tm.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            attrs = dict(_ATTR.findall(tm.group(3)))
            open_timex = (n, attrs)
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append((start, n, attrs.get("type"), attrs.get("value"), None))
            open_timex = None
    chunk = html.unescape(body[pos:])
    out.append(chunk)
    text = "".join(out)
    gold = [(s, e, t, v, text[s:e]) for s, e, t, v, _ in gold]
    return text, dct, gold


def load_corpus(data: Path, split: str | None = None):
    docs = []
    for p in sorted(data.rglob("*.tml")):
        if "platinum" in str(p).lower():
            continue  # never read the test set
        if split and split.lower() not in str(p.parent).lower():
            continue
        docs.append((p.name, *load_doc(p)))
    return docs


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int):
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(docs, show_errors: int = 0):
    n_sys = n_gold = 0
    strict_sys = strict_gold = relax_sys = relax_gold = 0
    type_ok = value_ok = matched = 0
    errors: list[str] = []
    missed: Counter = Counter()
    spurious: Counter = Counter()
    for name, text, dct, gold in docs:
        found = find_timexes(text, dct)
        n_sys += len(found)
        n_gold += len(gold)
        spans = {(g[0], g[1]) for g in gold}
        strict_sys += sum((t.start, t.end) in spans for t in found)
        strict_gold += sum((t.start, t.end) in spans for t in found)  # one-to-one on exact spans
        used: set[int] = set()
        for g in gold:
            hit = None
            for i, t in enumerate(found):
                if i not in used and t.start < g[1] and g[0] < t.end:
                    hit = i
                    break
            if hit is None:
                missed[g[4].lower()] += 1
                errors.append(f"MISS  {name} {dct} {g[4]!r} {g[2]} {g[3]}")
                continue
            used.add(hit)
            t = found[hit]
            relax_gold += 1
            matched += 1
            type_ok += t.type == g[2]
            value_ok += t.value == g[3]
            if t.value != g[3] or t.type != g[2]:
                ctx = text[max(0, g[0] - 40) : g[1] + 30].replace("\n", " ")
                errors.append(
                    f"VALUE {name} {dct} gold {g[4]!r} {g[2]} {g[3]} | sys {t.text!r} {t.type} {t.value} | ...{ctx}..."
                )
        relax_sys += len(used)
        for i, t in enumerate(found):
            if i not in used:
                spurious[t.text.lower()] += 1
                ctx = text[max(0, t.start - 40) : t.end + 30].replace("\n", " ")
                errors.append(f"SPUR  {name} {dct} {t.text!r} {t.type} {t.value} | ...{ctx}...")
    sp, sr, sf = _prf(strict_sys, n_sys, strict_gold, n_gold)
    rp, rr, rf = _prf(relax_sys, n_sys, relax_gold, n_gold)
    tp, tr, tf = _prf(type_ok, n_sys, type_ok, n_gold)
    vp, vr, vf = _prf(value_ok, n_sys, value_ok, n_gold)
    print(f"documents {len(docs)}  gold timexes {n_gold}  system timexes {n_sys}")
    print(f"strict extent   P {sp:.4f}  R {sr:.4f}  F1 {sf:.4f}")
    print(f"relaxed extent  P {rp:.4f}  R {rr:.4f}  F1 {rf:.4f}")
    if matched:
        print(f"type accuracy  {type_ok / matched:.4f}   value accuracy {value_ok / matched:.4f}  (over relaxed matches)")
    print(f"type F1  {tf:.4f}")
    print(f"value F1 {vf:.4f}   (P {vp:.4f}  R {vr:.4f})")
    if show_errors:
        for line in errors[:show_errors]:
            print(line)
        print("top missed:", missed.most_common(25))
        print("top spurious:", spurious.most_common(25))
    return {"strict_f1": sf, "relaxed_f1": rf, "type_f1": tf, "value_f1": vf}


def throughput(docs, passes: int = 5) -> float:
    """Articles of 5 KB per second on one core.

    The corpus texts are glued and cut into 5,000-character pieces; each pass runs ``find_timexes`` on
    all of them and the fastest pass counts (CPU time of this process, so other load on the machine
    inflates the figure less).
    """
    blob = "\n\n".join(text for _, text, _, _ in docs)
    pieces = [blob[i : i + 5000] for i in range(0, len(blob) - 5000, 5000)]
    ref = dt.date(2014, 8, 19)
    for p in pieces[:20]:  # warm up
        find_timexes(p, ref)
    best = float("inf")
    for _ in range(passes):
        t0 = time.process_time()
        for p in pieces:
            find_timexes(p, ref)
        best = min(best, time.process_time() - t0)
    return len(pieces) / best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TEMPEVAL3_TRAIN", DEFAULT_DATA)))
    ap.add_argument("--split", choices=["timebank", "aquaint"], default=None)
    ap.add_argument("--errors", type=int, default=0, help="print this many error lines")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no TempEval-3 training data at {args.data}", file=sys.stderr)
        return 2
    docs = load_corpus(args.data, args.split)
    score(docs, args.errors)
    if not args.no_speed:
        print(f"throughput {throughput(docs):,.0f} articles/s (5 KB each, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
