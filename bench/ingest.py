"""Ingest 10,000 articles: time, articles/s and store size.

    python bench/ingest.py                       # both measurements below, 10,000 articles each
    python bench/ingest.py --only store          # the store alone (fast)
    python bench/ingest.py --only full --jobs 2  # the whole `parley ingest` path
    python bench/ingest.py --db postgresql://parley:parley@localhost/parley_bench --only store

Articles are variations of real ones: sentences of three articles from the shared corpus (seeds and dev
articles; the bundled samples when ../shared is absent) mixed, with the numbers changed, under a fresh
dateline, so that every variation is a distinct article.

- ``full``: writes the variations as text files and runs ``Store.ingest`` on the folder, as
  ``parley ingest`` does: reading, cleaning, dating, the spaCy pipeline, then the store (one transaction
  per article, wire-copy detection, derived keys).
- ``store``: extracts a sample of the variations once, then stores 10,000 extractions built from them
  (each under its own text and id) with ``Store.add``: the store's own cost per article.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))

from parley.options import Options  # noqa: E402
from parley.store import Store  # noqa: E402

PLACES = ["Tarnow", "Oskel", "Brennik", "Port Ilsa", "Carrow", "Marenburg", "Velda", "Sorrin", "Kestel", "Amrath"]


def base_texts() -> list[str]:
    from parley.errors import InputError
    from parley.ingest import iter_inputs
    paths = [str(p) for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))]
    if (SHARED / "corpus" / "dev" / "articles").is_dir():
        paths.append(str(SHARED / "corpus" / "dev" / "articles"))
    if not paths:
        paths = [str(ROOT / "samples")]
    return [r.text for r in iter_inputs(paths) if not isinstance(r, InputError)]


def variations(texts: list[str], n: int, seed: int = 5):
    rng = random.Random(seed)
    pools = [[s for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) > 3] for t in texts]
    pools = [p for p in pools if len(p) >= 3]
    for i in range(n):
        sentences = []
        for pool in rng.sample(pools, 3):
            start = rng.randrange(len(pool))
            sentences.extend(pool[start:start + rng.randint(3, 6)])
        body = " ".join(re.sub(r"\b\d+\b", lambda m: str(rng.randint(2, 999)), s) for s in sentences)
        yield f"{rng.choice(PLACES).upper()}, {rng.choice(['March', 'April', 'May'])} {rng.randint(1, 28)} -- {body}\n"


def size_of(url: str, store: Store) -> str:
    if url.startswith("sqlite:///"):
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(url[len("sqlite:///"):])
        return f"{sum(p.stat().st_size for p in path.parent.glob(path.name + '*')) / 1e6:,.1f} MB"
    with store.engine.connect() as conn:
        return f"{conn.exec_driver_sql('SELECT pg_database_size(current_database())').scalar() / 1e6:,.1f} MB"


def fresh_store(url: str | None, tmp: Path, name: str) -> tuple[str, Store]:
    if url is None:
        url = f"sqlite:///{tmp / name}"
    store = Store.open(url)
    if store.counts()["articles"]:
        print(f"the store at {store.url} is not empty; give an empty one with --db", file=sys.stderr)
        raise SystemExit(2)
    return url, store


def bench_full(n: int, jobs: int, url: str | None, tmp: Path, texts: list[str]) -> None:
    folder = tmp / "articles"
    folder.mkdir()
    words = 0
    for i, text in enumerate(variations(texts, n)):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    url, store = fresh_store(url, tmp, "full.db")
    print(f"full ingest: {n:,} articles ({words:,} words, {words / n:.0f} a article), --jobs {jobs}, {store.url}",
          flush=True)
    started = time.perf_counter()
    report = store.ingest([str(folder)], Options(n_process=jobs, batch_size=32))
    elapsed = time.perf_counter() - started
    counts = store.counts()
    print(f"  {report.added:,} stored, {report.skipped:,} already stored, {report.failed:,} failed "
          f"in {elapsed:,.1f} s: {report.added / elapsed:,.1f} articles/s, {words / elapsed:,.0f} words/s "
          f"(the first few seconds load the model)")
    print(f"  store: {counts['articles']:,} articles, {counts['stories']:,} stories, {counts['events']:,} events, "
          f"{counts['figures']:,} figures, {counts['quotes']:,} quotes, {counts['positions']:,} positions; "
          f"{size_of(url, store)}")
    store.close()


def bench_store(n: int, sample: int, url: str | None, tmp: Path, texts: list[str]) -> None:
    from parley import extract_paths
    from parley.errors import InputError

    folder = tmp / "sample"
    folder.mkdir()
    for i, text in enumerate(variations(texts, sample, seed=11)):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    extracted = [x for x in extract_paths([str(folder)], Options()) if not isinstance(x, InputError)]
    took = time.perf_counter() - started
    print(f"store only: extracted a sample of {len(extracted)} variations in {took:.1f} s (model load included)")
    bodies = list(variations(texts, n, seed=17))
    batch = []
    for i, body in enumerate(bodies):
        x = extracted[i % len(extracted)]
        article = replace(x.article, text=body, id=__import__("hashlib").sha256(body.encode()).hexdigest(),
                          source=f"variation/{i:05d}.txt")
        batch.append(replace(x, article=article))
    url, store = fresh_store(url, tmp, "store.db")
    started = time.perf_counter()
    for x in batch:
        store.add(x)
    elapsed = time.perf_counter() - started
    counts = store.counts()
    print(f"  {n:,} articles stored one transaction each in {elapsed:,.1f} s: {n / elapsed:,.0f} articles/s "
          f"({store.engine.dialect.name})")
    print(f"  store: {counts['articles']:,} articles, {counts['stories']:,} stories, {counts['events']:,} events, "
          f"{counts['figures']:,} figures, {counts['quotes']:,} quotes, {counts['positions']:,} positions; "
          f"{size_of(url, store)}")
    started = time.perf_counter()
    again = sum(store.add(x) for x in batch)
    print(f"  the same {n:,} again: {again} stored, {time.perf_counter() - started:.1f} s")
    store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--only", choices=["full", "store"])
    ap.add_argument("--jobs", type=int, default=1, help="pipeline processes for the full ingest")
    ap.add_argument("--sample", type=int, default=300, help="variations extracted for the store-only run")
    ap.add_argument("--db", default=None, help="an empty store URL (default: a SQLite file in a temp folder)")
    args = ap.parse_args()
    texts = base_texts()
    print(f"{len(texts)} real articles to vary")
    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-ingest-"))
    try:
        if args.only in (None, "store"):
            bench_store(args.articles, args.sample, args.db, tmp, texts)
        if args.only in (None, "full"):
            bench_full(args.articles, args.jobs, args.db if args.only else None, tmp, texts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
