#!/usr/bin/env python3
"""Throughput and peak memory of `parley extract` beside the bare spaCy pipeline, same texts, same run.

    python bench/throughput.py [--articles 2000] [--jobs 1] [--source DIR]

Builds N articles (variations of the real articles in ../shared/corpus; of parley's bundled samples
when ../shared is absent) into a temporary JSONL file, then times two whole processes:
  bare:   load the spaCy model, nlp.pipe() over the texts, nothing else
  parley: `parley extract FILE` (ingest, cleaning, dating, the full pipeline, records, JSON out)
and prints articles/s, words/s and peak RSS of each, and parley's share of the bare throughput.
Targets (issue 2): parley >= 70% of bare, peak RSS < 1 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

BARE = r"""
import json, sys
from parley.nlp.pipeline import load_model
nlp = load_model()
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in nlp.pipe(texts, batch_size=8, n_process=int(sys.argv[2])))  # parley's batch size
print(n, file=sys.stderr)
"""


def source_texts(folder: Path | None) -> list[str]:
    texts = []
    candidates = [folder] if folder else [SHARED / "corpus" / "dev" / "articles", SHARED / "corpus" / "seeds"]
    for base in candidates:
        if not base or not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.suffix == ".json":
                try:
                    row = json.loads(path.read_text(encoding="utf-8"))
                except ValueError:
                    continue
                if isinstance(row, dict) and row.get("text"):
                    texts.append(row["text"])
            elif path.suffix == ".txt":
                texts.append(path.read_text(encoding="utf-8"))
    if not texts:  # no ../shared: parley's own samples
        for path in sorted((ROOT / "samples").glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
        for line in (ROOT / "samples" / "wire.jsonl").read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return texts


def make_corpus(n: int, texts: list[str], out: Path) -> int:
    """N variations: paragraphs rotated and a few sentences shuffled, so no two inputs are identical."""
    rng = random.Random(7)
    words = 0
    with open(out, "w", encoding="utf-8") as handle:
        for i in range(n):
            paras = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
            k = rng.randrange(len(paras)) if len(paras) > 3 else 0
            paras = paras[:1] + paras[1:][k:] + paras[1:][:k]
            text = "\n\n".join(paras)
            words += len(text.split())
            handle.write(json.dumps({"text": text, "title": f"Variation {i}", "outlet": "bench"}) + "\n")
    return words


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes (the largest process of its tree that was waited for) and exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return elapsed, usage.ru_maxrss * 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--source", type=Path, default=None, help="folder of .json/.txt articles to vary")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(args.articles, source_texts(args.source), corpus)
        print(f"corpus: {args.articles} articles, {words} words, {corpus.stat().st_size / 1e6:.1f} MB, "
              f"jobs {args.jobs}")
        bare_s, bare_rss, _ = timed([sys.executable, "-c", BARE, str(corpus), str(args.jobs)])
        parley_s, parley_rss, code = timed([sys.executable, "-m", "parley", "extract", "--jobs", str(args.jobs),
                                            str(corpus)])
    for name, secs, rss in (("bare spaCy", bare_s, bare_rss), ("parley", parley_s, parley_rss)):
        print(f"{name:11s} {secs:7.1f} s  {args.articles / secs:7.1f} articles/s  {words / secs:8.0f} words/s  "
              f"peak RSS {rss / 2**20:6.0f} MiB")
    share = bare_s / parley_s
    print(f"parley keeps {share:.0%} of the bare pipeline's throughput (target >= 70%); "
          f"peak RSS {parley_rss / 2**20:.0f} MiB (target < 1024 MiB); parley exit code {code}")


if __name__ == "__main__":
    main()
