"""Publication-date benchmark: seeds, the dev set with the date hidden, speed.

    PYTHONPATH=src .venv/bin/python bench/dating.py [-v] [--with-url] [--htmldate N]

Prints, for the three reference seeds (undated texts, gold in seeds/gold/*.yaml) and for the dev
articles (shared/corpus/dev/articles/*.json, date hidden; URL hidden too unless --with-url):
how many come out within a day of the gold date, within the month, wrong, and abstained,
and the time per article. ``--htmldate N`` also uses N pages of shared/benchmarks/htmldate-eval
(general news, 2019-2020): metadata-date parsing (htmldate finds the string, parley parses it) and
text-only inference on pages parley was never tuned on.
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
    print(f"speed, one pass: {sum(ms for ms, _ in times) / len(times):.2f} ms per article, {per_5kb:.2f} ms per 5 KB")
    cpu = chars = 0.0
    for path in sorted(glob.glob(os.path.join(SHARED, "corpus/dev/articles/*.json"))):
        d = json.load(open(path, encoding="utf-8"))
        t0 = time.process_time()
        for _ in range(3):
            find_published(d["text"], title=d.get("title"))
        cpu += (time.process_time() - t0) / 3
        chars += len(d["text"])
    print(f"speed, CPU time (steady, not skewed by other processes on the machine): "
          f"{cpu / len(times) * 1000:.2f} ms per article, {cpu / chars * 5000 * 1000:.2f} ms per 5 KB")


def htmldate_eval(n: int) -> None:
    """htmldate-eval (mediacloud 2020 subset): (1) metadata-date parsing: htmldate finds the date string
    in the page, parley's loose parser reads it; (2) text-only inference on pages parley has never seen:
    trafilatura extracts the text, the date and URL are hidden, parley infers."""
    base = os.path.join(SHARED, "benchmarks/htmldate-eval")
    try:
        import trafilatura
        from htmldate import find_date
    except ImportError:
        print("htmldate/trafilatura not installed; skipped")
        return
    gold = json.load(open(os.path.join(base, "eval_mediacloud_2020.json")))
    parsed_ok = parsed_n = 0
    rows = []
    for url, entry in list(gold.items())[:n]:
        want = entry.get("date") if isinstance(entry, dict) else None
        if not isinstance(want, str):
            continue
        path = os.path.join(base, "test_set", entry["file"])
        if not os.path.exists(path):
            continue
        raw = open(path, encoding="utf-8", errors="replace").read()
        try:
            found = find_date(raw, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S")
        except Exception:  # noqa: BLE001 - a benchmark: count and move on
            found = None
        parsed_n += 1
        d, _ = parse_date_loose(found)
        if d is not None and d.isoformat() == want:
            parsed_ok += 1
        text = trafilatura.extract(raw, include_comments=False) or ""
        if len(text) < 200:
            continue
        t0 = time.perf_counter()
        pub = find_published(text)
        ms = (time.perf_counter() - t0) * 1000
        rows.append((entry["file"][:28], want, pub, judge(pub.date, want), ms))
    print(f"htmldate-eval: metadata date string found by htmldate and parsed by parley equals the gold date "
          f"on {parsed_ok}/{parsed_n} pages")
    show(rows, False, "htmldate-eval pages, text only (trafilatura text; date, URL and metadata hidden)")


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
    if a.htmldate:
        htmldate_eval(a.htmldate)


if __name__ == "__main__":
    main()
