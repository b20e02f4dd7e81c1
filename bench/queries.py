"""Timeline and figure-ledger queries over a store of 1,000,000 synthetic events (SQLite by default).

    python bench/queries.py                      # builds parley-bench-queries.db in the temp folder once, then times
    python bench/queries.py --events 200000 --db sqlite:///small.db
    python bench/queries.py --db postgresql://parley:parley@localhost/parley_bench

Synthetic corpus: articles of 10 events and 5 figures each, dates over three years (8% undated, 5% known
to the month only), 16 PLOVER types, 300 actors and 500 places with skewed (Zipf-like) frequencies, and a
fifth of the events re-reporting an earlier happening (so corpus events have several sources). The store
is filled with the store's own row builders in large transactions (setup only; `bench/ingest.py` times
the per-article path). Each query is timed cold once, then warm (median and max of 5); the target is
under 200 ms each.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import hashlib
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import func, insert, select  # noqa: E402

from parley import dedup  # noqa: E402
from parley.store import Store  # noqa: E402
from parley.store import schema  # noqa: E402
from parley.store.store import _article_row, _record_rows, key64  # noqa: E402
from parley.types import (ActorRef, Article, Event, EventDate, Evidence, Extraction, Figure, Place,  # noqa: E402
                          PublishedDate)

TYPES = ["ASSAULT"] * 6 + ["COERCE"] * 2 + ["MOBILIZE", "THREATEN", "PROTEST", "ACCUSE", "REJECT", "REQUEST",
                                            "CONSULT", "AGREE", "SUPPORT", "AID", "RETREAT", "SANCTION",
                                            "CONCEDE", "COOPERATE"]
CATEGORIES = ["killed"] * 4 + ["wounded"] * 3 + ["displaced", "detained", "missing", "abducted", "released",
                                                   "rockets_fired", "strikes", "aid", "hostages_held"]
START = date(2022, 1, 1)
DAYS = 3 * 365
N_ACTORS, N_PLACES = 300, 500
COUNTRIES = [f"C{i:02d}" for i in range(40)]


def _zipf(rng: random.Random, n: int) -> int:
    """1..n, rank r drawn with weight ~ 1/r (a few actors and places are everywhere)."""
    return min(n, int(n ** rng.random()))


def actor(i: int) -> ActorRef:
    return ActorRef(name=f"Actor {i:03d}", code=COUNTRIES[i % len(COUNTRIES)])


def place(i: int) -> Place:
    return Place(name=f"Place {i:03d}", country=COUNTRIES[(i * 7) % len(COUNTRIES)])


def synthetic(n_articles: int, seed: int = 1):
    rng = random.Random(seed)
    recent: list[Event] = []
    for a in range(n_articles):
        published = START + timedelta(days=rng.randrange(DAYS))
        text = f"Synthetic article {a} published {published.isoformat()} about the war. {rng.random()}"
        art = Article(source=f"synthetic/{a}.txt", id=hashlib.sha256(text.encode()).hexdigest(), text=text,
                      published=PublishedDate(date=published.isoformat(), inferred=False, confidence=1.0),
                      outlet=f"Outlet {a % 40}")
        events = []
        for k in range(10):
            if recent and rng.random() < 0.2:  # another report of an earlier happening
                events.append(rng.choice(recent))
                continue
            r = rng.random()
            when = published - timedelta(days=rng.randrange(3))
            if r < 0.08:
                d = None
            elif r < 0.13:
                d = EventDate(value=when.isoformat()[:7], precision="month", expression="this month")
            else:
                d = EventDate(value=when.isoformat(), precision="day", expression="on Monday")
            ev = Event(type=rng.choice(TYPES), mode=None, actor=actor(_zipf(rng, N_ACTORS)),
                       recipient=actor(_zipf(rng, N_ACTORS)) if rng.random() < 0.6 else None,
                       location=place(_zipf(rng, N_PLACES)), date=d, modality="asserted",
                       evidence=Evidence(text=f"event {k} of article {a}", start=0, end=20))
            events.append(ev)
            recent.append(ev)
            if len(recent) > 5000:
                recent.pop(0)
        figures = []
        for k in range(5):
            value = float(rng.randint(1, 500))
            figures.append(Figure(category=rng.choice(CATEGORIES), value=value, low=value, high=None,
                                  qualifier=rng.choice(["exact", "at_least", "about", "more_than"]),
                                  group=rng.choice(["civilians", "people", "soldiers", "children"]),
                                  claimed_by=f"Source {rng.randrange(50)}",
                                  evidence=Evidence(text=f"figure {k} of article {a}", start=0, end=20),
                                  location=place(_zipf(rng, N_PLACES)).name,
                                  date=(published - timedelta(days=1)).isoformat() if rng.random() < 0.7 else None,
                                  since="2022-01-01" if rng.random() < 0.15 else None))
        yield Extraction(article=art, events=tuple(events), figures=tuple(figures))


def fill(store: Store, n_events: int, batch: int = 2000) -> None:
    """Load synthetic articles with the store's row builders, many articles a transaction (setup only)."""
    n_articles = n_events // 10
    started = time.perf_counter()
    pending: dict = {}
    done = 0

    def flush():
        with store.engine.begin() as conn:
            for table in (schema.articles, schema.article_bands, *schema.RECORD_TABLES):
                rows = pending.get(table.name)
                if rows:
                    conn.execute(insert(table), rows)
        pending.clear()

    for x in synthetic(n_articles):
        sig = dedup.signature(x.article.text)
        pending.setdefault("articles", []).append(_article_row(x.article, x.article.id, sig))
        pending.setdefault("article_bands", []).extend(
            {"key": k, "article_key": key64(x.article.id)} for k in set(dedup.band_keys(sig)))
        for table, rows in _record_rows(x, x.article.id):
            pending.setdefault(table.name, []).extend(rows)
        done += 1
        if done % batch == 0:
            flush()
            if done % 20000 == 0:
                print(f"  loaded {done:,} articles ({done * 10:,} events), {time.perf_counter() - started:.0f} s",
                      flush=True)
    flush()
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"  setup: {n_articles:,} articles in {time.perf_counter() - started:.0f} s")


