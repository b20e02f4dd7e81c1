"""Publication-date benchmark: seeds, the dev set with the date hidden, speed.

    PYTHONPATH=src .venv/bin/python bench/dating.py [-v] [--with-url] [--htmldate N]

Prints, for the three reference seeds (undated texts, gold in seeds/gold/*.yaml) and for the dev
articles (shared/corpus/dev/articles/*.json, date hidden; URL hidden too unless --with-url):
how many come out within a day of the gold date, within the month, wrong, and abstained,
and the time per article. ``--htmldate N`` also checks metadata-date parsing on N pages of
shared/benchmarks/htmldate-eval (htmldate extracts the date string; parley parses it).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from datetime import date

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "src"))

from parley.ingest.dating import find_published, parse_date_loose  # noqa: E402


def judge(pred: str | None, gold: str) -> str:
    if pred is None:
        return "abstain"
    g = date.fromisoformat(gold)
    if len(pred) == 7:  # YYYY-MM
        return "month" if pred == gold[:7] else "wrong"
    p = date.fromisoformat(pred)
    if abs((p - g).days) <= 1:
        return "day"
    if (p.year, p.month) == (g.year, g.month):
        return "month"
    return "wrong"


def show(rows, verbose: bool, label: str) -> dict:
    counts = {"day": 0, "month": 0, "wrong": 0, "abstain": 0}
    for name, gold, pub, verdict, ms in rows:
        counts[verdict] += 1
        if verbose:
            print(f"  {verdict:7s} {name:28s} gold {gold}  got {pub.date!s:10s} conf {pub.confidence:.2f} "
                  f"inferred={pub.inferred} {ms:5.1f} ms  {list(pub.evidence)[:5]}")
    n = len(rows)
    within_month = counts["day"] + counts["month"]
    print(f"{label}: {n} articles | within a day {counts['day']}/{n} ({100 * counts['day'] / max(n, 1):.0f}%) | "
          f"within the month {within_month}/{n} | wrong {counts['wrong']} | abstained {counts['abstain']}")
    return counts


def seeds(verbose: bool) -> None:
    rows = []
    for path in sorted(glob.glob(os.path.join(SHARED, "corpus/seeds/*.txt"))):
        name = os.path.basename(path)
        gold_path = os.path.join(SHARED, "corpus/seeds/gold", name[:-4] + ".yaml")
        gold = str(yaml.safe_load(open(gold_path))["published"]["date"])
        text = open(path, encoding="utf-8").read()
        t0 = time.perf_counter()
        pub = find_published(text)
        ms = (time.perf_counter() - t0) * 1000
        rows.append((name, gold, pub, judge(pub.date, gold), ms))
    show(rows, verbose, "seeds")


def dev(verbose: bool, with_url: bool) -> None:
    rows, undated = [], []
    times = []
    for path in sorted(glob.glob(os.path.join(SHARED, "corpus/dev/articles/*.json"))):
        d = json.load(open(path, encoding="utf-8"))
        t0 = time.perf_counter()
        pub = find_published(d["text"], title=d.get("title"), url=d.get("url") if with_url else None)
        ms = (time.perf_counter() - t0) * 1000
        times.append((ms, len(d["text"])))
        name = d["id"]
        if d.get("date"):
            rows.append((name, d["date"], pub, judge(pub.date, d["date"]), ms))
        else:
            undated.append((name, pub))
    show(rows, verbose, "dev (date hidden" + (", URL given)" if with_url else ", URL hidden)"))
    if verbose:
        for name, pub in undated:
            print(f"  (no gold) {name:28s} got {pub.date!s:10s} conf {pub.confidence:.2f} {list(pub.evidence)[:4]}")
    per_5kb = sum(ms for ms, _ in times) / max(1, sum(n for _, n in times)) * 5000
    print(f"speed: {sum(ms for ms, _ in times) / len(times):.2f} ms per article, {per_5kb:.2f} ms per 5 KB "
          f"(first call loads the data files)")


def htmldate_eval(n: int) -> None:
    base = os.path.join(SHARED, "benchmarks/htmldate-eval")
    try:
        from htmldate import find_date
    except ImportError:
        print("htmldate not installed; skipped")
        return
    gold_files = glob.glob(os.path.join(base, "**/*.json"), recursive=True)
    gold: dict = {}
    for gf in gold_files:
        try:
            data = json.load(open(gf))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            gold.update({k: v for k, v in data.items() if isinstance(v, (str, dict))})
    ok = tried = 0
    for key, val in list(gold.items())[:n]:
        want = val.get("date") if isinstance(val, dict) else val
        html_path = None
        for cand in glob.glob(os.path.join(base, "**", os.path.basename(key)) + "*", recursive=True):
            html_path = cand
            break
        if not html_path or not want:
            continue
        try:
            raw = open(html_path, encoding="utf-8", errors="replace").read()
            found = find_date(raw, outputformat="%Y-%m-%dT%H:%M:%S", original_date=True)
        except Exception:  # noqa: BLE001 - a benchmark: count and move on
            found = None
        tried += 1
        d, prec = parse_date_loose(found)
        if d is not None and d.isoformat() == str(want)[:10]:
            ok += 1
    print(f"htmldate-eval: {ok}/{tried} pages where htmldate's date string, parsed by parley, equals the gold date")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--with-url", action="store_true", help="also give the dev articles' URLs")
    ap.add_argument("--htmldate", type=int, default=0, metavar="N")
    a = ap.parse_args()
    t0 = time.perf_counter()
    find_published("warm-up: the data files load once")
    print(f"data files loaded in {(time.perf_counter() - t0) * 1000:.0f} ms")
    seeds(a.verbose)
    dev(a.verbose, a.with_url)
    if a.with_url is False and a.verbose:
        pass
    if a.htmldate:
        htmldate_eval(a.htmldate)


if __name__ == "__main__":
    main()