def timed(fn, repeat: int = 5):
    t = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - t
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t)
    return result, cold, statistics.median(warm), max(warm)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="store URL (default: parley-bench-queries.db in the temp folder)")
    ap.add_argument("--rebuild", action="store_true", help="build the store again even if it is there")
    args = ap.parse_args()
    url = args.db or "sqlite:///" + os.path.join(tempfile.gettempdir(), "parley-bench-queries.db")
    if args.rebuild and url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///"):] + suffix).unlink(missing_ok=True)
    store = Store.open(url)
    with store.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
    if have < args.events:
        if have:
            print(f"store has {have:,} events, fewer than {args.events:,}: use --rebuild", file=sys.stderr)
            return 2
        print(f"building a store of {args.events:,} synthetic events at {store.url} ...", flush=True)
        fill(store, args.events)
    counts = store.counts()
    size = ""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        size = f", {sum(p.stat().st_size for p in path.parent.glob(path.name + '*')) / 1e6:,.0f} MB on disk"
    print(f"store: {counts['articles']:,} articles, {counts['events']:,} events, {counts['figures']:,} figures"
          f"{size} ({store.engine.dialect.name})")

    month = ("2023-06-01", "2023-06-30")
    mid_actor, top_actor = "Actor 040", "Actor 001"
    queries = [
        ("timeline: first 100 events of the corpus", lambda: list(store.timeline(limit=100))),
        (f"timeline --actor '{mid_actor}' --from {month[0]} --to {month[1]}",
         lambda: list(store.timeline(actor=mid_actor, date_from=month[0], date_to=month[1]))),
        (f"timeline --actor '{top_actor}' (first 100)", lambda: list(store.timeline(actor=top_actor, limit=100))),
        ("timeline --type ASSAULT --place 'Place 120'", lambda: list(store.timeline(type="ASSAULT", place="Place 120"))),
        ("timeline --from 2023-06-15 --to 2023-06-15 (one day, all events)",
         lambda: list(store.timeline(date_from="2023-06-15", date_to="2023-06-15"))),
        ("timeline --place C07 --type AGREE --from 2023-01 --to 2023-03",
         lambda: list(store.timeline(place="C07", type="AGREE", date_from="2023-01", date_to="2023-03"))),
        ("figures --category killed (first 100 rows)", lambda: list(store.ledger(category="killed", limit=100))),
        ("figures --category killed --place 'Place 120'",
         lambda: list(store.ledger(category="killed", place="Place 120"))),
        (f"figures --category wounded --from {month[0]} --to {month[1]}",
         lambda: list(store.ledger(category="wounded", date_from=month[0], date_to=month[1]))),
        ("figures --place 'Place 007' --from 2024-01 --to 2024-01",
         lambda: list(store.ledger(place="Place 007", date_from="2024-01", date_to="2024-01"))),
    ]
    print(f"\n{'query':72} {'rows':>6} {'sources':>8} {'cold ms':>8} {'warm ms':>8} {'max ms':>7}")
    worst = 0.0
    for name, fn in queries:
        result, cold, warm, top = timed(fn)
        sources = sum(len(getattr(r, "sources", ()) or getattr(r, "claims", ())) for r in result)
        worst = max(worst, warm)
        print(f"{name:72} {len(result):>6} {sources:>8} {cold * 1000:>8.0f} {warm * 1000:>8.0f} {top * 1000:>7.0f}"
              f"{'' if warm < 0.2 else '  OVER 200 ms'}")
    print(f"\nslowest warm query: {worst * 1000:.0f} ms ({'under' if worst < 0.2 else 'OVER'} the 200 ms target)")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
